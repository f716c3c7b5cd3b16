#!/usr/bin/env node
// The `npm start` demo: boot the interactive Linux guest (guests/make-linux-guest.sh OUT i386
// interactive, cached under node_modules/.cache/tsemu-guest) in tsemu-system-x86_64 to a busybox
// shell on this terminal. Ctrl-A x quits, Ctrl-A c switches to the monitor. Runs the built packages.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureGuest } from '../apps/system-emulator/dist/guest-cache.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (s) => process.stderr.write(`${s}\n`);

const guest = ensureGuest(root, 'i386', 'interactive', say);
if (typeof guest === 'string') {
  say(`tsemu demo: cannot boot the demo guest: ${guest}.`);
  say('Run as root on Debian (the guest is built from Debian packages), or put bzImage and');
  say(`initramfs.cpio.gz in ${join(root, 'node_modules', '.cache', 'tsemu-guest', 'i386-interactive')}.`);
  process.exit(1);
}
say('tsemu demo: booting Linux in tsemu-system-x86_64 (Ctrl-A x quits, Ctrl-A c: monitor) ...');
const args = [
  join(root, 'apps', 'system-emulator', 'bin', 'tsemu-system-x86_64'),
  '-M',
  'pc',
  '-m',
  '256',
  '-nographic',
  '-kernel',
  guest.kernel,
  '-initrd',
  guest.initrd,
  '-append',
  'console=ttyS0 quiet',
  ...process.argv.slice(2),
];
const child = spawn(process.execPath, args, { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
