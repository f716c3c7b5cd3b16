// guest-get-cpustats (/proc/stat) and guest-get-diskstats (/proc/diskstats).
import { readFileSync } from 'node:fs';
import { gaError, strerror } from './errors.js';

export interface GuestLinuxCpuStats {
  type: 'linux';
  cpu: number;
  user: bigint;
  nice: bigint;
  system: bigint;
  idle: bigint;
  iowait?: bigint;
  irq?: bigint;
  softirq?: bigint;
  steal?: bigint;
  guest?: bigint;
  guestnice?: bigint;
}

/** The kernel reports jiffies (USER_HZ = 100); qemu-ga reports milliseconds. */
const MS_PER_TICK = 10n;

function readProc(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw gaError(`failed to open '${path}': ${strerror(err)}`);
  }
}

export function getCpuStats(text = readProc('/proc/stat')): GuestLinuxCpuStats[] {
  const out: GuestLinuxCpuStats[] = [];
  const optional = ['iowait', 'irq', 'softirq', 'steal', 'guest', 'guestnice'] as const;
  for (const line of text.split('\n')) {
    const m = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const v = m[2]!
      .trim()
      .split(/\s+/)
      .map((x) => BigInt(x) * MS_PER_TICK);
    if (v.length < 4) continue;
    const s: GuestLinuxCpuStats = {
      type: 'linux',
      cpu: Number(m[1]),
      user: v[0]!,
      nice: v[1]!,
      system: v[2]!,
      idle: v[3]!,
    };
    optional.forEach((name, i) => {
      if (v[4 + i] !== undefined) s[name] = v[4 + i];
    });
    out.push(s);
  }
  return out;
}

export interface GuestDiskStatsInfo {
  name: string;
  major: bigint;
  minor: bigint;
  stats: Partial<Record<DiskStatName, bigint>>;
}

// /proc/diskstats columns after major, minor and name (Documentation/admin-guide/iostats.rst).
const DISK_FIELDS = [
  'read-ios',
  'read-merges',
  'read-sectors',
  'read-ticks',
  'write-ios',
  'write-merges',
  'write-sectors',
  'write-ticks',
  'ios-pgr',
  'total-ticks',
  'weight-ticks',
  'discard-ios',
  'discard-merges',
  'discard-sectors',
  'discard-ticks',
  'flush-ios',
  'flush-ticks',
] as const;
type DiskStatName = (typeof DISK_FIELDS)[number];

export function getDiskStats(text = readProc('/proc/diskstats')): GuestDiskStatsInfo[] {
  const out: GuestDiskStatsInfo[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 14) continue;
    const stats: Partial<Record<DiskStatName, bigint>> = {};
    DISK_FIELDS.forEach((name, i) => {
      const raw = f[3 + i];
      if (raw !== undefined) stats[name] = BigInt(raw);
    });
    out.push({ name: f[2]!, major: BigInt(f[0]!), minor: BigInt(f[1]!), stats });
  }
  return out;
}
