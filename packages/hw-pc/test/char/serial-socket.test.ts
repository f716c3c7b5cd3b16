// isa-serial on a real unix socket chardev: what the guest transmits reaches the peer, and a burst
// from the peer arrives complete and in order although the UART takes at most its FIFO at a time.
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SocketChardev } from '@tsemu/chardev';
import { deviceColdReset, qemuClockResetAll } from '@tsemu/qdev';
import { afterEach, describe, expect, test } from 'vitest';
import { serialIsaInit } from '../../src/char/serial-isa.js';
import { irqHarness } from './harness.js';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
  qemuClockResetAll();
});

const until = async (cond: () => boolean, what: string) => {
  for (let i = 0; i < 1000; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
};

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'tsemu-serial-'));
  const path = join(dir, 's.sock');
  const chr = new SocketChardev('ser0', {
    addr: { type: 'unix', data: { path } },
    server: true,
    wait: false,
  });
  await chr.start();
  cleanup.push(() => {
    chr.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const h = irqHarness();
  const dev = serialIsaInit(h.bus, 0, chr);
  deviceColdReset(dev);
  const peer = await new Promise<Socket>((resolve, reject) => {
    const s = createConnection({ path }, () => resolve(s));
    s.once('error', reject);
  });
  cleanup.unshift(() => peer.destroy());
  await until(() => chr.connected, 'connection');
  return { ...h, peer };
}

describe('isa-serial over chardev-socket', () => {
  test('guest output reaches the peer', async () => {
    const { out, peer } = await setup();
    let got = '';
    peer.on('data', (d) => (got += d.toString('latin1')));
    for (const c of 'login: ') out(0x3f8, c.charCodeAt(0));
    await until(() => got === 'login: ', 'output');
  });

  test('4 KiB from the peer, read by a polling guest with the FIFO at trigger level 14', async () => {
    const { out, inb, peer } = await setup();
    out(0x3fa, 0xc7);
    const data = Buffer.alloc(4096, 0);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 8)) & 0xff;
    peer.write(data);
    const got: number[] = [];
    let overruns = 0;
    await until(() => {
      for (let lsr = inb(0x3fd); lsr & 1; lsr = inb(0x3fd)) {
        if (lsr & 2) overruns++;
        got.push(inb(0x3f8));
      }
      return got.length >= data.length;
    }, 'input');
    expect(overruns).toBe(0);
    expect(Buffer.from(got).equals(data)).toBe(true);
  });
});
