import { describe, expect, it } from 'vitest';
import {
  AddressSpace,
  DIRTY_MEMORY_MIGRATION,
  MemoryRegion,
  type MemoryRegionOps,
  memoryRegionTransaction,
  ramList,
} from '../src/index.js';

// What SeaBIOS does on a PC: run from the BIOS ROM at 0xe0000, copy it into RAM, then flip the
// i440FX PAM registers so 0xe0000 reads RAM (first read-write, then read-only); a DMA engine
// writes into RAM through the address space and the TB cache hears about code it overwrote.
function pc() {
  const system = new MemoryRegion('system', 2 ** 64);
  const ram = MemoryRegion.ram('pc.ram', 0x200000);
  const pci = new MemoryRegion('pci', 2 ** 64);
  system.addSubregion(0, MemoryRegion.alias('ram-below-4g', ram, 0, 0x200000));
  system.addSubregionOverlap(0, pci, -1);
  const bios = MemoryRegion.rom('pc.bios', 0x20000);
  pci.addSubregionOverlap(0xe0000, MemoryRegion.alias('isa-bios', bios, 0, 0x20000), 1);
  // one PAM segment (0xe0000-0xfffff): four aliases, exactly one enabled
  const seg = {
    ram: MemoryRegion.alias('pam-ram', ram, 0xe0000, 0x20000),
    pci: MemoryRegion.alias('pam-pci', ram, 0xe0000, 0x20000),
    rom: MemoryRegion.alias('pam-rom', ram, 0xe0000, 0x20000),
    pciwin: MemoryRegion.alias('pam-pci', pci, 0xe0000, 0x20000),
  };
  seg.rom.setReadonly(true);
  for (const mr of Object.values(seg)) {
    mr.setEnabled(mr === seg.pciwin);
    system.addSubregionOverlap(0xe0000, mr, 1);
  }
  const as = new AddressSpace(system, 'memory');
  const setPam = (mode: 'ram' | 'rom' | 'pciwin') =>
    memoryRegionTransaction(() => {
      for (const [k, mr] of Object.entries(seg)) mr.setEnabled(k === mode);
    });
  return { system, ram, bios, as, setPam };
}

describe('BIOS shadowing through PAM aliases', () => {
  it('reads the ROM, then RAM read-write, then RAM read-only', () => {
    const { bios, as, setPam } = pc();
    bios.getRamPtr().set([0xea, 0x5b, 0xe0, 0x00, 0xf0], 0x1fff0);
    expect(as.read8(0xffff0)).toBe(0xea);
    as.write8(0xffff0, 0x90); // ROM: ignored
    expect(as.read8(0xffff0)).toBe(0xea);

    let flushes = 0;
    as.addTopologyListener(() => flushes++);
    // copy the ROM down into shadow RAM while writes go to RAM
    const image = new Uint8Array(0x20000);
    as.read(0xe0000, image);
    setPam('ram');
    expect(flushes).toBe(1);
    as.write(0xe0000, image);
    expect(as.read8(0xffff0)).toBe(0xea);
    as.write8(0xffff1, 0x5c); // shadow RAM is writable now
    expect(as.read8(0xffff1)).toBe(0x5c);
    expect(as.ramPage(0xf0000, true)).toBeDefined();

    setPam('rom');
    expect(flushes).toBe(2);
    as.write8(0xffff1, 0x00); // read-only alias of RAM: dropped
    expect(as.read8(0xffff1)).toBe(0x5c);
    expect(as.ramPage(0xf0000, false)?.ram).toBeDefined();
    expect(as.ramPage(0xf0000, true)).toBeUndefined();
    expect(as.flatView.ranges.find((r) => r.startN === 0xe0000)?.readonly).toBe(true);

    setPam('pciwin');
    expect(as.read8(0xffff1)).toBe(0x5b); // the ROM again
  });
});

describe('a DMA engine writing guest memory', () => {
  it('copies through the address space and reports overwritten code and dirty pages', () => {
    const { system, ram, as } = pc();
    // registers: 0 = source, 4 = destination, 8 = length (write starts the copy)
    const regs = new Uint32Array(3);
    const dma: MemoryRegionOps = {
      read: (addr) => regs[addr >> 2],
      write: (addr, v) => {
        regs[addr >> 2] = Number(v);
        if (addr === 8) {
          const buf = new Uint8Array(regs[2]);
          as.read(regs[0], buf);
          as.write(regs[1], buf);
        }
      },
      valid: { minAccessSize: 4, maxAccessSize: 4 },
    };
    system.addSubregion(0xfeb00000, MemoryRegion.io('dma', 0x10, dma));
    const block = ram.ramBlock!;
    const code: [number, number][] = [];
    const off = ramList.addCodeWriteListener((a, l) => code.push([a - block.offset, l]));
    ramList.protectCode(block.offset + 0x7000);
    block.setLogging(DIRTY_MEMORY_MIGRATION, true);
    block.testAndClearDirty(0, 0x200000, DIRTY_MEMORY_MIGRATION);

    for (let i = 0; i < 0x100; i++) as.write8(0x10000 + i, i);
    as.write32(0xfeb00000, 0x10000);
    as.write32(0xfeb00004, 0x6f80);
    as.write32(0xfeb00008, 0x100);
    expect(as.read8(0x6f80)).toBe(0);
    expect(as.read8(0x707f)).toBe(0xff);
    expect(code).toEqual([[0x6f80, 0x100]]);
    expect(block.getDirty(0x6000, 0x1000, DIRTY_MEMORY_MIGRATION)).toBe(true);
    expect(block.getDirty(0x7000, 0x1000, DIRTY_MEMORY_MIGRATION)).toBe(true);
    expect(block.getDirty(0x8000, 0x1000, DIRTY_MEMORY_MIGRATION)).toBe(false);
    // a byte access to the 4-byte-only register file is refused
    as.write8(0xfeb00008, 1);
    expect(as.read32(0xfeb00008)).toBe(0x100);
    off();
  });
});
