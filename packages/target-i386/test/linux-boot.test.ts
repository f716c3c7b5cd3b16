/**
 * First stage of the Linux guest on the tsemu CPU: the bzImage's decompressor runs (xz), jumps to
 * the decompressed kernel at its preferred address, and the kernel reaches start_kernel — seen as
 * the "Linux version" banner start_kernel prints, on the early serial console.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { SliceExit } from '../src/cpu-exec.js';
import { linuxGuest, setupLinux } from './harness/linux-boot.js';

const guest = linuxGuest();
if ('missing' in guest) console.warn(`linux-boot: skipping, ${guest.missing}`);

describe(`Linux first stage${'missing' in guest ? ` (skipped: ${guest.missing})` : ''}`, () => {
  test.skipIf('missing' in guest)(
    'the decompressor jumps to the decompressed kernel, which reaches start_kernel',
    { timeout: 600000 },
    () => {
      const image = new Uint8Array(readFileSync('bzImage' in guest ? guest.bzImage : ''));
      let decompressed = -1;
      let pagedKernel = -1;
      const boot = setupLinux(image, {
        onTb: (tb) => {
          const pc = tb.pc >>> 0;
          if (decompressed < 0 && pc === boot.header.prefAddress) decompressed = boot.cpu.exec.insnCount;
          // head_32.S enables paging and continues at PAGE_OFFSET
          if (pagedKernel < 0 && pc >= 0xc0000000) pagedKernel = boot.cpu.exec.insnCount;
        },
      });
      for (let i = 0; i < 3000 && !boot.serial().includes('Linux version'); i++) {
        const r = boot.cpu.runSlice(2_000_000);
        if (r === SliceExit.RESET) break;
      }
      expect(boot.serial()).toContain("KASLR disabled: 'nokaslr' on cmdline.");
      expect(decompressed).toBeGreaterThan(0);
      expect(pagedKernel).toBeGreaterThan(decompressed);
      expect(boot.serial()).toMatch(/Linux version 6\.\d+\.\d+-\S+-686/);
    },
  );
});
