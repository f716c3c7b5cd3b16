/**
 * FlatView: the region tree rendered into disjoint, sorted ranges (render_memory_region,
 * flatview_simplify, memory_region_get_flatview_root).
 */
import { type RAMBlock, TARGET_PAGE_BITS, TARGET_PAGE_SIZE } from './ram.js';
import { type MemoryRegion, SIZE_2_64 } from './region.js';

export class FlatRange {
  /** numeric copies of the geometry for the access paths */
  readonly startN: number;
  readonly endN: number;
  readonly offsetN: number;
  /** RAM behind the range when reads may go straight to it (RAM, ROM, ROM device in romd mode) */
  readHost: Uint8Array | undefined;
  /** RAM behind the range when writes may go straight to it (writable RAM) */
  writeHost: Uint8Array | undefined;
  view: DataView | undefined;
  block: RAMBlock | undefined;
  /** host index of an address: addr - delta */
  delta = 0;

  constructor(
    readonly mr: MemoryRegion,
    readonly offsetInRegion: bigint,
    public start: bigint,
    public size: bigint,
    readonly dirtyLogMask: number,
    readonly romdMode: boolean,
    readonly readonly: boolean,
    readonly nonvolatile: boolean,
  ) {
    this.startN = 0;
    this.endN = 0;
    this.offsetN = 0;
  }

  /** @internal fill the numeric fields once the range is final */
  finish(): void {
    const self = this as { startN: number; endN: number; offsetN: number };
    self.startN = Number(this.start);
    self.endN = Number(this.start + this.size);
    self.offsetN = Number(this.offsetInRegion);
    const mr = this.mr;
    const block = mr.ramBlock;
    if (block) {
      this.block = block;
      this.view = block.view;
      this.delta = self.startN - self.offsetN;
      if ((mr.ram && !mr.ramDevice) || mr.isRomd()) this.readHost = block.host;
      if (mr.ram && !mr.readonly && !this.readonly && !mr.romDevice && !mr.ramDevice)
        this.writeHost = block.host;
    }
  }
}

/** pages of the low 4 GiB, the part the page table covers */
const LOW_PAGES = 2 ** (32 - TARGET_PAGE_BITS);

export class FlatView {
  readonly ranges: FlatRange[] = [];
  /**
   * page → index+1 of the range covering the whole page, 0 when the page is split or unassigned
   * (the slow path handles those); pages past the end of the array are unassigned.
   */
  pageMap: Int32Array = new Int32Array(0);
  constructor(readonly root: MemoryRegion | undefined) {}

  /** @internal build the page table of the low 4 GiB, in `reuse` when it has the right size */
  buildPageMap(reuse?: Int32Array): void {
    let end = 0;
    for (const fr of this.ranges) if (fr.startN < 2 ** 32) end = Math.max(end, Math.min(fr.endN, 2 ** 32));
    const len = Math.min(LOW_PAGES, Math.ceil(end / TARGET_PAGE_SIZE));
    const map = reuse?.length === len ? reuse.fill(0) : new Int32Array(len);
    for (let i = 0; i < this.ranges.length; i++) {
      const fr = this.ranges[i];
      const p0 = Math.ceil(fr.startN / TARGET_PAGE_SIZE);
      const p1 = Math.min(Math.floor(fr.endN / TARGET_PAGE_SIZE), map.length);
      if (p0 < p1) map.fill(i + 1, p0, p1);
    }
    this.pageMap = map;
  }

  /** flatview_lookup: index of the range containing addr, or -1 */
  lookup(addr: number): number {
    const r = this.ranges;
    let lo = 0;
    let hi = r.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const fr = r[mid];
      if (addr < fr.startN) hi = mid - 1;
      else if (addr >= fr.endN) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  /** index of the first range ending after addr (for walking gaps), ranges.length if none */
  nextAfter(addr: number): number {
    const r = this.ranges;
    let lo = 0;
    let hi = r.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (r[mid].endN <= addr) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** memory_region_get_dirty_log_mask, without global migration logging */
function dirtyLogMaskOf(mr: MemoryRegion): number {
  let mask = mr.dirtyLogMask;
  // TCG always tracks code in RAM
  if (mr.ramBlock) mask |= 1 << 1;
  return mask;
}

function renderMemoryRegion(
  view: FlatView,
  mr: MemoryRegion,
  base: bigint,
  clipStart: bigint,
  clipEnd: bigint,
  readonly: boolean,
  nonvolatile: boolean,
): void {
  if (!mr.enabled) return;
  base += mr.addr;
  readonly ||= mr.readonly;
  nonvolatile ||= mr.nonvolatile;
  const end = base + mr.size;
  // addrrange_intersects
  if (!(base < clipEnd && clipStart < end)) return;
  if (base > clipStart) clipStart = base;
  if (end < clipEnd) clipEnd = end;

  if (mr.alias) {
    base -= mr.alias.addr;
    base -= mr.aliasOffset;
    renderMemoryRegion(view, mr.alias, base, clipStart, clipEnd, readonly, nonvolatile);
    return;
  }
  for (const sub of mr.subregions)
    renderMemoryRegion(view, sub, base, clipStart, clipEnd, readonly, nonvolatile);
  if (!mr.terminates) return;

  let offsetInRegion = clipStart - base;
  let cur = clipStart;
  let remain = clipEnd - clipStart;
  const dirty = dirtyLogMaskOf(mr);
  const make = (start: bigint, size: bigint, off: bigint) =>
    new FlatRange(mr, off, start, size, dirty, mr.romdMode, readonly, nonvolatile);
  const ranges = view.ranges;
  let i = 0;
  // render the region into the gaps left by what is already there
  for (; i < ranges.length && remain > 0n; ++i) {
    const r = ranges[i];
    const rEnd = r.start + r.size;
    if (cur >= rEnd) continue;
    if (cur < r.start) {
      const now = min128(remain, r.start - cur);
      ranges.splice(i, 0, make(cur, now, offsetInRegion));
      ++i;
      cur += now;
      offsetInRegion += now;
      remain -= now;
    }
    const lim = min128(cur + remain, rEnd);
    const now = lim - cur;
    cur += now;
    offsetInRegion += now;
    remain -= now;
  }
  if (remain > 0n) ranges.splice(i, 0, make(cur, remain, offsetInRegion));
}

function min128(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function canMerge(a: FlatRange, b: FlatRange): boolean {
  return (
    a.start + a.size === b.start &&
    a.mr === b.mr &&
    a.offsetInRegion + a.size === b.offsetInRegion &&
    a.dirtyLogMask === b.dirtyLogMask &&
    a.romdMode === b.romdMode &&
    a.readonly === b.readonly &&
    a.nonvolatile === b.nonvolatile
  );
}

function flatviewSimplify(view: FlatView): void {
  const r = view.ranges;
  const out: FlatRange[] = [];
  for (const fr of r) {
    const last = out[out.length - 1];
    if (last && canMerge(last, fr)) last.size += fr.size;
    else out.push(fr);
  }
  r.length = 0;
  r.push(...out);
}

/** memory_region_get_flatview_root: the region whose rendering equals this one's, to share views */
export function flatviewRootOf(mr: MemoryRegion | undefined): MemoryRegion | undefined {
  while (mr?.enabled) {
    if (mr.alias) {
      if (mr.aliasOffset === 0n && mr.size >= mr.alias.size) {
        mr = mr.alias;
        continue;
      }
    } else if (!mr.terminates) {
      let found = 0;
      let next: MemoryRegion | undefined;
      for (const child of mr.subregions) {
        if (!child.enabled) continue;
        if (++found > 1) {
          next = undefined;
          break;
        }
        if (child.addr === 0n && mr.size >= child.size) next = child;
      }
      if (found === 0) return undefined;
      if (next) {
        mr = next;
        continue;
      }
    }
    return mr;
  }
  return undefined;
}

/** generate_memory_topology */
export function generateMemoryTopology(root: MemoryRegion | undefined, reusePageMap?: Int32Array): FlatView {
  const view = new FlatView(root);
  if (root) renderMemoryRegion(view, root, 0n, 0n, SIZE_2_64, false, false);
  flatviewSimplify(view);
  for (const fr of view.ranges) fr.finish();
  view.buildPageMap(reusePageMap);
  return view;
}
