// QEMU's number parsers from util/cutils.c, as the keyval and string input visitors use them.
// Each returns undefined where QEMU returns an error; the callers word the error.

const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;
const U64_MAX = (1n << 64n) - 1n;

// strtoll(…, 0) syntax: optional whitespace and sign, then 0x hex, 0 octal or decimal.
const INT_RE = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;

function parseIntSyntax(s: string): { neg: boolean; mag: bigint } | undefined {
  const m = INT_RE.exec(s);
  if (!m) return undefined;
  const digits = m[2]!;
  let mag: bigint;
  if (/^0[xX]/.test(digits)) mag = BigInt(digits);
  else if (digits.length > 1 && digits[0] === '0') mag = BigInt(`0o${digits.slice(1)}`);
  else mag = BigInt(digits);
  return { neg: m[1] === '-', mag };
}

/** qemu_strtoi64(str, NULL, 0, &v): the whole string must be an int64. */
export function strtoi64(s: string): bigint | undefined {
  const p = parseIntSyntax(s);
  if (!p) return undefined;
  const v = p.neg ? -p.mag : p.mag;
  return v < I64_MIN || v > I64_MAX ? undefined : v;
}

/** qemu_strtou64(str, NULL, 0, &v): as strtoull, a leading '-' negates modulo 2^64. */
export function strtou64(s: string): bigint | undefined {
  const p = parseIntSyntax(s);
  if (!p || p.mag > U64_MAX) return undefined;
  return p.neg ? (U64_MAX + 1n - p.mag) & U64_MAX : p.mag;
}

const FLOAT_RE = /^[ \t\n\v\f\r]*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/** qemu_strtod_finite(): a finite double, whole string. */
export function strtodFinite(s: string): number | undefined {
  if (!FLOAT_RE.test(s)) return undefined;
  const v = Number(s.trim());
  return Number.isFinite(v) ? v : undefined;
}

const SIZE_SUFFIXES: Record<string, bigint> = {
  b: 1n,
  k: 1n << 10n,
  m: 1n << 20n,
  g: 1n << 30n,
  t: 1n << 40n,
  p: 1n << 50n,
  e: 1n << 60n,
};

/**
 * qemu_strtosz(): a byte count with an optional suffix B, K, M, G, T, P or E (any case, binary
 * multiples). A fraction needs a suffix above B ("1.5G", rounded to the nearest byte); hex takes
 * neither fraction nor suffix. 'ERANGE' when the value does not fit 64 bits, undefined when invalid.
 */
export function strtoszErr(s: string, defaultSuffix = 'b'): bigint | 'ERANGE' | undefined {
  const hex = /^[ \t\n\v\f\r]*0[xX]([0-9a-fA-F]+)$/.exec(s);
  if (hex) {
    const v = BigInt(`0x${hex[1]}`);
    return v > U64_MAX ? 'ERANGE' : v;
  }
  const m = /^[ \t\n\v\f\r]*([0-9]+)(?:\.([0-9]*))?([a-zA-Z])?$/.exec(s);
  if (!m) return undefined;
  const [, intPart, frac, suffix] = m;
  const mul = SIZE_SUFFIXES[(suffix ?? defaultSuffix).toLowerCase()];
  if (mul === undefined) return undefined;
  const digits = frac ?? '';
  const fracNonZero = /[1-9]/.test(digits);
  if (mul === 1n && fracNonZero) return undefined; // fractional bytes
  let v = BigInt(intPart!);
  if (v > U64_MAX) return 'ERANGE';
  v *= mul;
  if (fracNonZero) {
    const scale = 10n ** BigInt(digits.length);
    v += (BigInt(digits) * mul * 2n + scale) / (2n * scale);
  }
  return v > U64_MAX ? 'ERANGE' : v;
}

/** qemu_strtosz() as a value or undefined (invalid or out of range). */
export function strtosz(s: string, defaultSuffix = 'b'): bigint | undefined {
  const v = strtoszErr(s, defaultSuffix);
  return typeof v === 'bigint' ? v : undefined;
}

/** qapi_bool_parse(): QEMU's spellings of a boolean on the command line. */
export function parseBool(s: string): boolean | undefined {
  switch (s) {
    case 'on':
    case 'yes':
    case 'true':
    case 'y':
      return true;
    case 'off':
    case 'no':
    case 'false':
    case 'n':
      return false;
    default:
      return undefined;
  }
}
