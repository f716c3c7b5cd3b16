// guest-get-osinfo, guest-get-host-name, guest-get-timezone, guest-get-time, guest-set-time.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { promisify } from 'node:util';
import { gaError } from './errors.js';

const run = promisify(execFile);

export interface GuestOSInfo {
  'kernel-release'?: string;
  'kernel-version'?: string;
  machine?: string;
  id?: string;
  name?: string;
  'pretty-name'?: string;
  version?: string;
  'version-id'?: string;
  variant?: string;
  'variant-id'?: string;
}

/** Parses os-release(5): KEY=value lines, values optionally quoted with shell escapes. */
export function parseOsRelease(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    let value = m[2]!;
    const q = value[0];
    if ((q === '"' || q === "'") && value.endsWith(q) && value.length >= 2) {
      value = value.slice(1, -1);
      if (q === '"') value = value.replace(/\\([$"\\`])/g, '$1');
    }
    fields.set(m[1]!, value);
  }
  return fields;
}

export function getOsInfo(osReleasePaths = ['/etc/os-release', '/usr/lib/os-release']): GuestOSInfo {
  const info: GuestOSInfo = {
    'kernel-release': os.release(),
    'kernel-version': os.version(),
    machine: os.machine(),
  };
  for (const path of osReleasePaths) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    const f = parseOsRelease(text);
    const map: [keyof GuestOSInfo, string][] = [
      ['id', 'ID'],
      ['name', 'NAME'],
      ['pretty-name', 'PRETTY_NAME'],
      ['version', 'VERSION'],
      ['version-id', 'VERSION_ID'],
      ['variant', 'VARIANT'],
      ['variant-id', 'VARIANT_ID'],
    ];
    for (const [member, key] of map) {
      const v = f.get(key);
      if (v !== undefined) info[member] = v;
    }
    break;
  }
  return info;
}

export function getHostName(): { 'host-name': string } {
  return { 'host-name': os.hostname() };
}

/** Current zone abbreviation and offset east of UTC in seconds (qemu-ga: GTimeZone of the local time). */
export function getTimezone(now = new Date()): { zone?: string; offset: number } {
  const offset = -now.getTimezoneOffset() * 60;
  const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
    .formatToParts(now)
    .find((p) => p.type === 'timeZoneName');
  let zone = part?.value;
  // Intl spells UTC offsets as GMT±h; the C library's abbreviation for UTC itself is "UTC".
  if (zone === 'UTC' || zone === 'GMT') zone = offset === 0 ? 'UTC' : zone;
  return zone ? { zone, offset } : { offset };
}

/** Nanoseconds since the epoch, at the microsecond resolution qemu-ga reads the clock with. */
export function getTime(): bigint {
  const micros = Math.round((performance.timeOrigin + performance.now()) * 1000);
  return BigInt(micros) * 1000n;
}

/** guest-set-time: with a time, set the system clock and then the RTC from it; without, the system clock from the RTC. */
export async function setTime(time?: bigint): Promise<void> {
  if (time !== undefined) {
    // settimeofday() refuses a negative time with EINVAL.
    if (time < 0n) throw gaError('Failed to set time to guest: Invalid argument');
    const sec = time / 1_000_000_000n;
    const nsec = (time % 1_000_000_000n).toString().padStart(9, '0');
    try {
      await run('date', ['-u', '-s', `@${sec}.${nsec}`]);
    } catch (err) {
      throw gaError(`Failed to set time to guest: ${(err as Error).message.trim()}`);
    }
  }
  try {
    await run('hwclock', [time === undefined ? '-s' : '-w']);
  } catch (err) {
    const e = err as { code?: number | string };
    if (e.code === 'ENOENT')
      throw gaError('Failed to execute child process “hwclock” (No such file or directory)');
    throw gaError(`hwclock failed to set hardware clock to system time`);
  }
}
