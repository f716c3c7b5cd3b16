/** floatx80 sqrt, compare and integer conversions (QEMU 7.2 softfloat semantics). */
import {
  exponent,
  FloatFlag,
  FloatRound,
  type FloatStatus,
  type Floatx80,
  floatx80DefaultNaN,
  isInf,
  isInvalidEncoding,
  isNaN80,
  isSignalingNaN,
  make,
  roundAndPack,
  sign,
} from './floatx80.js';

const BIAS = 0x3fff;
const INT_BIT = 1n << 63n;

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((n.toString(2).length + 1) >> 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

export function floatx80Sqrt(a: Floatx80, s: FloatStatus): Floatx80 {
  if (isInvalidEncoding(a)) {
    s.flags |= FloatFlag.invalid;
    return { ...floatx80DefaultNaN };
  }
  if (isNaN80(a)) {
    if (isSignalingNaN(a)) s.flags |= FloatFlag.invalid;
    return { high: a.high, low: a.low | (1n << 62n) };
  }
  if (a.low === 0n) return make(sign(a), 0, 0n);
  if (sign(a)) {
    s.flags |= FloatFlag.invalid;
    return { ...floatx80DefaultNaN };
  }
  if (isInf(a)) return a;
  const ex = exponent(a) === 0 ? 1 : exponent(a);
  let e = ex - BIAS - 63;
  let m = a.low;
  if (e & 1) {
    m <<= 1n;
    e -= 1;
  }
  const n = m << 256n; // root gets > 128 bits, so a sticky lsb is below rounding
  let r = isqrt(n);
  if (r * r !== n) r |= 1n;
  const len = r.toString(2).length;
  const sh = BigInt(len - 128);
  const sig = (r >> sh) | ((r & ((1n << sh) - 1n)) !== 0n ? 1n : 0n);
  return roundAndPack(false, (e - 256) / 2 + len - 1 + BIAS, sig, s);
}

/** Relation as softfloat reports it. */
export const FloatRelation = { less: -1, equal: 0, greater: 1, unordered: 2 } as const;
export type FloatRelation = (typeof FloatRelation)[keyof typeof FloatRelation];

/** Ordered compare (fcom): any NaN is invalid. Quiet compare (fucom): only sNaN is. */
export function floatx80Compare(a: Floatx80, b: Floatx80, quiet: boolean, s: FloatStatus): FloatRelation {
  if (isInvalidEncoding(a) || isInvalidEncoding(b)) {
    s.flags |= FloatFlag.invalid;
    return FloatRelation.unordered;
  }
  if (isNaN80(a) || isNaN80(b)) {
    if (!quiet || isSignalingNaN(a) || isSignalingNaN(b)) s.flags |= FloatFlag.invalid;
    return FloatRelation.unordered;
  }
  const va = value(a);
  const vb = value(b);
  if (va.inf !== vb.inf) return va.inf > vb.inf ? 1 : -1;
  if (va.inf !== 0) return 0;
  const d = va.m * (1n << BigInt(Math.max(0, va.e - vb.e))) - vb.m * (1n << BigInt(Math.max(0, vb.e - va.e)));
  return d === 0n ? 0 : d > 0n ? 1 : -1;
}

function value(a: Floatx80): { inf: number; m: bigint; e: number } {
  const neg = sign(a);
  if (isInf(a)) return { inf: neg ? -1 : 1, m: 0n, e: 0 };
  const ex = exponent(a) === 0 ? 1 : exponent(a);
  return { inf: 0, m: neg ? -a.low : a.low, e: ex };
}

/** Round to an integer by the status rounding mode; returns the bigint, or undefined for NaN/inf. */
function roundToBigint(a: Floatx80, s: FloatStatus): bigint | undefined {
  if (isInvalidEncoding(a) || isNaN80(a) || isInf(a)) return undefined;
  const ex = exponent(a) === 0 ? 1 : exponent(a);
  const sh = ex - BIAS - 63;
  if (sh >= 0) return (sign(a) ? -1n : 1n) * (a.low << BigInt(Math.min(sh, 200)));
  const d = BigInt(-sh);
  const q = d > 200n ? 0n : a.low >> d;
  const rest = d > 200n ? a.low : a.low & ((1n << d) - 1n);
  const half = d > 200n ? -1n : 1n << (d - 1n);
  let inc = false;
  switch (s.roundingMode) {
    case FloatRound.NearestEven:
      inc = half > 0n && (rest > half || (rest === half && (q & 1n) === 1n));
      break;
    case FloatRound.Up:
      inc = !sign(a) && rest !== 0n;
      break;
    case FloatRound.Down:
      inc = sign(a) && rest !== 0n;
      break;
  }
  if (rest !== 0n) s.flags |= FloatFlag.inexact;
  const mag = q + (inc ? 1n : 0n);
  return sign(a) ? -mag : mag;
}

/** floatx80 → signed integer of `bits` width; out of range or NaN gives the integer indefinite. */
export function floatx80ToInt(a: Floatx80, bits: 16 | 32 | 64, s: FloatStatus): bigint {
  const indefinite = -(1n << BigInt(bits - 1));
  const flags = s.flags;
  const v = roundToBigint(a, s);
  if (v === undefined || v < indefinite || v > -indefinite - 1n) {
    s.flags = flags | FloatFlag.invalid;
    return indefinite;
  }
  return v;
}

/** frndint: round to an integral floatx80 value. */
export function floatx80RoundToInt(a: Floatx80, s: FloatStatus): Floatx80 {
  if (isInvalidEncoding(a)) {
    s.flags |= FloatFlag.invalid;
    return { ...floatx80DefaultNaN };
  }
  if (isNaN80(a)) {
    if (isSignalingNaN(a)) s.flags |= FloatFlag.invalid;
    return { high: a.high, low: a.low | (1n << 62n) };
  }
  if (isInf(a) || exponent(a) >= BIAS + 63) return a;
  const v = roundToBigint(a, s) ?? 0n;
  if (v === 0n) return make(sign(a), 0, 0n);
  const m = v < 0n ? -v : v;
  const len = m.toString(2).length;
  return make(sign(a), BIAS + len - 1, m << BigInt(64 - len));
}

export { INT_BIT as floatx80IntBit };
