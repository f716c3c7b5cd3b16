// QEMU's string input visitor (qapi/string-input-visitor.c): one command-line string visited as a
// scalar or a list; integer lists take ranges ("1,3-5"). QemuOpts values and -global use it.

import { parseBool, strtodFinite, strtoi64, strtosz, strtou64 } from './cutils.js';
import { invalidEnumValue, invalidParameterValue } from './error.js';
import type { QapiSchema, RType } from './schema.js';

const RANGE_MAX = 65536; // QEMU's limit on the elements one range expands to

function intList(s: string, name: string, unsigned: boolean): bigint[] {
  const what = unsigned ? 'a uint64 value or range' : 'an int64 value or range';
  const parse = unsigned ? strtou64 : strtoi64;
  if (s === '') return [];
  const out: bigint[] = [];
  for (const part of s.split(',')) {
    // "a-b": split at a '-' that follows a digit, so "-5" and "-5--2" parse.
    const m = /^(\s*-?[^-]+)(?:-(.+))?$/.exec(part);
    const lo = m ? parse(m[1]!) : undefined;
    if (lo === undefined) throw invalidParameterValue(name, what);
    if (m![2] === undefined) {
      out.push(lo);
      continue;
    }
    const hi = parse(m![2]);
    if (hi === undefined || hi < lo || hi - lo >= BigInt(RANGE_MAX)) throw invalidParameterValue(name, what);
    for (let v = lo; v <= hi; v++) out.push(v);
  }
  return out;
}

function scalar(t: RType, s: string, name: string): unknown {
  if (t.kind === 'enum') {
    if (!t.valueSet.has(s)) throw invalidEnumValue(name, s);
    return s;
  }
  if (t.kind !== 'builtin') throw new Error(`string input visitor: cannot visit ${t.kind} '${t.name}'`);
  switch (t.name) {
    case 'str':
      return s;
    case 'QType':
      if (!t.values!.includes(s)) throw invalidEnumValue(name, s);
      return s;
    case 'bool': {
      const b = parseBool(s);
      if (b === undefined) throw invalidParameterValue(name, "'on' or 'off'");
      return b;
    }
    case 'number': {
      const v = strtodFinite(s);
      if (v === undefined) throw invalidParameterValue(name, 'number');
      return v;
    }
    case 'size': {
      const v = strtosz(s);
      if (v === undefined) throw invalidParameterValue(name, 'size');
      return v;
    }
    case 'null':
      if (s !== '') throw invalidParameterValue(name, 'null');
      return null;
    case 'any':
      throw new Error(`string input visitor: cannot visit 'any'`);
    default: {
      const unsigned = t.name.startsWith('uint');
      const l = intList(s, name, unsigned);
      if (l.length !== 1) throw invalidParameterValue(name, unsigned ? 'a uint64 value' : 'an int64 value');
      return intResult(t.name, l[0]!, name);
    }
  }
}

const LIMITS: Record<string, [bigint, bigint, string]> = {
  int: [-9007199254740991n, 9007199254740991n, 'an integer within ±(2^53-1)'],
  int8: [-128n, 127n, 'int8_t'],
  int16: [-32768n, 32767n, 'int16_t'],
  int32: [-2147483648n, 2147483647n, 'int32_t'],
  uint8: [0n, 255n, 'uint8_t'],
  uint16: [0n, 65535n, 'uint16_t'],
  uint32: [0n, 4294967295n, 'uint32_t'],
};

function intResult(type: string, v: bigint, name: string): number | bigint {
  const lim = LIMITS[type];
  if (!lim) return v; // int64, uint64: exact bigint
  if (v < lim[0] || v > lim[1]) throw invalidParameterValue(name, lim[2]);
  return Number(v);
}

/** String input: `s` visited as `type` (a scalar, an enum, or a list of them). */
export function stringInput<T = unknown>(
  schema: QapiSchema,
  type: string | RType,
  s: string,
  opts: { readonly name?: string } = {},
): T {
  const t = typeof type === 'string' ? schema.type(type) : type;
  const name = opts.name ?? 'null';
  if (t.kind === 'array') {
    const e = t.element;
    if (e.kind === 'builtin' && /^u?int/.test(e.name))
      return intList(s, name, e.name.startsWith('uint')).map((v) => intResult(e.name, v, name)) as T;
    return (s === '' ? [] : s.split(',')).map((part) => scalar(e, part, name)) as T;
  }
  return scalar(t, s, name) as T;
}
