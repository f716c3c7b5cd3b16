// The device QMP commands, declared in schema/qdev.json (which uses qom's ObjectPropertyInfo).
import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CommandHandler,
  type CommandRegistry,
  type EventEmitter,
  loadSchema,
  type QapiSchema,
  type SchemaDesc,
} from '@tsemu/qapi';
import { QDict } from '@tsemu/qobject';
import { QOM_SCHEMA_PATH, qomCommandHandlers, qomSchema } from '@tsemu/qom';
import { qdevAddDeviceDeletedNotifier } from './core.js';
import { qdevDeviceAdd, qmpDeviceDel, qmpDeviceListProperties } from './monitor.js';

/** The schema file of the device commands and DEVICE_DELETED. */
export const QDEV_SCHEMA_PATH = fileURLToPath(new URL('../schema/qdev.json', import.meta.url));

let schema: QapiSchema | undefined;

/** The QOM and qdev schemas together: what a QMP server needs for these commands. */
export function qdevSchema(): QapiSchema {
  if (schema) return schema;
  const dir = dirname(QDEV_SCHEMA_PATH);
  const root = `${dir}/.qom-qdev-root.json`;
  const text = `{ 'include': '${relative(dir, QOM_SCHEMA_PATH)}' }\n{ 'include': 'qdev.json' }\n`;
  schema = loadSchema(root, {
    readFile: (f: string) => (f === root ? text : readFileSync(f, 'utf8')),
  });
  return schema;
}

/**
 * Only qdev's part of the descriptors (its commands, event and their implicit types), for a QMP
 * server that merges the SchemaDescs of several packages; it refers to qom's ObjectPropertyInfo,
 * so merge it with qomSchema().desc.
 */
export function qdevSchemaDesc(): SchemaDesc {
  const all = qdevSchema().desc;
  const qom = qomSchema().desc;
  const qomTypes = new Set(qom.types.map((t) => t.name));
  const qomCommands = new Set((qom.commands ?? []).map((c) => c.name));
  const qomEvents = new Set((qom.events ?? []).map((e) => e.name));
  return {
    types: all.types.filter((t) => !qomTypes.has(t.name)),
    commands: (all.commands ?? []).filter((c) => !qomCommands.has(c.name)),
    events: (all.events ?? []).filter((e) => !qomEvents.has(e.name)),
  };
}

export const qdevCommandHandlers: Record<string, CommandHandler> = {
  'device-list-properties': ({ typename }: { typename: string }) => qmpDeviceListProperties(typename),
  // 'gen': false: the raw arguments; each property is checked against its own QAPI type
  device_add: (args: QDict) => {
    qdevDeviceAdd(args ?? new QDict(), true);
    return new QDict();
  },
  device_del: ({ id }: { id: string }) => {
    qmpDeviceDel(id);
  },
};

/**
 * Registers the qom and qdev commands in a registry over qdevSchema() (or a schema including both
 * files), and sends DEVICE_DELETED through `events` when given. Returns a function that stops
 * the event hook.
 */
export function registerQdevCommands(registry: CommandRegistry, events?: EventEmitter): () => void {
  for (const [name, handler] of Object.entries(qomCommandHandlers))
    if (!registry.has(name)) registry.register(name, handler);
  for (const [name, handler] of Object.entries(qdevCommandHandlers)) registry.register(name, handler);
  if (!events) return () => {};
  return qdevAddDeviceDeletedNotifier((id, path) => {
    events.emit('DEVICE_DELETED', id === undefined ? { path } : { device: id, path });
  });
}
