/**
 * x87 register file and control/status words, as QEMU's CPUX86State keeps
 * them (fpstt, fptags, fpus, fpuc, fpregs). The CPU state owns one X87State.
 */
import { FloatFlag, FloatRound, type FloatStatus, type Floatx80, floatx80DefaultNaN } from './floatx80.js';

export const FPUS_IE = 0x0001;
export const FPUS_SE = 0x0040; // stack fault
export const FPUS_ES = 0x0080;
export const FPUS_C0 = 0x0100;
export const FPUS_C1 = 0x0200;
export const FPUS_C2 = 0x0400;
export const FPUS_C3 = 0x4000;
export const FPUS_B = 0x8000;

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
  fpip: number;
  fpcs: number;
  fpdp: number;
  fpds: number;
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

/** Propagate the control word's RC and PC fields to the softfloat status. */
export function updateFpStatus(s: X87State): void {
  s.fpStatus.roundingMode = ((s.fpuc >> 10) & 3) as FloatRound;
  const pc = (s.fpuc >> 8) & 3;
  s.fpStatus.precision = pc === 0 ? 32 : pc === 2 ? 64 : 80;
}

export function fpush(s: X87State): void {
  s.fpstt = (s.fpstt - 1) & 7;
}

export function fpop(s: X87State): void {
  s.fptags[s.fpstt] = true;
  s.fpstt = (s.fpstt + 1) & 7;
}

export const st = (s: X87State, i: number): Floatx80 => s.regs[(s.fpstt + i) & 7] as Floatx80;
export function setSt(s: X87State, i: number, v: Floatx80): void {
  s.regs[(s.fpstt + i) & 7] = v;
}

/** Raise flags into the status word; ES/B follow any unmasked exception. */
export function raiseFlags(s: X87State, flags: number): void {
  s.fpus |= flags & 0x3f;
  if (s.fpus & ~s.fpuc & 0x3f) s.fpus |= FPUS_ES | FPUS_B;
}

/** Merge and clear the flags softfloat accumulated during one helper. */
export function mergeFlags(s: X87State): void {
  raiseFlags(s, s.fpStatus.flags);
  s.fpStatus.flags = 0;
}

/** Stack underflow/overflow (#IS): invalid + SF; C1 says which. Masked response loads the default NaN. */
function stackFault(s: X87State, overflow: boolean): void {
  s.fpus = (s.fpus & ~FPUS_C1) | FPUS_SE | (overflow ? FPUS_C1 : 0);
  raiseFlags(s, FloatFlag.invalid);
}

/** fld: push a value, checking for stack overflow. */
export function fpushValue(s: X87State, v: Floatx80): void {
  fpush(s);
  if (!s.fptags[s.fpstt]) {
    stackFault(s, true);
    if (!(s.fpuc & FPUS_IE)) return; // unmasked: the register is left as it was
    v = { ...floatx80DefaultNaN };
  }
  s.regs[s.fpstt] = v;
  s.fptags[s.fpstt] = false;
}

/** Check ST(i) is not empty; on underflow set #IS and return false. */
export function checkSt(s: X87State, i: number): boolean {
  if (!s.fptags[(s.fpstt + i) & 7]) return true;
  stackFault(s, false);
  return false;
}

/** The status word as fnstsw reports it (TOP merged in). */
export function fnstsw(s: X87State): number {
  return (s.fpus & ~0x3800) | ((s.fpstt & 7) << 11);
}

/** The abridged-to-full tag word: 00 valid, 01 zero, 10 special, 11 empty. */
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
  s.fpuc = 0x37f;
  s.fptags.fill(true);
  s.fpip = s.fpcs = s.fpdp = s.fpds = s.fpop = 0;
  updateFpStatus(s);
}

export function fldcw(s: X87State, cw: number): void {
  s.fpuc = cw & 0xffff;
  updateFpStatus(s);
  // Unmasking a pending exception makes ES/B reappear, as on hardware.
  if (s.fpus & ~s.fpuc & 0x3f) s.fpus |= FPUS_ES | FPUS_B;
  else s.fpus &= ~(FPUS_ES | FPUS_B);
}
