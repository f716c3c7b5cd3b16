// `info qtree` lines of isa-serial, isa-debugcon, isa-debug-exit, i8042, port92 as in QEMU 7.2's
// capture of -device isa-serial,chardev=ser0,id=com1 -device isa-debugcon,chardev=dbg,id=debugcon
// -device isa-debug-exit,iobase=0xf4,iosize=0x04,id=dbgexit (hmp/rich/info-qtree.txt).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NullChardev } from '@tsemu/chardev';
import { infoQtree, qdevNew, qdevPropSet, qdevRealizeAndUnref, qemuClockResetAll } from '@tsemu/qdev';
import { afterEach, describe, expect, test } from 'vitest';
import { chardevQomAdd, chardevQomRemove } from '../../src/char/chardev-object.js';
import { TYPE_ISA_DEBUGCON_DEVICE } from '../../src/char/debugcon.js';
import { TYPE_ISA_SERIAL } from '../../src/char/serial-isa.js';
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
  'info-qtree.txt',
);
const have = existsSync(capture);
if (!have) console.warn(`${capture} absent: qtree comparison skipped`);

/** the block of `dev: <type>, id "<id>"` with its indented lines */
function block(text: string, head: string): string {
  const lines = text.replace(/\r/g, '').split('\n');
  const i = lines.findIndex((l) => l.trim() === head);
  if (i < 0) return '';
  const indent = lines[i].search(/\S/);
  const out = [lines[i].trim()];
  for (let j = i + 1; j < lines.length && lines[j].search(/\S/) > indent; j++) out.push(lines[j].trim());
  return out.join('\n');
}

afterEach(() => qemuClockResetAll());

describe.skipIf(!have)('info qtree of the devices as QEMU 7.2', () => {
  test('isa-serial, isa-debugcon, isa-debug-exit, i8042, port92', () => {
    const m = createPcMachine({ nodefaults: true });
    for (const id of ['ser0', 'dbg']) chardevQomAdd(new NullChardev(id));
    try {
      const add = (type: string, id: string, props: Record<string, unknown>) => {
        const d = qdevNew(type);
        d.id = id;
        for (const [k, v] of Object.entries(props)) qdevPropSet(d, k, v);
        qdevRealizeAndUnref(d, m.isaBus);
      };
      add(TYPE_ISA_SERIAL, 'com1', { chardev: 'ser0' });
      add(TYPE_ISA_DEBUGCON_DEVICE, 'debugcon', { iobase: 0xe9, chardev: 'dbg' });
      add(TYPE_ISA_DEBUG_EXIT_DEVICE, 'dbgexit', { iobase: 0xf4, iosize: 4 });
      const ours = infoQtree();
      const theirs = readFileSync(capture, 'latin1');
      for (const head of [
        'dev: isa-serial, id "com1"',
        'dev: isa-debugcon, id "debugcon"',
        'dev: isa-debug-exit, id "dbgexit"',
        'dev: i8042, id ""',
        'dev: port92, id ""',
        'dev: ps2-kbd, id ""',
        'dev: fw_cfg_io, id ""',
      ]) {
        expect(block(theirs, head)).not.toBe('');
        expect(block(ours, head)).toBe(block(theirs, head));
      }
    } finally {
      for (const id of ['ser0', 'dbg']) chardevQomRemove(id);
      m.destroy();
    }
  });
});
