import { deviceColdReset, qemuAllocateIrq, qemuSetIrq } from '@tsemu/qdev';
import { describe, expect, test } from 'vitest';
import { i8259Init, picPrintInfo, picReadIrq } from '../../src/intc/i8259.js';
import { isaHarness } from './harness.js';

function setup() {
  const h = isaHarness();
  const intr = { level: 0, changes: 0 };
  const cpuIrq = qemuAllocateIrq(
    (_o, _n, level) => {
      if (level !== intr.level) intr.changes++;
      intr.level = level;
    },
    undefined,
    0,
  );
  const pics = i8259Init(h.bus, cpuIrq);
  deviceColdReset(pics.master);
  deviceColdReset(pics.slave);
  return { ...pics, intr, out: h.out, inb: h.inb };
}

/** The sequence Linux's init_8259A and SeaBIOS use: vectors 0x08 (or base) and 0x70, cascade on 2. */
function initPics(out: (p: number, v: number) => void, masterBase = 0x08, slaveBase = 0x70, icw4 = 0x01) {
  out(0x20, 0x11);
  out(0x21, masterBase);
  out(0x21, 0x04);
  out(0x21, icw4);
  out(0xa0, 0x11);
  out(0xa1, slaveBase);
  out(0xa1, 0x02);
  out(0xa1, icw4);
}

describe('isa-i8259', () => {
  test('reset state and info pic as QEMU prints it', () => {
    const { master, slave, inb } = setup();
    expect(picPrintInfo(slave) + picPrintInfo(master)).toBe(
      'pic1: irr=00 imr=00 isr=00 hprio=0 irq_base=00 rr_sel=0 elcr=00 fnm=0\n' +
        'pic0: irr=00 imr=00 isr=00 hprio=0 irq_base=00 rr_sel=0 elcr=00 fnm=0\n',
    );
    expect([inb(0x20), inb(0x21), inb(0xa0), inb(0xa1), inb(0x4d0), inb(0x4d1)]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  test('edge IRQ0: INTR, acknowledge to the vector, ISR until EOI', () => {
    const { irqs, master, intr, out, inb } = setup();
    initPics(out);
    out(0x21, 0xfe);
    qemuSetIrq(irqs[0], 1);
    expect(intr.level).toBe(1);
    expect(inb(0x20)).toBe(0x01); // IRR
    expect(picReadIrq(master)).toBe(0x08);
    expect(intr.level).toBe(0);
    out(0x20, 0x0b); // OCW3: read ISR
    expect(inb(0x20)).toBe(0x01);
    qemuSetIrq(irqs[0], 0);
    qemuSetIrq(irqs[0], 1); // a new edge while in service waits in IRR
    expect(intr.level).toBe(0);
    out(0x20, 0x20); // non-specific EOI
    expect(inb(0x20)).toBe(0x00); // still reading ISR
    expect(intr.level).toBe(1);
    out(0x20, 0x0a);
    expect(inb(0x20)).toBe(0x01);
    expect(picPrintInfo(master)).toBe(
      'pic0: irr=01 imr=fe isr=00 hprio=0 irq_base=08 rr_sel=0 elcr=00 fnm=0\n',
    );
  });

  test('a high level without a new edge is not requested again', () => {
    const { irqs, master, intr, out } = setup();
    initPics(out);
    qemuSetIrq(irqs[1], 1);
    expect(picReadIrq(master)).toBe(0x09);
    out(0x20, 0x20);
    qemuSetIrq(irqs[1], 1);
    expect(intr.level).toBe(0);
  });

  test('slave interrupts cascade through IRQ2', () => {
    const { irqs, master, slave, intr, out, inb } = setup();
    initPics(out);
    qemuSetIrq(irqs[8], 1);
    expect(intr.level).toBe(1);
    expect(picReadIrq(master)).toBe(0x70);
    out(0x20, 0x0b);
    out(0xa0, 0x0b);
    expect([inb(0x20), inb(0xa0)]).toEqual([0x04, 0x01]);
    out(0xa0, 0x20);
    out(0x20, 0x20);
    expect([inb(0x20), inb(0xa0)]).toEqual([0, 0]);
    expect(picPrintInfo(slave)).toBe(
      'pic1: irr=00 imr=00 isr=00 hprio=0 irq_base=70 rr_sel=1 elcr=00 fnm=0\n',
    );
  });

  test('priority: a lower input waits for the one in service; rotation changes the order', () => {
    const { irqs, master, intr, out, inb } = setup();
    initPics(out);
    qemuSetIrq(irqs[3], 1);
    expect(picReadIrq(master)).toBe(0x0b);
    qemuSetIrq(irqs[5], 1);
    expect(intr.level).toBe(0);
    qemuSetIrq(irqs[1], 1); // higher priority preempts
    expect(intr.level).toBe(1);
    expect(picReadIrq(master)).toBe(0x09);
    out(0x20, 0x0b);
    expect(inb(0x20)).toBe(0x0a);
    out(0x20, 0x20); // EOIs IRQ1, the highest in service
    expect(inb(0x20)).toBe(0x08);
    out(0x20, 0x63); // specific EOI of IRQ3
    expect(inb(0x20)).toBe(0x00);
    expect(picReadIrq(master)).toBe(0x0d);
    out(0x20, 0xa0); // rotate on non-specific EOI: IRQ5 becomes lowest
    expect(master.priorityAdd).toBe(6);
    qemuSetIrq(irqs[0], 1);
    qemuSetIrq(irqs[6], 1);
    expect(picReadIrq(master)).toBe(0x0e); // 6 now beats 0
    out(0x20, 0xc3); // set priority: IRQ3 lowest, so 4 highest
    expect(master.priorityAdd).toBe(4);
    out(0x20, 0xe6); // rotate on specific EOI 6
    expect(master.priorityAdd).toBe(7);
    expect(picReadIrq(master)).toBe(0x08);
  });

  test('spurious IRQ7 and IRQ15', () => {
    const { irqs, master, out, inb } = setup();
    initPics(out);
    expect(picReadIrq(master)).toBe(0x0f);
    out(0x20, 0x0b);
    expect(inb(0x20)).toBe(0); // the spurious vector sets no ISR bit
    // the slave requests, then drops its line before the acknowledge (level-triggered)
    out(0x4d1, 0x02);
    qemuSetIrq(irqs[9], 1);
    master.irr |= 0x04; // master latched the cascade edge
    qemuSetIrq(irqs[9], 0);
    expect(picReadIrq(master)).toBe(0x77);
  });

  test('auto EOI (ICW4 bit 1) leaves no ISR bit', () => {
    const { irqs, master, out, inb } = setup();
    initPics(out, 0x20, 0x28, 0x03);
    qemuSetIrq(irqs[4], 1);
    expect(picReadIrq(master)).toBe(0x24);
    out(0x20, 0x0b);
    expect(inb(0x20)).toBe(0);
    out(0x20, 0x80); // rotate in AEOI mode
    qemuSetIrq(irqs[4], 0);
    qemuSetIrq(irqs[4], 1);
    expect(picReadIrq(master)).toBe(0x24);
    expect(master.priorityAdd).toBe(5);
  });

  test('poll mode acknowledges through a read', () => {
    const { irqs, out, inb } = setup();
    initPics(out);
    out(0x20, 0x0c);
    expect(inb(0x20)).toBe(0); // nothing pending
    qemuSetIrq(irqs[6], 1);
    out(0x20, 0x0c);
    expect(inb(0x20)).toBe(0x86);
    out(0x20, 0x0b);
    expect(inb(0x20)).toBe(0x40);
  });

  test('special mask mode lets lower inputs through while one is in service', () => {
    const { irqs, master, intr, out } = setup();
    initPics(out);
    qemuSetIrq(irqs[2 + 1], 1);
    expect(picReadIrq(master)).toBe(0x0b);
    out(0x21, 0x08); // mask the one in service
    qemuSetIrq(irqs[5], 1);
    expect(intr.level).toBe(0);
    out(0x20, 0x68); // OCW3: set special mask
    expect(intr.level).toBe(0); // takes effect at the next update
    out(0x21, 0x08);
    expect(intr.level).toBe(1);
    expect(picReadIrq(master)).toBe(0x0d);
    out(0x20, 0x48); // clear special mask
    expect(master.specialMask).toBe(0);
  });

  test('ELCR: level-triggered inputs, masks per controller, kept by ICW1, cleared by reset', () => {
    const { irqs, master, slave, intr, out, inb } = setup();
    out(0x4d0, 0xff);
    out(0x4d1, 0xff);
    expect([inb(0x4d0), inb(0x4d1)]).toEqual([0xf8, 0xde]);
    initPics(out);
    expect(inb(0x4d0)).toBe(0xf8);
    qemuSetIrq(irqs[11], 1);
    expect(picReadIrq(master)).toBe(0x73);
    out(0xa0, 0x20);
    out(0x20, 0x20);
    expect(intr.level).toBe(1); // the level is still high
    qemuSetIrq(irqs[11], 0);
    expect(inb(0xa0)).toBe(0);
    // the master latched the cascade's edge: what is left is the slave's spurious vector
    expect(intr.level).toBe(1);
    expect(picReadIrq(master)).toBe(0x77);
    deviceColdReset(slave);
    expect(inb(0x4d1)).toBe(0);
  });

  test('ICW1 LTIM is recorded but, as in QEMU 7.2, the ELCR alone selects level triggering', () => {
    const { irqs, master, out, inb } = setup();
    out(0x20, 0x19);
    out(0x21, 0x08);
    out(0x21, 0x04);
    out(0x21, 0x01);
    expect(master.ltim).toBe(0x08);
    qemuSetIrq(irqs[0], 1);
    expect(picReadIrq(master)).toBe(0x08);
    expect(inb(0x20)).toBe(0x00); // cleared at acknowledge, as an edge
  });
});
