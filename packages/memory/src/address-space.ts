/**
 * AddressSpace: a root region seen through its FlatView (address_space_* of physmem.c).
 *
 * Accesses to plain RAM go through a page-indexed table (one Int32 per 4 KiB page of the low
 * 4 GiB) straight to the RAMBlock's bytes; everything else takes the FlatView binary search and
 * the MMIO dispatch rules.
 */
import {
  dispatchRead,
  dispatchRead64,
  dispatchWrite,
  dispatchWrite64,
  lastMemTxResult,
  MEMTX_DECODE_ERROR,
  MEMTX_OK,
  memoryAccessSize,
} from './dispatch.js';
import { type FlatRange, type FlatView, flatviewRootOf, generateMemoryTopology } from './flatview.js';
import { type RAMBlock, TARGET_PAGE_BITS, TARGET_PAGE_SIZE } from './ram.js';
import { type MemoryRegion, registerTopologyListener } from './region.js';

/** The RAM behind one guest page, for a soft-MMU TLB entry. */
export interface RamPage {
  /** the RAMBlock's bytes */
  ram: Uint8Array;
  /** index in ram of the page's first byte */
  offset: number;
  block: RAMBlock;
  /** ram_addr of the page's first byte (what dirty tracking and the TB cache key on) */
  ramAddr: number;
}

/** The region an address resolves to (address_space_translate / memory_region_find). */
export interface MemoryRegionSection {
  mr: MemoryRegion;
  /** offset of the address within mr */
  offsetWithinRegion: number;
  /** bytes from the address to the end of the flat range */
  size: number;
  readonly: boolean;
}

const PAGE_LAST = TARGET_PAGE_SIZE - 1;

/** Every live address space, in creation order (QEMU's address_spaces list). */
const addressSpaces: AddressSpace[] = [];
/** flat views shared between address spaces whose roots render identically (QEMU's flat_views) */
let flatViews = new Map<MemoryRegion | undefined, FlatView>();

function updateAllAddressSpaces(): void {
  const previous = flatViews;
  flatViews = new Map();
  // page tables of the views being replaced are recycled; listeners run once every space is current
  const changed = addressSpaces.filter((as) => as.updateTopology(previous));
  for (const as of changed) as.notifyTopologyListeners();
}
registerTopologyListener({ updateTopology: updateAllAddressSpaces });

function sameRanges(a: FlatView, b: FlatView): boolean {
  if (a.ranges.length !== b.ranges.length) return false;
  for (let i = 0; i < a.ranges.length; i++) {
    const x = a.ranges[i];
    const y = b.ranges[i];
    if (
      x.mr !== y.mr ||
      x.start !== y.start ||
      x.size !== y.size ||
      x.offsetInRegion !== y.offsetInRegion ||
      x.romdMode !== y.romdMode ||
      x.readonly !== y.readonly ||
      x.nonvolatile !== y.nonvolatile
    ) {
      return false;
    }
  }
  return true;
}

/** The address spaces alive now, in creation order. */
export function listAddressSpaces(): readonly AddressSpace[] {
  return addressSpaces;
}

export class AddressSpace {
  private view!: FlatView;
  private ranges: FlatRange[] = [];
  /** the flat view's page table: page → index+1 of the range covering it, 0 = slow path */
  private pageMap: Int32Array = new Int32Array(0);
  private readonly listeners = new Set<() => void>();
  private destroyed = false;

  /** address_space_init */
  constructor(
    readonly root: MemoryRegion,
    readonly name: string = 'anonymous',
  ) {
    addressSpaces.push(this);
    this.updateTopology();
  }

  /** address_space_destroy */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    addressSpaces.splice(addressSpaces.indexOf(this), 1);
    this.listeners.clear();
  }

  /** The current FlatView (address_space_to_flatview). */
  get flatView(): FlatView {
    return this.view;
  }

  /**
   * Called after the flat view changed (QEMU's MemoryListener commit; a TLB flushes here).
   * Returns an unsubscribe function.
   */
  addTopologyListener(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * @internal address_space_update_topology; returns whether the flat view's ranges changed.
   * previous: the views of the last commit, whose page tables may be reused.
   */
  updateTopology(previous?: Map<MemoryRegion | undefined, FlatView>): boolean {
    const fvRoot = flatviewRootOf(this.root);
    let view = flatViews.get(fvRoot);
    if (!view) {
      const recycled = previous?.get(fvRoot)?.pageMap;
      previous?.delete(fvRoot);
      view = generateMemoryTopology(fvRoot, recycled);
      flatViews.set(fvRoot, view);
    }
    const old = this.view;
    if (old === view) return false;
    this.view = view;
    this.ranges = view.ranges;
    this.pageMap = view.pageMap;
    return old !== undefined && !sameRanges(old, view);
  }

  /** @internal */
  notifyTopologyListeners(): void {
    for (const fn of this.listeners) fn();
  }

  // ---- fast paths ----------------------------------------------------------------------------

  read8(addr: number): number {
    const i = this.pageMap[addr >>> TARGET_PAGE_BITS];
    if (i > 0 && addr < 4294967296) {
      const fr = this.ranges[i - 1];
      const h = fr.readHost;
      if (h !== undefined) return h[addr - fr.delta];
    }
    return this.slowRead(addr, 1);
  }

  read16(addr: number): number {
    const i = this.pageMap[addr >>> TARGET_PAGE_BITS];
    if (i > 0 && (addr & PAGE_LAST) !== PAGE_LAST && addr < 4294967296) {
      const fr = this.ranges[i - 1];
      if (fr.readHost !== undefined) return fr.view!.getUint16(addr - fr.delta, true);
    }
    return this.slowRead(addr, 2);
  }

  read32(addr: number): number {
    const i = this.pageMap[addr >>> TARGET_PAGE_BITS];
    if (i > 0 && (addr & PAGE_LAST) <= PAGE_LAST - 3 && addr < 4294967296) {
      const fr = this.ranges[i - 1];
      if (fr.readHost !== undefined) return fr.view!.getUint32(addr - fr.delta, true);
    }
    return this.slowRead(addr, 4);
  }

  read64(addr: number): bigint {
    const i = this.pageMap[addr >>> TARGET_PAGE_BITS];
    if (i > 0 && (addr & PAGE_LAST) <= PAGE_LAST - 7 && addr < 4294967296) {
      const fr = this.ranges[i - 1];
      if (fr.readHost !== undefined) return fr.view!.getBigUint64(addr - fr.delta, true);
    }
    return this.slowRead64(addr);
  }

  write8(addr: number, value: number): void {
    const i = this.pageMap[addr >>> TARGET_PAGE_BITS];
    if (i > 0 && addr < 4294967296) {
      const fr = this.ranges[i - 1];
      const h = fr.writeHost;
      if (h !== undefined) {
        const o = addr - fr.delta;
        h[o] = value;
        const b = fr.block!;
        if (b.watch[o >>> TARGET_PAGE_BITS] !== 0) b.notifyWrite(o, 1);
        return;
      }
    }
    this.slowWrite(addr, value, 1);
  }

  write16(addr: number, value: number): void {
    const i = this.pageMap[addr >>> TARGET_PAGE_BITS];
    if (i > 0 && (addr & PAGE_LAST) !== PAGE_LAST && addr < 4294967296) {
      const fr = this.ranges[i - 1];
      if (fr.writeHost !== undefined) {
        const o = addr - fr.delta;
        fr.view!.setUint16(o, value, true);
        const b = fr.block!;
        if (b.watch[o >>> TARGET_PAGE_BITS] !== 0) b.notifyWrite(o, 2);
        return;
      }
    }
    this.slowWrite(addr, value, 2);
  }

  write32(addr: number, value: number): void {
    const i = this.pageMap[addr >>> TARGET_PAGE_BITS];
    if (i > 0 && (addr & PAGE_LAST) <= PAGE_LAST - 3 && addr < 4294967296) {
      const fr = this.ranges[i - 1];
      if (fr.writeHost !== undefined) {
        const o = addr - fr.delta;
        fr.view!.setUint32(o, value, true);
        const b = fr.block!;
        if (b.watch[o >>> TARGET_PAGE_BITS] !== 0) b.notifyWrite(o, 4);
        return;
      }
    }
    this.slowWrite(addr, value, 4);
  }

  write64(addr: number, value: bigint): void {
    const i = this.pageMap[addr >>> TARGET_PAGE_BITS];
    if (i > 0 && (addr & PAGE_LAST) <= PAGE_LAST - 7 && addr < 4294967296) {
      const fr = this.ranges[i - 1];
      if (fr.writeHost !== undefined) {
        const o = addr - fr.delta;
        fr.view!.setBigUint64(o, BigInt.asUintN(64, value), true);
        const b = fr.block!;
        if (b.watch[o >>> TARGET_PAGE_BITS] !== 0) b.notifyWrite(o, 8);
        return;
      }
    }
    this.slowWrite64(addr, value);
  }

  /**
   * The RAM bytes behind the page holding addr, for a TLB entry; undefined when the page is not
   * plain RAM for this kind of access (MMIO, ROM device out of romd mode, ROM or read-only for
   * writes, unassigned, split between ranges), or for writes while the page is watched (holds
   * code or is clean for a dirty-logging client): such writes must go through write8..write64.
   */
  ramPage(addr: number, write: boolean): RamPage | undefined {
    if (!(addr >= 0 && addr < 4294967296)) return undefined;
    const i = this.pageMap[addr >>> TARGET_PAGE_BITS];
    if (!(i > 0)) return undefined;
    const fr = this.ranges[i - 1];
    const ram = write ? fr.writeHost : fr.readHost;
    if (ram === undefined) return undefined;
    const offset = (addr & ~PAGE_LAST) - fr.delta;
    const block = fr.block!;
    if (write && block.watch[Math.floor(offset / TARGET_PAGE_SIZE)] !== 0) return undefined;
    return { ram, offset, block, ramAddr: block.offset + offset };
  }

  /** address_space_translate: the region and offset addr resolves to, or undefined if unassigned. */
  translate(addr: number): MemoryRegionSection | undefined {
    const idx = this.view.lookup(addr);
    if (idx < 0) return undefined;
    const fr = this.ranges[idx];
    return {
      mr: fr.mr,
      offsetWithinRegion: addr - fr.startN + fr.offsetN,
      size: fr.endN - addr,
      readonly: fr.readonly,
    };
  }

  // ---- buffer accesses (address_space_read / address_space_write) ----------------------------

  /** address_space_read: fill buf from addr; returns MEMTX_OK or the OR of the failures. */
  read(addr: number, buf: Uint8Array): number {
    return this.rw(addr, buf, false);
  }

  /** address_space_write: store buf at addr; returns MEMTX_OK or the OR of the failures. */
  write(addr: number, buf: Uint8Array): number {
    return this.rw(addr, buf, true);
  }

  /**
   * address_space_write_rom: like write, but also stores into ROM and ROM devices (loaders
   * putting firmware in place); MMIO and unassigned parts are skipped.
   */
  writeRom(addr: number, buf: Uint8Array): void {
    let pos = 0;
    while (pos < buf.length) {
      const a = addr + pos;
      const idx = this.view.lookup(a);
      if (idx < 0) {
        const next = this.view.nextAfter(a);
        const stop = next < this.ranges.length ? this.ranges[next].startN : Number.POSITIVE_INFINITY;
        pos += Math.min(buf.length - pos, stop - a);
        continue;
      }
      const fr = this.ranges[idx];
      const l = Math.min(buf.length - pos, fr.endN - a);
      const mr = fr.mr;
      if ((mr.ram || mr.isRomd()) && fr.block) {
        const o = a - fr.delta;
        fr.block.host.set(buf.subarray(pos, pos + l), o);
        fr.block.notifyWrite(o, l);
      }
      pos += l;
    }
  }

  private rw(addr: number, buf: Uint8Array, isWrite: boolean): number {
    let result = MEMTX_OK;
    let pos = 0;
    const len = buf.length;
    while (pos < len) {
      const a = addr + pos;
      const idx = this.view.lookup(a);
      if (idx < 0) {
        // unassigned: reads 0, writes vanish
        const next = this.view.nextAfter(a);
        const stop = next < this.ranges.length ? this.ranges[next].startN : Number.POSITIVE_INFINITY;
        const l = Math.min(len - pos, stop - a);
        if (!isWrite) buf.fill(0, pos, pos + l);
        result |= MEMTX_DECODE_ERROR;
        pos += l;
        continue;
      }
      const fr = this.ranges[idx];
      // Only RAM is clamped to its flat range (address_space_translate_internal): an MMIO access
      // goes whole to the region at its start address, whatever overlaps the following bytes
      // (port 0xcf8 is a dword register although 0xcf9 decodes elsewhere).
      let l = fr.mr.ram ? Math.min(len - pos, fr.endN - a) : len - pos;
      const host = isWrite ? fr.writeHost : fr.readHost;
      if (host !== undefined) {
        const o = a - fr.delta;
        if (isWrite) {
          host.set(buf.subarray(pos, pos + l), o);
          fr.block!.notifyWrite(o, l);
        } else {
          buf.set(host.subarray(o, o + l), pos);
        }
      } else {
        const off = a - fr.startN + fr.offsetN;
        l = memoryAccessSize(fr.mr, l, off);
        result |= this.mmio(fr.mr, off, buf, pos, l, isWrite);
      }
      pos += l;
    }
    return result;
  }

  private mmio(
    mr: MemoryRegion,
    off: number,
    buf: Uint8Array,
    pos: number,
    l: number,
    isWrite: boolean,
  ): number {
    if (l === 8) {
      const dv = new DataView(buf.buffer, buf.byteOffset + pos, 8);
      if (isWrite) dispatchWrite64(mr, off, dv.getBigUint64(0, true));
      else dv.setBigUint64(0, dispatchRead64(mr, off), true);
      return lastMemTxResult;
    }
    if (isWrite) {
      let v = 0;
      for (let k = l - 1; k >= 0; k--) v = v * 256 + buf[pos + k];
      dispatchWrite(mr, off, v, l);
    } else {
      let v = dispatchRead(mr, off, l);
      for (let k = 0; k < l; k++) {
        buf[pos + k] = v & 0xff;
        v >>>= 8;
      }
    }
    return lastMemTxResult;
  }

  // ---- slow paths of the sized accessors -----------------------------------------------------

  private slowRead(addr: number, size: number): number {
    const idx = this.view.lookup(addr);
    if (idx >= 0) {
      const fr = this.ranges[idx];
      if (addr + size <= fr.endN || !fr.mr.ram) {
        if (fr.readHost !== undefined && addr + size <= fr.endN) {
          const o = addr - fr.delta;
          const dv = fr.view!;
          return size === 1 ? dv.getUint8(o) : size === 2 ? dv.getUint16(o, true) : dv.getUint32(o, true);
        }
        return dispatchRead(fr.mr, addr - fr.startN + fr.offsetN, size);
      }
    }
    // unassigned or straddling ranges: as address_space_read does it
    const b = new Uint8Array(4);
    this.rw(addr, b.subarray(0, size), false);
    return size === 1
      ? b[0]
      : size === 2
        ? b[0] | (b[1] << 8)
        : (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  }

  private slowWrite(addr: number, value: number, size: number): void {
    const idx = this.view.lookup(addr);
    if (idx >= 0) {
      const fr = this.ranges[idx];
      if (addr + size <= fr.endN || !fr.mr.ram) {
        if (fr.writeHost !== undefined && addr + size <= fr.endN) {
          const o = addr - fr.delta;
          const dv = fr.view!;
          if (size === 1) dv.setUint8(o, value);
          else if (size === 2) dv.setUint16(o, value, true);
          else dv.setUint32(o, value, true);
          fr.block!.notifyWrite(o, size);
          return;
        }
        dispatchWrite(fr.mr, addr - fr.startN + fr.offsetN, value, size);
        return;
      }
    }
    const b = new Uint8Array(size);
    for (let k = 0; k < size; k++) b[k] = (value >>> (8 * k)) & 0xff;
    this.rw(addr, b, true);
  }

  private slowRead64(addr: number): bigint {
    const idx = this.view.lookup(addr);
    if (idx >= 0) {
      const fr = this.ranges[idx];
      if (addr + 8 <= fr.endN) {
        if (fr.readHost !== undefined) return fr.view!.getBigUint64(addr - fr.delta, true);
        return dispatchRead64(fr.mr, addr - fr.startN + fr.offsetN);
      }
    }
    const b = new Uint8Array(8);
    this.rw(addr, b, false);
    return new DataView(b.buffer).getBigUint64(0, true);
  }

  private slowWrite64(addr: number, value: bigint): void {
    const idx = this.view.lookup(addr);
    if (idx >= 0) {
      const fr = this.ranges[idx];
      if (addr + 8 <= fr.endN) {
        if (fr.writeHost !== undefined) {
          const o = addr - fr.delta;
          fr.view!.setBigUint64(o, BigInt.asUintN(64, value), true);
          fr.block!.notifyWrite(o, 8);
          return;
        }
        dispatchWrite64(fr.mr, addr - fr.startN + fr.offsetN, value);
        return;
      }
    }
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, value), true);
    this.rw(addr, b, true);
  }
}
