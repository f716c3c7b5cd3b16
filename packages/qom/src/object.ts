// Objects: lifetime, properties and the composition tree (qom/object.c).
import { fromJS, type QObject, QString } from '@tsemu/qobject';
import { QomError } from './error.js';
import { GHashMap } from './ghash.js';
import { checkPropertyInputPolicy } from './policy.js';
import type { ObjectProperty, PropertyDef } from './property.js';
import {
  type AnyClass,
  type ObjectClass,
  objectClassDynamicCast,
  objectClassGetParent,
  registerRootTypes,
  TYPE_OBJECT,
  type TypeImpl,
  typeGetByName,
  typeInitialize,
  typeInstanceCtor,
  typeRegister,
} from './type.js';
import {
  inputKeyval,
  inputQObject,
  inputString,
  outputQObject,
  type PropSchema,
  schemaName,
} from './visit.js';

let nextCreationIndex = 0;

/** QEMU's Object: the instance every QOM type extends. */
export class QomObject {
  class!: AnyClass & Record<string, any>;
  properties = new GHashMap<ObjectProperty>();
  ref = 0;
  parent: QomObject | undefined;
  /** Set once finalized; a finalized object must not be used. */
  finalized = false;
  /** Creation order: objects made earlier have smaller numbers (the tree's listing is hash order). */
  readonly creationIndex = nextCreationIndex++;

  get typename(): string {
    return this.class.type.name;
  }
}

registerRootTypes();
Object.assign((typeGetByName(TYPE_OBJECT) as TypeImpl).info, {
  instance: QomObject,
  classInit: (k: ObjectClass) => {
    objectClassPropertyAdd(k, {
      name: 'type',
      type: 'string',
      schema: 'str',
      doc: "the name of the object's QOM type",
      get: (o) => o.typename,
    });
  },
});

function initWithType(obj: QomObject, ti: TypeImpl) {
  const p = ti.parent;
  if (p) initWithType(obj, p);
  (ti.info.instanceInit as ((o: QomObject) => void) | undefined)?.(obj);
}

function postInitWithType(obj: QomObject, ti: TypeImpl) {
  (ti.info.instancePostInit as ((o: QomObject) => void) | undefined)?.(obj);
  const p = ti.parent;
  if (p) postInitWithType(obj, p);
}

function classPropertyInitAll(obj: QomObject) {
  for (const prop of classPropertyIter(obj.class)) prop.init?.(obj, prop);
}

/** object_new: a new object of a registered, non-abstract type, holding one reference. */
export function objectNew<T extends QomObject = QomObject>(typename: string): T {
  const ti = typeGetByName(typename);
  if (!ti) throw new Error(`object_new: unknown type '${typename}'`);
  const klass = typeInitialize(ti);
  if (ti.abstract) throw new Error(`object_new: type '${typename}' is abstract`);
  const Ctor = typeInstanceCtor(ti) ?? QomObject;
  const obj = new Ctor() as T;
  obj.class = klass;
  obj.ref = 1;
  classPropertyInitAll(obj);
  initWithType(obj, ti);
  postInitWithType(obj, ti);
  return obj;
}

export function objectRef<T extends QomObject>(obj: T): T {
  if (obj.finalized) throw new Error(`object_ref on finalized object of type ${obj.typename}`);
  obj.ref++;
  return obj;
}

export function objectUnref(obj: QomObject): void {
  if (obj.ref <= 0) throw new Error(`object_unref: refcount of ${obj.typename} is already 0`);
  if (--obj.ref === 0) objectFinalize(obj);
}

function objectFinalize(obj: QomObject) {
  // Release every property (children and strong links drop their references) before the
  // instance finalizers run, leaf type first: children are finalized before their parent.
  const done = new Set<ObjectProperty>();
  let released: boolean;
  do {
    released = false;
    for (const prop of objectPropertyIter(obj)) {
      if (done.has(prop)) continue;
      done.add(prop);
      if (prop.release) {
        prop.release(obj, prop);
        released = true;
        break;
      }
    }
  } while (released);
  obj.properties = new GHashMap();
  for (let t: TypeImpl | undefined = obj.class.type; t; t = t.parent)
    (t.info.instanceFinalize as ((o: QomObject) => void) | undefined)?.(obj);
  if (obj.parent) throw new Error(`finalizing ${obj.typename} while it still has a parent`);
  obj.finalized = true;
}

export function objectGetClass(obj: QomObject): AnyClass {
  return obj.class;
}

export function objectGetTypename(obj: QomObject): string {
  return obj.class.type.name;
}

/** object_dynamic_cast */
export function objectDynamicCast<T extends QomObject = QomObject>(
  obj: QomObject | undefined,
  typename: string,
): T | undefined {
  return obj && objectClassDynamicCast(obj.class, typename) ? (obj as T) : undefined;
}

/** OBJECT_CHECK: a failed cast is a programming error (QEMU aborts with this text). */
export function objectCheck<T extends QomObject = QomObject>(obj: QomObject, typename: string): T {
  const o = objectDynamicCast<T>(obj, typename);
  if (!o) throw new Error(`Object ${obj.typename} is not an instance of type ${typename}`);
  return o;
}

/** OBJECT_GET_CLASS with a check: the (interface) class of obj for typename. */
export function objectGetClassAs<C extends ObjectClass = AnyClass>(obj: QomObject, typename: string): C {
  const c = objectClassDynamicCast<C>(obj.class, typename);
  if (!c) throw new Error(`Object ${obj.typename} is not an instance of type ${typename}`);
  return c;
}

// ---- properties ----

function defaultTypeFor(schema: PropSchema): string {
  return schemaName(schema);
}

function makeProp(def: PropertyDef): ObjectProperty {
  return { ...def, type: def.type ?? defaultTypeFor(def.schema) };
}

/** object_property_try_add; a name ending in "[*]" takes the first free index. */
export function objectPropertyTryAdd(obj: QomObject, def: PropertyDef): ObjectProperty {
  const name = def.name;
  if (name.endsWith('[*]')) {
    const base = name.slice(0, -3);
    for (let i = 0; ; i++) {
      const full = `${base}[${i}]`;
      if (!objectPropertyFind(obj, full)) return objectPropertyTryAdd(obj, { ...def, name: full });
    }
  }
  if (objectPropertyFind(obj, name))
    throw new QomError(`attempt to add duplicate property '${name}' to object (type '${obj.typename}')`);
  const prop = makeProp(def);
  obj.properties.set(name, prop);
  return prop;
}

export const objectPropertyAdd = objectPropertyTryAdd;

/** object_class_property_add */
export function objectClassPropertyAdd(klass: ObjectClass, def: PropertyDef): ObjectProperty {
  if (objectClassPropertyFind(klass, def.name))
    throw new QomError(
      `attempt to add duplicate property '${def.name}' to class (type '${klass.type.name}')`,
    );
  const prop = makeProp(def);
  klass.properties.set(def.name, prop);
  return prop;
}

export function objectClassPropertyFind(klass: ObjectClass, name: string): ObjectProperty | undefined {
  for (let k: ObjectClass | undefined = klass; k; k = objectClassGetParent(k)) {
    const p = k.properties.get(name);
    if (p) return p;
  }
  return undefined;
}

/** object_property_find: class properties first, then the object's own. */
export function objectPropertyFind(obj: QomObject, name: string): ObjectProperty | undefined {
  return objectClassPropertyFind(obj.class, name) ?? obj.properties.get(name);
}

/** object_property_find_err */
export function objectPropertyFindErr(obj: QomObject, name: string): ObjectProperty {
  const p = objectPropertyFind(obj, name);
  if (!p) throw new QomError(`Property '${obj.typename}.${name}' not found`);
  return p;
}

function* classPropertyIter(klass: ObjectClass): Generator<ObjectProperty> {
  for (let k: ObjectClass | undefined = klass; k; k = objectClassGetParent(k))
    yield* [...k.properties.values()];
}

/** object_property_iter: the object's own properties, then its class's, leaf class first. */
export function* objectPropertyIter(obj: QomObject): Generator<ObjectProperty> {
  yield* [...obj.properties.values()];
  yield* classPropertyIter(obj.class);
}

/** object_class_property_iter */
export function objectClassPropertyIter(klass: ObjectClass): Generator<ObjectProperty> {
  return classPropertyIter(klass);
}

/** object_property_del (own properties only, as in QEMU). */
export function objectPropertyDel(obj: QomObject, name: string): void {
  const prop = obj.properties.get(name);
  if (!prop) return;
  prop.release?.(obj, prop);
  obj.properties.delete(name);
}

export function objectPropertySetDescription(obj: QomObject, name: string, description: string): void {
  objectPropertyFindErr(obj, name).description = description;
}

export function objectClassPropertySetDescription(
  klass: ObjectClass,
  name: string,
  description: string,
): void {
  const p = klass.properties.get(name);
  if (!p) throw new QomError(`Property '${klass.type.name}.${name}' not found`);
  p.description = description;
}

/** object_property_set_default: the value qom-list-properties shows, set on each new instance. */
export function objectPropertySetDefault(prop: ObjectProperty, value: QObject): void {
  prop.defaultValue = value;
  prop.init = (obj, p) => {
    if (p.set && p.defaultValue) p.set(obj, inputQObject(p.schema, p.defaultValue, p.name), p);
  };
}

/** object_property_get_qobject: the value through the QObject output visitor. */
export function objectPropertyGet(obj: QomObject, name: string): QObject {
  const prop = objectPropertyFindErr(obj, name);
  if (!prop.get) throw new QomError(`Property '${obj.typename}.${name}' is not readable`);
  return outputQObject(prop.schema, prop.get(obj, prop));
}

/** The native value of a property (what its getter returns). */
export function objectPropertyGetValue(obj: QomObject, name: string): unknown {
  const prop = objectPropertyFindErr(obj, name);
  if (!prop.get) throw new QomError(`Property '${obj.typename}.${name}' is not readable`);
  return prop.get(obj, prop);
}

const writtenOnce = new WeakMap<QomObject, Set<string>>();

/**
 * Who set a property. 'user' and 'global' values are explicit (the command line, object-add,
 * device_add, qom-set; -global) and are remembered; 'internal' ones (defaults, compat properties,
 * the board wiring its devices) are not, so that a configuration export shows only what the user
 * chose.
 */
export type PropertySetOrigin = 'user' | 'global' | 'internal';

export interface ExplicitSet {
  origin: 'user' | 'global';
  /** the native value last set (for write-only properties, which cannot be read back) */
  value: unknown;
}

// insertion order = the order the properties were first set
const explicitSets = new WeakMap<QomObject, Map<string, ExplicitSet>>();

/** The explicitly set properties of obj by name, in the order they were first set. */
export function objectExplicitSets(obj: QomObject): ReadonlyMap<string, ExplicitSet> {
  return explicitSets.get(obj) ?? new Map();
}

/** Whether (and how) a property was explicitly set. */
export function objectPropertyExplicitOrigin(obj: QomObject, name: string): 'user' | 'global' | undefined {
  return explicitSets.get(obj)?.get(name)?.origin;
}

function setChecked(obj: QomObject, prop: ObjectProperty, conv: () => unknown, origin: PropertySetOrigin) {
  if (!prop.set) throw new QomError(`Property '${obj.typename}.${prop.name}' is not writable`);
  let value: unknown;
  if (prop.writeOnce) {
    const done = writtenOnce.get(obj) ?? new Set<string>();
    if (done.has(prop.name))
      throw new QomError(`Property '${obj.typename}.${prop.name}' can only be set once`);
    value = conv();
    prop.set(obj, value, prop);
    done.add(prop.name);
    writtenOnce.set(obj, done);
  } else {
    value = conv();
    prop.set(obj, value, prop);
  }
  if (origin === 'internal') return;
  let sets = explicitSets.get(obj);
  if (!sets) {
    sets = new Map();
    explicitSets.set(obj, sets);
  }
  // a -global does not override what the user set on the object itself
  const had = sets.get(prop.name);
  sets.set(prop.name, { origin: had?.origin === 'user' ? 'user' : origin, value });
}

/** object_property_set_qobject: QMP's qom-set, strict QObject input. */
export function objectPropertySet(
  obj: QomObject,
  name: string,
  value: QObject,
  origin: PropertySetOrigin = 'user',
): void {
  const prop = objectPropertyFindErr(obj, name);
  checkPropertyInputPolicy(prop);
  setChecked(obj, prop, () => inputQObject(prop.schema, value, name), origin);
}

/** Sets from a command-line QObject (keyval: scalars may be strings). */
export function objectPropertySetKeyval(
  obj: QomObject,
  name: string,
  value: QObject,
  origin: PropertySetOrigin = 'user',
): void {
  const prop = objectPropertyFindErr(obj, name);
  checkPropertyInputPolicy(prop);
  setChecked(obj, prop, () => inputKeyval(prop.schema, value, name), origin);
}

/** object_property_parse: a command-line string through the string/keyval input visitor. */
export function objectPropertyParse(
  obj: QomObject,
  name: string,
  value: string,
  origin: PropertySetOrigin = 'user',
): void {
  const prop = objectPropertyFindErr(obj, name);
  checkPropertyInputPolicy(prop);
  setChecked(obj, prop, () => inputString(prop.schema, value, name), origin);
}

/** Sets a native value from code; it is still checked by the property's QAPI type. */
export function objectPropertySetValue(
  obj: QomObject,
  name: string,
  value: unknown,
  origin: PropertySetOrigin = 'internal',
): void {
  const prop = objectPropertyFindErr(obj, name);
  setChecked(obj, prop, () => inputQObject(prop.schema, fromJS(value), name), origin);
}

export function objectPropertyGetStr(obj: QomObject, name: string): string {
  const v = objectPropertyGet(obj, name);
  if (!(v instanceof QString)) throw new QomError(`Invalid parameter type for '${name}', expected: string`);
  return v.value;
}

export function objectPropertySetStr(obj: QomObject, name: string, value: string): void {
  objectPropertySet(obj, name, new QString(value), 'internal');
}

/** object_property_get_bool / _int / _uint and the setters: typed shorthands for code. */
export function objectPropertyGetBool(obj: QomObject, name: string): boolean {
  return objectPropertyGetValue(obj, name) as boolean;
}
export function objectPropertySetBool(obj: QomObject, name: string, value: boolean): void {
  objectPropertySetValue(obj, name, value);
}
export function objectPropertyGetInt(obj: QomObject, name: string): bigint {
  return BigInt(objectPropertyGetValue(obj, name) as number | bigint);
}
export function objectPropertySetInt(obj: QomObject, name: string, value: number | bigint): void {
  objectPropertySetValue(obj, name, value);
}
export const objectPropertyGetUint = objectPropertyGetInt;
export const objectPropertySetUint = objectPropertySetInt;

export function objectPropertyGetType(obj: QomObject, name: string): string {
  return objectPropertyFindErr(obj, name).type;
}

// ---- typed property helpers (object_property_add_bool/str/enum/uintN_ptr and class forms) ----

export interface TypedPropertyOptions<V> {
  get?: (obj: QomObject) => V;
  set?: (obj: QomObject, value: V) => void;
  description?: string;
  type?: string;
  features?: ObjectProperty['features'];
  writeOnce?: boolean;
  mandatory?: boolean;
  doc?: string;
}

function typedDef<V>(name: string, schema: PropSchema, o: TypedPropertyOptions<V>): PropertyDef {
  return {
    name,
    schema,
    type: o.type,
    description: o.description,
    features: o.features,
    writeOnce: o.writeOnce,
    mandatory: o.mandatory,
    doc: o.doc,
    get: o.get ? (obj) => o.get?.(obj) : undefined,
    set: o.set ? (obj, v) => o.set?.(obj, v as V) : undefined,
  };
}

/** A property of any QAPI type on one object. */
export function objectPropertyAddTyped<V>(
  obj: QomObject,
  name: string,
  schema: PropSchema,
  o: TypedPropertyOptions<V>,
): ObjectProperty {
  return objectPropertyTryAdd(obj, typedDef(name, schema, o));
}

/** A property of any QAPI type on a class. */
export function objectClassPropertyAddTyped<V>(
  klass: ObjectClass,
  name: string,
  schema: PropSchema,
  o: TypedPropertyOptions<V>,
): ObjectProperty {
  return objectClassPropertyAdd(klass, typedDef(name, schema, o));
}

export function objectPropertyAddBool(
  obj: QomObject,
  name: string,
  get?: (o: QomObject) => boolean,
  set?: (o: QomObject, v: boolean) => void,
): ObjectProperty {
  return objectPropertyAddTyped(obj, name, 'bool', { get, set });
}

export function objectClassPropertyAddBool(
  klass: ObjectClass,
  name: string,
  get?: (o: QomObject) => boolean,
  set?: (o: QomObject, v: boolean) => void,
): ObjectProperty {
  return objectClassPropertyAddTyped(klass, name, 'bool', { get, set });
}

export function objectPropertyAddStr(
  obj: QomObject,
  name: string,
  get?: (o: QomObject) => string,
  set?: (o: QomObject, v: string) => void,
): ObjectProperty {
  return objectPropertyAddTyped(obj, name, 'str', { get, set, type: 'string' });
}

export function objectClassPropertyAddStr(
  klass: ObjectClass,
  name: string,
  get?: (o: QomObject) => string,
  set?: (o: QomObject, v: string) => void,
): ObjectProperty {
  return objectClassPropertyAddTyped(klass, name, 'str', { get, set, type: 'string' });
}

/** object_property_add_uintN_ptr: read-only view of a numeric field. */
export function objectPropertyAddUintPtr(
  obj: QomObject,
  name: string,
  schema: 'uint8' | 'uint16' | 'uint32' | 'uint64',
  field: string,
): ObjectProperty {
  return objectPropertyAddTyped(obj, name, schema, {
    get: (o) => (o as unknown as Record<string, unknown>)[field],
  });
}

// ---- child<> and link<> ----

/** object_property_add_child: obj takes a reference on child; the property resolves to it. */
export function objectPropertyAddChild<T extends QomObject>(obj: QomObject, name: string, child: T): T {
  if (child.parent) throw new Error(`object ${child.typename} already has a parent`);
  objectPropertyTryAdd(obj, {
    name,
    type: `child<${child.typename}>`,
    schema: 'str',
    isChild: true,
    opaque: child,
    get: () => objectGetCanonicalPath(child) ?? '',
    resolve: () => child,
    release: () => {
      child.class.unparent?.(child);
      child.parent = undefined;
      objectUnref(child);
    },
  });
  objectRef(child);
  child.parent = obj;
  return child;
}

export function objectPropertyIsChild(prop: ObjectProperty): boolean {
  return !!prop.isChild;
}

export const OBJ_PROP_LINK_STRONG = 1;

export type LinkCheck = (obj: QomObject, name: string, target: QomObject | undefined) => void;

/** object_property_allow_set_link: the check that always allows. */
export const objectPropertyAllowSetLink: LinkCheck = () => {};

function linkTargetType(type: string): string {
  return type.slice(5, -1);
}

/** object_resolve_link: a path to a target of the link's type, with QEMU's errors. */
function resolveLink(name: string, type: string, path: string): QomObject {
  const targetType = linkTargetType(type);
  const r = objectResolvePathType(path, targetType);
  if (r.ambiguous) throw new QomError(`Path '${path}' does not uniquely identify an object`);
  if (!r.obj) {
    const any = objectResolvePathType(path, TYPE_OBJECT);
    if (any.obj || any.ambiguous)
      throw new QomError(`Invalid parameter type for '${name}', expected: ${targetType}`);
    throw new QomError(`Device '${path}' not found`, 'DeviceNotFound');
  }
  return r.obj;
}

/** Where a link keeps its target: a member name of the object, or accessors. */
export type LinkField =
  | string
  | {
      get: (obj: QomObject) => QomObject | undefined;
      set: (obj: QomObject, t: QomObject | undefined) => void;
    };

function linkAccess(field: LinkField) {
  type Rec = Record<string, QomObject | undefined>;
  if (typeof field !== 'string') return field;
  return {
    get: (obj: QomObject) => (obj as unknown as Rec)[field],
    set: (obj: QomObject, t: QomObject | undefined) => {
      (obj as unknown as Rec)[field] = t;
    },
  };
}

function linkDef(
  name: string,
  targetType: string,
  field: LinkField,
  check: LinkCheck | undefined,
  flags: number,
): PropertyDef {
  const strong = (flags & OBJ_PROP_LINK_STRONG) !== 0;
  const acc = linkAccess(field);
  return {
    name,
    type: `link<${targetType}>`,
    schema: 'str',
    isLink: true,
    opaque: field,
    get: (obj) => {
      const t = acc.get(obj);
      return t ? (objectGetCanonicalPath(t) ?? '') : '';
    },
    set: check
      ? (obj, value, prop) => {
          const path = value as string;
          const old = acc.get(obj);
          const target = path ? resolveLink(name, prop.type, path) : undefined;
          check(obj, name, target);
          acc.set(obj, target);
          if (strong) {
            if (target) objectRef(target);
            if (old) objectUnref(old);
          }
        }
      : undefined,
    resolve: (obj) => acc.get(obj),
    release: strong
      ? (obj) => {
          const t = acc.get(obj);
          if (t) {
            acc.set(obj, undefined);
            objectUnref(t);
          }
        }
      : undefined,
  };
}

/**
 * object_property_add_link: `field` names the member of obj holding the target. Without a check
 * the link is read-only. With OBJ_PROP_LINK_STRONG the link holds a reference on its target.
 */
export function objectPropertyAddLink(
  obj: QomObject,
  name: string,
  targetType: string,
  field: LinkField,
  check?: LinkCheck,
  flags = 0,
): ObjectProperty {
  return objectPropertyTryAdd(obj, linkDef(name, targetType, field, check, flags));
}

export function objectClassPropertyAddLink(
  klass: ObjectClass,
  name: string,
  targetType: string,
  field: LinkField,
  check?: LinkCheck,
  flags = 0,
): ObjectProperty {
  return objectClassPropertyAdd(klass, linkDef(name, targetType, field, check, flags));
}

/**
 * object_property_add_alias: `name` on obj forwards to `targetName` on targetObj (a child<T>
 * target shows as link<T>); errors name the target, as QEMU's do.
 */
export function objectPropertyAddAlias(
  obj: QomObject,
  name: string,
  targetObj: QomObject,
  targetName: string,
): ObjectProperty {
  const target = objectPropertyFindErr(targetObj, targetName);
  const type = target.isChild ? `link${target.type.slice('child'.length)}` : target.type;
  const prop = objectPropertyTryAdd(obj, {
    name,
    type,
    schema: target.schema,
    description: target.description,
    doc: target.doc,
    defaultValue: target.defaultValue,
    features: target.features,
    get: target.get ? () => objectPropertyGetValue(targetObj, targetName) : undefined,
    // the alias is what was set explicitly, not its target
    set: (_o, v) => {
      const t = objectPropertyFindErr(targetObj, targetName);
      setChecked(targetObj, t, () => v, 'internal');
    },
    resolve: () => objectResolvePathComponent(targetObj, targetName),
  });
  return prop;
}

/** object_property_add_const_link: a read-only link to a fixed target. */
export function objectPropertyAddConstLink(obj: QomObject, name: string, target: QomObject): ObjectProperty {
  return objectPropertyAddLink(obj, name, target.typename, { get: () => target, set: () => {} });
}

/** object_property_set_link: sets a link from code (by target object). */
export function objectPropertySetLink(obj: QomObject, name: string, target: QomObject | undefined): void {
  let path = '';
  if (target) {
    const p = objectGetCanonicalPath(target);
    // links are set by path: the target must be in the composition tree
    if (p === undefined)
      throw new Error(`link target of type ${target.typename} is not in the composition tree`);
    path = p;
  }
  objectPropertySetStr(obj, name, path);
}

/** object_property_get_link */
export function objectPropertyGetLink(obj: QomObject, name: string): QomObject | undefined {
  const prop = objectPropertyFindErr(obj, name);
  return prop.resolve?.(obj, name, prop);
}

// ---- composition tree ----

let root: QomObject | undefined;

/** object_get_root: "/" (a container), created on first use. */
export function objectGetRoot(): QomObject {
  if (!root) root = objectNew('container');
  return root;
}

/** object_get_objects_root: "/objects", where user-created objects live. */
export function objectGetObjectsRoot(): QomObject {
  return containerGet(objectGetRoot(), '/objects');
}

/** object_get_internal_root: a container outside "/" for objects that must not be visible. */
let internalRoot: QomObject | undefined;
export function objectGetInternalRoot(): QomObject {
  if (!internalRoot) internalRoot = objectNew('container');
  return internalRoot;
}

/** container_get: walks `path` from `start`, creating "container" objects as needed. */
export function containerGet(start: QomObject, path: string): QomObject {
  let obj = start;
  for (const part of path.split('/')) {
    if (!part) continue;
    let child = objectResolvePathComponent(obj, part);
    if (!child) {
      child = objectNew('container');
      objectPropertyAddChild(obj, part, child);
      objectUnref(child);
    }
    obj = child;
  }
  return obj;
}

export function objectResolvePathComponent(parent: QomObject, part: string): QomObject | undefined {
  const prop = objectPropertyFind(parent, part);
  return prop?.resolve ? prop.resolve(parent, part, prop) : undefined;
}

/** object_get_canonical_path_component: this object's name in its parent. */
export function objectGetCanonicalPathComponent(obj: QomObject): string | undefined {
  const parent = obj.parent;
  if (!parent) return undefined;
  for (const prop of parent.properties.values()) if (prop.isChild && prop.opaque === obj) return prop.name;
  throw new Error('object had a parent but was not a child');
}

/** object_get_canonical_path; undefined for an object outside the tree (QEMU returns NULL). */
export function objectGetCanonicalPath(obj: QomObject): string | undefined {
  const r = objectGetRoot();
  const parts: string[] = [];
  let o: QomObject | undefined = obj;
  while (o !== r) {
    if (!o) return undefined;
    const c = objectGetCanonicalPathComponent(o);
    if (c === undefined) return undefined;
    parts.unshift(c);
    o = o.parent;
  }
  return `/${parts.join('/')}`;
}

function resolveAbs(parent: QomObject, parts: string[], i: number, typename: string) {
  let obj: QomObject | undefined = parent;
  for (; i < parts.length; i++) {
    if (parts[i] === '') continue;
    obj = objectResolvePathComponent(obj, parts[i]);
    if (!obj) return undefined;
  }
  return objectDynamicCast(obj, typename);
}

function resolvePartial(
  parent: QomObject,
  parts: string[],
  typename: string,
  st: { ambiguous: boolean },
): QomObject | undefined {
  let obj = resolveAbs(parent, parts, 0, typename);
  for (const prop of parent.properties.values()) {
    if (!prop.isChild) continue;
    const found = resolvePartial(prop.opaque as QomObject, parts, typename, st);
    if (found) {
      if (obj) {
        st.ambiguous = true;
        return undefined;
      }
      obj = found;
    }
    if (st.ambiguous) return undefined;
  }
  return obj;
}

/**
 * object_resolve_path_type: an absolute path from "/", or a partial path matched at any depth
 * below "/" (through child<> properties); a partial path matching twice is ambiguous.
 */
export function objectResolvePathType(
  path: string,
  typename: string,
): { obj: QomObject | undefined; ambiguous: boolean } {
  // as g_strsplit: an empty path has no components (it then matches every object: ambiguous)
  const parts = path === '' ? [] : path.split('/');
  if (parts.length === 0 || parts[0] !== '') {
    const st = { ambiguous: false };
    const obj = resolvePartial(objectGetRoot(), parts, typename, st);
    return { obj, ambiguous: st.ambiguous };
  }
  return { obj: resolveAbs(objectGetRoot(), parts, 1, typename), ambiguous: false };
}

/** object_resolve_path: undefined when not found or ambiguous. */
export function objectResolvePath(path: string, typename = TYPE_OBJECT): QomObject | undefined {
  return objectResolvePathType(path, typename).obj;
}

/** object_resolve_path_at: a path relative to `parent` (absolute paths still start at "/"). */
export function objectResolvePathAt(parent: QomObject, path: string): QomObject | undefined {
  const parts = path.split('/');
  if (parts[0] === '') return resolveAbs(objectGetRoot(), parts, 1, TYPE_OBJECT);
  return resolveAbs(parent, parts, 0, TYPE_OBJECT);
}

/** object_unparent: removes obj from its parent (dropping the parent's reference). */
export function objectUnparent(obj: QomObject): void {
  const parent = obj.parent;
  if (!parent) return;
  for (const prop of [...parent.properties.values()])
    if (prop.isChild && prop.opaque === obj) {
      objectPropertyDel(parent, prop.name);
      return;
    }
}

/** object_child_foreach: children in property order; stops at the first non-zero result. */
export function objectChildForeach(obj: QomObject, fn: (child: QomObject) => unknown): number {
  for (const prop of [...obj.properties.values()])
    if (prop.isChild) {
      const r = fn(prop.opaque as QomObject);
      if (typeof r === 'number' && r) return r;
    }
  return 0;
}

/** object_child_foreach_recursive: depth first, each child before its own children. */
export function objectChildForeachRecursive(obj: QomObject, fn: (child: QomObject) => unknown): number {
  return objectChildForeach(obj, (c) => {
    const r = fn(c);
    return typeof r === 'number' && r ? r : objectChildForeachRecursive(c, fn);
  });
}

export function objectGetChildren(obj: QomObject): QomObject[] {
  const out: QomObject[] = [];
  objectChildForeach(obj, (c) => {
    out.push(c);
  });
  return out;
}

// "container": the directory-like object of the tree.
typeRegister({ name: 'container', parent: TYPE_OBJECT });

/** For tests and embedders: drops "/" so a new tree can be built (old objects are released). */
export function objectResetRoot(): void {
  if (root) {
    const r = root;
    root = undefined;
    objectUnref(r);
  }
}
