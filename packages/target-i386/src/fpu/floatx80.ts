/**
 * floatx80: the x87 80-bit extended format, modelled on QEMU 7.2's softfloat
 * (sign + 15-bit biased exponent in `high`, explicit-integer-bit 64-bit
 * significand in `low`). Arithmetic is done exactly on bigints and rounded once,
 * which is what softfloat's round-and-pack achieves with its guard words.
 */

export interface Floatx80 {
  /** sign (bit 15) and biased exponent (bits 0-14) */
  high: number;
  /** 64-bit significand with explicit integer bit */
  low: bigint;
}

export enum FloatRound {
  NearestEven = 0,
  Down = 1,
  Up = 2,
  ToZero = 3,
}

/** Exception flags, numbered as the x87 status word numbers them. */
export const FloatFlag = {
  invalid: 0x01,
  inputDenormal: 0x02,
  divByZero: 0x04,
  overflow: 0x08,
  underflow: 0x10,
  inexact: 0x20,
} as const;

export interface FloatStatus {
  roundingMode: FloatRound;
  /** precision control: 32 (24-bit significand), 64 (53) or 80 (64) */
  precision: 32 | 64 | 80;
  flags: number;
}

export function newFloatStatus(): FloatStatus {
  return { roundingMode: FloatRound.NearestEven, precision: 80, flags: 0 };
}

const BIAS = 0x3fff;
const MASK64 = (1n << 64n) - 1n;
const INT_BIT = 1n << 63n;
const QUIET_BIT = 1n << 62n;

/** The x87 default NaN ("real indefinite"). */
export const floatx80DefaultNaN: Readonly<Floatx80> = Object.freeze({
  high: 0xffff,
  low: 0xc000000000000000n,
});

export function make(sign: boolean, exp: number, low: bigint): Floatx80 {
  return { high: (sign ? 0x8000 : 0) | (exp & 0x7fff), low: low & MASK64 };
}

export const sign = (a: Floatx80): boolean => (a.high & 0x8000) !== 0;
export const exponent = (a: Floatx80): number => a.high & 0x7fff;

export function isNaN80(a: Floatx80): boolean {
  return exponent(a) === 0x7fff && (a.low & ~INT_BIT & MASK64) !== 0n;
}
export function isSignalingNaN(a: Floatx80): boolean {
  return isNaN80(a) && (a.low & QUIET_BIT) === 0n;
}
export function isInf(a: Floatx80): boolean {
  return exponent(a) === 0x7fff && (a.low & ~INT_BIT & MASK64) === 0n;
}
/** Unnormals, pseudo-NaNs and pseudo-infinities: the integer bit is clear with a non-zero exponent. */
export function isInvalidEncoding(a: Floatx80): boolean {
  return (a.low & INT_BIT) === 0n && exponent(a) !== 0;
}
export function isZero(a: Floatx80): boolean {
  return exponent(a) === 0 && a.low === 0n;
}
export function isDenormal(a: Floatx80): boolean {
  return exponent(a) === 0 && a.low !== 0n;
}

export function bitLength(m: bigint): number {
  return m === 0n ? 0 : m.toString(2).length;
}

export function silence(a: Floatx80): Floatx80 {
  return { high: a.high, low: a.low | QUIET_BIT };
}

/**
 * x87 NaN propagation (softfloat's pickNaN for x86): a qNaN beats an sNaN, two NaNs of
 * the same kind give the larger significand, ties give the positive one; the
 * result is quieted.
 */
export function propagateNaN(a: Floatx80, b: Floatx80, s: FloatStatus): Floatx80 {
  if (isSignalingNaN(a) || isSignalingNaN(b)) s.flags |= FloatFlag.invalid;
  const aN = isNaN80(a);
  const bN = isNaN80(b);
  if (aN && bN) {
    const aS = isSignalingNaN(a);
    if (aS !== isSignalingNaN(b)) return silence(aS ? b : a);
    if (a.low !== b.low) return silence(a.low > b.low ? a : b);
    return silence(a.high < b.high ? a : b);
  }
  return silence(aN ? a : b);
}

export function invalid(s: FloatStatus): Floatx80 {
  s.flags |= FloatFlag.invalid;
  return { ...floatx80DefaultNaN };
}

/**
 * Round a normalised 128-bit significand (integer bit at bit 127) with biased
 * exponent `exp` to the current precision, raising flags as x87 softfloat does.
 */
export function roundAndPack(sgn: boolean, exp: number, sig: bigint, s: FloatStatus): Floatx80 {
  const p = s.precision === 32 ? 24 : s.precision === 64 ? 53 : 64;
  const r = roundSig(sgn, exp, sig, p, 0x7fff, s);
  if (r.exp === 0x7fff) return make(sgn, 0x7fff, INT_BIT);
  return make(sgn, r.exp, r.m << BigInt(64 - p));
}

/**
 * The rounding core shared by every binary format: p significand bits (integer bit
 * included), biased exponents 1..expMax-1 for normal numbers. Returns the biased
 * exponent (expMax for infinity) and the p-bit significand (explicit integer bit).
 */
function roundSig(
  sgn: boolean,
  exp: number,
  sig: bigint,
  p: number,
  expMax: number,
  s: FloatStatus,
): { exp: number; m: bigint } {
  let tiny = false;
  if (exp <= 0) {
    // x86 detects tininess after rounding: a value just below the smallest normal that
    // rounds up to it (with an unbounded exponent) is not tiny.
    tiny = exp < 0 || !roundsUpToCarry(sgn, sig, p, s.roundingMode);
    const sh = BigInt(1 - exp);
    const lost = sh >= 128n ? sig : sig & ((1n << sh) - 1n);
    sig = (sh >= 128n ? 0n : sig >> sh) | (lost !== 0n ? 1n : 0n);
    exp = 0;
  }
  const drop = BigInt(128 - p);
  const rest = sig & ((1n << drop) - 1n);
  const half = 1n << (drop - 1n);
  let m = sig >> drop;
  let inc = false;
  switch (s.roundingMode) {
    case FloatRound.NearestEven:
      inc = rest > half || (rest === half && (m & 1n) === 1n);
      break;
    case FloatRound.Up:
      inc = !sgn && rest !== 0n;
      break;
    case FloatRound.Down:
      inc = sgn && rest !== 0n;
      break;
    case FloatRound.ToZero:
      break;
  }
  if (inc) m += 1n;
  if (m >> BigInt(p) !== 0n) {
    m >>= 1n;
    exp += 1;
  } else if (exp === 0 && m >> BigInt(p - 1) !== 0n) {
    exp = 1; // a denormal rounded up into the normal range
  }
  if (exp >= expMax) {
    s.flags |= FloatFlag.overflow | FloatFlag.inexact;
    const toInf =
      s.roundingMode === FloatRound.NearestEven ||
      (s.roundingMode === FloatRound.Up && !sgn) ||
      (s.roundingMode === FloatRound.Down && sgn);
    if (toInf) return { exp: expMax, m: 0n };
    return { exp: expMax - 1, m: (1n << BigInt(p)) - 1n };
  }
  if (rest !== 0n) {
    s.flags |= FloatFlag.inexact;
    if (tiny) s.flags |= FloatFlag.underflow;
  }
  return { exp, m };
}

/** Whether rounding the 128-bit significand to p bits carries out of the top bit. */
function roundsUpToCarry(sgn: boolean, sig: bigint, p: number, mode: FloatRound): boolean {
  const drop = BigInt(128 - p);
  const rest = sig & ((1n << drop) - 1n);
  const m = sig >> drop;
  if (m !== (1n << BigInt(p)) - 1n || rest === 0n) return false;
  const half = 1n << (drop - 1n);
  switch (mode) {
    case FloatRound.NearestEven:
      return rest >= half; // m is odd here, so a tie rounds up too
    case FloatRound.Up:
      return !sgn;
    case FloatRound.Down:
      return sgn;
    default:
      return false;
  }
}

/** Round an exact value m * 2^e (m > 0). */
export function roundExact(sgn: boolean, m: bigint, e: number, s: FloatStatus): Floatx80 {
  const len = bitLength(m);
  let sig: bigint;
  if (len > 128) {
    const sh = BigInt(len - 128);
    const lost = m & ((1n << sh) - 1n);
    sig = (m >> sh) | (lost !== 0n ? 1n : 0n);
  } else {
    sig = m << BigInt(128 - len);
  }
  return roundAndPack(sgn, e + len - 1 + BIAS, sig, s);
}

/** Exact value of a finite operand as m * 2^e; pseudo-denormals count as exponent 1. */
export function finite(a: Floatx80): { m: bigint; e: number } {
  const ex = exponent(a);
  return { m: a.low, e: (ex === 0 ? 1 : ex) - BIAS - 63 };
}

function checkOperands(a: Floatx80, b: Floatx80, s: FloatStatus): Floatx80 | undefined {
  if (isInvalidEncoding(a) || isInvalidEncoding(b)) return invalid(s);
  if (isNaN80(a) || isNaN80(b)) return propagateNaN(a, b, s);
  // QEMU 7.2's x87 arithmetic does not report denormal operands (DE stays clear).
  return undefined;
}

function addSigned(a: Floatx80, b: Floatx80, bSign: boolean, s: FloatStatus): Floatx80 {
  // NaNs propagate with their own sign: check before negating b for subtraction.
  const special = checkOperands(a, b, s);
  if (special) return special;
  const bb = make(bSign, exponent(b), b.low);
  const aS = sign(a);
  if (isInf(a) || isInf(bb)) {
    if (isInf(a) && isInf(bb) && aS !== bSign) return invalid(s);
    return isInf(a) ? make(aS, 0x7fff, INT_BIT) : make(bSign, 0x7fff, INT_BIT);
  }
  const x = finite(a);
  const y = finite(bb);
  // Align; a far smaller operand only matters as a sticky bit.
  let e = Math.min(x.e, y.e);
  const maxE = Math.max(x.e, y.e);
  if (maxE - e > 200) e = maxE - 200;
  const scale = (v: { m: bigint; e: number }): bigint => {
    if (v.m === 0n) return 0n;
    return v.e >= e ? v.m << BigInt(v.e - e) : 1n;
  };
  const total = (aS ? -scale(x) : scale(x)) + (bSign ? -scale(y) : scale(y));
  if (total === 0n) {
    const zSign = aS === bSign ? aS : s.roundingMode === FloatRound.Down;
    return make(zSign, 0, 0n);
  }
  return roundExact(total < 0n, total < 0n ? -total : total, e, s);
}

export function floatx80Add(a: Floatx80, b: Floatx80, s: FloatStatus): Floatx80 {
  return addSigned(a, b, sign(b), s);
}
export function floatx80Sub(a: Floatx80, b: Floatx80, s: FloatStatus): Floatx80 {
  return addSigned(a, b, !sign(b), s);
}

export function floatx80Mul(a: Floatx80, b: Floatx80, s: FloatStatus): Floatx80 {
  const special = checkOperands(a, b, s);
  if (special) return special;
  const zS = sign(a) !== sign(b);
  if (isInf(a) || isInf(b)) {
    if (isZero(a) || isZero(b)) return invalid(s);
    return make(zS, 0x7fff, INT_BIT);
  }
  if (a.low === 0n || b.low === 0n) return make(zS, 0, 0n);
  const x = finite(a);
  const y = finite(b);
  return roundExact(zS, x.m * y.m, x.e + y.e, s);
}

export function floatx80Div(a: Floatx80, b: Floatx80, s: FloatStatus): Floatx80 {
  const special = checkOperands(a, b, s);
  if (special) return special;
  const zS = sign(a) !== sign(b);
  if (isInf(a)) return isInf(b) ? invalid(s) : make(zS, 0x7fff, INT_BIT);
  if (isInf(b)) return make(zS, 0, 0n);
  if (b.low === 0n) {
    if (a.low === 0n) return invalid(s);
    s.flags |= FloatFlag.divByZero;
    return make(zS, 0x7fff, INT_BIT);
  }
  if (a.low === 0n) return make(zS, 0, 0n);
  const x = finite(a);
  const y = finite(b);
  const num = x.m << 192n;
  let q = num / y.m;
  if (q * y.m !== num) q |= 1n; // sticky: q has >128 bits, so the lsb is below rounding
  return roundExact(zS, q, x.e - y.e - 192, s);
}

/**
 * int32/int64 → floatx80: exact, or, given a status, rounded to its precision control as
 * QEMU 7.2's conversions are (its fild helpers force full precision, FT0 loads and fbld do not).
 */
export function int64ToFloatx80(v: bigint, s?: FloatStatus): Floatx80 {
  if (v === 0n) return make(false, 0, 0n);
  const neg = v < 0n;
  const m = neg ? -v : v;
  if (s) return roundExact(neg, m, 0, s);
  const len = bitLength(m);
  return make(neg, BIAS + len - 1, m << BigInt(64 - len));
}
export function int32ToFloatx80(v: number, s?: FloatStatus): Floatx80 {
  return int64ToFloatx80(BigInt(v | 0), s);
}

/** float64 (as a JS number's bit pattern) → floatx80, exact; sNaN raises invalid and is quieted. */
export function float64ToFloatx80(bits: bigint, s: FloatStatus): Floatx80 {
  return floatToFloatx80(bits, 52, 11, s);
}

/** float32 bit pattern → floatx80, exact; sNaN raises invalid and is quieted. */
export function float32ToFloatx80(bits: number, s: FloatStatus): Floatx80 {
  return floatToFloatx80(BigInt(bits >>> 0), 23, 8, s);
}

function floatToFloatx80(bits: bigint, fracBits: number, expBits: number, s: FloatStatus): Floatx80 {
  const fb = BigInt(fracBits);
  const expMax = (1 << expBits) - 1;
  const bias = (1 << (expBits - 1)) - 1;
  const sg = ((bits >> BigInt(fracBits + expBits)) & 1n) === 1n;
  const ex = Number((bits >> fb) & BigInt(expMax));
  const frac = bits & ((1n << fb) - 1n);
  if (ex === expMax) {
    if (frac === 0n) return make(sg, 0x7fff, INT_BIT);
    if ((frac & (1n << (fb - 1n))) === 0n) s.flags |= FloatFlag.invalid;
    return make(sg, 0x7fff, INT_BIT | QUIET_BIT | (frac << (63n - fb)));
  }
  if (ex === 0 && frac === 0n) return make(sg, 0, 0n);
  // QEMU 7.2 packs the result at the precision-control setting (a double can lose bits).
  const m = ex === 0 ? frac : frac | (1n << fb);
  return roundExact(sg, m, (ex === 0 ? 1 : ex) - bias - fracBits, s);
}

/** floatx80 → float64 bit pattern, rounded with the status rounding mode. */
export function floatx80ToFloat64(a: Floatx80, s: FloatStatus): bigint {
  return floatx80ToFloat(a, 52, 11, s);
}

/** floatx80 → float32 bit pattern (as an unsigned number), rounded with the status rounding mode. */
export function floatx80ToFloat32(a: Floatx80, s: FloatStatus): number {
  return Number(floatx80ToFloat(a, 23, 8, s));
}

function floatx80ToFloat(a: Floatx80, fracBits: number, expBits: number, s: FloatStatus): bigint {
  const fb = BigInt(fracBits);
  const expMax = (1 << expBits) - 1;
  const bias = (1 << (expBits - 1)) - 1;
  const signShift = BigInt(fracBits + expBits);
  const sg = sign(a) ? 1n << signShift : 0n;
  const fracMask = (1n << fb) - 1n;
  const quiet = 1n << (fb - 1n);
  const infBits = BigInt(expMax) << fb;
  if (isInvalidEncoding(a)) {
    s.flags |= FloatFlag.invalid;
    return (1n << signShift) | infBits | quiet; // the format's default NaN (negative on x86)
  }
  if (isNaN80(a)) {
    if (isSignalingNaN(a)) s.flags |= FloatFlag.invalid;
    return sg | infBits | quiet | ((a.low >> (63n - fb)) & fracMask);
  }
  if (isInf(a)) return sg | infBits;
  if (a.low === 0n) return sg;
  const x = finite(a);
  const len = bitLength(x.m);
  const r = roundSig(sign(a), x.e + len - 1 + bias, x.m << BigInt(128 - len), fracBits + 1, expMax, s);
  if (r.exp === expMax) return sg | infBits;
  return sg | (BigInt(r.exp) << fb) | (r.m & fracMask);
}

/** Helpers for tests and callers holding JS numbers. */
export function fromNumber(v: number, s: FloatStatus = newFloatStatus()): Floatx80 {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, v);
  return float64ToFloatx80(dv.getBigUint64(0), s);
}
export function toNumber(a: Floatx80, s: FloatStatus = newFloatStatus()): number {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, floatx80ToFloat64(a, s));
  return dv.getFloat64(0);
}

export function toHex(a: Floatx80): string {
  return `${a.high.toString(16).padStart(4, '0')}${a.low.toString(16).padStart(16, '0')}`;
}

/** floatx80_scalbn: a * 2^n rounded to the status precision (n is clamped as softfloat does). */
export function floatx80Scalbn(a: Floatx80, n: number, s: FloatStatus): Floatx80 {
  if (isInvalidEncoding(a)) return invalid(s);
  if (isNaN80(a)) return propagateNaN(a, a, s);
  if (isInf(a)) return make(sign(a), 0x7fff, INT_BIT);
  if (a.low === 0n) return make(sign(a), 0, 0n);
  const x = finite(a);
  const k = Math.max(-0x10000, Math.min(0x10000, n));
  return roundExact(sign(a), x.m, x.e + k, s);
}
