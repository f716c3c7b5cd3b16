/**
 * Lazy condition codes: compute EFLAGS' arithmetic bits from (cc_op, cc_dst, cc_src, cc_src2),
 * as QEMU's target/i386/tcg/cc_helper.c and cc_helper_template.h.
 */
import {
  CC_A,
  CC_C,
  CC_O,
  CC_P,
  CC_S,
  CC_Z,
  CCOp,
  type CPUX86State,
  GS_CC_DST,
  GS_CC_SRC,
  GS_CC_SRC2,
} from './cpu.js';

/** PF for each low byte value: CC_P when the number of set bits is even. */
export const parityTable: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    let n = 0;
    for (let b = 0; b < 8; b++) n += (i >> b) & 1;
    t[i] = n & 1 ? 0 : CC_P;
  }
  return t;
})();

const BITS = [8, 16, 32];
const MASK = [0xff, 0xffff, 0xffffffff];

/** zf | sf | pf of a result of `bits` width */
function zsp(dst: number, shift: number, mask: number): number {
  const d = (dst & mask) >>> 0;
  return (d === 0 ? CC_Z : 0) | ((d >>> (shift - 1)) & 1 ? CC_S : 0) | parityTable[d & 0xff];
}

/** All six arithmetic flags for the given lazy state. */
export function ccComputeAll(dst: number, src1: number, src2: number, op: number): number {
  switch (op) {
    case CCOp.EFLAGS:
      return src1 & (CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C);
    case CCOp.CLR:
      return CC_Z | CC_P;
    case CCOp.DYNAMIC:
      throw new Error('cc_compute_all: CC_OP_DYNAMIC');
  }
  const size = (op - 2) & 3;
  const base = op - size;
  const bits = BITS[size];
  const mask = MASK[size];
  const sign = bits === 32 ? 0x80000000 : 1 << (bits - 1);
  const u = (v: number) => (v & mask) >>> 0;
  const d = u(dst);
  let cf = 0;
  let af = 0;
  let of = 0;
  switch (base) {
    case CCOp.MULB:
      cf = src1 !== 0 ? CC_C : 0;
      return cf | zsp(d, bits, mask) | (cf ? CC_O : 0);
    case CCOp.ADDB: {
      const s1 = u(d - src1);
      const s2 = u(src1);
      cf = d < s2 ? CC_C : 0;
      af = (d ^ s1 ^ s2) & CC_A;
      of = (s1 ^ s2 ^ -1) & (s1 ^ d) & sign ? CC_O : 0;
      break;
    }
    case CCOp.ADCB: {
      const s2 = u(src1);
      const s1 = u(d - s2 - (src2 & 1));
      cf = src2 & 1 ? (d <= s1 ? CC_C : 0) : d < s1 ? CC_C : 0;
      af = (d ^ s1 ^ s2) & CC_A;
      of = (s1 ^ s2 ^ -1) & (s1 ^ d) & sign ? CC_O : 0;
      break;
    }
    case CCOp.SUBB: {
      const s2 = u(src1);
      const s1 = u(d + s2);
      cf = s1 < s2 ? CC_C : 0;
      af = (d ^ s1 ^ s2) & CC_A;
      of = (s1 ^ s2) & (s1 ^ d) & sign ? CC_O : 0;
      break;
    }
    case CCOp.SBBB: {
      const s2 = u(src1);
      const s1 = u(d + s2 + (src2 & 1));
      cf = src2 & 1 ? (s1 <= s2 ? CC_C : 0) : s1 < s2 ? CC_C : 0;
      af = (d ^ s1 ^ s2) & CC_A;
      of = (s1 ^ s2) & (s1 ^ d) & sign ? CC_O : 0;
      break;
    }
    case CCOp.LOGICB:
      break;
    case CCOp.INCB: {
      cf = src1 & CC_C;
      const s1 = u(d - 1);
      af = (d ^ s1 ^ 1) & CC_A;
      of = d === sign ? CC_O : 0;
      break;
    }
    case CCOp.DECB: {
      cf = src1 & CC_C;
      const s1 = u(d + 1);
      af = (d ^ s1 ^ 1) & CC_A;
      of = d === u(sign - 1) ? CC_O : 0;
      break;
    }
    case CCOp.SHLB:
      cf = (src1 >>> (bits - 1)) & CC_C;
      of = (src1 ^ d) & sign ? CC_O : 0;
      break;
    case CCOp.SARB:
      cf = src1 & CC_C;
      of = (src1 ^ d) & sign ? CC_O : 0;
      break;
    default:
      throw new Error(`cc_compute_all: bad CC_OP ${op}`);
  }
  return cf | af | of | zsp(d, bits, mask);
}

/** CF alone (QEMU's cc_compute_c). */
export function ccComputeC(dst: number, src1: number, src2: number, op: number): number {
  switch (op) {
    case CCOp.EFLAGS:
      return src1 & CC_C;
    case CCOp.CLR:
    case CCOp.LOGICB:
    case CCOp.LOGICW:
    case CCOp.LOGICL:
      return 0;
    case CCOp.INCB:
    case CCOp.INCW:
    case CCOp.INCL:
    case CCOp.DECB:
    case CCOp.DECW:
    case CCOp.DECL:
      return src1 & CC_C;
    case CCOp.MULB:
    case CCOp.MULW:
    case CCOp.MULL:
      return src1 !== 0 ? 1 : 0;
    case CCOp.SARB:
    case CCOp.SARW:
    case CCOp.SARL:
      return src1 & 1;
  }
  return ccComputeAll(dst, src1, src2, op) & CC_C;
}

/** helper_cc_compute_all as translated code calls it: (dst, src1, src2, op) -> flags */
export function helper_cc_compute_all(
  _env: CPUX86State,
  dst: number,
  src1: number,
  src2: number,
  op: number,
): number {
  return ccComputeAll(dst, src1, src2, op);
}

export function helper_cc_compute_c(
  _env: CPUX86State,
  dst: number,
  src1: number,
  src2: number,
  op: number,
): number {
  return ccComputeC(dst, src1, src2, op);
}

/** The arithmetic flags of env's current lazy state. */
export function cpuCcComputeAll(env: CPUX86State): number {
  return ccComputeAll(env.gs[GS_CC_DST], env.gs[GS_CC_SRC], env.gs[GS_CC_SRC2], env.ccOp);
}

/** Full EFLAGS (QEMU's cpu_compute_eflags): env.eflags | lazy arithmetic flags | DF. */
export function cpuComputeEflags(env: CPUX86State): number {
  return (env.eflags | cpuCcComputeAll(env) | (env.df < 0 ? 0x400 : 0)) >>> 0;
}
