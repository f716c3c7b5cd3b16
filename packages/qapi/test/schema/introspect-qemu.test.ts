// Differential test: introspection of QEMU 7.2's schema with the conditions of Debian's x86_64
// build against the real query-qmp-schema capture.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJSON, toJS, toJSON } from '@tsemu/qobject';
import { describe, expect, it } from 'vitest';
import { introspect, introspectJSON, QAPISchema, QEMU_X86_64_BUILD_SYMBOLS } from '../../src/index.js';
import { HAVE_REFERENCE, REFERENCE, SCHEMA_DIR } from './reference.js';

// The definition-level symbols; the exported list adds the member-level ones.
const X86_64_BUILD = QEMU_X86_64_BUILD_SYMBOLS.slice(0, 9);

describe.skipIf(!HAVE_REFERENCE)('introspection against QEMU 7.2 query-qmp-schema', () => {
  const capture = () =>
    JSON.parse(readFileSync(join(REFERENCE, 'qmp', 'nodefaults', 'query-qmp-schema.json'), 'utf8')).return;
  const defined = QEMU_X86_64_BUILD_SYMBOLS;

  it('needs every one of the build symbols', () => {
    const schema = QAPISchema.load(join(SCHEMA_DIR, 'qapi-schema.json'));
    const ref = JSON.stringify(capture());
    for (const sym of QEMU_X86_64_BUILD_SYMBOLS) {
      const without = defined.filter((s) => s !== sym);
      expect(JSON.stringify(introspectJSON(schema, { defined: without })), sym).not.toBe(ref);
    }
  });

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
