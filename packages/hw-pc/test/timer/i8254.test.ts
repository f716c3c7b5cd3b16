import {
  clockSetManual,
  clockStep,
  deviceColdReset,
  QEMU_CLOCK_VIRTUAL,
  qemuAllocateIrq,
  qemuClockGetNs,
  qemuClockResetAll,
} from '@tsemu/qdev';
import { afterEach, describe, expect, test } from 'vitest';
import { isaBusRegisterInputIrqs } from '../../src/isa/isa-bus.js';
import { i8254PitInit, PIT_FREQ } from '../../src/timer/i8254.js';
import { pcspkInit } from '../../src/timer/pcspk.js';
import { isaHarness } from '../intc/harness.js';

/** ns at which `ticks` PIT clocks have elapsed since 0 */
const ticksNs = (ticks: number) => Math.ceil((ticks * 1e9) / PIT_FREQ);

function setup() {
  qemuClockResetAll();
  clockSetManual(true);
  const h = isaHarness();
  const irq0 = { level: 0, rises: [] as number[] };
  isaBusRegisterInputIrqs(h.bus, [
    qemuAllocateIrq(
      (_o, _n, level) => {
        if (level && !irq0.level) irq0.rises.push(qemuClockGetNs(QEMU_CLOCK_VIRTUAL));
        irq0.level = level;
      },
      undefined,
      0,
    ),
  ]);
  const pit = i8254PitInit(h.bus);
  const spk = pcspkInit(h.bus, pit);
  deviceColdReset(pit);
  deviceColdReset(spk);
  irq0.rises.length = 0;
  return { ...h, pit, irq0 };
}

afterEach(() => qemuClockResetAll());

describe('isa-pit', () => {
  test('reset state through read-back: mode 3, output high, count 0x10000', () => {
    const { out, inb } = setup();
    out(0x43, 0xee); // read-back (11), no count (1), status (0), all channels (111)
    expect([inb(0x40), inb(0x41), inb(0x42)]).toEqual([0x86, 0x86, 0x86]);
    out(0x43, 0xde); // 11 0 1 111 0: counts only
    // rw mode 0 reads the latch as LSB only
    expect([inb(0x40), inb(0x41), inb(0x42)]).toEqual([0x00, 0x00, 0x00]);
    expect(inb(0x43)).toBe(0);
  });

  test('channel 0 in mode 2 at 1193 interrupts at 1000 Hz on the virtual clock', () => {
    const { out, irq0 } = setup();
    out(0x43, 0x34);
    out(0x40, 1193 & 0xff);
    out(0x40, 1193 >> 8);
    clockStep(10_000_000);
    expect(irq0.rises.length).toBe(10);
    // each pulse comes at the period boundary, within one PIT clock (QEMU's rounding)
    irq0.rises.forEach((t, i) => {
      expect(t).toBeGreaterThanOrEqual(ticksNs(1193 * (i + 1)));
      expect(t).toBeLessThanOrEqual(ticksNs(1193 * (i + 1) + 1));
    });
  });

  test('mode 0 counts down once: output rises at terminal count, then no more transitions', () => {
    const { out, inb, irq0 } = setup();
    out(0x43, 0x30);
    out(0x40, 0x00);
    out(0x40, 0x10); // 0x1000
    expect(irq0.level).toBe(0);
    clockStep(ticksNs(0x800));
    out(0x43, 0x00); // latch
    out(0x43, 0x00); // a second latch keeps the first value
    clockStep(ticksNs(0x10));
    expect(inb(0x40) | (inb(0x40) << 8)).toBe(0x800);
    expect(inb(0x40) | (inb(0x40) << 8)).toBe(0x7f0);
    clockStep(ticksNs(0x1000));
    expect(irq0.level).toBe(1);
    expect(irq0.rises).toEqual([ticksNs(0x1000)]);
    out(0x43, 0xe2); // read-back status of channel 0
    expect(inb(0x40)).toBe(0x80 | 0x30 | 0x00);
  });

  test('lsb-only and msb-only access', () => {
    const { out, inb } = setup();
    out(0x43, 0x50); // channel 1, lsb, mode 0
    out(0x41, 0x80);
    clockStep(ticksNs(0x10));
    expect(inb(0x41)).toBe(0x70);
    out(0x43, 0x60); // channel 1, msb, mode 0
    out(0x41, 0x02); // 0x200
    clockStep(ticksNs(0x100));
    expect(inb(0x41)).toBe(0x01);
  });

  test('read-back latches count and status together; status is read first', () => {
    const { out, inb } = setup();
    out(0x43, 0x74); // channel 1, word, mode 2
    out(0x41, 0x00);
    out(0x41, 0x01); // 0x100
    clockStep(ticksNs(0x40));
    out(0x43, 0xc4); // 11 0 0 010 0: count and status of channel 1
    expect(inb(0x41)).toBe(0x34);
    expect(inb(0x41) | (inb(0x41) << 8)).toBe(0xc0);
  });

  test('mode 3 square wave: half period high, half low', () => {
    const { out, irq0 } = setup();
    out(0x43, 0x36);
    out(0x40, 100);
    out(0x40, 0);
    clockStep(ticksNs(450));
    // loading the count drives the output high at once
    expect(irq0.rises).toEqual([0, ticksNs(100), ticksNs(200), ticksNs(300), ticksNs(400)]);
  });

  test('channel 2 through port 0x61: gate, output bit 5, refresh toggle bit 4 (Linux pit_calibrate_tsc)', () => {
    const { out, inb } = setup();
    const p61 = inb(0x61);
    expect(p61 & 0x01).toBe(0); // channel 2 gate low after reset
    expect(inb(0x61) & 0x10).not.toBe(p61 & 0x10);
    out(0x61, (inb(0x61) & ~0x02) | 0x01);
    out(0x43, 0xb0); // channel 2, word, mode 0
    const latch = Math.floor((PIT_FREQ * 50) / 1000); // CAL_LATCH
    out(0x42, latch & 0xff);
    out(0x42, latch >> 8);
    expect(inb(0x61) & 0x20).toBe(0);
    let steps = 0;
    while ((inb(0x61) & 0x20) === 0) {
      clockStep(100_000);
      steps++;
    }
    // bit 5 rises within one step after 50 ms
    expect(steps).toBe(500);
    expect(inb(0x61) & 0x03).toBe(0x01);
  });

  test('a rising gate restarts mode 1 (hardware-triggered one-shot)', () => {
    const { out, inb } = setup();
    out(0x43, 0xb2); // channel 2, word, mode 1
    out(0x42, 0x00);
    out(0x42, 0x01);
    clockStep(ticksNs(0x80));
    out(0x61, 0x01); // rising gate: count starts again
    clockStep(ticksNs(0x10));
    out(0x43, 0x80);
    expect(inb(0x42) | (inb(0x42) << 8)).toBe(0xf0);
    expect(inb(0x61) & 0x20).toBe(0x20); // output high while counting in mode 1
  });

  test('mode 4 software strobe: one pulse at terminal count', () => {
    const { out, irq0 } = setup();
    out(0x43, 0x38);
    out(0x40, 0x10);
    out(0x40, 0x00);
    clockStep(ticksNs(0x30));
    expect(irq0.rises).toEqual([ticksNs(0x10)]);
    expect(irq0.level).toBe(0);
  });
});
