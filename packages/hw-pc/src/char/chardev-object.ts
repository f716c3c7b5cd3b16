/**
 * Chardevs in the QOM tree: QEMU keeps every chardev as /chardevs/<id>, and a device's `chardev`
 * property names one by id. @tsemu/chardev's backends are plain objects, so each gets a QOM
 * wrapper of its backend's type (`chardev-socket`, `chardev-file` ...; parent `chardev`) that
 * carries it. The emulator adds each chardev it creates with chardevQomAdd.
 */
import type { Chardev } from '@tsemu/chardev';
import {
  containerGet,
  objectClassByName,
  objectGetRoot,
  objectNew,
  objectPropertyAddChild,
  objectResolvePath,
  objectUnparent,
  objectUnref,
  QomObject,
  TYPE_OBJECT,
  typeRegister,
} from '@tsemu/qdev';

export const TYPE_CHARDEV = 'chardev';

/** The QOM face of a chardev backend. */
export class ChardevObject extends QomObject {
  chr: Chardev | undefined;
}

function ensureType(name: string): void {
  if (objectClassByName(name)) return;
  if (name === TYPE_CHARDEV) {
    typeRegister({ name, parent: TYPE_OBJECT, abstract: true, instance: ChardevObject });
  } else {
    ensureType(TYPE_CHARDEV);
    typeRegister({ name, parent: TYPE_CHARDEV, instance: ChardevObject });
  }
}

/** Put `chr` in the tree as /chardevs/<label>; returns its QOM object. */
export function chardevQomAdd(chr: Chardev): ChardevObject {
  ensureType(chr.typeName);
  const obj = objectNew<ChardevObject>(chr.typeName);
  obj.chr = chr;
  objectPropertyAddChild(containerGet(objectGetRoot(), '/chardevs'), chr.label, obj);
  objectUnref(obj);
  return obj;
}

/** Take /chardevs/<label> out of the tree (chardev-remove). */
export function chardevQomRemove(label: string): void {
  const obj = objectResolvePath(`/chardevs/${label}`);
  if (obj) objectUnparent(obj);
}

/** The backend a `chardev` property refers to. */
export function chardevOfObject(obj: QomObject | undefined): Chardev | undefined {
  return obj instanceof ChardevObject ? obj.chr : (obj as { chr?: Chardev } | undefined)?.chr;
}

/** The /chardevs entry of `chr`, when the emulator put it there (its id for a `chardev` property). */
export function chardevQomId(chr: Chardev): string | undefined {
  const obj = objectResolvePath(`/chardevs/${chr.label}`);
  return obj instanceof ChardevObject && obj.chr === chr ? chr.label : undefined;
}
