import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseJSON, toJSON } from '@tsemu/qobject';
import { describe, expect, it } from 'vitest';
import { CommandRegistry } from './dispatch.js';
import { loadSchema } from './from-model.js';
import { qobjectInput } from './qobject-input.js';

const refDir = join(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'reference', 'qemu-7.2');
const X86_64 = [
  'CONFIG_FDT',
  'CONFIG_REPLICATION',
  'CONFIG_SPICE',
  'CONFIG_TCG',
  'CONFIG_TPM',
  'CONFIG_VNC',
  'TARGET_I386',
  'CONFIG_LINUX',
  'CONFIG_POSIX',
];

describe('runtime schema from a .json schema file', () => {
  it('loads a small schema and dispatches against it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qapi-rt-'));
    const file = join(dir, 'demo.json');
    writeFileSync(
      file,
      `{ 'enum': 'Color', 'data': [ 'red', { 'name': 'blue', 'features': [ 'deprecated' ] } ] }
{ 'struct': 'Paint', 'data': { 'color': 'Color', '*coats': 'uint8', '*tags': ['str'] } }
{ 'union': 'Shape', 'base': { 'kind': 'Color' }, 'discriminator': 'kind', 'data': { 'red': 'Paint' } }
{ 'command': 'paint', 'data': { 'what': 'Paint', '*shape': 'Shape' }, 'returns': 'Paint' }
{ 'command': 'only-if', 'if': 'CONFIG_X' }
`,
    );
    const schema = loadSchema(file);
    expect(schema.command('only-if')).toBeDefined();
    expect(loadSchema(file, { defined: [] }).command('only-if')).toBeUndefined();
    const reg = new CommandRegistry(schema, { policy: { deprecatedInput: 'reject' } });
    reg.register('paint', (args) => ({ ...args.what, coats: (args.what.coats ?? 0) + 1 }));
    const run = async (s: string) => toJSON((await reg.dispatch(parseJSON(s)))!);
    expect(await run(`{'execute': 'paint', 'arguments': {'what': {'color': 'red', 'tags': ['a']}}}`)).toBe(
      '{"return": {"tags": ["a"], "coats": 1, "color": "red"}}',
    );
    expect(await run(`{'execute': 'paint', 'arguments': {'what': {'color': 'red', 'coats': 300}}}`)).toBe(
      `{"error": {"class": "GenericError", "desc": "Parameter 'coats' expects uint8_t"}}`,
    );
    expect(await run(`{'execute': 'paint', 'arguments': {'what': {'color': 'blue'}}}`)).toBe(
      `{"error": {"class": "GenericError", "desc": "Deprecated value blue disabled by policy"}}`,
    );
    expect(
      await run(`{'execute': 'paint', 'arguments': {'what': {'color': 'red'}, 'shape': {'kind': 'red'}}}`),
    ).toBe(`{"error": {"class": "GenericError", "desc": "Parameter 'shape.color' is missing"}}`);
  });

  const root = join(refDir, 'qapi-schema', 'qapi-schema.json');
  it.skipIf(!existsSync(root))('resolves every type of the QEMU 7.2 schema and visits real arguments', () => {
    const schema = loadSchema(root, { defined: X86_64 });
    expect(schema.commands().length).toBe(216);
    expect(schema.events().length).toBe(52);
    for (const t of schema.types()) expect(t.name).toBeTruthy();
    const args = qobjectInput<any>(
      schema,
      'ObjectOptions',
      parseJSON(`{"qom-type": "memory-backend-ram", "id": "ram0", "size": 67108864, "share": true}`),
    );
    expect(args).toEqual({ 'qom-type': 'memory-backend-ram', id: 'ram0', size: 67108864n, share: true });
    expect(() =>
      qobjectInput(schema, 'ObjectOptions', parseJSON(`{"qom-type": "no-such-type", "id": "o1"}`)),
    ).toThrow("Parameter 'qom-type' does not accept value 'no-such-type'");
    expect(() =>
      qobjectInput(schema, 'ObjectOptions', parseJSON(`{"qom-type": "memory-backend-ram", "id": "o2"}`)),
    ).toThrow("Parameter 'size' is missing");
  });
});
