/**
 * RAM blocks and their dirty bitmaps (QEMU's RAMBlock, ram_list and the DIRTY_MEMORY_* clients).
 *
 * Every block gets an offset in one global ram_addr space, as in QEMU, so a client such as the
 * TB cache can name a RAM page independently of where (and how many times) it is mapped.
 */

export const TARGET_PAGE_BITS = 12;
export const TARGET_PAGE_SIZE = 1 << TARGET_PAGE_BITS;
export const TARGET_PAGE_MASK = ~(TARGET_PAGE_SIZE - 1);

/** Dirty memory clients, numbered as QEMU's DIRTY_MEMORY_*. */
export const DIRTY_MEMORY_VGA = 0;
export const DIRTY_MEMORY_CODE = 1;
export const DIRTY_MEMORY_MIGRATION = 2;
export const DIRTY_MEMORY_NUM = 3;
export const DIRTY_CLIENTS_ALL = (1 << DIRTY_MEMORY_NUM) - 1;
export const DIRTY_CLIENTS_NOCODE = DIRTY_CLIENTS_ALL & ~(1 << DIRTY_MEMORY_CODE);

/** Called for a write through an AddressSpace that touched a page still marked as holding code. */
export type CodeWriteListener = (ramAddr: number, length: number) => void;

/** QEMU aligns new blocks in ram_addr space to BITS_PER_LONG pages (find_ram_offset). */
const RAM_OFFSET_ALIGN = 64 * TARGET_PAGE_SIZE;

export interface RAMBlockOptions {
  /** back the block with a SharedArrayBuffer (for worker-thread vCPUs) */
  shared?: boolean;
  /** use these bytes as the block (memory_region_init_ram_ptr); length must equal the size */
  host?: Uint8Array;
}

export class RAMBlock {
  /** the block's bytes; index = offset within the block */
  readonly host: Uint8Array;
  /** the same bytes, for multi-byte little-endian accesses */
  readonly view: DataView;
  /** offset of the block in ram_addr space */
  readonly offset: number;
  readonly usedLength: number;
  /**
   * Per page: bit c set = client c is logging and the page is clean for it, so the next write
   * must be reported. Writers only test this byte on the fast path.
   */
  readonly watch: Uint8Array;
  /** per page: bit c set = page dirty for client c (the QEMU dirty bitmaps, one byte per page) */
  readonly dirty: Uint8Array;
  /** clients whose logging is enabled for this block (the CODE client always is, as under TCG) */
  private logMask = 1 << DIRTY_MEMORY_CODE;
  /** ram_addr registry this block belongs to */
  readonly list: RamList;

  constructor(
    readonly idstr: string,
    size: number,
    opts: RAMBlockOptions = {},
    list: RamList = ramList,
  ) {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`invalid RAM block size ${size}`);
    if (opts.host) {
      if (opts.host.length !== size) throw new RangeError('host buffer length differs from block size');
      this.host = opts.host;
    } else {
      const buf = opts.shared ? new SharedArrayBuffer(size) : new ArrayBuffer(size);
      this.host = new Uint8Array(buf);
    }
    this.view = new DataView(this.host.buffer, this.host.byteOffset, this.host.byteLength);
    this.usedLength = size;
    const pages = Math.ceil(size / TARGET_PAGE_SIZE);
    this.watch = new Uint8Array(pages);
    // New RAM starts dirty for every client (QEMU: ram_block_add marks DIRTY_CLIENTS_ALL).
    this.dirty = new Uint8Array(pages).fill(DIRTY_CLIENTS_ALL);
    this.list = list;
    this.offset = list.add(this);
    if (list.globalDirtyLog) this.logMask |= 1 << DIRTY_MEMORY_MIGRATION;
  }

  /** QEMU's memory_region_set_log for a client: start or stop tracking writes. */
  setLogging(client: number, on: boolean): void {
    const bit = 1 << client;
    if (on) this.logMask |= bit;
    else this.logMask &= ~bit;
    this.refreshWatch(0, this.watch.length);
  }

  isLogging(client: number): boolean {
    return (this.logMask & (1 << client)) !== 0;
  }

  /** Mark [offset, offset+length) dirty for the clients in mask (cpu_physical_memory_set_dirty_range). */
  setDirty(offset: number, length: number, mask: number = DIRTY_CLIENTS_ALL): void {
    if (length <= 0) return;
    const first = Math.floor(offset / TARGET_PAGE_SIZE);
    const last = Math.floor((offset + length - 1) / TARGET_PAGE_SIZE);
    for (let p = first; p <= last; p++) {
      this.dirty[p] |= mask;
      this.watch[p] &= ~mask;
    }
  }

  /** True if any page of the range is dirty for the client (cpu_physical_memory_get_dirty). */
  getDirty(offset: number, length: number, client: number): boolean {
    const bit = 1 << client;
    const first = Math.floor(offset / TARGET_PAGE_SIZE);
    const last = Math.floor((offset + length - 1) / TARGET_PAGE_SIZE);
    for (let p = first; p <= last; p++) if (this.dirty[p] & bit) return true;
    return false;
  }

  /** Clear the client's dirty bits over the range; returns whether any was set. */
  testAndClearDirty(offset: number, length: number, client: number): boolean {
    const bit = 1 << client;
    const first = Math.floor(offset / TARGET_PAGE_SIZE);
    const last = Math.floor((offset + length - 1) / TARGET_PAGE_SIZE);
    let was = false;
    for (let p = first; p <= last; p++) {
      if (this.dirty[p] & bit) was = true;
      this.dirty[p] &= ~bit;
    }
    this.refreshWatch(first, last + 1);
    return was;
  }

  /**
   * Handle a write of [offset, offset+length) that bypassed this block's watch bits check:
   * QEMU's invalidate_and_set_dirty. Code pages stay clean (the TB cache unprotects them when
   * their last TB goes); other logging clients get the pages marked dirty.
   */
  notifyWrite(offset: number, length: number): void {
    const first = Math.floor(offset / TARGET_PAGE_SIZE);
    const last = Math.floor((offset + length - 1) / TARGET_PAGE_SIZE);
    let code = false;
    for (let p = first; p <= last; p++) {
      if (this.watch[p] & (1 << DIRTY_MEMORY_CODE)) code = true;
    }
    if (code) this.list.notifyCodeWrite(this.offset + offset, length);
    this.setDirty(offset, length, this.logMask & DIRTY_CLIENTS_NOCODE);
  }

  private refreshWatch(from: number, to: number): void {
    const mask = this.logMask;
    for (let p = from; p < to; p++) this.watch[p] = mask & ~this.dirty[p];
  }
}

/** The registry of RAM blocks in ram_addr space (QEMU's ram_list). */
export class RamList {
  readonly blocks: RAMBlock[] = [];
  /** migration dirty logging is on for every block (global_dirty_log) */
  globalDirtyLog = false;
  private next = 0;
  private readonly codeListeners = new Set<CodeWriteListener>();

  /** @internal called by the RAMBlock constructor */
  add(block: RAMBlock): number {
    const offset = this.next;
    this.next = Math.ceil((offset + Math.max(block.usedLength, 1)) / RAM_OFFSET_ALIGN) * RAM_OFFSET_ALIGN;
    this.blocks.push(block);
    return offset;
  }

  remove(block: RAMBlock): void {
    const i = this.blocks.indexOf(block);
    if (i >= 0) this.blocks.splice(i, 1);
  }

  /** qemu_get_ram_block: the block holding ram_addr, or undefined. */
  blockFromRamAddr(ramAddr: number): RAMBlock | undefined {
    for (const b of this.blocks) {
      if (ramAddr >= b.offset && ramAddr < b.offset + b.usedLength) return b;
    }
    return undefined;
  }

  /**
   * tlb_protect_code: the page holding ramAddr now holds translated code; writes to it through an
   * AddressSpace are reported to the code write listeners until unprotectCode.
   */
  protectCode(ramAddr: number): void {
    const b = this.requireBlock(ramAddr);
    const page = TARGET_PAGE_SIZE * Math.floor((ramAddr - b.offset) / TARGET_PAGE_SIZE);
    b.testAndClearDirty(page, TARGET_PAGE_SIZE, DIRTY_MEMORY_CODE);
  }

  /** tlb_unprotect_code: the page no longer holds code. */
  unprotectCode(ramAddr: number): void {
    const b = this.requireBlock(ramAddr);
    b.setDirty(ramAddr - b.offset, 1, 1 << DIRTY_MEMORY_CODE);
  }

  /** True while the page holding ramAddr is marked as holding code. */
  isCodeProtected(ramAddr: number): boolean {
    const b = this.requireBlock(ramAddr);
    return !b.getDirty(ramAddr - b.offset, 1, DIRTY_MEMORY_CODE);
  }

  /**
   * memory_global_dirty_log_start / _stop: track writes to every RAM block for migration. Pages
   * start dirty (a migration sends everything once); clear them with testAndClearDirty.
   */
  setGlobalDirtyLog(on: boolean): void {
    this.globalDirtyLog = on;
    for (const b of this.blocks) b.setLogging(DIRTY_MEMORY_MIGRATION, on);
  }

  addCodeWriteListener(fn: CodeWriteListener): () => void {
    this.codeListeners.add(fn);
    return () => this.codeListeners.delete(fn);
  }

  /** @internal */
  notifyCodeWrite(ramAddr: number, length: number): void {
    for (const fn of this.codeListeners) fn(ramAddr, length);
  }

  private requireBlock(ramAddr: number): RAMBlock {
    const b = this.blockFromRamAddr(ramAddr);
    if (!b) throw new RangeError(`ram_addr 0x${ramAddr.toString(16)} is not in any RAM block`);
    return b;
  }
}

/** The process-wide ram_addr space, as QEMU's ram_list. */
export const ramList = new RamList();
