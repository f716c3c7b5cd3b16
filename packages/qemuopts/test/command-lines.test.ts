import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type QDict, toJS } from '@tsemu/qobject';
import { describe, expect, it } from 'vitest';
import { QemuArgvError } from '../src/argv.js';
import { qdictFlatten, scalarText } from '../src/config-file.js';
import { parseQemuCommandLine, type QemuConfiguration } from '../src/qemu-system.js';
import { FRAGMENTS } from './command-lines.js';

const entriesOf = (cfg: QemuConfiguration) => cfg.entries.map((e) => [e.group, toJS(e.dict)]);

describe('qemu-system-x86_64 command-line fragments', () => {
  it('has at least 100 of them', () => expect(FRAGMENTS.length).toBeGreaterThanOrEqual(100));

  it.each(FRAGMENTS.map((f) => [f[0].join(' '), f] as const))('%s', (_name, [argv, expected]) => {
    expect(entriesOf(parseQemuCommandLine(argv))).toEqual(expected);
  });
});

/** flat string form: what a config file can carry */
function normalize(cfg: QemuConfiguration): [string, Record<string, string>][] {
  return cfg.entries.map((e) => {
    const flat: Record<string, string> = {};
    for (const [k, v] of qdictFlatten(e.dict as QDict).entries()) flat[k] = scalarText(v);
    return [e.group, flat];
  });
}

describe('-readconfig round trip of the whole configuration', () => {
  // one long command line made of every fragment that does not clash (duplicate ids, which QEMU
  // rejects at start-up even between JSON and QemuOpts forms) with the ones before
  const everything: string[] = [];
  for (const [argv] of FRAGMENTS) {
    try {
      const text = parseQemuCommandLine([...everything, ...argv]).writeConfig();
      parseQemuCommandLine(['-readconfig', 'x'], { readFile: () => text });
      everything.push(...argv);
    } catch {}
  }
  const lines: string[][] = [...FRAGMENTS.map((f) => f[0]), everything];

  it('the combined command line holds most fragments', () => {
    expect(everything.length).toBeGreaterThan(300);
  });

  it.each(lines.map((l) => [l.join(' ').slice(0, 80), l] as const))('%s', (_n, argv) => {
    const cfg = parseQemuCommandLine(argv);
    const text = cfg.writeConfig();
    const back = parseQemuCommandLine(['-readconfig', 'x.cfg'], { readFile: () => text });
    expect(normalize(back)).toEqual(normalize(cfg));
    expect(back.writeConfig()).toBe(text);
  });

  it('writes QEMU -writeconfig layout', () => {
    const cfg = parseQemuCommandLine([
      '-chardev',
      'file,id=dbg,path=/tmp/x.log',
      '-device',
      'isa-debugcon,iobase=0xe9,chardev=dbg',
      '-m',
      '512',
      '-smp',
      '2',
    ]);
    expect(cfg.writeConfig()).toBe(
      [
        '# qemu config file',
        '',
        '[chardev "dbg"]',
        '  backend = "file"',
        '  path = "/tmp/x.log"',
        '',
        '[device]',
        '  driver = "isa-debugcon"',
        '  iobase = "0xe9"',
        '  chardev = "dbg"',
        '',
        '[memory]',
        '  size = "512"',
        '',
        '[machine]',
        '  smp.cpus = "2"',
        '',
        '',
      ].join('\n'),
    );
  });

  it('refuses values a config file cannot hold', () => {
    const cfg = parseQemuCommandLine(['-append', 'root=/dev/sda "quoted"']);
    expect(() => cfg.writeConfig()).toThrow(
      'value of \'machine.append\' cannot be written to a config file: "root=/dev/sda \\"quoted\\""',
    );
  });
});

describe('QEMU 7.2 config file input', () => {
  const ref = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'reference', 'qemu-7.2', 'cli');
  const have = existsSync(join(ref, 'readconfig-roundtrip.json'));
  it.skipIf(!have)('reads the file QEMU was given in the readconfig capture', () => {
    const text = JSON.parse(readFileSync(join(ref, 'readconfig-roundtrip.json'), 'utf8')).config_file_text;
    const cfg = parseQemuCommandLine(['-readconfig', 'q.cfg'], { readFile: () => text });
    expect(entriesOf(cfg)).toEqual([
      ['chardev', { id: 'dbg', backend: 'file', path: '/tmp/qemu-ref/readconfig-dbg.log' }],
      ['device', { driver: 'isa-debugcon', iobase: '0xe9', chardev: 'dbg' }],
      ['object', { id: 'ram0', 'qom-type': 'memory-backend-ram', size: '64M' }],
      ['memory', { size: '512' }],
      ['smp-opts', { cpus: '2' }],
      ['machine', { type: 'pc' }],
    ]);
  });
});

describe('command-line errors in QEMU wording', () => {
  const ref = join(
    import.meta.dirname,
    '..',
    '..',
    '..',
    '..',
    'shared',
    'reference',
    'qemu-7.2',
    'cli',
    'errors',
  );
  const have = existsSync(ref);
  if (!have) console.warn(`skipping capture comparisons: ${ref} is absent`);

  function stderr(argv: string[]): string {
    let out = '';
    const line = (m: string) => {
      out += `qemu-system-x86_64: ${m}\n`;
    };
    try {
      parseQemuCommandLine(argv, { readFile: (p) => readFileSync(p, 'utf8'), onWarning: line });
    } catch (e) {
      if (e instanceof QemuArgvError || e instanceof Error) line((e as Error).message);
    }
    return out;
  }

  const captured: [string, string[]][] = [
    ['m-bad-size.txt', ['-m', 'foo']],
    ['m-bad-suffix.txt', ['-m', '512Q']],
    ['device-bad-id.txt', ['-device', 'isa-debug-exit,id=1bad']],
    ['set-unknown-group.txt', ['-set', 'nosuch.id.prop=1']],
    ['readconfig-missing-file.txt', ['-readconfig', '/nonexistent/qemu.cfg']],
    ['chardev-duplicate-id.txt', ['-chardev', 'null,id=c0', '-chardev', 'null,id=c0']],
    ['device-duplicate-id.txt', ['-device', 'isa-debug-exit,id=d0', '-device', 'isa-debug-exit,id=d0']],
    ['missing-option-argument.txt', ['-m']],
    ['unknown-option.txt', ['-no-such-option']],
    ['writeconfig.txt', ['-writeconfig', 'x']],
    ['global-syntax.txt', ['-global', 'nodot']],
  ];
  it.skipIf(!have).each(captured)('%s', (file, argv) => {
    const want = readFileSync(join(ref, file), 'utf8').split('--- stderr ---\n')[1];
    const got = stderr(argv);
    // the duplicate-id captures name only the second option
    expect(got).toBe(want);
  });

  const bad: [string[], string][] = [
    [['-set', 'garbage'], '-set garbage: can\'t parse: "garbage"'],
    [['-set', 'object.x.y=1'], '-set object.x.y=1: -set is not supported with object'],
    [['-set', 'device.zz.a=b'], '-set device.zz.a=b: there is no device "zz" defined'],
    [['-machine', 'pc,bogus'], "-machine pc,bogus: Expected '=' after parameter 'bogus'"],
    [
      ['-blockdev', 'driver=quorum,children.0=a,children.x=b'],
      "-blockdev driver=quorum,children.0=a,children.x=b: Parameters 'children.*' used inconsistently",
    ],
    [['-smp', '2,maxcpus.1=4'], "-smp 2,maxcpus.1=4: Parameter 'maxcpus.0' missing"],
    [
      ['-machine', 'pc', '-smp', '2', '-machine', 'smp=3'],
      "-machine smp=3: Parameter 'smp' used inconsistently",
    ],
    [['-m', '1G,id=x'], "-m 1G,id=x: Invalid parameter 'id'"],
    [['-m', '1G,bogus=2'], "-m 1G,bogus=2: Invalid parameter 'bogus'"],
    [['-m', 'slots=x'], "-m slots=x: Parameter 'slots' expects a number"],
    [['-global', 'nodot'], "-global nodot: Invalid parameter 'dot'"],
    [['-device', '{"driver": "e1000",'], '-device {"driver": "e1000",: JSON parse error, premature EOI'],
    [['-readconfig', 'x.cfg'], "-readconfig x.cfg: Could not open 'x.cfg': No such file or directory"],
  ];
  it('warns about short-form booleans as QEMU does', () => {
    expect(
      stderr(['-chardev', 'socket,id=q,path=/tmp/q.sock,server,nowait', '-netdev', 'user,id=n,nodelay']),
    ).toBe(
      [
        "qemu-system-x86_64: -chardev socket,id=q,path=/tmp/q.sock,server,nowait: warning: short-form boolean option 'server' deprecated",
        'Please use server=on instead',
        "qemu-system-x86_64: -chardev socket,id=q,path=/tmp/q.sock,server,nowait: warning: short-form boolean option 'nowait' deprecated",
        'Please use wait=off instead',
        "qemu-system-x86_64: -netdev user,id=n,nodelay: warning: short-form boolean option 'nodelay' deprecated",
        'Please use nodelay=on instead',
        '',
      ].join('\n'),
    );
  });

  it.each(bad)('%j', (argv, message) => {
    expect(() => parseQemuCommandLine(argv)).toThrow(message);
  });
});
