// guest-shutdown, guest-suspend-*, guest-set-user-password: work done by system tools, as qemu-ga does.
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { qbase64Decode } from './base64.js';
import { gaError } from './errors.js';

export function shutdown(mode = 'powerdown'): Promise<void> {
  const flag = { powerdown: '-P', halt: '-H', reboot: '-r' }[mode];
  // qemu-ga's text, unbalanced parenthesis included.
  if (!flag) return Promise.reject(gaError('mode is invalid (valid values are: halt|powerdown|reboot'));
  return new Promise((resolve, reject) => {
    execFile('shutdown', [flag, '+0', 'hypervisor initiated shutdown'], (err) => {
      if (err) reject(gaError(`child process has failed to shutdown: ${err.message.trim()}`));
      else resolve();
    });
  });
}

/** Suspend modes the kernel offers, from /sys/power/state and /sys/power/disk. */
export function suspendSupported(mode: 'disk' | 'ram' | 'hybrid'): boolean {
  let state = '';
  try {
    state = readFileSync('/sys/power/state', 'utf8');
  } catch {
    return false;
  }
  if (mode === 'ram') return /\bmem\b/.test(state);
  if (!/\bdisk\b/.test(state)) return false;
  if (mode === 'hybrid') {
    try {
      return /\bsuspend\b/.test(readFileSync('/sys/power/disk', 'utf8'));
    } catch {
      return false;
    }
  }
  return true;
}

export function suspend(mode: 'disk' | 'ram' | 'hybrid'): void {
  if (!suspendSupported(mode)) throw gaError('the requested suspend mode is not supported by the guest');
  const state = mode === 'ram' ? 'mem' : 'disk';
  const child = spawn(
    'sh',
    ['-c', `${mode === 'hybrid' ? 'echo suspend > /sys/power/disk; ' : ''}echo ${state} > /sys/power/state`],
    {
      detached: true,
      stdio: 'ignore',
    },
  );
  child.unref();
}

export function setUserPassword(username: string, password: string, crypted: boolean): Promise<void> {
  let clear: string;
  try {
    clear = qbase64Decode(password).toString('latin1');
  } catch (err) {
    return Promise.reject(err);
  }
  // The C string ends at a NUL, as in qemu-ga.
  if (clear.includes('\0')) clear = clear.slice(0, clear.indexOf('\0'));
  if (clear.includes('\n')) return Promise.reject(gaError('forbidden characters in raw password'));
  if (/[\n:]/.test(username)) return Promise.reject(gaError('forbidden characters in username'));
  return new Promise((resolve, reject) => {
    const child = execFile('chpasswd', crypted ? ['-e'] : [], (err) => {
      if (err) reject(gaError('child process has failed to set user password'));
      else resolve();
    });
    child.stdin!.end(Buffer.from(`${username}:${clear}\n`, 'latin1'));
  });
}
