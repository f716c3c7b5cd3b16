// Small helpers over /sys and /proc that keep the kernel's own directory order (readdir, unsorted),
// as qemu-ga lists entries in that order.
import { opendirSync, readFileSync, writeFileSync } from 'node:fs';

export function readdirRaw(path: string): string[] {
  const dir = opendirSync(path);
  const names: string[] = [];
  try {
    for (let d = dir.readSync(); d; d = dir.readSync()) names.push(d.name);
  } finally {
    dir.closeSync();
  }
  return names;
}

export function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function writeText(path: string, text: string): void {
  writeFileSync(path, text);
}
