// QEMU's options visitor (qapi/opts-visitor.c): a QemuOpts — a flat list of key=value strings, in
// order, plus an optional id — visited as a QAPI struct or flat union. Nested structs read the same
// flat keys; a repeated key is a list (integer elements take ranges "a-b"); the last occurrence of
// a scalar key wins; a key no member consumed is "Invalid parameter 'x'".
import { parseBool, strtoi64, strtosz, strtou64 } from './cutils.js';
import { invalidEnumValue, invalidParameterValue, missingParameter, QapiError } from './error.js';
import { type CompatPolicy, checkPolicyInput, DEFAULT_COMPAT_POLICY } from './policy.js';
import type { QapiSchema, RObject, RType } from './schema.js';

/** A QemuOpts: its options in command-line order and its id. */
export interface QemuOptsValue {
  readonly id?: string;
  readonly entries: Iterable<readonly [string, string]>;
}

const RANGE_MAX = 65536n; // OPTS_VISITOR_RANGE_MAX

const LIMITS: Record<string, [bigint, bigint, string]> = {
  int: [-9007199254740991n, 9007199254740991n, 'an integer within ±(2^53-1)'],
  int8: [-128n, 127n, 'int8_t'],
  int16: [-32768n, 32767n, 'int16_t'],
  int32: [-2147483648n, 2147483647n, 'int32_t'],
  uint8: [0n, 255n, 'uint8_t'],
  uint16: [0n, 65535n, 'uint16_t'],
  uint32: [0n, 4294967295n, 'uint32_t'],
};

class OptsVisitor {
  // Unprocessed options: name → all its values, in order (GHashTable of GQueues in QEMU).
  readonly #opts = new Map<string, string[]>();

  constructor(
    opts: QemuOptsValue,
    private readonly policy: CompatPolicy,
  ) {
    for (const [k, v] of opts.entries) {
      const l = this.#opts.get(k);
      if (l) l.push(v);
      else this.#opts.set(k, [v]);
    }
    if (opts.id !== undefined) this.#opts.set('id', [opts.id]);
  }

  root(t: RObject): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.#members(t, out);
    const first = this.#opts.keys().next();
    if (!first.done) throw new QapiError(`Invalid parameter '${first.value}'`);
    return out;
  }

  #members(t: RObject, out: Record<string, unknown>): void {
    for (const m of t.members) {
      // visit_optional(): present when an option of that name is (a nested struct has none).
      if (m.optional && !this.#opts.has(m.name)) continue;
      if (m.special) checkPolicyInput(m.special, this.policy, 'GenericError', 'parameter', m.name);
      out[m.name] = this.#visit(m.type, m.name);
    }
    if (t.variants) {
      const b = t.variants.get(out[t.tag!] as string);
      if (b) this.#members(b, out);
    }
  }

  #take(name: string): string {
    const l = this.#opts.get(name);
    if (!l) throw missingParameter(name);
    this.#opts.delete(name);
    return l[l.length - 1]!; // the last occurrence takes effect
  }

  #visit(t: RType, name: string): unknown {
    switch (t.kind) {
      case 'object': {
        const out: Record<string, unknown> = {};
        this.#members(t, out); // nested structs read the same flat options
        return out;
      }
      case 'enum': {
        const s = this.#take(name);
        if (!t.valueSet.has(s)) throw invalidEnumValue(name, s);
        const special = t.valueSpecial?.get(s);
        if (special) checkPolicyInput(special, this.policy, 'GenericError', 'value', s);
        return s;
      }
      case 'array': {
        const l = this.#opts.get(name);
        if (!l) throw missingParameter(name);
        this.#opts.delete(name);
        const out: unknown[] = [];
        for (const s of l) out.push(...this.#listElement(t.element, name, s));
        return out;
      }
      case 'alternate':
        throw new QapiError(`options visitor: cannot visit alternate '${t.name}'`);
      case 'builtin':
        return this.#scalar(t.name, name, this.#take(name));
    }
  }

  #listElement(t: RType, name: string, s: string): unknown[] {
    if (t.kind === 'builtin' && /^u?int/.test(t.name)) {
      const unsigned = t.name.startsWith('uint');
      const parse = unsigned ? strtou64 : strtoi64;
      const one = parse(s);
      const m = /^([+-]?[^+-]+)-(.+)$/.exec(s);
      let range: bigint[] | undefined;
      if (one !== undefined) range = [one];
      else if (m) {
        const lo = parse(m[1]!);
        const hi = parse(m[2]!);
        if (lo !== undefined && hi !== undefined && lo <= hi && hi - lo < RANGE_MAX) {
          range = [];
          for (let v = lo; v <= hi; v++) range.push(v);
        }
      }
      if (!range) throw invalidParameterValue(name, `${unsigned ? 'a uint64' : 'an int64'} value or range`);
      return range.map((v) => this.#limit(t.name, name, v));
    }
    if (t.kind === 'enum') {
      if (!t.valueSet.has(s)) throw invalidEnumValue(name, s);
      return [s];
    }
    if (t.kind === 'builtin') return [this.#scalar(t.name, name, s)];
    throw new QapiError(`options visitor: cannot visit a list of ${t.kind} '${t.name}'`);
  }

  #limit(type: string, name: string, v: bigint): number | bigint {
    const lim = LIMITS[type];
    if (!lim) return v;
    if (v < lim[0] || v > lim[1]) throw invalidParameterValue(name, lim[2]);
    return Number(v);
  }

  #scalar(type: string, name: string, s: string): unknown {
    switch (type) {
      case 'str':
        return s;
      case 'bool': {
        const b = parseBool(s);
        if (b === undefined) throw invalidParameterValue(name, "'on' or 'off'");
        return b;
      }
      case 'size': {
        const v = strtosz(s);
        if (v === undefined) throw invalidParameterValue(name, 'a size value');
        return v;
      }
      case 'int':
      case 'int8':
      case 'int16':
      case 'int32':
      case 'int64': {
        const v = strtoi64(s);
        if (v === undefined) throw invalidParameterValue(name, 'an int64 value');
        return this.#limit(type, name, v);
      }
      case 'uint8':
      case 'uint16':
      case 'uint32':
      case 'uint64': {
        const v = strtou64(s);
        if (v === undefined) throw invalidParameterValue(name, 'a uint64 value');
        return this.#limit(type, name, v);
      }
      default:
        throw new QapiError(`options visitor: cannot visit '${type}'`);
    }
  }
}

/**
 * Options visitor input: a QemuOpts visited as an object type (QEMU's -object, -netdev and -numa
 * paths). Errors name the option: "Parameter 'size' expects a size value", "Invalid parameter 'x'".
 */
export function optsInput<T = Record<string, unknown>>(
  schema: QapiSchema,
  type: string | RObject,
  opts: QemuOptsValue,
  options: { readonly policy?: CompatPolicy } = {},
): T {
  const t = typeof type === 'string' ? schema.type(type) : type;
  if (t.kind !== 'object') throw new QapiError(`options visitor: '${t.name}' is not an object type`);
  return new OptsVisitor(opts, options.policy ?? DEFAULT_COMPAT_POLICY).root(t) as T;
}
