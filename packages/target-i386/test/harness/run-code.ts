/**
 * Unit-test harness: assemble a snippet (nasm, flat binary at 0x100000), run it on an X86CPU from
 * flat 32-bit protected mode until it halts, and hand back the CPU for its final state.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { R_ESP } from '../../src/cpu.js';
import { SliceExit } from '../../src/cpu-exec.js';
import type { X86CPU, X86CPUOptions } from '../../src/x86-cpu.js';
import { NASM } from './qemu-runner.js';
import { enterFlatProtectedMode, makeMachine } from './tsemu-runner.js';

export const CODE_BASE = 0x100000;
export const hasNasm = existsSync(NASM);

/** nasm source (bits 32, org CODE_BASE prepended) to machine code */
export function asm(source: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'tsemu-asm-'));
  try {
    writeFileSync(join(dir, 'a.asm'), `bits 32\norg ${CODE_BASE}\n${source}\n`);
    execFileSync(NASM, ['-f', 'bin', '-o', join(dir, 'a.bin'), join(dir, 'a.asm')]);
    return new Uint8Array(readFileSync(join(dir, 'a.bin')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Snippet {
  cpu: X86CPU;
  ram: Uint8Array;
  dv: DataView;
  output: () => string;
  /** run until hlt (or the budget); returns the last slice's exit */
  run: (maxInsns?: number) => SliceExit;
}

/** Load code at CODE_BASE in flat protected mode, ESP = 0x90000. */
export function loadSnippet(
  code: Uint8Array,
  backend: 'interp' | 'js' = 'interp',
  extra: Partial<X86CPUOptions> = {},
): Snippet {
  const { cpu, ram, state } = makeMachine(8 << 20, backend, extra);
  enterFlatProtectedMode(cpu, ram);
  ram.set(code, CODE_BASE);
  cpu.env.eip = CODE_BASE;
  cpu.env.regs[R_ESP] = 0x90000;
  return {
    cpu,
    ram,
    dv: new DataView(ram.buffer),
    output: () => state.output,
    run(maxInsns = 1_000_000) {
      const end = cpu.exec.insnCount + maxInsns;
      let r: SliceExit = SliceExit.BUDGET;
      while (cpu.exec.insnCount < end) {
        r = cpu.runSlice(Math.min(100_000, end - cpu.exec.insnCount));
        if (r !== SliceExit.BUDGET) break;
      }
      return r;
    },
  };
}
