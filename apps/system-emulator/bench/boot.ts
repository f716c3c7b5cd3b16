/**
 * Boot benchmark: the i386 Linux test guest on tsemu-system-x86_64 and on QEMU TCG
 * (qemu-system-i386) in one run, with QEMU's command line; seconds to GUEST-READY, WORKLOAD-DONE
 * and process exit, and tsemu/QEMU ratios. TSEMU_BENCH_TIMEOUT (seconds, default 900) bounds each.
 *   pnpm --filter @tsemu/system-emulator bench:boot
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureGuest } from '../src/guest-cache.js';

const appDir = join(import.meta.dirname, '..');
const repoRoot = join(appDir, '..', '..');
const timeoutS = Number(process.env.TSEMU_BENCH_TIMEOUT ?? 900);

interface Marks {
  ready?: number;
  done?: number;
  exit?: number;
  status?: number | null;
  insnsNote?: string;
}

function time(cmd: string, args: string[]): Promise<Marks> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const s = () => (performance.now() - t0) / 1000;
    const marks: Marks = {};
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let buf = '';
    p.stdout.on('data', (d) => {
      buf += d;
      if (marks.ready === undefined && buf.includes('GUEST-READY')) marks.ready = s();
      if (marks.done === undefined && buf.includes('WORKLOAD-DONE')) marks.done = s();
      if (buf.length > 1 << 16) buf = buf.slice(-4096);
    });
    const t = setTimeout(() => p.kill('SIGKILL'), timeoutS * 1000);
    p.on('close', (status) => {
      clearTimeout(t);
      marks.status = status;
      if (status !== null) marks.exit = s();
      resolve(marks);
    });
  });
}

const guest = ensureGuest(repoRoot, 'i386', 'test', (l) => console.log(l));
if (typeof guest === 'string') {
  console.log(`bench:boot skipped: ${guest}`);
  process.exit(0);
}
const guestArgs = [
  '-M',
  'pc',
  '-m',
  '256',
  '-nographic',
  '-no-reboot',
  '-kernel',
  guest.kernel,
  '-initrd',
  guest.initrd,
].concat(['-append', 'console=ttyS0 quiet']);

const results: [string, Marks][] = [];
const qemu = '/usr/bin/qemu-system-i386';
if (existsSync(qemu)) results.push(['QEMU TCG', await time(qemu, ['-accel', 'tcg', ...guestArgs])]);
else console.log(`${qemu} not found: no QEMU figures`);
const tsemuArgs = [
  '--conditions=@tsemu/source',
  '--import',
  'tsx',
  join(appDir, 'src', 'cli.ts'),
  ...guestArgs,
];
results.push(['tsemu', await time(process.execPath, tsemuArgs)]);

const f = (v: number | undefined) =>
  v === undefined ? `>${timeoutS}s`.padStart(9) : `${v.toFixed(2)}s`.padStart(9);
console.log(
  `\n${'emulator'.padEnd(10)} ${'GUEST-READY'.padStart(12)} ${'WORKLOAD-DONE'.padStart(14)} ${'exit'.padStart(9)}`,
);
for (const [name, m] of results)
  console.log(`${name.padEnd(10)} ${f(m.ready).padStart(12)} ${f(m.done).padStart(14)} ${f(m.exit)}`);
const q = results.find(([n]) => n === 'QEMU TCG')?.[1];
const t = results.find(([n]) => n === 'tsemu')?.[1];
if (q && t) {
  const r = (a?: number, b?: number) =>
    a === undefined || b === undefined ? 'n/a' : `${(a / b).toFixed(1)}x`;
  console.log(
    `${'tsemu/QEMU'.padEnd(10)} ${r(t.ready, q.ready).padStart(12)} ${r(t.done, q.done).padStart(14)} ${r(t.exit, q.exit).padStart(9)}`,
  );
}
