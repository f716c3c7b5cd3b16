// query-qmp-schema's SchemaInfo list (QEMU: scripts/qapi/introspect.py). Commands and events are
// listed in visit order, then every type they use, transitively, in order of first use; type names
// other than built-ins are masked as "0", "1", ... in that same order. Numbering runs over the whole
// schema with every condition kept, as QEMU's generator does at build time; what is conditional on
// false is left out afterwards, so the numbers are QEMU's own for the same build symbols.
import { QBool, QDict, QList, type QObject, QString, qnull, toJS } from '@tsemu/qobject';
import { IfCond } from './ifcond.js';
import {
  type QAPISchema,
  type QAPISchemaAlternateType,
  QAPISchemaArrayType,
  QAPISchemaBuiltinType,
  type QAPISchemaCommand,
  type QAPISchemaEntity,
  type QAPISchemaEnumType,
  type QAPISchemaEvent,
  type QAPISchemaFeature,
  type QAPISchemaObjectType,
  QAPISchemaType,
  type QAPISchemaVisitor,
} from './schema.js';

/** A value with the condition it is compiled under (QEMU: Annotated). */
class Annotated {
  constructor(
    readonly value: Tree,
    readonly ifcond: IfCond,
  ) {}
}
type Tree = string | boolean | null | Tree[] | Annotated | { [key: string]: Tree };

const ann = (value: Tree, ifcond: IfCond): Annotated => new Annotated(value, ifcond);

export interface IntrospectOptions {
  /**
   * Symbols true in conditions; what is conditional on anything else is left out. Defaults to the
   * symbols the schema was loaded with, or none (every condition false).
   */
  defined?: Iterable<string>;
  /** Keep real type names instead of masking them (QEMU: qapi-gen --unmask-non-abi-names). */
  unmask?: boolean;
}

class IntrospectVisitor implements QAPISchemaVisitor {
  private schema!: QAPISchema;
  readonly trees: Tree[] = [];
  private readonly usedTypes: QAPISchemaType[] = [];
  private readonly usedSet = new Set<QAPISchemaType>();
  private readonly nameMap = new Map<string, string>();

  constructor(private readonly unmask: boolean) {}

  visitBegin(schema: QAPISchema): void {
    this.schema = schema;
  }

  visitEnd(): void {
    // The work list grows while it is walked: types used by types.
    for (let i = 0; i < this.usedTypes.length; i++) this.usedTypes[i].visit(this);
  }

  visitNeeded(entity: QAPISchemaEntity): boolean {
    // Types come from visitEnd(), once known to be used.
    return !(entity instanceof QAPISchemaType);
  }

  private name(name: string): string {
    if (this.unmask) return name;
    let n = this.nameMap.get(name);
    if (n === undefined) {
      n = String(this.nameMap.size);
      this.nameMap.set(name, n);
    }
    return n;
  }

  private useType(typ: QAPISchemaType): string {
    // Every integer type is introspected as plain int.
    if (typ.jsonType() === 'int') typ = this.schema.lookupType('int')!;
    else if (typ instanceof QAPISchemaArrayType && typ.elementType.jsonType() === 'int') {
      typ = this.schema.lookupType('intList')!;
    }
    if (!this.usedSet.has(typ)) {
      this.usedSet.add(typ);
      this.usedTypes.push(typ);
    }
    if (typ instanceof QAPISchemaBuiltinType) return typ.name;
    if (typ instanceof QAPISchemaArrayType) return `[${this.useType(typ.elementType)}]`;
    return this.name(typ.name);
  }

  private features(features: QAPISchemaFeature[]): Tree[] {
    return features.map((f) => ann(f.name, f.ifcond));
  }

  private genTree(
    name: string,
    mtype: string,
    obj: { [key: string]: Tree },
    ifcond: IfCond,
    features: QAPISchemaFeature[],
  ): void {
    if (!['command', 'event', 'builtin', 'array'].includes(mtype)) name = this.name(name);
    obj.name = name;
    obj['meta-type'] = mtype;
    if (features.length) obj.features = this.features(features);
    this.trees.push(ann(obj, ifcond));
  }

  visitBuiltinType(t: QAPISchemaBuiltinType): void {
    this.genTree(t.name, 'builtin', { 'json-type': t.jsonType() }, IfCond.NONE, []);
  }

  visitEnumType(t: QAPISchemaEnumType): void {
    this.genTree(
      t.name,
      'enum',
      {
        members: t.members.map((m) => {
          const obj: { [key: string]: Tree } = { name: m.name };
          if (m.features.length) obj.features = this.features(m.features);
          return ann(obj, m.ifcond);
        }),
        values: t.members.map((m) => ann(m.name, m.ifcond)),
      },
      t.ifcond,
      t.features,
    );
  }

  visitArrayType(t: QAPISchemaArrayType): void {
    const element = this.useType(t.elementType);
    this.genTree(`[${element}]`, 'array', { 'element-type': element }, t.ifcond, []);
  }

  visitObjectTypeFlat(t: QAPISchemaObjectType): void {
    const obj: { [key: string]: Tree } = {
      members: t.members.map((m) => {
        const o: { [key: string]: Tree } = { name: m.name, type: this.useType(m.type) };
        if (m.optional) o.default = null;
        if (m.features.length) o.features = this.features(m.features);
        return ann(o, m.ifcond);
      }),
    };
    if (t.variants) {
      obj.tag = t.variants.tagMember.name;
      obj.variants = t.variants.variants.map((v) =>
        ann({ case: v.name, type: this.useType(v.type) }, v.ifcond),
      );
    }
    this.genTree(t.name, 'object', obj, t.ifcond, t.features);
  }

  visitAlternateType(t: QAPISchemaAlternateType): void {
    this.genTree(
      t.name,
      'alternate',
      { members: t.variants.variants.map((v) => ann({ type: this.useType(v.type) }, v.ifcond)) },
      t.ifcond,
      t.features,
    );
  }

  visitCommand(c: QAPISchemaCommand): void {
    const obj: { [key: string]: Tree } = {
      'arg-type': this.useType(c.argType ?? this.schema.theEmptyObjectType),
      'ret-type': this.useType(c.retType ?? this.schema.theEmptyObjectType),
    };
    if (c.allowOob) obj['allow-oob'] = true;
    this.genTree(c.name, 'command', obj, c.ifcond, c.features);
  }

  visitEvent(e: QAPISchemaEvent): void {
    this.genTree(
      e.name,
      'event',
      { 'arg-type': this.useType(e.argType ?? this.schema.theEmptyObjectType) },
      e.ifcond,
      e.features,
    );
  }
}

/** Turn the annotated tree into QObjects, dropping what is conditional on false. */
function toQObject(t: Tree, defined: ReadonlySet<string>): QObject | undefined {
  if (t instanceof Annotated) return t.ifcond.evaluate(defined) ? toQObject(t.value, defined) : undefined;
  if (t === null) return qnull;
  if (typeof t === 'string') return new QString(t);
  if (typeof t === 'boolean') return new QBool(t);
  if (Array.isArray(t)) {
    const list = new QList();
    for (const x of t) {
      const q = toQObject(x, defined);
      if (q) list.append(q);
    }
    return list;
  }
  // QEMU builds each dict from its generated literal, whose keys are sorted; insertion order
  // matters to QDict's iteration order within a hash bucket.
  const dict = new QDict();
  for (const key of Object.keys(t).sort()) {
    const q = toQObject(t[key], defined);
    if (q) dict.put(key, q);
  }
  return dict;
}

/** The SchemaInfo list QEMU's query-qmp-schema returns, as a QList (QEMU's dict member order). */
export function introspect(schema: QAPISchema, options: IntrospectOptions = {}): QList {
  const defined = new Set(options.defined ?? schema.defined ?? []);
  const vis = new IntrospectVisitor(options.unmask ?? false);
  schema.unpruned.visit(vis);
  return toQObject(vis.trees, defined) as QList;
}

/** One SchemaInfo entry as query-qmp-schema returns it (QEMU: qapi/introspect.json). */
export type SchemaInfo = { name: string; features?: string[] } & (
  | { 'meta-type': 'builtin'; 'json-type': string }
  | { 'meta-type': 'enum'; members: { name: string; features?: string[] }[]; values: string[] }
  | { 'meta-type': 'array'; 'element-type': string }
  | {
      'meta-type': 'object';
      members: { name: string; type: string; default?: null; features?: string[] }[];
      tag?: string;
      variants?: { case: string; type: string }[];
    }
  | { 'meta-type': 'alternate'; members: { type: string }[] }
  | { 'meta-type': 'command'; 'arg-type': string; 'ret-type': string; 'allow-oob'?: boolean }
  | { 'meta-type': 'event'; 'arg-type': string }
);

/** The same list as plain JSON values (object keys in QEMU's order). */
export function introspectJSON(schema: QAPISchema, options: IntrospectOptions = {}): SchemaInfo[] {
  return toJS(introspect(schema, options)) as unknown as SchemaInfo[];
}
