import { clockSetManual, clockStep, deviceColdReset, qemuAllocateIrq, qemuClockResetAll } from '@tsemu/qdev';
import { afterEach, describe, expect, test } from 'vitest';
import { isaBusRegisterInputIrqs } from '../../src/isa/isa-bus.js';
import { mc146818RtcInit, rtcGetDate, rtcSetChangeListener } from '../../src/rtc/mc146818rtc.js';
import { pcCmosInit, pcCmosInitLate, setBootDev } from '../../src/rtc/pc-cmos.js';
import { configureRtc, RtcOptionError, rtcConfigReset } from '../../src/rtc/rtc-config.js';
import { isaHarness } from '../intc/harness.js';

const MS = 1_000_000;

function setup(base = '2006-06-17T16:01:21') {
  qemuClockResetAll();
  clockSetManual(true);
  rtcConfigReset();
  configureRtc({ base, clock: 'vm' });
  const h = isaHarness();
  const irq8 = { level: 0, raises: 0 };
  const lines = Array.from({ length: 16 }, (_, n) =>
    qemuAllocateIrq(
      (_o, _n, level) => {
        if (n !== 8) return;
        if (level && !irq8.level) irq8.raises++;
        irq8.level = level;
      },
      undefined,
      n,
    ),
  );
  isaBusRegisterInputIrqs(h.bus, lines);
  const rtc = mc146818RtcInit(h.bus);
  deviceColdReset(rtc);
  const rd = (i: number) => {
    h.out(0x70, i);
    return h.inb(0x71);
  };
  const wr = (i: number, v: number) => {
    h.out(0x70, i);
    h.out(0x71, v);
  };
  const time = () => [9, 8, 7, 4, 2, 0].map(rd);
  return { ...h, rtc, irq8, rd, wr, time };
}

afterEach(() => {
  qemuClockResetAll();
  rtcConfigReset();
});

describe('mc146818rtc', () => {
  test('a fixed base date in BCD, 24 h; the clock runs with the virtual clock', () => {
    const { rd, time, inb, out } = setup();
    expect(time()).toEqual([0x06, 0x06, 0x17, 0x16, 0x01, 0x21]);
    expect(rd(6)).toBe(0x07); // Saturday
    expect(rd(0x32)).toBe(0x20);
    expect(rd(0x37)).toBe(0x20); // PS/2 alias of the century
    expect([rd(10), rd(11), rd(12), rd(13)]).toEqual([0x26, 0x02, 0x00, 0x80]);
    expect(inb(0x70)).toBe(0xff);
    out(0x70, 0x80 | 0x0d); // NMI mask bit ignored
    expect(inb(0x71)).toBe(0x80);
    clockStep(1500 * MS);
    expect(rd(0)).toBe(0x22);
    clockStep(40_000 * MS);
    expect(time()).toEqual([0x06, 0x06, 0x17, 0x16, 0x02, 0x02]);
  });

  test('binary and 12-hour formats', () => {
    const { wr, time, rd } = setup('2006-06-17T23:59:58');
    wr(11, 0x06);
    expect(time()).toEqual([6, 6, 17, 23, 59, 58]);
    wr(11, 0x00);
    expect(rd(4)).toBe(0x91); // 11 pm
    wr(11, 0x04);
    expect(rd(4)).toBe(0x80 | 11);
    clockStep(2000 * MS);
    wr(11, 0x02);
    expect(time()).toEqual([0x06, 0x06, 0x18, 0x00, 0x00, 0x00]);
    expect(rd(6)).toBe(0x01); // Sunday
  });

  test('SET freezes the time; clearing it starts the new time', () => {
    const { wr, rd, time, rtc } = setup();
    wr(11, 0x82);
    wr(4, 0x08);
    wr(2, 0x30);
    wr(0, 0x00);
    clockStep(5000 * MS);
    expect(time()).toEqual([0x06, 0x06, 0x17, 0x08, 0x30, 0x00]);
    wr(11, 0x02);
    clockStep(3000 * MS);
    expect(rd(0)).toBe(0x03);
    expect(rtcGetDate(rtc)).toMatchObject({ hour: 8, min: 30, sec: 3, year: 106, mon: 5, mday: 17 });
  });

  test('setting the time reports RTC_CHANGE with the offset from the base', () => {
    const { wr } = setup();
    const seen: [number, string][] = [];
    rtcSetChangeListener((offset, path) => seen.push([offset, path]));
    try {
      wr(11, 0x82);
      wr(4, 0x17); // one hour later: nothing reported in set mode
      expect(seen).toEqual([]);
      wr(11, 0x02);
      wr(2, 0x02); // and a minute: reported at once while running
    } finally {
      rtcSetChangeListener(undefined);
    }
    // the reference is host time since -rtc was configured: a second may have passed
    expect([3599, 3600]).toContain(seen[0][0]);
    expect(seen[1][0] - seen[0][0]).toBe(60);
    expect(seen[0][1]).toMatch(/^\/machine\/unattached\/device\[\d+\]$/);
  });

  test('periodic interrupt at the rate of register A, acknowledged by reading C', () => {
    const { wr, rd, irq8 } = setup();
    wr(11, 0x42); // PIE
    clockStep(MS); // 1024 Hz: one period is 976.6 us
    expect(irq8.level).toBe(1);
    expect(rd(12)).toBe(0xc0);
    expect(irq8.level).toBe(0);
    clockStep(1000 * MS - MS);
    expect(irq8.raises).toBe(2); // raised again at the next period, then left high
    expect(irq8.level).toBe(1);
    wr(10, 0x2f); // 2 Hz
    expect(rd(12)).toBe(0xd0); // UF of the update at 1 s, too
    clockStep(2000 * MS);
    expect(irq8.raises).toBe(3);
    wr(11, 0x02);
    expect(rd(12) & 0x40).toBe(0x40); // the flag of the last period, no interrupt
  });

  test('update-ended and alarm interrupts', () => {
    const { wr, rd, irq8 } = setup();
    wr(1, 0x25);
    wr(3, 0x01);
    wr(5, 0x16); // alarm at 16:01:25
    wr(11, 0x12); // UIE
    clockStep(999 * MS);
    expect(irq8.level).toBe(0);
    clockStep(MS);
    expect(irq8.level).toBe(1);
    expect(rd(12)).toBe(0x90);
    wr(11, 0x22); // AIE only
    clockStep(2000 * MS);
    expect(irq8.level).toBe(0);
    expect(rd(12)).toBe(0x10); // UF without its interrupt
    clockStep(1000 * MS);
    expect(irq8.level).toBe(1);
    expect(rd(12)).toBe(0xb0);
    expect(rd(0)).toBe(0x25);
    // don't-care alarm bytes: every second
    wr(1, 0xff);
    wr(3, 0xff);
    wr(5, 0xff);
    clockStep(1000 * MS);
    expect(rd(12)).toBe(0xb0);
  });

  test('UIP in the last 244 us before each update; divider reset stops updates', () => {
    const { wr, rd } = setup();
    clockStep(1000 * MS - 200_000);
    expect(rd(10)).toBe(0xa6);
    clockStep(300_000);
    expect(rd(10)).toBe(0x26);
    wr(10, 0x66); // divider reset
    clockStep(5000 * MS);
    expect(rd(0)).toBe(0x22);
    wr(10, 0x26); // the first update comes half a second later
    clockStep(400 * MS);
    expect(rd(0)).toBe(0x22);
    clockStep(200 * MS);
    expect(rd(0)).toBe(0x23);
  });

  test('reset clears interrupt enables and flags but keeps the time and CMOS', () => {
    const { wr, rd, rtc, irq8 } = setup();
    wr(0x40, 0x5a);
    wr(11, 0x7a);
    clockStep(1000 * MS);
    expect(irq8.level).toBe(1);
    deviceColdReset(rtc);
    expect(irq8.level).toBe(0);
    expect([rd(11), rd(12), rd(0x40)]).toEqual([0x12, 0x00, 0x5a]);
    wr(0x0f, 0x0a);
    deviceColdReset(rtc);
    expect(rd(0x0f)).toBe(0); // shutdown status cleared
    wr(0x0f, 0xfe);
    deviceColdReset(rtc);
    expect(rd(0x0f)).toBe(0xfe); // except after a guest suspend
  });
});

describe('pc CMOS fields', () => {
  test('as QEMU fills them for -m 128, boot order cad, no disks or floppies', () => {
    const { rtc, rd } = setup();
    pcCmosInit(rtc, { belowRamSize: 128 << 20 });
    pcCmosInitLate(rtc);
    const got = [
      0x10, 0x12, 0x14, 0x15, 0x16, 0x17, 0x18, 0x30, 0x31, 0x34, 0x35, 0x38, 0x39, 0x3d, 0x5b, 0x5f,
    ].map(rd);
    expect(got).toEqual([0, 0, 0x06, 0x80, 0x02, 0xff, 0xff, 0xff, 0xff, 0x00, 0x07, 0x30, 0, 0x12, 0, 0]);
  });

  test('small and large memory, above 4 GiB, disks and floppies', () => {
    const { rtc, rd } = setup();
    pcCmosInit(rtc, {
      belowRamSize: 8 << 20,
      aboveRamSize: 2 ** 32,
      bootOrder: 'nc',
      fdBootchk: false,
      bootCpus: 2,
    });
    pcCmosInitLate(rtc, {
      ide: [{ cylinders: 1024, heads: 16, sectors: 63, trans: 2 }, undefined, undefined, undefined],
      floppy: ['144', 'none'],
    });
    expect([0x17, 0x18, 0x34, 0x35, 0x5b, 0x5c, 0x5d, 0x5f].map(rd)).toEqual([0x00, 0x1c, 0, 0, 0, 0, 1, 1]);
    expect([0x3d, 0x38].map(rd)).toEqual([0x24, 0x01]);
    expect([0x12, 0x19, 0x1b, 0x1c, 0x1d, 0x20, 0x23, 0x39].map(rd)).toEqual([
      0xf0, 47, 0, 4, 16, 0xc8, 63, 1,
    ]);
    expect([0x10, 0x14].map(rd)).toEqual([0x40, 0x07]);
  });

  test.each([
    ['cadn', 'Too many boot devices for PC'],
    ['cx', "Invalid boot device for PC: 'x'"],
  ])('boot order %s is refused: %s', (order, msg) => {
    const { rtc } = setup();
    expect(() => setBootDev(rtc, order)).toThrow(msg);
  });
});

describe('-rtc', () => {
  test.each([
    [{ base: '2006-13x' }, "invalid datetime format\nvalid formats: '2006-06-17T16:01:21' or '2006-06-17'"],
    [{ clock: 'wall' }, "invalid option value 'wall'"],
    [{ driftfix: 'fast' }, "invalid option value 'fast'"],
  ])('%o is refused as QEMU does', (opts, msg) => {
    expect(() => configureRtc(opts)).toThrow(new RtcOptionError(msg));
  });

  test('a date without a time starts at midnight', () => {
    const { time } = setup('2010-01-02');
    expect(time()).toEqual([0x10, 0x01, 0x02, 0x00, 0x00, 0x00]);
  });
});
