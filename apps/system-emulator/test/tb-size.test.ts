import { describe, expect, test } from 'vitest';
import { runGuestToLine } from './guest-run.js';
import { runEmulator } from './helpers.js';
import { assembleGuest, hasNasm } from './nasm-guests.js';

// -accel tcg,tb-size=N: the TB cache bound. A guest with 16384 one-instruction blocks, run three
// times, fills a 1 MiB cache several times over; it must still compute the right sum, and HMP
// `info jit` must show the flushes.

if (!hasNasm) console.warn('nasm missing: tb-size guest test skipped');

const BLOCKS = 16384;
const GUEST = `
  xor eax, eax
  mov ebx, 3
outer:
%assign i 1
%rep ${BLOCKS}
  add eax, i
  jmp short $+2
%assign i i+1
%endrep
  dec ebx
  jnz near outer
  call hex32
  mov al, 10
  call putc
.halt:
  cli
  hlt
  jmp .halt
`;
const SUM = ((3 * BLOCKS * (BLOCKS + 1)) / 2).toString(16).toUpperCase().padStart(8, '0');

const flushes = (jit: string) => Number(/TB flush count +(\d+)/.exec(jit)?.[1]);

describe('-accel tcg,tb-size=N', () => {
  test.skipIf(!hasNasm)(
    'a 1 MiB cache flushes and the guest still computes right',
    async () => {
      const kernel = assembleGuest('tbsize', GUEST);
      const small = await runGuestToLine(kernel, 'tcg,tb-size=1');
      expect(small.output).toBe(`${SUM}\n`);
      expect(small.jit).toMatch(/gen code size +\d+\/1048576\r?\n/);
      expect(flushes(small.jit)).toBeGreaterThan(0);
      const big = await runGuestToLine(kernel, 'tcg');
      expect(big.output).toBe(`${SUM}\n`);
      expect(flushes(big.jit)).toBe(0);
    },
    120_000,
  );

  test('bad values fail as QEMU 7.2 reports them', async () => {
    for (const [v, msg] of [
      ['abc', "Parameter 'tb-size' expects uint64"],
      ['-1', "Parameter 'tb-size' expects uint32_t"],
      ['4294967296', "Parameter 'tb-size' expects uint32_t"],
    ]) {
      const r = await runEmulator(['-nodefaults', '-display', 'none', '-S', '-accel', `tcg,tb-size=${v}`]);
      expect([r.status, r.stderr]).toEqual([1, `tsemu-system-x86_64: -accel tcg,tb-size=${v}: ${msg}\n`]);
    }
  });
});
