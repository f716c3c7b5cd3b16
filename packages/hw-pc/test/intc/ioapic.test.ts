import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoryMapInit } from '@tsemu/memory';
import { deviceColdReset, qemuSetIrq } from '@tsemu/qdev';
import { describe, expect, test } from 'vitest';
import { gsiInit } from '../../src/intc/gsi.js';
import { i8259Init } from '../../src/intc/i8259.js';
import { pcInfoPic } from '../../src/intc/info-pic.js';
import { ioapicEoiBroadcast, ioapicInitGsi, ioapicPrintRedtbl } from '../../src/intc/ioapic.js';
import { isaHarness } from './harness.js';

const BASE = 0xfec00000;
const capture = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  '..',
  'shared',
  'reference',
  'qemu-7.2',
  'hmp',
  'nodefaults',
  'info-pic.txt',
);

function setup() {
  const sm = memoryMapInit();
  const { ioapic, irqs } = ioapicInitGsi(undefined, sm.systemMemory);
  deviceColdReset(ioapic);
  const msgs: [number, number][] = [];
  ioapic.msiWrite = (a, d) => msgs.push([a >>> 0, d]);
  const as = sm.addressSpaceMemory;
  const rd = (reg: number) => {
    as.write32(BASE, reg);
    return as.read32(BASE + 0x10) >>> 0;
  };
  const wr = (reg: number, v: number) => {
    as.write32(BASE, reg);
    as.write32(BASE + 0x10, v);
  };
  return { ioapic, irqs, as, rd, wr, msgs };
}

describe('ioapic', () => {
  test('ID, version, redirection entries after reset', () => {
    const { rd, wr, as } = setup();
    expect(rd(0)).toBe(0);
    expect(rd(1)).toBe(0x170020);
    expect(rd(0x10)).toBe(0x10000);
    expect(rd(0x11)).toBe(0);
    wr(0, 0xff000000);
    expect(rd(0)).toBe(0x0f000000);
    expect(rd(2)).toBe(0x0f000000); // arbitration ID follows
    wr(1, 0);
    expect(rd(1)).toBe(0x170020);
    expect(as.read32(BASE) >>> 0).toBe(1); // IOREGSEL reads back
    expect(rd(0x40)).toBe(0); // past the 24 entries
  });

  test('an unmasked edge pin sends its message; ISA IRQ 0 arrives on pin 2', () => {
    const { ioapic, irqs, wr, rd, msgs } = setup();
    wr(0x10 + 2 * 2, 0x30);
    wr(0x10 + 2 * 2 + 1, 0x01000000);
    qemuSetIrq(irqs[0], 1);
    expect(msgs).toEqual([[0xfee01000, 0x30]]);
    expect(ioapic.irr).toBe(0);
    // a masked edge is ignored altogether
    qemuSetIrq(irqs[4], 1);
    expect(ioapic.irr).toBe(0);
    expect(rd(0x14)).toBe(0x30);
  });

  test('level pins: remote IRR until EOI, read-only status bits, info pic', () => {
    const { ioapic, irqs, wr, rd, msgs, as } = setup();
    wr(0x10 + 2 * 9, 0x1a000 | 0x41); // level, active-lo, masked, vector 0x41
    qemuSetIrq(irqs[9], 1);
    expect(msgs).toEqual([]);
    expect(ioapic.irr).toBe(1 << 9);
    wr(0x10 + 2 * 9, 0xa000 | 0x41 | 0x4000 | 0x1000); // unmask; RO bits ignored
    expect(msgs).toEqual([[0xfee00000, 0x8041]]);
    expect(rd(0x10 + 2 * 9)).toBe(0xa000 | 0x41 | 0x4000);
    qemuSetIrq(irqs[9], 1); // remote IRR set: coalesced
    expect(msgs.length).toBe(1);
    const text = ioapicPrintRedtbl(ioapic);
    expect(text).toContain(
      '  pin 9  0x000000000000e041 dest=0 vec=65  active-lo level        fixed  physical\n',
    );
    expect(text.endsWith('  IRR      9  \n  Remote IRR 9  \n')).toBe(true);
    as.write32(BASE + 0x40, 0x41); // EOI register: the line is still high, so it is sent again
    expect(msgs.length).toBe(2);
    qemuSetIrq(irqs[9], 0);
    ioapicEoiBroadcast(ioapic, 0x41);
    expect(rd(0x10 + 2 * 9)).toBe(0xa041);
    expect(ioapicPrintRedtbl(ioapic)).toContain('ioapic0: ver=0x20 id=0x00 sel=0x22 (redir[9])\n');
  });

  test.skipIf(!existsSync(capture))(
    'info pic after reset is QEMU 7.2 -M pc -nodefaults, byte for byte',
    () => {
      const { ioapic } = setup();
      const h = isaHarness();
      const pics = i8259Init(h.bus, undefined);
      deviceColdReset(pics.master);
      deviceColdReset(pics.slave);
      expect(pcInfoPic(pics, ioapic)).toBe(readFileSync(capture, 'utf8').replace(/\r\n/g, '\n'));
    },
  );
});

describe('GSI lines', () => {
  test('ISA IRQs reach both the 8259 and the I/O APIC (IRQ 0 on pin 2); GSI 16+ only the I/O APIC', () => {
    const { ioapic, irqs: apicIn, wr, msgs } = setup();
    const h = isaHarness();
    const pics = i8259Init(h.bus, undefined);
    deviceColdReset(pics.master);
    deviceColdReset(pics.slave);
    const { gsi } = gsiInit(pics.irqs, apicIn);
    wr(0x10 + 2 * 2, 0x30);
    qemuSetIrq(gsi[0], 1);
    expect(pics.master.irr).toBe(0x01);
    expect(msgs).toEqual([[0xfee00000, 0x30]]);
    qemuSetIrq(gsi[19], 1); // masked pin, edge: dropped; the PIC never sees GSI 19
    expect([pics.master.irr, pics.slave.irr, ioapic.irr]).toEqual([0x01, 0, 0]);
    wr(0x10 + 2 * 19, 0x18031); // level, masked
    qemuSetIrq(gsi[19], 1);
    expect(ioapic.irr).toBe(1 << 19);
  });
});
