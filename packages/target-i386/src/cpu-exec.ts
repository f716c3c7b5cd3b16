/**
 * The i386 CPU loop (QEMU's accel/tcg/cpu-exec.c cpu_exec with target/i386's hooks): TBs run through
 * @tsemu/tcg's executor; here are the target side of it (TB state, translation, state restore) and
 * the outer loop: exception delivery with double/triple-fault rules, hardware interrupts and NMI,
 * hlt sleep and bounded execution slices.
 */
import {
  MO_8,
  type SoftTLB,
  type TbCpuState,
  type TCGContext,
  type TcgTarget,
  type TranslationBlock,
} from '@tsemu/tcg';
import {
  AC_MASK,
  CCOp,
  type CPUX86State,
  HF_CPL_MASK,
  HF_INHIBIT_IRQ_MASK,
  IF_MASK,
  IOPL_MASK,
  R_CS,
  RF_MASK,
  TF_MASK,
  VM_MASK,
} from './cpu.js';
import { genIntermediateCode } from './translate/translate.js';

/** QEMU's cpu_get_tb_cpu_state for i386 */
export function x86GetTbCpuState(env: CPUX86State, out: TbCpuState): void {
  const csBase = env.segs[R_CS].base | 0;
  out.csBase = csBase;
  out.pc = (csBase + env.gs[8]) | 0;
  out.flags = env.hflags | (env.eflags & (IOPL_MASK | TF_MASK | RF_MASK | VM_MASK | AC_MASK));
}

/** Hooks for logging what the CPU does (QEMU's -d in_asm / int). */
export interface X86CpuLog {
  /** called after translating a TB: guest bytes at tb.pc, tb.size of them */
  inAsm?(tb: TranslationBlock): void;
  /** called before delivering an interrupt or exception */
  int?(
    env: CPUX86State,
    intno: number,
    isInt: boolean,
    errorCode: number,
    isHw: boolean,
    count: number,
  ): void;
}

/** The target half of tcg's executor. */
export function x86TcgTarget(tlb: SoftTLB, log: X86CpuLog = {}): TcgTarget<CPUX86State> {
  return {
    getTbCpuState: x86GetTbCpuState,
    codeMmuIdx: (_env, flags) => ((flags & HF_CPL_MASK) === 3 ? 1 : 0),
    translate(ctx: TCGContext, tb: TranslationBlock, env: CPUX86State): void {
      const mmuIdx = (tb.flags & HF_CPL_MASK) === 3 ? 1 : 0;
      const code = { ldub: (a: number) => tlb.ldCode(a, MO_8, mmuIdx) };
      tb.size = genIntermediateCode(ctx, env, tb, code, ctx.maxInsns);
      log.inAsm?.(tb);
    },
    restoreState(env: CPUX86State, tb: TranslationBlock, insn: number): void {
      // cpu_loop_exit without restore (hlt and loop requests keep the eip the helper set)
      if (env.exceptionIndex >= 0x10000) return;
      env.gs[8] = tb.insnWord(insn, 0);
      const cc = tb.insnWord(insn, 1);
      if (cc !== CCOp.DYNAMIC) env.gs[12] = cc;
    },
    // X86CPU sets stopAtLookup while a pending interrupt is masked: stop once it may be taken
    lookupStop: (env) => (env.eflags & IF_MASK) !== 0 && (env.hflags & HF_INHIBIT_IRQ_MASK) === 0,
  };
}

/** Why an execution slice returned. */
export enum SliceExit {
  /** the instruction budget was used */
  BUDGET = 0,
  /** the CPU is halted (hlt) with no deliverable interrupt */
  HALTED = 1,
  /** exit requested from outside (device, main loop) */
  REQUEST = 2,
  /** a triple fault: the machine must reset */
  RESET = 3,
}
