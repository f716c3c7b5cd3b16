/**
 * `info mtree` and `info mtree -f` text, in QEMU 7.2's layout (mtree_info).
 *
 * QEMU prints the groups of address spaces sharing a root, and the flat views, in GLib hash
 * table order, which depends on pointer values; tsemu prints them in creation order instead.
 * Every block is otherwise identical.
 */
import { type AddressSpace, listAddressSpaces } from './address-space.js';
import type { FlatView } from './flatview.js';
import { type MemoryRegion, memoryRegionType } from './region.js';

const U64 = (1n << 64n) - 1n;
const INDENT = '  ';

function hex64(v: bigint): string {
  return (v & U64).toString(16).padStart(16, '0');
}

/** MR_SIZE: size - 1, 0 for an empty region */
function mrSize(size: bigint): bigint {
  return size === 0n ? 0n : size - 1n;
}

export interface MtreeOptions {
  /** `-f`: print the flat views instead of the trees */
  flatview?: boolean;
  /** `-o`: print owners */
  owner?: boolean;
  /** `-D`: also print disabled regions */
  disabled?: boolean;
  /** the address spaces to print (default: every live one, in creation order) */
  addressSpaces?: readonly AddressSpace[];
}

function ownerText(mr: MemoryRegion): string {
  const owner = mr.owner as { id?: string; path?: string; type?: string } | undefined;
  if (owner === undefined || owner === null) return ' orphan';
  // QOM integration: once MemoryRegion is a QOM object, this uses the owner's id or canonical path
  if (owner.id) return ` owner:{dev id=${owner.id}}`;
  if (owner.path) return ` owner:{obj path=${owner.path}}`;
  return ` owner:{obj type=${owner.type ?? 'object'}}`;
}

function printMr(
  out: string[],
  mr: MemoryRegion,
  level: number,
  base: bigint,
  aliasQueue: MemoryRegion[],
  opts: MtreeOptions,
): void {
  const curStart = (base + mr.addr) & U64;
  const curEnd = (curStart + mrSize(mr.size)) & U64;
  let line = '';
  if (curStart < base || curEnd < curStart) line += '[DETECTED OVERFLOW!] ';
  const nv = mr.nonvolatile ? 'nv-' : '';
  const dis = mr.enabled ? '' : ' [disabled]';
  if (mr.alias) {
    if (!aliasQueue.includes(mr.alias)) aliasQueue.push(mr.alias);
    if (mr.enabled || opts.disabled) {
      line +=
        INDENT.repeat(level) +
        `${hex64(curStart)}-${hex64(curEnd)} (prio ${mr.priority}, ${nv}${memoryRegionType(mr)}): ` +
        `alias ${mr.name} @${mr.alias.name} ${hex64(mr.aliasOffset)}-${hex64(mr.aliasOffset + mrSize(mr.size))}${dis}`;
      if (opts.owner) line += ownerText(mr);
      out.push(line);
    }
  } else if (mr.enabled || opts.disabled) {
    line +=
      INDENT.repeat(level) +
      `${hex64(curStart)}-${hex64(curEnd)} (prio ${mr.priority}, ${nv}${memoryRegionType(mr)}): ${mr.name}${dis}`;
    if (opts.owner) line += ownerText(mr);
    out.push(line);
  }
  // children by address, higher priority first at equal addresses
  const queue: MemoryRegion[] = [];
  for (const sub of mr.subregions) {
    const at = queue.findIndex(
      (q) => sub.addr < q.addr || (sub.addr === q.addr && sub.priority > q.priority),
    );
    if (at < 0) queue.push(sub);
    else queue.splice(at, 0, sub);
  }
  for (const sub of queue) printMr(out, sub, level + 1, curStart, aliasQueue, opts);
}

function printFlatView(
  out: string[],
  n: number,
  view: FlatView,
  spaces: AddressSpace[],
  opts: MtreeOptions,
): void {
  out.push(`FlatView #${n}`);
  for (const as of spaces) {
    out.push(
      ` AS "${as.name}", root: ${as.root.name}${as.root.alias ? `, alias ${as.root.alias.name}` : ''}`,
    );
  }
  out.push(` Root memory region: ${view.root ? view.root.name : '(none)'}`);
  if (view.ranges.length === 0) {
    out.push(`${INDENT}No rendered FlatView`, '');
    return;
  }
  for (const fr of view.ranges) {
    const mr = fr.mr;
    const type = fr.readonly ? 'rom' : memoryRegionType(mr);
    let line =
      `${INDENT}${hex64(fr.start)}-${hex64(fr.start + mrSize(fr.size))} ` +
      `(prio ${mr.priority}, ${fr.nonvolatile ? 'nv-' : ''}${type}): ${mr.name}`;
    if (fr.offsetInRegion !== 0n) line += ` @${hex64(fr.offsetInRegion)}`;
    if (opts.owner) line += ownerText(mr);
    out.push(line);
  }
  out.push('');
}

/** mtree_info: the text of `info mtree` (lines end in "\n", as QEMU prints them). */
export function mtreeInfo(opts: MtreeOptions = {}): string {
  const spaces = opts.addressSpaces ?? listAddressSpaces();
  const out: string[] = [];
  if (opts.flatview) {
    const views = new Map<FlatView, AddressSpace[]>();
    for (const as of spaces) {
      const list = views.get(as.flatView);
      if (list) list.push(as);
      else views.set(as.flatView, [as]);
    }
    let n = 0;
    for (const [view, list] of views) printFlatView(out, n++, view, list, opts);
    return out.map((l) => `${l}\n`).join('');
  }
  // address spaces with the same root print together, names sorted (address_space_compare_name)
  const groups = new Map<MemoryRegion, AddressSpace[]>();
  for (const as of spaces) {
    const list = groups.get(as.root);
    if (list) list.push(as);
    else groups.set(as.root, [as]);
  }
  const aliasQueue: MemoryRegion[] = [];
  for (const [root, list] of groups) {
    const names = list.map((as) => as.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) out.push(`address-space: ${name}`);
    printMr(out, root, 1, 0n, aliasQueue, opts);
    out.push('');
  }
  for (let i = 0; i < aliasQueue.length; i++) {
    const mr = aliasQueue[i];
    out.push(`memory-region: ${mr.name}`);
    printMr(out, mr, 1, 0n, aliasQueue, opts);
    out.push('');
  }
  return out.map((l) => `${l}\n`).join('');
}
