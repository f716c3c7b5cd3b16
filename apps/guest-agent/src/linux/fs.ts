// guest-get-fsinfo, guest-get-disks, guest-fsfreeze-*, guest-fstrim.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, statfsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { gaError, strerror } from './errors.js';
import { readdirRaw, readText } from './sysfs.js';

const run = promisify(execFile);

export type GuestDiskBusType = 'ide' | 'scsi' | 'virtio' | 'usb' | 'sata' | 'nvme' | 'unknown';

export interface GuestPCIAddress {
  domain: number;
  bus: number;
  slot: number;
  function: number;
}

export interface GuestDiskAddress {
  'pci-controller': GuestPCIAddress;
  'bus-type': GuestDiskBusType;
  bus: number;
  target: number;
  unit: number;
  serial?: string;
  dev?: string;
}

export interface GuestFilesystemInfo {
  name: string;
  mountpoint: string;
  type: string;
  'used-bytes'?: bigint;
  'total-bytes'?: bigint;
  disk: GuestDiskAddress[];
}

export interface GuestDiskInfo {
  name: string;
  partition: boolean;
  dependencies?: string[];
  address?: GuestDiskAddress;
  alias?: string;
}

export interface Mount {
  major: number;
  minor: number;
  mountpoint: string;
  type: string;
  source: string;
}

/** Unescapes the octal escapes mountinfo uses for spaces, tabs, newlines and backslashes. */
function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));
}

/** Block-device mounts from /proc/self/mountinfo; virtual filesystems (device major 0) are left out. */
export function parseMountinfo(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    const sep = f.indexOf('-');
    if (f.length < 10 || sep < 6) continue;
    const [major, minor] = f[2]!.split(':').map(Number) as [number, number];
    if (major === 0) continue;
    mounts.push({
      major,
      minor,
      mountpoint: unescapeMount(f[4]!),
      type: f[sep + 1]!,
      source: unescapeMount(f[sep + 2]!),
    });
  }
  return mounts;
}

function udevProperty(major: number, minor: number, key: string): string | undefined {
  const db = readText(`/run/udev/data/b${major}:${minor}`);
  const m = db && new RegExp(`^E:${key}=(.*)$`, 'm').exec(db);
  return m ? m[1] : undefined;
}

/** The address of a disk from its sysfs device path (…/0000:00:02.0/virtio1/block/vda). */
export function diskAddressFromSyspath(
  syspath: string,
  devName: string,
  major: number,
  minor: number,
): GuestDiskAddress {
  const pcis = [...syspath.matchAll(/\/([0-9a-f]{4}):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])(?=\/)/g)];
  const last = pcis[pcis.length - 1];
  const pci: GuestPCIAddress = last
    ? {
        domain: Number.parseInt(last[1]!, 16),
        bus: Number.parseInt(last[2]!, 16),
        slot: Number.parseInt(last[3]!, 16),
        function: Number.parseInt(last[4]!, 16),
      }
    : { domain: -1, bus: -1, slot: -1, function: -1 };
  let busType: GuestDiskBusType = 'unknown';
  let bus = 0;
  let target = 0;
  let unit = 0;
  const scsi = /\/(\d+):(\d+):(\d+):(\d+)\/block\//.exec(syspath);
  if (/\/virtio\d+\/block\//.test(syspath)) busType = 'virtio';
  else if (/\/nvme\//.test(syspath)) busType = 'nvme';
  else if (/\/usb\d*\//.test(syspath)) busType = 'usb';
  else if (/\/ata\d+\//.test(syspath)) busType = 'sata';
  else if (scsi) busType = 'scsi';
  if (scsi) {
    bus = Number(scsi[2]);
    target = Number(scsi[3]);
    unit = Number(scsi[4]);
  }
  const addr: GuestDiskAddress = { 'pci-controller': pci, 'bus-type': busType, bus, target, unit };
  const serial = udevProperty(major, minor, 'ID_SERIAL');
  if (serial) addr.serial = serial;
  addr.dev = `/dev/${devName}`;
  return addr;
}

function blockSyspath(major: number, minor: number): string | undefined {
  try {
    return realpathSync(`/sys/dev/block/${major}:${minor}`);
  } catch {
    return undefined;
  }
}

/** The whole disks under a block device: itself, or for a partition its parent, or a stacked device's slaves. */
function disksOf(syspath: string): GuestDiskAddress[] {
  const name = basename(syspath);
  const slaves = existsSync(join(syspath, 'slaves')) ? readdirRaw(join(syspath, 'slaves')) : [];
  if (slaves.length > 0)
    return slaves.flatMap((s) => {
      const p = realpathSync(join(syspath, 'slaves', s));
      return disksOf(p);
    });
  const diskPath = existsSync(join(syspath, 'partition')) ? join(syspath, '..') : syspath;
  const [major, minor] = (readText(join(diskPath, 'dev')) ?? '0:0').trim().split(':').map(Number) as [
    number,
    number,
  ];
  if (diskPath.includes('/virtual/')) return [];
  return [
    diskAddressFromSyspath(realpathSync(diskPath), basename(realpathSync(diskPath)) || name, major, minor),
  ];
}

export function getFsinfo(mountinfo = readFileSync('/proc/self/mountinfo', 'utf8')): GuestFilesystemInfo[] {
  const out: GuestFilesystemInfo[] = [];
  for (const m of parseMountinfo(mountinfo)) {
    const syspath = blockSyspath(m.major, m.minor);
    if (!syspath) continue;
    const info: GuestFilesystemInfo = {
      name: basename(syspath),
      mountpoint: m.mountpoint,
      type: m.type,
      disk: [],
    };
    try {
      const st = statfsSync(m.mountpoint, { bigint: true });
      // qemu-ga counts what non-root users can have: used plus available, not f_blocks.
      const used = st.blocks - st.bfree;
      info['total-bytes'] = (used + st.bavail) * st.bsize;
      info['used-bytes'] = used * st.bsize;
    } catch {
      // qemu-ga leaves the sizes out when statvfs fails
    }
    info.disk = disksOf(syspath);
    out.push(info);
  }
  return out;
}

export function getDisks(root = '/sys/block'): GuestDiskInfo[] {
  const out: GuestDiskInfo[] = [];
  for (const name of readdirRaw(root)) {
    const syspath = realpathSync(join(root, name));
    if (syspath.includes('/virtual/')) continue;
    const [major, minor] = (readText(join(syspath, 'dev')) ?? '0:0').trim().split(':').map(Number) as [
      number,
      number,
    ];
    const deps = existsSync(join(syspath, 'slaves'))
      ? readdirRaw(join(syspath, 'slaves')).map((s) => `/dev/${s}`)
      : [];
    out.push({
      name: `/dev/${name}`,
      partition: false,
      dependencies: deps,
      address: diskAddressFromSyspath(syspath, name, major, minor),
    });
    for (const part of readdirRaw(syspath)) {
      if (!existsSync(join(syspath, part, 'partition'))) continue;
      out.push({ name: `/dev/${part}`, partition: true, dependencies: [`/dev/${name}`] });
    }
  }
  return out;
}

/** fsfreeze state, kept across agent restarts in the state directory as qemu-ga does. */
export class FsFreeze {
  #frozen: string[] = [];
  constructor(private readonly stateFile?: string) {
    if (stateFile && existsSync(stateFile))
      this.#frozen = readFileSync(stateFile, 'utf8').split('\n').filter(Boolean);
  }

  status(): 'thawed' | 'frozen' {
    return this.#frozen.length > 0 || (this.stateFile !== undefined && existsSync(this.stateFile))
      ? 'frozen'
      : 'thawed';
  }

  async #persist(): Promise<void> {
    if (!this.stateFile) return;
    const { writeFileSync, rmSync } = await import('node:fs');
    if (this.#frozen.length) writeFileSync(this.stateFile, `${this.#frozen.join('\n')}\n`);
    else rmSync(this.stateFile, { force: true });
  }

  /** Freezes every mounted block filesystem (or the listed mountpoints); returns how many were frozen. */
  async freeze(mountpoints?: string[]): Promise<number> {
    if (this.status() === 'frozen') throw gaError('Command guest-fsfreeze-freeze has been disabled');
    const mounts = parseMountinfo(readFileSync('/proc/self/mountinfo', 'utf8'))
      .map((m) => m.mountpoint)
      .filter((mp) => !mountpoints || mountpoints.includes(mp));
    const seen = new Set<string>();
    // Freeze in reverse mount order so that nested mounts freeze before their parents.
    for (const mp of mounts.reverse()) {
      if (seen.has(mp)) continue;
      seen.add(mp);
      try {
        await run('fsfreeze', ['--freeze', mp]);
        this.#frozen.push(mp);
      } catch (err) {
        const msg = (err as { stderr?: string }).stderr ?? '';
        if (/Operation not supported|Inappropriate ioctl/.test(msg)) continue; // not freezable: skipped
        await this.thaw();
        throw gaError(
          `failed to freeze ${mp}: ${msg.replace(/^fsfreeze: [^:]*: /, '').trim() || strerror(err)}`,
        );
      }
    }
    await this.#persist();
    return this.#frozen.length;
  }

  async thaw(): Promise<number> {
    let n = 0;
    for (const mp of this.#frozen.splice(0).reverse()) {
      try {
        await run('fsfreeze', ['--unfreeze', mp]);
        n++;
      } catch {
        // already thawed
      }
    }
    await this.#persist();
    return n;
  }
}

export interface GuestFilesystemTrimResult {
  path: string;
  trimmed?: number;
  minimum?: number;
  error?: string;
}

export async function fstrim(minimum?: number): Promise<{ paths: GuestFilesystemTrimResult[] }> {
  const paths: GuestFilesystemTrimResult[] = [];
  for (const m of parseMountinfo(readFileSync('/proc/self/mountinfo', 'utf8'))) {
    const args = ['--verbose', ...(minimum ? ['--minimum', String(minimum)] : []), m.mountpoint];
    try {
      const { stdout } = await run('fstrim', args);
      const bytes = /\((\d+) bytes\)/.exec(stdout);
      paths.push({ path: m.mountpoint, trimmed: bytes ? Number(bytes[1]) : 0, minimum: minimum ?? 0 });
    } catch (err) {
      const msg = ((err as { stderr?: string }).stderr ?? '').trim();
      // qemu-ga's FITRIM failure: "failed to trim: <strerror>".
      const why = /: ([^:]+)$/.exec(msg)?.[1] ?? strerror(err);
      paths.push({ path: m.mountpoint, error: `failed to trim: ${why}` });
    }
  }
  return { paths };
}
