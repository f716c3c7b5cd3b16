// guest-ssh-{get,add,remove}-authorized-keys on ~user/.ssh/authorized_keys.
import { chownSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gaError, strerror } from './errors.js';

interface Passwd {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

function lookupUser(username: string, passwd = '/etc/passwd'): Passwd {
  for (const line of readFileSync(passwd, 'utf8').split('\n')) {
    const f = line.split(':');
    if (f[0] === username && f.length >= 7)
      return { name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5]! };
  }
  // getpwnam() reports a missing user without setting errno, so qemu-ga says "Success".
  throw gaError(`failed to lookup user '${username}': Success`);
}

function checkKeys(keys: string[]): void {
  for (const k of keys) {
    // check_openssh_pub_key(): only comments and multi-line keys are refused.
    if (k.startsWith('#') || k.includes('\n')) throw gaError(`invalid OpenSSH public key: '${k}'`);
  }
}

/** read_authkeys(): the key lines; a missing file is an error only where qemu-ga reports one. */
function readKeys(path: string, strict: boolean): string[] {
  if (!strict && !existsSync(path)) return [];
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
  } catch (err) {
    // GLib's g_file_get_contents() wording inside qemu-ga's.
    throw gaError(`failed to read '${path}': Failed to open file “${path}”: ${strerror(err)}`);
  }
}

function writeKeys(user: Passwd, keys: string[]): void {
  const dir = join(user.home, '.ssh');
  const path = join(dir, 'authorized_keys');
  try {
    if (!existsSync(dir)) {
      mkdirSync(dir, { mode: 0o700 });
      chownSync(dir, user.uid, user.gid);
    }
    const tmp = `${path}.tsemu-ga.tmp`;
    writeFileSync(tmp, keys.map((k) => `${k}\n`).join(''), { mode: 0o600 });
    chownSync(tmp, user.uid, user.gid);
    renameSync(tmp, path);
  } catch (err) {
    throw gaError(`failed to write '${path}': ${strerror(err)}`);
  }
}

export function sshGetAuthorizedKeys(username: string): { keys: string[] } {
  const user = lookupUser(username);
  return { keys: readKeys(join(user.home, '.ssh', 'authorized_keys'), true) };
}

export function sshAddAuthorizedKeys(username: string, keys: string[], reset = false): void {
  checkKeys(keys);
  const user = lookupUser(username);
  const current = reset ? [] : readKeys(join(user.home, '.ssh', 'authorized_keys'), false);
  for (const k of keys) if (!current.includes(k)) current.push(k);
  writeKeys(user, current);
}

export function sshRemoveAuthorizedKeys(username: string, keys: string[]): void {
  checkKeys(keys);
  const user = lookupUser(username);
  const path = join(user.home, '.ssh', 'authorized_keys');
  // Nothing to remove from a file that does not exist.
  if (!existsSync(path)) return;
  const current = readKeys(path, true);
  writeKeys(
    user,
    current.filter((k) => !keys.includes(k)),
  );
}
