// guest-get-users from the utmp database (glibc's struct utmp, 384 bytes per record on x86).
import { readFileSync } from 'node:fs';

export interface GuestUser {
  user: string;
  'login-time': number;
  domain?: string;
}

const UTMP_RECORD = 384;
const USER_PROCESS = 7;
const OFF_USER = 44;
const USER_LEN = 32;
const OFF_TV_SEC = 340;
const OFF_TV_USEC = 344;

function cString(buf: Buffer, start: number, len: number): string {
  const end = buf.indexOf(0, start);
  return buf.toString('utf8', start, end === -1 || end > start + len ? start + len : end);
}

/** One entry per user, with the earliest login time among that user's sessions. */
export function parseUtmp(data: Buffer): GuestUser[] {
  const users: GuestUser[] = [];
  const byName = new Map<string, GuestUser>();
  for (let off = 0; off + UTMP_RECORD <= data.length; off += UTMP_RECORD) {
    if (data.readInt16LE(off) !== USER_PROCESS) continue;
    const name = cString(data, off + OFF_USER, USER_LEN);
    const t = data.readInt32LE(off + OFF_TV_SEC) + data.readInt32LE(off + OFF_TV_USEC) / 1e6;
    const seen = byName.get(name);
    if (seen) {
      if (t < seen['login-time']) seen['login-time'] = t;
      continue;
    }
    const user = { user: name, 'login-time': t };
    byName.set(name, user);
    users.push(user);
  }
  return users;
}

export function getUsers(path = '/var/run/utmp'): GuestUser[] {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch {
    return []; // no utmp database: nobody is logged in
  }
  return parseUtmp(data);
}
