import { cpuInl, cpuOutl, cpuOutw } from '@tsemu/memory';
import { objectPropertyGetValue, qdevNew, qdevPropSet, qdevRealizeAndUnref } from '@tsemu/qdev';
import { afterEach, describe, expect, test } from 'vitest';
import { chardevQomAdd, chardevQomRemove } from '../../src/char/chardev-object.js';
import { debugconInit, TYPE_ISA_DEBUGCON_DEVICE } from '../../src/char/debugcon.js';
import { serialIsaInit } from '../../src/char/serial-isa.js';
import {
  debugExitSetHandler,
  debugExitStatus,
  TYPE_ISA_DEBUG_EXIT_DEVICE,
} from '../../src/misc/debugexit.js';
import { irqHarness, LineChardev } from '../char/harness.js';

afterEach(() => debugExitSetHandler(undefined));

describe('isa-debugcon', () => {
  test('bytes written to 0xe9 reach the chardev; reads give the readback value', () => {
    const h = irqHarness();
    const line = new LineChardev('dbg');
    debugconInit(h.bus, line);
    for (const c of 'ok\n') h.out(0xe9, c.charCodeAt(0));
    expect(line.text()).toBe('ok\n');
    expect(h.inb(0xe9)).toBe(0xe9);
  });

  test('through the chardev property by id, with another port and readback', () => {
    const h = irqHarness();
    const line = new LineChardev('dbgcon2');
    chardevQomAdd(line);
    const d = qdevNew(TYPE_ISA_DEBUGCON_DEVICE);
    qdevPropSet(d, 'chardev', 'dbgcon2');
    qdevPropSet(d, 'iobase', 0x402);
    qdevPropSet(d, 'readback', 0x1234);
    qdevRealizeAndUnref(d, h.bus);
    h.out(0x402, 0x41);
    expect([line.text(), h.inb(0x402)]).toEqual(['A', 0x34]);
    chardevQomRemove('dbgcon2');
  });

  test('without a chardev: QEMU error', () => {
    const h = irqHarness();
    expect(() => qdevRealizeAndUnref(qdevNew(TYPE_ISA_DEBUGCON_DEVICE), h.bus)).toThrow(
      "Can't create debugcon device, empty char device",
    );
  });
});

describe('isa-debug-exit', () => {
  const cases: [number, number][] = [
    [0, 1],
    [1, 3],
    [0x10, 0x21],
    [0x7f, 0xff],
    [0x80, 0x01],
  ];
  test.each(cases)('value %i exits with status %i', (v, status) => {
    expect(debugExitStatus(v)).toBe(status);
  });

  test('a write of any size in the window requests exit with (v << 1) | 1', () => {
    const h = irqHarness();
    const d = qdevNew(TYPE_ISA_DEBUG_EXIT_DEVICE);
    qdevPropSet(d, 'iobase', 0xf4);
    qdevPropSet(d, 'iosize', 4);
    qdevRealizeAndUnref(d, h.bus);
    const exits: [number, number][] = [];
    debugExitSetHandler((status, value) => exits.push([status, value]));
    h.out(0xf4, 0x10);
    cpuOutw(h.io, 0xf6, 0x0002);
    cpuOutl(h.io, 0xf4, 0x31);
    expect(exits).toEqual([
      [0x21, 0x10],
      [0x05, 0x02],
      [0x63, 0x31],
    ]);
    expect(cpuInl(h.io, 0xf4)).toBe(0);
  });
});

describe('chardev ids', () => {
  test('a chardev in /chardevs is referenced by id (qom-get chardev names it)', () => {
    const h = irqHarness();
    const line = new LineChardev('dbg9');
    chardevQomAdd(line);
    try {
      const d = debugconInit(h.bus, line);
      expect(objectPropertyGetValue(d, 'chardev')).toBe('dbg9');
      h.out(0xe9, 0x42);
      expect(line.text()).toBe('B');
      const ser = serialIsaInit(h.bus, 1, new LineChardev('plain'));
      expect(objectPropertyGetValue(ser, 'chardev')).toBe('');
    } finally {
      chardevQomRemove('dbg9');
    }
  });
});
