import { MemoryRegion, memoryMapInit } from '@tsemu/memory';
import { describe, expect, it } from 'vitest';
import { TCGContext, TranslationBlock } from './context.js';
import { softTlbOptionsForAddressSpace, trackCodeThroughAddressSpace } from './memory-adapter.js';
import { PAGE_EXEC, PAGE_READ, PAGE_WRITE, SoftTLB, TLB_MMIO } from './softmmu.js';
import { TbCache } from './tb-cache.js';

describe('SoftTLB over an @tsemu/memory AddressSpace', () => {
  it('uses the RAM block on the fast path, the AddressSpace for MMIO and ROM writes, and sees DMA to code', () => {
    const { systemMemory, addressSpaceMemory: as } = memoryMapInit();
    const ramMr = MemoryRegion.ram('test.ram', 0x100000);
    systemMemory.addSubregion(0, ramMr);
    const writes: string[] = [];
    systemMemory.addSubregionOverlap(
      0xfe000000,
      MemoryRegion.io('dev', 0x1000, {
        read: (addr) => 0x40 + addr,
        write: (addr, v) => {
          writes.push(`${addr}=${v}`);
        },
        valid: { maxAccessSize: 4 },
      }),
      1,
    );
    const ram = as.ramPage(0, false)?.ram;
    if (!ram) throw new Error('no RAM page');
    const tlb = new SoftTLB({
      ...softTlbOptionsForAddressSpace(as, ram),
      tlbFill: (v, _a, mmu) => tlb.setPage(v, v, PAGE_READ | PAGE_WRITE | PAGE_EXEC, mmu),
    });
    const cache = new TbCache();
    cache.attachTlb(tlb);
    const detach = trackCodeThroughAddressSpace(cache, as);

    tlb.st32(0x2000, 0x12345678, 0);
    expect(as.read32(0x2000)).toBe(0x12345678);
    const idx = (0x2000 >>> 12) & tlb.mask;
    expect(tlb.tagRead[idx] & TLB_MMIO).toBe(0);
    expect(tlb.ld8(0xfe000003, 0)).toBe(0x43);
    tlb.st8(0xfe000002, 7, 0);
    expect(writes).toEqual(['2=7']);

    // a TB on page 0x5000; a DMA-style write through the AddressSpace invalidates it
    const tb = new TranslationBlock(0x5000, 0, 0);
    new TCGContext().finish(tb);
    tb.pageAddr0 = 0x5000;
    tb.size = 16;
    cache.insert(tb);
    as.write(0x5100, new Uint8Array([1]));
    expect(tb.invalid).toBe(false);
    as.write(0x5008, new Uint8Array([1, 2]));
    expect(tb.invalid).toBe(true);
    expect(cache.isCodePage(0x5000)).toBe(false);
    detach();
  });
});
