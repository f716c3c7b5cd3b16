/**
 * x87 helpers that need the whole CPU state: fwait/#MF/FERR#, the environment and save
 * images (fnstenv/fldenv/fnsave/frstor, fxsave/fxrstor), as QEMU 7.2's fpu_helper.c.
 * QEMU writes the protected-mode layouts in real mode too, and never stores fop.
 */
import {
  type CPUX86State,
  CR0_NE_MASK,
  CR4_OSFXSR_MASK,
  EXCP0D_GPF,
  EXCP06_ILLOP,
  EXCP07_PREX,
  EXCP10_COPR,
  HF_EM_MASK,
  HF_MP_MASK,
  HF_TS_MASK,
  HF2_IGNNE_MASK,
  raiseException,
} from '../cpu.js';
import type { Floatx80 } from './floatx80.js';
import { fpuDataAccess, ld80, st64, st80 } from './x87-mem.js';
import { FPUS_ES, fldcw, fninit, fnstsw, fnstTagWord, setFpus, st } from './x87-state.js';

const CPUID_FXSR = 1 << 24;

/**
 * fwait (and fnop): #NM when CR0.MP and CR0.TS are both set; then a pending unmasked exception
 * raises #MF when CR0.NE, else asserts FERR#. QEMU 7.2 checks nowhere else: the other x87
 * instructions do not deliver pending exceptions.
 */
export function helper_fwait(env: CPUX86State): void {
  if ((env.hflags & (HF_MP_MASK | HF_TS_MASK)) === (HF_MP_MASK | HF_TS_MASK))
    raiseException(env, EXCP07_PREX);
  if (!(env.fpu.fpus & FPUS_ES)) return;
  if (env.cr[0] & CR0_NE_MASK) raiseException(env, EXCP10_COPR);
  if (env.ferrIrq && !(env.hflags2 & HF2_IGNNE_MASK)) env.ferrIrq(1);
}

/** The chipset's IGNNE# (a write to port F0h): FERR# is deasserted and ignored until ES clears. */
export function cpu_set_ignne(env: CPUX86State): void {
  env.hflags2 |= HF2_IGNNE_MASK;
  env.ferrIrq?.(0);
}

/** QEMU's cpu_set_fpus plus the IGNNE release that goes with a cleared ES. */
function loadFpus(env: CPUX86State, fpus: number): void {
  setFpus(env.fpu, fpus);
  if (!(env.fpu.fpus & FPUS_ES)) env.hflags2 &= ~HF2_IGNNE_MASK;
}

/** The 14- or 28-byte environment image as QEMU writes it. */
function envImage(env: CPUX86State, data32: boolean): number[] {
  const s = env.fpu;
  return [s.fpuc, fnstsw(s), fnstTagWord(s), s.fpip, s.fpcs, s.fpdp, s.fpds].map((v, i) =>
    data32 || i === 3 || i === 5 ? v : v & 0xffff,
  );
}

function writeEnv(env: CPUX86State, ptr: number, data32: boolean): void {
  const m = fpuDataAccess(env);
  envImage(env, data32).forEach((v, i) => {
    if (data32) m.st32((ptr + 4 * i) | 0, v | 0);
    else m.st16((ptr + 2 * i) | 0, v & 0xffff);
  });
}

export function helper_fstenv(env: CPUX86State, ptr: number, data32: boolean): void {
  writeEnv(env, ptr, data32);
}

interface EnvWords {
  fpuc: number;
  fpus: number;
  ftag: number;
}
function readEnv(env: CPUX86State, ptr: number, data32: boolean): EnvWords {
  const m = fpuDataAccess(env);
  const step = data32 ? 4 : 2;
  return { fpuc: m.ld16(ptr), fpus: m.ld16((ptr + step) | 0), ftag: m.ld16((ptr + 2 * step) | 0) };
}
function applyEnv(env: CPUX86State, w: EnvWords): void {
  fldcw(env.fpu, w.fpuc);
  loadFpus(env, w.fpus);
  for (let i = 0; i < 8; i++) env.fpu.fptags[i] = ((w.ftag >> (2 * i)) & 3) === 3;
}

export function helper_fldenv(env: CPUX86State, ptr: number, data32: boolean): void {
  applyEnv(env, readEnv(env, ptr, data32));
}

export function helper_fsave(env: CPUX86State, ptr: number, data32: boolean): void {
  const m = fpuDataAccess(env);
  writeEnv(env, ptr, data32);
  let p = ptr + (data32 ? 28 : 14);
  for (let i = 0; i < 8; i++, p += 10) st80(m, p | 0, st(env.fpu, i));
  fninit(env.fpu);
}

export function helper_frstor(env: CPUX86State, ptr: number, data32: boolean): void {
  const m = fpuDataAccess(env);
  // Read the whole image first so that a fault changes nothing.
  const w = readEnv(env, ptr, data32);
  const regs: Floatx80[] = [];
  let p = ptr + (data32 ? 28 : 14);
  for (let i = 0; i < 8; i++, p += 10) regs.push(ld80(m, p | 0));
  applyEnv(env, w);
  regs.forEach((r, i) => {
    env.fpu.regs[(env.fpu.fpstt + i) & 7] = r;
  });
}

function checkFxsr(env: CPUX86State, ptr: number): void {
  if (!((env.features[0] ?? 0) & CPUID_FXSR)) raiseException(env, EXCP06_ILLOP);
  if (env.hflags & (HF_EM_MASK | HF_TS_MASK)) raiseException(env, EXCP07_PREX);
  if (ptr & 0xf) raiseException(env, EXCP0D_GPF);
}

/**
 * fxsave (0F AE /0): the x87 part of the 512-byte image. QEMU stores zeros for the FPU
 * IP/DP and leaves the fop word and the unused bytes of each register slot untouched.
 * MXCSR and the XMM registers are stored only with CR4.OSFXSR, which needs SSE state that
 * this CPU model does not have yet: with OSFXSR set this raises #UD rather than write a
 * partial image.
 */
export function helper_fxsave(env: CPUX86State, ptr: number): void {
  checkFxsr(env, ptr);
  if (env.cr[4] & CR4_OSFXSR_MASK) raiseException(env, EXCP06_ILLOP);
  const s = env.fpu;
  const m = fpuDataAccess(env);
  let abridged = 0;
  for (let i = 0; i < 8; i++) if (!s.fptags[i]) abridged |= 1 << i;
  m.st16(ptr, s.fpuc);
  m.st16((ptr + 2) | 0, fnstsw(s));
  m.st16((ptr + 4) | 0, abridged);
  st64(m, (ptr + 8) | 0, 0n);
  st64(m, (ptr + 16) | 0, 0n);
  for (let i = 0; i < 8; i++) st80(m, (ptr + 32 + 16 * i) | 0, st(s, i));
}

/** fxrstor (0F AE /1): the x87 part of the image (see helper_fxsave about OSFXSR). */
export function helper_fxrstor(env: CPUX86State, ptr: number): void {
  checkFxsr(env, ptr);
  if (env.cr[4] & CR4_OSFXSR_MASK) raiseException(env, EXCP06_ILLOP);
  const m = fpuDataAccess(env);
  const fpuc = m.ld16(ptr);
  const fpus = m.ld16((ptr + 2) | 0);
  const ftw = m.ld16((ptr + 4) | 0);
  const regs: Floatx80[] = [];
  for (let i = 0; i < 8; i++) regs.push(ld80(m, (ptr + 32 + 16 * i) | 0));
  const s = env.fpu;
  fldcw(s, fpuc);
  loadFpus(env, fpus);
  for (let i = 0; i < 8; i++) s.fptags[i] = ((ftw >> i) & 1) === 0;
  regs.forEach((r, i) => {
    s.regs[(s.fpstt + i) & 7] = r;
  });
}
