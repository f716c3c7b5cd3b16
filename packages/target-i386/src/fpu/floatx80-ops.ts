/** floatx80 sqrt, compare and integer conversions (QEMU 7.2 softfloat semantics). */
import {
  bitLength,
  exponent,
  FloatFlag,
  FloatRound,
  type FloatStatus,
  type Floatx80,
  finite,
  floatx80DefaultNaN,
  invalid,
  isInf,
  isInvalidEncoding,
  isNaN80,
  isSignalingNaN,
  make,
  propagateNaN,
  roundAndPack,
  roundExact,
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

/** Round to an integer by `mode`; returns the bigint, or undefined for NaN/inf. */
function roundToBigint(a: Floatx80, mode: FloatRound, s: FloatStatus): bigint | undefined {
  if (isInvalidEncoding(a) || isNaN80(a) || isInf(a)) return undefined;
  const ex = exponent(a) === 0 ? 1 : exponent(a);
  const sh = ex - BIAS - 63;
  if (sh >= 0) return (sign(a) ? -1n : 1n) * (a.low << BigInt(Math.min(sh, 200)));
  const d = BigInt(-sh);
  const q = d > 200n ? 0n : a.low >> d;
  const rest = d > 200n ? a.low : a.low & ((1n << d) - 1n);
  const half = d > 200n ? -1n : 1n << (d - 1n);
  let inc = false;
  switch (mode) {
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

/**
 * floatx80 → signed integer of `bits` width, rounded by `mode` (default: the status mode).
 * NaN or out of range gives the integer indefinite with only the invalid flag, as softfloat's
 * float_to_sint replaces the flags it raised.
 */
export function floatx80ToInt(
  a: Floatx80,
  bits: 16 | 32 | 64,
  s: FloatStatus,
  mode = s.roundingMode,
): bigint {
  const indefinite = -(1n << BigInt(bits - 1));
  const flags = s.flags;
  const v = roundToBigint(a, mode, s);
  if (v === undefined || v < indefinite || v > -indefinite - 1n) {
    s.flags = flags | FloatFlag.invalid;
    return indefinite;
  }
  return v;
}

/** floatx80_to_int32 saturating as softfloat does (NaN → INT32_MAX), for fscale's exponent. */
export function floatx80ToInt32Sat(a: Floatx80, mode: FloatRound, s: FloatStatus): number {
  const v = roundToBigint(a, mode, s);
  if (v === undefined) {
    s.flags |= FloatFlag.invalid;
    return isInf(a) && sign(a) ? -0x80000000 : 0x7fffffff;
  }
  if (v > 0x7fffffffn) return 0x7fffffff;
  if (v < -0x80000000n) return -0x80000000;
  return Number(v);
}

/**
 * frndint: round to an integral value, then to the status precision. With reduced
 * precision QEMU treats values of exponent >= precision-1 as integral already, so they
 * are only rounded to the precision.
 */
export function floatx80RoundToInt(a: Floatx80, s: FloatStatus): Floatx80 {
  if (isInvalidEncoding(a)) {
    s.flags |= FloatFlag.invalid;
    return { ...floatx80DefaultNaN };
  }
  if (isNaN80(a)) {
    if (isSignalingNaN(a)) s.flags |= FloatFlag.invalid;
    return { high: a.high, low: a.low | (1n << 62n) };
  }
  if (isInf(a)) return make(sign(a), 0x7fff, INT_BIT);
  if (a.low === 0n) return make(sign(a), 0, 0n);
  const p = s.precision === 32 ? 24 : s.precision === 64 ? 53 : 64;
  const x = finite(a);
  const len = bitLength(x.m);
  if (x.e + len - 1 >= p - 1) return roundExact(sign(a), x.m, x.e, s);
  const v = roundToBigint(a, s.roundingMode, s) ?? 0n;
  if (v === 0n) return make(sign(a), 0, 0n);
  const m = v < 0n ? -v : v;
  const ml = bitLength(m);
  return make(sign(a), BIAS + ml - 1, m << BigInt(64 - ml));
}

/**
 * floatx80_modrem: the exact remainder of a / b with the quotient truncated (fprem, mod) or
 * rounded to nearest-even (fprem1), and the low 64 bits of the quotient.
 */
export function floatx80Modrem(
  a: Floatx80,
  b: Floatx80,
  mod: boolean,
  s: FloatStatus,
): { r: Floatx80; quotient: bigint } {
  const none = (r: Floatx80) => ({ r, quotient: 0n });
  if (isInvalidEncoding(a) || isInvalidEncoding(b)) return none(invalid(s));
  if (isNaN80(a) || isNaN80(b)) return none(propagateNaN(a, b, s));
  if (isInf(a)) return none(invalid(s));
  if (b.low === 0n && !isInf(b)) return none(invalid(s));
  if (a.low === 0n) return none(a);
  const x = finite(a);
  // QEMU 7.2 packs even an unchanged dividend at the precision-control setting.
  if (isInf(b)) return none(roundExact(sign(a), x.m, x.e, s));
  const y = finite(b);
  // Compare the normalised exponents as softfloat does (a far smaller |a| is returned as is).
  const ax = x.e + bitLength(x.m);
  const bx = y.e + bitLength(y.m);
  if (ax - bx < 0 && (mod || ax - bx < -1)) return none(roundExact(sign(a), x.m, x.e, s));
  const e = Math.min(x.e, y.e);
  const am = x.m << BigInt(x.e - e);
  const bm = y.m << BigInt(y.e - e);
  let q = am / bm;
  let rm = am - q * bm;
  let zSign = sign(a);
  if (!mod) {
    const alt = bm - rm;
    if (alt < rm || (alt === rm && (q & 1n) === 1n)) {
      rm = alt;
      zSign = !zSign;
      q += 1n;
    }
  }
  const quotient = q & ((1n << 64n) - 1n);
  if (rm === 0n) return { r: make(zSign, 0, 0n), quotient };
  // QEMU 7.2 packs the remainder at the precision-control setting.
  return { r: roundExact(zSign, rm, e, s), quotient };
}

export { INT_BIT as floatx80IntBit };
