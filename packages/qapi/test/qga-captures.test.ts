import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJSON, toJSON } from '@tsemu/qobject';
import { describe, expect, it } from 'vitest';
import { CommandRegistry, loadSchema } from '../src/index.js';

// qemu-ga 7.2's replies to ill-formed requests, from its capture: the guest agent's schema loaded at
// run time and dispatched. Handlers are registered but must never run: argument checks come first.
const refDir = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'reference', 'qemu-7.2');
const file = join(refDir, 'qga', 'errors.json');
const root = join(refDir, 'qapi-schema', 'qga-qapi-schema.json');
const names = [
  'unknown-command',
  'unknown-command-with-id',
  'missing-argument',
  'wrong-argument-type',
  'unexpected-argument',
  'file-seek-bad-whence',
  'input-not-object',
  'execute-not-string',
  'qmp_capabilities-not-in-qga',
  'exec-oob',
];

describe.skipIf(!existsSync(file) || !existsSync(root))('qemu-ga 7.2 error replies', () => {
  it('are reproduced byte for byte', async () => {
    const schema = loadSchema(root, { defined: ['CONFIG_POSIX', 'CONFIG_LINUX'] });
    const registry = new CommandRegistry(schema);
    for (const c of schema.commands())
      registry.register(c.name, () => {
        throw new Error(`handler of ${c.name} must not run`);
      });
    const captures = JSON.parse(readFileSync(file, 'utf8')) as {
      name: string;
      request: string;
      response_raw: string;
    }[];
    let checked = 0;
    for (const c of captures) {
      if (!names.includes(c.name)) continue;
      const rsp = await registry.dispatch(parseJSON(c.request));
      expect([c.name, toJSON(rsp!)]).toEqual([c.name, c.response_raw.trimEnd()]);
      checked++;
    }
    expect(checked).toBe(names.length);
  });
});
