import type { QObject } from '@tsemu/qobject';
import type { QomObject } from './object.js';
import type { PropSchema } from './visit.js';

/** Stability of a property, as QAPI features say it. */
export interface PropertyFeatures {
  deprecated?: boolean;
  unstable?: boolean;
}

/**
 * QEMU's ObjectProperty. `schema` is the QAPI type of the value; `get` returns and `set` takes the
 * value in the QAPI runtime's native form, and every outside access (QMP, command line, code by
 * name) converts through the QAPI visitors for `schema`.
 */
export interface ObjectProperty {
  name: string;
  /** The type string qom-list shows: "bool", "uint32", "child<isa-serial>", "link<bus>", ... */
  type: string;
  schema: PropSchema;
  description?: string;
  /**
   * Documentation for tsemu's introspection and docs only. QMP shows `description`, which stays
   * as QEMU has it (often none) so answers match QEMU's; `doc` says what the property is anyway.
   */
  doc?: string;
  /** Set by objectPropertySetDefault*; shown as default-value, applied when an object is made. */
  defaultValue?: QObject;
  features?: PropertyFeatures;
  get?: (obj: QomObject, prop: ObjectProperty) => unknown;
  set?: (obj: QomObject, value: unknown, prop: ObjectProperty) => void;
  resolve?: (obj: QomObject, part: string, prop: ObjectProperty) => QomObject | undefined;
  release?: (obj: QomObject, prop: ObjectProperty) => void;
  /** Runs on every new instance for class properties (QEMU: prop->init, e.g. the default). */
  init?: (obj: QomObject, prop: ObjectProperty) => void;
  opaque?: unknown;
  /** Marks child<> properties (object_property_is_child). */
  isChild?: boolean;
  isLink?: boolean;
  /** object-add/-object require it (a non-optional member of the type's QAPI struct). */
  mandatory?: boolean;
  /** Can be set once per object (later sets fail). */
  writeOnce?: boolean;
}

export type PropertyDef = Omit<ObjectProperty, 'type'> & { type?: string };
