// qdev static properties (hw/core/qdev-properties.c): class properties over device fields, with
// QAPI types, defaults, ranges, links, backend references and arrays; settable only before realize.
import { fromJS, type QObject } from '@tsemu/qobject';
import {
  containerGet,
  OBJ_PROP_LINK_STRONG,
  type ObjectClass,
  type ObjectProperty,
  objectClassGetParent,
  objectClassPropertyAdd,
  objectClassPropertyAddLink,
  objectDynamicCast,
  objectGetCanonicalPathComponent,
  objectGetRoot,
  objectPropertyAdd,
  objectPropertyAddAlias,
  objectPropertySetDefault,
  objectPropertySetValue,
  objectRef,
  objectResolvePathComponent,
  objectUnref,
  type PropSchema,
  QomError,
  type QomObject,
  schemaName,
} from '@tsemu/qom';
import type { DeviceClass, DeviceState } from './core.js';

/** What a static property is made of (QEMU's Property + PropertyInfo). */
export interface QdevProperty {
  name: string;
  /** QAPI type of the value. */
  schema: PropSchema;
  /** Type string shown by qom-list/device-list-properties; defaults to the QAPI type name. */
  type?: string;
  /** Device member holding the value. */
  field: string;
  /** Native default; absent means no default (the field keeps its initial value). */
  default?: unknown;
  description?: string;
  /** tsemu documentation (introspection, docs) when QEMU's wire answers have no description. */
  doc?: string;
  /** Inclusive range for integers. */
  min?: number | bigint;
  max?: number | bigint;
  kind?: 'value' | 'link' | 'backend' | 'array';
  /** link: the target type. */
  linkType?: string;
  /** backend: where the referenced objects live ("/chardevs") and what they are ("chardev"). */
  backend?: { container: string; typename: string };
  /** array: the element's QAPI type (the property itself is "len-<name>"). */
  element?: PropSchema;
}

type Rec = Record<string, unknown>;

/** qdev_prop_set_after_realize */
function setAfterRealize(dev: DeviceState, name: string): QomError {
  if (dev.id)
    return new QomError(
      `Attempt to set property '${name}' on device '${dev.id}' (type '${dev.typename}') after it was realized`,
    );
  return new QomError(
    `Attempt to set property '${name}' on anonymous device (type '${dev.typename}') after it was realized`,
  );
}

function checkRange(dev: DeviceState, p: QdevProperty, v: unknown) {
  if (p.min === undefined && p.max === undefined) return;
  const n = BigInt(v as number | bigint);
  const min = p.min === undefined ? undefined : BigInt(p.min);
  const max = p.max === undefined ? undefined : BigInt(p.max);
  if ((min !== undefined && n < min) || (max !== undefined && n > max))
    throw new QomError(
      `Property ${dev.typename}.${p.name} doesn't take value ${n} (minimum: ${min ?? ''}, maximum: ${max ?? ''})`,
    );
}

/** qdev_prop_allow_set_link_before_realize */
export function qdevPropAllowSetLinkBeforeRealize(
  obj: QomObject,
  name: string,
  _target: QomObject | undefined,
): void {
  const dev = obj as DeviceState;
  if (dev.realized)
    throw new QomError(
      `Attempt to set link property '${name}' on device '${dev.id ?? ''}' (type '${dev.typename}') after it was realized`,
    );
}

function backendLabel(obj: QomObject): string {
  return objectGetCanonicalPathComponent(obj) ?? '';
}

function addValueProp(klass: ObjectClass, p: QdevProperty): ObjectProperty {
  const op = objectClassPropertyAdd(klass, {
    name: p.name,
    schema: p.schema,
    type: p.type,
    description: p.description,
    doc: p.doc,
    // an unset string reads as "" (QEMU's get_string for a NULL string)
    get:
      p.schema === 'str'
        ? (o) => ((o as unknown as Rec)[p.field] as string | undefined) ?? ''
        : (o) => (o as unknown as Rec)[p.field],
    set: (o, v) => {
      const dev = o as DeviceState;
      if (dev.realized) throw setAfterRealize(dev, p.name);
      checkRange(dev, p, v);
      (o as unknown as Rec)[p.field] = v;
    },
  });
  if (p.default !== undefined) {
    // defaults go through the output visitor so device-list-properties shows them as QMP would
    objectPropertySetDefault(op, defaultQObject(p));
  }
  return op;
}

function defaultQObject(p: QdevProperty): QObject {
  return fromJS(p.default);
}

function addBackendProp(klass: ObjectClass, p: QdevProperty): ObjectProperty {
  const be = p.backend as { container: string; typename: string };
  return objectClassPropertyAdd(klass, {
    name: p.name,
    schema: 'str',
    type: p.type ?? 'str',
    description: p.description,
    doc: p.doc,
    get: (o) => {
      const t = (o as unknown as Rec)[p.field] as QomObject | undefined;
      return t ? backendLabel(t) : '';
    },
    set: (o, v) => {
      const dev = o as DeviceState;
      if (dev.realized) throw setAfterRealize(dev, p.name);
      const id = v as string;
      const old = (o as unknown as Rec)[p.field] as QomObject | undefined;
      let target: QomObject | undefined;
      if (id) {
        target = objectDynamicCast(
          objectResolvePathComponent(containerGet(objectGetRoot(), be.container), id),
          be.typename,
        );
        if (!target) throw new QomError(`Property '${dev.typename}.${p.name}' can't find value '${id}'`);
        objectRef(target);
      }
      (o as unknown as Rec)[p.field] = target;
      if (old) objectUnref(old);
    },
    release: (o) => {
      const t = (o as unknown as Rec)[p.field] as QomObject | undefined;
      if (t) {
        (o as unknown as Rec)[p.field] = undefined;
        objectUnref(t);
      }
    },
  });
}

function addArrayProp(klass: ObjectClass, p: QdevProperty): ObjectProperty {
  // QEMU 7.2's DEFINE_PROP_ARRAY: setting len-<name> makes the element properties <name>[i].
  const lenName = `len-${p.name}`;
  const op = objectClassPropertyAdd(klass, {
    name: lenName,
    schema: 'uint32',
    description: p.description,
    doc: p.doc,
    get: (o) => ((o as unknown as Rec)[p.field] as unknown[] | undefined)?.length ?? 0,
    set: (o, v) => {
      const dev = o as DeviceState;
      if (dev.realized) throw setAfterRealize(dev, lenName);
      const len = v as number;
      if (
        (o as unknown as Rec)[p.field] !== undefined &&
        ((o as unknown as Rec)[p.field] as unknown[]).length
      )
        throw new QomError(`array size property ${lenName} may not be set more than once`);
      if (len === 0) return;
      const arr = new Array(len).fill(undefined);
      (o as unknown as Rec)[p.field] = arr;
      for (let i = 0; i < len; i++) {
        objectPropertyAdd(o, {
          name: `${p.name}[${i}]`,
          schema: p.element as PropSchema,
          get: () => arr[i],
          set: (d, val) => {
            if ((d as DeviceState).realized) throw setAfterRealize(d as DeviceState, `${p.name}[${i}]`);
            arr[i] = val;
          },
        });
      }
    },
  });
  objectPropertySetDefault(op, fromJS(0));
  return op;
}

/** device_class_set_props: adds the class's static properties (info qtree prints them per class). */
export function deviceClassSetProps(dc: DeviceClass, props: QdevProperty[]): void {
  dc.props = props;
  for (const p of props) {
    switch (p.kind ?? 'value') {
      case 'value':
        addValueProp(dc, p);
        break;
      case 'link': {
        const op = objectClassPropertyAddLink(
          dc,
          p.name,
          p.linkType as string,
          p.field,
          qdevPropAllowSetLinkBeforeRealize,
          OBJ_PROP_LINK_STRONG,
        );
        op.description = p.description;
        op.doc = p.doc;
        break;
      }
      case 'backend':
        addBackendProp(dc, p);
        break;
      case 'array':
        addArrayProp(dc, p);
        break;
    }
  }
}

// DEFINE_PROP_* counterparts.
type Opts = Pick<QdevProperty, 'description' | 'doc' | 'min' | 'max' | 'type'>;

export const defineProp = (
  name: string,
  field: string,
  schema: PropSchema,
  def?: unknown,
  opts: Opts = {},
): QdevProperty => ({ name, field, schema, default: def, ...opts });

export const definePropBool = (name: string, field: string, def?: boolean, opts?: Opts) =>
  defineProp(name, field, 'bool', def, opts);
export const definePropUint8 = (name: string, field: string, def?: number, opts?: Opts) =>
  defineProp(name, field, 'uint8', def, opts);
export const definePropUint16 = (name: string, field: string, def?: number, opts?: Opts) =>
  defineProp(name, field, 'uint16', def, opts);
export const definePropUint32 = (name: string, field: string, def?: number, opts?: Opts) =>
  defineProp(name, field, 'uint32', def, opts);
export const definePropInt32 = (name: string, field: string, def?: number, opts?: Opts) =>
  defineProp(name, field, 'int32', def, opts);
export const definePropUint64 = (name: string, field: string, def?: bigint, opts?: Opts) =>
  defineProp(name, field, 'uint64', def, opts);
export const definePropInt64 = (name: string, field: string, def?: bigint, opts?: Opts) =>
  defineProp(name, field, 'int64', def, opts);
export const definePropSize = (name: string, field: string, def?: bigint, opts?: Opts) =>
  defineProp(name, field, 'size', def, opts);
export const definePropString = (name: string, field: string, opts?: Opts) =>
  defineProp(name, field, 'str', undefined, opts);
export const definePropEnum = (
  name: string,
  field: string,
  enumSchema: PropSchema,
  def: string,
  opts?: Opts,
) => defineProp(name, field, enumSchema, def, { type: schemaName(enumSchema), ...opts });
export const definePropLink = (name: string, field: string, linkType: string, opts?: Opts): QdevProperty => ({
  name,
  field,
  schema: 'str',
  kind: 'link',
  linkType,
  ...opts,
});
/** DEFINE_PROP_CHR: a reference to a chardev, by id, among /chardevs. */
export const definePropChr = (name: string, field: string, opts?: Opts): QdevProperty => ({
  name,
  field,
  schema: 'str',
  kind: 'backend',
  backend: { container: '/chardevs', typename: 'chardev' },
  description: 'ID of a chardev to use as a backend',
  ...opts,
});
/** A reference to another backend object by id (netdev, drive, audiodev ...). */
export const definePropBackend = (
  name: string,
  field: string,
  container: string,
  typename: string,
  opts?: Opts,
): QdevProperty => ({
  name,
  field,
  schema: 'str',
  kind: 'backend',
  backend: { container, typename },
  ...opts,
});
export const definePropArray = (
  name: string,
  field: string,
  element: PropSchema,
  opts?: Opts,
): QdevProperty => ({ name, field, schema: 'uint32', kind: 'array', element, ...opts });

/** qdev_prop_set_*: sets a property from code; the value is still checked by its QAPI type. */
export function qdevPropSet(dev: DeviceState, name: string, value: unknown): void {
  objectPropertySetValue(dev, name, value);
}

/** qdev_alias_all_properties: every static property of target, as an alias on source. */
export function qdevAliasAllProperties(target: DeviceState, source: QomObject): void {
  for (
    let k: ObjectClass | undefined = target.class;
    k && k.type.name !== 'device';
    k = objectClassGetParent(k)
  )
    for (const p of (k as DeviceClass).props ?? [])
      objectPropertyAddAlias(
        source,
        p.kind === 'array' ? `len-${p.name}` : p.name,
        target,
        p.kind === 'array' ? `len-${p.name}` : p.name,
      );
}
