/** What a TB's execution needs besides the env, shared by the backends (one per executor / vCPU). */
import type { SoftTLB } from './softmmu.js';

// What running a TB returns to the dispatcher.
/** exit_tb 0 or lookup_and_goto_ptr: continue with the TB for the current state */
export const EXIT_LOOKUP = 0;
/** goto_tb 0 / goto_tb 1: continue with the TB linked to that slot (linked on first use) */
export const EXIT_GOTO_TB0 = 1;
export const EXIT_GOTO_TB1 = 2;
/** exit_tb with a non-zero value (in ExecState.exitValue): return it to the CPU loop */
export const EXIT_TB_VALUE = 3;
/** the TB invalidated itself (a store to its own code): resume at instruction ExecState.insn */
export const EXIT_RESTORE = 4;

export class ExecState {
  /** index of the guest instruction being executed in the current TB (for precise exceptions) */
  insn = 0;
  /** in a grouped function: which member `insn` belongs to */
  member = 0;
  /** value of the last exit_tb with a non-zero argument */
  exitValue = 0;
  /**
   * instructions left in the slice; the dispatcher subtracts a TB's icount before running it, and a TB
   * that loops onto itself (goto_tb linked to itself) subtracts it per extra iteration
   */
  left = 0;
  /** what `left` held when an exit was requested (left is zeroed so looping TBs stop) */
  bias = 0;
  exitReq = false;
  /** env.gs */
  readonly gs: Int32Array;
  constructor(
    readonly tlb: SoftTLB,
    readonly env: any,
  ) {
    this.gs = env.gs;
  }
}
