import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QAPISchema, QAPISchemaCommand, QAPISchemaEvent } from '../../src/index.js';
import { HAVE_REFERENCE, SCHEMA_DIR } from './reference.js';

describe.skipIf(!HAVE_REFERENCE)("QEMU 7.2's schema", () => {
  it('qapi-schema.json parses and checks, including every module but qga', () => {
    const schema = QAPISchema.load(join(SCHEMA_DIR, 'qapi-schema.json'));
    const modules = new Set(schema.modules.map((m) => m.name.split('/').pop()));
    const files = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json'));
    expect(files.filter((f) => !modules.has(f))).toEqual(['qga-qapi-schema.json']);
    expect(schema.commands.length).toBe(220);
    expect(schema.events.length).toBe(52);
    expect(schema.lookupEntity('query-status')).toBeInstanceOf(QAPISchemaCommand);
    expect(schema.lookupEntity('SHUTDOWN')).toBeInstanceOf(QAPISchemaEvent);
  });

  it('qga-qapi-schema.json parses and checks on its own', () => {
    const schema = QAPISchema.load(join(SCHEMA_DIR, 'qga-qapi-schema.json'));
    expect(schema.commands.map((c) => c.name)).toContain('guest-sync-delimited');
    expect(schema.commands.length).toBe(42);
    expect(schema.events.length).toBe(0);
  });
});
