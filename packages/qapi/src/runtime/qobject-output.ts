// QEMU's QObject output visitor (qapi/qobject-output-visitor.c) and clone visitor
// (qapi/qapi-clone-visitor.c): plain TypeScript values of a QAPI type to QObjects, or deep copies.
// A value that does not fit its type is a programming error in the producer: it throws TypeError.
import { fromJS, QBool, QDict, QList, QNum, QObject, QString, qnull } from '@tsemu/qobject';
import { type CompatPolicy, DEFAULT_COMPAT_POLICY, policyOutputOk } from './policy.js';
import { branchQType } from './qobject-input.js';
import type { QapiSchema, RAlternate, RObject, RType } from './schema.js';

export interface OutputOptions {
  /** -compat policy: `hide` drops deprecated/unstable members. */
  readonly policy?: CompatPolicy;
}

const RANGES: Record<string, [bigint, bigint]> = {
  int: [-(1n << 63n), (1n << 63n) - 1n],
  int8: [-128n, 127n],
  int16: [-32768n, 32767n],
  int32: [-2147483648n, 2147483647n],
  int64: [-(1n << 63n), (1n << 63n) - 1n],
  uint8: [0n, 255n],
  uint16: [0n, 65535n],
  uint32: [0n, 4294967295n],
  uint64: [0n, (1n << 64n) - 1n],
  size: [0n, (1n << 64n) - 1n],
};

function bad(path: string, what: string, v: unknown): never {
  const got = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
  throw new TypeError(`QAPI output: ${path ? `'${path}'` : 'the value'} must be ${what}, got ${got}`);
}

function jsQType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v) || v instanceof QList) return 'list';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'num';
    case 'boolean':
      return 'bool';
    case 'object':
      return 'dict';
    default:
      return 'none';
  }
}

/** Picks an alternate's branch by the JavaScript type of the value. */
export function alternateBranch(t: RAlternate, v: unknown): RType | undefined {
  const q = v instanceof QObject ? v.type : jsQType(v);
  return t.branches.find((b) => branchQType(b) === q);
}

function toInt(path: string, t: string, v: unknown): bigint {
  let b: bigint;
  if (typeof v === 'bigint') b = v;
  else if (typeof v === 'number' && Number.isSafeInteger(v)) b = BigInt(v);
  else if (v instanceof QNum && v.kind !== 'double') b = v.kind === 'u64' ? v.getUint() : v.getInt();
  else return bad(path, `an integer (${t})`, v);
  const [min, max] = RANGES[t]!;
  if (b < min || b > max) throw new RangeError(`QAPI output: '${path}' = ${b} is out of range for ${t}`);
  return b;
}

export class QObjectOutputVisitor {
  readonly #policy: CompatPolicy;
  constructor(policy: CompatPolicy = DEFAULT_COMPAT_POLICY) {
    this.#policy = policy;
  }

  visit(t: RType, v: unknown, path: string): QObject {
    switch (t.kind) {
      case 'builtin':
        switch (t.name) {
          case 'str':
            if (typeof v !== 'string') bad(path, 'a string', v);
            return new QString(v);
          case 'bool':
            if (typeof v !== 'boolean') bad(path, 'a boolean', v);
            return new QBool(v);
          case 'QType':
            if (typeof v !== 'string' || !t.values!.includes(v)) bad(path, 'a QType value', v);
            return new QString(v);
          case 'number':
            if (typeof v === 'number') return QNum.fromDouble(v);
            if (v instanceof QNum) return QNum.fromDouble(v.getDouble());
            return bad(path, 'a number', v);
          case 'null':
            if (v !== null) bad(path, 'null', v);
            return qnull;
          case 'any':
            if (v === undefined) bad(path, 'a value', v);
            return v instanceof QObject ? v : fromJS(v);
          case 'uint8':
          case 'uint16':
          case 'uint32':
          case 'uint64':
          case 'size':
            return QNum.fromUint(toInt(path, t.name, v));
          default:
            return QNum.fromInt(toInt(path, t.name, v));
        }
      case 'enum':
        if (typeof v !== 'string' || !t.valueSet.has(v)) bad(path, `a ${t.name} value`, v);
        return new QString(v);
      case 'array': {
        if (!Array.isArray(v)) bad(path, 'an array', v);
        const l = new QList();
        for (let i = 0; i < v.length; i++) l.append(this.visit(t.element, v[i], `${path}[${i}]`));
        return l;
      }
      case 'object': {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(path, `an object (${t.name})`, v);
        const d = new QDict();
        this.#members(t, v as Record<string, unknown>, d, path);
        return d;
      }
      case 'alternate': {
        const b = alternateBranch(t, v);
        if (!b) return bad(path, `a ${t.name} value`, v);
        return this.visit(b, v, path);
      }
    }
  }

  #members(t: RObject, v: Record<string, unknown>, d: QDict, path: string): void {
    for (const m of t.members) {
      const mv = v[m.name];
      const mpath = path ? `${path}.${m.name}` : m.name;
      if (mv === undefined) {
        if (m.optional) continue;
        bad(mpath, 'present', mv);
      }
      if (m.special && !policyOutputOk(m.special, this.#policy)) continue;
      d.put(m.name, this.visit(m.type, mv, mpath));
    }
    if (t.variants) {
      const branch = t.variants.get(v[t.tag!] as string);
      if (branch) this.#members(branch, v, d, path);
    }
  }
}

/** QObject output: a value of `type` to its QObject (a reply's `return`, an event's `data`). */
export function qobjectOutput(
  schema: QapiSchema,
  type: string | RType,
  value: unknown,
  opts: OutputOptions = {},
): QObject {
  const t = typeof type === 'string' ? schema.type(type) : type;
  return new QObjectOutputVisitor(opts.policy).visit(t, value, '');
}

function cloneValue(t: RType, v: unknown): unknown {
  switch (t.kind) {
    case 'builtin':
    case 'enum':
      return v; // scalars and QObjects ('any' is shared, as QEMU's clone takes a reference)
    case 'array':
      return (v as unknown[]).map((e) => cloneValue(t.element, e));
    case 'alternate': {
      const b = alternateBranch(t, v);
      return b ? cloneValue(b, v) : v;
    }
    case 'object': {
      const src = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      const copy = (o: RObject) => {
        for (const m of o.members)
          if (src[m.name] !== undefined) out[m.name] = cloneValue(m.type, src[m.name]);
        const b = o.variants?.get(src[o.tag!] as string);
        if (b) copy(b);
      };
      copy(t);
      return out;
    }
  }
}

/** QAPI_CLONE(): a deep copy of a value of `type`, keeping only the type's members. */
export function qapiClone<T>(schema: QapiSchema, type: string | RType, value: T): T {
  return cloneValue(typeof type === 'string' ? schema.type(type) : type, value) as T;
}
