/**
 * Compiles batches of TBs into WebAssembly modules (one function per TB), puts the functions in a table
 * and enters them through one entry function. A module costs ~0.2 ms whatever it holds, a function a few
 * microseconds more, so TBs that got warm are queued and compiled together. Asynchronous compilation
 * runs in V8's background threads (the second core); the functions are installed when the promise
 * resolves, at the event loop's next turn, and the TBs stay interpreted until then.
 *
 * Chaining (QEMU's goto_tb patching): each table index has two link words in the arena, the indices its
 * goto_tb slots are linked to. They are set when both ends are compiled and linked, and cleared when the
 * destination is invalidated. A chained TB tail-calls its successor through the table, so a chain runs
 * inside WebAssembly until a TB returns an exit code.
 */

import type { TranslationBlock } from '../context.js';
import { type ExecState, JC_SIZE, jcHash, WS_CUR, WS_SMC } from '../exec-state.js';
import type { SoftTLB } from '../softmmu.js';
import type { TbCache } from '../tb-cache.js';
import type { WasmArena } from './arena.js';
import {
  WASM_TB_TYPE,
  WASM_TB_TYPE_INDEX,
  WasmGen,
  WasmHelperImports,
  type WasmLayout,
} from './backend-wasm.js';
import { ByteWriter, buildModule, type FuncType, type ModuleFunc, W } from './encoder.js';
import { wasmBodyToText } from './wat.js';
import { WA, type WasmModule, type WasmTable } from './webassembly.js';

/** (env, table index) => exit code of the last TB run, whose index is then in ws[WS_CUR] */
export type WasmTrampoline = (env: unknown, idx: number) => number;

export interface WasmCompilerOptions {
  /** compile with WebAssembly.compile (background threads) instead of new WebAssembly.Module */
  async: boolean;
  /** TBs per module at most */
  batch: number;
  /** table slots (compiled TBs between TB cache flushes; default 32768) */
  capacity?: number;
  /**
   * env.gs slot of the pc relative to cs_base, or -1. With it, lookup_and_goto_ptr (which keeps cs_base
   * and flags) continues through the jump cache's copy in the arena without leaving WebAssembly.
   */
  pcSlot?: number;
  /** `-d out_asm`: where each compiled TB's disassembly goes, when it returns a writer */
  outAsm?: () => ((text: string) => void) | undefined;
}

const RUN_TYPE: FuncType = { refs: 1, params: 1, results: 1 };

export class WasmCompiler {
  readonly layout: WasmLayout;
  readonly capacity: number;
  readonly run: WasmTrampoline;
  /** the TB at each table index (index 0 is never used) */
  readonly tbs: (TranslationBlock | null)[];
  private readonly table: WasmTable;
  private readonly links: Int32Array;
  /** the jump cache for WebAssembly: per tb_jmp_cache entry [pc, flags, cs_base, table index] */
  private readonly jc: Int32Array;
  private nextIdx = 1;
  /** table generations (TB cache flushes): indices of an earlier one may belong to other TBs now */
  private generation = 0;
  private readonly ld: (a: number, memop: number, mmuIdx: number) => number;
  private readonly st: (a: number, v: number, memop: number, mmuIdx: number) => void;
  /** chain compiled TBs inside WebAssembly (off while -d exec traces every TB) */
  chaining = true;
  /** TBs waiting for the next module */
  readonly queue: TranslationBlock[] = [];
  /** the executor's compileTick() calls since the queue was last compiled */
  queueTicks = 0;
  /** modules compiled, functions installed, compilations in flight, bytes of wasm produced */
  modules = 0;
  functions = 0;
  inFlight = 0;
  bytes = 0;
  /** milliseconds of main-thread work: code generation, and (sync) compilation plus instantiation */
  genMs = 0;
  compileMs = 0;
  /** the last asynchronous compilation failure (a bug: the TBs stay interpreted) */
  lastError: unknown = null;

  constructor(
    private readonly arena: WasmArena,
    readonly S: ExecState,
    tlb: SoftTLB,
    private readonly cache: TbCache,
    readonly opts: WasmCompilerOptions,
  ) {
    const ws = S.ws as Int32Array;
    this.capacity = opts.capacity ?? 32768;
    this.links = arena.allocI32(this.capacity * 2);
    this.tbs = new Array(this.capacity).fill(null);
    this.jc = arena.allocI32(JC_SIZE * 4);
    this.layout = {
      gs: S.gs.byteOffset,
      tagRead: tlb.tagRead.byteOffset,
      tagWrite: tlb.tagWrite.byteOffset,
      addend: tlb.addend.byteOffset,
      ram: tlb.ram.byteOffset,
      ws: ws.byteOffset,
      links: this.links.byteOffset,
      jc: (opts.pcSlot ?? -1) >= 0 ? this.jc.byteOffset : 0,
      pcSlot: opts.pcSlot ?? -1,
      tlbBits: tlb.bits,
    };
    this.ld = (a, memop, mmuIdx) => tlb.ldSlow(a, memop, mmuIdx);
    this.st = (a, v, memop, mmuIdx) => tlb.stSlow(a, v, memop, mmuIdx);
    this.table = new WA.Table({ initial: this.capacity, element: 'anyfunc' });
    this.run = this.buildTrampoline();
    cache.invalidateListeners.push((tb) => {
      // chains into it are cut; a running TB that invalidated itself stops at its next instruction
      for (const { tb: from, n } of tb.jmpIncoming)
        if (from.wasmIdx > 0) this.links[from.wasmIdx * 2 + n] = 0;
      if (tb.wasmIdx > 0) {
        const e = jcHash(tb.pc) * 4;
        if (this.jc[e + 3] === tb.wasmIdx) this.jc[e + 3] = 0;
        if (S.wasmTb !== null && ws[WS_CUR] === tb.wasmIdx) ws[WS_SMC] = 1;
      }
    });
    cache.flushListeners.push(() => {
      // every TB is invalid: the table starts over (in-flight modules install nothing). A TB compiled at
      // translation is not in the cache yet and survives the flush: its index is about to be reused.
      this.links.fill(0);
      for (const tb of this.tbs) if (tb !== null) tb.wasmIdx = 0;
      this.tbs.fill(null);
      this.nextIdx = 1;
      this.generation++;
    });
  }

  /**
   * The entry (from JavaScript, and tail-called by chained TBs): records the TB as running, clears the
   * self-modified flag and tail-calls it by table index.
   */
  private buildTrampoline(): WasmTrampoline {
    const ws = this.layout.ws;
    const w = new ByteWriter();
    const store = (word: number, push: () => void) => {
      w.byte(W.i32_const);
      w.s32(0);
      push();
      w.byte(W.i32_store);
      w.u32(2);
      w.u32(ws + word * 4);
    };
    store(WS_CUR, () => {
      w.byte(W.local_get);
      w.u32(1);
    });
    store(WS_SMC, () => {
      w.byte(W.i32_const);
      w.s32(0);
    });
    w.bytes([W.local_get, 0, W.local_get, 1, W.return_call_indirect, WASM_TB_TYPE_INDEX, 0, W.end]);
    const bytes = buildModule([], [{ type: RUN_TYPE, locals: 0, body: w.view(), exportName: 'run' }], {
      table: true,
      types: [WASM_TB_TYPE],
    });
    const inst = new WA.Instance(new WA.Module(bytes), { e: { m: this.arena.memory, t: this.table } });
    return inst.exports.run as WasmTrampoline;
  }

  enqueue(tb: TranslationBlock): void {
    tb.wasmQueued = true;
    this.queue.push(tb);
    if (this.queue.length >= this.opts.batch) this.flush();
  }

  /** The dispatcher found this compiled TB for its pc (tb_jmp_cache): indirect jumps may reach it. */
  jcSet(tb: TranslationBlock): void {
    const e = jcHash(tb.pc) * 4;
    const jc = this.jc;
    jc[e] = tb.pc;
    jc[e + 1] = tb.flags;
    jc[e + 2] = tb.csBase;
    jc[e + 3] = tb.wasmIdx;
  }

  /** Drops jump cache entries [start, end) (the executor's flushJmpCache). */
  jcClear(start: number, end: number): void {
    const jc = this.jc;
    for (let h = start; h < end; h++) jc[h * 4 + 3] = 0;
  }

  /** A goto_tb link was made (TbCache.link): chain it inside WebAssembly when both ends are compiled. */
  linked(from: TranslationBlock, n: number, to: TranslationBlock): void {
    if (this.chaining && from.wasmIdx > 0 && to.wasmIdx > 0 && from.jmpDest[n] === to)
      this.links[from.wasmIdx * 2 + n] = to.wasmIdx;
  }

  /** Compiles the queued TBs (those still valid) into one module. */
  flush(): void {
    let tbs = this.queue.filter((tb) => !tb.invalid);
    for (const tb of this.queue) if (tb.invalid) tb.wasmQueued = false;
    this.queue.length = 0;
    this.queueTicks = 0;
    if (tbs.length === 0) return;
    if (this.nextIdx + tbs.length > this.capacity) {
      // the table is full: start over, as QEMU flushes a full code buffer
      this.cache.flush();
      tbs = tbs.filter((tb) => !tb.invalid);
      for (const tb of tbs) tb.wasmQueued = false;
      return;
    }
    const t0 = performance.now();
    const helpers = new WasmHelperImports();
    const idx = tbs.map(() => this.nextIdx++);
    const generation = this.generation;
    const funcs: ModuleFunc[] = tbs.map((tb, i) => {
      tb.wasmIdx = idx[i];
      const gen = new WasmGen(tb, this.layout, helpers);
      const { body, locals } = gen.generate();
      const write = this.opts.outAsm?.();
      if (write) {
        const head = `OUT: [size=${body.length}]\n;; tb_${(tb.pc >>> 0).toString(16)}_${(tb.flags >>> 0).toString(16)} table index ${idx[i]}\n`;
        write(`${head}${wasmBodyToText(body, gen.watNames(helpers))}\n`);
      }
      tb.wasmIdx = 0;
      tb.codeSize += body.length + 64;
      this.cache.codeBytes += body.length + 64;
      const debugName = `tb_${(tb.pc >>> 0).toString(16)}_${(tb.flags >>> 0).toString(16)}`;
      return { type: WASM_TB_TYPE, locals, body, exportName: `f${i}`, debugName };
    });
    const bytes = buildModule(helpers.imports(), funcs);
    this.bytes += bytes.length;
    const t1 = performance.now();
    this.genMs += t1 - t0;
    const h: Record<string, unknown> = {};
    helpers.list.forEach((x, i) => {
      h[i] = x.fn;
    });
    const imports = { e: { m: this.arena.memory }, m: { ld: this.ld, st: this.st, enter: this.run }, h };
    const install = (mod: WasmModule) => {
      const exports = new WA.Instance(mod, imports).exports;
      this.modules++;
      tbs.forEach((tb, i) => {
        tb.wasmQueued = false;
        // a TB translated while the cache was flushed survives it, but its index was handed out again
        if (tb.invalid || generation !== this.generation) return;
        this.table.set(idx[i], exports[`f${i}`]);
        this.tbs[idx[i]] = tb;
        tb.wasmIdx = idx[i];
        this.functions++;
        for (let n = 0; n < 2; n++) {
          const to = tb.jmpDest[n];
          if (to !== null) this.linked(tb, n, to);
        }
        for (const { tb: from, n } of tb.jmpIncoming) this.linked(from, n, tb);
      });
    };
    if (!this.opts.async) {
      install(new WA.Module(bytes));
      this.compileMs += performance.now() - t1;
      return;
    }
    this.inFlight++;
    WA.compile(bytes).then(
      (mod) => {
        this.inFlight--;
        install(mod);
      },
      (e) => {
        this.inFlight--;
        this.lastError = e;
      },
    );
  }
}
