import { describe, expect, it } from 'vitest';
import { AddressSpace } from './address-space.js';
import { MEMTX_DECODE_ERROR, setGuestErrorLogger } from './dispatch.js';
import { DIRTY_MEMORY_MIGRATION, RAMBlock, RamList, TARGET_PAGE_SIZE } from './ram.js';
import { MemoryRegion } from './region.js';

describe('RAMBlock and ram_addr space', () => {
  it('places blocks at aligned, distinct ram_addr offsets and finds them again', () => {
    const list = new RamList();
    const a = new RAMBlock('a', 0x1000, {}, list);
    const b = new RAMBlock('b', 0x50000, {}, list);
    const c = new RAMBlock('c', 0x10, {}, list);
    expect([a.offset, b.offset, c.offset]).toEqual([0, 0x40000, 0xc0000]);
    expect(list.blockFromRamAddr(0x40000 + 0x4ffff)).toBe(b);
    expect(list.blockFromRamAddr(0x1000)).toBeUndefined();
    list.remove(b);
    expect(list.blockFromRamAddr(0x40000)).toBeUndefined();
  });

  it('can be backed by a SharedArrayBuffer or caller-provided bytes', () => {
    const shared = MemoryRegion.ram('s', 0x1000, { shared: true });
    expect(shared.ramBlock!.host.buffer).toBeInstanceOf(SharedArrayBuffer);
    const bytes = new Uint8Array(0x2000);
    const mr = MemoryRegion.ramPtr('p', bytes);
    const root = new MemoryRegion('root', 0x10000);
    root.addSubregion(0x4000, mr);
    const as = new AddressSpace(root, 'ptr');
    as.write8(0x4001, 9);
    expect(bytes[1]).toBe(9);
    as.destroy();
    expect(() => new RAMBlock('bad', 0x10, { host: new Uint8Array(4) })).toThrow(RangeError);
  });

  it('starts dirty for every client; a client clears, writes set it again', () => {
    const list = new RamList();
    const b = new RAMBlock('m', 4 * TARGET_PAGE_SIZE, {}, list);
    b.setLogging(DIRTY_MEMORY_MIGRATION, true);
    expect(b.getDirty(0, 4 * TARGET_PAGE_SIZE, DIRTY_MEMORY_MIGRATION)).toBe(true);
    expect(b.testAndClearDirty(0, 4 * TARGET_PAGE_SIZE, DIRTY_MEMORY_MIGRATION)).toBe(true);
    expect(b.testAndClearDirty(0, 4 * TARGET_PAGE_SIZE, DIRTY_MEMORY_MIGRATION)).toBe(false);
    b.notifyWrite(TARGET_PAGE_SIZE - 1, 2);
    expect(b.getDirty(0, 1, DIRTY_MEMORY_MIGRATION)).toBe(true);
    expect(b.getDirty(TARGET_PAGE_SIZE, 1, DIRTY_MEMORY_MIGRATION)).toBe(true);
    expect(b.getDirty(2 * TARGET_PAGE_SIZE, 2 * TARGET_PAGE_SIZE, DIRTY_MEMORY_MIGRATION)).toBe(false);
  });

  it('global dirty logging covers every block, old and new', () => {
    const list = new RamList();
    const a = new RAMBlock('a', 2 * TARGET_PAGE_SIZE, {}, list);
    list.setGlobalDirtyLog(true);
    const b = new RAMBlock('b', 2 * TARGET_PAGE_SIZE, {}, list);
    for (const blk of [a, b]) {
      expect(blk.isLogging(DIRTY_MEMORY_MIGRATION)).toBe(true);
      blk.testAndClearDirty(0, 2 * TARGET_PAGE_SIZE, DIRTY_MEMORY_MIGRATION);
      blk.notifyWrite(TARGET_PAGE_SIZE, 1);
      expect(blk.getDirty(0, 1, DIRTY_MEMORY_MIGRATION)).toBe(false);
      expect(blk.getDirty(TARGET_PAGE_SIZE, 1, DIRTY_MEMORY_MIGRATION)).toBe(true);
    }
    list.setGlobalDirtyLog(false);
    expect(a.isLogging(DIRTY_MEMORY_MIGRATION)).toBe(false);
    expect(a.watch.every((w) => (w & (1 << DIRTY_MEMORY_MIGRATION)) === 0)).toBe(true);
  });

  it('code listeners of one ram list do not hear another list', () => {
    const l1 = new RamList();
    const l2 = new RamList();
    const b1 = new RAMBlock('x', TARGET_PAGE_SIZE, {}, l1);
    const heard: number[] = [];
    l2.addCodeWriteListener((a) => heard.push(a));
    l1.protectCode(b1.offset);
    b1.notifyWrite(0, 1);
    expect(heard).toEqual([]);
    expect(() => l1.protectCode(0x100000)).toThrow('ram_addr 0x100000 is not in any RAM block');
  });
});

describe('guest error log', () => {
  it('reports rejected, unaligned and wrongly sized accesses in QEMU wording', () => {
    const msgs: string[] = [];
    setGuestErrorLogger((m) => msgs.push(m));
    try {
      const root = new MemoryRegion('root', 0x10000);
      root.addSubregion(0x100, MemoryRegion.io('dev', 0x10, { read: () => 1, valid: { maxAccessSize: 2 } }));
      const as = new AddressSpace(root, 'log');
      as.read32(0x100);
      as.read16(0x101);
      as.read8(0x2000);
      expect(as.read(0x2000, new Uint8Array(1))).toBe(MEMTX_DECODE_ERROR);
      as.destroy();
    } finally {
      setGuestErrorLogger(undefined);
    }
    expect(msgs).toEqual([
      "Invalid access at addr 0x0000000000000000, size 4, region 'dev', reason: invalid size (min:0 max:2)",
      "Invalid access at addr 0x0000000000000001, size 2, region 'dev', reason: unaligned",
    ]);
  });
});
