// The benchmark function runs (its figures are printed by `pnpm bench`, never asserted).
import { describe, expect, it } from 'vitest';
import { benchSchema } from '../../bench/schema.js';
import { HAVE_REFERENCE, SCHEMA_DIR } from './reference.js';

describe.skipIf(!HAVE_REFERENCE)('schema benchmark', () => {
  it('measures the whole QEMU schema and prints its figures', () => {
    const lines: string[] = [];
    const r = benchSchema(SCHEMA_DIR, (l) => lines.push(l), 1);
    expect(r.commands).toBe(220);
    expect(r.entities).toBe(1261);
    expect(lines[0]).toBe('schema: QEMU 7.2 qapi-schema.json, 1261 entities, 220 commands');
    expect(lines[1]).toMatch(/^parse\+check [\d.]+ ms = [\d.]+x JSON\.parse of the same files/);
  });
});
