// The runtime type descriptor format: plain data describing QAPI types, commands and events.
// Generated code emits these as literals; buildSchemaDesc() makes them from a schema model at run
// time. Types refer to each other by QAPI name; '[T]' names an array of T without declaring it.

/** QAPI's builtin types (qapi-code-gen.rst "Built-in Types"). */
export const BUILTIN_TYPE_NAMES = [
  'str',
  'number',
  'int',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'size',
  'bool',
  'null',
  'any',
  'QType',
] as const;
export type BuiltinTypeName = (typeof BUILTIN_TYPE_NAMES)[number];

/** QEMU's QType enum values, the values of the builtin `QType`. */
export const QTYPE_VALUES = ['none', 'qnull', 'qnum', 'qstring', 'qdict', 'qlist', 'qbool'] as const;
export type QTypeValue = (typeof QTYPE_VALUES)[number];

/** Omit for generated union types (a schema may define a type named Omit). */
export type OmitMembers<T, K extends keyof T> = Omit<T, K>;

/** A QAPI type name, or `[T]` for an array of T. */
export type TypeRef = string;

/** Feature names; `deprecated` and `unstable` are the special ones the compat policy acts on. */
export type FeatureList = readonly string[];

export interface EnumMemberDesc {
  readonly name: string;
  readonly features?: FeatureList;
}

export interface EnumTypeDesc {
  readonly meta: 'enum';
  readonly name: string;
  /** Members in schema order; a bare string is a member without features. */
  readonly members: readonly (string | EnumMemberDesc)[];
  readonly features?: FeatureList;
}

export interface MemberDesc {
  readonly name: string;
  readonly type: TypeRef;
  readonly optional?: boolean;
  readonly features?: FeatureList;
}

export interface StructTypeDesc {
  readonly meta: 'struct';
  readonly name: string;
  readonly base?: TypeRef;
  /** Own members, after the base's. */
  readonly members: readonly MemberDesc[];
  readonly features?: FeatureList;
}

export interface UnionTypeDesc {
  readonly meta: 'union';
  readonly name: string;
  /** Named base type; its members come first. */
  readonly base?: TypeRef;
  /** Common members given inline (QEMU's implicit base), after the named base's. */
  readonly members?: readonly MemberDesc[];
  /** The common member (an enum) whose value selects the branch. */
  readonly discriminator: string;
  /** Discriminator value → struct type of that branch; values without a branch add no members. */
  readonly variants: Readonly<Record<string, TypeRef>>;
  readonly features?: FeatureList;
}

export interface AlternateTypeDesc {
  readonly meta: 'alternate';
  readonly name: string;
  /** Branches; at most one per JSON type (QAPI's rule), so the JSON type picks the branch. */
  readonly members: readonly { readonly name: string; readonly type: TypeRef }[];
  readonly features?: FeatureList;
}

export type TypeDesc = EnumTypeDesc | StructTypeDesc | UnionTypeDesc | AlternateTypeDesc;

export interface CommandDesc {
  readonly name: string;
  /** Argument type (an object type, or with `boxed` any object/union type); none: no arguments. */
  readonly data?: TypeRef;
  readonly boxed?: boolean;
  readonly returns?: TypeRef;
  /** `'gen': false`: the handler gets the raw arguments QDict and returns a QObject. */
  readonly gen?: boolean;
  /** `'success-response': false`: no reply on success (QGA's guest-shutdown and friends). */
  readonly successResponse?: boolean;
  readonly allowOob?: boolean;
  readonly allowPreconfig?: boolean;
  readonly coroutine?: boolean;
  readonly features?: FeatureList;
}

export interface EventDesc {
  readonly name: string;
  readonly data?: TypeRef;
  readonly boxed?: boolean;
  readonly features?: FeatureList;
}

/** A whole schema: what generated code exports and what a runtime QapiSchema is built from. */
export interface SchemaDesc {
  readonly types: readonly TypeDesc[];
  readonly commands?: readonly CommandDesc[];
  readonly events?: readonly EventDesc[];
}

/** Special feature bits, as QEMU's QAPI_DEPRECATED / QAPI_UNSTABLE. */
export const SPECIAL_DEPRECATED = 1;
export const SPECIAL_UNSTABLE = 2;

export function specialFeatures(features: FeatureList | undefined): number {
  if (!features) return 0;
  let bits = 0;
  for (const f of features) {
    if (f === 'deprecated') bits |= SPECIAL_DEPRECATED;
    else if (f === 'unstable') bits |= SPECIAL_UNSTABLE;
  }
  return bits;
}
