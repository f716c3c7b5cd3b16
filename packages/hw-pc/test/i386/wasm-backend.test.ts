import {
  type HostMemoryBackend,
  hostmemRegisterTypes,
  hostmemSetRamAllocator,
  TYPE_MEMORY_BACKEND_RAM,
} from '@tsemu/memory';
import { objectGetObjectsRoot, objectNewWithProps, objectUnparent } from '@tsemu/qdev';
import { SliceExit } from '@tsemu/target-i386';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createPcMachine,
  type PcMachine,
  type PcMachineOptions,
  pcWasmRamAllocator,
} from '../../src/i386/pc.js';

// The pc machine on the wasm TCG backend (its default): guest RAM in a WebAssembly memory, its own
// or a memory-backend-ram's made by pcWasmRamAllocator; the js fallback, with a warning, where the
// RAM cannot be there.

const MiB = 1024 * 1024;

/** multiboot a.out-kludge kernel at 1 MiB running `code` */
function kernel(code: number[]): Uint8Array {
  const k = new Uint8Array(0x20 + code.length);
  const dv = new DataView(k.buffer);
  [0x1badb002, 0x00010003, -(0x1badb002 + 0x00010003) >>> 0, 0x100000, 0x100000, 0, 0, 0x100020].forEach(
    (v, i) => {
      dv.setUint32(i * 4, v, true);
    },
  );
  k.set(code, 0x20);
  return k;
}

const ITER = 100_000;
// mov ecx, ITER; xor eax, eax; l: add eax, ecx; dec ecx; jnz l; mov [0x200000], eax; hlt
const SUM_LOOP = [
  0xb9,
  ...[0, 8, 16, 24].map((s) => (ITER >>> s) & 0xff),
  0x31,
  0xc0,
  0x01,
  0xc8,
  0x49,
  0x75,
  0xfb,
  0xa3,
  0x00,
  0x00,
  0x20,
  0x00,
  0xf4,
];
const SUM = Number((BigInt(ITER) * BigInt(ITER + 1)) / 2n) % 2 ** 32;

const machines: PcMachine[] = [];
const backends: HostMemoryBackend[] = [];
afterEach(() => {
  hostmemSetRamAllocator(undefined);
  for (const m of machines.splice(0)) m.destroy();
  for (const b of backends.splice(0)) objectUnparent(b);
});

function machine(opts: PcMachineOptions = {}): { m: PcMachine; warnings: string[] } {
  const warnings: string[] = [];
  const m = createPcMachine({
    nodefaults: true,
    kernel: 'k.bin',
    readFile: () => kernel(SUM_LOOP),
    warn: (w) => warnings.push(w),
    ...opts,
  });
  machines.push(m);
  return { m, warnings };
}

function memdev(id: string, props: Record<string, unknown>): HostMemoryBackend {
  hostmemRegisterTypes();
  const b = objectNewWithProps<HostMemoryBackend>(TYPE_MEMORY_BACKEND_RAM, objectGetObjectsRoot(), id, props);
  backends.push(b);
  return b;
}

/** Runs the guest in slices with event-loop turns between (wasm modules are compiled in the background). */
async function runToHalt(m: PcMachine): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (m.cpu.runSlice(10_000) === SliceExit.HALTED) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error('the guest did not halt');
}

const ramOf = (m: PcMachine) => m.state.ram?.getRamPtr() as Uint8Array;
const read32 = (ram: Uint8Array, addr: number) =>
  new DataView(ram.buffer, ram.byteOffset).getUint32(addr, true);

describe('the pc machine on the wasm TCG backend', () => {
  it('is the default: its RAM in the WebAssembly memory of the TLB; the hot loop runs as WebAssembly', async () => {
    const { m, warnings } = machine();
    expect(m.cpu.exec.backend).toBe('wasm');
    expect(m.cpu.tlb.arena?.holds(ramOf(m))).toBe(true);
    await runToHalt(m);
    expect(read32(ramOf(m), 0x200000)).toBe(SUM);
    expect(m.cpu.exec.wasm?.functions).toBeGreaterThan(0);
    expect(warnings).toEqual([]);
  });

  it('js and interp stay selectable and compute the same', async () => {
    for (const backend of ['js', 'interp'] as const) {
      const { m } = machine({ backend, jsThreshold: 100 });
      expect([m.cpu.exec.backend, m.cpu.tlb.arena]).toEqual([backend, null]);
      await runToHalt(m);
      expect(read32(ramOf(m), 0x200000)).toBe(SUM);
      expect(m.cpu.exec.tbsCompiled > 0).toBe(backend === 'js');
      m.destroy();
      machines.splice(machines.indexOf(m), 1);
    }
  });

  it("runs on a memory-backend-ram's RAM when pcWasmRamAllocator made it", async () => {
    hostmemSetRamAllocator(pcWasmRamAllocator);
    const b = memdev('r0', { size: 32 * MiB });
    hostmemSetRamAllocator(undefined);
    const { m, warnings } = machine({ ramSize: 32 * MiB, ramBackend: b });
    expect(warnings).toEqual([]);
    expect(m.state.ram).toBe(b.getMemory());
    expect(m.cpu.exec.backend).toBe('wasm');
    expect(m.cpu.tlb.arena?.holds(b.getMemory()?.getRamPtr() as Uint8Array)).toBe(true);
    await runToHalt(m);
    expect(read32(b.getMemory()?.getRamPtr() as Uint8Array, 0x200000)).toBe(SUM);
    expect(m.cpu.exec.wasm?.functions).toBeGreaterThan(0);
  });

  it.each([
    ['made without the allocator', {}, 'is not in a WebAssembly memory'],
    ['share=on (a SharedArrayBuffer)', { share: true }, 'is not in a WebAssembly memory (share=on)'],
  ])('falls back to js with a warning for a backend %s', async (_what, props, why) => {
    hostmemSetRamAllocator(Object.keys(props).length ? pcWasmRamAllocator : undefined);
    const b = memdev('r1', { size: 32 * MiB, ...props });
    hostmemSetRamAllocator(undefined);
    const { m, warnings } = machine({ ramSize: 32 * MiB, ramBackend: b });
    expect(warnings).toEqual([
      `warning: memory backend /objects/r1 ${why}; the wasm TCG backend falls back to js`,
    ]);
    expect(m.cpu.exec.backend).toBe('js');
    await runToHalt(m);
    expect(read32(b.getMemory()?.getRamPtr() as Uint8Array, 0x200000)).toBe(SUM);
  });

  it("a backend's WebAssembly memory serves one machine's CPU state: the next machine on it runs js", async () => {
    hostmemSetRamAllocator(pcWasmRamAllocator);
    const b = memdev('r2', { size: 32 * MiB });
    hostmemSetRamAllocator(undefined);
    const first = machine({ ramSize: 32 * MiB, ramBackend: b });
    expect(first.m.cpu.exec.backend).toBe('wasm');
    first.m.destroy();
    machines.splice(machines.indexOf(first.m), 1);
    const { m, warnings } = machine({ ramSize: 32 * MiB, ramBackend: b });
    expect(warnings).toEqual([
      'warning: memory backend /objects/r2 was the RAM of an earlier machine on wasm; the wasm TCG backend falls back to js',
    ]);
    expect(m.cpu.exec.backend).toBe('js');
    await runToHalt(m);
    expect(read32(ramOf(m), 0x200000)).toBe(SUM);
  });

  it('RAM past what a WebAssembly memory holds (4 GiB with the CPU state) runs on js, with a warning', () => {
    const { m, warnings } = machine({ ramSize: 4096 * MiB });
    expect(warnings).toEqual([
      'warning: 4096 MiB of RAM do not fit in a WebAssembly memory; the wasm TCG backend falls back to js',
    ]);
    expect(m.cpu.exec.backend).toBe('js');
    expect(m.cpu.runSlice(10_000_000)).toBe(SliceExit.HALTED);
    expect(read32(ramOf(m), 0x200000)).toBe(SUM);
  });
});
