// The agent's channel to the host: a listening unix socket (one client at a time, as qemu-ga), or a
// character device (virtio-serial port, serial tty) opened for reading and writing.
import { execFileSync } from 'node:child_process';
import fs, { openSync, rmSync } from 'node:fs';
import net from 'node:net';
import { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Method } from './options.js';

export interface ChannelEvents {
  /** A host connected (socket) or the device was opened. */
  onOpen(conn: Duplex): void;
  /** The connection or device went away. */
  onClose(): void;
}

export interface Channel {
  close(): Promise<void>;
}

export class ChannelError extends Error {}

export async function openChannel(
  method: Method,
  path: string | undefined,
  retryPath: boolean,
  ev: ChannelEvents,
): Promise<Channel> {
  if (!path) throw new ChannelError(`no path given for method ${method}`);
  switch (method) {
    case 'unix-listen':
      return listenUnix(path, ev);
    case 'virtio-serial':
    case 'isa-serial':
      return openDevice(path, method === 'isa-serial', retryPath, ev);
    case 'vsock-listen':
      // Node.js has no AF_VSOCK sockets.
      throw new ChannelError(
        'vsock-listen is not supported on this platform (Node.js has no AF_VSOCK sockets)',
      );
  }
}

function listenUnix(path: string, ev: ChannelEvents): Promise<Channel> {
  rmSync(path, { force: true });
  return new Promise((resolve, reject) => {
    let current: net.Socket | undefined;
    // qemu-ga serves one client at a time; later ones wait, connected, until it leaves.
    const waiting: net.Socket[] = [];
    const serve = (sock: net.Socket): void => {
      current = sock;
      sock.once('close', () => {
        current = undefined;
        ev.onClose();
        const next = waiting.shift();
        if (next) serve(next);
      });
      ev.onOpen(sock);
    };
    const server = net.createServer((sock) => {
      if (current) {
        waiting.push(sock);
        sock.once('close', () => waiting.splice(waiting.indexOf(sock) >>> 0, 1));
      } else serve(sock);
    });
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve({
        close: () =>
          new Promise<void>((done) => {
            current?.destroy();
            for (const w of waiting.splice(0)) w.destroy();
            server.close(() => {
              rmSync(path, { force: true });
              done();
            });
          }),
      });
    });
  });
}

/**
 * A character device as a duplex stream. Reads are blocking reads in libuv's thread pool (a
 * virtio-serial port is no socket or tty that libuv could poll), so the event loop stays free.
 */
class DeviceStream extends Duplex {
  readonly #fd: number;
  readonly #input: fs.ReadStream;
  constructor(fd: number) {
    super();
    this.#fd = fd;
    this.#input = fs.createReadStream('', { fd, autoClose: false, highWaterMark: 4096 });
    this.#input.on('data', (chunk) => {
      if (!this.push(chunk)) this.#input.pause();
    });
    this.#input.on('end', () => this.push(null));
    this.#input.on('error', (err) => this.destroy(err));
  }
  override _read(): void {
    this.#input.resume();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    fs.write(this.#fd, chunk, 0, chunk.length, null, (err) => cb(err));
  }
  override _destroy(err: Error | null, cb: (err: Error | null) => void): void {
    try {
      fs.closeSync(this.#fd);
    } catch {
      // already closed
    }
    cb(err);
  }
}

async function openDevice(
  path: string,
  serial: boolean,
  retryPath: boolean,
  ev: ChannelEvents,
): Promise<Channel> {
  let closed = false;
  let stream: DeviceStream | undefined;
  const open = async (): Promise<void> => {
    for (;;) {
      try {
        const fd = openSync(path, fs.constants.O_RDWR | fs.constants.O_NOCTTY);
        if (serial) execFileSync('stty', ['-F', path, 'raw', '-echo', '115200'], { stdio: 'ignore' });
        stream = new DeviceStream(fd);
        stream.once('close', () => {
          ev.onClose();
          if (!closed && retryPath) void open();
        });
        ev.onOpen(stream);
        return;
      } catch (err) {
        if (!retryPath) throw new ChannelError(`error opening channel '${path}': ${(err as Error).message}`);
        await sleep(5000);
        if (closed) return;
      }
    }
  };
  await open();
  return {
    close: async () => {
      closed = true;
      stream?.destroy();
    },
  };
}
