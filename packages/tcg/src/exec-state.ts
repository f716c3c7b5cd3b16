/** What a TB's execution needs besides the env, shared by the backends (one per executor / vCPU). */
import type { TranslationBlock } from './context.js';
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

// The jump cache (QEMU's tb_jmp_cache), virtually indexed: one block of entries per virtual page, so a
// page's entries can be dropped together.
export const JC_PAGE_BITS = 6;
export const JC_ADDR_BITS = 6;
export const JC_SIZE = 1 << (JC_PAGE_BITS + JC_ADDR_BITS);

/** tb_jmp_cache hash of a pc (within a page, the low bits mixed with the next ones, as QEMU's) */
export function jcHash(pc: number): number {
  return (
    (((pc >>> 12) & ((1 << JC_PAGE_BITS) - 1)) << JC_ADDR_BITS) |
    ((pc ^ (pc >>> JC_ADDR_BITS)) & ((1 << JC_ADDR_BITS) - 1))
  );
}

// The words of ExecState.ws (in a WasmArena), what WebAssembly TBs read and write instead of fields.
/** the slice budget while a wasm TB runs (`left`) */
export const WS_LEFT = 0;
/** instruction index at a throw point (`insn`) */
export const WS_INSN = 1;
/** non-zero once the running TB was invalidated (a store rewrote its code) */
export const WS_SMC = 2;
/** exit_tb value (`exitValue`) */
export const WS_EXIT_VALUE = 3;
/** table index of the wasm TB running (chained TBs run one after another without returning) */
export const WS_CUR = 4;
export const WS_WORDS = 8;

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
  /** the wasm backend's words (WS_*), in the arena; null without the wasm backend */
  ws: Int32Array | null = null;
  /** the TB whose WebAssembly is running (ws[WS_LEFT] then holds the budget), else null */
  wasmTb: TranslationBlock | null = null;
  /** env.gs */
  readonly gs: Int32Array;
  constructor(
    readonly tlb: SoftTLB,
    readonly env: any,
  ) {
    this.gs = env.gs;
  }
}
