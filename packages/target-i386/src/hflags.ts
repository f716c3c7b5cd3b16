/**
 * Segment-cache loads, EFLAGS assembly and control-register updates that keep env.hflags coherent
 * (QEMU's cpu_x86_load_seg_cache in cpu.h, cpu_compute_eflags / cpu_load_eflags, and the
 * cpu_x86_update_cr0/cr3/cr4 of target/i386/helper.c).
 */
import { cpuCcComputeAll } from './cc-helper.js';
import {
  CC_A,
  CC_C,
  CC_O,
  CC_P,
  CC_S,
  CC_Z,
  CCOp,
  type CPUX86State,
  CR0_ET_MASK,
  CR0_PE_MASK,
  CR0_PG_MASK,
  CR0_WP_MASK,
  CR4_OSFXSR_MASK,
  CR4_PAE_MASK,
  CR4_PGE_MASK,
  CR4_PSE_MASK,
  DESC_B_MASK,
  DESC_B_SHIFT,
  DF_MASK,
  GS_SEG_BASE,
  HF_ADDSEG_MASK,
  HF_ADDSEG_SHIFT,
  HF_CPL_MASK,
  HF_CS32_MASK,
  HF_CS32_SHIFT,
  HF_EM_MASK,
  HF_MP_MASK,
  HF_MP_SHIFT,
  HF_OSFXSR_MASK,
  HF_PE_MASK,
  HF_PE_SHIFT,
  HF_SS32_MASK,
  HF_SS32_SHIFT,
  HF_TS_MASK,
  R_CS,
  R_DS,
  R_ES,
  R_SS,
  VM_MASK,
} from './cpu.js';

// EFER bits (MSR 0xc0000080).
export const MSR_EFER_SCE = 1 << 0;
export const MSR_EFER_LME = 1 << 8;
export const MSR_EFER_LMA = 1 << 10;
export const MSR_EFER_NXE = 1 << 11;

// CPUID.1.EDX feature bits used by the helpers.
export const CPUID_FP87 = 1 << 0;
export const CPUID_VME = 1 << 1;
export const CPUID_DE = 1 << 2;
export const CPUID_PSE = 1 << 3;
export const CPUID_TSC = 1 << 4;
export const CPUID_MSR = 1 << 5;
export const CPUID_PAE = 1 << 6;
export const CPUID_MCE = 1 << 7;
export const CPUID_CX8 = 1 << 8;
export const CPUID_APIC = 1 << 9;
export const CPUID_SEP = 1 << 11;
export const CPUID_MTRR = 1 << 12;
export const CPUID_PGE = 1 << 13;
export const CPUID_MCA = 1 << 14;
export const CPUID_CMOV = 1 << 15;
export const CPUID_PAT = 1 << 16;
export const CPUID_PSE36 = 1 << 17;
export const CPUID_CLFLUSH = 1 << 19;
export const CPUID_MMX = 1 << 23;
export const CPUID_FXSR = 1 << 24;
export const CPUID_SSE = 1 << 25;
export const CPUID_SSE2 = 1 << 26;
// CPUID.1.ECX
export const CPUID_EXT_SSE3 = 1 << 0;
// CPUID.80000001.EDX
export const CPUID_EXT2_SYSCALL = 1 << 11;
export const CPUID_EXT2_NX = 1 << 20;
export const CPUID_EXT2_LM = 1 << 29;
/** indices into env.features */
export const FEAT_1_EDX = 0;
export const FEAT_1_ECX = 1;
export const FEAT_8000_0001_EDX = 2;
export const FEAT_8000_0001_ECX = 3;

/** Load a segment register and its hidden cache, updating hflags (CS32, SS32, CPL, ADDSEG) and the base slot. */
export function cpu_x86_load_seg_cache(
  env: CPUX86State,
  seg: number,
  selector: number,
  base: number,
  limit: number,
  flags: number,
): void {
  const sc = env.segs[seg];
  sc.selector = selector & 0xffff;
  sc.base = base >>> 0;
  sc.limit = limit >>> 0;
  sc.flags = flags >>> 0;
  env.gs[GS_SEG_BASE + seg] = base;
  if (seg === R_CS) {
    const cs32 = (env.segs[R_CS].flags & DESC_B_MASK) >>> (DESC_B_SHIFT - HF_CS32_SHIFT);
    env.hflags = (env.hflags & ~HF_CS32_MASK) | cs32;
  }
  if (seg === R_SS) {
    // CPL is the DPL of SS, as QEMU keeps it
    env.hflags = (env.hflags & ~HF_CPL_MASK) | ((flags >>> 13) & 3);
  }
  updateAddseg(env);
}

/** Recompute HF_SS32 and HF_ADDSEG (QEMU does this at the end of every segment-cache load). */
export function updateAddseg(env: CPUX86State): void {
  let nh = (env.segs[R_SS].flags & DESC_B_MASK) >>> (DESC_B_SHIFT - HF_SS32_SHIFT);
  if (!(env.cr[0] & CR0_PE_MASK) || env.eflags & VM_MASK || !(env.hflags & HF_CS32_MASK)) {
    nh |= HF_ADDSEG_MASK;
  } else if ((env.segs[R_DS].base | env.segs[R_ES].base | env.segs[R_SS].base) !== 0) {
    nh |= HF_ADDSEG_MASK;
  }
  env.hflags = (env.hflags & ~(HF_SS32_MASK | HF_ADDSEG_MASK)) | nh;
}

/**
 * Real-mode / vm86 `mov sreg`, `pop sreg`, far jumps: selector and base = selector << 4, as
 * QEMU's gen_op_movl_seg_T0_vm (limit and flags are left as they are).
 */
export function helper_load_seg_real(env: CPUX86State, seg: number, selector: number): void {
  const sc = env.segs[seg];
  sc.selector = selector & 0xffff;
  sc.base = (selector & 0xffff) << 4;
  env.gs[GS_SEG_BASE + seg] = sc.base;
}

/** Set only a segment's base, keeping the slot in step (real-mode far transfers). */
export function setSegBase(env: CPUX86State, seg: number, base: number): void {
  env.segs[seg].base = base >>> 0;
  env.gs[GS_SEG_BASE + seg] = base;
}

/** Materialise the arithmetic flags from the lazy cc_op state (QEMU's cpu_cc_compute_all; cc-helper.ts). */
export function cpu_cc_compute_all(env: CPUX86State): number {
  return cpuCcComputeAll(env);
}

/** The architectural EFLAGS value (QEMU's cpu_compute_eflags). */
export function cpu_compute_eflags(env: CPUX86State): number {
  return (env.eflags | cpu_cc_compute_all(env) | (env.df & DF_MASK)) >>> 0;
}

/** Load EFLAGS bits under update_mask; arithmetic flags and DF always (QEMU's cpu_load_eflags). */
export function cpu_load_eflags(env: CPUX86State, eflags: number, updateMask: number): void {
  env.ccSrc = eflags & (CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C);
  env.ccOp = CCOp.EFLAGS;
  env.df = 1 - 2 * ((eflags >>> 10) & 1);
  env.eflags = ((env.eflags & ~updateMask) | (eflags & updateMask) | 0x2) >>> 0;
}

export function tlb_flush(env: CPUX86State): void {
  env.tlb?.flush();
}

export function tlb_flush_page(env: CPUX86State, vaddr: number): void {
  env.tlb?.flushPage(vaddr >>> 0);
}

export function cpu_x86_update_cr0(env: CPUX86State, newCr0: number): void {
  const keep = CR0_PG_MASK | CR0_WP_MASK | CR0_PE_MASK;
  if ((newCr0 & keep) !== (env.cr[0] & keep)) tlb_flush(env);
  env.cr[0] = (newCr0 | CR0_ET_MASK) >>> 0;
  const pe = env.cr[0] & CR0_PE_MASK;
  env.hflags = (env.hflags & ~HF_PE_MASK) | (pe << HF_PE_SHIFT);
  // ADDSEG is always set in real mode
  env.hflags |= (pe ^ 1) << HF_ADDSEG_SHIFT;
  env.hflags =
    (env.hflags & ~(HF_MP_MASK | HF_EM_MASK | HF_TS_MASK)) |
    ((newCr0 << (HF_MP_SHIFT - 1)) & (HF_MP_MASK | HF_EM_MASK | HF_TS_MASK));
}

export function cpu_x86_update_cr3(env: CPUX86State, newCr3: number): void {
  env.cr[3] = newCr3 >>> 0;
  if (env.cr[0] & CR0_PG_MASK) tlb_flush(env);
}

export function cpu_x86_update_cr4(env: CPUX86State, newCr4: number): void {
  if ((newCr4 ^ env.cr[4]) & (CR4_PGE_MASK | CR4_PAE_MASK | CR4_PSE_MASK)) tlb_flush(env);
  let hflags = env.hflags & ~HF_OSFXSR_MASK;
  if (!(env.features[FEAT_1_EDX] & CPUID_SSE)) newCr4 &= ~CR4_OSFXSR_MASK;
  if (newCr4 & CR4_OSFXSR_MASK) hflags |= HF_OSFXSR_MASK;
  env.cr[4] = newCr4 >>> 0;
  env.hflags = hflags;
}

export function cpu_load_efer(env: CPUX86State, value: number): void {
  // the page walk reads NXE at fill time, so entries filled under the old value must go
  if ((env.efer ^ value) & MSR_EFER_NXE) tlb_flush(env);
  env.efer = value >>> 0;
}
