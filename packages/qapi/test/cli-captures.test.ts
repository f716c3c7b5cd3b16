import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJSON, QString } from '@tsemu/qobject';
import { describe, expect, it } from 'vitest';
import { keyvalInput, loadSchema, optsInput } from '../src/index.js';

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
  // The describe body runs even when skipped: load only when the capture is there.
  const schema = existsSync(root) ? loadSchema(root, { defined: X86_64 }) : (undefined as never);
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

// Command-line values through the keyval visitor (QEMU 7.2's -M, -smp and -device property paths),
// from the capture's own command line, checked against its message.
describe.skipIf(!existsSync(errorsDir) || !existsSync(root))('keyval errors of QEMU 7.2', () => {
  // The describe body runs even when skipped: load only when the capture is there.
  const schema = existsSync(root) ? loadSchema(root, { defined: X86_64 }) : (undefined as never);
  const message = (file: string) =>
    /qemu-system-x86_64: (?:-\S+ \S+: )?(.*)/.exec(readFileSync(join(errorsDir, file), 'utf8'))![1];
  const error = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };
  it('-smp 2,bogus=1', () => {
    const q = parseJSON('{"cpus": "2", "bogus": "1"}');
    expect(error(() => keyvalInput(schema, 'SMPConfiguration', q, { name: 'smp' }))).toBe(
      message('smp-bad-key.txt'),
    );
    expect(keyvalInput(schema, 'SMPConfiguration', parseJSON('{"cpus": "2"}'), { name: 'smp' })).toEqual({
      cpus: 2,
    });
  });
  it('-M pc,usb=maybe', () => {
    expect(error(() => keyvalInput(schema, 'bool', new QString('maybe'), { name: 'usb' }))).toBe(
      message('machine-bad-bool.txt'),
    );
  });
  it('-device isa-debugcon,iobase=zz', () => {
    expect(error(() => keyvalInput(schema, 'uint32', new QString('zz'), { name: 'iobase' }))).toBe(
      message('device-bad-int.txt'),
    );
  });
});
