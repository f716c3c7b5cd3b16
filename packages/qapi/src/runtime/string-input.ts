// QEMU's string input visitor (qapi/string-input-visitor.c): one command-line string visited as a
// scalar, an enum, or a list of integers with ranges ("1,3-5"). QemuOpts values and -global use it.
import { parseBool, strtodFinite, strtoi64, strtoszErr, strtou64 } from './cutils.js';
import { invalidEnumValue, invalidParameterType, invalidParameterValue, QapiError } from './error.js';
import type { QapiSchema, RType } from './schema.js';

const RANGE_MAX_ELEMENTS = 65536n; // QEMU's limit on the elements one range expands to

// "a", "a-b", comma separated; strtoll's syntax lets "-5" and "-5--2" parse.
const ENTRY =
  /^([ \t\n\v\f\r]*[+-]?(?:0[xX][0-9a-fA-F]+|[0-9]+))(?:-([ \t\n\v\f\r]*[+-]?(?:0[xX][0-9a-fA-F]+|[0-9]+)))?$/;

function intList(s: string, name: string, unsigned: boolean): bigint[] {
  const parse = unsigned ? strtou64 : strtoi64;
  const out: bigint[] = [];
  if (s === '') return out;
  for (const part of s.split(',')) {
    const m = ENTRY.exec(part);
    const lo = m ? parse(m[1]!) : undefined;
    const hi = m?.[2] === undefined ? lo : parse(m[2]);
    if (lo === undefined || hi === undefined || lo > hi || hi - lo >= RANGE_MAX_ELEMENTS)
      throw invalidParameterValue(name, `list of ${unsigned ? 'uint64' : 'int64'} values or ranges`);
    for (let v = lo; v <= hi; v++) out.push(v);
  }
  return out;
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

function scalar(t: RType, s: string, name: string): unknown {
  if (t.kind === 'enum') {
    if (!t.valueSet.has(s)) throw invalidEnumValue(name, s);
    return s;
  }
  if (t.kind !== 'builtin') throw new QapiError(`string input visitor: cannot visit ${t.kind} '${t.name}'`);
  switch (t.name) {
    case 'str':
      return s;
    case 'QType':
      if (!t.values!.includes(s)) throw invalidEnumValue(name, s);
      return s;
    case 'bool': {
      // Case-insensitive on/yes/true, off/no/false (not qapi_bool_parse()'s y/n).
      const l = s.toLowerCase();
      const b = l === 'y' || l === 'n' ? undefined : parseBool(l);
      if (b === undefined) throw invalidParameterType(name, 'boolean');
      return b;
    }
    case 'number': {
      const v = strtodFinite(s);
      if (v === undefined) throw invalidParameterType(name, 'number');
      return v;
    }
    case 'size': {
      // parse_option_size()
      const v = strtoszErr(s);
      if (v === 'ERANGE') throw new QapiError(`Value '${s}' is out of range for parameter '${name}'`);
      if (v === undefined) throw invalidParameterValue(name, 'a non-negative number below 2^64');
      return v;
    }
    case 'null':
      if (s !== '') throw invalidParameterType(name, 'null');
      return null;
    case 'any':
      throw new QapiError(`string input visitor: cannot visit 'any'`);
    default: {
      const unsigned = t.name.startsWith('uint');
      const v = (unsigned ? strtou64 : strtoi64)(s);
      if (v === undefined) throw invalidParameterValue(name, unsigned ? 'uint64' : 'int64');
      return intResult(t.name, v, name);
    }
  }
}

/**
 * String input: `s` visited as `type`, a scalar, an enum or a list of integers (QEMU's string input
 * visitor takes no lists of anything else, and no structs).
 */
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
    throw new QapiError(`string input visitor: cannot visit a list of ${e.name}`);
  }
  return scalar(t, s, name) as T;
}
