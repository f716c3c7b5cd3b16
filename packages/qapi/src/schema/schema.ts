// The QAPI schema model (QEMU: scripts/qapi/schema.py): entities built from checked expressions,
// then checked as a whole (types resolved, members flattened, clashes, unions and alternates).
import { readFileSync } from 'node:fs';
import { cName } from './common.js';
import type { DocArgSection, QAPIDoc } from './doc.js';
import { checkExprs } from './expr.js';
import { IfCond, type IfExpr } from './ifcond.js';
import { type ExprDict, type ExprValue, type ParsedExpr, QAPISchemaParser, type ReadFile } from './parser.js';
import { QAPIError, type QAPISourceInfo } from './source.js';

/** Name of the module holding the built-in types. */
export const BUILTIN_MODULE_NAME = './builtin';

/** What a visitor of the schema may implement; every method is optional. Called in QEMU's order. */
export interface QAPISchemaVisitor {
  visitBegin?(schema: QAPISchema): void;
  visitEnd?(): void;
  /** Return false to skip an entity (QEMU: visit_needed). */
  visitNeeded?(entity: QAPISchemaEntity): boolean;
  visitModule?(name: string): void;
  visitInclude?(name: string, info: QAPISourceInfo | null): void;
  visitBuiltinType?(type: QAPISchemaBuiltinType): void;
  visitEnumType?(type: QAPISchemaEnumType): void;
  visitArrayType?(type: QAPISchemaArrayType): void;
  /** Called with the type; `localMembers` and `base` give its own shape. */
  visitObjectType?(type: QAPISchemaObjectType): void;
  /** Called right after visitObjectType; use `members` (base members first) for the flat shape. */
  visitObjectTypeFlat?(type: QAPISchemaObjectType): void;
  visitAlternateType?(type: QAPISchemaAlternateType): void;
  visitCommand?(command: QAPISchemaCommand): void;
  visitEvent?(event: QAPISchemaEvent): void;
}

// ---------------------------------------------------------------------------------------------
// Members

/** Something with a name inside a definition: enum value, object member, branch or feature. */
export class QAPISchemaMember {
  readonly role: string = 'member';
  /** Name of the type (or implicit type) that defines this member. */
  definedIn: string | null = null;
  /** The doc section describing this member, once connected. */
  docSection: DocArgSection | null = null;

  constructor(
    readonly name: string,
    readonly info: QAPISourceInfo | null,
    readonly ifcond: IfCond = IfCond.NONE,
  ) {}

  setDefinedIn(name: string): void {
    this.definedIn = name;
  }

  /** How error messages name this member, as seen from the definition `info` belongs to. */
  describe(info: QAPISourceInfo | null): string {
    let role = this.role;
    let definedIn = this.definedIn ?? '';
    if (definedIn.startsWith('q_obj_')) {
      // Implicit types: name the command/event/union they were made for.
      definedIn = definedIn.slice(6);
      if (definedIn.endsWith('-arg')) role = 'parameter';
      else if (definedIn.endsWith('-base')) role = `base ${role}`;
    } else if (definedIn !== info?.defnName) {
      return `${role} '${this.name}' of type '${definedIn}'`;
    }
    return `${role} '${this.name}'`;
  }

  checkClash(info: QAPISourceInfo | null, seen: Map<string, QAPISchemaMember>): void {
    const c = cName(this.name);
    const other = seen.get(c);
    if (other) throw new QAPIError(info, `${this.describe(info)} collides with ${other.describe(info)}`);
    seen.set(c, this);
  }

  connectDoc(doc: QAPIDoc | null): void {
    if (doc) this.docSection = doc.connectMember(this.name);
  }
}

export class QAPISchemaFeature extends QAPISchemaMember {
  override readonly role = 'feature';
  /** 'deprecated' and 'unstable' have a meaning to QEMU's -compat policy. */
  isSpecial(): boolean {
    return this.name === 'deprecated' || this.name === 'unstable';
  }

  override connectDoc(doc: QAPIDoc | null): void {
    if (doc) this.docSection = doc.connectFeature(this.name, this.info ?? doc.info);
  }
}

export class QAPISchemaEnumMember extends QAPISchemaMember {
  override readonly role = 'value';
  constructor(
    name: string,
    info: QAPISourceInfo | null,
    ifcond: IfCond = IfCond.NONE,
    readonly features: QAPISchemaFeature[] = [],
  ) {
    super(name, info, ifcond);
  }

  override setDefinedIn(name: string): void {
    super.setDefinedIn(name);
    for (const f of this.features) f.setDefinedIn(name);
  }

  override connectDoc(doc: QAPIDoc | null): void {
    super.connectDoc(doc);
    for (const f of this.features) f.connectDoc(doc);
  }
}

export class QAPISchemaObjectTypeMember extends QAPISchemaMember {
  private _type: QAPISchemaType | null = null;

  constructor(
    name: string,
    info: QAPISourceInfo | null,
    readonly typeName: string,
    readonly optional: boolean,
    ifcond: IfCond = IfCond.NONE,
    readonly features: QAPISchemaFeature[] = [],
  ) {
    super(name, info, ifcond);
  }

  /** The member's type; available once the schema is checked. */
  get type(): QAPISchemaType {
    if (!this._type) throw new Error(`member '${this.name}' not checked`);
    return this._type;
  }

  override setDefinedIn(name: string): void {
    super.setDefinedIn(name);
    for (const f of this.features) f.setDefinedIn(name);
  }

  check(schema: QAPISchema): void {
    this._type = schema.resolveType(this.typeName, this.info, (info) => this.describe(info));
    const seen = new Map<string, QAPISchemaMember>();
    for (const f of this.features) f.checkClash(this.info, seen);
  }

  override connectDoc(doc: QAPIDoc | null): void {
    super.connectDoc(doc);
    for (const f of this.features) f.connectDoc(doc);
  }
}

/** A union or alternate branch. */
export class QAPISchemaVariant extends QAPISchemaObjectTypeMember {
  override readonly role = 'branch';
  constructor(name: string, info: QAPISourceInfo | null, typeName: string, ifcond: IfCond = IfCond.NONE) {
    super(name, info, typeName, false, ifcond);
  }
}

/** The branches of a union (tagged by a discriminator member) or an alternate (tagged by QType). */
export class QAPISchemaVariants {
  private _tagMember: QAPISchemaObjectTypeMember | null;

  constructor(
    /** The discriminator's name for a union; null for an alternate. */
    readonly tagName: string | null,
    readonly info: QAPISourceInfo | null,
    tagMember: QAPISchemaObjectTypeMember | null,
    readonly variants: QAPISchemaVariant[],
  ) {
    this._tagMember = tagMember;
  }

  get tagMember(): QAPISchemaObjectTypeMember {
    if (!this._tagMember) throw new Error('variants not checked');
    return this._tagMember;
  }

  setDefinedIn(name: string): void {
    for (const v of this.variants) v.setDefinedIn(name);
  }

  check(schema: QAPISchema, seen: Map<string, QAPISchemaMember>): void {
    if (this.tagName !== null) {
      const tag = seen.get(cName(this.tagName)) as QAPISchemaObjectTypeMember | undefined;
      let base = "'base'";
      if (!tag || this.tagName !== tag.name) {
        throw new QAPIError(this.info, `discriminator '${this.tagName}' is not a member of ${base}`);
      }
      this._tagMember = tag;
      const baseType = schema.lookupType(tag.definedIn!);
      if (baseType && !baseType.isImplicit()) base = `base type '${tag.definedIn}'`;
      if (!(tag.type instanceof QAPISchemaEnumType)) {
        throw new QAPIError(
          this.info,
          `discriminator member '${this.tagName}' of ${base} must be of enum type`,
        );
      }
      if (tag.optional) {
        throw new QAPIError(
          this.info,
          `discriminator member '${this.tagName}' of ${base} must not be optional`,
        );
      }
      if (tag.ifcond.isPresent()) {
        throw new QAPIError(
          this.info,
          `discriminator member '${this.tagName}' of ${base} must not be conditional`,
        );
      }
      // Enum values without a branch get an empty one.
      const cases = new Set(this.variants.map((v) => v.name));
      for (const m of tag.type.members) {
        if (!cases.has(m.name)) {
          const v = new QAPISchemaVariant(m.name, this.info, 'q_empty', m.ifcond);
          v.setDefinedIn(tag.definedIn!);
          this.variants.push(v);
        }
      }
    }
    if (!this.variants.length) throw new QAPIError(this.info, 'union has no branches');
    for (const v of this.variants) {
      v.check(schema);
      // Union branch names must be values of the discriminator enum; alternates are checked apart.
      if (this.tagName !== null) {
        const tagType = this.tagMember.type as QAPISchemaEnumType;
        if (!tagType.memberNames().includes(v.name)) {
          throw new QAPIError(this.info, `branch '${v.name}' is not a value of ${tagType.describe()}`);
        }
        if (!(v.type instanceof QAPISchemaObjectType) || v.type.variants) {
          throw new QAPIError(this.info, `${v.describe(this.info)} cannot use ${v.type.describe()}`);
        }
        v.type.check(schema);
      }
    }
  }

  checkClash(info: QAPISourceInfo | null, seen: Map<string, QAPISchemaMember>): void {
    // Each branch clashes only with the common members, not with other branches.
    for (const v of this.variants) (v.type as QAPISchemaObjectType).checkClash(info, new Map(seen));
  }
}

// ---------------------------------------------------------------------------------------------
// Entities

export abstract class QAPISchemaEntity {
  abstract readonly meta: string;
  module: QAPISchemaModule | null = null;
  protected checked = false;

  constructor(
    readonly name: string,
    readonly info: QAPISourceInfo | null,
    readonly doc: QAPIDoc | null,
    private readonly _ifcond: IfCond = IfCond.NONE,
    readonly features: QAPISchemaFeature[] = [],
  ) {
    for (const f of features) f.setDefinedIn(name);
  }

  get ifcond(): IfCond {
    return this._ifcond;
  }

  /** Implicit entities (built-ins, q_obj_* types, arrays) have no definition of their own. */
  isImplicit(): boolean {
    return !this.info;
  }

  describe(): string {
    return `${this.meta} '${this.name}'`;
  }

  check(_schema: QAPISchema): void {
    const seen = new Map<string, QAPISchemaMember>();
    for (const f of this.features) f.checkClash(this.info, seen);
    this.checked = true;
  }

  connectDoc(doc: QAPIDoc | null = null): void {
    doc = doc ?? this.doc;
    for (const f of this.features) f.connectDoc(doc);
  }

  checkDoc(): void {
    this.doc?.check();
  }

  /** Module of the file the entity is defined in. */
  setModule(schema: QAPISchema): void {
    this.module = schema.moduleByFname(this.info ? this.info.fname : null);
    this.module.addEntity(this);
  }

  /** True when the entity has the named feature (e.g. 'deprecated', 'unstable'). */
  hasFeature(name: string): boolean {
    return this.features.some((f) => f.name === name);
  }

  abstract visit(visitor: QAPISchemaVisitor): void;
}

export class QAPISchemaInclude extends QAPISchemaEntity {
  readonly meta = 'include';
  constructor(
    readonly subModule: QAPISchemaModule,
    info: QAPISourceInfo,
  ) {
    super('', info, null);
  }
  visit(visitor: QAPISchemaVisitor): void {
    visitor.visitInclude?.(this.subModule.name, this.info);
  }
}

export type JSONType = 'string' | 'number' | 'int' | 'boolean' | 'null' | 'value' | 'array' | 'object';
export type QTypeName =
  | 'QTYPE_QNULL'
  | 'QTYPE_QSTRING'
  | 'QTYPE_QNUM'
  | 'QTYPE_QBOOL'
  | 'QTYPE_QLIST'
  | 'QTYPE_QDICT';

const JSON2QTYPE: Partial<Record<JSONType, QTypeName>> = {
  null: 'QTYPE_QNULL',
  string: 'QTYPE_QSTRING',
  number: 'QTYPE_QNUM',
  int: 'QTYPE_QNUM',
  boolean: 'QTYPE_QBOOL',
  array: 'QTYPE_QLIST',
  object: 'QTYPE_QDICT',
};

export abstract class QAPISchemaType extends QAPISchemaEntity {
  /** The JSON type of values of this type on the wire. */
  abstract jsonType(): JSONType;

  /** The QType a value of this type has, for alternate dispatch; null if it has none. */
  alternateQType(): QTypeName | null {
    return JSON2QTYPE[this.jsonType()] ?? null;
  }
}

export type BuiltinName =
  | 'str'
  | 'number'
  | 'int'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'size'
  | 'bool'
  | 'any'
  | 'null';

/** The built-in types, in QEMU's order, with their JSON types. */
export const BUILTIN_TYPES: ReadonlyArray<readonly [BuiltinName, JSONType]> = [
  ['str', 'string'],
  ['number', 'number'],
  ['int', 'int'],
  ['int8', 'int'],
  ['int16', 'int'],
  ['int32', 'int'],
  ['int64', 'int'],
  ['uint8', 'int'],
  ['uint16', 'int'],
  ['uint32', 'int'],
  ['uint64', 'int'],
  ['size', 'int'],
  ['bool', 'boolean'],
  ['any', 'value'],
  ['null', 'null'],
];

export class QAPISchemaBuiltinType extends QAPISchemaType {
  readonly meta = 'built-in';
  constructor(
    name: BuiltinName,
    private readonly _jsonType: JSONType,
  ) {
    super(name, null, null);
  }
  jsonType(): JSONType {
    return this._jsonType;
  }
  visit(visitor: QAPISchemaVisitor): void {
    visitor.visitBuiltinType?.(this);
  }
}

export class QAPISchemaEnumType extends QAPISchemaType {
  readonly meta = 'enum';
  constructor(
    name: string,
    info: QAPISourceInfo | null,
    doc: QAPIDoc | null,
    ifcond: IfCond,
    features: QAPISchemaFeature[],
    readonly members: QAPISchemaEnumMember[],
    /** C enum constant prefix override ('prefix' key). */
    readonly prefix: string | null,
  ) {
    super(name, info, doc, ifcond, features);
    for (const m of members) m.setDefinedIn(name);
  }

  override isImplicit(): boolean {
    return this.name === 'QType';
  }

  memberNames(): string[] {
    return this.members.map((m) => m.name);
  }

  override check(schema: QAPISchema): void {
    super.check(schema);
    const seen = new Map<string, QAPISchemaMember>();
    for (const m of this.members) m.checkClash(this.info, seen);
  }

  override connectDoc(doc: QAPIDoc | null = null): void {
    super.connectDoc(doc);
    doc = doc ?? this.doc;
    for (const m of this.members) m.connectDoc(doc);
  }

  jsonType(): JSONType {
    return 'string';
  }

  visit(visitor: QAPISchemaVisitor): void {
    visitor.visitEnumType?.(this);
  }
}

export class QAPISchemaArrayType extends QAPISchemaType {
  readonly meta = 'array';
  private _elementType: QAPISchemaType | null = null;

  constructor(
    name: string,
    info: QAPISourceInfo | null,
    readonly elementTypeName: string,
  ) {
    super(name, info, null);
  }

  get elementType(): QAPISchemaType {
    if (!this._elementType) throw new Error(`array '${this.name}' not checked`);
    return this._elementType;
  }

  override isImplicit(): boolean {
    return true;
  }

  /** An array is as conditional as its element type. */
  override get ifcond(): IfCond {
    return this._elementType ? this._elementType.ifcond : IfCond.NONE;
  }

  override check(schema: QAPISchema): void {
    super.check(schema);
    this._elementType = schema.resolveType(this.elementTypeName, this.info, this.info?.defnMeta ?? 'array');
  }

  override setModule(schema: QAPISchema): void {
    const info = this.elementType.info;
    this.module = schema.moduleByFname(info ? info.fname : null);
    this.module.addEntity(this);
  }

  override describe(): string {
    return `${this.meta} type ['${this.elementTypeName}']`;
  }

  jsonType(): JSONType {
    return 'array';
  }

  visit(visitor: QAPISchemaVisitor): void {
    visitor.visitArrayType?.(this);
  }
}

export class QAPISchemaObjectType extends QAPISchemaType {
  readonly meta: 'struct' | 'union';
  private _base: QAPISchemaObjectType | null = null;
  private _members: QAPISchemaObjectTypeMember[] | null = null;

  constructor(
    name: string,
    info: QAPISourceInfo | null,
    doc: QAPIDoc | null,
    ifcond: IfCond,
    features: QAPISchemaFeature[],
    readonly baseName: string | null,
    readonly localMembers: QAPISchemaObjectTypeMember[],
    readonly variants: QAPISchemaVariants | null,
  ) {
    super(name, info, doc, ifcond, features);
    this.meta = variants ? 'union' : 'struct';
    for (const m of localMembers) m.setDefinedIn(name);
    variants?.setDefinedIn(name);
  }

  get base(): QAPISchemaObjectType | null {
    return this._base;
  }

  /** All members, the base's first (QEMU's flat view); available once checked. */
  get members(): QAPISchemaObjectTypeMember[] {
    if (!this._members) throw new Error(`object '${this.name}' not checked`);
    return this._members;
  }

  override check(schema: QAPISchema): void {
    // Re-entry before completion means the type contains itself.
    if (this._members) return;
    if (this.checked) throw new QAPIError(this.info, `object ${this.name} contains itself`);
    super.check(schema);
    const seen = new Map<string, QAPISchemaMember>();
    if (this.baseName) {
      const base = schema.resolveType(this.baseName, this.info, "'base'");
      if (!(base instanceof QAPISchemaObjectType) || base.variants) {
        throw new QAPIError(this.info, `'base' requires a struct type, ${base.describe()} isn't`);
      }
      this._base = base;
      base.check(schema);
      base.checkClash(this.info, seen);
    }
    for (const m of this.localMembers) {
      m.check(schema);
      m.checkClash(this.info, seen);
    }
    const members = [...seen.values()] as QAPISchemaObjectTypeMember[];
    if (this.variants) {
      this.variants.check(schema, seen);
      this.variants.checkClash(this.info, seen);
    }
    this._members = members;
  }

  /** Check this type's members against `seen` (used when it serves as a base or a branch). */
  checkClash(info: QAPISourceInfo | null, seen: Map<string, QAPISchemaMember>): void {
    for (const m of this.members) m.checkClash(info, seen);
  }

  override connectDoc(doc: QAPIDoc | null = null): void {
    super.connectDoc(doc);
    doc = doc ?? this.doc;
    if (this._base?.isImplicit()) this._base.connectDoc(doc);
    for (const m of this.localMembers) m.connectDoc(doc);
  }

  override isImplicit(): boolean {
    // Implicit object types (q_obj_*, q_empty) get their names from QEMU's reserved q_ namespace.
    return this.name.startsWith('q_');
  }

  /** No members and no branches (once checked). */
  isEmpty(): boolean {
    return this.members.length === 0 && !this.variants;
  }

  hasConditionalMembers(): boolean {
    return this.members.some((m) => m.ifcond.isPresent());
  }

  jsonType(): JSONType {
    return 'object';
  }

  visit(visitor: QAPISchemaVisitor): void {
    visitor.visitObjectType?.(this);
    visitor.visitObjectTypeFlat?.(this);
  }
}

export class QAPISchemaAlternateType extends QAPISchemaType {
  readonly meta = 'alternate';
  constructor(
    name: string,
    info: QAPISourceInfo,
    doc: QAPIDoc | null,
    ifcond: IfCond,
    features: QAPISchemaFeature[],
    readonly variants: QAPISchemaVariants,
  ) {
    super(name, info, doc, ifcond, features);
    variants.setDefinedIn(name);
  }

  override check(schema: QAPISchema): void {
    super.check(schema);
    this.variants.tagMember.check(schema);
    this.variants.check(schema, new Map());
    // Branch names have no relation to the tag enum: check their clashes here.
    const seen = new Map<string, QAPISchemaMember>();
    const typesSeen = new Map<string, string>();
    for (const v of this.variants.variants) {
      v.checkClash(this.info, seen);
      const qtype = v.type.alternateQType();
      if (!qtype) throw new QAPIError(this.info, `${v.describe(this.info)} cannot use ${v.type.describe()}`);
      const conflicting = new Set<string>([qtype]);
      if (qtype === 'QTYPE_QSTRING') {
        if (v.type instanceof QAPISchemaEnumType) {
          for (const m of v.type.members) {
            if (m.name === 'on' || m.name === 'off') conflicting.add('QTYPE_QBOOL');
            if (/^[-+0-9.]/.test(m.name)) conflicting.add('QTYPE_QNUM');
          }
        } else {
          // A string can be parsed from a keyval number or boolean, so it conflicts with them.
          conflicting.add('QTYPE_QNUM');
          conflicting.add('QTYPE_QBOOL');
        }
      }
      for (const qt of conflicting) {
        const other = typesSeen.get(qt);
        if (other !== undefined) {
          throw new QAPIError(this.info, `${v.describe(this.info)} can't be distinguished from '${other}'`);
        }
        typesSeen.set(qt, v.name);
      }
    }
  }

  override connectDoc(doc: QAPIDoc | null = null): void {
    super.connectDoc(doc);
    doc = doc ?? this.doc;
    for (const v of this.variants.variants) v.connectDoc(doc);
  }

  jsonType(): JSONType {
    return 'value';
  }

  visit(visitor: QAPISchemaVisitor): void {
    visitor.visitAlternateType?.(this);
  }
}

export class QAPISchemaCommand extends QAPISchemaEntity {
  readonly meta = 'command';
  private _argType: QAPISchemaObjectType | null = null;
  private _retType: QAPISchemaType | null = null;

  constructor(
    name: string,
    info: QAPISourceInfo,
    doc: QAPIDoc | null,
    ifcond: IfCond,
    features: QAPISchemaFeature[],
    readonly argTypeName: string | null,
    readonly retTypeName: string | null,
    readonly gen: boolean,
    readonly successResponse: boolean,
    readonly boxed: boolean,
    readonly allowOob: boolean,
    readonly allowPreconfig: boolean,
    readonly coroutine: boolean,
  ) {
    super(name, info, doc, ifcond, features);
  }

  /** The arguments' type (implicit q_obj_<name>-arg for inline 'data'); null when there are none. */
  get argType(): QAPISchemaObjectType | null {
    return this._argType;
  }
  /** The return type; null when the command returns {}. */
  get retType(): QAPISchemaType | null {
    return this._retType;
  }

  override check(schema: QAPISchema): void {
    super.check(schema);
    if (this.argTypeName) {
      const t = schema.resolveType(this.argTypeName, this.info, "command's 'data'");
      if (!(t instanceof QAPISchemaObjectType)) {
        throw new QAPIError(this.info, `command's 'data' cannot take ${t.describe()}`);
      }
      if (t.variants && !this.boxed) {
        throw new QAPIError(this.info, `command's 'data' can take ${t.describe()} only with 'boxed': true`);
      }
      this._argType = t;
    }
    if (this.retTypeName) {
      const t = schema.resolveType(this.retTypeName, this.info, "command's 'returns'");
      this._retType = t;
      if (!this.info!.pragma.commandReturnsExceptions.includes(this.name)) {
        let typ = t;
        if (typ instanceof QAPISchemaArrayType) typ = typ.elementType;
        if (!(typ instanceof QAPISchemaObjectType)) {
          throw new QAPIError(this.info, `command's 'returns' cannot take ${t.describe()}`);
        }
      }
    }
  }

  override connectDoc(doc: QAPIDoc | null = null): void {
    super.connectDoc(doc);
    doc = doc ?? this.doc;
    if (doc && this._argType?.isImplicit()) this._argType.connectDoc(doc);
  }

  visit(visitor: QAPISchemaVisitor): void {
    visitor.visitCommand?.(this);
  }
}

export class QAPISchemaEvent extends QAPISchemaEntity {
  readonly meta = 'event';
  private _argType: QAPISchemaObjectType | null = null;

  constructor(
    name: string,
    info: QAPISourceInfo,
    doc: QAPIDoc | null,
    ifcond: IfCond,
    features: QAPISchemaFeature[],
    readonly argTypeName: string | null,
    readonly boxed: boolean,
  ) {
    super(name, info, doc, ifcond, features);
  }

  get argType(): QAPISchemaObjectType | null {
    return this._argType;
  }

  override check(schema: QAPISchema): void {
    super.check(schema);
    if (this.argTypeName) {
      const t = schema.resolveType(this.argTypeName, this.info, "event's 'data'");
      if (!(t instanceof QAPISchemaObjectType)) {
        throw new QAPIError(this.info, `event's 'data' cannot take ${t.describe()}`);
      }
      if (t.variants && !this.boxed) {
        throw new QAPIError(this.info, `event's 'data' can take ${t.describe()} only with 'boxed': true`);
      }
      this._argType = t;
    }
  }

  override connectDoc(doc: QAPIDoc | null = null): void {
    super.connectDoc(doc);
    doc = doc ?? this.doc;
    if (doc && this._argType?.isImplicit()) this._argType.connectDoc(doc);
  }

  visit(visitor: QAPISchemaVisitor): void {
    visitor.visitEvent?.(this);
  }
}

/** A schema file and the entities defined in it. */
export class QAPISchemaModule {
  readonly entities: QAPISchemaEntity[] = [];
  constructor(readonly name: string) {}

  addEntity(ent: QAPISchemaEntity): void {
    this.entities.push(ent);
  }

  isBuiltin(): boolean {
    return this.name === BUILTIN_MODULE_NAME;
  }

  visit(visitor: QAPISchemaVisitor): void {
    visitor.visitModule?.(this.name);
    for (const e of this.entities) if (visitor.visitNeeded?.(e) ?? true) e.visit(visitor);
  }
}

// ---------------------------------------------------------------------------------------------
// The schema

export interface LoadOptions {
  /**
   * Condition symbols to evaluate `if` with (QEMU's build configuration): when given, every entity,
   * member, branch, enum value and feature whose condition is false is absent from the schema.
   * When omitted, the schema keeps every definition with its condition attached.
   */
  defined?: Iterable<string>;
  /** Reads schema files; defaults to node:fs. */
  readFile?: ReadFile;
}

export class QAPISchema {
  /** Every free-form and definition doc block, in source order. */
  readonly docs: QAPIDoc[];
  /** Entities in definition order (predefined first). */
  readonly entities: QAPISchemaEntity[] = [];
  private readonly entityDict = new Map<string, QAPISchemaEntity>();
  private readonly moduleDict = new Map<string, QAPISchemaModule>();
  private predefining = true;
  /** The symbols the schema was pruned with; null when conditions were kept. */
  readonly defined: ReadonlySet<string> | null;
  /** The schema with every condition kept (this schema itself when `defined` is null). */
  readonly unpruned: QAPISchema;
  theEmptyObjectType!: QAPISchemaObjectType;

  /** Load, check and build from a root schema file. Throws QAPIError. */
  static load(fname: string, opts: LoadOptions = {}): QAPISchema {
    let parser: QAPISchemaParser;
    try {
      parser = new QAPISchemaParser(fname, new Set(), null, opts.readFile);
    } catch (err) {
      if (err instanceof QAPIError) throw err;
      const e = err as NodeJS.ErrnoException;
      const why = e.code === 'ENOENT' ? 'No such file or directory' : (e.message ?? String(e));
      throw new QAPIError(null, `can't read schema file '${fname}': ${why}`);
    }
    const exprs = checkExprs(parser.exprs);
    const full = new QAPISchema(fname, exprs, parser.docs, null, null);
    if (opts.defined === undefined) return full;
    const defined = new Set(opts.defined);
    // The doc blocks are shared: the full schema already connected every documented member.
    return new QAPISchema(fname, pruneExprs(exprs, defined), parser.docs, defined, full);
  }

  /**
   * Load from source text given as `fname`; includes are read relative to it through
   * `opts.readFile` (default node:fs).
   */
  static fromString(src: string, fname = 'schema.json', opts: LoadOptions = {}): QAPISchema {
    const read = opts.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
    return QAPISchema.load(fname, { ...opts, readFile: (p) => (p === fname ? src : read(p)) });
  }

  private constructor(
    readonly fname: string,
    exprs: ParsedExpr[],
    docs: QAPIDoc[],
    defined: Set<string> | null,
    unpruned: QAPISchema | null,
  ) {
    this.docs = docs;
    this.defined = defined;
    this.unpruned = unpruned ?? this;
    this.makeModule(BUILTIN_MODULE_NAME);
    this.makeModule(fname);
    this.defPredefineds();
    this.predefining = false;
    this.defExprs(exprs);
    this.check();
  }

  get modules(): QAPISchemaModule[] {
    return [...this.moduleDict.values()];
  }

  private makeModule(fname: string): QAPISchemaModule {
    let m = this.moduleDict.get(fname);
    if (!m) {
      m = new QAPISchemaModule(fname);
      this.moduleDict.set(fname, m);
    }
    return m;
  }

  moduleByFname(fname: string | null): QAPISchemaModule {
    const m = this.moduleDict.get(fname ?? BUILTIN_MODULE_NAME);
    if (!m) throw new Error(`no module ${fname}`);
    return m;
  }

  private defEntity(ent: QAPISchemaEntity): void {
    if (!ent.info && !this.predefining) throw new Error('only predefined entities may lack info');
    this.entities.push(ent);
    if (ent instanceof QAPISchemaInclude) return;
    const other = this.entityDict.get(ent.name);
    if (other) {
      if (other.info) {
        const where = new QAPIError(other.info, 'previous definition');
        throw new QAPIError(ent.info, `'${ent.name}' is already defined\n${where.message}`);
      }
      throw new QAPIError(ent.info, `${other.describe()} is already defined`);
    }
    this.entityDict.set(ent.name, ent);
  }

  lookupEntity(name: string): QAPISchemaEntity | undefined {
    return this.entityDict.get(name);
  }

  lookupType(name: string): QAPISchemaType | undefined {
    const e = this.entityDict.get(name);
    return e instanceof QAPISchemaType ? e : undefined;
  }

  resolveType(
    name: string,
    info: QAPISourceInfo | null,
    what: string | ((info: QAPISourceInfo | null) => string),
  ): QAPISchemaType {
    const t = this.lookupType(name);
    if (!t) {
      const w = typeof what === 'function' ? what(info) : what;
      throw new QAPIError(info, `${w} uses unknown type '${name}'`);
    }
    return t;
  }

  /** Commands in definition order. */
  get commands(): QAPISchemaCommand[] {
    return this.entities.filter((e): e is QAPISchemaCommand => e instanceof QAPISchemaCommand);
  }

  /** Events in definition order. */
  get events(): QAPISchemaEvent[] {
    return this.entities.filter((e): e is QAPISchemaEvent => e instanceof QAPISchemaEvent);
  }

  private defPredefineds(): void {
    for (const [name, json] of BUILTIN_TYPES) {
      this.defEntity(new QAPISchemaBuiltinType(name, json));
      this.makeArrayType(name, null);
    }
    this.theEmptyObjectType = new QAPISchemaObjectType(
      'q_empty',
      null,
      null,
      IfCond.NONE,
      [],
      null,
      [],
      null,
    );
    this.defEntity(this.theEmptyObjectType);
    const qtypes = ['none', 'qnull', 'qnum', 'qstring', 'qdict', 'qlist', 'qbool'];
    this.defEntity(
      new QAPISchemaEnumType(
        'QType',
        null,
        null,
        IfCond.NONE,
        [],
        qtypes.map((n) => new QAPISchemaEnumMember(n, null)),
        'QTYPE',
      ),
    );
  }

  private makeFeatures(features: ExprValue | undefined, info: QAPISourceInfo): QAPISchemaFeature[] {
    if (!Array.isArray(features)) return [];
    return (features as ExprDict[]).map(
      (f) => new QAPISchemaFeature(f.get('name') as string, info, ifcondOf(f)),
    );
  }

  private makeArrayType(elementType: string, info: QAPISourceInfo | null): string {
    const name = `${elementType}List`; // 'List' suffixes are reserved by the name rules
    if (!this.lookupType(name)) this.defEntity(new QAPISchemaArrayType(name, info, elementType));
    return name;
  }

  private makeImplicitObjectType(
    name: string,
    info: QAPISourceInfo,
    ifcond: IfCond,
    role: 'arg' | 'base',
    members: QAPISchemaObjectTypeMember[],
  ): string | null {
    if (!members.length) return null;
    const tname = `q_obj_${name}-${role}`;
    // With several users, the name is a duplicate definition flagged elsewhere.
    if (!this.lookupEntity(tname)) {
      this.defEntity(new QAPISchemaObjectType(tname, info, null, ifcond, [], null, members, null));
    }
    return tname;
  }

  private makeMember(
    name: string,
    typ: ExprValue,
    ifcond: IfCond,
    features: ExprValue | undefined,
    info: QAPISourceInfo,
  ): QAPISchemaObjectTypeMember {
    let optional = false;
    if (name.startsWith('*')) {
      name = name.slice(1);
      optional = true;
    }
    const tname = Array.isArray(typ) ? this.makeArrayType(typ[0] as string, info) : (typ as string);
    return new QAPISchemaObjectTypeMember(
      name,
      info,
      tname,
      optional,
      ifcond,
      this.makeFeatures(features, info),
    );
  }

  private makeMembers(data: ExprDict, info: QAPISourceInfo): QAPISchemaObjectTypeMember[] {
    return [...data].map(([key, value]) => {
      const v = value as ExprDict;
      return this.makeMember(key, v.get('type')!, ifcondOf(v), v.get('features'), info);
    });
  }

  private makeVariant(name: string, typ: ExprValue, ifcond: IfCond, info: QAPISourceInfo): QAPISchemaVariant {
    const tname = Array.isArray(typ) ? this.makeArrayType(typ[0] as string, info) : (typ as string);
    return new QAPISchemaVariant(name, info, tname, ifcond);
  }

  private defExprs(exprs: ParsedExpr[]): void {
    for (const { expr, info, doc } of exprs) {
      if (expr.has('include')) {
        this.defEntity(new QAPISchemaInclude(this.makeModule(expr.get('include') as string), info));
      } else if (expr.has('enum')) this.defEnumType(expr, info, doc);
      else if (expr.has('struct')) this.defStructType(expr, info, doc);
      else if (expr.has('union')) this.defUnionType(expr, info, doc);
      else if (expr.has('alternate')) this.defAlternateType(expr, info, doc);
      else if (expr.has('command')) this.defCommand(expr, info, doc);
      else if (expr.has('event')) this.defEvent(expr, info, doc);
    }
  }

  private defEnumType(expr: ExprDict, info: QAPISourceInfo, doc: QAPIDoc | null): void {
    const name = expr.get('enum') as string;
    const members = (expr.get('data') as ExprDict[]).map(
      (m) =>
        new QAPISchemaEnumMember(
          m.get('name') as string,
          info,
          ifcondOf(m),
          this.makeFeatures(m.get('features'), info),
        ),
    );
    const prefix = expr.get('prefix');
    this.defEntity(
      new QAPISchemaEnumType(
        name,
        info,
        doc,
        ifcondOf(expr),
        this.makeFeatures(expr.get('features'), info),
        members,
        typeof prefix === 'string' ? prefix : null,
      ),
    );
  }

  private defStructType(expr: ExprDict, info: QAPISourceInfo, doc: QAPIDoc | null): void {
    const name = expr.get('struct') as string;
    const base = expr.get('base');
    const features = this.makeFeatures(expr.get('features'), info);
    const members = this.makeMembers(expr.get('data') as ExprDict, info);
    this.defEntity(
      new QAPISchemaObjectType(
        name,
        info,
        doc,
        ifcondOf(expr),
        features,
        typeof base === 'string' ? base : null,
        members,
        null,
      ),
    );
  }

  private defUnionType(expr: ExprDict, info: QAPISourceInfo, doc: QAPIDoc | null): void {
    const name = expr.get('union') as string;
    const base = expr.get('base')!;
    const tagName = expr.get('discriminator') as string;
    const data = expr.get('data') as ExprDict;
    const ifcond = ifcondOf(expr);
    const features = this.makeFeatures(expr.get('features'), info);
    let baseName: string | null;
    if (base instanceof Map) {
      baseName = this.makeImplicitObjectType(name, info, ifcond, 'base', this.makeMembers(base, info));
    } else {
      baseName = base as string;
    }
    const variants = [...data].map(([key, value]) => {
      const v = value as ExprDict;
      return this.makeVariant(key, v.get('type')!, ifcondOf(v), info);
    });
    this.defEntity(
      new QAPISchemaObjectType(
        name,
        info,
        doc,
        ifcond,
        features,
        baseName,
        [],
        new QAPISchemaVariants(tagName, info, null, variants),
      ),
    );
  }

  private defAlternateType(expr: ExprDict, info: QAPISourceInfo, doc: QAPIDoc | null): void {
    const name = expr.get('alternate') as string;
    const data = expr.get('data') as ExprDict;
    const features = this.makeFeatures(expr.get('features'), info);
    const variants = [...data].map(([key, value]) => {
      const v = value as ExprDict;
      return this.makeVariant(key, v.get('type')!, ifcondOf(v), info);
    });
    const tagMember = new QAPISchemaObjectTypeMember('type', info, 'QType', false);
    this.defEntity(
      new QAPISchemaAlternateType(
        name,
        info,
        doc,
        ifcondOf(expr),
        features,
        new QAPISchemaVariants(null, info, tagMember, variants),
      ),
    );
  }

  private defCommand(expr: ExprDict, info: QAPISourceInfo, doc: QAPIDoc | null): void {
    const name = expr.get('command') as string;
    const data = expr.get('data');
    const rets = expr.get('returns');
    const ifcond = ifcondOf(expr);
    const features = this.makeFeatures(expr.get('features'), info);
    let argTypeName: string | null = null;
    if (data instanceof Map) {
      argTypeName = this.makeImplicitObjectType(name, info, ifcond, 'arg', this.makeMembers(data, info));
    } else if (typeof data === 'string') argTypeName = data;
    let retTypeName: string | null = null;
    if (Array.isArray(rets)) retTypeName = this.makeArrayType(rets[0] as string, info);
    else if (typeof rets === 'string') retTypeName = rets;
    this.defEntity(
      new QAPISchemaCommand(
        name,
        info,
        doc,
        ifcond,
        features,
        argTypeName,
        retTypeName,
        expr.get('gen') !== false,
        expr.get('success-response') !== false,
        expr.get('boxed') === true,
        expr.get('allow-oob') === true,
        expr.get('allow-preconfig') === true,
        expr.get('coroutine') === true,
      ),
    );
  }

  private defEvent(expr: ExprDict, info: QAPISourceInfo, doc: QAPIDoc | null): void {
    const name = expr.get('event') as string;
    const data = expr.get('data');
    const ifcond = ifcondOf(expr);
    const features = this.makeFeatures(expr.get('features'), info);
    let argTypeName: string | null = null;
    if (data instanceof Map) {
      argTypeName = this.makeImplicitObjectType(name, info, ifcond, 'arg', this.makeMembers(data, info));
    } else if (typeof data === 'string') argTypeName = data;
    this.defEntity(
      new QAPISchemaEvent(name, info, doc, ifcond, features, argTypeName, expr.get('boxed') === true),
    );
  }

  private check(): void {
    for (const ent of this.entities) {
      ent.check(this);
      ent.connectDoc();
      ent.checkDoc();
    }
    for (const ent of this.entities) ent.setModule(this);
  }

  /** Walk the schema in QEMU's order: modules in include order, entities in definition order. */
  visit(visitor: QAPISchemaVisitor): void {
    visitor.visitBegin?.(this);
    for (const m of this.moduleDict.values()) m.visit(visitor);
    visitor.visitEnd?.();
  }
}

/** The condition of an expression or member, from its (already checked) 'if' key. */
function ifcondOf(d: ExprDict): IfCond {
  const v = d.get('if');
  return v === undefined ? IfCond.NONE : new IfCond(toIfExpr(v));
}

function toIfExpr(v: ExprValue): IfExpr {
  if (typeof v === 'string') return v;
  const d = v as ExprDict;
  if (d.has('not')) return { not: toIfExpr(d.get('not')!) };
  if (d.has('all')) return { all: (d.get('all') as ExprValue[]).map(toIfExpr) };
  return { any: (d.get('any') as ExprValue[]).map(toIfExpr) };
}

/**
 * Copy the checked expressions without what is conditional on false, and without the 'if' keys of
 * what remains (it is all true).
 */
function pruneExprs(exprs: ParsedExpr[], defined: ReadonlySet<string>): ParsedExpr[] {
  const holds = (d: ExprDict): boolean => ifcondOf(d).evaluate(defined);
  const strip = (d: ExprDict): ExprDict => {
    const out: ExprDict = new Map();
    for (const [k, v] of d) {
      if (k === 'if') continue;
      out.set(k, k === 'features' && Array.isArray(v) ? pruneList(v) : v);
    }
    return out;
  };
  const pruneList = (list: ExprValue[]): ExprValue[] =>
    list.filter((x) => !(x instanceof Map) || holds(x)).map((x) => (x instanceof Map ? strip(x) : x));
  const pruneMembers = (d: ExprValue | undefined): ExprValue | undefined => {
    if (!(d instanceof Map)) return d;
    const out: ExprDict = new Map();
    for (const [k, v] of d) if (!(v instanceof Map) || holds(v)) out.set(k, v instanceof Map ? strip(v) : v);
    return out;
  };
  const out: ParsedExpr[] = [];
  for (const pe of exprs) {
    const { expr } = pe;
    if (expr.has('include')) {
      out.push(pe);
      continue;
    }
    if (!holds(expr)) continue;
    const e = strip(expr);
    if (e.has('enum')) e.set('data', pruneList(e.get('data') as ExprValue[]));
    for (const key of ['data', 'base']) {
      if (e.has(key) && !e.has('enum')) e.set(key, pruneMembers(e.get(key))!);
    }
    out.push({ ...pe, expr: e });
  }
  return out;
}
