/**
 * Integer helpers called from translated code (QEMU's target/i386/tcg/int_helper.c and
 * shift_helper_template.h): div/idiv with #DE, BCD adjust, rcl/rcr. Helpers read and write the
 * hot state in env.gs; lazy flags arrive materialised (cc_op EFLAGS) where they are needed.
 */
import { parityTable } from './cc-helper.js';
import {
  CC_A,
  CC_C,
  CC_O,
  type CPUX86State,
  EXCP00_DIVZ,
  GS_CC_DST,
  GS_CC_SRC,
  R_EAX,
  R_EDX,
  raiseException,
} from './cpu.js';

function setAx(env: CPUX86State, v: number): void {
  env.regs[R_EAX] = (env.regs[R_EAX] & ~0xffff) | (v & 0xffff);
}

export function helper_divb_AL(env: CPUX86State, t0: number): void {
  const num = env.regs[R_EAX] & 0xffff;
  const den = t0 & 0xff;
  if (den === 0) raiseException(env, EXCP00_DIVZ);
  const q = Math.floor(num / den);
  if (q > 0xff) raiseException(env, EXCP00_DIVZ);
  setAx(env, ((num % den) << 8) | q);
}

export function helper_idivb_AL(env: CPUX86State, t0: number): void {
  const num = (env.regs[R_EAX] << 16) >> 16;
  const den = (t0 << 24) >> 24;
  if (den === 0) raiseException(env, EXCP00_DIVZ);
  const q = Math.trunc(num / den);
  if (q !== (q << 24) >> 24) raiseException(env, EXCP00_DIVZ);
  const r = num % den;
  setAx(env, ((r & 0xff) << 8) | (q & 0xff));
}

export function helper_divw_AX(env: CPUX86State, t0: number): void {
  const num = ((env.regs[R_EAX] & 0xffff) | ((env.regs[R_EDX] & 0xffff) << 16)) >>> 0;
  const den = t0 & 0xffff;
  if (den === 0) raiseException(env, EXCP00_DIVZ);
  const q = Math.floor(num / den);
  if (q > 0xffff) raiseException(env, EXCP00_DIVZ);
  setAx(env, q);
  env.regs[R_EDX] = (env.regs[R_EDX] & ~0xffff) | (num % den);
}

export function helper_idivw_AX(env: CPUX86State, t0: number): void {
  const num = (env.regs[R_EAX] & 0xffff) | (env.regs[R_EDX] << 16);
  const den = (t0 << 16) >> 16;
  if (den === 0) raiseException(env, EXCP00_DIVZ);
  const q = Math.trunc(num / den);
  if (q !== (q << 16) >> 16) raiseException(env, EXCP00_DIVZ);
  const r = num % den;
  setAx(env, q);
  env.regs[R_EDX] = (env.regs[R_EDX] & ~0xffff) | (r & 0xffff);
}

export function helper_divl_EAX(env: CPUX86State, t0: number): void {
  const den = BigInt(t0 >>> 0);
  if (den === 0n) raiseException(env, EXCP00_DIVZ);
  const num = (BigInt(env.regs[R_EDX] >>> 0) << 32n) | BigInt(env.regs[R_EAX] >>> 0);
  const q = num / den;
  if (q > 0xffffffffn) raiseException(env, EXCP00_DIVZ);
  env.regs[R_EAX] = Number(q & 0xffffffffn) | 0;
  env.regs[R_EDX] = Number(num % den) | 0;
}

export function helper_idivl_EAX(env: CPUX86State, t0: number): void {
  const den = BigInt(t0 | 0);
  if (den === 0n) raiseException(env, EXCP00_DIVZ);
  const num = (BigInt(env.regs[R_EDX] | 0) << 32n) | BigInt(env.regs[R_EAX] >>> 0);
  const q = num / den;
  if (q !== BigInt.asIntN(32, q)) raiseException(env, EXCP00_DIVZ);
  env.regs[R_EAX] = Number(q) | 0;
  env.regs[R_EDX] = Number(num % den) | 0;
}

// BCD: flags in cc_src (the translator materialises them first), result flags back into cc_src.

function zsp8(al: number): number {
  return (al === 0 ? 0x40 : 0) | parityTable[al] | (al & 0x80);
}

export function helper_daa(env: CPUX86State): void {
  const eflags = env.gs[GS_CC_SRC];
  const cf = eflags & CC_C;
  const af = eflags & CC_A;
  const oldAl = env.regs[R_EAX] & 0xff;
  let al = oldAl;
  let f = 0;
  if ((al & 0x0f) > 9 || af) {
    al = (al + 6) & 0xff;
    f |= CC_A;
  }
  if (oldAl > 0x99 || cf) {
    al = (al + 0x60) & 0xff;
    f |= CC_C;
  }
  env.regs[R_EAX] = (env.regs[R_EAX] & ~0xff) | al;
  env.gs[GS_CC_SRC] = f | zsp8(al);
}

export function helper_das(env: CPUX86State): void {
  const eflags = env.gs[GS_CC_SRC];
  const cf = eflags & CC_C;
  const af = eflags & CC_A;
  const al1 = env.regs[R_EAX] & 0xff;
  let al = al1;
  let f = 0;
  if ((al & 0x0f) > 9 || af) {
    f |= CC_A;
    if (al < 6 || cf) f |= CC_C;
    al = (al - 6) & 0xff;
  }
  if (al1 > 0x99 || cf) {
    al = (al - 0x60) & 0xff;
    f |= CC_C;
  }
  env.regs[R_EAX] = (env.regs[R_EAX] & ~0xff) | al;
  env.gs[GS_CC_SRC] = f | zsp8(al);
}

export function helper_aaa(env: CPUX86State): void {
  let eflags = env.gs[GS_CC_SRC];
  const af = eflags & CC_A;
  let al = env.regs[R_EAX] & 0xff;
  let ah = (env.regs[R_EAX] >> 8) & 0xff;
  const icarry = al > 0xf9 ? 1 : 0;
  if ((al & 0x0f) > 9 || af) {
    al = (al + 6) & 0x0f;
    ah = (ah + 1 + icarry) & 0xff;
    eflags |= CC_C | CC_A;
  } else {
    eflags &= ~(CC_C | CC_A);
    al &= 0x0f;
  }
  setAx(env, al | (ah << 8));
  env.gs[GS_CC_SRC] = eflags;
}

export function helper_aas(env: CPUX86State): void {
  let eflags = env.gs[GS_CC_SRC];
  const af = eflags & CC_A;
  let al = env.regs[R_EAX] & 0xff;
  let ah = (env.regs[R_EAX] >> 8) & 0xff;
  const icarry = al < 6 ? 1 : 0;
  if ((al & 0x0f) > 9 || af) {
    al = (al - 6) & 0x0f;
    ah = (ah - 1 - icarry) & 0xff;
    eflags |= CC_C | CC_A;
  } else {
    eflags &= ~(CC_C | CC_A);
    al &= 0x0f;
  }
  setAx(env, al | (ah << 8));
  env.gs[GS_CC_SRC] = eflags;
}

/** aam imm8 (base != 0; the translator raises #DE for 0); flags as LOGICB of AL via cc_dst */
export function helper_aam(env: CPUX86State, base: number): void {
  const al0 = env.regs[R_EAX] & 0xff;
  const ah = Math.floor(al0 / base);
  const al = al0 % base;
  setAx(env, al | (ah << 8));
  env.gs[GS_CC_DST] = al;
}

export function helper_aad(env: CPUX86State, base: number): void {
  const al0 = env.regs[R_EAX] & 0xff;
  const ah = (env.regs[R_EAX] >> 8) & 0xff;
  const al = (ah * base + al0) & 0xff;
  setAx(env, al);
  env.gs[GS_CC_DST] = al;
}

// rcl/rcr: count taken mod 32 then mod (bits + 1); CF/OF into cc_src (flags materialised).
const DATA_MASK = [0xff, 0xffff, 0xffffffff];

function ofBit(x: number, bits: number): number {
  return ((x >>> (bits - 1)) & 1) << 11;
}

export function helper_rcl(env: CPUX86State, t0: number, t1: number, ot: number): number {
  const bits = 8 << ot;
  let count = t1 & 0x1f;
  if (bits < 32) count %= bits + 1;
  if (!count) return t0;
  const eflags = env.gs[GS_CC_SRC];
  const src = (t0 & DATA_MASK[ot]) >>> 0;
  let res = (src << count) | ((eflags & CC_C) << (count - 1));
  if (count > 1) res |= src >>> (bits + 1 - count);
  res = (res & DATA_MASK[ot]) >>> 0;
  env.gs[GS_CC_SRC] =
    (eflags & ~(CC_C | CC_O)) | (ofBit(src ^ res, bits) & CC_O) | ((src >>> (bits - count)) & CC_C);
  return res | 0;
}

export function helper_rcr(env: CPUX86State, t0: number, t1: number, ot: number): number {
  const bits = 8 << ot;
  let count = t1 & 0x1f;
  if (bits < 32) count %= bits + 1;
  if (!count) return t0;
  const eflags = env.gs[GS_CC_SRC];
  const src = (t0 & DATA_MASK[ot]) >>> 0;
  let res = (src >>> count) | ((eflags & CC_C) << (bits - count));
  if (count > 1) res |= src << (bits + 1 - count);
  res = (res & DATA_MASK[ot]) >>> 0;
  env.gs[GS_CC_SRC] =
    (eflags & ~(CC_C | CC_O)) | (ofBit(src ^ res, bits) & CC_O) | ((src >>> (count - 1)) & CC_C);
  return res | 0;
}
