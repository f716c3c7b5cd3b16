import { describe, expect, test } from 'vitest';
import { runGuestToLine } from './guest-run.js';
import { runEmulator } from './helpers.js';
import { assembleGuest, hasNasm } from './nasm-guests.js';

// -accel tcg,compile-threshold=N: TBs run N times in the interpreter before the chosen backend
// compiles them. On js, a loop body run 3,000 times is compiled with a threshold of 100 and stays
// interpreted with js's default (20,000). On wasm (the default backend), one run 60,000 times (some
// slices of the vCPU loop: a partial batch of TBs is compiled a few slices after it was queued) is
// compiled with wasm's default (64) and stays interpreted with 100,000. Every run computes the
// right sum; HMP `info jit` counts the JS and wasm compiled TBs.

if (!hasNasm) console.warn('nasm missing: compile-threshold guest test skipped');

const guest = (iter: number) => `
  xor eax, eax
  mov ecx, ${iter}
.loop:
  add eax, ecx
  rol eax, 3
  dec ecx
  jnz .loop
  call hex32
  mov al, 10
  call putc
.halt:
  cli
  hlt
  jmp .halt
`;

function expected(iter: number): string {
  let eax = 0;
  for (let ecx = iter; ecx > 0; ecx--) {
    eax = (eax + ecx) | 0;
    eax = (eax << 3) | (eax >>> 29);
  }
  return `${(eax >>> 0).toString(16).toUpperCase().padStart(8, '0')}\n`;
}

const compiled = (jit: string) => Number(/JS compiled TBs +(\d+)/.exec(jit)?.[1]);
const wasmCompiled = (jit: string) => Number(/wasm compiled TBs +(\d+)/.exec(jit)?.[1]);

describe('-accel tcg,compile-threshold=N', () => {
  test.skipIf(!hasNasm)(
    'js: a hot loop is compiled past the threshold, interpreted below it, with the same result',
    async () => {
      const kernel = assembleGuest('jsthreshold', guest(3000));
      const low = await runGuestToLine(kernel, 'tcg,backend=js,compile-threshold=100');
      expect(low.output).toBe(expected(3000));
      expect(compiled(low.jit)).toBeGreaterThan(0);
      const dflt = await runGuestToLine(kernel, 'tcg,backend=js');
      expect(dflt.output).toBe(expected(3000));
      expect(compiled(dflt.jit)).toBe(0);
    },
    120_000,
  );

  test.skipIf(!hasNasm)(
    "wasm: the threshold is the WebAssembly compiler's (default 64), not js's",
    async () => {
      const kernel = assembleGuest('wasmthreshold', guest(60000));
      const dflt = await runGuestToLine(kernel, 'tcg');
      expect(dflt.output).toBe(expected(60000));
      expect(wasmCompiled(dflt.jit)).toBeGreaterThan(0);
      expect(compiled(dflt.jit)).toBe(0);
      const high = await runGuestToLine(kernel, 'tcg,backend=wasm,compile-threshold=100000');
      expect(high.output).toBe(expected(60000));
      expect(wasmCompiled(high.jit)).toBe(0);
      expect(compiled(high.jit)).toBe(0);
    },
    120_000,
  );

  test('a bad value fails as for the other uint32 properties', async () => {
    const r = await runEmulator([
      '-nodefaults',
      '-display',
      'none',
      '-S',
      '-accel',
      'tcg,compile-threshold=-1',
    ]);
    expect([r.status, r.stderr]).toEqual([
      1,
      "tsemu-system-x86_64: -accel tcg,compile-threshold=-1: Parameter 'compile-threshold' expects uint32_t\n",
    ]);
  });
});
