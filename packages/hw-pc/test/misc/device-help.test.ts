// -device <driver>,help of tsemu's devices against QEMU 7.2's (cli/device-*-help.txt captures).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { qdevDeviceHelp } from '@tsemu/qdev';
import { describe, expect, test } from 'vitest';
import '../../src/char/debugcon.js';
import '../../src/char/serial-isa.js';
import '../../src/misc/debugexit.js';

const ref = join(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'reference', 'qemu-7.2', 'cli');
const have = existsSync(ref);
if (!have) console.warn(`${ref} absent: device help comparison skipped`);

function captured(driver: string): string {
  const text = readFileSync(join(ref, `device-${driver}-help.txt`), 'utf8');
  return text.split('--- stdout ---\n')[1].split('--- stderr ---')[0];
}

describe.skipIf(!have)('-device help as QEMU 7.2', () => {
  test.each(['isa-serial', 'isa-debugcon', 'isa-debug-exit'])('%s', (driver) => {
    expect(qdevDeviceHelp(driver)).toBe(captured(driver));
  });
});
