import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseQemuCommandLine, QemuCommandLineError } from '../src/qemu-system.js';
import { FRAGMENTS } from './command-lines.js';

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
  ['-blockdev', 'driver=file,help'],
  ['-blockdev', ',driver=file'],
  ['-machine', ',,'],
  ['-smp', 'cpus=2,cpus.x=1'],
  ['-blockdev', 'driver=file,a.b=1,a=2'],
  ['-blockdev', 'driver=file,a.0=1,a.x=2'],
  ['-m', '1G', '-m', '2G,slots=bad'],
  ['-global', 'a.b'],
  ['-chardev', 'null,id=c0,id=c1', '-chardev', 'null,id=c0'],
  ['-device', 'e1000,id=a b'],
  ['-object', 'secret,id=s0,id=s1', '-object', 'secret,id=s0'],
  ['-netdev', '{"type":"user","id":"n0"', '-netdev', 'user'],
  ['-machine', 'accel=tcg,accel.x=1'],
  ['-blockdev', 'driver=file,filename=a,,b,=x'],
  ['-set', 'a.b.c'],
  ['-set', 'machine.x.y=1'],
  ['-icount', 'shift=1,id=x'],
  ['-device', '{"driver":"e1000","id":"n0"}', '-set', 'device.n0.mac=1'],
];

// -readconfig files: QEMU's line rules and the line its errors point at
const dir = mkdtempSync(join(tmpdir(), 'qemuopts-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const files: Record<string, string> = {
  'no-group.cfg': 'foo = "bar"\n',
  'unknown-group.cfg': '[nosuch]\n  a = "b"\n',
  'blank-line.cfg': '[device]\n  driver = "e1000"\n   \n',
  'last-group.cfg': '\n# c\n[memory]\n  size = "512"\n[machine]\n  type = "none"\n[nosuch2 "x"]\n',
  'dup-id.cfg': '[chardev "c0"]\n  backend = "null"\n[chardev "c0"]\n  backend = "null"\n',
  'bad-size.cfg': '[memory]\n  size = "foo"\n',
  'empty-group.cfg': '[nosuch]\n',
  'bad-header.cfg': '[memory]\n  size = "1G"\n[]\n[rtc]\n  base = "utc"\n  base = "x" junk\n[nosuch]\n',
};
for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
for (const name of Object.keys(files)) cases.push(['-readconfig', join(dir, name)]);

function ours(argv: string[]): string {
  try {
    parseQemuCommandLine(argv, { readFile: (p) => readFileSync(p, 'utf8') });
    return '';
  } catch (e) {
    const line =
      e instanceof QemuCommandLineError ? e.format() : `qemu-system-x86_64: ${(e as Error).message}`;
    return line.split('\n')[0];
  }
}

function theirs(argv: string[]): string {
  const r = spawnSync(QEMU, ['-nodefaults', '-display', 'none', '-S', '-machine', 'none', ...argv], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  const lines = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('qemu-system-x86_64:') && !l.includes('warning:'));
  return lines[0] ?? '';
}

describe.skipIf(!have)('command-line errors against qemu-system-x86_64', () => {
  it.each(cases.map((c) => [c.join(' ').replace(dir, '').slice(0, 70), c] as const))('%s', (_n, argv) => {
    const want = theirs(argv);
    expect(want).not.toBe('');
    expect(ours(argv)).toBe(want);
  });
});

// Config files written by tsemu, read by QEMU: every group QEMU's -readconfig knows must pass its
// parsing stage (`-device help` makes QEMU stop right after it). Groups QEMU 7.2 has no config
// section for (tsemu's own: legacy options, blockdev, display, compat; QEMU lacks acpitable,
// audiodev, semihosting-config on x86) are left out, as is add-fd (it checks the fd at once).
describe.skipIf(!have)('qemu-system-x86_64 -readconfig reads what tsemu writes', () => {
  const qemuGroups = new Set([
    'machine',
    'memory',
    'accel',
    'device',
    'object',
    'netdev',
    'nic',
    'net',
    'chardev',
    'drive',
    'mon',
    'action',
    'rtc',
    'name',
    'global',
    'icount',
    'overcommit',
    'msg',
    'sandbox',
    'spice',
    'vnc',
    'fw_cfg',
    'tpmdev',
    'trace',
    'plugin',
    'smbios',
    'numa',
    'fsdev',
    'virtfs',
    'iscsi',
    'option-rom',
  ]);
  const argv: string[] = [];
  for (const [frag] of FRAGMENTS) {
    try {
      const cfg = parseQemuCommandLine([...argv, ...frag]);
      // (ids clashing between a JSON and a QemuOpts form only show once read back)
      const text = cfg.writeConfig();
      parseQemuCommandLine(['-readconfig', 'x'], { readFile: () => text });
      if (cfg.entries.every((e) => qemuGroups.has(e.group))) argv.push(...frag);
    } catch {}
  }

  it('accepts the whole configuration of a long command line', () => {
    const cfg = parseQemuCommandLine(argv);
    expect(cfg.entries.length).toBeGreaterThan(80);
    const file = join(dir, 'tsemu-written.cfg');
    writeFileSync(file, cfg.writeConfig());
    const r = spawnSync(QEMU, ['-nodefaults', '-display', 'none', '-readconfig', file, '-device', 'help'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.stderr.split('\n').filter((l) => l.startsWith('qemu-system-x86_64:'))).toEqual([]);
    expect(r.status).toBe(0);
  });
});
