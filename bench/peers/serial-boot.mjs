// Boots the Linux test guest in an emulator process (QEMU, or tsemu-system-x86_64: same command line)
// and times the serial markers GUEST-READY, WORKLOAD-DONE and the process exit (-no-reboot).
//   node bench/peers/serial-boot.mjs EMULATOR BZIMAGE INITRD
import { spawn } from 'node:child_process';

/** @returns {Promise<{ ready?: number, done?: number, exit: number, status: number | null, workload?: string }>} */
export function bootSerial({ emulator, args = [], bzimage, initrd, timeoutMs = 900_000, onLine }) {
  const argv = [
    ...args,
    '-M',
    'pc',
    '-m',
    '256',
    '-nographic',
    '-no-reboot',
    '-kernel',
    bzimage,
    '-initrd',
    initrd,
    '-append',
    'console=ttyS0 quiet',
  ];
  const t0 = performance.now();
  const child = spawn(emulator, argv, { stdio: ['pipe', 'pipe', 'inherit'] });
  const result = {};
  let line = '';
  child.stdout.on('data', (d) => {
    for (const ch of d.toString('latin1')) {
      if (ch !== '\n') {
        line += ch;
        continue;
      }
      const l = line.replace(/\r$/, '');
      line = '';
      onLine?.(l);
      const t = (performance.now() - t0) / 1000;
      if (l.includes('GUEST-READY') && result.ready === undefined) result.ready = t;
      if (l.startsWith('WORKLOAD-DONE')) {
        result.done = t;
        result.workload = l;
      }
    }
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${emulator}: did not exit within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ ...result, exit: (performance.now() - t0) / 1000, status });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [emulator, bzimage, initrd] = process.argv.slice(2);
  console.log(JSON.stringify(await bootSerial({ emulator, bzimage, initrd })));
}
