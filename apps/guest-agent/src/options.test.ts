import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { dumpConfig, parseArgs, parseKeyFile, scanArgs, UsageError, usage } from './options.js';

const noConf = { QGA_CONF: '/nonexistent/qemu-ga.conf' };

describe('command line', () => {
  test('short, long, attached and = forms', () => {
    const cfg = parseArgs(
      ['-m', 'unix-listen', '--path=/tmp/s', '-t/tmp/st', '--pidfile', '/tmp/p', '-vd'],
      'qemu-ga',
      noConf,
    );
    expect(cfg).toMatchObject({
      method: 'unix-listen',
      path: '/tmp/s',
      statedir: '/tmp/st',
      pidfile: '/tmp/p',
      verbose: true,
      daemonize: true,
    });
  });

  test('defaults follow the method', () => {
    expect(parseArgs([], 'qemu-ga', noConf).path).toBe('/dev/virtio-ports/org.qemu.guest_agent.0');
    expect(parseArgs(['-m', 'isa-serial'], 'qemu-ga', noConf).path).toBe('/dev/ttyS0');
  });

  test('-F takes its argument only attached', () => {
    expect(parseArgs(['-F'], 'qemu-ga', noConf).fsfreezeHook).toBe('/etc/qemu/fsfreeze-hook');
    expect(parseArgs(['-F/x.sh'], 'qemu-ga', noConf).fsfreezeHook).toBe('/x.sh');
  });

  test('getopt errors', () => {
    expect(() => scanArgs(['--nope'], 'qemu-ga')).toThrow("qemu-ga: unrecognized option '--nope'");
    expect(() => scanArgs(['-z'], 'qemu-ga')).toThrow("qemu-ga: invalid option -- 'z'");
    expect(() => scanArgs(['-m'], 'qemu-ga')).toThrow("qemu-ga: option requires an argument -- 'm'");
    expect(() => scanArgs(['--method'], 'qemu-ga')).toThrow(
      "qemu-ga: option '--method' requires an argument",
    );
    expect(() => parseArgs(['-m', 'carrier-pigeon'], 'qemu-ga', noConf)).toThrow(UsageError);
  });

  test('-D dumps what qemu-ga dumps, block list reversed as qemu-ga keeps it', () => {
    const cfg = parseArgs(
      [
        '-m',
        'unix-listen',
        '-p',
        '/tmp/qemu-ref/qga.sock',
        '-t',
        '/tmp/qemu-ref/qgastate',
        '-b',
        'guest-exec,guest-file-open',
        '-D',
      ],
      'qemu-ga',
      noConf,
    );
    expect(cfg.dumpConf).toBe(true);
    // Byte-for-byte the -D output captured from qemu-ga 7.2 (C10 in the reference README).
    expect(dumpConfig(cfg)).toBe(
      '[general]\ndaemon=false\nmethod=unix-listen\npath=/tmp/qemu-ref/qga.sock\npidfile=/var/run/qemu-ga.pid\nstatedir=/tmp/qemu-ref/qgastate\nverbose=false\nretry-path=false\nblock-rpcs=guest-file-open,guest-exec\n',
    );
  });

  test('-b help lists the commands', () => {
    expect(parseArgs(['-b', 'help'], 'qemu-ga', noConf).listRpcs).toBe(true);
  });
});

describe('config file', () => {
  test('a dumped config reads back to the same configuration; the command line wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsemu-ga-conf-'));
    try {
      const file = join(dir, 'qga.conf');
      const first = parseArgs(
        ['-m', 'unix-listen', '-p', '/tmp/a.sock', '-t', '/tmp', '-b', 'guest-exec', '-v'],
        'qemu-ga',
        noConf,
      );
      writeFileSync(file, dumpConfig(first));
      const again = parseArgs(['-c', file], 'qemu-ga', {});
      expect(dumpConfig(again)).toBe(dumpConfig(first));
      expect(parseArgs(['-c', file, '-p', '/tmp/b.sock'], 'qemu-ga', {}).path).toBe('/tmp/b.sock');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('rejects lines that are not key=value, groups or comments', () => {
    expect(() => parseKeyFile('[general]\nbogus line\n', 'f')).toThrow(
      'not a key-value pair, group, or comment',
    );
  });
});

describe('--help', () => {
  const captured = join(import.meta.dirname, '../../../../shared/reference/qemu-7.2/qga/qemu-ga-help.txt');
  test.skipIf(!existsSync(captured))("lists qemu-ga's options with qemu-ga's text, plus -a and -c", () => {
    const want = readFileSync(captured, 'utf8').split('--- stdout ---\n')[1]!.split('\n');
    const got = usage('/usr/sbin/qemu-ga', '0.1.0').split('\n');
    // The option table: from the first option to the end of -h's line.
    const table = (lines: string[]) =>
      lines.slice(
        lines.findIndex((l) => l.startsWith('  -m')),
        lines.findIndex((l) => l.startsWith('  -h')) + 1,
      );
    const ours = table(got).filter((_l, i, all) => {
      // Our two extra options and their continuation lines.
      const owner = all
        .slice(0, i + 1)
        .reverse()
        .find((x) => /^ {2}-/.test(x))!;
      return !/^ {2}-(a|c),/.test(owner);
    });
    expect(ours).toEqual(table(want));
    expect(got[0]).toBe(want[0]);
  });
});
