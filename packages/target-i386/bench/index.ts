/**
 * CPU throughput: a guest loop mixing ALU, flags, memory and string ops, run on both tcg backends
 * (the interpreter is the peer the JS backend is compared with), and translation speed on
 * straight-line code. Prints guest MIPS and the ratio.
 */

import { R_ECX, R_ESP } from '../src/cpu.js';
import { SliceExit } from '../src/cpu-exec.js';
import { enterFlatProtectedMode, makeMachine } from '../test/harness/tsemu-runner.js';

// a loop: 200000 iterations of add/xor/shift/lea/load/store/jcc, then rep movsd, then hlt
const LOOP = [
  0xb9,
  0x40,
  0x0d,
  0x03,
  0x00, // mov ecx, 200000
  0x31,
  0xc0, // xor eax, eax
  0xbe,
  0x00,
  0x00,
  0x20,
  0x00, // mov esi, 0x200000
  // l:
  0x01,
  0xc8, // add eax, ecx
  0xc1,
  0xc0,
  0x03, // rol eax, 3
  0x8d,
  0x1c,
  0x40, // lea ebx, [eax + eax*2]
  0x31,
  0xd8, // xor eax, ebx
  0x89,
  0x06, // mov [esi], eax
  0x8b,
  0x16, // mov edx, [esi]
  0x39,
  0xd0, // cmp eax, edx
  0x75,
  0x02, // jne +2
  0xe2,
  0xec, // loop l
  0xbe,
  0x00,
  0x00,
  0x20,
  0x00, // mov esi, 0x200000
  0xbf,
  0x00,
  0x00,
  0x30,
  0x00, // mov edi, 0x300000
  0xb9,
  0x00,
  0x40,
  0x00,
  0x00, // mov ecx, 0x4000
  0xf3,
  0xa5, // rep movsd
  0xf4, // hlt
];

function run(backend: 'interp' | 'js'): { mips: number; insns: number } {
  const { cpu, ram } = makeMachine(8 << 20, backend);
  enterFlatProtectedMode(cpu, ram);
  ram.set(LOOP, 0x100000);
  cpu.env.eip = 0x100000;
  cpu.env.regs[R_ESP] = 0x90000;
  const t0 = performance.now();
  while (cpu.runSlice(1_000_000) !== SliceExit.HALTED) {
    if (cpu.env.regs[R_ECX] < 0) break;
  }
  const ms = performance.now() - t0;
  return { mips: cpu.exec.insnCount / ms / 1000, insns: cpu.exec.insnCount };
}

// warm up both, then measure
run('interp');
run('js');
const interp = run('interp');
const js = run('js');
console.log(`guest loop, ${interp.insns} insns`);
console.log(`  interp: ${interp.mips.toFixed(1)} MIPS`);
console.log(`  js:     ${js.mips.toFixed(1)} MIPS  (${(js.mips / interp.mips).toFixed(2)}x interp)`);
