// Differential test: introspection of QEMU 7.2's schema with the conditions of Debian's x86_64
// build against the real query-qmp-schema capture.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJSON, toJS, toJSON } from '@tsemu/qobject';
import { describe, expect, it } from 'vitest';
import { introspect, introspectJSON, QAPISchema } from '../../src/index.js';
import { HAVE_REFERENCE, REFERENCE, SCHEMA_DIR } from './reference.js';

// The build symbols, plus the member-level ones derived from the capture (each one is
// needed: without it some enum value, branch or member of the capture goes missing).
export const X86_64_BUILD = [
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
export const X86_64_MEMBER_SYMBOLS = [
  'CONFIG_CURSES',
  'CONFIG_DBUS_DISPLAY',
  'CONFIG_FUSE',
  'CONFIG_GBM',
  'CONFIG_GTK',
  'CONFIG_LIBPMEM',
  'CONFIG_LINUX_IO_URING',
  'CONFIG_OPENGL',
  'CONFIG_SDL',
  'CONFIG_SECRET_KEYRING',
  'CONFIG_SPICE_PROTOCOL',
  'CONFIG_VDUSE_BLK_EXPORT',
  'CONFIG_VHOST_CRYPTO',
  'CONFIG_VHOST_USER_BLK_SERVER',
  'CONFIG_ZSTD',
  'HAVE_HOST_BLOCK_DEVICE',
  'HAVE_IPPROTO_MPTCP',
];

describe.skipIf(!HAVE_REFERENCE)('introspection against QEMU 7.2 query-qmp-schema', () => {
  const capture = () =>
    JSON.parse(readFileSync(join(REFERENCE, 'qmp', 'nodefaults', 'query-qmp-schema.json'), 'utf8')).return;
  const defined = [...X86_64_BUILD, ...X86_64_MEMBER_SYMBOLS];

  it('is identical to the capture: order, masked names, members, defaults, features', () => {
    const schema = QAPISchema.load(join(SCHEMA_DIR, 'qapi-schema.json'));
    const mine = introspectJSON(schema, { defined });
    const ref = capture();
    expect(mine.length).toBe(ref.length);
    // Key order included: QEMU's QDict order comes out of the QDicts built here.
    expect(JSON.stringify(mine)).toBe(JSON.stringify(ref));
  });

  it('gives the build its 216 commands and 52 events with the issue symbols alone', () => {
    const schema = QAPISchema.load(join(SCHEMA_DIR, 'qapi-schema.json'));
    const list = introspectJSON(schema, { defined: X86_64_BUILD }) as { 'meta-type': string; name: string }[];
    const ref = capture() as { 'meta-type': string; name: string }[];
    const names = (l: typeof list, t: string) => l.filter((e) => e['meta-type'] === t).map((e) => e.name);
    expect(names(list, 'command')).toHaveLength(216);
    expect(names(list, 'event')).toHaveLength(52);
    expect(names(list, 'command')).toEqual(names(ref, 'command'));
    expect(names(list, 'event')).toEqual(names(ref, 'event'));
  });

  it('a schema loaded with -D symbols introspects the same as the full one', () => {
    const pruned = QAPISchema.load(join(SCHEMA_DIR, 'qapi-schema.json'), { defined });
    expect(pruned.commands).toHaveLength(216);
    expect(JSON.stringify(introspectJSON(pruned))).toBe(JSON.stringify(capture()));
  });

  it('round-trips through QEMU JSON wire text', () => {
    const schema = QAPISchema.load(join(SCHEMA_DIR, 'qapi-schema.json'));
    const wire = toJSON(introspect(schema, { defined }));
    expect(JSON.stringify(toJS(parseJSON(wire)))).toBe(JSON.stringify(capture()));
  });
});
