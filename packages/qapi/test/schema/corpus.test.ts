import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateMarkdown, QAPISchema, QAPISchemaCommand, QAPISchemaEvent } from '../../src/index.js';
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

  it('every definition has its doc comment connected (doc-required holds for QEMU and QGA)', () => {
    for (const root of ['qapi-schema.json', 'qga-qapi-schema.json']) {
      const schema = QAPISchema.load(join(SCHEMA_DIR, root));
      const undocumented = schema.entities.filter(
        (e) => e.info && !e.isImplicit() && !e.doc && e.meta !== 'include',
      );
      expect(undocumented.map((e) => e.name)).toEqual([]);
    }
  });

  it('renders a Markdown reference with a section per command and event', () => {
    const schema = QAPISchema.load(join(SCHEMA_DIR, 'qapi-schema.json'), {
      defined: ['CONFIG_SPICE', 'CONFIG_VNC', 'TARGET_I386', 'CONFIG_LINUX', 'CONFIG_POSIX'],
    });
    const md = generateMarkdown(schema, { title: 'QMP reference' });
    for (const e of [...schema.commands, ...schema.events]) {
      expect(md).toContain(`\`${e.name}\` (${e.meta === 'command' ? 'Command' : 'Event'})`);
    }
    expect(md).toContain('`query-sev` (Command)');
    expect(md).not.toContain('`query-gic-capabilities`'); // TARGET_ARM only
    const qga = generateMarkdown(QAPISchema.load(join(SCHEMA_DIR, 'qga-qapi-schema.json')));
    expect(qga).toContain('`guest-sync-delimited` (Command)');
  });
});
