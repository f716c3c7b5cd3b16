import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QmpClient } from '@tsemu/qmp';
import { afterEach, describe, expect, test } from 'vitest';
import { runEmulator, spawnEmulator } from './helpers.js';
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

const procs: ReturnType<typeof spawnEmulator>[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) if (p.exitCode === null) p.kill('SIGKILL');
});

async function runToHalt(kernel: string, accel: string): Promise<{ output: string; jit: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tsemu-tbsize-'));
  const sock = join(dir, 'qmp.sock');
  const out = join(dir, 'debugcon.txt');
  const p = spawnEmulator([
    ...['-M', 'pc', '-nodefaults', '-display', 'none', '-accel', accel, '-kernel', kernel],
    ...['-chardev', `file,id=d,path=${out}`, '-device', 'isa-debugcon,iobase=0xe9,chardev=d'],
    ...['-qmp', `unix:${sock},server=on,wait=off`],
  ]);
  procs.push(p);
  let stderr = '';
  p.stderr?.on('data', (d) => (stderr += d));
  let output = '';
  for (let i = 0; i < 1200 && !output.endsWith('\n'); i++) {
    await new Promise((r) => setTimeout(r, 50));
    if (p.exitCode !== null) throw new Error(`exited: ${stderr}`);
    output = existsSync(out) ? readFileSync(out, 'latin1') : '';
  }
  const qmp = await QmpClient.connect({ path: sock });
  const jit = (await qmp.execute('human-monitor-command', { 'command-line': 'info jit' })) as string;
  await qmp.execute('quit').catch(() => {});
  qmp.close();
  return { output, jit };
}

const flushes = (jit: string) => Number(/TB flush count +(\d+)/.exec(jit)?.[1]);

describe('-accel tcg,tb-size=N', () => {
  test.skipIf(!hasNasm)(
    'a 1 MiB cache flushes and the guest still computes right',
    async () => {
      const kernel = assembleGuest('tbsize', GUEST);
      const small = await runToHalt(kernel, 'tcg,tb-size=1');
      expect(small.output).toBe(`${SUM}\n`);
      expect(small.jit).toMatch(/gen code size +\d+\/1048576\r?\n/);
      expect(flushes(small.jit)).toBeGreaterThan(0);
      const big = await runToHalt(kernel, 'tcg');
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
