/**
 * The execution loop pieces (QEMU's accel/tcg/cpu-exec.c): TB lookup through the jump cache and the TB
 * cache, translation on a miss, direct chaining of goto_tb exits, and a bounded slice of execution.
 *
 * The target's CPU loop calls `run(budget)` and handles what comes out: a returned reason, or a thrown
 * guest exception (its helpers throw; the state has been restored to the faulting instruction first).
 */

import { hasBackwardBranch, jsPrepare } from './backend-js.js';
import { TCGContext, TranslationBlock } from './context.js';
import { dumpOps } from './dump.js';
import {
  EXIT_GOTO_TB0,
  EXIT_GOTO_TB1,
  EXIT_RESTORE,
  EXIT_TB_VALUE,
  ExecState,
  JC_ADDR_BITS,
  JC_SIZE,
  jcHash,
  WS_CUR,
  WS_EXIT_VALUE,
  WS_INSN,
  WS_LEFT,
  WS_WORDS,
} from './exec-state.js';
import { interpExec, interpPrepare } from './interp.js';
import { Opc } from './ir.js';
import { tcgOptimize } from './optimize.js';
import { MMU_INST_FETCH, type SoftTLB, TARGET_PAGE_MASK, TARGET_PAGE_SIZE } from './softmmu.js';
import { TbCache } from './tb-cache.js';
import { wasmCanCompile } from './wasm/backend-wasm.js';
import { WasmCompiler } from './wasm/compile.js';

/** QEMU's cpu_get_tb_cpu_state result: what a TB is keyed and translated by. */
export interface TbCpuState {
  /** linear pc (cs_base + eip on i386) */
  pc: number;
  csBase: number;
  flags: number;
}

/** What the target supplies to the generic loop. */
export interface TcgTarget<Env extends { gs: Int32Array }> {
  /** writes the current (pc, csBase, flags) into out */
  getTbCpuState(env: Env, out: TbCpuState): void;
  /** MMU index for instruction fetch under these flags */
  codeMmuIdx(env: Env, flags: number): number;
  /**
   * Emits the IR for the guest code at tb.pc into ctx (at most ctx.maxInsns instructions) and sets tb.size.
   * Code is read with SoftTLB.ldCode; a fetch fault may be thrown (nothing has run yet).
   */
  translate(ctx: TCGContext, tb: TranslationBlock, env: Env): void;
  /** Restores the guest state (eip, cc_op ...) to the start of instruction insnIndex of tb (restore_state_to_opc). */
  restoreState(env: Env, tb: TranslationBlock, insnIndex: number): void;
  /**
   * With stopAtLookup set, asked at each lookup exit: whether run() should return now. Absent: always.
   * A target answers false while what made its CPU loop set stopAtLookup still holds (i386: IF clear or
   * the interrupt shadow), so a masked pending interrupt costs one check per lookup, not a return.
   */
  lookupStop?(env: Env): boolean;
}

export type BackendName = 'interp' | 'js' | 'wasm';

/**
 * jsThreshold for whole-system emulation (`-accel tcg,compile-threshold=`): most code a booting OS runs
 * executes a few hundred times at most, and compiling a TB (JS generation, `new Function`, V8's own lazy
 * compile and tier-up) costs as much as thousands of interpreted executions. Measured on the Linux test
 * guest's boot (tcg README): 2 -> 189 s, 300 -> 143 s, 3,000 -> 105 s, 10,000-30,000 -> 88-93 s,
 * 100,000 -> 102 s (two boots at a time on 2 cores).
 */
export const SYSTEM_JS_THRESHOLD = 20000;

/**
 * wasmThreshold for whole-system emulation: a TB's WebAssembly costs a few microseconds when batched
 * (against ~0.3 ms for `new Function`), so TBs are compiled much earlier than with the js backend.
 */
export const SYSTEM_WASM_THRESHOLD = 64;
/** wasmBatch for whole-system emulation (a module costs ~0.2 ms on its own, a function ~5 us) */
export const SYSTEM_WASM_BATCH = 32;
/** compileTick() calls a partial batch waits before it is compiled anyway */
const WASM_QUEUE_TICKS = 8;

/** -d flags the executor serves (in_asm and int are the target's). */
export interface TcgLogOptions {
  op?: boolean;
  opOpt?: boolean;
  outAsm?: boolean;
  exec?: boolean;
  /** where log lines go (default: stderr), as -D file */
  write?: (text: string) => void;
}

export interface TcgExecutorOptions<Env extends { gs: Int32Array }> {
  env: Env;
  tlb: SoftTLB;
  target: TcgTarget<Env>;
  /** default 'js' */
  backend?: BackendName;
  /** shared TB cache; default a new one bounded by tbSizeMiB */
  cache?: TbCache;
  /** -accel tcg,tb-size=N (MiB of estimated compiled code; default 256) */
  tbSizeMiB?: number;
  /** run the IR optimizer (default true) */
  optimize?: boolean;
  /** upper bound of guest instructions per TB (default 512) */
  maxInsnsPerTb?: number;
  /**
   * js backend: executions of a TB in the interpreter before it is compiled to JavaScript (default 2;
   * 0 compiles at translation). Code that runs once or twice never pays for `new Function`.
   */
  jsThreshold?: number;
  /** js backend: at most this many linked TBs compiled into one function (default 4; 1 disables groups) */
  maxGroup?: number;
  /**
   * js backend: dispatches of a TB compiled alone after which it is compiled again as the head of a group
   * (default 64; 0 groups at the first compilation). Groups repeat their members' code, so forming them
   * only where the dispatcher is hot keeps boot-like code (many TBs, each run a few times) from paying
   * several compilations per TB.
   */
  groupThreshold?: number;
  /**
   * js backend: the env.gs slot holding the pc relative to cs_base (i386: GS_EIP). With it, an indirect
   * jump (lookupAndGotoPtr) to a TB of the same group on the same guest page continues inside the group
   * function. The target must then use lookupAndGotoPtr only where cs_base and flags are unchanged (as
   * QEMU's i386 translator does: indirect jmp/call/ret).
   */
  pcSlot?: number;
  /**
   * wasm backend: interpreted executions of a TB before it is queued for WebAssembly (default 2; 0 at
   * translation). TBs with a backward branch to anything but an exit tail go to the js backend instead,
   * at jsThreshold.
   */
  wasmThreshold?: number;
  /** wasm backend: TBs compiled into one module at most (default 1) */
  wasmBatch?: number;
  /** wasm backend: compile in V8's background threads and install at the next event-loop turn (default false) */
  wasmAsync?: boolean;
  /** wasm backend: table slots, i.e. compiled TBs before the TB cache is flushed (default 32768) */
  wasmCapacity?: number;
  log?: TcgLogOptions;
}

/** Why run() returned. */
export enum ExecExit {
  /** the instruction budget was used up */
  BUDGET = 0,
  /** exitRequest was set (an interrupt is pending, or the main loop wants control) */
  REQUEST = 1,
  /** a TB executed exit_tb with a non-zero value: see exitValue */
  TB_VALUE = 2,
  /** stopAtLookup is set and a TB was left through a lookup (exit_tb 0, lookup_and_goto_ptr, its end) */
  LOOKUP = 3,
}

function hex8(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}

export class TcgExecutor<Env extends { gs: Int32Array }> {
  readonly env: Env;
  readonly tlb: SoftTLB;
  readonly target: TcgTarget<Env>;
  readonly cache: TbCache;
  readonly backend: BackendName;
  readonly state: ExecState;
  optimize: boolean;
  maxInsnsPerTb: number;
  jsThreshold: number;
  maxGroup: number;
  groupThreshold: number;
  pcSlot: number;
  wasmThreshold: number;
  /** the wasm backend's compiler (null for the other backends) */
  readonly wasm: WasmCompiler | null = null;
  /**
   * Return from run() at the first TB exit that is not a direct chain (ExecExit.LOOKUP). For a CPU loop
   * with an interrupt pending that the guest masks: instructions that can unmask it (i386 sti, popf,
   * iret) end their TB with exit_tb 0, so the loop can check again there, as QEMU's cpu_exec checks
   * interrupt_request between TBs, while chained TBs and loops inside TBs run on at full speed.
   */
  stopAtLookup = false;
  /** run() calls, and those that returned through stopAtLookup (figures for the benchmarks) */
  runs = 0;
  lookupStops = 0;
  /** TBs compiled to JavaScript */
  tbsCompiled = 0;
  log: TcgLogOptions;
  /** value of the last exit_tb(n != 0) */
  exitValue = 0;
  /** guest instructions executed (TB granularity; a TB left early counts up to where it stopped) */
  insnCount = 0;
  /** TBs translated, and TBs executed */
  tbsTranslated = 0;
  tbsExecuted = 0;
  /** milliseconds spent in the target's translate, the optimizer, interpreter encoding, JS generation */
  readonly timing = { translate: 0, optimize: 0, encode: 0, compile: 0 };
  /** IR ops emitted, over all translated TBs */
  opsBefore = 0;
  /** TBs optimized (the js backend optimizes hot TBs only), their ops before and after */
  tbsOptimized = 0;
  opsOptimizedBefore = 0;
  opsAfter = 0;
  private readonly jmpCache: (TranslationBlock | null)[] = new Array(JC_SIZE).fill(null);
  private readonly cs: TbCpuState = { pc: 0, csBase: 0, flags: 0 };
  /** TB whose code is running (for restore on a throw) */
  private running: TranslationBlock | null = null;

  constructor(opts: TcgExecutorOptions<Env>) {
    this.env = opts.env;
    this.tlb = opts.tlb;
    this.target = opts.target;
    this.backend = opts.backend ?? 'js';
    this.cache = opts.cache ?? new TbCache((opts.tbSizeMiB ?? 256) * 1024 * 1024);
    if (!this.cache.tlbs.includes(this.tlb)) this.cache.attachTlb(this.tlb);
    this.optimize = opts.optimize ?? true;
    this.maxInsnsPerTb = opts.maxInsnsPerTb ?? 512;
    this.jsThreshold = opts.jsThreshold ?? 2;
    this.maxGroup = opts.maxGroup ?? 4;
    this.groupThreshold = opts.groupThreshold ?? 64;
    this.pcSlot = opts.pcSlot ?? -1;
    this.log = opts.log ?? {};
    this.state = new ExecState(this.tlb, this.env);
    this.wasmThreshold = opts.wasmThreshold ?? 2;
    if (this.backend === 'wasm') {
      const arena = this.tlb.arena;
      if (arena === null || !arena.holds(this.env.gs))
        throw new Error('tcg: the wasm backend needs the SoftTLB, its RAM and env.gs in one WasmArena');
      const S = this.state;
      const ws = arena.allocI32(WS_WORDS);
      S.ws = ws;
      this.wasm = new WasmCompiler(arena, S, this.tlb, this.cache, {
        async: opts.wasmAsync ?? false,
        batch: opts.wasmBatch ?? 1,
        capacity: opts.wasmCapacity,
        pcSlot: this.pcSlot,
        outAsm: () => (this.log.outAsm ? (text: string) => this.writeLog(text) : undefined),
      });
    }
    this.tlb.flushListeners.push((vaddr) => this.flushJmpCache(vaddr));
    this.cache.flushListeners.push(() => this.flushJmpCache());
  }

  private writeLog(text: string): void {
    if (this.log.write) this.log.write(text);
    else process.stderr.write(text);
  }

  /** Drops jump-cache entries for the page of vaddr and the page before it (TBs may span into it), or all. */
  flushJmpCache(vaddr?: number): void {
    if (vaddr === undefined) {
      this.jmpCache.fill(null);
      this.wasm?.jcClear(0, JC_SIZE);
      return;
    }
    for (const page of [vaddr, vaddr - TARGET_PAGE_SIZE]) {
      const start = jcHash(page & TARGET_PAGE_MASK);
      this.jmpCache.fill(null, start, start + (1 << JC_ADDR_BITS));
      this.wasm?.jcClear(start, start + (1 << JC_ADDR_BITS));
    }
  }

  /** Translates the TB for the given state (QEMU's tb_gen_code) and adds it to the cache. */
  tbGen(pc: number, csBase: number, flags: number, physPc: number, mmuIdx: number): TranslationBlock {
    const tb = new TranslationBlock(pc, csBase, flags);
    const ctx = new TCGContext();
    ctx.maxInsns = this.maxInsnsPerTb;
    const t0 = performance.now();
    this.target.translate(ctx, tb, this.env);
    ctx.finish(tb);
    const t1 = performance.now();
    this.timing.translate += t1 - t0;
    tb.pageAddr0 = physPc & TARGET_PAGE_MASK;
    const last = (pc + Math.max(tb.size, 1) - 1) | 0;
    if ((last & TARGET_PAGE_MASK) !== (pc & TARGET_PAGE_MASK)) {
      tb.pageAddr1 = this.tlb.translate(last, MMU_INST_FETCH, mmuIdx) & TARGET_PAGE_MASK;
    }
    this.opsBefore += tb.ops.length;
    if (this.log.op) this.writeLog(`${dumpOps(tb)}\n`);
    // the js backend optimizes when a TB gets hot: code that runs once or twice is interpreted as emitted
    if (this.backend === 'interp' || this.jsThreshold <= 0) this.optimizeTb(tb);
    const t3 = performance.now();
    interpPrepare(tb);
    this.timing.encode += performance.now() - t3;
    if (this.backend === 'js' && this.jsThreshold <= 0) this.compileJs(tb);
    if (this.backend === 'wasm' && this.wasmThreshold <= 0) this.tierUpWasm(tb);
    if (this.cache.full(tb.codeSize)) this.cache.flush();
    this.cache.insert(tb);
    this.tbsTranslated++;
    return tb;
  }

  /** HMP `info jit`: the translation buffer state and statistics, in QEMU's layout (dump_exec_info). */
  infoJit(): string {
    const c = this.cache;
    let n = 0;
    let target = 0;
    let maxTarget = 0;
    let host = 0;
    let cross = 0;
    let direct = 0;
    let direct2 = 0;
    for (const tb of c.allTbs()) {
      n++;
      target += tb.size;
      maxTarget = Math.max(maxTarget, tb.size);
      host += tb.codeSize;
      if (tb.pageAddr1 !== -1) cross++;
      let slots = 0;
      for (const op of tb.ops) if (op.opc === Opc.goto_tb) slots |= 1 << op.args[0];
      if (slots & 1) direct++;
      if (slots === 3) direct2++;
    }
    const pct = (x: number) => (n ? Math.floor((x * 100) / n) : 0);
    const avgT = n ? Math.floor(target / n) : 0;
    const avgH = n ? Math.floor(host / n) : 0;
    const b = c.bucketStats();
    const lines = [
      'Translation buffer state:',
      `gen code size       ${c.codeBytes}/${c.maxCodeBytes}`,
      `TB count            ${n}`,
      `TB avg target size  ${avgT} max=${maxTarget} bytes`,
      `TB avg host size    ${avgH} bytes (expansion ratio: ${target ? (host / target).toFixed(1) : '0.0'})`,
      `cross page TB count ${cross} (${pct(cross)}%)`,
      `direct jump count   ${direct} (${pct(direct)}%) (2 jumps=${direct2} ${pct(direct2)}%)`,
      `TB hash buckets     ${b.used}/${b.total} (${b.total ? ((b.used * 100) / b.total).toFixed(2) : '0.00'}% head buckets used)`,
      `TB hash avg chain   ${b.avgChain.toFixed(3)} buckets`,
      '',
      'Statistics:',
      `TB flush count      ${c.flushes}`,
      `TB invalidate count ${c.invalidations}`,
      `TLB full flushes    ${this.tlb.fullFlushes}`,
      `TLB partial flushes ${this.tlb.partialFlushes}`,
      'TLB elided flushes  0',
      `JS compiled TBs     ${this.tbsCompiled}`,
      ...(this.wasm
        ? [
            `wasm compiled TBs   ${this.wasm.functions} in ${this.wasm.modules} modules (${this.wasm.bytes} bytes, ${this.wasm.queue.length} queued, ${this.wasm.inFlight} compiling)`,
          ]
        : []),
      `time (ms)           translate ${this.timing.translate.toFixed(0)}, optimize ${this.timing.optimize.toFixed(0)}, encode ${this.timing.encode.toFixed(0)}, js ${this.timing.compile.toFixed(0)}${this.wasm ? `, wasm ${(this.wasm.genMs + this.wasm.compileMs).toFixed(0)}` : ''}`,
    ];
    return `${lines.join('\n')}\n`;
  }

  /** Runs the optimizer on a TB once (op_opt is logged then). */
  private optimizeTb(tb: TranslationBlock): void {
    if (!this.optimize || tb.optimized) return;
    const t0 = performance.now();
    const before = tb.ops.length;
    tcgOptimize(tb);
    tb.optimized = true;
    this.tbsOptimized++;
    this.opsOptimizedBefore += before;
    this.opsAfter += tb.ops.length;
    this.timing.optimize += performance.now() - t0;
    if (this.log.opOpt) this.writeLog(`${dumpOps(tb, 'OP after optimization and liveness analysis:')}\n`);
  }

  /** Second tier: generate the TB's JavaScript (third: again, as a group head). */
  private compileJs(tb: TranslationBlock, grouped = this.groupThreshold <= 0): void {
    const before = tb.codeSize;
    const group = grouped ? this.selectGroup(tb) : [tb];
    tb.execCount = 0;
    tb.grouped = grouped;
    for (const m of group) this.optimizeTb(m);
    const t0 = performance.now();
    const src = jsPrepare(tb, this.state, group, this.pcSlot);
    this.timing.compile += performance.now() - t0;
    this.cache.codeBytes += tb.codeSize - before;
    this.tbsCompiled++;
    if (this.log.outAsm) this.writeLog(`OUT: [size=${src.length}]\n${src}\n\n`);
  }

  /**
   * The TB and the TBs reachable through its already-linked goto_tb slots (breadth first), to run in
   * one function; TBs with backward branches inside stay alone. No groups while -d exec traces TBs.
   */
  private selectGroup(tb: TranslationBlock): TranslationBlock[] {
    const group = [tb];
    if (this.maxGroup <= 1 || this.log.exec || hasBackwardBranch(tb)) return group;
    for (let i = 0; i < group.length && group.length < this.maxGroup; i++) {
      for (const next of group[i].jmpDest) {
        if (next === null || next.invalid || group.includes(next) || group.length >= this.maxGroup) continue;
        if (next.ops.length > 4000 || hasBackwardBranch(next)) continue;
        group.push(next);
      }
    }
    return group;
  }

  /** Runs a TB not (yet) compiled: interpreted, counting executions toward compilation. */
  private execCold(tb: TranslationBlock): number {
    const r = interpExec(tb, this.state);
    if (this.backend === 'js') {
      if (++tb.execCount >= this.jsThreshold && !tb.invalid) this.compileJs(tb);
    } else if (this.backend === 'wasm' && !tb.wasmQueued) {
      const n = ++tb.execCount;
      if (n >= this.wasmThreshold && !tb.invalid) {
        if (tb.noWasm) {
          if (n >= this.jsThreshold) this.compileJs(tb);
        } else this.tierUpWasm(tb);
      }
    }
    return r;
  }

  /** Queues the TB for WebAssembly, or marks it for the js backend (a backward branch inside). */
  private tierUpWasm(tb: TranslationBlock): void {
    this.optimizeTb(tb);
    if (!wasmCanCompile(tb)) {
      tb.noWasm = true;
      return;
    }
    (this.wasm as WasmCompiler).enqueue(tb);
  }

  /** wasm backend: compiles what is queued now */
  flushCompileQueue(): void {
    if (this.wasm !== null && this.wasm.queue.length > 0) this.wasm.flush();
  }

  /** The CPU loop calls this after each slice: a partial batch is compiled after a few slices. */
  compileTick(): void {
    const wasm = this.wasm;
    if (wasm === null || wasm.queue.length === 0) return;
    if (++wasm.queueTicks >= WASM_QUEUE_TICKS) wasm.flush();
  }

  /** The TB for the current CPU state, from the jump cache, the TB cache, or translated now (tb_lookup). */
  tbLookup(): TranslationBlock {
    const cs = this.cs;
    this.target.getTbCpuState(this.env, cs);
    const pc = cs.pc | 0;
    const h = jcHash(pc);
    let tb = this.jmpCache[h];
    if (tb !== null && tb.pc === pc && tb.csBase === cs.csBase && tb.flags === cs.flags && !tb.invalid)
      return tb;
    const mmuIdx = this.target.codeMmuIdx(this.env, cs.flags);
    const physPc = this.tlb.translate(pc, MMU_INST_FETCH, mmuIdx);
    tb = this.cache.lookup(pc, physPc, cs.csBase, cs.flags, (v) =>
      this.tlb.translate(v, MMU_INST_FETCH, mmuIdx),
    );
    if (tb === null) tb = this.tbGen(pc, cs.csBase, cs.flags, physPc, mmuIdx);
    this.jmpCache[h] = tb;
    return tb;
  }

  /** Set (by devices, timers, the main loop) to make run() return at the next TB boundary. */
  get exitRequest(): boolean {
    return this.state.exitReq;
  }
  set exitRequest(v: boolean) {
    const S = this.state;
    if (v && !S.exitReq) {
      // stop TBs that loop onto themselves, keeping the count of what is left
      const ws = S.ws;
      if (S.wasmTb !== null && ws !== null) {
        S.bias += ws[WS_LEFT];
        ws[WS_LEFT] = 0;
      } else S.bias += S.left;
      S.left = 0;
    }
    S.exitReq = v;
  }

  /**
   * Runs guest code for about `budget` instructions (whole TBs), until exitRequest, or until a TB exits with
   * a value. A guest exception propagates as the helper's throw, after the state was restored to the
   * faulting instruction (target.restoreState).
   */
  run(budget: number): ExecExit {
    const S = this.state;
    if (S.exitReq) {
      S.exitReq = false;
      return ExecExit.REQUEST;
    }
    S.left = budget;
    S.bias = 0;
    this.runs++;
    try {
      const r = this.loop();
      this.insnCount += budget - (S.left + S.bias);
      return r;
    } catch (e) {
      const ws = S.ws;
      if (S.wasmTb !== null && ws !== null) {
        // the TB that raised it is the last one the entry function recorded
        S.left = ws[WS_LEFT];
        S.insn = ws[WS_INSN];
        S.wasmTb = null;
        this.running = (this.wasm as WasmCompiler).tbs[ws[WS_CUR]];
      }
      let tb = this.running;
      if (tb !== null && tb.group !== null) tb = tb.group[S.member];
      if (tb !== null) {
        this.running = null;
        S.left += tb.icount - S.insn;
        this.insnCount += budget - (S.left + S.bias);
        // a TB without instructions (nothing to restore) can only fault before changing state
        if (S.insn < tb.icount) this.target.restoreState(this.env, tb, S.insn);
      } else {
        this.insnCount += budget - (S.left + S.bias);
      }
      throw e;
    }
  }

  private loop(): ExecExit {
    const S = this.state;
    const cache = this.cache;
    const env = this.env;
    const gs = env.gs;
    const logExec = this.log.exec === true;
    const lookupStop = this.target.lookupStop;
    const ws = S.ws as Int32Array;
    const wasm = this.wasm;
    if (wasm !== null) wasm.chaining = !logExec;
    let tb = this.tbLookup();
    for (;;) {
      if (logExec) {
        this.writeLog(
          `Trace 0: ${tb.id} [${hex8(tb.csBase)}/${hex8(tb.pc)}/${hex8(tb.flags)}/${hex8(tb.cflags)}]\n`,
        );
      }
      S.insn = 0;
      this.running = tb;
      let r: number;
      if (tb.wasmIdx > 0 && wasm !== null) {
        // WebAssembly: TBs subtract their own icount, and chained ones tail-call one another
        ws[WS_LEFT] = S.left;
        S.wasmTb = tb;
        r = wasm.run(env, tb.wasmIdx);
        S.wasmTb = null;
        S.left = ws[WS_LEFT];
        tb = wasm.tbs[ws[WS_CUR]] ?? tb;
        this.running = tb;
        if (r === EXIT_TB_VALUE) S.exitValue = ws[WS_EXIT_VALUE];
        else if (r === EXIT_RESTORE) S.insn = ws[WS_INSN];
      } else {
        S.left -= tb.icount;
        let fn = tb.jsFn;
        if (fn !== null && !tb.grouped && ++tb.execCount >= this.groupThreshold) {
          this.compileJs(tb, true);
          fn = tb.jsFn as NonNullable<typeof fn>;
        }
        r = fn !== null ? fn(env, gs) : this.execCold(tb);
      }
      if (r >= 8) {
        // left a grouped function from another member
        tb = (tb.group as TranslationBlock[])[r >> 3];
        r &= 7;
        this.running = tb;
      }
      this.tbsExecuted++;
      if (r === EXIT_GOTO_TB0 || r === EXIT_GOTO_TB1) {
        if (S.left <= 0) break;
        const n = r - EXIT_GOTO_TB0;
        let next = tb.jmpDest[n];
        if (next === null || next.invalid) {
          this.running = null;
          next = this.tbLookup();
          if (logExec) this.writeLog(`Linking TBs ${tb.id} index ${n} -> ${next.id}\n`);
          cache.link(tb, n, next);
          if (wasm !== null && !logExec) wasm.linked(tb, n, next);
        }
        tb = next;
        continue;
      }
      this.running = null;
      if (r === EXIT_RESTORE) {
        S.left += tb.icount - S.insn;
        this.target.restoreState(env, tb, S.insn);
      } else if (r === EXIT_TB_VALUE) {
        this.exitValue = S.exitValue;
        return ExecExit.TB_VALUE;
      }
      if (S.left <= 0) break;
      if (this.stopAtLookup && !S.exitReq && (lookupStop === undefined || lookupStop(env))) {
        this.lookupStops++;
        return ExecExit.LOOKUP;
      }
      tb = this.tbLookup();
      if (wasm !== null && tb.wasmIdx > 0 && !logExec) wasm.jcSet(tb);
    }
    this.running = null;
    if (S.exitReq) {
      S.exitReq = false;
      return ExecExit.REQUEST;
    }
    return ExecExit.BUDGET;
  }
}
