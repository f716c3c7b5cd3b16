import { describe, expect, it } from 'vitest';
import { AddressSpace } from './address-space.js';
import { MEMTX_DECODE_ERROR, MEMTX_OK } from './dispatch.js';
import { ramList } from './ram.js';
import { MemoryRegion, type MemoryRegionOps, memoryRegionTransaction, unassignedIoOps } from './region.js';
import { cpuInb, cpuInl, cpuInw, cpuOutw, memoryMapInit } from './system.js';

function machine(ramSize = 0x20000) {
  const sys = new MemoryRegion('system', 2 ** 64);
  const ram = MemoryRegion.ram('ram', ramSize);
  sys.addSubregion(0, ram);
  const as = new AddressSpace(sys, 'memory');
  return { sys, ram, as };
}

/** an MMIO device recording its accesses, backed by a little register file */
function recorder(ops: Partial<MemoryRegionOps> = {}) {
  const log: string[] = [];
  const regs = new Uint8Array(0x100);
  const dev: MemoryRegionOps = {
    read(addr, size) {
      log.push(`r${size}@${addr.toString(16)}`);
      let v = 0;
      for (let i = size - 1; i >= 0; i--) v = v * 256 + regs[addr + i];
      return v;
    },
    write(addr, value, size) {
      log.push(`w${size}@${addr.toString(16)}=${value.toString(16)}`);
      let v = Number(value);
      for (let i = 0; i < size; i++) {
        regs[addr + i] = v & 0xff;
        v = Math.floor(v / 256);
      }
    },
    ...ops,
  };
  return { log, regs, dev };
}

describe('AddressSpace over RAM', () => {
  it('reads and writes little-endian through every width', () => {
    const { as, ram } = machine();
    as.write32(0x1000, 0x11223344);
    expect(Array.from(ram.getRamPtr().subarray(0x1000, 0x1004))).toEqual([0x44, 0x33, 0x22, 0x11]);
    expect(as.read8(0x1001)).toBe(0x33);
    expect(as.read16(0x1002)).toBe(0x1122);
    expect(as.read32(0x1000)).toBe(0x11223344);
    as.write32(0x1004, 0xdeadbeef);
    expect(as.read32(0x1004)).toBe(0xdeadbeef);
    expect(as.read64(0x1000)).toBe(0xdeadbeef11223344n);
    as.write64(0x2000, 0x0102030405060708n);
    expect(as.read32(0x2004)).toBe(0x01020304);
    as.write16(0x3000, 0x1abcd);
    expect(as.read32(0x3000)).toBe(0xabcd);
    as.write8(0x3004, 0x1ff);
    expect(as.read8(0x3004)).toBe(0xff);
  });

  it('handles accesses that straddle a page boundary', () => {
    const { as } = machine();
    as.write32(0x0ffe, 0xa1b2c3d4);
    expect(as.read8(0x0ffe)).toBe(0xd4);
    expect(as.read8(0x1001)).toBe(0xa1);
    expect(as.read32(0x0ffe)).toBe(0xa1b2c3d4);
    as.write64(0x1ffc, 0x1122334455667788n);
    expect(as.read64(0x1ffc)).toBe(0x1122334455667788n);
    expect(as.read16(0x1fff)).toBe(0x4455);
  });

  it('reads 0 from unassigned memory and ignores writes there', () => {
    const { as } = machine(0x10000);
    as.write32(0x50000, 0x12345678);
    expect(as.read32(0x50000)).toBe(0);
    expect(as.read8(0xffffffff)).toBe(0);
    // a 4-byte access half in RAM, half in the hole
    as.write32(0xfffe, 0xaabbccdd);
    expect(as.read32(0xfffe)).toBe(0xccdd);
    const buf = new Uint8Array(4).fill(0x55);
    expect(as.read(0x20000, buf)).toBe(MEMTX_DECODE_ERROR);
    expect(Array.from(buf)).toEqual([0, 0, 0, 0]);
  });

  it('moves buffers across RAM, MMIO and holes (address_space_read/write)', () => {
    const { sys, as } = machine(0x10000);
    const { dev, log } = recorder();
    sys.addSubregion(0x10000, MemoryRegion.io('dev', 0x100, dev));
    const data = Uint8Array.from({ length: 0x10 }, (_, i) => i + 1);
    expect(as.write(0xfff8, data)).toBe(MEMTX_OK);
    // 8 bytes into RAM, then the MMIO part in the largest aligned pieces (max 4)
    expect(log).toEqual(['w4@0=c0b0a09', 'w4@4=100f0e0d']);
    const back = new Uint8Array(0x10);
    as.read(0xfff8, back);
    expect(Array.from(back)).toEqual(Array.from(data));
  });

  it('gives the TLB the page behind RAM and nothing for MMIO or unassigned', () => {
    const { sys, as, ram } = machine();
    sys.addSubregion(0x100000, MemoryRegion.io('dev', 0x1000, recorder().dev));
    const p = as.ramPage(0x1234, false)!;
    expect(p.ram).toBe(ram.ramBlock!.host);
    expect(p.offset).toBe(0x1000);
    expect(p.ramAddr).toBe(ram.ramBlock!.offset + 0x1000);
    expect(as.ramPage(0x1234, true)?.offset).toBe(0x1000);
    expect(as.ramPage(0x100000, false)).toBeUndefined();
    expect(as.ramPage(0x200000, false)).toBeUndefined();
  });
});

describe('MMIO dispatch through an AddressSpace', () => {
  it('passes aligned accesses of valid sizes to the callbacks', () => {
    const { sys, as } = machine();
    const { dev, log } = recorder();
    sys.addSubregion(0xfee00000, MemoryRegion.io('dev', 0x100, dev));
    as.write32(0xfee00010, 0xcafebabe);
    expect(as.read32(0xfee00010)).toBe(0xcafebabe);
    expect(as.read16(0xfee00012)).toBe(0xcafe);
    expect(as.read8(0xfee00011)).toBe(0xba);
    expect(log).toEqual(['w4@10=cafebabe', 'r4@10', 'r2@12', 'r1@11']);
  });

  it('sends an MMIO access whole to the region at its address, over what overlaps its tail (0xcf8/0xcf9)', () => {
    const sys = MemoryRegion.io('io', 0x10000, unassignedIoOps);
    const io = new AddressSpace(sys, 'I/O');
    const conf = recorder({ valid: { minAccessSize: 1, maxAccessSize: 4 } });
    const rcr = recorder({ valid: { minAccessSize: 1, maxAccessSize: 1 } });
    sys.addSubregion(0xcf8, MemoryRegion.io('pci-conf-idx', 4, conf.dev));
    sys.addSubregionOverlap(0xcf9, MemoryRegion.io('piix-reset-control', 1, rcr.dev), 1);
    io.write32(0xcf8, 0x80000000);
    cpuInl(io, 0xcf8);
    expect(conf.log).toEqual(['w4@0=80000000', 'r4@0']);
    expect(rcr.log).toEqual([]);
    // A byte at 0xcf9 still goes to the overlapping register.
    cpuInb(io, 0xcf9);
    expect(rcr.log).toEqual(['r1@0']);
  });

  it('rejects unaligned accesses unless valid.unaligned', () => {
    const { sys, as } = machine();
    const a = recorder();
    const b = recorder({ valid: { unaligned: true }, impl: { unaligned: true } });
    sys.addSubregion(0x100000, MemoryRegion.io('strict', 0x100, a.dev));
    sys.addSubregion(0x200000, MemoryRegion.io('lax', 0x100, b.dev));
    a.regs.set([1, 2, 3, 4, 5], 0);
    b.regs.set([1, 2, 3, 4, 5], 0);
    expect(as.read32(0x100001)).toBe(0);
    as.write16(0x100001, 0xffff);
    expect(a.log).toEqual([]);
    expect(as.read32(0x200001)).toBe(0x05040302);
    expect(b.log).toEqual(['r4@1']);
  });

  it('rejects sizes outside valid.min/max and what accepts() refuses', () => {
    const { sys, as } = machine();
    const a = recorder({ valid: { minAccessSize: 2, maxAccessSize: 2 } });
    sys.addSubregion(0x100000, MemoryRegion.io('d16', 0x100, a.dev));
    as.write8(0x100000, 1);
    as.write32(0x100000, 1);
    as.write16(0x100000, 0x1234);
    expect(a.log).toEqual(['w2@0=1234']);
    const b = recorder({ valid: { accepts: (addr, _size, isWrite) => !isWrite || addr < 8 } });
    sys.addSubregion(0x200000, MemoryRegion.io('acc', 0x100, b.dev));
    as.write8(0x200010, 7);
    as.write8(0x200004, 7);
    expect(b.log).toEqual(['w1@4=7']);
  });

  it('splits wide accesses into impl-sized pieces, little- and big-endian', () => {
    const { sys, as } = machine();
    const le = recorder({ impl: { maxAccessSize: 1 } });
    const be = recorder({ impl: { maxAccessSize: 1 }, endianness: 'big' });
    sys.addSubregion(0x100000, MemoryRegion.io('le', 0x100, le.dev));
    sys.addSubregion(0x200000, MemoryRegion.io('be', 0x100, be.dev));
    as.write32(0x100000, 0x11223344);
    expect(le.log).toEqual(['w1@0=44', 'w1@1=33', 'w1@2=22', 'w1@3=11']);
    expect(as.read32(0x100000)).toBe(0x11223344);
    // the guest stores 0x11223344 little-endian; a big-endian device sees the bytes in memory order
    as.write32(0x200000, 0x11223344);
    expect(be.log).toEqual(['w1@0=44', 'w1@1=33', 'w1@2=22', 'w1@3=11']);
    expect(as.read32(0x200000)).toBe(0x11223344);
    expect(as.read64(0x100000)).toBe(0x11223344n);
  });

  it('swaps whole accesses for big-endian devices', () => {
    const { sys, as } = machine();
    const be = recorder({ endianness: 'big' });
    sys.addSubregion(0x100000, MemoryRegion.io('be', 0x100, be.dev));
    as.write32(0x100000, 0x11223344);
    expect(be.log).toEqual(['w4@0=44332211']);
    // the device answers 0x2211 for its first half-word; the guest sees it byte-swapped
    expect(as.read16(0x100000)).toBe(0x1122);
  });

  it('widens small accesses to impl.minAccessSize', () => {
    const { sys, as } = machine();
    const d = recorder({ impl: { minAccessSize: 4 } });
    d.regs.set([0x11, 0x22, 0x33, 0x44], 0);
    sys.addSubregion(0x100000, MemoryRegion.io('w', 0x100, d.dev));
    expect(as.read8(0x100000)).toBe(0x11);
    expect(as.read16(0x100002)).toBe(0x4433);
    expect(d.log).toEqual(['r4@0', 'r4@2']);
  });

  it('carries 64-bit accesses as bigint', () => {
    const { sys, as } = machine();
    let seen: unknown;
    sys.addSubregion(
      0x100000,
      MemoryRegion.io('q', 0x100, {
        read: () => 0x8877665544332211n,
        write: (_a, v) => {
          seen = v;
        },
        valid: { maxAccessSize: 8 },
        impl: { maxAccessSize: 8 },
      }),
    );
    expect(as.read64(0x100000)).toBe(0x8877665544332211n);
    as.write64(0x100000, 0xffeeddccbbaa9988n);
    expect(seen).toBe(0xffeeddccbbaa9988n);
    const buf = new Uint8Array(8);
    as.read(0x100000, buf);
    expect(Array.from(buf)).toEqual([0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88]);
  });
});

describe('region kinds', () => {
  it('ROM reads like RAM and ignores guest writes; writeRom loads it', () => {
    const { sys, as } = machine();
    const rom = MemoryRegion.rom('bios', 0x10000);
    sys.addSubregion(0xffff0000, rom);
    as.writeRom(0xfffffff0, Uint8Array.of(0xea, 0x5b, 0xe0));
    expect(as.read8(0xfffffff0)).toBe(0xea);
    as.write8(0xfffffff0, 0x90);
    as.write(0xfffffff0, Uint8Array.of(1, 2, 3));
    expect(as.read32(0xfffffff0)).toBe(0xe05bea);
    expect(as.ramPage(0xfffffff0, false)).toBeDefined();
    expect(as.ramPage(0xfffffff0, true)).toBeUndefined();
  });

  it('ROM device: direct reads in romd mode, MMIO reads otherwise, writes always MMIO', () => {
    const { sys, as } = machine();
    const d = recorder();
    d.regs[0] = 0x77;
    const flash = MemoryRegion.romDevice('flash', 0x1000, d.dev);
    flash.getRamPtr()[0] = 0x42;
    sys.addSubregion(0x100000, flash);
    expect(as.read8(0x100000)).toBe(0x42);
    as.write8(0x100000, 0x99);
    expect(flash.getRamPtr()[0]).toBe(0x42);
    expect(d.log).toEqual(['w1@0=99']);
    flash.romDeviceSetRomd(false);
    expect(as.read8(0x100000)).toBe(0x99);
    expect(as.ramPage(0x100000, false)).toBeUndefined();
  });

  it('aliases map a window of another region', () => {
    const { sys, as, ram } = machine(0x20000);
    const bios = MemoryRegion.rom('pc.bios', 0x40000);
    bios.getRamPtr()[0x20000] = 0xab;
    sys.addSubregion(0xfffc0000, bios);
    sys.addSubregionOverlap(0xe0000, MemoryRegion.alias('isa-bios', bios, 0x20000, 0x20000), 1);
    expect(as.read8(0xe0000)).toBe(0xab);
    const hi = MemoryRegion.alias('ram-hi', ram, 0x10000, 0x10000);
    sys.addSubregion(0x40000000, hi);
    as.write16(0x40000010, 0xbeef);
    expect(as.read16(0x10010)).toBe(0xbeef);
  });

  it('I/O space: holes read all ones, odd word ports split into bytes', () => {
    const { systemIo, addressSpaceIo: io } = memoryMapInit();
    expect(cpuInb(io, 0x80)).toBe(0xff);
    expect(cpuInw(io, 0x81)).toBe(0xffff);
    expect(cpuInl(io, 0x84)).toBe(0xffffffff);
    const d = recorder();
    systemIo.addSubregion(0x60, MemoryRegion.io('kbd', 4, d.dev));
    cpuOutw(io, 0x61, 0xa55a);
    expect(d.log).toEqual(['w1@1=5a', 'w1@2=a5']);
    expect(cpuInw(io, 0x62)).toBe(0xa5);
    expect(unassignedIoOps.read!(0, 1)).toBe(0xffffffff);
    io.destroy();
  });
});

describe('topology', () => {
  it('higher priority wins, equal priority: the later-added region wins', () => {
    const { sys, as } = machine();
    const a = MemoryRegion.io('a', 0x1000, { read: () => 0xa });
    const b = MemoryRegion.io('b', 0x1000, { read: () => 0xb });
    const c = MemoryRegion.io('c', 0x1000, { read: () => 0xc });
    sys.addSubregionOverlap(0x100000, a, 2);
    sys.addSubregionOverlap(0x100000, b, 1);
    expect(as.read8(0x100000)).toBe(0xa);
    sys.delSubregion(a);
    expect(as.read8(0x100000)).toBe(0xb);
    sys.addSubregionOverlap(0x100000, c, 1);
    expect(as.read8(0x100000)).toBe(0xc);
    // a container is transparent where it has no subregion
    const box = new MemoryRegion('box', 0x2000);
    box.addSubregion(0x1000, MemoryRegion.io('inner', 0x1000, { read: () => 0xd }));
    sys.addSubregionOverlap(0x100000, box, 5);
    expect(as.read8(0x100000)).toBe(0xc);
    expect(as.read8(0x101000)).toBe(0xd);
  });

  it('enable, move, resize and alias-offset changes update the view', () => {
    const { sys, as, ram } = machine();
    ram.getRamPtr()[0x10] = 1;
    ram.getRamPtr()[0x1010] = 2;
    const win = MemoryRegion.alias('win', ram, 0, 0x1000);
    sys.addSubregion(0x80000000, win);
    expect(as.read8(0x80000010)).toBe(1);
    win.setAliasOffset(0x1000);
    expect(as.read8(0x80000010)).toBe(2);
    win.setAddress(0x90000000);
    expect(as.read8(0x80000010)).toBe(0);
    expect(as.read8(0x90000010)).toBe(2);
    win.setEnabled(false);
    expect(as.read8(0x90000010)).toBe(0);
    win.setEnabled(true);
    win.setSize(0x10);
    expect(as.read8(0x90000010)).toBe(0);
    expect(as.read8(0x9000000f)).toBe(0);
  });

  it('a transaction rebuilds the flat view once, at the outer commit', () => {
    const { sys, as } = machine();
    let rebuilds = 0;
    as.addTopologyListener(() => rebuilds++);
    const before = as.flatView;
    memoryRegionTransaction(() => {
      for (let i = 0; i < 16; i++) sys.addSubregion(0x100000 + i * 0x1000, MemoryRegion.io(`d${i}`, 0x1000));
      memoryRegionTransaction(() => sys.addSubregion(0x200000, MemoryRegion.io('e', 0x1000)));
      expect(as.flatView).toBe(before);
    });
    expect(as.flatView).not.toBe(before);
    expect(rebuilds).toBe(1);
    expect(as.flatView.ranges.map((r) => r.mr.name).slice(0, 3)).toEqual(['ram', 'd0', 'd1']);
  });

  it('address spaces with the same root share one flat view', () => {
    const { sys, as } = machine();
    const cpu = new AddressSpace(sys, 'cpu-memory-0');
    expect(cpu.flatView).toBe(as.flatView);
    cpu.destroy();
  });

  it('refuses to map a region twice', () => {
    const { sys } = machine();
    const r = MemoryRegion.io('x', 0x10);
    sys.addSubregion(0x1000, r);
    expect(() => sys.addSubregion(0x2000, r)).toThrow("memory region 'x' is already mapped in 'system'");
  });
});

describe('dirty tracking', () => {
  it('reports writes through the AddressSpace to pages holding code until unprotected', () => {
    const { sys, as, ram } = machine();
    const hits: [number, number][] = [];
    const off = ramList.addCodeWriteListener((ramAddr, len) => hits.push([ramAddr, len]));
    const base = ram.ramBlock!.offset;
    sys.addSubregion(0x100000, MemoryRegion.alias('mirror', ram, 0, 0x10000));
    ramList.protectCode(base + 0x2000);
    expect(ramList.isCodeProtected(base + 0x2fff)).toBe(true);
    // the TLB may not write such a page directly
    expect(as.ramPage(0x2000, true)).toBeUndefined();
    as.write8(0x1fff, 1);
    as.write32(0x2004, 1);
    as.write(0x101ffe, new Uint8Array(4));
    as.writeRom(0x2100, new Uint8Array(2));
    expect(hits).toEqual([
      [base + 0x2004, 4],
      [base + 0x1ffe, 4],
      [base + 0x2100, 2],
    ]);
    ramList.unprotectCode(base + 0x2000);
    as.write8(0x2000, 1);
    expect(hits.length).toBe(3);
    expect(as.ramPage(0x2000, true)).toBeDefined();
    off();
  });

  it('logs VGA-style dirty pages while logging is on', () => {
    const { as, ram } = machine();
    ram.setLog(true, 0);
    ram.resetDirty(0, 0x20000, 0);
    expect(ram.getDirty(0, 0x20000, 0)).toBe(false);
    as.write8(0x3003, 1);
    expect(ram.getDirty(0x3000, 0x1000, 0)).toBe(true);
    expect(ram.getDirty(0x4000, 0x1000, 0)).toBe(false);
  });
});
