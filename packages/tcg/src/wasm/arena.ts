/**
 * WasmArena: one WebAssembly.Memory holding what generated WebAssembly code touches — the executor's
 * state words, the IR globals (env.gs), the SoftTLB arrays and guest RAM — so a TB compiled to
 * WebAssembly reaches all of it with constant offsets. (QEMU's generated code addresses CPUArchState
 * and guest RAM through host pointers; a wasm module can only address its own linear memory.)
 *
 * Layout: [0, ramBase) small allocations (bump allocated, never freed), [ramBase, ramBase + ramSize) RAM.
 * The memory never grows: growing would detach every typed-array view of it.
 */

import { WA, type WasmMemory } from './webassembly.js';

const WASM_PAGE = 65536;

export interface WasmArenaOptions {
  /** bytes of guest RAM (a multiple of 4) */
  ramSize: number;
  /** bytes before RAM for state and TLBs (default 1 MiB) */
  headerSize?: number;
}

export class WasmArena {
  readonly memory: WasmMemory;
  readonly buffer: ArrayBuffer;
  /** offset of RAM in the memory */
  readonly ramBase: number;
  readonly ram: Uint8Array;
  private next = 0;

  constructor(opts: WasmArenaOptions) {
    const header = opts.headerSize ?? 1 << 20;
    if (opts.ramSize % 4 !== 0 || header % WASM_PAGE !== 0)
      throw new RangeError('WasmArena: RAM size must be a multiple of 4, header a multiple of 64 KiB');
    const pages = Math.ceil((header + opts.ramSize) / WASM_PAGE);
    if (pages > 65536) throw new RangeError(`WasmArena: ${opts.ramSize} bytes of RAM exceed 4 GiB of memory`);
    this.memory = new WA.Memory({ initial: pages, maximum: pages });
    this.buffer = this.memory.buffer;
    this.ramBase = header;
    this.ram = new Uint8Array(this.buffer, header, opts.ramSize);
  }

  /** n zeroed int32 words before RAM, 16-byte aligned */
  allocI32(n: number): Int32Array {
    const off = this.next;
    const end = off + ((n * 4 + 15) & ~15);
    if (end > this.ramBase) throw new RangeError('WasmArena: header space exhausted');
    this.next = end;
    return new Int32Array(this.buffer, off, n);
  }

  /** whether a typed array is a view of this arena's memory */
  holds(view: ArrayBufferView): boolean {
    return view.buffer === this.buffer;
  }
}
