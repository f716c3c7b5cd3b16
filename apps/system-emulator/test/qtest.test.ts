import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawnEmulator } from './helpers.js';

// -accel qtest with -qtest on a socket: the protocol of specs/qtest.rst driving the pc machine.

let proc: ChildProcess;
let sock: Socket;
let buf = '';
const waiters: (() => void)[] = [];

async function req(line: string): Promise<string> {
  sock.write(`${line}\n`);
  for (;;) {
    const nl = buf.indexOf('\n');
    if (nl >= 0) {
      const reply = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (!reply.startsWith('IRQ ')) return reply;
      continue;
    }
    await new Promise<void>((r) => waiters.push(r));
  }
}

beforeAll(async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'tsemu-qtest-')), 'qtest.sock');
  proc = spawnEmulator([
    '-M',
    'pc',
    '-accel',
    'qtest',
    '-nodefaults',
    '-display',
    'none',
    '-rtc',
    'base=2020-02-29T23:59:58,clock=vm',
    '-qtest',
    `unix:${path},server=on,wait=off`,
    '-qtest-log',
    'none',
  ]);
  for (let i = 0; ; i++) {
    try {
      sock = await new Promise<Socket>((resolve, reject) => {
        const s = createConnection({ path });
        s.once('connect', () => resolve(s));
        s.once('error', reject);
      });
      break;
    } catch (e) {
      if (i > 300 || proc.exitCode !== null) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  sock.on('data', (d) => {
    buf += d.toString('latin1');
    for (const w of waiters.splice(0)) w();
  });
}, 30_000);

afterAll(() => {
  sock?.destroy();
  proc?.kill('SIGKILL');
});

describe('qtest on the pc machine', () => {
  test('memory and ports', async () => {
    expect(await req('endianness')).toBe('OK little');
    expect(await req('writel 0x1000 0x12345678')).toBe('OK');
    expect(await req('readw 0x1002')).toBe('OK 0x0000000000001234');
    expect(await req('read 0x1000 4')).toBe('OK 0x78563412');
    expect(await req('b64write 0x2000 3 AQID')).toBe('OK');
    expect(await req('read 0x2000 3')).toBe('OK 0x010203');
    // the CMOS: index port 0x70, data 0x71 (register 0x0f, shutdown status, is plain memory)
    expect(await req('outb 0x70 0x0f')).toBe('OK');
    expect(await req('outb 0x71 0x5a')).toBe('OK');
    expect(await req('outb 0x70 0x0f')).toBe('OK');
    expect(await req('inb 0x71')).toBe('OK 0x005a');
    expect(await req('frobnicate')).toBe("FAIL Unknown command 'frobnicate'");
  });

  test('the RTC follows the virtual clock that clock_step moves', async () => {
    const cmos = async (reg: number) => {
      await req(`outb 0x70 ${reg}`);
      return (await req('inb 0x71')).slice(3);
    };
    expect(await cmos(0)).toBe('0x0058'); // seconds, BCD
    expect(await cmos(4)).toBe('0x0023');
    const t = Number((await req('clock_step 3000000000')).slice(3));
    expect(t).toBeGreaterThanOrEqual(3_000_000_000);
    expect(await cmos(0)).toBe('0x0001');
    expect(await cmos(4)).toBe('0x0000');
    expect(await cmos(7)).toBe('0x0001'); // 2020 is a leap year: 29 Feb + 1 day = 1 Mar
    expect(await cmos(8)).toBe('0x0003');
  });
});
