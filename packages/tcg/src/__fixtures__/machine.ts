/**
 * A tiny test machine for the tcg package: env with an Int32Array of globals, 1 MiB of RAM at 0, an MMIO
 * window at 0x10000000 that records accesses, a page table given as a Map (vaddr page -> {paddr, prot}),
 * and a "translator" that builds TBs from IR builder functions registered per pc. With the wasm backend,
 * RAM, the TLB arrays and env.gs lie in one WasmArena (as the i386 machine lays them out).
 */
import type { TCGContext, TranslationBlock } from '../context.js';
import { type BackendName, TcgExecutor, type TcgLogOptions } from '../cpu-exec.js';
import { PAGE_EXEC, PAGE_READ, PAGE_WRITE, type PhysMemory, SoftTLB } from '../softmmu.js';
import { WasmArena } from '../wasm/arena.js';

export const SLOT_EIP = 8;
export const MMIO_BASE = 0x10000000;

export class GuestFault {
  constructor(
    readonly vaddr: number,
    readonly access: number,
  ) {}
}

export interface TestEnv {
  gs: Int32Array;
  /** restored insn index, for tests */
  restored: number[];
}

export type Builder = (s: TCGContext, tb: TranslationBlock) => void;

export interface TestMachineOptions {
  optimize?: boolean;
  tbSizeMiB?: number;
  log?: TcgLogOptions;
  jsThreshold?: number;
  groupThreshold?: number;
  pcSlot?: number;
  lookupStop?: (env: TestEnv) => boolean;
  /** wasm backend (default: jsThreshold's value) */
  wasmThreshold?: number;
  wasmBatch?: number;
  wasmAsync?: boolean;
  wasmCapacity?: number;
  /** wasm backend: build the machine without an arena (the executor must refuse it) */
  noArena?: boolean;
}

export class TestMachine {
  readonly ram: Uint8Array;
  readonly mmioLog: string[] = [];
  readonly mmioValues = new Map<number, number>();
  /** virtual page -> mapping; when absent and identity is true, vaddr = paddr with all rights */
  readonly pages = new Map<number, { paddr: number; prot: number }>();
  identity = true;
  readonly env: TestEnv;
  /** the wasm backend's memory (null on the other backends) */
  readonly arena: WasmArena | null;
  readonly progs = new Map<number, Builder>();
  readonly tlb: SoftTLB;
  readonly exec: TcgExecutor<TestEnv>;
  translations = 0;
  readonly logText: string[] = [];

  constructor(backend: BackendName, opts: TestMachineOptions = {}) {
    const arena = backend === 'wasm' && !opts.noArena ? new WasmArena({ ramSize: 1 << 20 }) : null;
    this.arena = arena;
    this.ram = arena ? arena.ram : new Uint8Array(1 << 20);
    this.env = { gs: arena ? arena.allocI32(32) : new Int32Array(32), restored: [] };
    const phys: PhysMemory = {
      read8: (a) => this.mmioRead(a, 1),
      read16: (a) => this.mmioRead(a, 2),
      read32: (a) => this.mmioRead(a, 4),
      write8: (a, v) => this.mmioWrite(a, 1, v),
      write16: (a, v) => this.mmioWrite(a, 2, v),
      write32: (a, v) => this.mmioWrite(a, 4, v),
    };
    this.tlb = new SoftTLB({
      phys,
      ram: this.ram,
      arena: arena ?? undefined,
      tlbFill: (vaddr, access, mmuIdx) => {
        const page = vaddr & -4096;
        const m = this.pages.get(page) ?? (this.identity ? { paddr: page, prot: 7 } : undefined);
        const need = access === 0 ? PAGE_READ : access === 1 ? PAGE_WRITE : PAGE_EXEC;
        if (!m || !(m.prot & need)) throw new GuestFault(vaddr, access);
        this.tlb.setPage(vaddr, m.paddr, m.prot, mmuIdx);
      },
    });
    this.exec = new TcgExecutor<TestEnv>({
      env: this.env,
      tlb: this.tlb,
      backend,
      optimize: opts.optimize ?? true,
      tbSizeMiB: opts.tbSizeMiB,
      // tests run generated code from the first execution unless they test tiering
      jsThreshold: opts.jsThreshold ?? 0,
      groupThreshold: opts.groupThreshold,
      pcSlot: opts.pcSlot,
      wasmThreshold: opts.wasmThreshold ?? opts.jsThreshold ?? 0,
      wasmBatch: opts.wasmBatch,
      wasmAsync: opts.wasmAsync,
      // a table of its own per machine: small, as tests compile a few hundred TBs at most between flushes
      wasmCapacity: opts.wasmCapacity ?? 1024,
      log: opts.log ? { ...opts.log, write: (t) => this.logText.push(t) } : undefined,
      target: {
        getTbCpuState: (env, out) => {
          out.pc = env.gs[SLOT_EIP];
          out.csBase = 0;
          out.flags = 0;
        },
        codeMmuIdx: () => 0,
        translate: (s, tb) => {
          const b = this.progs.get(tb.pc);
          if (!b) throw new Error(`no program at 0x${(tb.pc >>> 0).toString(16)}`);
          this.translations++;
          // read the code bytes, as a translator does (fills the code TLB)
          this.tlb.ldCode(tb.pc, 0, 0);
          tb.size = 16;
          b(s, tb);
        },
        restoreState: (env, tb, i) => {
          env.restored.push(i);
          env.gs[SLOT_EIP] = tb.insnWord(i, 0);
        },
        lookupStop: opts.lookupStop,
      },
    });
  }

  private mmioRead(a: number, size: number): number {
    this.mmioLog.push(`r${size} ${a.toString(16)}`);
    return this.mmioValues.get(a) ?? 0xdeadbeef & (size === 4 ? -1 : (1 << (8 * size)) - 1);
  }
  private mmioWrite(a: number, size: number, v: number): void {
    this.mmioLog.push(`w${size} ${a.toString(16)}=${(v >>> 0).toString(16)}`);
  }

  /** Runs from pc until a TB exits with a value (returned) or the budget ends (-1). */
  runAt(pc: number, budget = 10000): number {
    this.env.gs[SLOT_EIP] = pc;
    const r = this.exec.run(budget);
    return r === 2 ? this.exec.exitValue : -1;
  }
}

export const BACKENDS: BackendName[] = ['interp', 'js', 'wasm'];
