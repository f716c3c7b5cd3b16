// The project's i386 Linux guest (guests/make-linux-guest.sh; a built copy in
// $TSEMU_GUEST_I386 or /tmp/tsemu-guest-i386) on the pc machine, CPU run in-process, until the
// kernel's first messages on ttyS0.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Chardev } from '@tsemu/chardev';
import { cpuDisableTicks, cpuEnableTicks, qemuClockResetAll, runExpiredTimers } from '@tsemu/qdev';
import { SliceExit } from '@tsemu/target-i386';
import { describe, expect, it } from 'vitest';
import { createPcMachine } from '../../src/i386/pc.js';

const GUEST = process.env.TSEMU_GUEST_I386 ?? '/tmp/tsemu-guest-i386';
const bzImage = join(GUEST, 'bzImage');
const initrd = join(GUEST, 'initramfs.cpio.gz');
const have = existsSync(bzImage) && existsSync(initrd);
// about two CPU-minutes (decompressor, then start_kernel): too long for the package's default run
const wanted = process.env.TSEMU_BOOT_TEST === '1';
if (!have)
  console.warn(
    `${GUEST}/bzImage and initramfs.cpio.gz absent (guests/make-linux-guest.sh): Linux boot test skipped`,
  );
else if (!wanted)
  console.warn('Linux boot test skipped: set TSEMU_BOOT_TEST=1 to run it (about 2 CPU-minutes)');

class CaptureChardev extends Chardev {
  readonly typeName = 'chardev-test-capture';
  text = '';
  get filename(): string {
    return 'capture';
  }
  protected chrWrite(data: Uint8Array): number {
    this.text += Buffer.from(data).toString('latin1');
    return data.length;
  }
}

describe.skipIf(!have || !wanted)('Linux on the pc machine', () => {
  it('boots the bzImage through the 32-bit protocol and prints kernel messages on ttyS0', () => {
    qemuClockResetAll();
    const ttyS0 = new CaptureChardev('serial0');
    const m = createPcMachine({
      ramSize: 256 << 20,
      kernel: bzImage,
      initrd,
      append: 'console=ttyS0 earlyprintk=ttyS0',
      serial: [ttyS0],
      backend: 'js',
    });
    try {
      cpuEnableTicks();
      const done = () => ttyS0.text.includes('Kernel command line:');
      // the decompressor runs first (a few hundred million instructions), then start_kernel prints
      for (let slice = 0; slice < 40_000 && !done(); slice++) {
        const r = m.cpu.runSlice(100_000);
        runExpiredTimers();
        if (r === SliceExit.RESET) break;
      }
      expect(ttyS0.text).toMatch(/Linux version 6\.\d+\.\d+-\d+-686/);
      expect(ttyS0.text).toContain('BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable');
      expect(ttyS0.text).toContain('BIOS-e820: [mem 0x0000000000100000-0x000000000fffffff] usable');
      expect(ttyS0.text).toContain('Kernel command line: console=ttyS0 earlyprintk=ttyS0');
      expect(ttyS0.text).toMatch(/RAMDISK: \[mem 0x0f[0-9a-f]{6}-0x0f[0-9a-f]{6}\]/);
    } finally {
      cpuDisableTicks();
      m.destroy();
    }
  }, 900_000);
});
