import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

// The project's Linux test guest, booted in real QEMU: the reference every tsemu boot is compared with.
const root = join(import.meta.dirname, '..');
const qemu = '/usr/bin/qemu-system-i386';
const canBuild =
  process.getuid?.() === 0 &&
  spawnSync('apt-get', ['--version']).status === 0 &&
  spawnSync('cpio', ['--version']).status === 0;
const missing = [!canBuild && 'root with apt-get and cpio', !existsSync(qemu) && qemu]
  .filter(Boolean)
  .join(', ');
if (missing) console.warn(`linux-guest tests skipped: needs ${missing}`);

describe.skipIf(Boolean(missing))('guests/make-linux-guest.sh', () => {
  test('builds an i386 guest that boots in QEMU and prints the workload checksums', () => {
    const out = mkdtempSync(join(tmpdir(), 'tsemu-guest-'));
    try {
      execFileSync('bash', [join(root, 'guests/make-linux-guest.sh'), out, 'i386', 'test'], {
        stdio: 'pipe',
      });
      expect(statSync(join(out, 'bzImage')).size).toBeGreaterThan(1 << 20);
      const run = spawnSync(
        qemu,
        [
          '-M',
          'pc',
          '-accel',
          'tcg',
          '-m',
          '256',
          '-nographic',
          '-no-reboot',
          '-kernel',
          join(out, 'bzImage'),
        ].concat(['-initrd', join(out, 'initramfs.cpio.gz'), '-append', 'console=ttyS0 quiet']),
        { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      expect(run.status).toBe(0);
      const lines = run.stdout.split(/\r?\n/);
      expect(lines).toContain('GUEST-READY');
      expect(lines).toContain(
        'WORKLOAD-DONE bdbcf02ee0aa977795a79d25fcfdccb1 f6351f5ead9a700e34275480b3856ea738122a7c57bdeb744a631251c069587a',
      );
      expect(lines).toContain('GUEST-HALT');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 240_000);
});
