/**
 * The tsemu side of the differential corpus: a tiny PC (RAM, debugcon at 0xe9, isa-debug-exit at
 * 0xf4) around an X86CPU; boots a multiboot image the way QEMU's multiboot option ROM leaves the CPU
 * (flat 32-bit protected mode, CS=0x08, data=0x10, EAX=0x2badb002, EBX=mbi) and runs to the exit port.
 */
import { type BackendName, WasmArena } from '@tsemu/tcg';
import {
  CC_MASK,
  DESC_A_MASK,
  DESC_B_MASK,
  DESC_CS_MASK,
  DESC_G_MASK,
  DESC_P_MASK,
  DESC_R_MASK,
  DESC_S_MASK,
  DESC_W_MASK,
  DF_MASK,
  R_CS,
  R_DS,
  R_EAX,
  R_EBX,
  R_ECX,
  R_EDI,
  R_EDX,
  R_ES,
  R_ESP,
  R_FS,
  R_GS,
  R_SS,
} from '../../src/cpu.js';
import { SliceExit } from '../../src/cpu-exec.js';
import { cpu_load_eflags, cpu_x86_load_seg_cache, cpu_x86_update_cr0 } from '../../src/hflags.js';
import { X86CPU, type X86CPUOptions } from '../../src/x86-cpu.js';
import { loadMultiboot, MULTIBOOT_BOOTLOADER_MAGIC, parseMultiboot } from './multiboot.js';

export const GDT_ADDR = 0x500;

export interface RunResult {
  output: string;
  exitCode: number | undefined;
  insns: number;
  cpu: X86CPU;
}

/** A CPU with RAM and the two debug ports; `output` collects port 0xe9. */
export function makeMachine(
  ramSize = 8 << 20,
  backend: BackendName = 'interp',
  extra: Partial<X86CPUOptions> = {},
) {
  // the wasm backend needs RAM, the TLB and the CPU state in one WebAssembly memory
  const arena = backend === 'wasm' ? new WasmArena({ ramSize }) : undefined;
  const ram = arena ? arena.ram : new Uint8Array(ramSize);
  const state = { output: '', exitCode: undefined as number | undefined };
  const cpu = new X86CPU({
    ...extra,
    ram,
    arena,
    backend,
    io: {
      in: (port, size) => (port === 0xe9 ? 0xe9 : size === 4 ? -1 : (1 << (8 * size)) - 1),
      out: (port, _size, value) => {
        if (port === 0xe9) state.output += String.fromCharCode(value & 0xff);
        else if (port === 0xf4) {
          state.exitCode = value;
          cpu.kick();
        }
      },
    },
  });
  return { cpu, ram, state };
}

/** Flat protected mode as QEMU's multiboot.S leaves it, GDT at GDT_ADDR. */
export function enterFlatProtectedMode(cpu: X86CPU, ram: Uint8Array): void {
  const env = cpu.env;
  const dv = new DataView(ram.buffer, ram.byteOffset);
  // null, 0x08 code, 0x10 data (base 0, limit 4 GiB)
  dv.setUint32(GDT_ADDR + 8, 0x0000ffff, true);
  dv.setUint32(GDT_ADDR + 12, 0x00cf9b00, true);
  dv.setUint32(GDT_ADDR + 16, 0x0000ffff, true);
  dv.setUint32(GDT_ADDR + 20, 0x00cf9300, true);
  env.gdt.base = GDT_ADDR;
  env.gdt.limit = 23;
  cpu_x86_update_cr0(env, env.cr[0] | 1);
  const flat = DESC_G_MASK | DESC_B_MASK | DESC_P_MASK | DESC_S_MASK | DESC_A_MASK;
  cpu_x86_load_seg_cache(env, R_CS, 0x08, 0, 0xffffffff, flat | DESC_CS_MASK | DESC_R_MASK);
  for (const seg of [R_SS, R_DS, R_ES, R_FS, R_GS]) {
    cpu_x86_load_seg_cache(env, seg, 0x10, 0, 0xffffffff, flat | DESC_W_MASK);
  }
  // QEMU's option ROM leaves PF set
  cpu_load_eflags(env, 0x6, ~(CC_MASK | DF_MASK));
}

/** Boot a multiboot binary and run until isa-debug-exit (or the instruction limit). */
export function runMultiboot(
  image: Uint8Array,
  opts: { maxInsns?: number; backend?: BackendName; onCpu?: (cpu: X86CPU) => void } = {},
): RunResult {
  const { cpu, ram, state } = makeMachine(8 << 20, opts.backend);
  const img = parseMultiboot(image);
  const mbi = loadMultiboot(ram, img, 0x9500);
  enterFlatProtectedMode(cpu, ram);
  const env = cpu.env;
  env.regs[R_EAX] = MULTIBOOT_BOOTLOADER_MAGIC;
  env.regs[R_EBX] = mbi;
  // the rest as QEMU 7.2's multiboot.S leaves it
  env.regs[R_ECX] = img.entry;
  env.regs[R_EDX] = 0x10511;
  env.regs[R_ESP] = 0x6f08;
  env.regs[R_EDI] = 0x1000;
  env.eip = img.entry;
  opts.onCpu?.(cpu);
  const max = opts.maxInsns ?? 50_000_000;
  while (state.exitCode === undefined && cpu.exec.insnCount < max) {
    const r = cpu.runSlice(100_000);
    if (r === SliceExit.RESET) break;
    if (r === SliceExit.HALTED) break;
  }
  return { output: state.output, exitCode: state.exitCode, insns: cpu.exec.insnCount, cpu };
}
