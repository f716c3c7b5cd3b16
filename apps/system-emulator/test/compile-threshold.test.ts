import { describe, expect, test } from 'vitest';
import { runGuestToLine } from './guest-run.js';
import { runEmulator } from './helpers.js';
import { assembleGuest, hasNasm } from './nasm-guests.js';

// -accel tcg,compile-threshold=N: TBs run N times in the interpreter before the js backend compiles
// them. A loop body run 3,000 times is compiled with a threshold of 100, stays interpreted with the
// default (20,000); both compute the same sum, and HMP `info jit` counts the compiled TBs.

if (!hasNasm) console.warn('nasm missing: compile-threshold guest test skipped');

const ITER = 3000;
const GUEST = `
  xor eax, eax
  mov ecx, ${ITER}
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

function expected(): string {
  let eax = 0;
  for (let ecx = ITER; ecx > 0; ecx--) {
    eax = (eax + ecx) | 0;
    eax = (eax << 3) | (eax >>> 29);
  }
  return `${(eax >>> 0).toString(16).toUpperCase().padStart(8, '0')}\n`;
}

const compiled = (jit: string) => Number(/JS compiled TBs +(\d+)/.exec(jit)?.[1]);

describe('-accel tcg,compile-threshold=N', () => {
  test.skipIf(!hasNasm)(
    'a hot loop is compiled past the threshold, interpreted below it, with the same result',
    async () => {
      const kernel = assembleGuest('jsthreshold', GUEST);
      const low = await runGuestToLine(kernel, 'tcg,compile-threshold=100');
      expect(low.output).toBe(expected());
      expect(compiled(low.jit)).toBeGreaterThan(0);
      const dflt = await runGuestToLine(kernel, 'tcg');
      expect(dflt.output).toBe(expected());
      expect(compiled(dflt.jit)).toBe(0);
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
