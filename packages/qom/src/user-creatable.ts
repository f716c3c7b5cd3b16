// User-creatable objects: -object / object-add / object-del (qom/object_interfaces.c).
import { QDict, QString } from '@tsemu/qobject';
import { QomError } from './error.js';
import {
  objectDynamicCast,
  objectGetClassAs,
  objectGetObjectsRoot,
  objectNew,
  objectPropertyAddChild,
  objectPropertyDel,
  objectPropertyFind,
  objectPropertyIter,
  objectPropertySet,
  objectPropertySetKeyval,
  objectPropertySetValue,
  objectResolvePathComponent,
  objectUnparent,
  objectUnref,
  type QomObject,
} from './object.js';
import {
  type InterfaceClass,
  objectClassByName,
  objectClassDynamicCast,
  TYPE_INTERFACE,
  typeRegister,
} from './type.js';

export const TYPE_USER_CREATABLE = 'user-creatable';

/** UserCreatableClass: the interface's hooks, set by implementing classes in classInit. */
export interface UserCreatableClass extends InterfaceClass {
  /** Runs after the properties are set; throwing undoes the creation. */
  complete?: (obj: QomObject) => void;
  /** object-del refuses while this returns false. */
  canBeDeleted?: (obj: QomObject) => boolean;
}

typeRegister({ name: TYPE_USER_CREATABLE, parent: TYPE_INTERFACE });

const ID_RE = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** id_wellformed */
export function idWellformed(id: string): boolean {
  return ID_RE.test(id);
}

export const ID_HINT = "Identifiers consist of letters, digits, '-', '.', '_', starting with a letter.";

export function checkId(id: string): void {
  if (!idWellformed(id)) {
    const e = new QomError(`Parameter 'id' expects an identifier`);
    (e as QomError & { hint?: string }).hint = `${ID_HINT}\n`;
    throw e;
  }
}

/** user_creatable_complete */
export function userCreatableComplete(obj: QomObject): void {
  if (!objectDynamicCast(obj, TYPE_USER_CREATABLE)) return;
  objectGetClassAs<UserCreatableClass>(obj, TYPE_USER_CREATABLE).complete?.(obj);
}

/** user_creatable_can_be_deleted */
export function userCreatableCanBeDeleted(obj: QomObject): boolean {
  const ucc = objectGetClassAs<UserCreatableClass>(obj, TYPE_USER_CREATABLE);
  return ucc.canBeDeleted ? ucc.canBeDeleted(obj) : true;
}

/** Whether `typename` may be given to -object/object-add. */
export function isUserCreatableType(typename: string): boolean {
  const k = objectClassByName(typename);
  return !!k && !k.type.abstract && !!objectClassDynamicCast(k, TYPE_USER_CREATABLE);
}

/**
 * user_creatable_add_type: makes an object, sets `props` (strictly as QMP does, or as keyval
 * strings from the command line), adds it as /objects/<id> and completes it.
 */
export function userCreatableAddType(
  type: string,
  id: string | undefined,
  props: QDict,
  keyval = false,
): QomObject {
  if (id !== undefined) checkId(id);
  if (!isUserCreatableType(type)) throw new QomError(`Parameter 'qom-type' does not accept value '${type}'`);
  const obj = objectNew(type);
  try {
    for (const [key, value] of props.entries()) {
      if (!objectPropertyFind(obj, key) || key === 'type')
        throw new QomError(`Parameter '${key}' is unexpected`);
      if (keyval) objectPropertySetKeyval(obj, key, value);
      else objectPropertySet(obj, key, value);
    }
    for (const prop of objectPropertiesMandatory(obj))
      if (!props.has(prop)) throw new QomError(`Parameter '${prop}' is missing`);
    if (id !== undefined) objectPropertyAddChild(objectGetObjectsRoot(), id, obj);
    try {
      userCreatableComplete(obj);
    } catch (e) {
      if (id !== undefined) objectPropertyDel(objectGetObjectsRoot(), id);
      throw e;
    }
  } finally {
    objectUnref(obj);
  }
  return obj;
}

function objectPropertiesMandatory(obj: QomObject): string[] {
  return [...objectPropertyIter(obj)].filter((p) => p.mandatory).map((p) => p.name);
}

/** -object / object-add from one QDict holding qom-type, id and the properties. */
export function userCreatableAdd(options: QDict, keyval = false): QomObject {
  // members in the order QEMU's ObjectOptions visits them: qom-type (an enum of the
  // user-creatable types), then id, then the type's own properties
  const type = options.get('qom-type');
  if (type === undefined) throw new QomError(`Parameter 'qom-type' is missing`);
  if (!(type instanceof QString))
    throw new QomError(`Invalid parameter type for 'qom-type', expected: string`);
  if (!isUserCreatableType(type.value))
    throw new QomError(`Parameter 'qom-type' does not accept value '${type.value}'`);
  const id = options.get('id');
  if (id === undefined) throw new QomError(`Parameter 'id' is missing`);
  if (!(id instanceof QString)) throw new QomError(`Invalid parameter type for 'id', expected: string`);
  const props = new QDict();
  for (const [k, v] of options.entries()) if (k !== 'qom-type' && k !== 'id') props.put(k, v);
  return userCreatableAddType(type.value, id.value, props, keyval);
}

/** user_creatable_del: object-del's semantics and errors. */
export function userCreatableDel(id: string): void {
  const obj = objectResolvePathComponent(objectGetObjectsRoot(), id);
  if (!obj) throw new QomError(`object '${id}' not found`);
  if (!userCreatableCanBeDeleted(obj)) throw new QomError(`object '${id}' is in use, can not be deleted`);
  objectUnparent(obj);
}

/**
 * object_new_with_props: an object of `typename` with `props` set (native values, checked by
 * their QAPI types), added as `parent`/<id>, completed when user-creatable. The tree holds it.
 */
export function objectNewWithProps<T extends QomObject = QomObject>(
  typename: string,
  parent: QomObject,
  id: string,
  props: Record<string, unknown> = {},
): T {
  const obj = objectNew<T>(typename);
  try {
    for (const [k, v] of Object.entries(props)) objectPropertySetValue(obj, k, v);
    objectPropertyAddChild(parent, id, obj);
    try {
      userCreatableComplete(obj);
    } catch (e) {
      objectUnparent(obj);
      throw e;
    }
  } finally {
    objectUnref(obj);
  }
  return obj;
}
