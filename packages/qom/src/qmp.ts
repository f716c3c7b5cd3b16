// The QOM QMP commands (qom/qom-qmp-cmds.c), declared in schema/qom.json.
import { fileURLToPath } from 'node:url';
import { type CommandHandler, type CommandRegistry, loadSchema, type QapiSchema } from '@tsemu/qapi';
import { QDict, type QObject } from '@tsemu/qobject';
import { QomError } from './error.js';
import {
  objectClassPropertyIter,
  objectNew,
  objectPropertyGet,
  objectPropertyIter,
  objectPropertySet,
  objectResolvePathType,
  objectUnref,
  type QomObject,
} from './object.js';
import { propertyOutputOk } from './policy.js';
import type { ObjectProperty } from './property.js';
import { objectClassByName, objectClassGetList, objectClassGetParent, TYPE_OBJECT } from './type.js';
import { userCreatableAdd, userCreatableDel } from './user-creatable.js';

/** The schema file of the QOM commands (for a QMP schema that includes it). */
export const QOM_SCHEMA_PATH = fileURLToPath(new URL('../schema/qom.json', import.meta.url));

let schema: QapiSchema | undefined;

/** schema/qom.json, loaded. */
export function qomSchema(): QapiSchema {
  schema ??= loadSchema(QOM_SCHEMA_PATH);
  return schema;
}

export interface ObjectPropertyInfo {
  name: string;
  type: string;
  description?: string;
  'default-value'?: QObject;
}

export interface ObjectTypeInfo {
  name: string;
  abstract?: boolean;
  parent?: string;
}

function resolveForQmp(path: string): QomObject {
  const r = objectResolvePathType(path, TYPE_OBJECT);
  if (!r.obj) throw new QomError(`Device '${path}' not found`, 'DeviceNotFound');
  return r.obj;
}

// qom-list gives name and type; qom-list-properties adds the description (QEMU 7.2 shows
// defaults only in device-list-properties; tsemu's static introspection has them all).
function propInfo(p: ObjectProperty, full: boolean): ObjectPropertyInfo {
  const info: ObjectPropertyInfo = { name: p.name, type: p.type };
  if (full && p.description !== undefined) info.description = p.description;
  return info;
}

/** qmp_qom_list: the properties in QEMU's order (its list is built by prepending). */
export function qmpQomList(path: string): ObjectPropertyInfo[] {
  const r = objectResolvePathType(path, TYPE_OBJECT);
  if (!r.obj) {
    if (r.ambiguous) throw new QomError(`Path '${path}' is ambiguous`);
    throw new QomError(`Device '${path}' not found`, 'DeviceNotFound');
  }
  return [...objectPropertyIter(r.obj)]
    .filter(propertyOutputOk)
    .map((p) => propInfo(p, false))
    .reverse();
}

/** qmp_qom_get */
export function qmpQomGet(path: string, property: string): QObject {
  return objectPropertyGet(resolveForQmp(path), property);
}

/** qmp_qom_set */
export function qmpQomSet(path: string, property: string, value: QObject): void {
  objectPropertySet(resolveForQmp(path), property, value);
}

/** qmp_qom_list_types */
export function qmpQomListTypes(implementsType?: string, abstract = false): ObjectTypeInfo[] {
  return objectClassGetList(implementsType, abstract).map((k) => {
    const info: ObjectTypeInfo = { name: k.type.name };
    if (k.type.abstract) info.abstract = true;
    const parent = objectClassGetParent(k);
    if (parent) info.parent = parent.type.name;
    return info;
  });
}

/**
 * qmp_qom_list_properties: for a concrete type, the properties of a fresh instance (made and
 * dropped without entering the tree); for an abstract one, its class properties.
 */
export function qmpQomListProperties(typename: string): ObjectPropertyInfo[] {
  const klass = objectClassByName(typename);
  if (!klass) throw new QomError(`Class '${typename}' not found`, 'DeviceNotFound');
  if (klass.type.abstract)
    return [...objectClassPropertyIter(klass)]
      .filter(propertyOutputOk)
      .map((p) => propInfo(p, true))
      .reverse();
  const obj = objectNew(typename);
  try {
    return [...objectPropertyIter(obj)]
      .filter(propertyOutputOk)
      .map((p) => propInfo(p, true))
      .reverse();
  } finally {
    objectUnref(obj);
  }
}

/** Handlers of the schema's commands, by name (arguments as the QAPI input visitor makes them). */
export const qomCommandHandlers: Record<string, CommandHandler> = {
  'qom-list': ({ path }: { path: string }) => qmpQomList(path),
  'qom-get': ({ path, property }: { path: string; property: string }) => qmpQomGet(path, property),
  'qom-set': ({ path, property, value }: { path: string; property: string; value: QObject }) => {
    qmpQomSet(path, property, value);
  },
  'qom-list-types': ({ implements: impl, abstract }: { implements?: string; abstract?: boolean }) =>
    qmpQomListTypes(impl, abstract),
  'qom-list-properties': ({ typename }: { typename: string }) => qmpQomListProperties(typename),
  // 'gen': false: the raw arguments, validated against the object type's own properties
  'object-add': (args: QDict) => {
    userCreatableAdd(args ?? new QDict());
    return new QDict();
  },
  'object-del': ({ id }: { id: string }) => {
    userCreatableDel(id);
  },
};

/** Registers the QOM commands in a registry whose schema includes schema/qom.json. */
export function registerQomCommands(registry: CommandRegistry): void {
  for (const [name, handler] of Object.entries(qomCommandHandlers)) registry.register(name, handler);
}
