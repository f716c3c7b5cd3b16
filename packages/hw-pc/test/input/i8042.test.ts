import {
  clockSetManual,
  clockStep,
  deviceColdReset,
  qdevConnectGpioOutNamed,
  qdevNew,
  qdevPropSet,
  qdevRealizeAndUnref,
  qemuAllocateIrq,
  qemuClockResetAll,
} from '@tsemu/qdev';
import { afterEach, describe, expect, test } from 'vitest';
import { qemuSetRunstateHandler, type ShutdownCause } from '../../src/i386/runstate.js';
import { I8042_A20_LINE, type ISAKBDState, i8042Init, TYPE_I8042 } from '../../src/input/pckbd.js';
import { ps2KeyboardEvent } from '../../src/input/ps2.js';
import { port92Init } from '../../src/misc/port92.js';
import { irqHarness } from '../char/harness.js';

function setup() {
  qemuClockResetAll();
  const h = irqHarness();
  const kbd = i8042Init(h.bus);
  const a20 = { level: -1, changes: 0 };
  const a20Line = qemuAllocateIrq(
    (_o, _n, level) => {
      a20.level = level;
      a20.changes++;
    },
    undefined,
    0,
  );
  qdevConnectGpioOutNamed(kbd, I8042_A20_LINE, 0, a20Line);
  deviceColdReset(kbd);
  deviceColdReset(kbd.ps2kbd);
  deviceColdReset(kbd.ps2mouse);
  const resets: ShutdownCause[] = [];
  qemuSetRunstateHandler({ resetRequest: (c) => resets.push(c), shutdownRequest: () => {} });
  /** read everything in the output buffer */
  const drain = () => {
    const out: number[] = [];
    while (h.inb(0x64) & 1) out.push(h.inb(0x60));
    return out;
  };
  return { ...h, kbd, a20, resets, drain };
}

afterEach(() => {
  qemuSetRunstateHandler(undefined);
  qemuClockResetAll();
});

describe('i8042 controller', () => {
  test('reset status 0x18, command byte 0x03, output port 0xcf', () => {
    const { inb, out, drain } = setup();
    expect(inb(0x64)).toBe(0x18);
    out(0x64, 0x20);
    expect(inb(0x64)).toBe(0x19);
    expect(drain()).toEqual([0x03]);
    out(0x64, 0xd0);
    expect(drain()).toEqual([0xcf]); // taken before the reply itself fills the buffer
  });

  test('self test answers 0x55 and sets the system flag; interface tests answer 0', () => {
    const { inb, out, drain } = setup();
    out(0x64, 0xaa);
    expect(inb(0x64)).toBe(0x1d);
    expect(drain()).toEqual([0x55]);
    out(0x64, 0xab);
    expect(drain()).toEqual([0x00]);
    out(0x64, 0xa9);
    expect(drain()).toEqual([0x00]);
    out(0x64, 0xc0);
    expect(drain()).toEqual([0x80]);
    expect(inb(0x64)).toBe(0x1c);
  });

  test('command byte write/read; data written with 0xD2/0xD3 comes back on IRQ 1/IRQ 12', () => {
    const { inb, out, drain, levels } = setup();
    out(0x64, 0x60);
    out(0x60, 0x47);
    out(0x64, 0x20);
    expect(drain()).toEqual([0x47]);
    out(0x64, 0xd2);
    out(0x60, 0x5a);
    expect(levels[1]).toBe(1);
    expect(inb(0x64) & 0x21).toBe(0x01);
    expect(inb(0x60)).toBe(0x5a);
    expect(levels[1]).toBe(0);
    out(0x64, 0xd3);
    out(0x60, 0xa5);
    expect(levels[12]).toBe(1);
    expect(inb(0x64) & 0x21).toBe(0x21);
    expect(inb(0x60)).toBe(0xa5);
    expect(levels[12]).toBe(0);
    // the last byte is read again when nothing is left
    expect(inb(0x60)).toBe(0xa5);
  });

  test('interrupt enables in the command byte gate IRQ 1', () => {
    const { out, drain, levels } = setup();
    out(0x64, 0x60);
    out(0x60, 0x00);
    out(0x64, 0xd2);
    out(0x60, 0x11);
    expect(levels[1]).toBe(0);
    out(0x64, 0x60);
    out(0x60, 0x01);
    expect(levels[1]).toBe(1);
    expect(drain()).toEqual([0x11]);
  });

  test('0xFE and 0xF0-0xFE with bit 0 clear pulse reset; 0xFF and odd pulses do nothing', () => {
    const { out, resets } = setup();
    out(0x64, 0xff);
    out(0x64, 0xf1);
    expect(resets).toEqual([]);
    out(0x64, 0xfe);
    out(0x64, 0xf0);
    expect(resets).toEqual(['guest-reset', 'guest-reset']);
  });

  test('A20 through the output port (0xD1) and 0xDD/0xDF; clearing bit 0 resets', () => {
    const { out, drain, a20, resets } = setup();
    out(0x64, 0xdd);
    expect(a20.level).toBe(0);
    out(0x64, 0xd0);
    expect(drain()).toEqual([0xcd]);
    out(0x64, 0xdf);
    expect(a20.level).toBe(1);
    out(0x64, 0xd1);
    out(0x60, 0xdd);
    expect(a20.level).toBe(0);
    expect(resets).toEqual([]);
    out(0x64, 0xd1);
    out(0x60, 0xde);
    expect(a20.level).toBe(1);
    expect(resets).toEqual(['guest-reset']);
  });
});

describe('PS/2 keyboard through the controller', () => {
  test('reset 0xFF answers ACK then 0xAA; echo, get ID (translated 0x41)', () => {
    const { out, drain } = setup();
    out(0x60, 0xff);
    expect(drain()).toEqual([0xfa, 0xaa]);
    out(0x60, 0xee);
    expect(drain()).toEqual([0xee]);
    out(0x60, 0xf2);
    expect(drain()).toEqual([0xfa, 0xab, 0x83]);
    out(0x64, 0x60);
    out(0x60, 0x45); // translation on
    out(0x60, 0xf2);
    expect(drain()).toEqual([0xfa, 0xab, 0x41]);
  });

  test('LEDs, typematic and scancode set: ACK each byte; F0 00 reports the set', () => {
    const { out, drain } = setup();
    out(0x60, 0xed);
    out(0x60, 0x07);
    out(0x60, 0xf3);
    out(0x60, 0x20);
    expect(drain()).toEqual([0xfa]); // a new byte drops unread replies: only the last ACK remains
    out(0x60, 0xf0);
    expect(drain()).toEqual([0xfa]);
    out(0x60, 0x00);
    expect(drain()).toEqual([0xfa, 0x02]);
    out(0x60, 0xf0);
    out(0x60, 0x01);
    expect(drain()).toEqual([0xfa]);
    out(0x60, 0xf0);
    drain();
    out(0x60, 0x00);
    expect(drain()).toEqual([0xfa, 0x01]);
    out(0x60, 0xf0);
    drain();
    out(0x60, 0x07);
    expect(drain()).toEqual([0xfe]);
    out(0x60, 0x99);
    expect(drain()).toEqual([0xfe]);
    out(0x60, 0xf4);
    out(0x60, 0xf5);
    drain();
    out(0x60, 0xf6);
    expect(drain()).toEqual([0xfa]);
  });

  test('disabled keyboard interface (0xAD) holds the reply until 0xAE', () => {
    const { out, inb, drain } = setup();
    out(0x60, 0xee);
    out(0x64, 0xad);
    // the byte was already in the output buffer
    expect(drain()).toEqual([0xee]);
    out(0x64, 0xd4); // a mouse command while the keyboard is off
    out(0x60, 0xf2);
    expect(drain()).toEqual([0xfa, 0x00]);
    out(0x64, 0xae);
    expect(inb(0x64) & 1).toBe(0);
  });
});

describe('PS/2 mouse through 0xD4', () => {
  test('reset, get type, status, sample rates (IMPS/2 knock), poll', () => {
    const { out, inb, drain, levels } = setup();
    const mouse = (b: number) => {
      out(0x64, 0xd4);
      out(0x60, b);
    };
    mouse(0xff);
    expect(levels[12]).toBe(1);
    expect(inb(0x64) & 0x20).toBe(0x20);
    expect(drain()).toEqual([0xfa, 0xaa, 0x00]);
    mouse(0xe9);
    expect(drain()).toEqual([0xfa, 0x00, 0x02, 100]);
    for (const rate of [200, 100, 80]) {
      mouse(0xf3);
      mouse(rate);
    }
    expect(drain()).toEqual([0xfa, 0xfa, 0xfa, 0xfa, 0xfa, 0xfa]);
    mouse(0xf2);
    expect(drain()).toEqual([0xfa, 0x03]);
    mouse(0xe7);
    mouse(0xe8);
    mouse(0x03);
    mouse(0xf4);
    mouse(0xf0);
    mouse(0xe9);
    expect(drain()).toEqual([0xfa, 0xfa, 0xfa, 0xfa, 0xfa, 0xfa, 0x70, 0x03, 80]);
    mouse(0xeb);
    expect(drain()).toEqual([0xfa, 0x08, 0x00, 0x00, 0x00]);
    mouse(0xee);
    mouse(0x42);
    mouse(0xec);
    expect(drain()).toEqual([0xfa, 0x42, 0xfa]);
  });
});

describe('port92', () => {
  test('bit 1 drives A20, a rising bit 0 resets, reads give the last value; reset clears bit 0', () => {
    const h = irqHarness();
    const resets: string[] = [];
    qemuSetRunstateHandler({ resetRequest: (c) => resets.push(c), shutdownRequest: () => {} });
    const a20 = { level: -1 };
    const p = port92Init(
      h.bus,
      qemuAllocateIrq((_o, _n, l) => (a20.level = l), undefined, 0),
    );
    expect(h.inb(0x92)).toBe(0);
    h.out(0x92, 0x02);
    expect([a20.level, h.inb(0x92)]).toEqual([1, 0x02]);
    h.out(0x92, 0x03);
    h.out(0x92, 0x03);
    expect(resets).toEqual(['guest-reset']);
    deviceColdReset(p);
    expect(h.inb(0x92)).toBe(0x02);
    h.out(0x92, 0x00);
    expect(a20.level).toBe(0);
  });
});

describe('i8042 properties', () => {
  test('kbd-throttle: the next keyboard byte waits 1 ms of virtual time after a read', () => {
    qemuClockResetAll();
    clockSetManual(true);
    const h = irqHarness();
    const kbd = qdevNew<ISAKBDState>(TYPE_I8042);
    qdevPropSet(kbd, 'kbd-throttle', true);
    qdevRealizeAndUnref(kbd, h.bus);
    for (const d of [kbd, kbd.ps2kbd, kbd.ps2mouse]) deviceColdReset(d);
    ps2KeyboardEvent(kbd.ps2kbd, 'a', true);
    ps2KeyboardEvent(kbd.ps2kbd, 'a', false);
    expect(h.inb(0x60)).toBe(0x1c);
    expect(h.inb(0x64) & 1).toBe(0);
    clockStep(999_000);
    expect(h.inb(0x64) & 1).toBe(0);
    clockStep(1_000);
    expect(h.inb(0x64) & 1).toBe(1);
    expect(h.inb(0x60)).toBe(0xf0);
  });

  test('extended-state off: controller replies go through the keyboard queue', () => {
    qemuClockResetAll();
    const h = irqHarness();
    const kbd = qdevNew<ISAKBDState>(TYPE_I8042);
    qdevPropSet(kbd, 'extended-state', false);
    qdevRealizeAndUnref(kbd, h.bus);
    for (const d of [kbd, kbd.ps2kbd, kbd.ps2mouse]) deviceColdReset(d);
    h.out(0x64, 0xaa);
    expect(kbd.ps2kbd.queue.count).toBe(1);
    expect([h.inb(0x64) & 1, h.inb(0x60)]).toEqual([1, 0x55]);
    h.out(0x64, 0xd3);
    h.out(0x60, 0x99);
    expect([h.inb(0x64) & 0x21, h.inb(0x60)]).toEqual([0x21, 0x99]);
  });
});
