/**
 * Control/debug registers, MSRs, CPUID, TSC, hlt and EFLAGS helpers (QEMU's target/i386/tcg
 * misc_helper.c and sysemu/misc_helper.c). MSR behaviour is QEMU 7.2 TCG's, checked against
 * qemu-system-i386: unknown MSRs read as 0 and ignore writes (no #GP), and MSR 0x10 (TSC) is not
 * implemented as an MSR (reads 0) — rdtsc is.
 */
import {
  AC_MASK,
  CC_O,
  type CPUX86State,
  CpuLoopExit,
  CR0_PE_MASK,
  CR0_TS_MASK,
  CR4_DE_MASK,
  CR4_MCE_MASK,
  CR4_OSFXSR_MASK,
  CR4_OSXMMEXCPT_MASK,
  CR4_PAE_MASK,
  CR4_PCE_MASK,
  CR4_PGE_MASK,
  CR4_PSE_MASK,
  CR4_PVI_MASK,
  CR4_TSD_MASK,
  CR4_VME_MASK,
  EXCP_HLT,
  EXCP0D_GPF,
  EXCP04_INTO,
  EXCP05_BOUND,
  EXCP06_ILLOP,
  HF_CPL_MASK,
  HF_INHIBIT_IRQ_MASK,
  HF_TS_MASK,
  ID_MASK,
  IF_MASK,
  IOPL_MASK,
  IOPL_SHIFT,
  NT_MASK,
  R_EAX,
  R_EBX,
  R_ECX,
  R_EDX,
  RF_MASK,
  raiseException,
  raiseExceptionErr,
  raiseInterrupt,
  TF_MASK,
  VM_MASK,
} from './cpu.js';
import { cpu_x86_cpuid } from './cpu-models.js';
import {
  CPUID_APIC,
  CPUID_EXT2_LM,
  CPUID_EXT2_NX,
  CPUID_EXT2_SYSCALL,
  CPUID_MTRR,
  cpu_cc_compute_all,
  cpu_load_efer,
  cpu_load_eflags,
  cpu_x86_update_cr0,
  cpu_x86_update_cr3,
  cpu_x86_update_cr4,
  FEAT_1_EDX,
  FEAT_8000_0001_EDX,
  MSR_EFER_LME,
  MSR_EFER_NXE,
  MSR_EFER_SCE,
  tlb_flush_page,
} from './hflags.js';
import { dataAccess } from './mmu.js';

// MSR numbers (QEMU's cpu.h names).
export const MSR_IA32_TSC = 0x10;
export const MSR_IA32_APICBASE = 0x1b;
export const MSR_SMI_COUNT = 0x34;
export const MSR_IA32_UCODE_REV = 0x8b;
export const MSR_MTRRcap = 0xfe;
export const MSR_IA32_SYSENTER_CS = 0x174;
export const MSR_IA32_SYSENTER_ESP = 0x175;
export const MSR_IA32_SYSENTER_EIP = 0x176;
export const MSR_MCG_CAP = 0x179;
export const MSR_MCG_STATUS = 0x17a;
export const MSR_MCG_CTL = 0x17b;
export const MSR_IA32_PERF_STATUS = 0x198;
export const MSR_IA32_MISC_ENABLE = 0x1a0;
export const MSR_MTRRphysBase0 = 0x200;
export const MSR_MTRRfix64K_00000 = 0x250;
export const MSR_MTRRfix16K_80000 = 0x258;
export const MSR_MTRRfix16K_A0000 = 0x259;
export const MSR_MTRRfix4K_C0000 = 0x268;
export const MSR_MTRRfix4K_F8000 = 0x26f;
export const MSR_PAT = 0x277;
export const MSR_MTRRdefType = 0x2ff;
export const MSR_EFER = 0xc0000080;
export const MSR_STAR = 0xc0000081;
/** MTRRcap: 8 variable ranges, fixed ranges, write-combining */
const MSR_MTRRcap_VALUE = 8n | (1n << 8n) | (1n << 10n);
const MCG_CTL_P = 1n << 8n;
/** QEMU's default microcode revision for Intel models (0x1_0000_0000) */
const UCODE_REV = 0x100000000n;

const CR4_KNOWN =
  CR4_VME_MASK |
  CR4_PVI_MASK |
  CR4_TSD_MASK |
  CR4_DE_MASK |
  CR4_PSE_MASK |
  CR4_PAE_MASK |
  CR4_MCE_MASK |
  CR4_PGE_MASK |
  CR4_PCE_MASK |
  CR4_OSFXSR_MASK |
  CR4_OSXMMEXCPT_MASK;

function requireCpl0(env: CPUX86State): void {
  if ((env.hflags & HF_CPL_MASK) !== 0) raiseExceptionErr(env, EXCP0D_GPF, 0);
}

// ---- CPUID / TSC ----

export function helper_cpuid(env: CPUX86State): void {
  const [a, b, c, d] = cpu_x86_cpuid(env, env.regs[R_EAX] >>> 0, env.regs[R_ECX] >>> 0);
  env.regs[R_EAX] = a;
  env.regs[R_EBX] = b;
  env.regs[R_ECX] = c;
  env.regs[R_EDX] = d;
}

const tscStart = new WeakMap<CPUX86State, number>();

/** The TSC without offset: the machine's clock, or nanoseconds since the CPU was first asked. */
export function cpu_get_tsc(env: CPUX86State): bigint {
  if (env.getTscTicks) return env.getTscTicks();
  const now = performance.now();
  let start = tscStart.get(env);
  if (start === undefined) {
    start = now;
    tscStart.set(env, now);
  }
  return BigInt(Math.floor((now - start) * 1e6));
}

export function helper_rdtsc(env: CPUX86State): void {
  if (env.cr[4] & CR4_TSD_MASK && (env.hflags & HF_CPL_MASK) !== 0) raiseExceptionErr(env, EXCP0D_GPF, 0);
  const val = BigInt.asUintN(64, cpu_get_tsc(env) + env.tscOffset);
  env.regs[R_EAX] = Number(val & 0xffffffffn);
  env.regs[R_EDX] = Number(val >> 32n);
}

/** rdpmc: #GP unless allowed, then #UD — performance counters are not implemented (as QEMU). */
export function helper_rdpmc(env: CPUX86State): void {
  if (!(env.cr[4] & CR4_PCE_MASK) && (env.hflags & HF_CPL_MASK) !== 0) raiseExceptionErr(env, EXCP0D_GPF, 0);
  raiseException(env, EXCP06_ILLOP);
}

// ---- MSRs ----

function mtrrFixedIndex(msr: number): number {
  if (msr === MSR_MTRRfix64K_00000) return 0;
  if (msr === MSR_MTRRfix16K_80000 || msr === MSR_MTRRfix16K_A0000) return msr - MSR_MTRRfix16K_80000 + 1;
  if (msr >= MSR_MTRRfix4K_C0000 && msr <= MSR_MTRRfix4K_F8000) return msr - MSR_MTRRfix4K_C0000 + 3;
  return -1;
}

/** Read an MSR by number (QEMU 7.2's helper_rdmsr switch). */
export function x86_rdmsr(env: CPUX86State, msr: number): bigint {
  msr >>>= 0;
  switch (msr) {
    case MSR_IA32_SYSENTER_CS:
      return BigInt(env.sysenterCs);
    case MSR_IA32_SYSENTER_ESP:
      return BigInt(env.sysenterEsp >>> 0);
    case MSR_IA32_SYSENTER_EIP:
      return BigInt(env.sysenterEip >>> 0);
    case MSR_IA32_APICBASE:
      // no local APIC unless the model advertises one
      return env.features[FEAT_1_EDX] & CPUID_APIC ? BigInt(env.apicBase >>> 0) : 0n;
    case MSR_EFER:
      return BigInt(env.efer >>> 0);
    case MSR_STAR:
      return env.star;
    case MSR_PAT:
      return env.pat;
    case MSR_IA32_PERF_STATUS:
      return 1000n | (4n << 40n);
    case MSR_MTRRdefType:
      return env.mtrrDefType;
    case MSR_MTRRcap:
      return env.features[FEAT_1_EDX] & CPUID_MTRR ? MSR_MTRRcap_VALUE : 0n;
    case MSR_MCG_CAP:
      return env.mcgCap;
    case MSR_MCG_CTL:
      return env.mcgCap & MCG_CTL_P ? env.mcgCtl : 0n;
    case MSR_MCG_STATUS:
      return env.mcgStatus;
    case MSR_IA32_MISC_ENABLE:
      return env.miscEnable;
    case MSR_IA32_UCODE_REV:
      return UCODE_REV;
  }
  if (msr >= MSR_MTRRphysBase0 && msr < MSR_MTRRphysBase0 + 16) {
    const v = env.mtrrVar[(msr - MSR_MTRRphysBase0) >> 1];
    return msr & 1 ? v.mask : v.base;
  }
  const fi = mtrrFixedIndex(msr);
  if (fi >= 0) return env.mtrrFixed[fi];
  return 0n; // QEMU 7.2: unknown MSRs read as 0
}

/** Write an MSR by number (QEMU 7.2's helper_wrmsr switch). */
export function x86_wrmsr(env: CPUX86State, msr: number, val: bigint): void {
  msr >>>= 0;
  val = BigInt.asUintN(64, val);
  const lo = Number(val & 0xffffffffn);
  switch (msr) {
    case MSR_IA32_SYSENTER_CS:
      env.sysenterCs = lo & 0xffff;
      return;
    case MSR_IA32_SYSENTER_ESP:
      env.sysenterEsp = lo;
      return;
    case MSR_IA32_SYSENTER_EIP:
      env.sysenterEip = lo;
      return;
    case MSR_IA32_APICBASE:
      if (env.features[FEAT_1_EDX] & CPUID_APIC) env.apicBase = lo;
      return;
    case MSR_EFER: {
      const f = env.features[FEAT_8000_0001_EDX];
      let mask = 0;
      if (f & CPUID_EXT2_SYSCALL) mask |= MSR_EFER_SCE;
      if (f & CPUID_EXT2_LM) mask |= MSR_EFER_LME;
      if (f & CPUID_EXT2_NX) mask |= MSR_EFER_NXE;
      cpu_load_efer(env, (env.efer & ~mask) | (lo & mask));
      return;
    }
    case MSR_STAR:
      env.star = val;
      return;
    case MSR_PAT:
      env.pat = val;
      return;
    case MSR_MTRRdefType:
      env.mtrrDefType = val;
      return;
    case MSR_MCG_STATUS:
      env.mcgStatus = val;
      return;
    case MSR_MCG_CTL:
      if (env.mcgCap & MCG_CTL_P && (val === 0n || val === 0xffffffffffffffffn)) env.mcgCtl = val;
      return;
    case MSR_IA32_MISC_ENABLE:
      env.miscEnable = val;
      return;
  }
  if (msr >= MSR_MTRRphysBase0 && msr < MSR_MTRRphysBase0 + 16) {
    const v = env.mtrrVar[(msr - MSR_MTRRphysBase0) >> 1];
    if (msr & 1) v.mask = val;
    else v.base = val;
    return;
  }
  const fi = mtrrFixedIndex(msr);
  if (fi >= 0) env.mtrrFixed[fi] = val;
  // QEMU 7.2: writes to unknown MSRs are ignored
}

export function helper_rdmsr(env: CPUX86State): void {
  requireCpl0(env);
  const v = x86_rdmsr(env, env.regs[R_ECX]);
  env.regs[R_EAX] = Number(v & 0xffffffffn);
  env.regs[R_EDX] = Number((v >> 32n) & 0xffffffffn);
}

export function helper_wrmsr(env: CPUX86State): void {
  requireCpl0(env);
  x86_wrmsr(env, env.regs[R_ECX], (BigInt(env.regs[R_EDX] >>> 0) << 32n) | BigInt(env.regs[R_EAX] >>> 0));
}

// ---- control and debug registers ----

export function helper_read_crN(env: CPUX86State, reg: number): number {
  requireCpl0(env);
  return env.cr[reg] >>> 0;
}

/** mov crN, r32. CR0 is taken as given (QEMU 7.2 does not #GP on PG without PE or NW without CD). */
export function helper_write_crN(env: CPUX86State, reg: number, value: number): void {
  requireCpl0(env);
  value >>>= 0;
  switch (reg) {
    case 0:
      cpu_x86_update_cr0(env, value);
      break;
    case 3:
      cpu_x86_update_cr3(env, value);
      break;
    case 4:
      if (value & ~CR4_KNOWN) raiseExceptionErr(env, EXCP0D_GPF, 0);
      cpu_x86_update_cr4(env, value);
      break;
    default:
      env.cr[reg] = value;
  }
}

/** lmsw: only the low 4 bits of CR0 change, and PE cannot be cleared. */
export function helper_lmsw(env: CPUX86State, value: number): void {
  helper_write_crN(env, 0, ((env.cr[0] & ~0xe) | (value & 0xf)) >>> 0);
}

export function helper_clts(env: CPUX86State): void {
  requireCpl0(env);
  env.cr[0] = (env.cr[0] & ~CR0_TS_MASK) >>> 0;
  env.hflags &= ~HF_TS_MASK;
}

/** DR4/DR5 alias DR6/DR7 unless CR4.DE, where they are #UD. */
function drIndex(env: CPUX86State, reg: number): number {
  if (reg === 4 || reg === 5) {
    if (env.cr[4] & CR4_DE_MASK) raiseException(env, EXCP06_ILLOP);
    return reg + 2;
  }
  return reg;
}

export function helper_get_dr(env: CPUX86State, reg: number): number {
  requireCpl0(env);
  return env.dr[drIndex(env, reg)] >>> 0;
}

/** Debug registers are stored; hardware breakpoints are not implemented. */
export function helper_set_dr(env: CPUX86State, reg: number, value: number): void {
  requireCpl0(env);
  const r = drIndex(env, reg);
  if (r < 4) env.dr[r] = value >>> 0;
  else if (r === 6) env.dr[6] = (value | 0xffff0ff0) >>> 0;
  else env.dr[7] = (value | 0x400) >>> 0;
}

export function helper_invlpg(env: CPUX86State, linear: number): void {
  requireCpl0(env);
  tlb_flush_page(env, linear);
}

/** hlt: stop until an interrupt; the CPU loop sees EXCP_HLT with eip already past the hlt. */
export function helper_hlt(env: CPUX86State, nextEip: number): never {
  requireCpl0(env);
  env.eip = nextEip;
  env.hflags &= ~HF_INHIBIT_IRQ_MASK;
  env.halted = true;
  env.exceptionIndex = EXCP_HLT;
  throw CpuLoopExit.instance;
}

// ---- EFLAGS ----

/** pushf's value: VM and RF read as 0 (QEMU's helper_read_eflags). */
export function helper_read_eflags(env: CPUX86State): number {
  return (cpu_cc_compute_all(env) | (env.df & 0x400) | (env.eflags & ~(VM_MASK | RF_MASK))) >>> 0;
}

export function helper_write_eflags(env: CPUX86State, value: number, mask: number): void {
  cpu_load_eflags(env, value, mask);
}

/**
 * popf with the privilege rules applied at run time: IOPL changes only at CPL 0, IF only when
 * CPL <= IOPL; 16-bit popf keeps the upper half. (vm86 is not supported.)
 */
export function helper_popf(env: CPUX86State, value: number, is16: boolean): void {
  const cpl = env.hflags & HF_CPL_MASK;
  const iopl = (env.eflags >>> IOPL_SHIFT) & 3;
  let mask = TF_MASK | AC_MASK | ID_MASK | NT_MASK;
  if (cpl === 0) mask |= IF_MASK | IOPL_MASK;
  else if (cpl <= iopl) mask |= IF_MASK;
  if (is16) mask &= 0xffff;
  cpu_load_eflags(env, value, mask);
}

function checkIopl(env: CPUX86State): void {
  if (env.cr[0] & CR0_PE_MASK && (env.hflags & HF_CPL_MASK) > ((env.eflags >>> IOPL_SHIFT) & 3)) {
    raiseExceptionErr(env, EXCP0D_GPF, 0);
  }
}

export function helper_cli(env: CPUX86State): void {
  checkIopl(env);
  env.eflags &= ~IF_MASK;
}

/** sti; the translator ends the TB with interrupts inhibited for one instruction. */
export function helper_sti(env: CPUX86State): void {
  checkIopl(env);
  env.eflags |= IF_MASK;
}

// ---- into / bound ----

export function helper_into(env: CPUX86State, nextEip: number): void {
  if (cpu_cc_compute_all(env) & CC_O) raiseInterrupt(env, EXCP04_INTO, nextEip);
}

/** bound r16, m16&16: a0 is the linear address of the bounds pair. */
export function helper_boundw(env: CPUX86State, a0: number, v: number): void {
  const low = (dataAccess(env).ld16(a0 >>> 0) << 16) >> 16;
  const high = (dataAccess(env).ld16((a0 + 2) >>> 0) << 16) >> 16;
  v = (v << 16) >> 16;
  if (v < low || v > high) raiseException(env, EXCP05_BOUND);
}

export function helper_boundl(env: CPUX86State, a0: number, v: number): void {
  const low = dataAccess(env).ld32(a0 >>> 0) | 0;
  const high = dataAccess(env).ld32((a0 + 4) >>> 0) | 0;
  v |= 0;
  if (v < low || v > high) raiseException(env, EXCP05_BOUND);
}
