import { describe, expect, it } from 'vitest';
import { BACKENDS, GuestFault, MMIO_BASE, SLOT_EIP, TestMachine } from './__fixtures__/machine.js';
import { MO_8, MO_16, MO_32, MO_SIGN } from './ir.js';
import { PAGE_READ, PAGE_WRITE, TLB_EMPTY } from './softmmu.js';

describe.each(BACKENDS)('guest memory through the SoftTLB on %s', (backend) => {
  it('loads and stores every size, signed and unsigned, little-endian, aligned or not', () => {
    const m = new TestMachine(backend);
    m.progs.set(0x100, (s) => {
      const g = Array.from({ length: 8 }, (_, i) => s.global(i, `g${i}`));
      s.insnStart(0x100);
      s.qemuSt(g[1], g[0], MO_32, 0);
      s.qemuLd(g[2], g[0], MO_8, 0);
      s.qemuLd(g[3], g[0], MO_8 | MO_SIGN, 0);
      s.qemuLd(g[4], g[0], MO_16, 0);
      s.qemuLd(g[5], g[0], MO_16 | MO_SIGN, 0);
      s.qemuLd(g[6], g[0], MO_32, 0);
      const a2 = s.temp();
      s.addi(a2, g[0], 8);
      s.qemuSt(g[1], a2, MO_16, 0);
      s.addi(a2, g[0], 12);
      s.qemuSt(g[1], a2, MO_8, 0);
      s.exitTb(1);
    });
    for (const addr of [0x5000, 0x5001, 0x5002, 0x5003]) {
      m.ram.fill(0, 0x5000, 0x5020);
      m.env.gs.set([addr, -0x7f6e5d4c]);
      expect(m.runAt(0x100)).toBe(1);
      const g = m.env.gs;
      expect([...m.ram.subarray(addr, addr + 4)]).toEqual([0xb4, 0xa2, 0x91, 0x80]);
      expect([g[2], g[3], g[4], g[5], g[6]]).toEqual([0xb4, -0x4c, 0xa2b4, -0x5d4c, -0x7f6e5d4c]);
      expect([...m.ram.subarray(addr + 8, addr + 11)]).toEqual([0xb4, 0xa2, 0]);
      expect(m.ram[addr + 12]).toBe(0xb4);
      expect(m.ram[addr + 13]).toBe(0);
    }
  });

  it('splits accesses that cross a page onto the two physical pages', () => {
    const m = new TestMachine(backend);
    m.identity = false;
    m.pages.set(0x0000, { paddr: 0x0000, prot: 7 }); // code
    m.pages.set(0x40000, { paddr: 0x9000, prot: 7 });
    m.pages.set(0x41000, { paddr: 0x3000, prot: 7 });
    m.progs.set(0x100, (s) => {
      const g = [0, 1, 2, 3].map((i) => s.global(i, `g${i}`));
      s.insnStart(0x100);
      s.qemuSt(g[1], g[0], MO_32, 0);
      s.qemuLd(g[2], g[0], MO_32, 0);
      s.qemuLd(g[3], g[0], MO_16 | MO_SIGN, 1);
      s.exitTb(1);
    });
    m.env.gs.set([0x40ffe, 0x11223344]);
    expect(m.runAt(0x100)).toBe(1);
    expect([m.ram[0x9ffe], m.ram[0x9fff], m.ram[0x3000], m.ram[0x3001]]).toEqual([0x44, 0x33, 0x22, 0x11]);
    expect(m.env.gs[2]).toBe(0x11223344);
    expect(m.env.gs[3]).toBe(0x3344);
    m.env.gs.set([0x40fff, -2]);
    expect(m.runAt(0x100)).toBe(1);
    expect(m.env.gs[3]).toBe(-2);
    expect([m.ram[0x9fff], m.ram[0x3000], m.ram[0x3001], m.ram[0x3002]]).toEqual([0xfe, 0xff, 0xff, 0xff]);
  });

  it('sends MMIO pages to the physical memory with the access size, bytewise across pages', () => {
    const m = new TestMachine(backend);
    m.identity = false;
    m.pages.set(0x0000, { paddr: 0x0000, prot: 7 });
    m.pages.set(0x70000, { paddr: MMIO_BASE, prot: 7 });
    m.pages.set(0x71000, { paddr: MMIO_BASE + 0x5000, prot: 7 });
    m.mmioValues.set(MMIO_BASE + 0x10, 0xcafe);
    m.progs.set(0x100, (s) => {
      const g = [0, 1, 2, 3].map((i) => s.global(i, `g${i}`));
      s.insnStart(0x100);
      s.qemuLd(g[2], g[0], MO_16, 0);
      s.qemuSt(g[1], g[0], MO_32, 0);
      s.exitTb(1);
    });
    m.env.gs.set([0x70010, 0x01020304]);
    m.runAt(0x100);
    expect(m.env.gs[2]).toBe(0xcafe);
    m.env.gs.set([0x70fff, 0x0a0b0c0d]);
    m.runAt(0x100);
    expect(m.mmioLog).toEqual([
      'r2 10000010',
      'w4 10000010=1020304',
      'r1 10000fff',
      'r1 10005000',
      'w1 10000fff=d',
      'w1 10005000=c',
      'w1 10005001=b',
      'w1 10005002=a',
    ]);
  });

  it('faults precisely: globals of earlier instructions stored, the faulting one restorable', () => {
    const m = new TestMachine(backend);
    m.identity = false;
    m.pages.set(0x0000, { paddr: 0x0000, prot: 7 });
    m.pages.set(0x8000, { paddr: 0x8000, prot: PAGE_READ });
    m.progs.set(0x100, (s) => {
      const g = [0, 1, 2, 3].map((i) => s.global(i, `g${i}`));
      const cc = s.global(12, 'cc_op');
      s.insnStart(0x100, 1);
      s.movi(g[2], 5);
      s.movi(cc, 3);
      s.insnStart(0x104, 2);
      s.qemuLd(g[3], g[0], MO_32, 0);
      s.movi(cc, 4);
      s.insnStart(0x108, 3);
      s.qemuSt(g[3], g[1], MO_32, 0);
      s.movi(g[2], 6);
      s.exitTb(1);
    });
    // load fault in instruction 1
    m.env.gs.set([0x9000, 0x8000, 0, 77]);
    expect(() => m.runAt(0x100)).toThrow(GuestFault);
    expect(m.env.restored).toEqual([1]);
    expect([m.env.gs[SLOT_EIP], m.env.gs[2], m.env.gs[3], m.env.gs[12]]).toEqual([0x104, 5, 77, 3]);
    // store fault (read-only page) in instruction 2
    m.env.gs.set([0x8000, 0x8004, 0, 0]);
    m.ram.set([1, 2, 3, 4], 0x8000);
    expect(() => m.runAt(0x100)).toThrow(GuestFault);
    expect(m.env.restored).toEqual([1, 2]);
    expect([m.env.gs[SLOT_EIP], m.env.gs[2], m.env.gs[3], m.env.gs[12]]).toEqual([0x108, 5, 0x04030201, 4]);
  });

  it('writes nothing when the second page of a crossing store faults', () => {
    const m = new TestMachine(backend);
    m.identity = false;
    m.pages.set(0x0000, { paddr: 0x0000, prot: 7 });
    m.pages.set(0x8000, { paddr: 0x8000, prot: 7 });
    m.pages.set(0x9000, { paddr: 0x9000, prot: PAGE_READ });
    m.progs.set(0x100, (s) => {
      s.insnStart(0x100);
      s.qemuSt(s.global(1, 'g1'), s.global(0, 'g0'), MO_32, 0);
      s.exitTb(1);
    });
    m.env.gs.set([0x8ffe, -1]);
    let fault: unknown;
    try {
      m.runAt(0x100);
    } catch (e) {
      fault = e;
    }
    expect(fault).toBeInstanceOf(GuestFault);
    // The fault is reported at the start of the second page, as QEMU's page2 probe (CR2 on x86).
    expect((fault as GuestFault).vaddr).toBe(0x9000);
    expect([m.ram[0x8ffe], m.ram[0x8fff], m.ram[0x9000]]).toEqual([0, 0, 0]);
  });
});

describe('SoftTLB', () => {
  it('keeps a mapping until flushPage or flush, and flushes a whole large page', () => {
    const m = new TestMachine('js');
    const tlb = m.tlb;
    m.ram[0x3000] = 0x33;
    m.ram[0x4000] = 0x44;
    tlb.setPage(0x800000, 0x3000, PAGE_READ | PAGE_WRITE, 0);
    expect(tlb.ld8(0x800000, 0)).toBe(0x33);
    // a stale entry stays until flushed, as on hardware
    m.pages.set(0x800000, { paddr: 0x4000, prot: 7 });
    m.identity = false;
    expect(tlb.ld8(0x800000, 0)).toBe(0x33);
    tlb.flushPage(0x800123);
    expect(tlb.ld8(0x800000, 0)).toBe(0x44);
    // 4 MiB page: flushPage anywhere inside it drops entries of other 4 KiB pieces
    tlb.setPage(0xc0001000, 0x3000, PAGE_READ, 1, 0x400000);
    const idx = (1 << tlb.bits) | ((0xc0001000 >>> 12) & tlb.mask);
    expect(tlb.tagRead[idx]).toBe(0xc0001000 | 0);
    tlb.flushPage(0xc0300000);
    expect(tlb.tagRead[idx]).toBe(TLB_EMPTY);
    tlb.setPage(0x5000, 0x5000, PAGE_READ, 0);
    tlb.flush();
    expect(tlb.tagRead.every((t) => t === TLB_EMPTY)).toBe(true);
  });

  it('helpers access memory through the same fast and slow paths', () => {
    const m = new TestMachine('interp');
    const tlb = m.tlb;
    tlb.st32(0x6ffe, 0x11223344, 0);
    expect([tlb.ld8(0x6ffe, 0), tlb.ld16(0x6fff, 0), tlb.ld32(0x6ffe, 0)]).toEqual([
      0x44, 0x2233, 0x11223344,
    ]);
    tlb.st16(0x7001, 0xabcd, 1);
    tlb.st8(0x7003, 0x1ef, 1);
    expect(tlb.ld32(0x7000, 1)).toBe(0xefabcd22 | 0);
    expect(tlb.translate(0x7003, 0, 0)).toBe(0x7003);
    expect(tlb.ldCode(0x6ffe, MO_32, 0)).toBe(0xcd223344);
  });
});
