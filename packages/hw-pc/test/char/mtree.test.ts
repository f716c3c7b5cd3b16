// The I/O regions of the devices in `info mtree` as in QEMU 7.2's capture (hmp/rich/info-mtree.txt).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NullChardev } from '@tsemu/chardev';
import { mtreeInfo } from '@tsemu/memory';
import { qdevNew, qdevPropSet, qdevRealizeAndUnref, qemuClockResetAll } from '@tsemu/qdev';
import { afterEach, describe, expect, test } from 'vitest';
import { debugconInit } from '../../src/char/debugcon.js';
import { serialIsaInit } from '../../src/char/serial-isa.js';
import { createPcMachine } from '../../src/i386/pc.js';
import { TYPE_ISA_DEBUG_EXIT_DEVICE } from '../../src/misc/debugexit.js';

const capture = join(
  import.meta.dirname,
  ...Array(5).fill('..'),
  'shared',
  'reference',
  'qemu-7.2',
  'hmp',
  'rich',
  'info-mtree.txt',
);
const have = existsSync(capture);
if (!have) console.warn(`${capture} absent: mtree comparison skipped`);

const NAMES = /\): (i8042-data|i8042-cmd|port92|isa-debugcon|isa-debug-exit|serial|fwcfg|fwcfg\.dma)$/;

/** the device lines of the first "address-space: I/O" section */
function ioLines(text: string): string[] {
  const lines = text.replace(/\r/g, '').split('\n');
  const start = lines.indexOf('address-space: I/O');
  const out: string[] = [];
  for (let i = start + 1; i < lines.length && lines[i] !== ''; i++)
    if (NAMES.test(lines[i])) out.push(lines[i]);
  return out;
}

afterEach(() => qemuClockResetAll());

describe.skipIf(!have)('info mtree I/O regions as QEMU 7.2', () => {
  test('i8042, port92, debugcon, debug-exit, serial, fw_cfg', () => {
    const m = createPcMachine({ nodefaults: true });
    try {
      serialIsaInit(m.isaBus, 0, new NullChardev('ser0'));
      debugconInit(m.isaBus, new NullChardev('dbg'));
      const d = qdevNew(TYPE_ISA_DEBUG_EXIT_DEVICE);
      qdevPropSet(d, 'iobase', 0xf4);
      qdevPropSet(d, 'iosize', 4);
      qdevRealizeAndUnref(d, m.isaBus);
      const theirs = ioLines(readFileSync(capture, 'latin1'));
      expect(theirs.length).toBe(8);
      expect(ioLines(mtreeInfo())).toEqual(theirs);
    } finally {
      m.destroy();
    }
  });
});
