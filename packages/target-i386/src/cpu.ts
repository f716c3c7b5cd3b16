/**
 * CPUX86State: the architectural state of one i386 vCPU, laid out as QEMU's target/i386/cpu.h keeps it.
 *
 * The hot part (general registers, eip, lazy condition codes, df) lives in one Int32Array, `env.gs`,
 * so that translated code — IR interpreted, generated JavaScript or WebAssembly — addresses it by slot
 * index (QEMU's env offsets); helpers use the named accessors. Everything else is plain fields.
 */
import { newX87State, type X87State } from './fpu/x87-state.js';

// General registers, in encoding order.
export const R_EAX = 0;
export const R_ECX = 1;
export const R_EDX = 2;
export const R_EBX = 3;
export const R_ESP = 4;
export const R_EBP = 5;
export const R_ESI = 6;
export const R_EDI = 7;

// Segment registers, in encoding order (sreg field of mov Sw).
export const R_ES = 0;
export const R_CS = 1;
export const R_SS = 2;
export const R_DS = 3;
export const R_FS = 4;
export const R_GS = 5;

/** Slots of `env.gs` (IR globals refer to these indices). */
export const GS_REGS = 0; // 8 slots
export const GS_EIP = 8;
export const GS_CC_DST = 9;
export const GS_CC_SRC = 10;
export const GS_CC_SRC2 = 11;
export const GS_CC_OP = 12;
/** 1 or -1, as QEMU's env->df */
export const GS_DF = 13;
/**
 * Segment bases, so address generation in translated code reads one slot. Kept equal to segs[i].base
 * by cpu_x86_load_seg_cache / helper_load_seg_real (hflags.ts); translated code only reads them.
 */
export const GS_SEG_BASE = 14; // 6 slots, R_ES..R_GS
export const GS_SLOTS = 32;

// EFLAGS bits.
export const CC_C = 0x0001;
export const CC_P = 0x0004;
export const CC_A = 0x0010;
export const CC_Z = 0x0040;
export const CC_S = 0x0080;
export const CC_O = 0x0800;
export const TF_MASK = 0x00000100;
export const IF_MASK = 0x00000200;
export const DF_MASK = 0x00000400;
export const IOPL_MASK = 0x00003000;
export const IOPL_SHIFT = 12;
export const NT_MASK = 0x00004000;
export const RF_MASK = 0x00010000;
export const VM_MASK = 0x00020000;
export const AC_MASK = 0x00040000;
export const VIF_MASK = 0x00080000;
export const VIP_MASK = 0x00100000;
export const ID_MASK = 0x00200000;
/** The arithmetic flags, kept lazily in cc_op/cc_src/cc_dst rather than in env.eflags. */
export const CC_MASK = CC_C | CC_P | CC_A | CC_Z | CC_S | CC_O;

// hflags: CPU mode bits that translation depends on (QEMU's HF_* positions).
export const HF_CPL_MASK = 3;
export const HF_INHIBIT_IRQ_MASK = 1 << 3;
export const HF_CS32_SHIFT = 4;
export const HF_CS32_MASK = 1 << 4;
export const HF_SS32_SHIFT = 5;
export const HF_SS32_MASK = 1 << 5;
/** some of DS/ES/SS have a non-zero base: address generation must add it */
export const HF_ADDSEG_MASK = 1 << 6;
export const HF_PE_MASK = 1 << 7;
export const HF_TF_MASK = 1 << 8;
export const HF_MP_MASK = 1 << 9;
export const HF_EM_MASK = 1 << 10;
export const HF_TS_MASK = 1 << 11;
export const HF_IOPL_SHIFT = 12;
export const HF_IOPL_MASK = 3 << 12;
export const HF_RF_MASK = 1 << 16;
export const HF_VM_MASK = 1 << 17;
export const HF_AC_MASK = 1 << 18;
export const HF_SMM_MASK = 1 << 19;
export const HF_OSFXSR_MASK = 1 << 22;
export const HF_PE_SHIFT = 7;
export const HF_ADDSEG_SHIFT = 6;
export const HF_MP_SHIFT = 9;
// hflags2
export const HF2_NMI_MASK = 1 << 2;
/** IGNNE# asserted by the chipset (port F0h write): FERR# is not signalled */
export const HF2_IGNNE_MASK = 1 << 7;

// CR0 / CR4 bits.
export const CR0_PE_MASK = 1 << 0;
export const CR0_MP_MASK = 1 << 1;
export const CR0_EM_MASK = 1 << 2;
export const CR0_TS_MASK = 1 << 3;
export const CR0_ET_MASK = 1 << 4;
export const CR0_NE_MASK = 1 << 5;
export const CR0_WP_MASK = 1 << 16;
export const CR0_AM_MASK = 1 << 18;
export const CR0_NW_MASK = 1 << 29;
export const CR0_CD_MASK = 1 << 30;
export const CR0_PG_MASK = 1 << 31;
export const CR4_VME_MASK = 1 << 0;
export const CR4_PVI_MASK = 1 << 1;
export const CR4_TSD_MASK = 1 << 2;
export const CR4_DE_MASK = 1 << 3;
export const CR4_PSE_MASK = 1 << 4;
export const CR4_PAE_MASK = 1 << 5;
export const CR4_MCE_MASK = 1 << 6;
export const CR4_PGE_MASK = 1 << 7;
export const CR4_PCE_MASK = 1 << 8;
export const CR4_OSFXSR_MASK = 1 << 9;
export const CR4_OSXMMEXCPT_MASK = 1 << 10;

// Segment descriptor cache flags: the descriptor's high dword, as QEMU keeps SegmentCache.flags.
export const DESC_G_MASK = 1 << 23;
export const DESC_B_SHIFT = 22;
export const DESC_B_MASK = 1 << 22;
export const DESC_AVL_MASK = 1 << 20;
export const DESC_P_MASK = 1 << 15;
export const DESC_DPL_SHIFT = 13;
export const DESC_DPL_MASK = 3 << 13;
export const DESC_S_MASK = 1 << 12;
export const DESC_TYPE_SHIFT = 8;
export const DESC_TYPE_MASK = 15 << 8;
export const DESC_A_MASK = 1 << 8;
export const DESC_CS_MASK = 1 << 11;
export const DESC_C_MASK = 1 << 10;
export const DESC_R_MASK = 1 << 9;
export const DESC_E_MASK = 1 << 10;
export const DESC_W_MASK = 1 << 9;
export const DESC_TSS_BUSY_MASK = 1 << 9;

// Exception vectors.
export const EXCP00_DIVZ = 0;
export const EXCP01_DB = 1;
export const EXCP02_NMI = 2;
export const EXCP03_INT3 = 3;
export const EXCP04_INTO = 4;
export const EXCP05_BOUND = 5;
export const EXCP06_ILLOP = 6;
export const EXCP07_PREX = 7;
export const EXCP08_DBLE = 8;
export const EXCP09_XERR = 9;
export const EXCP0A_TSS = 10;
export const EXCP0B_NOSEG = 11;
export const EXCP0C_STACK = 12;
export const EXCP0D_GPF = 13;
export const EXCP0E_PAGE = 14;
export const EXCP10_COPR = 16;
export const EXCP11_ALGN = 17;
export const EXCP12_MCHK = 18;
/** exception_index values above 255: not guest vectors but requests to the CPU loop */
export const EXCP_INTERRUPT = 0x10000;
export const EXCP_HLT = 0x10001;
export const EXCP_DEBUG = 0x10002;
export const EXCP_HALTED = 0x10003;

// interrupt_request bits.
export const CPU_INTERRUPT_HARD = 0x0002;
export const CPU_INTERRUPT_EXITTB = 0x0004;
export const CPU_INTERRUPT_HALT = 0x0020;
export const CPU_INTERRUPT_SMI = 0x0400;
export const CPU_INTERRUPT_NMI = 0x0200;
export const CPU_INTERRUPT_INIT = 0x0080;

/**
 * Lazy condition codes (QEMU's CCOp for the 8/16/32-bit operations). Which of cc_dst / cc_src /
 * cc_src2 hold what is as in QEMU: e.g. ADD: dst = result, src = second operand.
 */
export enum CCOp {
  DYNAMIC = 0,
  EFLAGS = 1, // all flags in cc_src
  MULB = 2,
  MULW = 3,
  MULL = 4,
  ADDB = 6,
  ADDW = 7,
  ADDL = 8,
  ADCB = 10,
  ADCW = 11,
  ADCL = 12,
  SUBB = 14,
  SUBW = 15,
  SUBL = 16,
  SBBB = 18,
  SBBW = 19,
  SBBL = 20,
  LOGICB = 22,
  LOGICW = 23,
  LOGICL = 24,
  INCB = 26,
  INCW = 27,
  INCL = 28,
  DECB = 30,
  DECW = 31,
  DECL = 32,
  SHLB = 34,
  SHLW = 35,
  SHLL = 36,
  SARB = 38,
  SARW = 39,
  SARL = 40,
  CLR = 54, // Z and P set, others clear
}

/** A segment register with its hidden descriptor cache. */
export interface SegmentCache {
  selector: number;
  /** linear base, uint32 */
  base: number;
  /** byte-granular limit, uint32 (already scaled by G) */
  limit: number;
  /** DESC_* flags: the descriptor's high dword */
  flags: number;
}

/** GDTR / IDTR */
export interface TableRegister {
  base: number;
  limit: number;
}

/** Physical memory as the CPU sees it (an @tsemu/memory AddressSpace satisfies this). */
export interface CpuPhysMemory {
  read8(addr: number): number;
  read16(addr: number): number;
  read32(addr: number): number;
  write8(addr: number, value: number): void;
  write16(addr: number, value: number): void;
  write32(addr: number, value: number): void;
}

/**
 * Guest-virtual data access through segmentation-free linear addresses and the soft MMU.
 * A fault raises the guest exception (throws CpuLoopExit) before any state changes.
 */
export interface GuestAccess {
  ld8(linear: number): number;
  ld16(linear: number): number;
  ld32(linear: number): number;
  st8(linear: number, value: number): void;
  st16(linear: number, value: number): void;
  st32(linear: number, value: number): void;
}

/** Soft-MMU TLB control the CPU needs (QEMU's tlb_flush / tlb_flush_page); tcg's SoftTLB provides it. */
export interface CpuTlbControl {
  flush(): void;
  flushPage(vaddr: number): void;
}

/** Thrown to unwind to the CPU loop, as QEMU's cpu_loop_exit longjmp; env.exception_index says why. */
export class CpuLoopExit {
  private constructor() {}
  static readonly instance = new CpuLoopExit();
}

export class CPUX86State {
  /** hot state addressed by slot: GS_* (GS_SLOTS words; the wasm backend puts them in its arena) */
  readonly gs: Int32Array;
  /** the 8 general registers (a view of gs) */
  readonly regs: Int32Array;

  constructor(gs: Int32Array = new Int32Array(GS_SLOTS)) {
    if (gs.length !== GS_SLOTS) throw new RangeError(`CPUX86State: gs must have ${GS_SLOTS} slots`);
    this.gs = gs;
    this.regs = gs.subarray(GS_REGS, GS_REGS + 8);
  }
  /** flags other than the lazy arithmetic ones and DF (those live in cc_* and df) */
  eflags = 0x2;
  readonly segs: SegmentCache[] = Array.from({ length: 6 }, () => ({
    selector: 0,
    base: 0,
    limit: 0xffff,
    flags: 0,
  }));
  ldt: SegmentCache = { selector: 0, base: 0, limit: 0xffff, flags: 0 };
  tr: SegmentCache = { selector: 0, base: 0, limit: 0xffff, flags: 0 };
  gdt: TableRegister = { base: 0, limit: 0xffff };
  idt: TableRegister = { base: 0, limit: 0xffff };
  readonly cr = [0x60000010, 0, 0, 0, 0];
  readonly dr = [0, 0, 0, 0, 0, 0, 0xffff0ff0, 0x400];
  hflags = 0;
  hflags2 = 0;
  /** A20 gate: 0xffffffff or ~(1 << 20) */
  a20Mask = -1;
  // MSRs
  sysenterCs = 0;
  sysenterEsp = 0;
  sysenterEip = 0;
  efer = 0;
  /** 64-bit PAT, as QEMU's reset value */
  pat = 0x0007040600070406n;
  apicBase = 0xfee00000 | (1 << 8) | (1 << 11);
  tscOffset = 0n;
  miscEnable = 1n;
  readonly mtrrFixed: bigint[] = Array(11).fill(0n);
  readonly mtrrVar: { base: bigint; mask: bigint }[] = Array.from({ length: 8 }, () => ({
    base: 0n,
    mask: 0n,
  }));
  mtrrDefType = 0n;
  fpu: X87State = newX87State();
  // Exception / interrupt bookkeeping (QEMU's exception_index, error_code, ...).
  exceptionIndex = -1;
  errorCode = 0;
  exceptionIsInt = false;
  exceptionNextEip = 0;
  /** vector of the exception being delivered, for double-fault detection; -1 when none */
  oldException = -1;
  interruptRequest = 0;
  halted = false;
  // Memory paths used by the system helpers (descriptor tables, TSS, interrupt frames).
  /** physical memory for page-table walks; required once paging or the helpers run */
  phys: CpuPhysMemory | undefined = undefined;
  /** linear accesses with supervisor rights (QEMU's cpu_*_kernel); default: mmu.ts page walk over phys */
  kernelAccess: GuestAccess | undefined = undefined;
  /** linear accesses at the current CPL (QEMU's cpu_*_data), used by lret/iret pops */
  dataAccess: GuestAccess | undefined = undefined;
  /** the soft-MMU TLB to flush on CR0/CR3/CR4/invlpg; undefined means no TLB in front */
  tlb: CpuTlbControl | undefined = undefined;
  /** set by a triple fault: the machine must reset (QEMU's qemu_system_reset_request) */
  tripleFault = false;
  onResetRequest: (() => void) | undefined = undefined;
  /** TSC source supplied by the machine; default is a virtual nanosecond counter */
  getTscTicks: (() => bigint) | undefined = undefined;
  /** `-d int` log sink (one line per call, no newline) */
  intLog: ((line: string) => void) | undefined = undefined;
  // More MSR state (QEMU's mcg_*, star).
  mcgCap = 0n;
  mcgStatus = 0n;
  mcgCtl = 0n;
  star = 0n;
  /** FERR# output of the x87 (IRQ13 on a PC), raised by fwait on an unmasked exception when CR0.NE=0 */
  ferrIrq: ((level: number) => void) | undefined = undefined;
  /** CPUID feature words of the CPU model: [1.EDX, 1.ECX, 8000_0001.EDX, 8000_0001.ECX] */
  features: number[] = [0, 0, 0, 0];

  get eip(): number {
    return this.gs[GS_EIP] >>> 0;
  }
  set eip(v: number) {
    this.gs[GS_EIP] = v;
  }
  get ccOp(): CCOp {
    return this.gs[GS_CC_OP] as CCOp;
  }
  set ccOp(v: CCOp) {
    this.gs[GS_CC_OP] = v;
  }
  get ccSrc(): number {
    return this.gs[GS_CC_SRC] >>> 0;
  }
  set ccSrc(v: number) {
    this.gs[GS_CC_SRC] = v;
  }
  get ccDst(): number {
    return this.gs[GS_CC_DST] >>> 0;
  }
  set ccDst(v: number) {
    this.gs[GS_CC_DST] = v;
  }
  get ccSrc2(): number {
    return this.gs[GS_CC_SRC2] >>> 0;
  }
  set ccSrc2(v: number) {
    this.gs[GS_CC_SRC2] = v;
  }
  get df(): number {
    return this.gs[GS_DF];
  }
  set df(v: number) {
    this.gs[GS_DF] = v;
  }
  get cpl(): number {
    return this.hflags & HF_CPL_MASK;
  }
}

/** Set exception_index/error_code and unwind to the CPU loop (QEMU's raise_exception_err). */
export function raiseExceptionErr(env: CPUX86State, vector: number, errorCode: number): never {
  env.exceptionIndex = vector;
  env.errorCode = errorCode;
  env.exceptionIsInt = false;
  throw CpuLoopExit.instance;
}

export function raiseException(env: CPUX86State, vector: number): never {
  return raiseExceptionErr(env, vector, 0);
}

/** A software interrupt (int n, int3, into): delivered with next_eip as the return address. */
export function raiseInterrupt(env: CPUX86State, vector: number, nextEip: number): never {
  env.exceptionIndex = vector;
  env.errorCode = 0;
  env.exceptionIsInt = true;
  env.exceptionNextEip = nextEip;
  throw CpuLoopExit.instance;
}
