// PIT latch/read-back sequences and port 0x61 against qemu-system-x86_64 -S (virtual clock stopped).
import { describe, expect, test } from 'vitest';
import { tsemuBoard } from '../intc/board.js';
import { haveQemu, qemuBoard } from '../intc/qemu.js';
import { scripts } from './pit-scripts.js';

describe.skipIf(!haveQemu())('isa-pit vs qemu-system-x86_64', () => {
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
