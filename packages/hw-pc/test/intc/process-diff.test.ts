// The differential scripts of the PIC, PIT and CMOS/RTC tests run back to back on one real
// tsemu-system-x86_64 process and one qemu-system-x86_64 (both -S, the virtual clock stopped), over
// QMP human-monitor-command: the whole sequence must read the same.
import { describe, expect, test } from 'vitest';
import { scripts as rtcScripts } from '../rtc/rtc-scripts.js';
import { scripts as pitScripts } from '../timer/pit-scripts.js';
import { scripts as picScripts } from './pic-scripts.js';
import { haveQemu, haveTsemuApp, qemuBoard, TSEMU } from './qemu.js';

const RTC = ['-rtc', 'base=2006-06-17T16:01:21,clock=vm'];

describe.skipIf(!haveQemu() || !haveTsemuApp())('tsemu-system-x86_64 vs qemu-system-x86_64 -S', () => {
  test.each([
    ['PIC', picScripts],
    ['PIT and port 0x61', pitScripts],
    ['CMOS/RTC', rtcScripts],
  ])(
    '%s scripts in sequence',
    async (_name, scripts) => {
      const ops = scripts.flatMap(([, s]) => s);
      const [q, t] = await Promise.all([qemuBoard(RTC), qemuBoard(RTC, TSEMU)]);
      try {
        const [a, b] = await Promise.all([q.run(ops), t.run(ops)]);
        expect(b).toEqual(a);
      } finally {
        await Promise.all([q.close(), t.close()]);
      }
    },
    120_000,
  );
});
