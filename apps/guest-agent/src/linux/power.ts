// guest-shutdown, guest-suspend-*, guest-set-user-password: work done by system tools, as qemu-ga does.
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gaError } from './errors.js';

export function shutdown(mode = 'powerdown'): Promise<void> {
  const flag = { powerdown: '-P', halt: '-H', reboot: '-r' }[mode];
  if (!flag) return Promise.reject(gaError(`Parameter 'mode' expects 'halt', 'powerdown' or 'reboot'`));
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
  const clear = Buffer.from(password, 'base64').toString('utf8');
  if (!crypted && /[\n:]/.test(clear)) return Promise.reject(gaError('Invalid parameter value: password'));
  if (/[\n:]/.test(username)) return Promise.reject(gaError('Invalid parameter value: username'));
  return new Promise((resolve, reject) => {
    const child = execFile('chpasswd', crypted ? ['-e'] : [], (err) => {
      if (err) reject(gaError('child process has failed to set user password'));
      else resolve();
    });
    child.stdin!.end(`${username}:${clear}\n`);
  });
}
