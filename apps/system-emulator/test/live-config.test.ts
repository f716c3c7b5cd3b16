import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfigFile } from '@tsemu/qemuopts';
import { QmpClient } from '@tsemu/qmp';
import type { QString } from '@tsemu/qobject';
import { afterEach, describe, expect, test } from 'vitest';
import { runEmulator, spawnEmulator } from './helpers.js';

// -writeconfig and query-config write the running machine: start the real process with a command
// line (plus QMP changes), export, restart from nothing but the exported file, export again: the
// texts and the qom-get value of every property written must be the same.

const procs: ChildProcess[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) if (p.exitCode === null) p.kill('SIGKILL');
});

interface Running {
  qmp: QmpClient;
  exited: Promise<{ status: number | null; stderr: string; stdout: string }>;
}

async function start(args: string[], sock: string): Promise<Running> {
  const proc = spawnEmulator(args);
  procs.push(proc);
  let stderr = '';
  let stdout = '';
  proc.stderr?.on('data', (d) => (stderr += d));
  proc.stdout?.on('data', (d) => (stdout += d));
  const exited = new Promise<{ status: number | null; stderr: string; stdout: string }>((r) =>
    proc.on('close', (status) => r({ status, stderr, stdout })),
  );
  for (let i = 0; ; i++) {
    try {
      return { qmp: await QmpClient.connect({ path: sock }), exited };
    } catch (e) {
      if (i > 400 || proc.exitCode !== null) throw new Error(`no QMP socket: ${stderr}`, { cause: e });
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

type Step = [command: string, args?: Record<string, unknown>];

/** qom-get of every property the config text's device/object sections set, by path. */
async function explicitValues(qmp: QmpClient, text: string): Promise<Record<string, unknown>> {
  const anon = ((await qmp.execute('qom-list', { path: '/machine/peripheral-anon' })) as { name: string }[])
    .map((p) => /^device\[(\d+)\]$/.exec(p.name))
    .filter((m) => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  const out: Record<string, unknown> = {};
  let nAnon = 0;
  for (const sec of parseConfigFile(text)) {
    if (sec.group !== 'device' && sec.group !== 'object') continue;
    const id = (sec.dict.get('id') as QString | undefined)?.value;
    let path: string;
    if (sec.group === 'object') path = `/objects/${id}`;
    else if (id !== undefined) path = `/machine/peripheral/${id}`;
    else path = `/machine/peripheral-anon/device[${anon[nAnon++]}]`;
    const skip = new Set(['id', 'driver', 'bus', 'qom-type']);
    for (const key of new Set(sec.order.map((k) => k.split('.')[0])))
      if (!skip.has(key)) out[`${path}.${key}`] = await qmp.execute('qom-get', { path, property: key });
  }
  return out;
}

async function roundTrip(args: string[], steps: Step[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'tsemu-live-'));
  const sock = join(dir, 'qmp.sock');
  const atStart = join(dir, 'start.cfg');
  const base = ['-S', '-display', 'none', '-qmp', `unix:${sock},server=on,wait=off`];
  const a = await start([...base, '-writeconfig', atStart, ...args], sock);
  const startText = (await a.qmp.execute('query-config')) as { text: string };
  expect(readFileSync(atStart, 'utf8')).toBe(startText.text);
  for (const [cmd, cmdArgs] of steps) await a.qmp.execute(cmd, cmdArgs);
  const { text } = (await a.qmp.execute('query-config')) as { text: string };
  const values = await explicitValues(a.qmp, text);
  const hmpText = await a.qmp.execute('human-monitor-command', { 'command-line': 'info config' });
  // HMP prints with CRLF line ends, as QEMU's monitor does
  expect((hmpText as string).replace(/\r\n/g, '\n')).toBe(text);
  await a.qmp.execute('quit');
  expect((await a.exited).status).toBe(0);

  const file = join(dir, 'vm.cfg');
  writeFileSync(file, text);
  const b = await start(['-readconfig', file], sock);
  const again = (await b.qmp.execute('query-config')) as { text: string };
  const valuesAgain = await explicitValues(b.qmp, again.text);
  await b.qmp.execute('quit');
  expect((await b.exited).status).toBe(0);
  expect(again.text).toBe(text);
  expect(valuesAgain).toEqual(values);
  return { text, values };
}

const ND = ['-nodefaults'];
const NULL0 = ['-chardev', 'null,id=c0'];
const NULLS = ['-chardev', 'null,id=c0', '-chardev', 'null,id=c1', '-chardev', 'null,id=c2'];

// command lines, the QMP steps after start, and what the export must say
const CASES: { name: string; args: string[]; steps?: Step[]; has?: string[]; lacks?: string[] }[] = [
  { name: 'no devices', args: ND },
  { name: 'machine and memory', args: [...ND, '-M', 'pc', '-m', '256'], has: ['[memory]\n  size = "256"'] },
  { name: 'machine type and options', args: [...ND, '-machine', 'pc,usb=off', '-m', 'size=64M'] },
  {
    name: 'name, uuid, rtc',
    args: [...ND, '-name', 'guest=vm1', '-uuid', '12345678-1234-1234-1234-123456789abc', '-rtc', 'base=utc'],
  },
  { name: 'accel with properties', args: [...ND, '-accel', 'tcg,tb-size=64'] },
  { name: 'boot order', args: [...ND, '-boot', 'order=cd'] },
  { name: 'no-reboot, no-shutdown', args: [...ND, '-no-reboot', '-no-shutdown'] },
  {
    name: 'debugcon, defaults only',
    args: [...ND, ...NULL0, '-device', 'isa-debugcon,chardev=c0'],
    has: ['[device]\n  driver = "isa-debugcon"\n  bus = "isa.0"\n  chardev = "c0"\n\n'],
  },
  {
    name: 'debugcon with id, iobase and readback in hex',
    args: [...ND, ...NULL0, '-device', 'isa-debugcon,id=dc,iobase=0x402,readback=0x42,chardev=c0'],
    has: ['  iobase = "1026"', '  readback = "66"'],
  },
  { name: 'serial with chardev', args: [...ND, ...NULL0, '-device', 'isa-serial,chardev=c0,id=s0'] },
  {
    name: 'serial with every property',
    args: [
      ...ND,
      ...NULL0,
      '-device',
      'isa-serial,id=com2,chardev=c0,index=1,iobase=0x2f8,irq=3,baudbase=9600,wakeup=on',
    ],
    has: ['  wakeup = "on"', '  baudbase = "9600"'],
  },
  {
    name: 'three anonymous serials',
    args: [
      ...ND,
      ...NULLS,
      '-device',
      'isa-serial,chardev=c0',
      '-device',
      'isa-serial,chardev=c1',
      '-device',
      'isa-serial,chardev=c2',
    ],
  },
  { name: 'debug-exit', args: [...ND, '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04'] },
  {
    name: 'debug-exit as JSON',
    args: [...ND, '-device', '{"driver":"isa-debug-exit","id":"de","iobase":244,"iosize":4}'],
    has: ['[device "de"]\n  driver = "isa-debug-exit"\n  bus = "isa.0"\n  iobase = "244"\n  iosize = "4"\n'],
  },
  { name: 'explicit bus', args: [...ND, '-device', 'isa-debug-exit,bus=isa.0,iobase=0x501'] },
  {
    name: '-global stays a global, not a device property',
    args: [...ND, ...NULL0, '-global', 'isa-debugcon.readback=7', '-device', 'isa-debugcon,chardev=c0,id=d'],
    has: ['[global]\n  driver = "isa-debugcon"\n  property = "readback"\n  value = "7"'],
    lacks: ['  readback = "7"'],
  },
  {
    name: '-global in QemuOpts form and a device setting the same property',
    args: [
      ...ND,
      ...NULL0,
      '-global',
      'driver=isa-serial,property=baudbase,value=38400',
      '-device',
      'isa-serial,chardev=c0,baudbase=1200',
    ],
    has: ['  baudbase = "1200"'],
  },
  {
    name: '-set on a device',
    args: [...ND, ...NULL0, '-device', 'isa-serial,id=s0,chardev=c0', '-set', 'device.s0.baudbase=19200'],
    has: ['  baudbase = "19200"'],
  },
  { name: 'authz-simple', args: [...ND, '-object', 'authz-simple,id=a0,identity=alice'] },
  { name: 'authz-list policy', args: [...ND, '-object', 'authz-list,id=l0,policy=allow'] },
  {
    // QEMU's -object takes no dotted keys (QemuOpts); its config files do (keyval, crumpled)
    name: 'authz-list rules: JSON on the command line, dotted keys in the file',
    args: [
      ...ND,
      '-object',
      '{"qom-type":"authz-list","id":"l0","rules":[{"match":"bob","policy":"allow"},{"match":"*.example.com","policy":"deny","format":"glob"}]}',
    ],
    has: ['  rules.1.format = "glob"', '  rules.1.match = "*.example.com"'],
  },
  {
    name: 'authz-list as JSON',
    args: [
      ...ND,
      '-object',
      '{"qom-type":"authz-list","id":"j0","policy":"deny","rules":[{"match":"x","policy":"allow","format":"exact"}]}',
    ],
  },
  {
    name: 'objects and devices together',
    args: [
      ...ND,
      ...NULLS,
      '-object',
      'authz-simple,id=a0,identity=x',
      '-device',
      'isa-serial,chardev=c0,id=s0',
      '-object',
      'authz-list,id=l0',
      '-device',
      'isa-debugcon,chardev=c1,iobase=0x80',
    ],
  },
  {
    name: 'object-add at run time',
    args: ND,
    steps: [['object-add', { 'qom-type': 'authz-simple', id: 'late', identity: 'carol' }]],
    has: ['[object "late"]\n  qom-type = "authz-simple"\n  identity = "carol"\n'],
  },
  {
    name: 'object-add of a list with rules',
    args: ND,
    steps: [
      [
        'object-add',
        { 'qom-type': 'authz-list', id: 'acl', policy: 'allow', rules: [{ match: 'eve', policy: 'deny' }] },
      ],
    ],
    has: ['  rules.0.match = "eve"'],
  },
  {
    name: 'qom-set changes an object property',
    args: [...ND, '-object', 'authz-simple,id=a0,identity=alice'],
    steps: [['qom-set', { path: '/objects/a0', property: 'identity', value: 'dave' }]],
    has: ['  identity = "dave"'],
    lacks: ['alice'],
  },
  {
    name: 'qom-set a property not given at creation',
    args: [...ND, '-object', 'authz-list,id=l0'],
    steps: [
      [
        'qom-set',
        { path: '/objects/l0', property: 'rules', value: [{ match: 'f*', policy: 'allow', format: 'glob' }] },
      ],
    ],
    has: ['  rules.0.format = "glob"'],
  },
  {
    name: 'object-del removes the section',
    args: [...ND, '-object', 'authz-simple,id=a0,identity=x', '-object', 'authz-simple,id=a1,identity=y'],
    steps: [['object-del', { id: 'a0' }]],
    lacks: ['[object "a0"]'],
  },
  {
    name: 'object-add after object-del, same id',
    args: [...ND, '-object', 'authz-simple,id=a0,identity=x'],
    steps: [
      ['object-del', { id: 'a0' }],
      ['object-add', { 'qom-type': 'authz-list', id: 'a0', policy: 'allow' }],
    ],
    has: ['[object "a0"]\n  qom-type = "authz-list"\n  policy = "allow"\n'],
  },
  {
    name: 'a PCI function: written with its bus',
    args: [...ND, '-device', 'piix3-ide,id=ide2,rombar=0,multifunction=off'],
    has: [
      '[device "ide2"]\n  driver = "piix3-ide"\n  bus = "pci.0"\n  multifunction = "off"\n  rombar = "0"\n',
    ],
  },
  {
    name: 'chardevs of several backends',
    args: [
      ...ND,
      '-chardev',
      'null,id=n',
      '-chardev',
      'ringbuf,id=r,size=4096',
      '-device',
      'isa-serial,chardev=r',
    ],
  },
  {
    name: 'everything at once',
    args: [
      ...ND,
      '-M',
      'pc',
      '-m',
      '128',
      '-name',
      'all',
      ...NULLS,
      '-object',
      'authz-simple,id=a0,identity=x',
      '-global',
      'isa-serial.baudbase=57600',
      '-device',
      'isa-serial,chardev=c0,id=s0',
      '-device',
      'isa-serial,chardev=c1',
      '-device',
      'isa-debugcon,chardev=c2,iobase=0x402',
      '-device',
      'isa-debug-exit',
    ],
    steps: [
      ['qom-set', { path: '/objects/a0', property: 'identity', value: 'y' }],
      ['object-add', { 'qom-type': 'authz-list', id: 'l0', rules: [{ match: 'a', policy: 'allow' }] }],
    ],
  },
  {
    name: 'memory-backend-ram: size, bools, enum, a list with a range',
    args: [
      ...ND,
      '-object',
      'memory-backend-ram,id=m0,size=64M,merge=off,dump=off,policy=bind,host-nodes=0-1',
    ],
    has: ['  size = "67108864"', '  host-nodes.1 = "1"', '  policy = "bind"', '  merge = "off"'],
  },
  {
    name: 'memory-backend-ram as the machine RAM',
    args: [
      ...ND,
      '-object',
      '{"qom-type":"memory-backend-ram","id":"ram","size":268435456,"prealloc":false}',
      '-machine',
      'memory-backend=ram',
    ],
    has: ['  size = "268435456"', '  memory-backend = "ram"'],
  },
  {
    name: 'memory-backend-ram added with object-add',
    args: ND,
    steps: [
      [
        'object-add',
        {
          'qom-type': 'memory-backend-ram',
          id: 'hot',
          size: 1048576,
          'host-nodes': [0],
          policy: 'preferred',
        },
      ],
    ],
    has: [
      '[object "hot"]\n  qom-type = "memory-backend-ram"\n  host-nodes.0 = "0"\n  policy = "preferred"\n  size = "1048576"\n',
    ],
  },
  {
    name: 'a -readconfig file plus command-line options',
    args: [...ND, '-readconfig', '@base', '-device', 'isa-debug-exit,id=x'],
  },
];

describe('-writeconfig / query-config of the running machine', () => {
  test('at least 30 command lines', () => expect(CASES.length).toBeGreaterThanOrEqual(30));

  test('a value a config file cannot carry is refused, not written wrongly', async () => {
    const r = await runEmulator([
      '-nodefaults',
      '-display',
      'none',
      '-S',
      '-object',
      '{"qom-type":"authz-simple","id":"a","identity":"x\\"y"}',
      '-writeconfig',
      '-',
    ]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `tsemu-system-x86_64: -writeconfig -: value of 'object.identity' cannot be written to a config file: "x\\"y"\n`,
    );
  });

  for (const c of CASES)
    test(c.name, async () => {
      let args = c.args;
      if (args.includes('@base')) {
        const base = join(mkdtempSync(join(tmpdir(), 'tsemu-live-')), 'base.cfg');
        writeFileSync(
          base,
          '[chardev "c0"]\n  backend = "null"\n\n[device "s0"]\n  driver = "isa-serial"\n  chardev = "c0"\n',
        );
        args = args.map((a) => (a === '@base' ? base : a));
      }
      const { text } = await roundTrip(args, c.steps);
      for (const s of c.has ?? []) expect(text).toContain(s);
      for (const s of c.lacks ?? []) expect(text).not.toContain(s);
    }, 60_000);
});
