/**
 * Glue between @tsemu/memory and the soft MMU: an AddressSpace as the TLB's physical memory (RAM pages of
 * one RAM block on the fast path), and the TB cache's code pages mirrored into the memory API's code
 * dirty tracking, so writes made through the AddressSpace (DMA, loaders, MMIO-side copies) invalidate
 * translations (QEMU's tlb_protect_code / tb_invalidate_phys_range via DIRTY_MEMORY_CODE).
 */
import { type AddressSpace, ramList } from '@tsemu/memory';
import type { PhysMemory, SoftTLBOptions } from './softmmu.js';
import { TARGET_PAGE_MASK } from './softmmu.js';
import type { TbCache } from './tb-cache.js';

/**
 * SoftTLB options for guest-physical memory `as` whose fast path is the RAM block bytes `ram` (e.g. the
 * PC's pc.ram). Pages of other blocks, ROM for writes, and MMIO go through the AddressSpace.
 */
export function softTlbOptionsForAddressSpace(
  as: AddressSpace,
  ram: Uint8Array,
): Pick<SoftTLBOptions, 'phys' | 'ram' | 'ramOffset'> {
  const phys: PhysMemory = {
    read8: (a) => as.read8(a),
    read16: (a) => as.read16(a),
    read32: (a) => as.read32(a),
    write8: (a, v) => as.write8(a, v),
    write16: (a, v) => as.write16(a, v),
    write32: (a, v) => as.write32(a, v),
  };
  return {
    phys,
    ram,
    ramOffset: (page, write) => {
      const rp = as.ramPage(page >>> 0, write);
      return rp !== undefined && rp.ram === ram ? rp.offset : -1;
    },
  };
}

/**
 * Keeps the memory API's code tracking in step with the TB cache: a page that gets its first TB is
 * protected (writes through `as` are reported), and reported writes invalidate the TBs there.
 * Returns a function that detaches the listener.
 */
export function trackCodeThroughAddressSpace(cache: TbCache, as: AddressSpace): () => void {
  // ram_addr page -> guest-physical page, for the pages protected through this cache
  const physOf = new Map<number, number>();
  cache.codePageListeners.push({
    protect(page) {
      const rp = as.ramPage(page >>> 0, false);
      if (rp === undefined) return;
      const ramPage = rp.ramAddr - (rp.ramAddr % 4096);
      physOf.set(ramPage, page);
      ramList.protectCode(ramPage);
    },
    unprotect(page) {
      const rp = as.ramPage(page >>> 0, false);
      if (rp === undefined) return;
      const ramPage = rp.ramAddr - (rp.ramAddr % 4096);
      if (physOf.get(ramPage) === page) {
        physOf.delete(ramPage);
        ramList.unprotectCode(ramPage);
      }
    },
  });
  return ramList.addCodeWriteListener((ramAddr, length) => {
    let left = length;
    let addr = ramAddr;
    while (left > 0) {
      const ramPage = addr - (addr % 4096);
      const n = Math.min(left, ramPage + 4096 - addr);
      const page = physOf.get(ramPage);
      if (page !== undefined)
        cache.invalidatePhysRange(((page & TARGET_PAGE_MASK) + (addr - ramPage)) >>> 0, n);
      addr += n;
      left -= n;
    }
  });
}
