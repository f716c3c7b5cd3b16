import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { expect, test } from 'vitest';
import { ChannelError, openChannel } from './channel.js';

test('unix-listen serves one client at a time; the next waits until the first leaves', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsemu-ga-chan-'));
  const path = join(dir, 'qga.sock');
  const events: string[] = [];
  const conns: Duplex[] = [];
  const chan = await openChannel('unix-listen', path, false, {
    onOpen: (c) => {
      events.push('open');
      conns.push(c);
      c.on('data', (d) => c.write(`echo:${d}`));
    },
    onClose: () => events.push('close'),
  });
  const talk = (sock: net.Socket, msg: string) =>
    new Promise<string>((resolve) => {
      sock.once('data', (d) => resolve(String(d)));
      sock.write(msg);
    });
  const a = net.connect(path);
  await new Promise((r) => a.once('connect', r));
  expect(await talk(a, 'one')).toBe('echo:one');
  const b = net.connect(path);
  await new Promise((r) => b.once('connect', r));
  b.write('two');
  await new Promise((r) => setTimeout(r, 50));
  expect(events).toEqual(['open']); // b is connected but not served yet
  const bReply = new Promise<string>((resolve) => b.once('data', (d) => resolve(String(d))));
  a.end();
  expect(await bReply).toBe('echo:two');
  expect(events).toEqual(['open', 'close', 'open']);
  b.destroy();
  await chan.close();
  rmSync(dir, { recursive: true, force: true });
});

test('vsock-listen is refused clearly on Node.js', async () => {
  await expect(
    openChannel('vsock-listen', '-1:1', false, { onOpen() {}, onClose() {} }),
  ).rejects.toBeInstanceOf(ChannelError);
});

test('a missing device is an error unless retrying', async () => {
  await expect(
    openChannel('virtio-serial', '/nonexistent/virtio-port', false, { onOpen() {}, onClose() {} }),
  ).rejects.toThrow("error opening channel '/nonexistent/virtio-port'");
});
