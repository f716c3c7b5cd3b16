import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { SocketChardev } from './backends/socket.js';
import { ChrEvent } from './event.js';
import { CharBackend } from './frontend.js';

const dirs: string[] = [];
const chardevs: SocketChardev[] = [];
function sockPath(): string {
  const d = mkdtempSync(join(tmpdir(), 'tsemu-chr-'));
  dirs.push(d);
  return join(d, 's.sock');
}
afterEach(() => {
  for (const c of chardevs.splice(0)) c.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const until = async (cond: () => boolean, what: string) => {
  for (let i = 0; i < 400; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
};

function connect(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ path }, () => resolve(s));
    s.once('error', reject);
  });
}

function recorder(be: CharBackend, room = () => 4096) {
  const got: number[] = [];
  const events: ChrEvent[] = [];
  be.setHandlers({ canReceive: room, receive: (d) => got.push(...d), event: (e) => events.push(e) });
  return { got, events, text: () => Buffer.from(got).toString('latin1') };
}

describe('chardev-socket', () => {
  test('unix server: bytes both ways, filename follows the connection, OPENED/CLOSED', async () => {
    const path = sockPath();
    const chr = new SocketChardev('s0', {
      addr: { type: 'unix', data: { path } },
      server: true,
      wait: false,
    });
    chardevs.push(chr);
    await chr.start();
    const be = new CharBackend(chr);
    const r = recorder(be);
    expect(chr.filename).toBe(`disconnected:unix:${path},server=on`);
    const client = await connect(path);
    await until(() => chr.connected, 'connection');
    expect(chr.filename).toBe(`unix:${path},server=on`);
    expect(r.events).toEqual([ChrEvent.OPENED]);
    client.write('hello');
    await until(() => r.got.length === 5, 'input');
    expect(r.text()).toBe('hello');
    const echoed: Buffer[] = [];
    client.on('data', (d) => echoed.push(d));
    be.writeAll('world');
    await until(() => Buffer.concat(echoed).toString() === 'world', 'output');
    client.destroy();
    await until(() => !chr.connected, 'disconnect');
    expect(r.events).toEqual([ChrEvent.OPENED, ChrEvent.CLOSED]);
    expect(chr.filename).toBe(`disconnected:unix:${path},server=on`);
  });

  test('a second client waits, unread, until the first goes', async () => {
    const path = sockPath();
    const chr = new SocketChardev('s1', { addr: { type: 'unix', data: { path } }, wait: false });
    chardevs.push(chr);
    await chr.start();
    const r = recorder(new CharBackend(chr));
    const a = await connect(path);
    await until(() => chr.connected, 'first');
    const b = await connect(path);
    b.write('from-b');
    a.write('from-a');
    await until(() => r.text() === 'from-a', 'a data');
    await new Promise((res) => setTimeout(res, 30));
    expect(r.text()).toBe('from-a');
    a.destroy();
    await until(() => r.text() === 'from-afrom-b', 'b data after a left');
    expect(r.events).toEqual([ChrEvent.OPENED, ChrEvent.CLOSED, ChrEvent.OPENED]);
    b.destroy();
  });

  test('server with wait=on resolves start() only when a client connects', async () => {
    const path = sockPath();
    const chr = new SocketChardev('s2', { addr: { type: 'unix', data: { path } }, wait: true });
    chardevs.push(chr);
    let waitedOn = '';
    let started = false;
    const p = chr.start((f) => {
      waitedOn = f;
    });
    p.then(() => {
      started = true;
    });
    await until(() => waitedOn !== '', 'wait notice');
    expect(waitedOn).toBe(`disconnected:unix:${path},server=on`);
    await new Promise((res) => setTimeout(res, 20));
    expect(started).toBe(false);
    const c = await connect(path);
    await p;
    expect(chr.connected).toBe(true);
    c.destroy();
  });

  test('tcp server binds to loopback by default and shows both ends', async () => {
    const chr = new SocketChardev('t0', {
      addr: { type: 'inet', data: { host: '', port: '0' } },
      wait: false,
    });
    chardevs.push(chr);
    await chr.start();
    const la = chr.listenAddress as { host: string; port: number };
    expect(la.host).toBe('127.0.0.1');
    expect(chr.filename).toBe(`disconnected:tcp:127.0.0.1:0,server=on`);
    const c = createConnection({ host: '127.0.0.1', port: la.port });
    await until(() => chr.connected, 'tcp connection');
    expect(chr.filename).toMatch(
      new RegExp(`^tcp:127\\.0\\.0\\.1:${la.port},server=on <-> 127\\.0\\.0\\.1:\\d+$`),
    );
    c.destroy();
  });

  test('client: connection errors in QEMU wording; reconnect picks up a late server', async () => {
    const path = sockPath();
    const bad = new SocketChardev('c0', { addr: { type: 'unix', data: { path } }, server: false });
    await expect(bad.start()).rejects.toThrow(`Failed to connect to '${path}': No such file or directory`);
    const chr = new SocketChardev('c1', {
      addr: { type: 'unix', data: { path } },
      server: false,
      reconnect: 0.05,
    });
    chardevs.push(chr);
    await chr.start();
    expect(chr.connected).toBe(false);
    const peers: Socket[] = [];
    const srv = createServer((s) => peers.push(s));
    await new Promise<void>((res) => srv.listen(path, () => res()));
    await until(() => chr.connected, 'reconnect');
    const r = recorder(new CharBackend(chr));
    peers[0]?.write('x');
    await until(() => r.text() === 'x', 'data over reconnected client');
    peers[0]?.destroy();
    await until(() => !chr.connected, 'server side close');
    await until(() => chr.connected, 'second reconnect');
    srv.close();
    for (const p of peers) p.destroy();
  });

  test('telnet: negotiation sent, IAC sequences stripped, IAC BREAK is a break event', async () => {
    const path = sockPath();
    const chr = new SocketChardev('tn', {
      addr: { type: 'unix', data: { path } },
      wait: false,
      telnet: true,
    });
    chardevs.push(chr);
    await chr.start();
    const r = recorder(new CharBackend(chr));
    const c = await connect(path);
    const first: Buffer[] = [];
    c.on('data', (d) => first.push(d));
    await until(() => Buffer.concat(first).length >= 12, 'negotiation');
    expect([...Buffer.concat(first)].slice(0, 3)).toEqual([0xff, 0xfb, 0x01]);
    c.write(Buffer.from([0x61, 0xff, 0xfd, 0x01, 0x62, 0xff, 0xff, 0xff, 0xf3, 0x63]));
    await until(() => r.got.length === 4, 'telnet data');
    expect(r.got).toEqual([0x61, 0x62, 0xff, 0x63]);
    expect(r.events).toContain(ChrEvent.BREAK);
    c.destroy();
  });

  test('flow control: a slow front end gets every byte, in order', async () => {
    const path = sockPath();
    const chr = new SocketChardev('fc', { addr: { type: 'unix', data: { path } }, wait: false });
    chardevs.push(chr);
    await chr.start();
    const be = new CharBackend(chr);
    let room = 0;
    const got: number[] = [];
    be.setHandlers({
      canReceive: () => room,
      receive: (d) => {
        room -= d.length;
        got.push(...d);
      },
    });
    const c = await connect(path);
    const payload = Buffer.alloc(256 * 1024);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 7 + (i >> 8)) & 0xff;
    c.write(payload);
    await new Promise((res) => setTimeout(res, 30));
    expect(got.length).toBe(0);
    while (got.length < payload.length) {
      room = 1000;
      be.acceptInput();
      await new Promise((res) => setImmediate(res));
    }
    expect(Buffer.from(got).equals(payload)).toBe(true);
    c.destroy();
  });
});
