// Command-line help texts and `info qom-tree` (qom/object_interfaces.c, qom/qom-hmp-cmds.c).
import { type QObject, toJSON } from '@tsemu/qobject';
import {
  objectChildForeach,
  objectClassPropertyIter,
  objectGetCanonicalPathComponent,
  objectGetRoot,
  objectResolvePathType,
  type QomObject,
} from './object.js';
import { objectClassByName, objectClassDynamicCast, objectClassGetList, TYPE_OBJECT } from './type.js';
import { TYPE_USER_CREATABLE } from './user-creatable.js';

/** object_property_help: one line of `-object type,help` / `-device driver,help`. */
export function objectPropertyHelp(
  name: string,
  type: string,
  defval: QObject | undefined,
  description: string | undefined,
): string {
  let s = `  ${name}=<${type}>`;
  if (description !== undefined || defval !== undefined) {
    if (s.length < 24) s += ' '.repeat(24 - s.length);
    s += ' - ';
  }
  if (description !== undefined) s += description;
  if (defval !== undefined) s += ` (default: ${toJSON(defval)})`;
  return s;
}

/** qemu_pstrcmp0-style sort: by the whole help line, bytewise. */
export function sortHelpLines(lines: string[]): string[] {
  return lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * user_creatable_print_help: `-object help` (the creatable types) or `-object <type>,help` (its
 * settable properties); undefined when `type` is neither "help" nor a creatable type.
 */
export function userCreatablePrintHelp(type: string): string | undefined {
  if (type === 'help') {
    const names = objectClassGetList(TYPE_USER_CREATABLE, false)
      .map((k) => k.type.name)
      .sort();
    return `List of user creatable objects:\n${names.map((n) => `  ${n}\n`).join('')}`;
  }
  const klass = objectClassByName(type);
  if (!klass || !objectClassDynamicCast(klass, TYPE_USER_CREATABLE)) return undefined;
  const lines: string[] = [];
  for (const p of objectClassPropertyIter(klass))
    if (p.set) lines.push(objectPropertyHelp(p.name, p.type, p.defaultValue, p.description));
  sortHelpLines(lines);
  const head = lines.length ? `${type} options:\n` : `There are no options for ${type}.\n`;
  return head + lines.map((l) => `${l}\n`).join('');
}

function printComposition(obj: QomObject, indent: number, out: string[]) {
  const name = obj === objectGetRoot() ? '' : (objectGetCanonicalPathComponent(obj) ?? '');
  out.push(`${' '.repeat(indent)}/${name} (${obj.typename})\n`);
  const children: [string, QomObject][] = [];
  objectChildForeach(obj, (c) => {
    children.push([objectGetCanonicalPathComponent(c) ?? '', c]);
  });
  children.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [, c] of children) printComposition(c, indent + 2, out);
}

/** hmp_info_qom_tree: the composition tree below `path` (default /machine), QEMU's layout. */
export function infoQomTree(path?: string): string {
  let obj: QomObject | undefined;
  if (path !== undefined) {
    const r = objectResolvePathType(path, TYPE_OBJECT);
    if (r.ambiguous) return `Warning: Path '${path}' is ambiguous.\n`;
    if (!r.obj) return `Path '${path}' could not be resolved.\n`;
    obj = r.obj;
  } else {
    obj = objectResolvePathType('/machine', TYPE_OBJECT).obj ?? objectGetRoot();
  }
  const out: string[] = [];
  printComposition(obj, 0, out);
  return out.join('');
}
