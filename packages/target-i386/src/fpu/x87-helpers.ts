/**
 * x87 instruction helpers over the FPU state, named and split as QEMU 7.2's fpu_helper.c
 * (FT0 = the memory or ST(i) operand). Helpers that QEMU runs between save/merge of the
 * softfloat flags do the same here; the others drop whatever softfloat raised.
 */
import {
  exponent,
  FloatFlag,
  FloatRound,
  type Floatx80,
  float32ToFloatx80,
  float64ToFloatx80,
  floatx80Add,
  floatx80DefaultNaN,
  floatx80Div,
  floatx80Mul,
  floatx80Scalbn,
  floatx80Sub,
  floatx80ToFloat32,
  floatx80ToFloat64,
  int32ToFloatx80,
  int64ToFloatx80,
  isInf,
  isInvalidEncoding,
  isNaN80,
  isSignalingNaN,
  isZero,
  make,
  sign,
} from './floatx80.js';
import {
  FloatRelation,
  floatx80Compare,
  floatx80Modrem,
  floatx80RoundToInt,
  floatx80Sqrt,
  floatx80ToInt,
  floatx80ToInt32Sat,
} from './floatx80-ops.js';
import {
  dropFlags,
  FPUS_C0,
  FPUS_C1,
  FPUS_C2,
  FPUS_C3,
  fclex,
  fldcw,
  fninit,
  fnstsw,
  fpop,
  fpush,
  mergeFlags,
  saveFlags,
  setSt,
  st,
  type X87State,
} from './x87-state.js';

const INT_BIT = 1n << 63n;
const BIAS = 0x3fff;

// Constants as QEMU 7.2 loads them (the _d / _u variants for directed rounding).
export const floatx80One: Readonly<Floatx80> = Object.freeze({ high: 0x3fff, low: INT_BIT });
export const floatx80Zero: Readonly<Floatx80> = Object.freeze({ high: 0, low: 0n });
const L2T = { high: 0x4000, low: 0xd49a784bcd1b8afen };
const L2T_U = { high: 0x4000, low: 0xd49a784bcd1b8affn };
const L2E = { high: 0x3fff, low: 0xb8aa3b295c17f0bcn };
const L2E_D = { high: 0x3fff, low: 0xb8aa3b295c17f0bbn };
const PI = { high: 0x4000, low: 0xc90fdaa22168c235n };
const PI_D = { high: 0x4000, low: 0xc90fdaa22168c234n };
const LG2 = { high: 0x3ffd, low: 0x9a209a84fbcff799n };
const LG2_D = { high: 0x3ffd, low: 0x9a209a84fbcff798n };
const LN2 = { high: 0x3ffe, low: 0xb17217f7d1cf79acn };
const LN2_D = { high: 0x3ffe, low: 0xb17217f7d1cf79abn };

const roundsDown = (s: X87State): boolean => {
  const rc = (s.fpuc >> 10) & 3;
  return rc === FloatRound.Down || rc === FloatRound.ToZero;
};

// ---- loads ---------------------------------------------------------------------------------

function pushValue(s: X87State, v: Floatx80): void {
  fpush(s);
  setSt(s, 0, v);
}

export function helper_flds_FT0(s: X87State, bits: number): void {
  saveFlags(s);
  s.ft0 = float32ToFloatx80(bits, s.fpStatus);
  mergeFlags(s);
}
export function helper_fldl_FT0(s: X87State, bits: bigint): void {
  saveFlags(s);
  s.ft0 = float64ToFloatx80(bits, s.fpStatus);
  mergeFlags(s);
}
export function helper_fildl_FT0(s: X87State, v: number): void {
  // Rounded to the precision control; QEMU does not merge the flags of this helper.
  s.ft0 = int32ToFloatx80(v, s.fpStatus);
  dropFlags(s);
}
export function helper_flds_ST0(s: X87State, bits: number): void {
  saveFlags(s);
  const v = float32ToFloatx80(bits, s.fpStatus);
  pushValue(s, v);
  mergeFlags(s);
}
export function helper_fldl_ST0(s: X87State, bits: bigint): void {
  saveFlags(s);
  const v = float64ToFloatx80(bits, s.fpStatus);
  pushValue(s, v);
  mergeFlags(s);
}
export function helper_fildl_ST0(s: X87State, v: number): void {
  pushValue(s, int32ToFloatx80(v));
}
export function helper_fildll_ST0(s: X87State, v: bigint): void {
  pushValue(s, int64ToFloatx80(BigInt.asIntN(64, v)));
}
export function helper_fldt_ST0(s: X87State, v: Floatx80): void {
  pushValue(s, { high: v.high & 0xffff, low: v.low });
}

// ---- stores (the caller writes memory, then pops) -------------------------------------------

export function helper_fsts_ST0(s: X87State): number {
  saveFlags(s);
  const r = floatx80ToFloat32(st(s, 0), s.fpStatus);
  mergeFlags(s);
  return r;
}
export function helper_fstl_ST0(s: X87State): bigint {
  saveFlags(s);
  const r = floatx80ToFloat64(st(s, 0), s.fpStatus);
  mergeFlags(s);
  return r;
}
function fistN(s: X87State, bits: 16 | 32 | 64, mode: FloatRound): bigint {
  saveFlags(s);
  const r = floatx80ToInt(st(s, 0), bits, s.fpStatus, mode);
  mergeFlags(s);
  return r;
}
/** fist m16: the int16 value (as a number) */
export const helper_fist_ST0 = (s: X87State): number => Number(fistN(s, 16, s.fpStatus.roundingMode));
export const helper_fistl_ST0 = (s: X87State): number => Number(fistN(s, 32, s.fpStatus.roundingMode));
export const helper_fistll_ST0 = (s: X87State): bigint => fistN(s, 64, s.fpStatus.roundingMode);
export const helper_fistt_ST0 = (s: X87State): number => Number(fistN(s, 16, FloatRound.ToZero));
export const helper_fisttl_ST0 = (s: X87State): number => Number(fistN(s, 32, FloatRound.ToZero));
export const helper_fisttll_ST0 = (s: X87State): bigint => fistN(s, 64, FloatRound.ToZero);
export const helper_fstt_ST0 = (s: X87State): Floatx80 => st(s, 0);

// ---- stack and moves -----------------------------------------------------------------------

export const helper_fpush = (s: X87State): void => fpush(s);
export const helper_fpop = (s: X87State): void => fpop(s);
export function helper_fdecstp(s: X87State): void {
  s.fpstt = (s.fpstt - 1) & 7;
  s.fpus &= ~0x4700;
}
export function helper_fincstp(s: X87State): void {
  s.fpstt = (s.fpstt + 1) & 7;
  s.fpus &= ~0x4700;
}
export function helper_ffree_STN(s: X87State, i: number): void {
  s.fptags[(s.fpstt + i) & 7] = true;
}
export function helper_fmov_ST0_FT0(s: X87State): void {
  setSt(s, 0, s.ft0);
}
export function helper_fmov_FT0_STN(s: X87State, i: number): void {
  s.ft0 = st(s, i);
}
export function helper_fmov_ST0_STN(s: X87State, i: number): void {
  setSt(s, 0, st(s, i));
}
export function helper_fmov_STN_ST0(s: X87State, i: number): void {
  setSt(s, i, st(s, 0));
}
export function helper_fxchg_ST0_STN(s: X87State, i: number): void {
  const t = st(s, i);
  setSt(s, i, st(s, 0));
  setSt(s, 0, t);
}

// ---- compare -------------------------------------------------------------------------------

const FCOM_CC: Record<number, number> = {
  [FloatRelation.less]: FPUS_C0,
  [FloatRelation.equal]: FPUS_C3,
  [FloatRelation.greater]: 0,
  [FloatRelation.unordered]: FPUS_C3 | FPUS_C2 | FPUS_C0,
};
function fcom(s: X87State, quiet: boolean): void {
  saveFlags(s);
  const r = floatx80Compare(st(s, 0), s.ft0, quiet, s.fpStatus);
  s.fpus = (s.fpus & ~0x4500) | (FCOM_CC[r] as number);
  mergeFlags(s);
}
export const helper_fcom_ST0_FT0 = (s: X87State): void => fcom(s, false);
export const helper_fucom_ST0_FT0 = (s: X87State): void => fcom(s, true);

/** The compare behind fcomi/fucomi: the relation, with flags merged into the status word. */
export function fcomiRelation(s: X87State, quiet: boolean): FloatRelation {
  saveFlags(s);
  const r = floatx80Compare(st(s, 0), s.ft0, quiet, s.fpStatus);
  mergeFlags(s);
  return r;
}

export function helper_ftst(s: X87State): void {
  helper_fldz_FT0(s);
  helper_fcom_ST0_FT0(s);
}

// ---- arithmetic ----------------------------------------------------------------------------

type BinOp = typeof floatx80Add;
const subr: BinOp = (a, b, f) => floatx80Sub(b, a, f);
const divr: BinOp = (a, b, f) => floatx80Div(b, a, f);
function arithST0FT0(s: X87State, op: BinOp): void {
  saveFlags(s);
  setSt(s, 0, op(st(s, 0), s.ft0, s.fpStatus));
  mergeFlags(s);
}
function arithSTNST0(s: X87State, i: number, op: BinOp): void {
  saveFlags(s);
  setSt(s, i, op(st(s, i), st(s, 0), s.fpStatus));
  mergeFlags(s);
}
export const helper_fadd_ST0_FT0 = (s: X87State): void => arithST0FT0(s, floatx80Add);
export const helper_fmul_ST0_FT0 = (s: X87State): void => arithST0FT0(s, floatx80Mul);
export const helper_fsub_ST0_FT0 = (s: X87State): void => arithST0FT0(s, floatx80Sub);
export const helper_fsubr_ST0_FT0 = (s: X87State): void => arithST0FT0(s, subr);
export const helper_fdiv_ST0_FT0 = (s: X87State): void => arithST0FT0(s, floatx80Div);
export const helper_fdivr_ST0_FT0 = (s: X87State): void => arithST0FT0(s, divr);
export const helper_fadd_STN_ST0 = (s: X87State, i: number): void => arithSTNST0(s, i, floatx80Add);
export const helper_fmul_STN_ST0 = (s: X87State, i: number): void => arithSTNST0(s, i, floatx80Mul);
export const helper_fsub_STN_ST0 = (s: X87State, i: number): void => arithSTNST0(s, i, floatx80Sub);
export const helper_fsubr_STN_ST0 = (s: X87State, i: number): void => arithSTNST0(s, i, subr);
export const helper_fdiv_STN_ST0 = (s: X87State, i: number): void => arithSTNST0(s, i, floatx80Div);
export const helper_fdivr_STN_ST0 = (s: X87State, i: number): void => arithSTNST0(s, i, divr);

/** The D8/DC memory-operand arithmetic group by reg field: fadd fmul fcom fcomp fsub fsubr fdiv fdivr. */
const ARITH_ST0_FT0 = [
  helper_fadd_ST0_FT0,
  helper_fmul_ST0_FT0,
  helper_fcom_ST0_FT0,
  helper_fcom_ST0_FT0,
  helper_fsub_ST0_FT0,
  helper_fsubr_ST0_FT0,
  helper_fdiv_ST0_FT0,
  helper_fdivr_ST0_FT0,
];
export function helper_fp_arith_ST0_FT0(s: X87State, op: number): void {
  (ARITH_ST0_FT0[op & 7] as (s: X87State) => void)(s);
}

/** DC/DE register forms: note the reversed sense of the "r" ops (QEMU's gen_helper_fp_arith_STN_ST0). */
const ARITH_STN_ST0 = [
  helper_fadd_STN_ST0,
  helper_fmul_STN_ST0,
  undefined,
  undefined,
  helper_fsubr_STN_ST0,
  helper_fsub_STN_ST0,
  helper_fdivr_STN_ST0,
  helper_fdiv_STN_ST0,
];
export function helper_fp_arith_STN_ST0(s: X87State, op: number, i: number): void {
  ARITH_STN_ST0[op & 7]?.(s, i);
}

export function helper_fchs_ST0(s: X87State): void {
  const a = st(s, 0);
  setSt(s, 0, { high: a.high ^ 0x8000, low: a.low });
}
export function helper_fabs_ST0(s: X87State): void {
  const a = st(s, 0);
  setSt(s, 0, { high: a.high & 0x7fff, low: a.low });
}

// ---- constants (the caller pushes first, as QEMU's translator does) ------------------------

export const helper_fld1_ST0 = (s: X87State): void => setSt(s, 0, floatx80One);
export const helper_fldl2t_ST0 = (s: X87State): void =>
  setSt(s, 0, ((s.fpuc >> 10) & 3) === FloatRound.Up ? L2T_U : L2T);
export const helper_fldl2e_ST0 = (s: X87State): void => setSt(s, 0, roundsDown(s) ? L2E_D : L2E);
export const helper_fldpi_ST0 = (s: X87State): void => setSt(s, 0, roundsDown(s) ? PI_D : PI);
export const helper_fldlg2_ST0 = (s: X87State): void => setSt(s, 0, roundsDown(s) ? LG2_D : LG2);
export const helper_fldln2_ST0 = (s: X87State): void => setSt(s, 0, roundsDown(s) ? LN2_D : LN2);
export const helper_fldz_ST0 = (s: X87State): void => setSt(s, 0, floatx80Zero);
export function helper_fldz_FT0(s: X87State): void {
  s.ft0 = floatx80Zero;
}

// ---- control -------------------------------------------------------------------------------

export const helper_fnstsw = (s: X87State): number => fnstsw(s);
export const helper_fnstcw = (s: X87State): number => s.fpuc;
export const helper_fldcw = (s: X87State, v: number): void => fldcw(s, v);
export const helper_fclex = (s: X87State): void => fclex(s);
export const helper_fninit = (s: X87State): void => fninit(s);

// ---- BCD -----------------------------------------------------------------------------------

/** fbld from the 10 bytes of an m80bcd operand (digits are not validated, as QEMU). */
export function helper_fbld_ST0(s: X87State, bytes: ArrayLike<number>): void {
  let v = 0n;
  for (let i = 8; i >= 0; i--) {
    const b = (bytes[i] as number) & 0xff;
    v = v * 100n + BigInt((b >> 4) * 10 + (b & 0xf));
  }
  let t = int64ToFloatx80(BigInt.asIntN(64, v), s.fpStatus);
  dropFlags(s);
  if ((bytes[9] as number) & 0x80) t = { high: t.high ^ 0x8000, low: t.low };
  pushValue(s, t);
}

/** fbst: the 10 bytes to store (the packed BCD indefinite when out of range). */
export function helper_fbst_ST0(s: X87State): Uint8Array {
  saveFlags(s);
  const out = new Uint8Array(10);
  const a = st(s, 0);
  let v = floatx80ToInt(a, 64, s.fpStatus);
  // QEMU takes the out-of-range NaN result as INT64_MAX; either way it is out of range.
  if ((s.fpStatus.flags & FloatFlag.invalid) !== 0 || v >= 10n ** 18n || v <= -(10n ** 18n)) {
    s.fpStatus.flags = FloatFlag.invalid;
    out[7] = 0xc0;
    out[8] = 0xff;
    out[9] = 0xff;
    mergeFlags(s);
    return out;
  }
  if (sign(a)) {
    out[9] = 0x80;
    v = -v;
  }
  for (let i = 0; i < 9 && v !== 0n; i++) {
    const d = Number(v % 100n);
    v /= 100n;
    out[i] = ((Math.trunc(d / 10) << 4) | (d % 10)) & 0xff;
  }
  mergeFlags(s);
  return out;
}

// ---- misc arithmetic -----------------------------------------------------------------------

export function helper_fsqrt(s: X87State): void {
  saveFlags(s);
  // QEMU 7.2 reports a negative operand (even -0) through C2, clearing C0/C1/C3.
  if (sign(st(s, 0))) s.fpus = (s.fpus & ~0x4700) | FPUS_C2;
  setSt(s, 0, floatx80Sqrt(st(s, 0), s.fpStatus));
  mergeFlags(s);
}

export function helper_frndint(s: X87State): void {
  saveFlags(s);
  setSt(s, 0, floatx80RoundToInt(st(s, 0), s.fpStatus));
  mergeFlags(s);
}

export function helper_fscale(s: X87State): void {
  saveFlags(s);
  const a = st(s, 0);
  const b = st(s, 1);
  const f = s.fpStatus;
  if (isInvalidEncoding(b) || isInvalidEncoding(a)) {
    f.flags |= FloatFlag.invalid;
    setSt(s, 0, floatx80DefaultNaN);
  } else if (isNaN80(b)) {
    if (isSignalingNaN(a)) f.flags |= FloatFlag.invalid;
    if (isSignalingNaN(b)) f.flags |= FloatFlag.invalid;
    setSt(s, 0, { high: b.high, low: b.low | (1n << 62n) });
  } else if (isInf(b) && !isNaN80(a)) {
    if (sign(b)) {
      if (isInf(a)) {
        f.flags |= FloatFlag.invalid;
        setSt(s, 0, floatx80DefaultNaN);
      } else setSt(s, 0, make(sign(a), 0, 0n));
    } else if (isZero(a)) {
      f.flags |= FloatFlag.invalid;
      setSt(s, 0, floatx80DefaultNaN);
    } else setSt(s, 0, make(sign(a), 0x7fff, INT_BIT));
  } else {
    // The exponent conversion's own flags are discarded.
    const n = floatx80ToInt32Sat(b, FloatRound.ToZero, { ...f, flags: 0 });
    setSt(s, 0, floatx80Scalbn(a, n, withPrecision80(s)));
  }
  mergeFlags(s);
}

/** The status with precision forced to 64 bits, sharing the flags (QEMU's tmp precision switch). */
function withPrecision80(s: X87State): typeof s.fpStatus {
  const f = s.fpStatus;
  return {
    roundingMode: f.roundingMode,
    precision: 80,
    get flags() {
      return f.flags;
    },
    set flags(v: number) {
      f.flags = v;
    },
  };
}

export function helper_fxtract(s: X87State): void {
  saveFlags(s);
  const a = st(s, 0);
  const f = s.fpStatus;
  if (isZero(a)) {
    setSt(s, 0, floatx80Div(make(true, BIAS, INT_BIT), floatx80Zero, f));
    pushValue(s, a);
  } else if (isInvalidEncoding(a)) {
    f.flags |= FloatFlag.invalid;
    setSt(s, 0, floatx80DefaultNaN);
    pushValue(s, st(s, 0));
  } else if (isNaN80(a)) {
    if (isSignalingNaN(a)) {
      f.flags |= FloatFlag.invalid;
      setSt(s, 0, { high: a.high, low: a.low | (1n << 62n) });
    }
    pushValue(s, st(s, 0));
  } else if (isInf(a)) {
    pushValue(s, a);
    setSt(s, 1, make(false, 0x7fff, INT_BIT));
  } else {
    let low = a.low;
    let e: number;
    if (exponent(a) === 0) {
      const shift = 64 - low.toString(2).length;
      low = (low << BigInt(shift)) & ((1n << 64n) - 1n);
      e = 1 - BIAS - shift;
      f.flags |= FloatFlag.inputDenormal;
    } else e = exponent(a) - BIAS;
    setSt(s, 0, int32ToFloatx80(e));
    pushValue(s, { high: (a.high & 0x8000) | BIAS, low });
  }
  mergeFlags(s);
}

function fpremCommon(s: X87State, mod: boolean): void {
  saveFlags(s);
  const a = st(s, 0);
  const b = st(s, 1);
  let e0 = exponent(a);
  let e1 = exponent(b);
  s.fpus &= ~0x4700;
  if (
    isZero(a) ||
    isZero(b) ||
    e0 === 0x7fff ||
    e1 === 0x7fff ||
    isInvalidEncoding(a) ||
    isInvalidEncoding(b)
  ) {
    setSt(s, 0, floatx80Modrem(a, b, mod, s.fpStatus).r);
  } else {
    const clz = (v: bigint): number => 64 - v.toString(2).length;
    if (e0 === 0) e0 = 1 - clz(a.low);
    if (e1 === 0) e1 = 1 - clz(b.low);
    const diff = e0 - e1;
    if (diff < 64) {
      const { r, quotient: q } = floatx80Modrem(a, b, mod, s.fpStatus);
      setSt(s, 0, r);
      // QEMU 7.2 reports no quotient bits for fprem1.
      const quotient = mod ? q : 0n;
      if (quotient & 4n) s.fpus |= FPUS_C0;
      if (quotient & 2n) s.fpus |= FPUS_C3;
      if (quotient & 1n) s.fpus |= FPUS_C1;
    } else {
      // Partial remainder, 32..63 bits at a time (the AMD-documented choice Intel follows too).
      const n = 32 + (diff % 32);
      const scaled = floatx80Scalbn(b, diff - n, s.fpStatus);
      setSt(s, 0, floatx80Modrem(a, scaled, true, s.fpStatus).r);
      s.fpus |= FPUS_C2;
    }
  }
  mergeFlags(s);
}
export const helper_fprem = (s: X87State): void => fpremCommon(s, true);
export const helper_fprem1 = (s: X87State): void => fpremCommon(s, false);

export function helper_fxam_ST0(s: X87State): void {
  const a = st(s, 0);
  s.fpus &= ~0x4700;
  if (a.high & 0x8000) s.fpus |= FPUS_C1;
  if (s.fptags[s.fpstt]) {
    s.fpus |= FPUS_C3 | FPUS_C0; // empty
    return;
  }
  const e = exponent(a);
  if (e === 0x7fff) {
    if (a.low === INT_BIT) s.fpus |= FPUS_C2 | FPUS_C0;
    else if (a.low & INT_BIT) s.fpus |= FPUS_C0;
  } else if (e === 0) {
    s.fpus |= a.low === 0n ? FPUS_C3 : FPUS_C3 | FPUS_C2;
  } else if (a.low & INT_BIT) s.fpus |= FPUS_C2;
}
