// The agent's QAPI schema (schema/qga.json, ours), loaded at start-up as @tsemu/qapi runtime descriptors.
import { fileURLToPath } from 'node:url';
import {
  type CommandDesc,
  QAPISchema,
  QapiSchema,
  type SchemaDesc,
  schemaDescFromModel,
  type TypeDesc,
  type TypeRef,
} from '@tsemu/qapi';

/** The `if` symbols of a Linux build of qemu-ga. */
export const QGA_DEFINED = ['CONFIG_POSIX', 'CONFIG_LINUX'] as const;

/** schema/qga.json, beside src/ and dist/. */
export const QGA_SCHEMA_FILE = fileURLToPath(new URL('../schema/qga.json', import.meta.url));

// QAPI's 'int' is C's int64_t, but @tsemu/qapi hands 'int' to handlers as a JS number and refuses
// what a double cannot hold. Agent values such as guest-sync ids and nanosecond times need all 64
// bits, so the agent reads every 'int' as 'int64' (a bigint): the same JSON on the wire.
const widen = (t: TypeRef): TypeRef => (t === 'int' ? 'int64' : t === '[int]' ? '[int64]' : t);

function widenType(t: TypeDesc): TypeDesc {
  switch (t.meta) {
    case 'enum':
      return t;
    case 'struct':
      return { ...t, members: t.members.map((m) => ({ ...m, type: widen(m.type) })) };
    case 'union':
      return t.members ? { ...t, members: t.members.map((m) => ({ ...m, type: widen(m.type) })) } : t;
    case 'alternate':
      return { ...t, members: t.members.map((m) => ({ ...m, type: widen(m.type) })) };
  }
}

function widenCommand(c: CommandDesc): CommandDesc {
  return c.returns === undefined ? c : { ...c, returns: widen(c.returns) };
}

/** Loads the agent's schema with 64-bit integers (see `widen`). */
export function loadQgaSchema(file = QGA_SCHEMA_FILE): QapiSchema {
  const desc: SchemaDesc = schemaDescFromModel(QAPISchema.load(file, { defined: [...QGA_DEFINED] }));
  return new QapiSchema({
    types: desc.types.map(widenType),
    commands: desc.commands?.map(widenCommand),
    events: desc.events,
  });
}
