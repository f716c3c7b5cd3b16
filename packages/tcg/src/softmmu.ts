/**
 * SoftTLB: the software TLB in front of guest-physical memory (QEMU's accel/tcg/cputlb.c).
 *
 * Per MMU index a direct-mapped table of 2^bits entries, kept in flat typed arrays so generated code can
 * inline the hit path: index = mmuIdx << bits | (vaddr >>> 12) & mask; hit when the tag equals the page of
 * the access's last byte (a page-crossing access therefore misses). Tags hold the virtual page and, in the
 * low bits, flags that force the slow path (MMIO/ROM, code page, invalid). On a hit the RAM offset is
 * vaddr + addend. Guest memory is little-endian.
 */

import type { WasmArena } from './wasm/arena.js';

export const TARGET_PAGE_BITS = 12;
export const TARGET_PAGE_SIZE = 1 << TARGET_PAGE_BITS;
export const TARGET_PAGE_MASK = -TARGET_PAGE_SIZE;

// Page protection bits for setPage (QEMU's PAGE_READ/WRITE/EXEC).
export const PAGE_READ = 1;
export const PAGE_WRITE = 2;
export const PAGE_EXEC = 4;

// Access types passed to tlbFill (QEMU's MMUAccessType).
export const MMU_DATA_LOAD = 0;
export const MMU_DATA_STORE = 1;
export const MMU_INST_FETCH = 2;

// Tag flag bits (below the page bits, so a tag with any of them never equals a page address).
/** not plain RAM: go through PhysMemory */
export const TLB_MMIO = 1 << 0;
/** the physical page holds translated code: stores must invalidate it */
export const TLB_NOTDIRTY = 1 << 1;
/** no mapping; an empty entry is -1 (all flags set) */
export const TLB_INVALID = 1 << 11;
export const TLB_EMPTY = -1;

/** Guest-physical memory as the TLB needs it. An @tsemu/memory AddressSpace can be adapted to it. */
export interface PhysMemory {
  read8(addr: number): number;
  read16(addr: number): number;
  read32(addr: number): number;
  write8(addr: number, value: number): void;
  write16(addr: number, value: number): void;
  write32(addr: number, value: number): void;
}

/**
 * Fills the entry for vaddr (calls setPage) or raises the guest fault (throws). access: MMU_DATA_LOAD,
 * MMU_DATA_STORE or MMU_INST_FETCH.
 */
export type TlbFill = (vaddr: number, access: number, mmuIdx: number) => void;

/** Tracks which physical pages hold translated code (the TB cache implements it). */
export interface CodePageTracker {
  isCodePage(pageAddr: number): boolean;
  /** a store hit a code page: invalidate the TBs covering [paddr, paddr + len) */
  invalidatePhysRange(paddr: number, len: number): void;
}

export interface SoftTLBOptions {
  phys: PhysMemory;
  /** main RAM, for the fast path */
  ram?: Uint8Array;
  /**
   * offset in `ram` of the page at guest-physical pageAddr, or -1 when that page is not plain RAM for the
   * access (for writes: ROM, pages whose writes must be seen by a dirty-logging client)
   */
  ramOffset?: (pageAddr: number, write: boolean) => number;
  /** number of MMU indices (default 2: i386 kernel and user) */
  nbMmuModes?: number;
  /** log2 of entries per MMU index (default 10) */
  bits?: number;
  tlbFill?: TlbFill;
  /**
   * put the tag and addend arrays in this arena (the wasm backend addresses them there); `ram` must then
   * be a view of the same arena
   */
  arena?: WasmArena;
}

export class SoftTLB {
  readonly bits: number;
  readonly mask: number;
  readonly nbMmuModes: number;
  /** tags for loads, stores and instruction fetch, indexed mmuIdx << bits | page index */
  readonly tagRead: Int32Array;
  readonly tagWrite: Int32Array;
  readonly tagCode: Int32Array;
  /** RAM offset minus virtual page, for hits */
  readonly addend: Int32Array;
  /** guest-physical page of the entry */
  readonly physPage: Int32Array;
  readonly ram: Uint8Array;
  /** little-endian views for aligned accesses (the RAM length is a multiple of 4, checked) */
  readonly ram16: Uint16Array;
  readonly ram32: Int32Array;
  readonly phys: PhysMemory;
  /** the arena holding tagRead, tagWrite, addend and ram, if any */
  readonly arena: WasmArena | null;
  tlbFill: TlbFill;
  /** set by the TB cache so stores to code pages invalidate translations */
  codePages: CodePageTracker | null = null;
  /** called on flush() and flushPage(vaddr) (the executor drops its jump cache entries) */
  readonly flushListeners: ((vaddr: number | undefined) => void)[] = [];
  private readonly ramOffsetOf: (pageAddr: number, write: boolean) => number;
  // Large-page region per MMU index (QEMU's tlb_add_large_page): flushPage inside it flushes the index.
  private readonly lpAddr: Int32Array;
  private readonly lpMask: Int32Array;
  /** statistics */
  fills = 0;
  fullFlushes = 0;
  partialFlushes = 0;

  constructor(opts: SoftTLBOptions) {
    this.bits = opts.bits ?? 10;
    this.mask = (1 << this.bits) - 1;
    this.nbMmuModes = opts.nbMmuModes ?? 2;
    const n = this.nbMmuModes << this.bits;
    const arena = opts.arena;
    if (arena && opts.ram && !arena.holds(opts.ram)) throw new Error('SoftTLB: RAM must lie in the arena');
    const words = (k: number) => (arena ? arena.allocI32(k) : new Int32Array(k));
    this.arena = arena ?? null;
    this.tagRead = words(n).fill(TLB_EMPTY);
    this.tagWrite = words(n).fill(TLB_EMPTY);
    this.tagCode = new Int32Array(n).fill(TLB_EMPTY);
    this.addend = words(n);
    this.physPage = new Int32Array(n);
    this.lpAddr = new Int32Array(this.nbMmuModes).fill(-1);
    this.lpMask = new Int32Array(this.nbMmuModes);
    this.phys = opts.phys;
    const ram = opts.ram ?? new Uint8Array(0);
    if (ram.byteOffset % 4 !== 0 || ram.length % 4 !== 0)
      throw new Error('SoftTLB: RAM must be 4-byte aligned');
    this.ram = ram;
    this.ram16 = new Uint16Array(ram.buffer, ram.byteOffset, ram.length >>> 1);
    this.ram32 = new Int32Array(ram.buffer, ram.byteOffset, ram.length >>> 2);
    const ramOffset = opts.ramOffset;
    this.ramOffsetOf = ramOffset ?? (opts.ram ? (p) => (p >>> 0 < ram.length ? p : -1) : () => -1);
    this.tlbFill =
      opts.tlbFill ??
      ((vaddr) => {
        throw new Error(`SoftTLB: no tlbFill for 0x${(vaddr >>> 0).toString(16)}`);
      });
  }

  /**
   * Maps the 4 KiB virtual page of vaddr to the physical page of paddr for mmuIdx (QEMU's tlb_set_page).
   * For a large page pass its size; paddr must be the physical address of vaddr itself.
   */
  setPage(vaddr: number, paddr: number, prot: number, mmuIdx: number, size = TARGET_PAGE_SIZE): void {
    const vpage = vaddr & TARGET_PAGE_MASK;
    const ppage = paddr & TARGET_PAGE_MASK;
    if (size > TARGET_PAGE_SIZE) this.addLargePage(vaddr, size, mmuIdx);
    const idx = (mmuIdx << this.bits) | ((vaddr >>> TARGET_PAGE_BITS) & this.mask);
    const off = this.ramOffsetOf(ppage, false);
    const io = off < 0 ? TLB_MMIO : 0;
    // writes take the fast path only into the same RAM bytes reads come from
    const wio = prot & PAGE_WRITE && (off < 0 || this.ramOffsetOf(ppage, true) !== off) ? TLB_MMIO : io;
    this.tagRead[idx] = prot & PAGE_READ ? vpage | io : TLB_EMPTY;
    this.tagCode[idx] = prot & PAGE_EXEC ? vpage | io : TLB_EMPTY;
    this.tagWrite[idx] =
      prot & PAGE_WRITE ? vpage | wio | (this.codePages?.isCodePage(ppage) ? TLB_NOTDIRTY : 0) : TLB_EMPTY;
    this.addend[idx] = off < 0 ? 0 : (off - vpage) | 0;
    this.physPage[idx] = ppage;
    this.fills++;
  }

  private addLargePage(vaddr: number, size: number, mmuIdx: number): void {
    let mask = -size | 0;
    let addr = this.lpAddr[mmuIdx];
    if (addr === -1) {
      addr = vaddr & mask;
    } else {
      // widen the region until it covers both
      while (((addr ^ vaddr) & mask) !== 0) mask <<= 1;
      addr &= mask;
    }
    this.lpAddr[mmuIdx] = addr;
    this.lpMask[mmuIdx] = mask;
  }

  /** Drops every entry (QEMU's tlb_flush): on CR3/CR4 changes and the like. */
  flush(): void {
    this.tagRead.fill(TLB_EMPTY);
    this.tagWrite.fill(TLB_EMPTY);
    this.tagCode.fill(TLB_EMPTY);
    this.lpAddr.fill(-1);
    this.fullFlushes++;
    for (const l of this.flushListeners) l(undefined);
  }

  /** Drops the entries of one MMU index. */
  flushMmuIdx(mmuIdx: number): void {
    const lo = mmuIdx << this.bits;
    const hi = lo + (1 << this.bits);
    this.tagRead.fill(TLB_EMPTY, lo, hi);
    this.tagWrite.fill(TLB_EMPTY, lo, hi);
    this.tagCode.fill(TLB_EMPTY, lo, hi);
    this.lpAddr[mmuIdx] = -1;
    for (const l of this.flushListeners) l(undefined);
  }

  /** Drops the entries for the page of vaddr in every MMU index (QEMU's tlb_flush_page, for invlpg). */
  flushPage(vaddr: number): void {
    this.partialFlushes++;
    const vpage = vaddr & TARGET_PAGE_MASK;
    for (let m = 0; m < this.nbMmuModes; m++) {
      if (this.lpAddr[m] !== -1 && ((vaddr ^ this.lpAddr[m]) & this.lpMask[m]) === 0) {
        this.flushMmuIdx(m);
        continue;
      }
      const idx = (m << this.bits) | ((vaddr >>> TARGET_PAGE_BITS) & this.mask);
      if ((this.tagRead[idx] & (TARGET_PAGE_MASK | TLB_INVALID)) === vpage) this.tagRead[idx] = TLB_EMPTY;
      if ((this.tagWrite[idx] & (TARGET_PAGE_MASK | TLB_INVALID)) === vpage) this.tagWrite[idx] = TLB_EMPTY;
      if ((this.tagCode[idx] & (TARGET_PAGE_MASK | TLB_INVALID)) === vpage) this.tagCode[idx] = TLB_EMPTY;
    }
    for (const l of this.flushListeners) l(vaddr);
  }

  /** A physical page now holds code: stores to it must take the slow path (QEMU's tlb_protect_code). */
  protectCodePage(pageAddr: number): void {
    const tw = this.tagWrite;
    for (let i = 0; i < tw.length; i++) {
      if (this.physPage[i] === pageAddr && (tw[i] & TLB_INVALID) === 0) tw[i] |= TLB_NOTDIRTY;
    }
  }

  /** A physical page no longer holds code: stores to it may use the fast path again (tlb_unprotect_code). */
  unprotectCodePage(pageAddr: number): void {
    const tw = this.tagWrite;
    for (let i = 0; i < tw.length; i++) {
      if (this.physPage[i] === pageAddr && (tw[i] & TLB_INVALID) === 0) tw[i] &= ~TLB_NOTDIRTY;
    }
  }

  /** Index of the entry for vaddr, filled for `access` (calls tlbFill on a miss; it may throw). */
  private entry(vaddr: number, access: number, mmuIdx: number): number {
    const idx = (mmuIdx << this.bits) | ((vaddr >>> TARGET_PAGE_BITS) & this.mask);
    const tags =
      access === MMU_DATA_LOAD ? this.tagRead : access === MMU_DATA_STORE ? this.tagWrite : this.tagCode;
    const vpage = vaddr & TARGET_PAGE_MASK;
    if ((tags[idx] & (TARGET_PAGE_MASK | TLB_INVALID)) !== vpage) {
      this.tlbFill(vaddr, access, mmuIdx);
      if ((tags[idx] & (TARGET_PAGE_MASK | TLB_INVALID)) !== vpage) {
        throw new Error(`SoftTLB: tlbFill did not map 0x${(vaddr >>> 0).toString(16)} for access ${access}`);
      }
    }
    return idx;
  }

  /** Guest-physical address of vaddr for `access`, filling the TLB (may raise the guest fault). */
  translate(vaddr: number, access: number, mmuIdx: number): number {
    const idx = this.entry(vaddr, access, mmuIdx);
    return (this.physPage[idx] | (vaddr & ~TARGET_PAGE_MASK)) >>> 0;
  }

  // Slow paths, called by the backends on a miss. Values returned as int32 (sign-extended per memop).

  /** Load of (1 << (memop & 3)) bytes; memop MO_SIGN sign-extends. */
  ldSlow(vaddr: number, memop: number, mmuIdx: number): number {
    const size = 1 << (memop & 3);
    let v: number;
    if ((vaddr & ~TARGET_PAGE_MASK) + size > TARGET_PAGE_SIZE) {
      // page-crossing: byte by byte, each through its own page
      v = 0;
      for (let i = 0; i < size; i++) v |= this.ldByte((vaddr + i) | 0, MMU_DATA_LOAD, mmuIdx) << (8 * i);
    } else {
      v = this.ldIn(vaddr, size, MMU_DATA_LOAD, mmuIdx);
    }
    return signExtend(v, memop);
  }

  /** Instruction fetch (for translators): 1, 2 or 4 bytes, zero-extended. */
  ldCode(vaddr: number, memop: number, mmuIdx: number): number {
    const size = 1 << (memop & 3);
    let v: number;
    if ((vaddr & ~TARGET_PAGE_MASK) + size > TARGET_PAGE_SIZE) {
      v = 0;
      for (let i = 0; i < size; i++) v |= this.ldByte((vaddr + i) | 0, MMU_INST_FETCH, mmuIdx) << (8 * i);
    } else {
      v = this.ldIn(vaddr, size, MMU_INST_FETCH, mmuIdx);
    }
    return size === 4 ? v >>> 0 : v;
  }

  private ldByte(vaddr: number, access: number, mmuIdx: number): number {
    return this.ldIn(vaddr, 1, access, mmuIdx);
  }

  private ldIn(vaddr: number, size: number, access: number, mmuIdx: number): number {
    const idx = this.entry(vaddr, access, mmuIdx);
    const tag = access === MMU_DATA_LOAD ? this.tagRead[idx] : this.tagCode[idx];
    if (tag & TLB_MMIO) {
      const pa = (this.physPage[idx] | (vaddr & ~TARGET_PAGE_MASK)) >>> 0;
      return size === 1 ? this.phys.read8(pa) : size === 2 ? this.phys.read16(pa) : this.phys.read32(pa) | 0;
    }
    const o = (vaddr + this.addend[idx]) | 0;
    const r = this.ram;
    if (size === 1) return r[o];
    if (size === 2) return r[o] | (r[o + 1] << 8);
    return r[o] | (r[o + 1] << 8) | (r[o + 2] << 16) | (r[o + 3] << 24);
  }

  /** Store of the low (8 << (memop & 3)) bits of value. A page-crossing store checks both pages first. */
  stSlow(vaddr: number, value: number, memop: number, mmuIdx: number): void {
    const size = 1 << (memop & 3);
    if ((vaddr & ~TARGET_PAGE_MASK) + size > TARGET_PAGE_SIZE) {
      // fault on either page before anything is written
      this.entry(vaddr, MMU_DATA_STORE, mmuIdx);
      // the second page is probed at its start, so a fault there reports that address (QEMU's page2)
      this.entry((vaddr + size - 1) & TARGET_PAGE_MASK, MMU_DATA_STORE, mmuIdx);
      for (let i = 0; i < size; i++) this.stIn((vaddr + i) | 0, (value >>> (8 * i)) & 0xff, 1, mmuIdx);
      return;
    }
    this.stIn(vaddr, value, size, mmuIdx);
  }

  private stIn(vaddr: number, value: number, size: number, mmuIdx: number): void {
    const idx = this.entry(vaddr, MMU_DATA_STORE, mmuIdx);
    const tag = this.tagWrite[idx];
    const pa = (this.physPage[idx] | (vaddr & ~TARGET_PAGE_MASK)) >>> 0;
    if (tag & TLB_NOTDIRTY) {
      const cp = this.codePages;
      if (cp) {
        cp.invalidatePhysRange(pa, size);
        if (!cp.isCodePage(this.physPage[idx])) this.unprotectCodePage(this.physPage[idx]);
      } else {
        this.tagWrite[idx] = tag & ~TLB_NOTDIRTY;
      }
    }
    if (tag & TLB_MMIO) {
      if (size === 1) this.phys.write8(pa, value & 0xff);
      else if (size === 2) this.phys.write16(pa, value & 0xffff);
      else this.phys.write32(pa, value >>> 0);
      return;
    }
    const o = (vaddr + this.addend[idx]) | 0;
    const r = this.ram;
    r[o] = value;
    if (size >= 2) r[o + 1] = value >>> 8;
    if (size === 4) {
      r[o + 2] = value >>> 16;
      r[o + 3] = value >>> 24;
    }
  }

  // Convenience accessors for helpers (fast path first): QEMU's cpu_ld*_mmuidx_ra / cpu_st*_mmuidx_ra.

  ld8(vaddr: number, mmuIdx: number): number {
    const idx = (mmuIdx << this.bits) | ((vaddr >>> 12) & this.mask);
    if (this.tagRead[idx] === (vaddr & TARGET_PAGE_MASK)) return this.ram[(vaddr + this.addend[idx]) | 0];
    return this.ldSlow(vaddr, 0, mmuIdx);
  }
  ld16(vaddr: number, mmuIdx: number): number {
    const idx = (mmuIdx << this.bits) | ((vaddr >>> 12) & this.mask);
    if (this.tagRead[idx] === ((vaddr + 1) & TARGET_PAGE_MASK)) {
      const o = (vaddr + this.addend[idx]) | 0;
      return this.ram[o] | (this.ram[o + 1] << 8);
    }
    return this.ldSlow(vaddr, 1, mmuIdx);
  }
  /** int32 */
  ld32(vaddr: number, mmuIdx: number): number {
    const idx = (mmuIdx << this.bits) | ((vaddr >>> 12) & this.mask);
    if (this.tagRead[idx] === ((vaddr + 3) & TARGET_PAGE_MASK)) {
      const o = (vaddr + this.addend[idx]) | 0;
      const r = this.ram;
      return r[o] | (r[o + 1] << 8) | (r[o + 2] << 16) | (r[o + 3] << 24);
    }
    return this.ldSlow(vaddr, 2, mmuIdx);
  }
  st8(vaddr: number, value: number, mmuIdx: number): void {
    const idx = (mmuIdx << this.bits) | ((vaddr >>> 12) & this.mask);
    if (this.tagWrite[idx] === (vaddr & TARGET_PAGE_MASK)) this.ram[(vaddr + this.addend[idx]) | 0] = value;
    else this.stSlow(vaddr, value, 0, mmuIdx);
  }
  st16(vaddr: number, value: number, mmuIdx: number): void {
    const idx = (mmuIdx << this.bits) | ((vaddr >>> 12) & this.mask);
    if (this.tagWrite[idx] === ((vaddr + 1) & TARGET_PAGE_MASK)) {
      const o = (vaddr + this.addend[idx]) | 0;
      this.ram[o] = value;
      this.ram[o + 1] = value >>> 8;
    } else this.stSlow(vaddr, value, 1, mmuIdx);
  }
  st32(vaddr: number, value: number, mmuIdx: number): void {
    const idx = (mmuIdx << this.bits) | ((vaddr >>> 12) & this.mask);
    if (this.tagWrite[idx] === ((vaddr + 3) & TARGET_PAGE_MASK)) {
      const o = (vaddr + this.addend[idx]) | 0;
      const r = this.ram;
      r[o] = value;
      r[o + 1] = value >>> 8;
      r[o + 2] = value >>> 16;
      r[o + 3] = value >>> 24;
    } else this.stSlow(vaddr, value, 2, mmuIdx);
  }
}

function signExtend(v: number, memop: number): number {
  if (!(memop & 4)) return (memop & 3) === 2 ? v | 0 : v;
  switch (memop & 3) {
    case 0:
      return (v << 24) >> 24;
    case 1:
      return (v << 16) >> 16;
    default:
      return v | 0;
  }
}
