/**
 * The translation block cache (QEMU's accel/tcg/translate-all.c and tb-maint.c): TBs hashed by
 * (physical pc, cs_base, flags), listed per physical page for invalidation on writes to code, bounded by
 * the estimated size of their compiled code (flushed whole when full, as QEMU does with tb-size), and
 * unlinked from the TBs that jump to them when invalidated.
 */
import type { TranslationBlock } from './context.js';
import {
  type CodePageTracker,
  type SoftTLB,
  TARGET_PAGE_BITS,
  TARGET_PAGE_MASK,
  TARGET_PAGE_SIZE,
} from './softmmu.js';

const HASH_BITS = 15;

export class TbCache implements CodePageTracker {
  private readonly buckets: (TranslationBlock | null)[] = new Array(1 << HASH_BITS).fill(null);
  /** TBs per physical page number (paddr >>> 12) */
  private readonly pages = new Map<number, TranslationBlock[]>();
  /** the TLBs whose write entries must know which pages hold code */
  readonly tlbs: SoftTLB[] = [];
  /** told when a physical page gets its first TB and when it loses its last (e.g. memory dirty tracking) */
  readonly codePageListeners: { protect(page: number): void; unprotect(page: number): void }[] = [];
  /** called after a flush of the whole cache (executors drop their jump caches) */
  readonly flushListeners: (() => void)[] = [];
  /** called for each TB invalidated by a write to its code (tb_phys_invalidate), before it is unlinked */
  readonly invalidateListeners: ((tb: TranslationBlock) => void)[] = [];
  /** estimated bytes of compiled code held */
  codeBytes = 0;
  count = 0;
  /** statistics */
  flushes = 0;
  invalidations = 0;
  /** every TB gets a fresh id, so stale references can be told apart */
  private nextId = 1;

  constructor(
    /** bound on codeBytes (QEMU's -accel tcg,tb-size=N in MiB) */
    readonly maxCodeBytes = 256 << 20,
  ) {}

  attachTlb(tlb: SoftTLB): void {
    this.tlbs.push(tlb);
    tlb.codePages = this;
  }

  private static hash(physPc: number, flags: number, csBase: number): number {
    let h = Math.imul(physPc ^ (physPc >>> 13), 0x9e3779b1) ^ Math.imul(flags, 0x85ebca6b) ^ csBase;
    h ^= h >>> 15;
    return h & ((1 << HASH_BITS) - 1);
  }

  /** physical address of a TB's first byte */
  static physPc(tb: TranslationBlock): number {
    return (tb.pageAddr0 | (tb.pc & ~TARGET_PAGE_MASK)) >>> 0;
  }

  /**
   * The valid TB for (physPc, csBase, flags), or null. `page1` gives the physical page of the TB's second
   * virtual page when asked (only for TBs that span two pages).
   */
  lookup(
    pc: number,
    physPc: number,
    csBase: number,
    flags: number,
    page1: (vaddr: number) => number,
  ): TranslationBlock | null {
    let tb = this.buckets[TbCache.hash(physPc, flags, csBase)];
    const page0 = physPc & TARGET_PAGE_MASK;
    for (; tb !== null; tb = tb.hashNext) {
      if (
        tb.pc === pc &&
        tb.pageAddr0 === page0 &&
        tb.csBase === csBase &&
        tb.flags === flags &&
        !tb.invalid &&
        (tb.pageAddr1 === -1 || tb.pageAddr1 === page1(((pc & TARGET_PAGE_MASK) + TARGET_PAGE_SIZE) | 0))
      ) {
        return tb;
      }
    }
    return null;
  }

  /** Whether adding `bytes` more would exceed the bound (the caller then flushes). */
  full(bytes: number): boolean {
    return this.codeBytes + bytes > this.maxCodeBytes;
  }

  /** Adds a translated TB (pageAddr0/1, size, codeSize set). */
  insert(tb: TranslationBlock): void {
    tb.id = this.nextId++;
    const h = TbCache.hash(TbCache.physPc(tb), tb.flags, tb.csBase);
    tb.hashNext = this.buckets[h];
    this.buckets[h] = tb;
    this.addToPage(tb, tb.pageAddr0);
    if (tb.pageAddr1 !== -1) this.addToPage(tb, tb.pageAddr1);
    this.codeBytes += tb.codeSize;
    this.count++;
  }

  private addToPage(tb: TranslationBlock, page: number): void {
    const key = page >>> TARGET_PAGE_BITS;
    let list = this.pages.get(key);
    if (!list) {
      list = [];
      this.pages.set(key, list);
      for (const tlb of this.tlbs) tlb.protectCodePage(page);
      for (const l of this.codePageListeners) l.protect(page);
    }
    list.push(tb);
  }

  /** Every valid TB, in hash order. */
  *allTbs(): IterableIterator<TranslationBlock> {
    for (let tb of this.buckets) for (; tb !== null; tb = tb.hashNext) yield tb;
  }

  /** Hash buckets in use, of all (for `info jit`). */
  bucketStats(): { used: number; total: number; avgChain: number } {
    let used = 0;
    let entries = 0;
    for (let tb of this.buckets) {
      if (tb !== null) used++;
      for (; tb !== null; tb = tb.hashNext) entries++;
    }
    return { used, total: this.buckets.length, avgChain: used ? entries / used : 0 };
  }

  isCodePage(pageAddr: number): boolean {
    return this.pages.has(pageAddr >>> TARGET_PAGE_BITS);
  }

  /** TBs that hold code of the physical page (for tests and tools). */
  tbsOnPage(pageAddr: number): readonly TranslationBlock[] {
    return this.pages.get(pageAddr >>> TARGET_PAGE_BITS) ?? [];
  }

  /** Links goto_tb slot n of `from` to `to` (QEMU's tb_add_jump). */
  link(from: TranslationBlock, n: number, to: TranslationBlock): void {
    if (from.invalid || to.invalid || from.jmpDest[n] !== null) return;
    from.jmpDest[n] = to;
    to.jmpIncoming.push({ tb: from, n });
  }

  /** Removes one TB: out of its hash chain and page lists, and unlinked both ways (QEMU's tb_phys_invalidate). */
  invalidate(tb: TranslationBlock): void {
    if (tb.invalid) return;
    tb.invalid = true;
    this.invalidations++;
    for (const l of this.invalidateListeners) l(tb);
    const h = TbCache.hash(TbCache.physPc(tb), tb.flags, tb.csBase);
    let p = this.buckets[h];
    if (p === tb) this.buckets[h] = tb.hashNext;
    else {
      while (p !== null && p.hashNext !== tb) p = p.hashNext;
      if (p !== null) p.hashNext = tb.hashNext;
    }
    this.removeFromPage(tb, tb.pageAddr0);
    if (tb.pageAddr1 !== -1) this.removeFromPage(tb, tb.pageAddr1);
    // jumps into this TB go back through the dispatcher
    for (const { tb: src, n } of tb.jmpIncoming) if (src.jmpDest[n] === tb) src.jmpDest[n] = null;
    tb.jmpIncoming = [];
    for (let n = 0; n < 2; n++) {
      const dst = tb.jmpDest[n];
      if (dst !== null) {
        dst.jmpIncoming = dst.jmpIncoming.filter((j) => j.tb !== tb);
        tb.jmpDest[n] = null;
      }
    }
    this.codeBytes -= tb.codeSize;
    this.count--;
  }

  private removeFromPage(tb: TranslationBlock, page: number): void {
    const key = page >>> TARGET_PAGE_BITS;
    const list = this.pages.get(key);
    if (!list) return;
    const i = list.indexOf(tb);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) {
      this.pages.delete(key);
      for (const tlb of this.tlbs) tlb.unprotectCodePage(page);
      for (const l of this.codePageListeners) l.unprotect(page);
    }
  }

  /**
   * Invalidates every TB with code in [paddr, paddr + len) (QEMU's tb_invalidate_phys_range): called for
   * guest stores to code pages and by devices writing guest RAM (DMA, loaders).
   */
  invalidatePhysRange(paddr: number, len: number): void {
    const start = paddr >>> 0;
    const end = start + len;
    for (let page = start & TARGET_PAGE_MASK; page >>> 0 < end; page = (page + TARGET_PAGE_SIZE) | 0) {
      const list = this.pages.get(page >>> TARGET_PAGE_BITS);
      if (!list) {
        if ((page >>> 0) + TARGET_PAGE_SIZE >= 2 ** 32) break;
        continue;
      }
      for (const tb of list.slice()) {
        if (overlaps(tb, page >>> 0, start, end)) this.invalidate(tb);
      }
      if ((page >>> 0) + TARGET_PAGE_SIZE >= 2 ** 32) break;
    }
  }

  /** Drops every TB (QEMU's tb_flush): when full, or on request. */
  flush(): void {
    for (const list of this.pages.values()) {
      for (const tb of list) {
        tb.invalid = true;
        tb.jmpDest[0] = tb.jmpDest[1] = null;
        tb.jmpIncoming = [];
      }
    }
    for (const [key] of this.pages)
      for (const tlb of this.tlbs) tlb.unprotectCodePage(key << TARGET_PAGE_BITS);
    this.pages.clear();
    this.buckets.fill(null);
    this.codeBytes = 0;
    this.count = 0;
    this.flushes++;
    for (const l of this.flushListeners) l();
  }
}

/** Whether the TB's bytes on physical page `page` intersect [start, end). */
function overlaps(tb: TranslationBlock, page: number, start: number, end: number): boolean {
  const off0 = tb.pc & ~TARGET_PAGE_MASK;
  let lo: number;
  let hi: number;
  if (page === tb.pageAddr0 >>> 0) {
    lo = page + off0;
    hi = Math.min(page + TARGET_PAGE_SIZE, lo + tb.size);
  } else {
    lo = page;
    hi = page + (off0 + tb.size - TARGET_PAGE_SIZE);
  }
  // an empty TB still owns its first byte (it was translated from there)
  if (hi <= lo) hi = lo + 1;
  return lo < end && start < hi;
}
