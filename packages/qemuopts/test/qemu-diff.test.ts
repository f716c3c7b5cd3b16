import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseQemuCommandLine } from '../src/qemu-system.js';

// Differential: the first error line qemu-system-x86_64 prints for a command line that fails while
// it is being parsed, against ours. Needs the Debian qemu-system-x86 package.
const QEMU = 'qemu-system-x86_64';
const probe = spawnSync(QEMU, ['-version'], { encoding: 'utf8' });
const have = probe.status === 0;
if (!have) console.warn(`skipping differential tests: ${QEMU} is not installed`);

const cases: string[][] = [
  ['-blockdev', 'driver=quorum,children.0=a,children.x=b'],
  ['-blockdev', 'driver=file,a..b=1'],
  ['-blockdev', 'driver=qcow2,file.1=x'],
  ['-blockdev', `driver=file,${'k'.repeat(130)}=1`],
  ['-blockdev', 'driver=file,filename'],
  ['-machine', 'pc,bogus'],
  ['-machine', 'pc,=x'],
  ['-smp', '2,maxcpus.1=4'],
  ['-object', '{"qom-type":1'],
  ['-object', '{"a":1}{"b":2}'],
  ['-object', '{"a" 1}'],
  ['-object', '{"a":[1,}'],
  ['-device', '{"driver":"isa-debugcon"} {'],
  ['-blockdev', '{"driver":"file"}x'],
  ['-m', 'foo'],
  ['-m', '1G,slots=x'],
  ['-m', '1G,bogus=1'],
  ['-set', 'garbage'],
  ['-set', 'device.zz.a=b'],
  ['-device', 'e1000,id=9'],
  ['-chardev', 'null,id=c0', '-chardev', 'null,id=c0'],
  ['-netdev', 'user,id=n0', '-netdev', 'user,id=n0'],
  ['-drive', 'if=none,id=d0', '-drive', 'if=none,id=d0'],
  ['-rtc', 'base=utc,id=x'],
  ['-name', 'vm,id=x'],
];

function ours(argv: string[]): string {
  try {
    parseQemuCommandLine(argv);
    return '';
  } catch (e) {
    return `qemu-system-x86_64: ${(e as Error).message.split('\n')[0]}`;
  }
}

function theirs(argv: string[]): string {
  const r = spawnSync(QEMU, ['-nodefaults', '-display', 'none', '-S', '-machine', 'none', ...argv], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  const lines = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('qemu-system-x86_64: ') && !l.includes('warning:'));
  return lines[0] ?? '';
}

describe.skipIf(!have)('command-line errors against qemu-system-x86_64', () => {
  it.each(cases.map((c) => [c.join(' ').slice(0, 70), c] as const))('%s', (_n, argv) => {
    const want = theirs(argv);
    expect(want).not.toBe('');
    expect(ours(argv)).toBe(want);
  });
});
