// The one place where property values cross between native form and QObject/strings: every
// conversion is a @tsemu/qapi visitor walking the property's QAPI type (QEMU's object_property_get/
// set with a QObject output/input visitor, object_property_parse with a string input visitor).
import {
  type BuiltinTypeName,
  defineSchema,
  keyvalInput,
  type QapiSchema,
  qobjectInput,
  qobjectOutput,
  type RType,
  stringInput,
  type TypeDesc,
} from '@tsemu/qapi';
import { type QObject, QString } from '@tsemu/qobject';

export type BuiltinName = BuiltinTypeName;

/** A property's QAPI type: a builtin by name, or any resolved type of a QAPI schema. */
export type PropSchema = BuiltinName | RType;

const builtinSchema: QapiSchema = defineSchema({ types: [] });

export function resolvePropSchema(s: PropSchema): RType {
  return typeof s === 'string' ? builtinSchema.type(s) : s;
}

/** The QAPI type name ('uint32', 'OnOffAuto', 'strList' for ['str']). */
export function schemaName(s: PropSchema): string {
  const t = resolvePropSchema(s);
  if (t.kind === 'array') return `${schemaName(t.element)}List`;
  return t.name;
}

/** Resolved types of ad-hoc descriptors (enums and structs a package declares in code). */
export function defineTypes(types: readonly TypeDesc[]): (name: string) => RType {
  const schema = defineSchema({ types });
  return (name) => schema.type(name);
}

/** An enum type for properties. */
export function enumType(name: string, values: readonly string[]): RType {
  return defineSchema({ types: [{ meta: 'enum', name, members: values }] }).type(name);
}

/** int64, uint64 and size are bigint in native form; the other integers are number. */
export function isWideInt(s: PropSchema): boolean {
  const t = resolvePropSchema(s);
  return t.kind === 'builtin' && (t.name === 'int64' || t.name === 'uint64' || t.name === 'size');
}

/** Strict QObject input, as QMP's qom-set and object-add use it. */
export function inputQObject(s: PropSchema, v: QObject, name: string): unknown {
  return qobjectInput(builtinSchema, resolvePropSchema(s), v, { name });
}

/** QObject output (qom-get). */
export function outputQObject(s: PropSchema, value: unknown): QObject {
  return qobjectOutput(builtinSchema, resolvePropSchema(s), value);
}

/** String input (object_property_parse: -global values). */
export function inputString(s: PropSchema, str: string, name: string): unknown {
  const t = resolvePropSchema(s);
  if (t.kind === 'builtin' && t.name === 'any') return new QString(str);
  return stringInput(builtinSchema, t, str, { name });
}

/** Keyval input: a command-line QObject whose scalars are strings (-device, -object). */
export function inputKeyval(s: PropSchema, v: QObject, name: string): unknown {
  return keyvalInput(builtinSchema, resolvePropSchema(s), v, { name });
}
