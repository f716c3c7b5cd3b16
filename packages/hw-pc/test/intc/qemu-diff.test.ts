// 8259 initialization, IRR/ISR/IMR via OCW3, poll, EOI and rotation, ELCR, and `info pic`, against
// qemu-system-x86_64 -S. IRQ 0 comes from programming the PIT (its output goes high at once).
import { describe, expect, test } from 'vitest';
import { tsemuBoard } from './board.js';
import { scripts } from './pic-scripts.js';
import { haveQemu, qemuBoard } from './qemu.js';

describe.skipIf(!haveQemu())('isa-i8259 vs qemu-system-x86_64', () => {
  test.each(scripts)(
    '%s',
    async (_name, ops) => {
      const q = await qemuBoard();
      const t = tsemuBoard();
      try {
        expect(await t.run(ops)).toEqual(await q.run(ops));
      } finally {
        await q.close();
        await t.close();
      }
    },
    30_000,
  );
});
