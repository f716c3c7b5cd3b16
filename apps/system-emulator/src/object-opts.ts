/**
 * `-object type,id=...,k=v` as QEMU 7.2's object_option_parse takes it: a QemuOpts visited by the
 * options visitor as ObjectOptions (qom-type, id, then the type's properties), so sizes, lists
 * with ranges (`host-nodes=0-1`) and unknown keys ("Invalid parameter 'x'") read as QEMU reads
 * them; then the object is made, its properties set, added under /objects and completed. Errors of
 * the parsing carry the option's location, those of the setters and of completion do not.
 */
import { optsInput, QapiError, type RMember, type RObject } from '@tsemu/qapi';
import {
  checkId,
  isUserCreatableType,
  objectGetObjectsRoot,
  objectNew,
  objectPropertyAddChild,
  objectPropertyDel,
  objectPropertyIter,
  objectPropertySetValue,
  objectUnref,
  qomSchema,
  resolvePropSchema,
  userCreatableComplete,
} from '@tsemu/qdev';
import { type QDict, QString } from '@tsemu/qobject';

/** An error QEMU reports without the option's location (it happens after parsing). */
export class ObjectCreateError extends Error {}

const member = (name: string, type: RMember['type'], optional: boolean): RMember => ({
  name,
  type,
  optional,
  special: 0,
});

/** user_creatable_add_qapi for a -object given as key=value pairs. */
export function objectAddFromOpts(dict: QDict): void {
  const entries: [string, string][] = dict
    .entries()
    .map(([k, v]) => [k, v instanceof QString ? v.value : String(v)] as [string, string]);
  const str = qomSchema().type('str');
  const typeName = entries.find(([k]) => k === 'qom-type')?.[1];
  if (typeName === undefined) throw new QapiError("Parameter 'qom-type' is missing");
  if (!isUserCreatableType(typeName))
    throw new QapiError(`Parameter 'qom-type' does not accept value '${typeName}'`);
  // the type's properties as ObjectOptions' branch for it: settable ones, `type` excepted
  const probe = objectNew(typeName);
  const props = [...objectPropertyIter(probe)].filter((p) => p.name !== 'type' && p.set);
  objectUnref(probe);
  const t: RObject = {
    kind: 'object',
    name: 'ObjectOptions',
    members: [
      member('qom-type', str, false),
      member('id', str, false),
      ...props.map((p) => member(p.name, resolvePropSchema(p.schema), !p.mandatory)),
    ],
    tag: undefined,
    variants: undefined,
    special: 0,
  };
  const values = optsInput<Record<string, unknown>>(qomSchema(), t, { entries });
  const id = values.id as string;
  checkId(id);
  const obj = objectNew(typeName);
  try {
    try {
      for (const p of props)
        if (p.name in values) objectPropertySetValue(obj, p.name, values[p.name], 'user');
    } catch (e) {
      throw new ObjectCreateError(e instanceof Error ? e.message : String(e));
    }
    objectPropertyAddChild(objectGetObjectsRoot(), id, obj);
    try {
      userCreatableComplete(obj);
    } catch (e) {
      objectPropertyDel(objectGetObjectsRoot(), id);
      throw new ObjectCreateError(e instanceof Error ? e.message : String(e));
    }
  } finally {
    objectUnref(obj);
  }
}
