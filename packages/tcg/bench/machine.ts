/**
 * The benchmark's machine: 1 MiB of identity-mapped RAM, env.gs of 32 globals and a "translator" that
 * builds TBs from IR builder functions registered per pc. With the wasm backend RAM, the TLB arrays and
 * env.gs lie in one WasmArena, as the i386 machine lays them out.
 */
import type { TCGContext, TranslationBlock } from '../src/context.js';
import { type BackendName, TcgExecutor } from '../src/cpu-exec.js';
import { type PhysMemory, SoftTLB } from '../src/softmmu.js';
import { WasmArena } from '../src/wasm/arena.js';

export const SLOT_EIP = 8;

export interface BenchEnv {
  gs: Int32Array;
}

export interface BenchMachineOptions {
  /** js backend: executions before compilation (default 0: compiled at translation) */
  jsThreshold?: number;
  /** wasm backend: executions before compilation (default 0), TBs per module, background compilation */
  wasmThreshold?: number;
  wasmBatch?: number;
  wasmAsync?: boolean;
  wasmCapacity?: number;
}

export class BenchMachine {
  readonly ram: Uint8Array;
  readonly env: BenchEnv;
  readonly arena: WasmArena | null;
  readonly progs = new Map<number, (s: TCGContext, tb: TranslationBlock) => void>();
  readonly tlb: SoftTLB;
  readonly exec: TcgExecutor<BenchEnv>;

  constructor(backend: BackendName, opts: BenchMachineOptions = {}) {
    const arena = backend === 'wasm' ? new WasmArena({ ramSize: 1 << 20 }) : null;
    this.arena = arena;
    this.ram = arena ? arena.ram : new Uint8Array(1 << 20);
    this.env = { gs: arena ? arena.allocI32(32) : new Int32Array(32) };
    const noDevice = () => {
      throw new Error('bench machine: no device there');
    };
    const phys: PhysMemory = {
      read8: noDevice,
      read16: noDevice,
      read32: noDevice,
      write8: noDevice,
      write16: noDevice,
      write32: noDevice,
    };
    this.tlb = new SoftTLB({
      phys,
      ram: this.ram,
      arena: arena ?? undefined,
      tlbFill: (vaddr, _access, mmuIdx) => this.tlb.setPage(vaddr, vaddr & -4096, 7, mmuIdx),
    });
    this.exec = new TcgExecutor<BenchEnv>({
      env: this.env,
      tlb: this.tlb,
      backend,
      jsThreshold: opts.jsThreshold ?? 0,
      pcSlot: SLOT_EIP,
      wasmThreshold: opts.wasmThreshold ?? 0,
      wasmBatch: opts.wasmBatch,
      wasmAsync: opts.wasmAsync,
      wasmCapacity: opts.wasmCapacity,
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
          this.tlb.ldCode(tb.pc, 0, 0);
          tb.size = 16;
          b(s, tb);
        },
        restoreState: (env, tb, i) => {
          env.gs[SLOT_EIP] = tb.insnWord(i, 0);
        },
      },
    });
  }
}
