// Boot benchmark (issue 8, benchmark 3): the i386 Linux test guest on tsemu-system-x86_64, QEMU TCG and
// npm v86 in one run, as ratios. Marks: first kernel message, GUEST-READY, WORKLOAD-DONE, GUEST-HALT
// (v86 is stopped there) and process exit (-no-reboot). A kernel panic ends a run as failed.
//   pnpm build && pnpm bench:boot [--only tsemu,qemu,v86] [--tsemu-backends wasm,js] [--timeout SECONDS]
// --tsemu-backends boots tsemu once per listed TCG backend (-accel tcg,backend=NAME); without it, once
// with the default backend. The guest: guests/make-linux-guest.sh (--guest DIR, default /tmp/tsemu-guest-i386).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootV86 } from './peers/v86-boot.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const only = arg('--only', 'qemu,v86,tsemu').split(',');
const tsemuBackends = arg('--tsemu-backends', '')
  .split(',')
  .filter((b) => b !== '');
for (const b of tsemuBackends) {
  if (!['interp', 'js', 'wasm'].includes(b)) {
    console.error(`bench:boot: --tsemu-backends: '${b}' is not a TCG backend (interp, js, wasm)`);
    process.exit(1);
  }
}
const timeoutS = Number(arg('--timeout', 900));
const guestDir = arg('--guest', '/tmp/tsemu-guest-i386');
const bzimage = join(guestDir, 'bzImage');
const initrd = join(guestDir, 'initramfs.cpio.gz');
if (!existsSync(bzimage) || !existsSync(initrd)) {
  console.log(
    `bench:boot skipped: no guest in ${guestDir} (bash guests/make-linux-guest.sh ${guestDir} i386 test)`,
  );
  process.exit(0);
}

/** Times the serial markers of one emulator process with QEMU's command line. */
function bootProcess(cmd, args) {
  const argv = [...args, '-M', 'pc', '-m', '256', '-nographic', '-no-reboot', '-kernel', bzimage];
  argv.push('-initrd', initrd, '-append', 'console=ttyS0 quiet');
  return new Promise((resolve) => {
    const t0 = performance.now();
    const s = () => (performance.now() - t0) / 1000;
    const marks = {};
    const child = spawn(cmd, argv, { stdio: ['pipe', 'pipe', 'pipe'] });
    let line = '';
    let tail = '';
    const onData = (d) => {
      for (const ch of d.toString('latin1')) {
        if (ch !== '\n') {
          line += ch;
          continue;
        }
        const l = line.replace(/\r$/, '');
        line = '';
        tail = `${tail}${l}\n`.slice(-2000);
        if (marks.kernel === undefined && /\[\s*\d+\.\d+\]/.test(l)) marks.kernel = s();
        if (marks.ready === undefined && l.includes('GUEST-READY')) marks.ready = s();
        if (l.startsWith('WORKLOAD-DONE')) [marks.done, marks.workload] = [s(), l];
        if (marks.halt === undefined && l.includes('GUEST-HALT')) marks.halt = s();
        if (marks.failed === undefined && l.includes('Kernel panic')) {
          marks.failed = `${l.trim()} at ${s().toFixed(1)} s`;
          child.kill('SIGINT');
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => {
      tail = `${tail}${d}`.slice(-2000);
    });
    const timer = setTimeout(() => {
      marks.failed ??= `no exit within ${timeoutS} s`;
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }, timeoutS * 1000);
    child.on('exit', (status) => {
      clearTimeout(timer);
      if (marks.failed === undefined) marks.exit = s();
      marks.status = status;
      marks.tail = tail;
      resolve(marks);
    });
  });
}

const results = [];
console.log(
  `Linux test guest boot (${guestDir}); load average ${loadavg()
    .map((v) => v.toFixed(1))
    .join(' ')}`,
);
const qemu = '/usr/bin/qemu-system-i386';
if (only.includes('qemu')) {
  if (existsSync(qemu)) results.push(['QEMU 7.2 TCG', await bootProcess(qemu, ['-accel', 'tcg'])]);
  else console.log(`${qemu} not installed: no QEMU figures`);
}
if (only.includes('v86')) {
  try {
    const t0 = performance.now();
    let kernel;
    const onLine = (l) => {
      if (kernel === undefined && /\[\s*\d+\.\d+\]/.test(l)) kernel = (performance.now() - t0) / 1000;
    };
    const r = await bootV86({ bzimage, initrd, timeoutMs: timeoutS * 1000, onLine });
    results.push([
      'v86 (wasm JIT)',
      { kernel, ready: r.ready, done: r.done, halt: r.halt, workload: r.workload },
    ]);
  } catch (e) {
    results.push(['v86 (wasm JIT)', { failed: String(e.message ?? e) }]);
  }
}
const tsemuBin = join(root, 'apps', 'system-emulator', 'bin', 'tsemu-system-x86_64');
if (only.includes('tsemu')) {
  if (!existsSync(join(root, 'apps', 'system-emulator', 'dist', 'cli.js')))
    console.log('tsemu-system-x86_64 is not built (pnpm build): no tsemu figures');
  else if (tsemuBackends.length === 0)
    results.push(['tsemu (default backend)', await bootProcess(process.execPath, [tsemuBin])]);
  else {
    for (const b of tsemuBackends) {
      const args = [tsemuBin, '-accel', `tcg,backend=${b}`];
      results.push([`tsemu (${b} backend)`, await bootProcess(process.execPath, args)]);
    }
  }
}

const f = (v) => (v === undefined ? '–' : `${v.toFixed(2)} s`);
const v86 = results.find(([n]) => n.startsWith('v86'))?.[1];
const qemuRef = results.find(([n]) => n.startsWith('QEMU'))?.[1];
const ratio = (m, ref, k) =>
  m[k] !== undefined && ref?.[k] !== undefined ? `${(m[k] / ref[k]).toFixed(2)}x` : '–';
console.log(
  '| peer | first kernel msg | GUEST-READY | WORKLOAD-DONE | GUEST-HALT | exit | halt / v86 | halt / QEMU |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const [name, m] of results) {
  console.log(
    `| ${name} | ${f(m.kernel)} | ${f(m.ready)} | ${f(m.done)} | ${f(m.halt)} | ${f(m.exit)} | ${ratio(m, v86, 'halt')} | ${ratio(m, qemuRef, 'halt')} |`,
  );
}
for (const [name, m] of results) {
  if (m.workload) console.log(`${name}: ${m.workload}`);
  if (m.failed) console.log(`${name}: FAILED: ${m.failed}`);
  else if (m.status) {
    // e.g. an option the emulator rejected: its last words say why
    console.log(
      `${name}: exit status ${m.status}; last output:\n${m.tail.trimEnd().split('\n').slice(-8).join('\n')}`,
    );
  }
}
