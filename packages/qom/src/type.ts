// The type registry: TypeInfo → TypeImpl → ObjectClass, as qom/object.c keeps it.
import { GHashMap } from './ghash.js';
import type { QomObject } from './object.js';
import type { ObjectProperty } from './property.js';

export const TYPE_OBJECT = 'object';
export const TYPE_INTERFACE = 'interface';

export type AnyClass = ObjectClass & Record<string, any>;

/** What a type registers (QEMU's TypeInfo). Hooks run with the same order guarantees as QEMU. */
export interface TypeInfo<O extends QomObject = QomObject, C extends ObjectClass = AnyClass> {
  name: string;
  parent?: string;
  abstract?: boolean;
  interfaces?: string[];
  /** JS constructor of instances; inherited from the parent when absent. */
  instance?: new () => O;
  classInit?: (klass: C, data: unknown) => void;
  /** Runs for every descendant class before its classInit (immediate parent's first). */
  classBaseInit?: (klass: C, data: unknown) => void;
  classData?: unknown;
  instanceInit?: (obj: O) => void;
  instancePostInit?: (obj: O) => void;
  instanceFinalize?: (obj: O) => void;
}

/** QEMU's ObjectClass: the per-type class struct. Subclass structs add fields in classInit. */
export interface ObjectClass {
  type: TypeImpl;
  /** Class properties of exactly this class (lookups also walk the parents). */
  properties: GHashMap<ObjectProperty>;
  interfaces: InterfaceClass[];
  /** Called when an object of this class is removed from its parent. */
  unparent?: (obj: QomObject) => void;
}

export interface InterfaceClass extends ObjectClass {
  concreteClass: ObjectClass;
  interfaceType: TypeImpl;
}

export class TypeImpl {
  klass?: AnyClass;
  constructor(
    readonly info: TypeInfo<never, never>,
    readonly parentImpl?: TypeImpl,
  ) {}
  get name(): string {
    return this.info.name;
  }
  /** Abstract as registered; interface types always are (QEMU lists them so). */
  get abstract(): boolean {
    if (this.info.abstract) return true;
    for (let t = this.parent; t; t = t.parent) if (t.name === TYPE_INTERFACE && !t.parentImpl) return true;
    return false;
  }
  get parentName(): string | undefined {
    return this.parentImpl?.name ?? this.info.parent;
  }
  #parent: TypeImpl | undefined;
  get parent(): TypeImpl | undefined {
    if (this.parentImpl) return this.parentImpl;
    if (this.info.parent === undefined) return undefined;
    if (this.#parent) return this.#parent;
    const p = typeTable.get(this.info.parent);
    if (!p) throw new Error(`type '${this.name}' has unknown parent type '${this.info.parent}'`);
    this.#parent = p;
    return p;
  }
}

const typeTable = new GHashMap<TypeImpl>();

/** type_register: adds a type; registering a name twice is a programming error as in QEMU. */
export function typeRegister<O extends QomObject = QomObject, C extends ObjectClass = AnyClass>(
  info: TypeInfo<O, C>,
): TypeImpl {
  if (typeTable.has(info.name)) throw new Error(`Registering \`${info.name}' which already exists`);
  const ti = new TypeImpl(info as unknown as TypeInfo<never, never>);
  typeTable.set(info.name, ti);
  return ti;
}

export const typeRegisterStatic = typeRegister;

export function typeGetByName(name: string): TypeImpl | undefined {
  return typeTable.get(name);
}

export function typeIsAncestor(type: TypeImpl, target: TypeImpl): boolean {
  for (let t: TypeImpl | undefined = type; t; t = t.parent) if (t === target) return true;
  return false;
}

/** The JS constructor objects of this type are made with (nearest ancestor's `instance`). */
export function typeInstanceCtor(ti: TypeImpl): (new () => QomObject) | undefined {
  for (let t: TypeImpl | undefined = ti; t; t = t.parent)
    if (t.info.instance) return t.info.instance as unknown as new () => QomObject;
  return undefined;
}

function newClass(ti: TypeImpl, parent?: AnyClass): AnyClass {
  const klass: AnyClass = parent
    ? Object.assign(Object.create(Object.getPrototypeOf(parent)), parent)
    : ({} as AnyClass);
  klass.type = ti;
  klass.properties = new GHashMap<ObjectProperty>();
  klass.interfaces = [];
  return klass;
}

function typeInitializeInterface(ti: TypeImpl, interfaceType: TypeImpl, parentType: TypeImpl) {
  const impl = new TypeImpl(
    { name: `${ti.name}::${interfaceType.name}`, abstract: true } as TypeInfo<never, never>,
    parentType,
  );
  typeInitialize(impl);
  const iface = impl.klass as unknown as InterfaceClass;
  iface.concreteClass = ti.klass as AnyClass;
  iface.interfaceType = interfaceType;
  (ti.klass as AnyClass).interfaces.push(iface);
}

/** type_initialize: builds the class on first use (parent first, then interfaces, base inits, class init). */
export function typeInitialize(ti: TypeImpl): AnyClass {
  if (ti.klass) return ti.klass;
  const parent = ti.parent;
  const parentClass = parent ? typeInitialize(parent) : undefined;
  const klass = newClass(ti, parentClass);
  ti.klass = klass;
  if (parentClass) {
    for (const iface of parentClass.interfaces)
      typeInitializeInterface(ti, (iface as InterfaceClass).interfaceType, iface.type);
  }
  for (const name of ti.info.interfaces ?? []) {
    const t = typeTable.get(name);
    if (!t) throw new Error(`missing interface '${name}' for object '${parent?.name}'`);
    if (klass.interfaces.some((e) => typeIsAncestor(e.type, t))) continue;
    typeInitializeInterface(ti, t, t);
  }
  for (let p = parent; p; p = p.parent)
    (p.info.classBaseInit as ((k: AnyClass, d: unknown) => void) | undefined)?.(klass, ti.info.classData);
  (ti.info.classInit as ((k: AnyClass, d: unknown) => void) | undefined)?.(klass, ti.info.classData);
  return klass;
}

/** object_class_by_name */
export function objectClassByName(typename: string): AnyClass | undefined {
  const ti = typeTable.get(typename);
  return ti ? typeInitialize(ti) : undefined;
}

export function objectClassGetName(klass: ObjectClass): string {
  return klass.type.name;
}

export function objectClassIsAbstract(klass: ObjectClass): boolean {
  return klass.type.abstract;
}

export function objectClassGetParent(klass: ObjectClass): AnyClass | undefined {
  const p = klass.type.parent;
  return p ? (p.klass ?? typeInitialize(p)) : undefined;
}

/** object_class_dynamic_cast: the class (or interface class) for `typename`, or undefined. */
export function objectClassDynamicCast<C extends ObjectClass = AnyClass>(
  klass: ObjectClass | undefined,
  typename: string,
): C | undefined {
  if (!klass) return undefined;
  const type = klass.type;
  if (type.name === typename) return klass as C;
  const target = typeTable.get(typename);
  if (!target) return undefined;
  const ifaceRoot = typeTable.get(TYPE_INTERFACE);
  if (klass.interfaces.length && ifaceRoot && typeIsAncestor(target, ifaceRoot)) {
    let ret: ObjectClass | undefined;
    let found = 0;
    for (const ic of klass.interfaces)
      if (typeIsAncestor(ic.type, target)) {
        ret = ic;
        found++;
      }
    return found > 1 ? undefined : (ret as C | undefined);
  }
  return typeIsAncestor(type, target) ? (klass as C) : undefined;
}

/** OBJECT_CLASS_CHECK: like objectClassDynamicCast but a failed cast is a programming error. */
export function objectClassCheck<C extends ObjectClass = AnyClass>(klass: ObjectClass, typename: string): C {
  const c = objectClassDynamicCast<C>(klass, typename);
  if (!c) throw new Error(`Object ${klass.type.name} is not an instance of type ${typename}`);
  return c;
}

/** All registered types in the type table's order (QEMU's object_class_foreach). */
export function objectClassForeach(
  fn: (klass: AnyClass) => void,
  implementsType?: string,
  includeAbstract = false,
): void {
  for (const ti of [...typeTable.values()]) {
    const k = typeInitialize(ti);
    if (implementsType && !objectClassDynamicCast(k, implementsType)) continue;
    if (!includeAbstract && ti.abstract) continue;
    fn(k);
  }
}

/** object_class_get_list; the order is the type table's (qom-list-types shows it unchanged). */
export function objectClassGetList(implementsType?: string, includeAbstract = false): AnyClass[] {
  const out: AnyClass[] = [];
  objectClassForeach((k) => out.push(k), implementsType, includeAbstract);
  return out;
}

/** Names of all registered types, without initializing any class. */
export function typeNames(): string[] {
  return [...typeTable.keys()];
}

export function registerRootTypes(): void {
  if (typeTable.has(TYPE_OBJECT)) return;
  typeRegister({ name: TYPE_OBJECT, abstract: true });
  typeRegister({ name: TYPE_INTERFACE, abstract: true });
}
