/** Instruction helpers over the x87 state, split like QEMU's (FT0 = memory or ST(i) operand). */
import {
  type Floatx80,
  float64ToFloatx80,
  floatx80Add,
  floatx80DefaultNaN,
  floatx80Div,
  floatx80Mul,
  floatx80Sub,
  floatx80ToFloat64,
  int32ToFloatx80,
} from './floatx80.js';
import { FloatRelation, floatx80Compare, floatx80Sqrt, floatx80ToInt } from './floatx80-ops.js';
import {
  checkSt,
  FPUS_C0,
  FPUS_C2,
  FPUS_C3,
  fpop,
  fpushValue,
  mergeFlags,
  setSt,
  st,
  type X87State,
} from './x87-state.js';

export function helper_fldt_ST0(s: X87State, v: Floatx80): void {
  fpushValue(s, v);
}
export function helper_fldl_ST0(s: X87State, bits: bigint): void {
  const v = float64ToFloatx80(bits, s.fpStatus);
  mergeFlags(s);
  fpushValue(s, v);
}
export function helper_fildl_ST0(s: X87State, v: number): void {
  fpushValue(s, int32ToFloatx80(v));
}
export function helper_fldl_FT0(s: X87State, bits: bigint): void {
  s.ft0 = float64ToFloatx80(bits, s.fpStatus);
  mergeFlags(s);
}
export function helper_fmov_FT0_STN(s: X87State, i: number): void {
  s.ft0 = st(s, i);
}

type Op = typeof floatx80Add;
function arithST0FT0(s: X87State, op: Op): void {
  if (!checkSt(s, 0)) {
    setSt(s, 0, { ...floatx80DefaultNaN });
    return;
  }
  setSt(s, 0, op(st(s, 0), s.ft0, s.fpStatus));
  mergeFlags(s);
}
export const helper_fadd_ST0_FT0 = (s: X87State): void => arithST0FT0(s, floatx80Add);
export const helper_fsub_ST0_FT0 = (s: X87State): void => arithST0FT0(s, floatx80Sub);
export const helper_fsubr_ST0_FT0 = (s: X87State): void => arithST0FT0(s, (a, b, f) => floatx80Sub(b, a, f));
export const helper_fmul_ST0_FT0 = (s: X87State): void => arithST0FT0(s, floatx80Mul);
export const helper_fdiv_ST0_FT0 = (s: X87State): void => arithST0FT0(s, floatx80Div);
export const helper_fdivr_ST0_FT0 = (s: X87State): void => arithST0FT0(s, (a, b, f) => floatx80Div(b, a, f));

export function helper_fsqrt(s: X87State): void {
  // QEMU 7.2 reports a negative operand (even -0) through C2, clearing C0/C1/C3.
  if (st(s, 0).high & 0x8000) s.fpus = (s.fpus & ~0x4700) | FPUS_C2;
  setSt(s, 0, floatx80Sqrt(st(s, 0), s.fpStatus));
  mergeFlags(s);
}

/** fcom/fucom: C3 C2 C0 from the relation. */
function fcomFlags(s: X87State, quiet: boolean): void {
  const r = floatx80Compare(st(s, 0), s.ft0, quiet, s.fpStatus);
  const cc =
    r === FloatRelation.less
      ? FPUS_C0
      : r === FloatRelation.equal
        ? FPUS_C3
        : r === FloatRelation.greater
          ? 0
          : FPUS_C0 | FPUS_C2 | FPUS_C3;
  s.fpus = (s.fpus & ~(FPUS_C0 | FPUS_C2 | FPUS_C3)) | cc;
  mergeFlags(s);
}
export const helper_fcom_ST0_FT0 = (s: X87State): void => fcomFlags(s, false);
export const helper_fucom_ST0_FT0 = (s: X87State): void => fcomFlags(s, true);

export function helper_fstl_ST0(s: X87State): bigint {
  const r = floatx80ToFloat64(st(s, 0), s.fpStatus);
  mergeFlags(s);
  return r;
}
export function helper_fistl_ST0(s: X87State): number {
  const r = floatx80ToInt(st(s, 0), 32, s.fpStatus);
  mergeFlags(s);
  return Number(r) | 0;
}
export function helper_fpop(s: X87State): void {
  fpop(s);
}
