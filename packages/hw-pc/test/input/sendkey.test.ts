import { clockSetManual, clockStep, deviceColdReset, qemuClockResetAll } from '@tsemu/qdev';
import { afterEach, describe, expect, test } from 'vitest';
import { i8042Init } from '../../src/input/pckbd.js';
import { ps2KeyboardEvent } from '../../src/input/ps2.js';
import { hmpSendkeyParse, KeyEventQueue, keyValueToQcode, qnumToQcode } from '../../src/input/sendkey.js';
import { irqHarness } from '../char/harness.js';

afterEach(() => qemuClockResetAll());

describe('sendkey', () => {
  test('key names and qnum numbers; QEMU message for a bad one', () => {
    expect(hmpSendkeyParse('ctrl-alt-delete').map(keyValueToQcode)).toEqual(['ctrl', 'alt', 'delete']);
    expect(hmpSendkeyParse('0x1e-0xc8').map(keyValueToQcode)).toEqual(['a', 'up']);
    expect(keyValueToQcode({ type: 'qcode', data: 'sysrq' })).toBe('print');
    expect(qnumToQcode(0x7f)).toBe('unmapped');
    for (const bad of ['ctrl-nosuch', 'ctrl-0x1g', 'ctrl-'])
      expect(() => hmpSendkeyParse(bad)).toThrow(`invalid parameter: ${bad.slice(5)}`);
  });

  test('VM running: presses in order, releases in reverse, hold time apart on the virtual clock', () => {
    qemuClockResetAll();
    clockSetManual(true);
    const h = irqHarness();
    const kbd = i8042Init(h.bus);
    for (const d of [kbd, kbd.ps2kbd, kbd.ps2mouse]) deviceColdReset(d);
    h.out(0x64, 0x60);
    h.out(0x60, 0x44); // translation on, as Linux sets it
    const drain = () => {
      const out: number[] = [];
      while (h.inb(0x64) & 1) out.push(h.inb(0x60));
      return out;
    };
    const q = new KeyEventQueue(
      (qcode, down) => ps2KeyboardEvent(kbd.ps2kbd, qcode, down),
      () => true,
    );
    q.sendKeys(hmpSendkeyParse('shift-a'), 100);
    expect(drain()).toEqual([0x2a]);
    clockStep(100_000_000);
    expect(drain()).toEqual([0x1e]);
    clockStep(100_000_000);
    expect(drain()).toEqual([0x9e]);
    clockStep(100_000_000);
    expect(drain()).toEqual([0xaa]);
    clockStep(1_000_000_000);
    expect(drain()).toEqual([]);
  });

  test('VM stopped: everything at once', () => {
    const events: string[] = [];
    const q = new KeyEventQueue(
      (qcode, down) => events.push(`${down ? '+' : '-'}${qcode}`),
      () => false,
    );
    q.sendKeys(hmpSendkeyParse('ctrl-alt-f1'));
    expect(events).toEqual(['+ctrl', '+alt', '+f1', '-f1', '-alt', '-ctrl']);
  });
});
