import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

// `npm start` runs scripts/demo.mjs on the built packages: it boots the interactive Linux guest to a
// busybox shell on the terminal. Driven here as a user would, through a pipe (no pty): a shell
// command, its output, then Ctrl-A x.
const root = join(import.meta.dirname, '..');
const guestDir = join(root, 'node_modules', '.cache', 'tsemu-guest', 'i386-interactive');
const built = existsSync(join(root, 'apps', 'system-emulator', 'dist', 'cli.js'));
// Booting Linux to a shell takes minutes on tsemu today; the test runs when asked for (CI does).
const enabled = process.env.TSEMU_LINUX_BOOT === '1';
// Build the demo guest as npm start would, when it is not cached yet (needs root and apt).
if (enabled && built && !existsSync(join(guestDir, 'bzImage'))) {
  const { ensureGuest } = await import(join(root, 'apps', 'system-emulator', 'dist', 'guest-cache.js'));
  ensureGuest(root, 'i386', 'interactive', (l: string) => console.warn(l));
}
const haveGuest = existsSync(join(guestDir, 'bzImage')) && existsSync(join(guestDir, 'initramfs.cpio.gz'));
const why = [
  !built && 'packages are not built (npm test builds them first)',
  !haveGuest && `no demo guest in ${guestDir} (npm start builds it as root on Debian)`,
  !enabled && 'TSEMU_LINUX_BOOT=1 is not set (the boot takes minutes)',
].filter(Boolean);
if (why.length) console.warn(`demo test skipped: ${why.join('; ')}`);

describe.skipIf(why.length > 0)('npm start demo', () => {
  test('boots to a busybox shell that runs a command; Ctrl-A x quits', async () => {
    const p = spawn(process.execPath, [join(root, 'scripts', 'demo.mjs')], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    const seen = (s: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (out.includes(s)) resolve();
        };
        p.stdout.on('data', (d) => {
          out += d;
          check();
        });
        p.on('close', () => reject(new Error(`exited before "${s}":\n${out.slice(-2000)}`)));
        check();
      });
    await seen('GUEST-READY');
    p.stdin.write('echo tsemu-$((6 * 7))\n');
    await seen('tsemu-42');
    const status = new Promise<number | null>((r) => p.on('close', r));
    p.stdin.write('\x01x');
    expect(await status).toBe(0);
    expect(out).toContain('QEMU: Terminated');
  }, 900_000);
});
