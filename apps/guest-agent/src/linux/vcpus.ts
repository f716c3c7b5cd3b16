// guest-get-vcpus / guest-set-vcpus over /sys/devices/system/cpu/cpuN/online.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GaError, gaError, strerror } from './errors.js';
import { readText, writeText } from './sysfs.js';

export interface GuestLogicalProcessor {
  'logical-id': number;
  online: boolean;
  'can-offline'?: boolean;
}

const CPU_ROOT = '/sys/devices/system/cpu';

/** Number of configured CPUs, as sysconf(_SC_NPROCESSORS_CONF) counts them. */
function configuredCpus(root: string): number {
  const possible = readText(join(root, 'possible'))?.trim();
  if (!possible) return 1;
  let max = 0;
  for (const range of possible.split(',')) {
    const [, hi] = range.split('-');
    max = Math.max(max, Number(hi ?? range));
  }
  return max + 1;
}

export function getVcpus(root = CPU_ROOT): GuestLogicalProcessor[] {
  const list: GuestLogicalProcessor[] = [];
  const n = configuredCpus(root);
  for (let id = 0; id < n; id++) {
    const dir = join(root, `cpu${id}`);
    if (!existsSync(dir)) continue;
    const online = readText(join(dir, 'online'));
    // A CPU without an "online" file cannot be taken offline and is always online.
    const entry: GuestLogicalProcessor =
      online === undefined
        ? { 'logical-id': id, online: true, 'can-offline': false }
        : { 'logical-id': id, online: online.trim() !== '0', 'can-offline': true };
    list.unshift(entry); // qemu-ga builds this list by prepending
  }
  return list;
}

/** Returns how many entries were processed before the first failure (or all of them). */
export function setVcpus(vcpus: GuestLogicalProcessor[], root = CPU_ROOT): number {
  let processed = 0;
  for (const v of vcpus) {
    try {
      const dir = join(root, `cpu${v['logical-id']}`);
      if (!existsSync(dir)) throw gaError(`open("${dir}/"): No such file or directory`);
      const path = join(dir, 'online');
      const current = readText(path);
      if (current === undefined) {
        if (!v.online) throw gaError(`logical processor #${v['logical-id']} can't be offlined`);
      } else if ((current.trim() !== '0') !== v.online) {
        try {
          writeText(path, v.online ? '1' : '0');
        } catch (err) {
          throw gaError(`failed to write to: ${path}: ${strerror(err)}`);
        }
      }
    } catch (err) {
      if (processed === 0) throw err instanceof GaError ? err : gaError(String(err));
      break;
    }
    processed++;
  }
  return processed;
}
