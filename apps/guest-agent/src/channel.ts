// The agent's channel to the host: a listening unix socket (one client at a time, as qemu-ga), or a
// character device (virtio-serial port, serial tty) opened for reading and writing.
import { execFileSync } from 'node:child_process';
import fs, { openSync, rmSync } from 'node:fs';
import net from 'node:net';
import { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { strerror } from './linux/errors.js';
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
 * A virtio-serial port reads EOF while no host is attached: as qemu-ga, wait 100 ms and read on.
 */
class DeviceStream extends Duplex {
  readonly #fd: number;
  readonly #virtio: boolean;
  #reading = false;
  #closed = false;
  constructor(fd: number, virtio: boolean) {
    super();
    this.#fd = fd;
    this.#virtio = virtio;
  }
  override _read(): void {
    if (this.#reading || this.#closed) return;
    this.#reading = true;
    const buf = Buffer.allocUnsafe(4096);
    fs.read(this.#fd, buf, 0, buf.length, null, (err, n) => {
      this.#reading = false;
      if (this.#closed) return;
      if (err) {
        if (err.code === 'EAGAIN') setTimeout(() => this._read(), 100);
        else this.destroy(err);
        return;
      }
      if (n === 0) {
        if (this.#virtio) setTimeout(() => this._read(), 100);
        else this.push(null);
        return;
      }
      if (this.push(buf.subarray(0, n))) this._read();
    });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    fs.write(this.#fd, chunk, 0, chunk.length, null, (err) => cb(err));
  }
  override _destroy(err: Error | null, cb: (err: Error | null) => void): void {
    this.#closed = true;
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
        // qemu-ga's ISA serial set-up: raw byte stream, no echo, 38400 baud, reads return each byte.
        if (serial)
          execFileSync('stty', ['-F', path, 'raw', '-echo', '38400', 'min', '1', 'time', '0'], {
            stdio: 'ignore',
          });
        stream = new DeviceStream(fd, !serial);
        stream.once('close', () => {
          ev.onClose();
          if (!closed && retryPath) void open();
        });
        ev.onOpen(stream);
        return;
      } catch (err) {
        if (!retryPath) throw new ChannelError(`error opening channel '${path}': ${strerror(err)}`);
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
