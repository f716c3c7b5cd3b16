// QEMU's QObject input visitor (qapi/qobject-input-visitor.c), strict and keyval flavours, walking
// resolved descriptors: QObject in, plain TypeScript value out, errors worded as QEMU words them.
import { QBool, QDict, QList, QNull, QNum, type QObject, QString } from '@tsemu/qobject';
import { strtodFinite, strtoi64, strtosz, strtou64 } from './cutils.js';
import {
  invalidEnumValue,
  invalidParameterType,
  invalidParameterValue,
  missingParameter,
  QapiError,
  unexpectedParameter,
} from './error.js';
import { type CompatPolicy, checkPolicyInput, DEFAULT_COMPAT_POLICY } from './policy.js';
import type { QapiSchema, RAlternate, RBuiltin, RObject, RType } from './schema.js';

export interface InputOptions {
  /** -compat policy for deprecated/unstable members and enum values. */
  readonly policy?: CompatPolicy;
  /** Name of the root value in error messages (QEMU passes NULL for command arguments). */
  readonly name?: string;
}

interface Frame {
  readonly name: string | null;
  readonly dict: QDict | undefined;
  index: number;
  consumed: number;
  names: string[] | undefined;
}

const U64 = 1n << 64n;
const INT_RANGES: Record<string, [bigint, bigint, string]> = {
  int8: [-128n, 127n, 'int8_t'],
  int16: [-32768n, 32767n, 'int16_t'],
  int32: [-2147483648n, 2147483647n, 'int32_t'],
  uint8: [0n, 255n, 'uint8_t'],
  uint16: [0n, 65535n, 'uint16_t'],
  uint32: [0n, 4294967295n, 'uint32_t'],
};

/** The JSON type an alternate branch accepts (QEMU's QType of the branch). */
export function branchQType(t: RType): string {
  switch (t.kind) {
    case 'object':
      return 'dict';
    case 'array':
      return 'list';
    case 'enum':
      return 'string';
    case 'alternate':
      throw new Error(`alternate branch '${t.name}' cannot be an alternate`);
    case 'builtin':
      switch (t.name) {
        case 'str':
        case 'QType':
          return 'string';
        case 'bool':
          return 'bool';
        case 'null':
          return 'null';
        case 'any':
          throw new Error(`alternate branch cannot be 'any'`);
        default:
          return 'num';
      }
  }
}

export class QObjectInputVisitor {
  readonly #stack: Frame[] = [];
  readonly #policy: CompatPolicy;

  constructor(
    readonly keyval: boolean,
    policy: CompatPolicy = DEFAULT_COMPAT_POLICY,
  ) {
    this.#policy = policy;
  }

  /** QEMU's full_name_nth(): 'a.b[2].c' (keyval: 'a.b.2.c'); null name is '<anonymous>'. */
  fullName(name: string | null, n = 0): string {
    let s = '';
    for (let i = this.#stack.length - 1; i >= 0; i--) {
      const so = this.#stack[i]!;
      if (n) n--;
      else if (so.dict) s = `.${name ?? '<anonymous>'}${s}`;
      else s = `${this.keyval ? '.' : '['}${so.index}${this.keyval ? '' : ']'}${s}`;
      name = so.name;
    }
    if (name) return name + s;
    if (s[0] === '.') return s.slice(1);
    return s || '<anonymous>';
  }

  /** Visits the root value `q` as type `t`. */
  visitRoot(t: RType, q: QObject, name: string | null = null): unknown {
    return this.visit(t, name, q);
  }

  /** Visits a command's arguments dict as QEMU's marshallers do (start_struct(NULL), members, check). */
  visitMembersOf(t: RObject, q: QDict): Record<string, unknown> {
    return this.#visitObject(t, null, q);
  }

  visit(t: RType, name: string | null, q: QObject | undefined): unknown {
    if (q === undefined) throw missingParameter(this.fullName(name));
    switch (t.kind) {
      case 'builtin':
        return this.#builtin(t, name, q);
      case 'enum': {
        const s = this.#str(name, q);
        if (!t.valueSet.has(s)) throw invalidEnumValue(name ?? 'null', s);
        const special = t.valueSpecial?.get(s);
        if (special) checkPolicyInput(special, this.#policy, 'GenericError', 'value', s);
        return s;
      }
      case 'array':
        return this.#list(t.element, name, q);
      case 'object':
        return this.#visitObject(t, name, q);
      case 'alternate':
        return this.#alternate(t, name, q);
    }
  }

  #visitObject(t: RObject, name: string | null, q: QObject): Record<string, unknown> {
    if (!(q instanceof QDict)) throw invalidParameterType(this.fullName(name), 'object');
    const frame: Frame = { name, dict: q, index: 0, consumed: 0, names: undefined };
    this.#stack.push(frame);
    const out: Record<string, unknown> = {};
    this.#members(t, frame, out);
    if (frame.consumed !== q.size) {
      const seen = new Set(frame.names);
      for (const k of q.keys()) if (!seen.has(k)) throw unexpectedParameter(this.fullName(k));
    }
    this.#stack.pop();
    return out;
  }

  #members(t: RObject, frame: Frame, out: Record<string, unknown>): void {
    const dict = frame.dict!;
    for (const m of t.members) {
      const v = dict.get(m.name);
      if (v === undefined && m.optional) continue;
      if (m.special) checkPolicyInput(m.special, this.#policy, 'GenericError', 'parameter', m.name);
      if (v !== undefined) {
        frame.consumed++;
        frame.names ??= [];
        frame.names.push(m.name);
      }
      out[m.name] = this.visit(m.type, m.name, v);
    }
    if (t.variants) {
      const branch = t.variants.get(out[t.tag!] as string);
      if (branch) this.#members(branch, frame, out);
    }
  }

  #list(element: RType, name: string | null, q: QObject): unknown[] {
    if (!(q instanceof QList)) throw invalidParameterType(this.fullName(name), 'array');
    const frame: Frame = { name, dict: undefined, index: -1, consumed: 0, names: undefined };
    this.#stack.push(frame);
    const out: unknown[] = [];
    for (const item of q) {
      frame.index++;
      out.push(this.visit(element, null, item));
    }
    this.#stack.pop();
    return out;
  }

  #alternate(t: RAlternate, name: string | null, q: QObject): unknown {
    const qtype = q.type;
    for (const b of t.branches) if (branchQType(b) === qtype) return this.visit(b, name, q);
    throw invalidParameterType(name ?? 'null', t.name);
  }

  // Keyval flavour: every scalar is a string to parse (qobject_input_get_keyval()).
  #keyvalStr(name: string | null, q: QObject): string {
    if (q instanceof QString) return q.value;
    if (q instanceof QDict || q instanceof QList)
      throw new QapiError(`Parameters '${this.fullName(name)}.*' are unexpected`);
    throw new QapiError(`Internal error: parameter ${this.fullName(name)} invalid`);
  }

  #str(name: string | null, q: QObject): string {
    if (this.keyval) return this.#keyvalStr(name, q);
    if (!(q instanceof QString)) throw invalidParameterType(this.fullName(name), 'string');
    return q.value;
  }

  #int64(name: string | null, q: QObject): bigint {
    if (this.keyval) {
      const v = strtoi64(this.#keyvalStr(name, q));
      if (v === undefined) throw invalidParameterValue(this.fullName(name), 'integer');
      return v;
    }
    const v = q instanceof QNum ? q.tryGetInt() : undefined;
    if (v === undefined) throw invalidParameterType(this.fullName(name), 'integer');
    return v;
  }

  #uint64(name: string | null, q: QObject): bigint {
    if (this.keyval) {
      const v = strtou64(this.#keyvalStr(name, q));
      if (v === undefined) throw invalidParameterValue(this.fullName(name), 'integer');
      return v;
    }
    if (q instanceof QNum) {
      const u = q.tryGetUint();
      if (u !== undefined) return u;
      const i = q.tryGetInt(); // negative values are accepted for backward compatibility
      if (i !== undefined) return i + U64;
    }
    throw invalidParameterValue(this.fullName(name), 'uint64');
  }

  #builtin(t: RBuiltin, name: string | null, q: QObject): unknown {
    switch (t.name) {
      case 'str':
        return this.#str(name, q);
      case 'QType': {
        const s = this.#str(name, q);
        if (!t.values!.includes(s)) throw invalidEnumValue(name ?? 'null', s);
        return s;
      }
      case 'int': {
        const v = this.#int64(name, q);
        if (v < -9007199254740991n || v > 9007199254740991n)
          throw invalidParameterValue(name ?? 'null', 'an integer within ±(2^53-1)');
        return Number(v);
      }
      case 'int64':
        return this.#int64(name, q);
      case 'int8':
      case 'int16':
      case 'int32': {
        const v = this.#int64(name, q);
        const [min, max, what] = INT_RANGES[t.name]!;
        if (v < min || v > max) throw invalidParameterValue(name ?? 'null', what);
        return Number(v);
      }
      case 'uint64':
        return this.#uint64(name, q);
      case 'uint8':
      case 'uint16':
      case 'uint32': {
        const v = this.#uint64(name, q);
        const [, max, what] = INT_RANGES[t.name]!;
        if (v > max) throw invalidParameterValue(name ?? 'null', what);
        return Number(v);
      }
      case 'size': {
        if (!this.keyval) return this.#uint64(name, q);
        const v = strtosz(this.#keyvalStr(name, q));
        if (v === undefined) throw invalidParameterValue(this.fullName(name), 'size');
        return v;
      }
      case 'number': {
        if (this.keyval) {
          const v = strtodFinite(this.#keyvalStr(name, q));
          if (v === undefined) throw invalidParameterType(this.fullName(name), 'number');
          return v;
        }
        if (!(q instanceof QNum)) throw invalidParameterType(this.fullName(name), 'number');
        return q.getDouble();
      }
      case 'bool': {
        if (this.keyval) {
          const s = this.#keyvalStr(name, q);
          if (s === 'on') return true;
          if (s === 'off') return false;
          throw invalidParameterValue(this.fullName(name), "'on' or 'off'");
        }
        if (!(q instanceof QBool)) throw invalidParameterType(this.fullName(name), 'boolean');
        return q.value;
      }
      case 'null':
        if (!(q instanceof QNull)) throw invalidParameterType(this.fullName(name), 'null');
        return null;
      case 'any':
        return q;
    }
  }
}

function resolve(schema: QapiSchema, type: string | RType): RType {
  return typeof type === 'string' ? schema.type(type) : type;
}

/** Strict QObject input (QMP arguments): `q` visited as `type`; throws QapiError. */
export function qobjectInput<T = unknown>(
  schema: QapiSchema,
  type: string | RType,
  q: QObject,
  opts: InputOptions = {},
): T {
  return new QObjectInputVisitor(false, opts.policy).visitRoot(
    resolve(schema, type),
    q,
    opts.name ?? null,
  ) as T;
}

/**
 * Keyval input (command-line values after keyval_parse(): a QDict tree whose scalars are strings):
 * integers in C syntax, sizes with suffixes, booleans `on`/`off`, lists as `a.0`, `a.1`.
 */
export function keyvalInput<T = unknown>(
  schema: QapiSchema,
  type: string | RType,
  q: QObject,
  opts: InputOptions = {},
): T {
  return new QObjectInputVisitor(true, opts.policy).visitRoot(
    resolve(schema, type),
    q,
    opts.name ?? null,
  ) as T;
}
