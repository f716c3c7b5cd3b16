// Differential tests against QEMU 7.2: the same HMP `o`/`i` sequences on the UART, i8042, port
// 0x92, debugcon and fw_cfg of `qemu-system-x86_64 -M pc -accel tcg -S -nodefaults` (the vCPU
// never runs, the virtual clock stands still) and on tsemu's devices; every value read must match.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NullChardev } from '@tsemu/chardev';
import { cpuInb, cpuInl, cpuInw, cpuOutb, cpuOutl, cpuOutw, MemoryRegion } from '@tsemu/memory';
import { deviceColdReset, objectUnparent, qemuClockResetAll } from '@tsemu/qdev';
import { afterAll, describe, expect, test } from 'vitest';
import { debugconInit } from '../../src/char/debugcon.js';
import { serialIsaInit } from '../../src/char/serial-isa.js';
import { qemuSetRunstateHandler } from '../../src/i386/runstate.js';
import { i8042Init } from '../../src/input/pckbd.js';
import { port92Init } from '../../src/misc/port92.js';
import { fwCfgArchCreate, fwCfgMachineReady } from '../../src/nvram/fw_cfg.js';
import { irqHarness } from '../char/harness.js';

const QEMU = 'qemu-system-x86_64';
const haveQemu = spawnSync(QEMU, ['--version']).status === 0;
if (!haveQemu) console.warn(`${QEMU} not found: differential device tests skipped`);

const dir = mkdtempSync(join(tmpdir(), 'tsemu-hwpc-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The built tsemu-system-x86_64, when there is one: the same sequences through the real process.
const repoRoot = join(import.meta.dirname, '..', '..', '..', '..');
const TSEMU_BIN = join(repoRoot, 'apps', 'system-emulator', 'bin', 'tsemu-system-x86_64');
// TSEMU_SYSTEM_EMULATOR overrides the command (e.g. "node --conditions=@tsemu/source --import tsx
// apps/system-emulator/src/cli.ts" to run it from source)
const tsemuCmd = process.env.TSEMU_SYSTEM_EMULATOR?.split(' ').filter(Boolean) ?? [
  process.execPath,
  TSEMU_BIN,
];
const haveTsemuBin =
  !!process.env.TSEMU_SYSTEM_EMULATOR ||
  existsSync(join(repoRoot, 'apps', 'system-emulator', 'dist', 'cli.js'));
if (!haveTsemuBin) console.warn('apps/system-emulator is not built: process-level comparison skipped');

/** Runs HMP commands on a fresh emulator process; returns the value of each `i`. */
async function onQemu(extraArgs: string[], commands: string[], bin: string[] = [QEMU]): Promise<number[]> {
  const sock = join(dir, `qmp-${Math.random().toString(36).slice(2)}.sock`);
  const qemu = spawn(bin[0], [
    ...bin.slice(1),
    '-M',
    'pc',
    '-accel',
    'tcg',
    '-S',
    '-nodefaults',
    '-display',
    'none',
    ...extraArgs,
    '-qmp',
    `unix:${sock},server=on,wait=on`,
  ]);
  let stderr = '';
  qemu.stderr.on('data', (d) => (stderr += d));
  try {
    const c = await new Promise<ReturnType<typeof connect>>((resolve, reject) => {
      const t0 = Date.now();
      const attempt = () => {
        const s = connect(sock);
        s.once('connect', () => resolve(s));
        s.once('error', () => {
          if (Date.now() - t0 > 20000) reject(new Error(`QEMU did not listen: ${stderr}`));
          else setTimeout(attempt, 50);
        });
      };
      attempt();
    });
    let buf = '';
    const waiters: ((line: Record<string, unknown>) => void)[] = [];
    c.on('data', (d) => {
      buf += d;
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const msg = JSON.parse(buf.slice(0, i));
        buf = buf.slice(i + 1);
        if ('return' in msg || 'error' in msg || 'QMP' in msg) waiters.shift()?.(msg);
      }
    });
    const next = () => new Promise<Record<string, unknown>>((r) => waiters.push(r));
    const execute = async (cmd: string, args?: unknown) => {
      const p = next();
      c.write(`${JSON.stringify({ execute: cmd, arguments: args })}\n`);
      return p;
    };
    await next(); // greeting
    await execute('qmp_capabilities');
    const values: number[] = [];
    for (const line of commands) {
      const r = await execute('human-monitor-command', { 'command-line': line });
      const text = String(r.return ?? '');
      if (line.startsWith('i ')) {
        const m = /= 0x([0-9a-f]+)/.exec(text);
        if (!m) throw new Error(`unexpected answer to ${line}: ${text}`);
        values.push(Number.parseInt(m[1], 16));
      } else if (text) throw new Error(`${line}: ${text}`);
    }
    c.end();
    return values;
  } finally {
    qemu.kill('SIGKILL');
  }
}

/** The same commands on tsemu's devices. */
function onTsemu(commands: string[]): number[] {
  qemuClockResetAll();
  const h = irqHarness();
  const resets: string[] = [];
  qemuSetRunstateHandler({ resetRequest: (c) => resets.push(c), shutdownRequest: () => {} });
  const ram = MemoryRegion.ram('pc.ram', 0x100000);
  h.bus.addressSpace?.addSubregion(0, ram);
  const devs = [
    i8042Init(h.bus),
    port92Init(h.bus),
    serialIsaInit(h.bus, 0, new NullChardev('s0')),
    debugconInit(h.bus, new NullChardev('dbg')),
  ];
  const fw = fwCfgArchCreate(h.bus.addressSpaceIo as MemoryRegion, h.io, {
    ramSize: 256 * 1024 * 1024,
    bootCpus: 1,
    apicIdLimit: 1,
    e820: [],
  });
  fwCfgMachineReady(fw);
  for (const d of [...devs, fw]) deviceColdReset(d);
  const [kbd] = devs as [ReturnType<typeof i8042Init>];
  deviceColdReset(kbd.ps2kbd);
  deviceColdReset(kbd.ps2mouse);
  const values: number[] = [];
  try {
    for (const line of commands) {
      const m = /^([io]) \/([bhw]) (0x[0-9a-f]+)(?: (0x[0-9a-f]+))?$/.exec(line);
      if (!m) throw new Error(`bad command ${line}`);
      const port = Number(m[3]);
      const size = m[2];
      if (m[1] === 'i') {
        values.push(
          size === 'b' ? cpuInb(h.io, port) : size === 'h' ? cpuInw(h.io, port) : cpuInl(h.io, port),
        );
      } else {
        const v = Number(m[4]);
        if (size === 'b') cpuOutb(h.io, port, v);
        else if (size === 'h') cpuOutw(h.io, port, v);
        else cpuOutl(h.io, port, v);
      }
    }
  } finally {
    qemuSetRunstateHandler(undefined);
    objectUnparent(fw);
  }
  expect(resets).toEqual([]);
  return values;
}

const ib = (p: number) => `i /b 0x${p.toString(16)}`;
const ob = (p: number, v: number) => `o /b 0x${p.toString(16)} 0x${v.toString(16)}`;
const uartAll = [0, 1, 2, 3, 4, 5, 6, 7].map((r) => ib(0x3f8 + r));

const scripts: Record<string, string[]> = {
  'UART registers after reset': uartAll,
  'UART divisor latch and line control': [
    ob(0x3fb, 0x80),
    ib(0x3f8),
    ib(0x3f9),
    ob(0x3f8, 0x01),
    ob(0x3f9, 0x00),
    ib(0x3f8),
    ob(0x3fb, 0x1b),
    ...uartAll,
  ],
  'UART FIFO enable, THRE interrupt identification': [
    ob(0x3fa, 0xc7),
    ib(0x3fa),
    ob(0x3f9, 0x0f),
    ib(0x3fa),
    ib(0x3fa),
    ob(0x3f9, 0x00),
    ob(0x3f9, 0x02),
    ib(0x3fa),
    ob(0x3fa, 0x00),
    ...uartAll,
  ],
  'UART loopback with and without FIFO, overrun, modem lines': [
    ob(0x3fc, 0x10),
    ib(0x3fe),
    ob(0x3fc, 0x1f),
    ib(0x3fe),
    ob(0x3f9, 0x05),
    ob(0x3f8, 0x55),
    ib(0x3fd),
    ib(0x3fa),
    ob(0x3f8, 0x66),
    ib(0x3fd),
    ib(0x3fa),
    ib(0x3fd),
    ib(0x3f8),
    ib(0x3fd),
    ob(0x3fa, 0x01),
    ...[1, 2, 3, 4, 5].map((v) => ob(0x3f8, v)),
    ib(0x3fd),
    ib(0x3fa),
    ib(0x3f8),
    ib(0x3f8),
    ib(0x3fa),
    ob(0x3fa, 0xc1),
    ...Array.from({ length: 17 }, (_, i) => ob(0x3f8, 0x30 + i)),
    ib(0x3fd),
    ib(0x3fa),
    ...Array.from({ length: 17 }, () => ib(0x3f8)),
    ib(0x3fd),
    ob(0x3f8, 0x77),
    ob(0x3fa, 0x03),
    ib(0x3fd),
    ob(0x3fc, 0x00),
    ...uartAll,
  ],
  'i8042 status, command byte, self test, interface tests, output port': [
    ib(0x64),
    ob(0x64, 0x20),
    ib(0x64),
    ib(0x60),
    ib(0x64),
    ob(0x64, 0xaa),
    ib(0x64),
    ib(0x60),
    ib(0x64),
    ob(0x64, 0xab),
    ib(0x60),
    ob(0x64, 0xa9),
    ib(0x60),
    ob(0x64, 0xc0),
    ib(0x60),
    ob(0x64, 0xd0),
    ib(0x60),
    ob(0x64, 0xdd),
    ob(0x64, 0xd0),
    ib(0x60),
    ob(0x64, 0xdf),
    ob(0x64, 0x60),
    ob(0x60, 0x65),
    ob(0x64, 0x20),
    ib(0x60),
    ob(0x64, 0xd2),
    ob(0x60, 0x12),
    ib(0x64),
    ib(0x60),
    ob(0x64, 0xd3),
    ob(0x60, 0x34),
    ib(0x64),
    ib(0x60),
    ib(0x64),
    ib(0x60),
  ],
  'PS/2 keyboard and mouse command replies': [
    ob(0x60, 0xff),
    ib(0x64),
    ib(0x60),
    ib(0x60),
    ib(0x64),
    ob(0x60, 0xf2),
    ib(0x60),
    ib(0x60),
    ib(0x60),
    ob(0x60, 0xee),
    ib(0x60),
    ob(0x60, 0xf0),
    ib(0x60),
    ob(0x60, 0x00),
    ib(0x60),
    ib(0x60),
    ob(0x60, 0xed),
    ob(0x60, 0x02),
    ib(0x60),
    ob(0x60, 0x99),
    ib(0x60),
    ob(0x64, 0xd4),
    ob(0x60, 0xff),
    ib(0x64),
    ib(0x60),
    ib(0x60),
    ib(0x60),
    ib(0x64),
    ob(0x64, 0xd4),
    ob(0x60, 0xe9),
    ib(0x60),
    ib(0x60),
    ib(0x60),
    ib(0x60),
    ob(0x64, 0xd4),
    ob(0x60, 0xf2),
    ib(0x60),
    ib(0x60),
    ib(0x64),
  ],
  'port 0x92 and debugcon readback': [ib(0x92), ob(0x92, 0x02), ib(0x92), ob(0x92, 0x00), ib(0x92), ib(0xe9)],
  'fw_cfg signature, ID, DMA signature, RAM size and CPU counts': [
    'i /b 0x511',
    'i /b 0x510',
    'i /b 0x511',
    'i /b 0x511',
    'i /b 0x511',
    'o /h 0x510 0x1',
    'i /b 0x511',
    'i /b 0x511',
    'i /b 0x511',
    'i /b 0x511',
    'i /b 0x511',
    'i /w 0x514',
    'i /w 0x518',
    'i /b 0x51b',
    'o /h 0x510 0x3',
    ...Array.from({ length: 9 }, () => 'i /b 0x511'),
    'o /h 0x510 0x5',
    'i /b 0x511',
    'i /b 0x511',
    'o /h 0x510 0xf',
    'i /b 0x511',
    'i /b 0x511',
    'o /h 0x510 0x4',
    'i /b 0x511',
    'o /h 0x510 0xe',
    'i /b 0x511',
    'o /h 0x510 0x8002',
    'i /b 0x511',
    'o /h 0x510 0x7fff',
    'i /b 0x511',
    'o /b 0x510 0x0',
    'i /b 0x511',
  ],
};

const qemuArgs = [
  '-m',
  '256',
  '-chardev',
  'null,id=s0',
  '-device',
  'isa-serial,chardev=s0',
  '-chardev',
  'null,id=dbg',
  '-device',
  'isa-debugcon,chardev=dbg',
];

describe.skipIf(!haveQemu)('devices read as on QEMU 7.2 (HMP o/i on -S -nodefaults)', () => {
  test.each(Object.entries(scripts))(
    '%s',
    async (_name, commands) => {
      const expected = await onQemu(qemuArgs, commands);
      expect(onTsemu(commands)).toEqual(expected);
      if (haveTsemuBin) expect(await onQemu(qemuArgs, commands, tsemuCmd)).toEqual(expected);
    },
    60000,
  );
});
