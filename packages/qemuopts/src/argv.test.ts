import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatArgvError, parseArgv, type QemuOptionDef } from './index.js';

const ref = join(dirname(fileURLToPath(import.meta.url)), '../../../../shared/reference/qemu-7.2/cli/errors');
let haveRef = true;
try {
  readFileSync(join(ref, 'unknown-option.txt'));
} catch {
  haveRef = false;
  console.warn(`reference captures missing at ${ref}: capture comparisons skipped`);
}

const table: QemuOptionDef[] = [
  { name: 'm', hasArg: true },
  { name: 'machine', hasArg: true },
  { name: 'nographic', hasArg: false },
  { name: 'h', hasArg: false },
];

function stderrOf(argv: string[]): string {
  try {
    parseArgv(argv, table);
  } catch (e) {
    return formatArgvError('qemu-system-x86_64', e as Error);
  }
  return '';
}

function capture(name: string): string {
  const text = readFileSync(join(ref, name), 'utf8');
  return (text.split('--- stderr ---\n')[1] ?? '').trim();
}

describe('parseArgv', () => {
  it('short and long forms, with and without argument, bare image', () => {
    expect(parseArgv(['-m', '512', '--machine', 'pc', '-nographic', 'disk.img'], table)).toEqual([
      { name: 'm', arg: '512' },
      { name: 'machine', arg: 'pc' },
      { name: 'nographic', arg: undefined },
      { name: 'hda', arg: 'disk.img' },
    ]);
  });
  it.skipIf(!haveRef)('errors match the QEMU 7.2 captures', () => {
    expect(stderrOf(['-m'])).toBe(capture('missing-option-argument.txt'));
    expect(stderrOf(['-no-such-option'])).toBe(capture('unknown-option.txt'));
  });
});
