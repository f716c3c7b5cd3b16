/**
 * x87 register file and control/status words, as QEMU's CPUX86State keeps
 * them (fpstt, fptags, fpus, fpuc, fpregs, ft0, fp_status). The CPU state owns one X87State.
 *
 * QEMU 7.2 does not detect stack faults: pushes and pops only move TOP and the tags,
 * so neither SF nor C1-on-overflow is ever reported. tsemu matches that.
 */
import { FloatRound, type FloatStatus, type Floatx80 } from './floatx80.js';

export const FPUS_IE = 0x0001;
export const FPUS_DE = 0x0002;
export const FPUS_ZE = 0x0004;
export const FPUS_OE = 0x0008;
export const FPUS_UE = 0x0010;
export const FPUS_PE = 0x0020;
/** stack fault (never set by QEMU 7.2) */
export const FPUS_SE = 0x0040;
/** error summary (QEMU calls this bit FPUS_SE) */
export const FPUS_ES = 0x0080;
export const FPUS_C0 = 0x0100;
export const FPUS_C1 = 0x0200;
export const FPUS_C2 = 0x0400;
export const FPUS_C3 = 0x4000;
export const FPUS_B = 0x8000;
/** exception mask bits of the control word */
export const FPUC_EM = 0x3f;

export interface X87State {
  regs: Floatx80[];
  /** TOP of stack (status word bits 11-13 live here, not in fpus) */
  fpstt: number;
  /** per physical register: true when empty */
  fptags: boolean[];
  fpus: number;
  fpuc: number;
  /** FT0 scratch operand loaded by the memory-operand helpers */
  ft0: Floatx80;
  fpStatus: FloatStatus;
  /** last non-control instruction's EIP and CS selector, operand offset and segment selector */
  fpip: number;
  fpcs: number;
  fpdp: number;
  fpds: number;
  /** last opcode; QEMU 7.2 never records it, so it stays 0 */
  fpop: number;
}

export function newX87State(): X87State {
  const s: X87State = {
    regs: Array.from({ length: 8 }, () => ({ high: 0, low: 0n })),
    fpstt: 0,
    fptags: Array(8).fill(true),
    fpus: 0,
    fpuc: 0x37f,
    ft0: { high: 0, low: 0n },
    fpStatus: { roundingMode: FloatRound.NearestEven, precision: 80, flags: 0 },
    fpip: 0,
    fpcs: 0,
    fpdp: 0,
    fpds: 0,
    fpop: 0,
  };
  updateFpStatus(s);
  return s;
}

/** Propagate the control word's RC and PC fields to the softfloat status (QEMU's update_fp_status). */
export function updateFpStatus(s: X87State): void {
  s.fpStatus.roundingMode = ((s.fpuc >> 10) & 3) as FloatRound;
  const pc = (s.fpuc >> 8) & 3;
  s.fpStatus.precision = pc === 0 ? 32 : pc === 2 ? 64 : 80;
}

/** Push: TOP-1 and mark the new top valid (no overflow check, as QEMU). */
export function fpush(s: X87State): void {
  s.fpstt = (s.fpstt - 1) & 7;
  s.fptags[s.fpstt] = false;
}

export function fpop(s: X87State): void {
  s.fptags[s.fpstt] = true;
  s.fpstt = (s.fpstt + 1) & 7;
}

export const st = (s: X87State, i: number): Floatx80 => s.regs[(s.fpstt + i) & 7] as Floatx80;
export function setSt(s: X87State, i: number, v: Floatx80): void {
  s.regs[(s.fpstt + i) & 7] = v;
}

/** QEMU's fpu_set_exception: record flags; ES and B follow any unmasked exception. */
export function raiseFlags(s: X87State, flags: number): void {
  s.fpus |= flags & 0x3f;
  if (s.fpus & ~s.fpuc & FPUC_EM) s.fpus |= FPUS_ES | FPUS_B;
}

/** QEMU's save_exception_flags: start a helper with no softfloat flags. */
export function saveFlags(s: X87State): void {
  s.fpStatus.flags = 0;
}

/** QEMU's merge_exception_flags: move the flags softfloat raised in this helper into the status word. */
export function mergeFlags(s: X87State): void {
  raiseFlags(s, s.fpStatus.flags);
  s.fpStatus.flags = 0;
}

/** Drop softfloat flags of a helper that QEMU does not merge (they never reach the status word). */
export function dropFlags(s: X87State): void {
  s.fpStatus.flags = 0;
}

/** The status word as fnstsw reports it (TOP merged in). */
export function fnstsw(s: X87State): number {
  return ((s.fpus & ~0x3800) | ((s.fpstt & 7) << 11)) & 0xffff;
}

/** The full tag word of fnstenv/fnsave: 00 valid, 01 zero, 10 special, 11 empty. */
export function fnstTagWord(s: X87State): number {
  let tw = 0;
  for (let i = 7; i >= 0; i--) {
    tw <<= 2;
    if (s.fptags[i]) {
      tw |= 3;
      continue;
    }
    const r = s.regs[i] as Floatx80;
    const ex = r.high & 0x7fff;
    if (ex === 0 && r.low === 0n) tw |= 1;
    else if (ex === 0 || ex === 0x7fff || (r.low & (1n << 63n)) === 0n) tw |= 2;
  }
  return tw;
}

export function fninit(s: X87State): void {
  s.fpus = 0;
  s.fpstt = 0;
  s.fpcs = s.fpds = s.fpip = s.fpdp = 0;
  fldcw(s, 0x37f);
  s.fptags.fill(true);
}

/** fldcw (QEMU's cpu_set_fpuc): the word is kept whole; ES/B are not re-evaluated. */
export function fldcw(s: X87State, cw: number): void {
  s.fpuc = cw & 0xffff;
  updateFpStatus(s);
}

/** fnclex */
export function fclex(s: X87State): void {
  s.fpus &= 0x7f00;
}

/** QEMU's cpu_set_fpus (fldenv, frstor, fxrstor): TOP from bits 11-13, B mirrors ES. */
export function setFpus(s: X87State, fpus: number): void {
  s.fpstt = (fpus >> 11) & 7;
  s.fpus = fpus & ~0x3800 & ~FPUS_B & 0xffff;
  if (s.fpus & FPUS_ES) s.fpus |= FPUS_B;
}
