import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSchema, optsInput } from '../src/index.js';

// QEMU 7.2's -object errors (its options visitor on ObjectOptions), reproduced from the capture's
// own command line. Splitting the option at ',' and '=' stands in for QemuOpts, which is
// @tsemu/qemuopts' business; the visiting and the wording are this package's.
const refDir = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'reference', 'qemu-7.2');
const errorsDir = join(refDir, 'cli', 'errors');
const root = join(refDir, 'qapi-schema', 'qapi-schema.json');
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
const cases = ['object-bad-size', 'object-missing-size', 'object-unknown-type', 'object-no-id'];

describe.skipIf(!existsSync(errorsDir) || !existsSync(root))('-object errors of QEMU 7.2', () => {
  const schema = loadSchema(root, { defined: X86_64 });
  it.each(cases)('%s', (name) => {
    const text = readFileSync(join(errorsDir, `${name}.txt`), 'utf8');
    const m = /qemu-system-x86_64: -object ([^:]+): (.*)/.exec(text)!;
    const [first, ...rest] = m[1]!.split(',');
    const entries: [string, string][] = [['qom-type', first!]];
    let id: string | undefined;
    for (const kv of rest) {
      const [k, v] = kv.split('=') as [string, string];
      if (k === 'id') id = v;
      else entries.push([k, v]);
    }
    let message = 'no error';
    try {
      optsInput(schema, 'ObjectOptions', { entries, ...(id ? { id } : {}) });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(m[2]);
  });
});
