// Static introspection: the type hierarchy and every class property, as plain data, without
// creating any instance (QEMU can only tell by instantiating; tsemu's properties are declared).
import { type JSValue, toJS } from '@tsemu/qobject';
import type { ObjectProperty } from './property.js';
import { type AnyClass, objectClassGetList, objectClassGetParent } from './type.js';
import { resolvePropSchema, schemaName } from './visit.js';

export type Stability = 'stable' | 'unstable' | 'deprecated';

export interface PropertyIntrospection {
  name: string;
  /** The type string qom-list shows. */
  type: string;
  /** The QAPI type of the value. */
  qapiType: string;
  description?: string;
  /** tsemu's documentation of the property (its QMP description when it has no own doc). */
  doc?: string;
  default?: JSValue;
  readable: boolean;
  writable: boolean;
  stability: Stability;
  /** For link<T> and child<T>: T. */
  target?: string;
  /** For enum types: the values. */
  values?: string[];
}

export interface TypeIntrospection {
  name: string;
  parent?: string;
  abstract: boolean;
  /** Interfaces this type itself lists or inherits. */
  interfaces: string[];
  /** Properties this class declares (its parents' are under the parents). */
  properties: PropertyIntrospection[];
  /** Extra data other packages attach (qdev: bus type, description, user_creatable ...). */
  [extension: string]: unknown;
}

type Extension = (klass: AnyClass) => Record<string, unknown> | undefined;
const extensions: Extension[] = [];

/** Lets a package add fields for its classes (qdev adds the device facts). */
export function qomIntrospectionExtend(fn: Extension): void {
  extensions.push(fn);
}

function stability(p: ObjectProperty): Stability {
  if (p.features?.deprecated) return 'deprecated';
  if (p.features?.unstable) return 'unstable';
  return 'stable';
}

export function propertyIntrospection(p: ObjectProperty): PropertyIntrospection {
  const out: PropertyIntrospection = {
    name: p.name,
    type: p.type,
    qapiType: schemaName(p.schema),
    readable: !!p.get,
    writable: !!p.set,
    stability: stability(p),
  };
  if (p.description !== undefined) out.description = p.description;
  const doc = p.doc ?? p.description;
  if (doc !== undefined) out.doc = doc;
  if (p.defaultValue !== undefined) out.default = toJS(p.defaultValue);
  const m = /^(?:link|child)<(.*)>$/.exec(p.type);
  if (m) out.target = m[1];
  const t = resolvePropSchema(p.schema);
  if (t.kind === 'enum') out.values = [...t.values];
  return out;
}

/** Every registered type (sorted by name) with its own class properties (in QEMU's order). */
export function qomIntrospect(): TypeIntrospection[] {
  return objectClassGetList(undefined, true)
    .map((k) => {
      const parent = objectClassGetParent(k);
      const t: TypeIntrospection = {
        name: k.type.name,
        abstract: k.type.abstract,
        interfaces: k.interfaces.map((i) => i.interfaceType.name),
        properties: [...k.properties.values()].map(propertyIntrospection).reverse(),
      };
      if (parent) t.parent = parent.type.name;
      for (const ext of extensions) Object.assign(t, ext(k));
      return t;
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** "type.property" of every class property without documentation (tsemu wants none). */
export function qomUndocumentedProperties(types: TypeIntrospection[] = qomIntrospect()): string[] {
  return types.flatMap((t) =>
    t.properties.filter((p) => p.doc === undefined).map((p) => `${t.name}.${p.name}`),
  );
}

/** qomIntrospect() as JSON text (bigints as numbers), for the docs site and tools. */
export function qomIntrospectJSON(): string {
  return JSON.stringify(
    qomIntrospect(),
    (_k, v) => (typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : v),
    2,
  );
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * The introspection as a Markdown reference page (one section per type, parents linked, a
 * property table with types, defaults, stability and descriptions), for the docs site.
 */
export function qomIntrospectMarkdown(types: TypeIntrospection[] = qomIntrospect()): string {
  const anchor = (n: string) => n.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const out: string[] = ['# QOM types', ''];
  for (const t of types) {
    out.push(`## ${t.name}`, '');
    const facts: string[] = [];
    if (t.parent) facts.push(`parent: [${t.parent}](#${anchor(t.parent)})`);
    if (t.abstract) facts.push('abstract');
    if (t.interfaces.length) facts.push(`implements: ${t.interfaces.join(', ')}`);
    const dev = t.device as { desc?: string; bus?: string; userCreatable?: boolean } | undefined;
    if (dev?.bus) facts.push(`bus: ${dev.bus}`);
    if (dev && !dev.userCreatable) facts.push('not user creatable');
    if (facts.length) out.push(facts.join(' · '), '');
    if (dev?.desc) out.push(dev.desc, '');
    if (t.properties.length) {
      out.push('| property | type | default | stability | description |', '|---|---|---|---|---|');
      for (const p of t.properties) {
        const def =
          p.default === undefined
            ? ''
            : `\`${JSON.stringify(p.default, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}\``;
        const access = p.writable ? '' : ' (read-only)';
        out.push(
          `| \`${mdCell(p.name)}\` | \`${mdCell(p.type)}\`${access} | ${mdCell(def)} | ${p.stability} | ${mdCell(p.doc ?? '')} |`,
        );
      }
      out.push('');
    }
  }
  return out.join('\n');
}
