import { deviceColdReset, qemuClockResetAll } from '@tsemu/qdev';
import { describe, expect, test } from 'vitest';
import { i8042Init } from '../../src/input/pckbd.js';
import { ps2KeyboardEvent } from '../../src/input/ps2.js';
import { QCODE_TO_AT, TRANSLATE_TABLE } from '../../src/input/ps2-keys.js';
import { irqHarness } from '../char/harness.js';

function setup() {
  qemuClockResetAll();
  const h = irqHarness();
  const kbd = i8042Init(h.bus);
  for (const d of [kbd, kbd.ps2kbd, kbd.ps2mouse]) deviceColdReset(d);
  const drain = () => {
    const out: number[] = [];
    while (h.inb(0x64) & 1) out.push(h.inb(0x60));
    return out;
  };
  const mode = (m: number) => {
    h.out(0x64, 0x60);
    h.out(0x60, m);
  };
  const key = (q: string) => {
    ps2KeyboardEvent(kbd.ps2kbd, q, true);
    ps2KeyboardEvent(kbd.ps2kbd, q, false);
    return drain();
  };
  return { ...h, kbd, drain, mode, key };
}

describe('PS/2 key events', () => {
  test('the set 2 -> set 1 translation maps every key of the table to its set 1 code', () => {
    for (const [q, [set1, set2]] of Object.entries(QCODE_TO_AT))
      expect([q, TRANSLATE_TABLE[set2 & 0xff]]).toEqual([q, set1 & 0xff]);
  });

  test('set 2 with translation (what Linux uses): set 1 make and break codes', () => {
    const { mode, key, levels, kbd } = setup();
    mode(0x45);
    expect(key('a')).toEqual([0x1e, 0x9e]);
    expect(key('ret')).toEqual([0x1c, 0x9c]);
    expect(key('up')).toEqual([0xe0, 0x48, 0xe0, 0xc8]);
    ps2KeyboardEvent(kbd.ps2kbd, 'shift', true);
    expect(levels[1]).toBe(1);
  });

  test('set 2 untranslated: F0 break prefix; set 1 untranslated; unknown keys and disabled scanning send nothing', () => {
    const { mode, key, out, drain, kbd } = setup();
    mode(0x04);
    expect(key('a')).toEqual([0x1c, 0xf0, 0x1c]);
    expect(key('kp_enter')).toEqual([0xe0, 0x5a, 0xe0, 0xf0, 0x5a]);
    out(0x60, 0xf0);
    out(0x60, 0x01);
    drain();
    expect(key('a')).toEqual([0x1e, 0x9e]);
    expect(ps2KeyboardEvent(kbd.ps2kbd, 'no-such-key', true)).toBe(false);
    out(0x60, 0xf5);
    drain();
    expect(key('a')).toEqual([]);
  });
});
