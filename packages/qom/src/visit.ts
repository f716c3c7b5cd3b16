// The one place where property values cross between native form and QObject/strings.
// Property types are QAPI types; conversions follow QEMU's qobject input/output and keyval
// input visitors (qapi/qobject-input-visitor.c, qobject-output-visitor.c) and their wording.
import { QBool, QDict, QList, QNum, type QObject, QString, qnull } from '@tsemu/qobject';
import { QomError } from './error.js';

export type BuiltinName =
  | 'str'
  | 'bool'
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
  | 'any'
  | 'null';

/** A QAPI type for a property value: a builtin, an enum, a list or a struct. */
export type PropSchema =
  | BuiltinName
  | { kind: 'enum'; name: string; values: readonly string[] }
  | { kind: 'array'; element: PropSchema }
  | {
      kind: 'struct';
      name: string;
      members: readonly { name: string; type: PropSchema; optional?: boolean }[];
    };

export function enumType(name: string, values: readonly string[]): PropSchema {
  return { kind: 'enum', name, values };
}

export function schemaName(s: PropSchema): string {
  if (typeof s === 'string') return s;
  if (s.kind === 'array') return `${schemaName(s.element)}List`;
  return s.name;
}

const RANGES: Record<string, [bigint, bigint]> = {
  int8: [-128n, 127n],
  int16: [-32768n, 32767n],
  int32: [-2147483648n, 2147483647n],
  int: [-(1n << 63n), (1n << 63n) - 1n],
  int64: [-(1n << 63n), (1n << 63n) - 1n],
  uint8: [0n, 255n],
  uint16: [0n, 65535n],
  uint32: [0n, 4294967295n],
  uint64: [0n, (1n << 64n) - 1n],
  size: [0n, (1n << 64n) - 1n],
};

/** 64-bit integer types are bigint in native form; narrower ones are number. */
export function isWideInt(s: PropSchema): boolean {
  return s === 'int' || s === 'int64' || s === 'uint64' || s === 'size';
}

function nativeInt(s: BuiltinName, v: bigint): number | bigint {
  return isWideInt(s) ? v : Number(v);
}

function typeErr(name: string, expected: string): QomError {
  return new QomError(`Invalid parameter type for '${name}', expected: ${expected}`);
}

function checkRange(s: BuiltinName, v: bigint, name: string): bigint {
  const r = RANGES[s];
  if (v < r[0] || v > r[1]) throw new QomError(`Parameter '${name}' expects ${s}`);
  return v;
}

/** QObject input (strict, as QMP's qom-set and object-add use it). */
export function inputQObject(s: PropSchema, v: QObject, name: string): unknown {
  if (typeof s === 'string') {
    switch (s) {
      case 'any':
        return v;
      case 'null':
        if (v.type !== 'null') throw typeErr(name, 'null');
        return null;
      case 'str':
        if (!(v instanceof QString)) throw typeErr(name, 'string');
        return v.value;
      case 'bool':
        if (!(v instanceof QBool)) throw typeErr(name, 'boolean');
        return v.value;
      case 'number':
        if (!(v instanceof QNum)) throw typeErr(name, 'number');
        return v.getDouble();
      default: {
        if (!(v instanceof QNum)) throw typeErr(name, 'integer');
        const unsigned = s.startsWith('uint') || s === 'size';
        let n = unsigned ? v.tryGetUint() : v.tryGetInt();
        // QEMU accepts negative values for uint64 for backward compatibility.
        if (n === undefined && unsigned) {
          const i = v.tryGetInt();
          if (i !== undefined) n = i & ((1n << 64n) - 1n);
        }
        if (n === undefined) throw typeErr(name, unsigned ? 'uint64' : 'integer');
        return nativeInt(s, checkRange(s, n, name));
      }
    }
  }
  switch (s.kind) {
    case 'enum': {
      if (!(v instanceof QString)) throw typeErr(name, 'string');
      if (!s.values.includes(v.value))
        throw new QomError(`Parameter '${name}' does not accept value '${v.value}'`);
      return v.value;
    }
    case 'array': {
      if (!(v instanceof QList)) throw typeErr(name, 'array');
      return [...v].map((e, i) => inputQObject(s.element, e, `${name}[${i}]`));
    }
    case 'struct': {
      if (!(v instanceof QDict)) throw typeErr(name, 'object');
      const out: Record<string, unknown> = {};
      for (const m of s.members) {
        const mv = v.get(m.name);
        if (mv === undefined) {
          if (!m.optional) throw new QomError(`Parameter '${name}.${m.name}' is missing`);
          continue;
        }
        out[m.name] = inputQObject(m.type, mv, `${name}.${m.name}`);
      }
      for (const k of v.keys())
        if (!s.members.some((m) => m.name === k))
          throw new QomError(`Parameter '${name}.${k}' is unexpected`);
      return out;
    }
  }
}

/** QObject output (qom-get). */
export function outputQObject(s: PropSchema, value: unknown): QObject {
  if (typeof s === 'string') {
    switch (s) {
      case 'any':
        return value as QObject;
      case 'null':
        return qnull;
      case 'str':
        return new QString(String(value ?? ''));
      case 'bool':
        return new QBool(!!value);
      case 'number':
        return QNum.fromDouble(Number(value));
      default: {
        const n = BigInt(value as number | bigint);
        return s.startsWith('uint') || s === 'size' ? QNum.fromUint(n) : QNum.fromInt(n);
      }
    }
  }
  switch (s.kind) {
    case 'enum':
      return new QString(String(value));
    case 'array':
      return new QList((value as unknown[]).map((e) => outputQObject(s.element, e)));
    case 'struct': {
      const d = new QDict();
      const rec = value as Record<string, unknown>;
      for (const m of s.members)
        if (rec[m.name] !== undefined) d.put(m.name, outputQObject(m.type, rec[m.name]));
      return d;
    }
  }
}

const SIZE_SUFFIX: Record<string, bigint> = {
  b: 1n,
  k: 1n << 10n,
  m: 1n << 20n,
  g: 1n << 30n,
  t: 1n << 40n,
  p: 1n << 50n,
  e: 1n << 60n,
};

function parseIntStr(str: string): bigint | undefined {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(str);
  if (!m) return undefined;
  let body = m[2];
  if (/^0[0-7]+$/.test(body)) body = `0o${body.slice(1)}`;
  const v = BigInt(body);
  return m[1] === '-' ? -v : v;
}

/** QEMU's qemu_strtosz: a number with an optional binary suffix (B, K, M, G, T, P, E). */
export function parseSize(str: string): bigint | undefined {
  const m = /^\s*(0[xX][0-9a-fA-F]+|[0-9]+(?:\.[0-9]*)?|\.[0-9]+)([bkmgtpeBKMGTPE]?)$/.exec(str);
  if (!m) return undefined;
  const mult = m[2] ? SIZE_SUFFIX[m[2].toLowerCase()] : 1n;
  let v: bigint;
  if (/^0[xX]/.test(m[1])) {
    if (m[2] && m[2].toLowerCase() === 'b') return undefined;
    v = BigInt(m[1]) * mult;
  } else if (m[1].includes('.')) {
    if (!m[2]) return undefined;
    v = BigInt(Math.floor(Number.parseFloat(m[1]) * Number(mult)));
  } else v = BigInt(m[1]) * mult;
  return v < 1n << 64n ? v : undefined;
}

/** Keyval input of a command-line string (-device/-object/-global values). */
export function inputString(s: PropSchema, str: string, name: string): unknown {
  if (typeof s === 'string') {
    switch (s) {
      case 'any':
        return new QString(str);
      case 'str':
        return str;
      case 'bool':
        if (['on', 'yes', 'true', 'y'].includes(str)) return true;
        if (['off', 'no', 'false', 'n'].includes(str)) return false;
        throw new QomError(`Parameter '${name}' expects 'on' or 'off'`);
      case 'number': {
        const n = Number(str);
        if (str.trim() === '' || Number.isNaN(n)) throw new QomError(`Parameter '${name}' expects a number`);
        return n;
      }
      case 'size': {
        const v = parseSize(str);
        if (v === undefined) throw new QomError(`Parameter '${name}' expects a size value`);
        return v;
      }
      case 'null':
        if (str !== '') throw new QomError(`Parameter '${name}' expects null`);
        return null;
      default: {
        const v = parseIntStr(str);
        if (v === undefined) throw new QomError(`Parameter '${name}' expects integer`);
        const unsigned = s.startsWith('uint');
        const w = unsigned && v < 0n ? v & ((1n << 64n) - 1n) : v;
        return nativeInt(s, checkRange(s, w, name));
      }
    }
  }
  switch (s.kind) {
    case 'enum':
      if (!s.values.includes(str)) throw new QomError(`Parameter '${name}' does not accept value '${str}'`);
      return str;
    default:
      throw new QomError(`Parameter '${name}' expects a ${schemaName(s)} value`);
  }
}

/** A QObject from the command line (all scalars strings) into native form. */
export function inputKeyval(s: PropSchema, v: QObject, name: string): unknown {
  if (v instanceof QString && s !== 'any') return inputString(s, v.value, name);
  if (typeof s !== 'string' && s.kind === 'array' && v instanceof QList)
    return [...v].map((e, i) => inputKeyval(s.element, e, `${name}.${i}`));
  return inputQObject(s, v, name);
}
