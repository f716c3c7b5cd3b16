// guest-get-memory-blocks / guest-set-memory-blocks / guest-get-memory-block-info over
// /sys/devices/system/memory.
import { join } from 'node:path';
import { gaError, strerror } from './errors.js';
import { readdirRaw, readText, writeText } from './sysfs.js';

export interface GuestMemoryBlock {
  'phys-index': number;
  online: boolean;
  'can-offline'?: boolean;
}

export interface GuestMemoryBlockResponse {
  'phys-index': number;
  response: 'success' | 'not-found' | 'operation-not-supported' | 'operation-failed';
  'error-code'?: number;
}

const MEMORY_ROOT = '/sys/devices/system/memory';

export function getMemoryBlocks(root = MEMORY_ROOT): GuestMemoryBlock[] {
  let names: string[];
  try {
    names = readdirRaw(root);
  } catch (err) {
    throw gaError(`Can't open directory "${root}": ${strerror(err)}`);
  }
  const blocks: GuestMemoryBlock[] = [];
  for (const name of names) {
    const m = /^memory(\d+)$/.exec(name);
    if (!m) continue;
    const dir = join(root, name);
    const state = readText(join(dir, 'state'))?.trim();
    const removable = readText(join(dir, 'removable'))?.trim();
    const block: GuestMemoryBlock = { 'phys-index': Number(m[1]), online: state !== 'offline' };
    if (removable !== undefined) block['can-offline'] = removable === '1';
    blocks.push(block);
  }
  return blocks;
}

export function setMemoryBlocks(blocks: GuestMemoryBlock[], root = MEMORY_ROOT): GuestMemoryBlockResponse[] {
  return blocks.map((b) => {
    const dir = join(root, `memory${b['phys-index']}`);
    const state = readText(join(dir, 'state'))?.trim();
    // qemu-ga reports the errno of the failed open (ENOENT).
    if (state === undefined) return { 'phys-index': b['phys-index'], response: 'not-found', 'error-code': 2 };
    if ((state !== 'offline') === b.online) return { 'phys-index': b['phys-index'], response: 'success' };
    if (!b.online && readText(join(dir, 'removable'))?.trim() === '0')
      return { 'phys-index': b['phys-index'], response: 'operation-not-supported' };
    try {
      writeText(join(dir, 'state'), b.online ? 'online' : 'offline');
      return { 'phys-index': b['phys-index'], response: 'success' };
    } catch (err) {
      const errno = (err as NodeJS.ErrnoException).errno;
      return {
        'phys-index': b['phys-index'],
        response: 'operation-failed',
        'error-code': errno ? Math.abs(errno) : 5,
      };
    }
  });
}

export function getMemoryBlockInfo(root = MEMORY_ROOT): { size: number } {
  const text = readText(join(root, 'block_size_bytes'));
  if (text === undefined)
    throw gaError(`open("${join(root, 'block_size_bytes')}"): No such file or directory`);
  return { size: Number.parseInt(text.trim(), 16) };
}
