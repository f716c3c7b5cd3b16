// Boots the Linux test guest in v86 (npm v86, x86 → WebAssembly JIT) inside this Node process and
// reports when the serial console shows GUEST-READY, WORKLOAD-DONE and GUEST-HALT: the peer the boot
// benchmarks compare tsemu with. v86 has no -no-reboot, so it is stopped at GUEST-HALT.
//   node bench/peers/v86-boot.mjs BZIMAGE INITRD [--no-jit] [--timeout SECONDS]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const BIOS = '/usr/share/seabios/bios-256k.bin';
const VGABIOS = '/usr/share/seabios/vgabios-stdvga.bin';

/** @returns {Promise<{ ready?: number, done?: number, halt?: number, workload?: string, serial: string }>} */
export async function bootV86({ bzimage, initrd, jit = true, timeoutMs = 600_000, onLine }) {
  const { V86 } = await import('v86');
  const require = createRequire(import.meta.url);
  const wasmDir = join(dirname(require.resolve('v86')), '');
  const buf = (p) => {
    const b = readFileSync(p);
    return { buffer: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) };
  };
  const t0 = performance.now();
  const emulator = new V86({
    wasm_path: join(wasmDir, 'v86.wasm'),
    bios: buf(BIOS),
    vga_bios: buf(VGABIOS),
    bzimage: buf(bzimage),
    initrd: buf(initrd),
    cmdline: 'console=ttyS0 quiet',
    memory_size: 256 * 1024 * 1024,
    autostart: true,
    disable_jit: !jit,
    disable_keyboard: true,
    disable_mouse: true,
    disable_speaker: true,
  });
  const result = { serial: '' };
  let line = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`v86: no GUEST-HALT within ${timeoutMs} ms`)), timeoutMs);
    emulator.add_listener('serial0-output-byte', (byte) => {
      const ch = String.fromCharCode(byte);
      result.serial += ch;
      if (ch !== '\n') {
        line += ch;
        return;
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
      if (l.includes('GUEST-HALT')) {
        result.halt = t;
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await emulator.destroy();
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [bzimage, initrd] = process.argv.slice(2);
  const jit = !process.argv.includes('--no-jit');
  const r = await bootV86({ bzimage, initrd, jit });
  console.log(JSON.stringify({ ready: r.ready, done: r.done, halt: r.halt, workload: r.workload }));
  process.exit(0);
}
