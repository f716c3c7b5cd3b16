// CMOS/RTC registers against qemu-system-x86_64 -S with a fixed -rtc base on the vm clock
// (stopped under -S, so every read is deterministic).
import { describe, expect, test } from 'vitest';
import { tsemuBoard } from '../intc/board.js';
import { haveQemu, qemuBoard } from '../intc/qemu.js';
import { all128, BASE, scripts } from './rtc-scripts.js';

describe.skipIf(!haveQemu())(`CMOS/RTC vs qemu-system-x86_64 (-rtc base=${BASE},clock=vm)`, () => {
  test.each(scripts)(
    '%s',
    async (_name, ops) => {
      const q = await qemuBoard(['-rtc', `base=${BASE},clock=vm`]);
      const t = tsemuBoard({ base: BASE, clock: 'vm' });
      try {
        expect(await t.run(ops)).toEqual(await q.run(ops));
      } finally {
        await q.close();
        await t.close();
      }
    },
    30_000,
  );

  test('-m 256 memory size fields', async () => {
    const q = await qemuBoard(['-m', '256', '-rtc', `base=${BASE},clock=vm`]);
    const t = tsemuBoard({ base: BASE, clock: 'vm' }, 256);
    try {
      expect(await t.run(all128)).toEqual(await q.run(all128));
    } finally {
      await q.close();
      await t.close();
    }
  }, 30_000);
});
