// Property sets as QDicts, both ways: what QEMU's object_set_properties_from_qdict does, and its
// inverse for configuration export (QEMU has none): the explicitly set properties read back
// through the output visitor of each property's QAPI type.
import { QDict } from '@tsemu/qobject';
import {
  objectExplicitSets,
  objectPropertyFind,
  objectPropertyFindErr,
  objectPropertyGet,
  objectPropertySet,
  objectPropertySetKeyval,
  type PropertySetOrigin,
  type QomObject,
} from './object.js';
import { outputQObject } from './visit.js';

export interface SetPropertiesOptions {
  /** command-line values (keyval: scalars may be strings); else strict QObject input as QMP's */
  keyval?: boolean;
  /** recorded as explicit unless 'internal' (default 'user') */
  origin?: PropertySetOrigin;
}

/**
 * object_set_properties_from_qdict: sets each member of `props` on obj, in the dict's order,
 * through the input visitor of the property's QAPI type. Stops at the first error.
 */
export function objectSetPropertiesFromQdict(
  obj: QomObject,
  props: QDict,
  options: SetPropertiesOptions = {},
): void {
  const origin = options.origin ?? 'user';
  for (const [name, value] of props.entries()) {
    objectPropertyFindErr(obj, name);
    if (options.keyval) objectPropertySetKeyval(obj, name, value, origin);
    else objectPropertySet(obj, name, value, origin);
  }
}

export interface ExplicitPropertiesOptions {
  /** which explicit sets to include (default both) */
  origins?: readonly ('user' | 'global')[];
}

/**
 * The inverse of objectSetPropertiesFromQdict: every property explicitly set on obj (the dict
 * iterates as QDicts do; objectExplicitSets has the order they were set) with its current value in
 * its QAPI type, as qom-get shows it: exact 64-bit integers,
 * sizes in bytes, enums and links as strings, lists and structs nested. A write-only property gives
 * the value it was set to. Setting the result on a fresh object of the same type (strictly, or as
 * keyval strings) gives the same properties.
 */
export function objectExplicitPropertiesToQdict(
  obj: QomObject,
  options: ExplicitPropertiesOptions = {},
): QDict {
  const origins = options.origins ?? ['user', 'global'];
  const out = new QDict();
  for (const [name, set] of objectExplicitSets(obj)) {
    if (!origins.includes(set.origin)) continue;
    const prop = objectPropertyFind(obj, name);
    if (!prop) continue; // a dynamic property deleted since
    out.put(name, prop.get ? objectPropertyGet(obj, name) : outputQObject(prop.schema, set.value));
  }
  return out;
}
