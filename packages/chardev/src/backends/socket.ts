import { unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { Chardev, type ChardevCommon } from '../chardev.js';
import { ChrEvent } from '../event.js';
import { errnoText } from './file.js';

/** QAPI SocketAddressLegacy, the address form chardev-add takes. */
export type SocketAddressLegacy =
  | { type: 'inet'; data: { host: string; port: string; ipv4?: boolean; ipv6?: boolean; to?: number } }
  | { type: 'unix'; data: { path: string; abstract?: boolean; tight?: boolean } };

/** QAPI ChardevSocket (defaults as the QAPI schema states them: server on, wait off). */
export interface ChardevSocket extends ChardevCommon {
  addr: SocketAddressLegacy;
  server?: boolean;
  wait?: boolean;
  nodelay?: boolean;
  telnet?: boolean;
  /** seconds between client reconnection attempts; 0: none */
  reconnect?: number;
}

const IAC = 0xff;

/**
 * Stream socket backend, unix or TCP, server or client (QEMU's chardev-socket). A server serves one
 * client at a time; further clients wait, unread, until the current one goes (as in QEMU, where they
 * wait in the listen backlog). TCP servers bind to loopback when no host is given.
 */
export class SocketChardev extends Chardev {
  readonly typeName = 'chardev-socket';
  private server: Server | undefined;
  private conn: Socket | undefined;
  private waiting: Socket[] = [];
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** telnet option parsing state: bytes of an IAC sequence seen so far */
  private iac: number[] = [];
  private readonly isListen: boolean;

  constructor(
    label: string,
    private readonly opts: ChardevSocket,
  ) {
    super(label, opts);
    this.isListen = opts.server ?? true;
  }

  private addrText(): string {
    const a = this.opts.addr;
    const srv = this.isListen ? ',server=on' : '';
    if (a.type === 'unix') return `unix:${a.data.path}${srv}`;
    return `tcp:${this.host()}:${a.data.port}${srv}`;
  }

  private host(): string {
    const a = this.opts.addr;
    return a.type === 'inet' && a.data.host !== '' ? a.data.host : '127.0.0.1';
  }

  get filename(): string {
    const c = this.conn;
    if (!c) return `disconnected:${this.addrText()}`;
    const a = this.opts.addr;
    if (a.type === 'unix')
      return `unix:${this.isListen ? a.data.path : ''}${this.isListen ? ',server=on' : ''}`;
    const fmt = (h: string | undefined, p: number | undefined) =>
      h?.includes(':') ? `[${h}]:${p}` : `${h}:${p}`;
    return `tcp:${fmt(c.localAddress, c.localPort)}${this.isListen ? ',server=on' : ''} <-> ${fmt(c.remoteAddress, c.remotePort)}`;
  }

  /** Whether a peer is connected. */
  get connected(): boolean {
    return this.conn !== undefined;
  }

  /** The listening address (for tcp port 0: the port the OS chose). */
  get listenAddress(): { host: string; port: number } | { path: string } | undefined {
    const a = this.server?.address();
    if (!a) return undefined;
    return typeof a === 'string' ? { path: a } : { host: a.address, port: a.port };
  }

  /**
   * Listen or connect. A server with `wait` resolves once the first client is connected; `onWait`
   * is told first (QEMU prints "QEMU waiting for connection on: ...").
   */
  override async start(onWait?: (filename: string) => void): Promise<void> {
    if (this.isListen) {
      await this.listen();
      if (this.opts.wait) {
        onWait?.(this.filename);
        await new Promise<void>((resolve) => {
          const check = () => (this.conn ? resolve() : setTimeout(check, 5));
          check();
        });
      }
      return;
    }
    try {
      await this.connectOnce();
    } catch (e) {
      if (!this.opts.reconnect) throw e;
      this.scheduleReconnect();
    }
  }

  private listen(): Promise<void> {
    const a = this.opts.addr;
    const server = createServer({ noDelay: this.opts.nodelay ?? false }, (sock) => this.accept(sock));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', (e) => {
        const where = a.type === 'unix' ? a.data.path : `${this.host()}:${a.data.port}`;
        reject(new Error(`Failed to bind socket to ${where}: ${errnoText(e)}`));
      });
      if (a.type === 'unix') {
        try {
          unlinkSync(a.data.path);
        } catch {
          // nothing stale to remove
        }
        server.listen(a.data.path, () => resolve());
      } else {
        server.listen({ host: this.host(), port: Number(a.data.port), ipv6Only: false }, () => resolve());
      }
    });
  }

  private accept(sock: Socket): void {
    if (this.closed) {
      sock.destroy();
      return;
    }
    if (this.conn) {
      sock.pause();
      this.waiting.push(sock);
      sock.once('close', () => {
        this.waiting = this.waiting.filter((s) => s !== sock);
      });
      return;
    }
    this.attach(sock);
  }

  private connectOnce(): Promise<void> {
    const a = this.opts.addr;
    return new Promise((resolve, reject) => {
      const sock =
        a.type === 'unix'
          ? createConnection({ path: a.data.path })
          : createConnection({
              host: this.host(),
              port: Number(a.data.port),
              noDelay: this.opts.nodelay ?? false,
            });
      const onError = (e: Error) => {
        sock.destroy();
        const where = a.type === 'unix' ? a.data.path : `${this.host()}:${a.data.port}`;
        reject(new Error(`Failed to connect to '${where}': ${errnoText(e)}`));
      };
      sock.once('error', onError);
      sock.once('connect', () => {
        sock.off('error', onError);
        this.attach(sock);
        resolve();
      });
    });
  }

  private scheduleReconnect(): void {
    if (this.closed || !this.opts.reconnect || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connectOnce().catch(() => this.scheduleReconnect());
    }, this.opts.reconnect * 1000);
  }

  private attach(sock: Socket): void {
    this.conn = sock;
    this.iac = [];
    sock.on('data', (chunk: Buffer) => {
      if (this.conn !== sock) return;
      this.receive(this.opts.telnet ? this.stripTelnet(chunk) : chunk);
    });
    sock.on('error', () => {
      // 'close' follows and does the cleanup
    });
    sock.on('close', () => this.detach(sock));
    if (this.opts.telnet) {
      // WILL ECHO, WILL SUPPRESS-GO-AHEAD, WILL BINARY, DO BINARY: a raw character stream.
      sock.write(Buffer.from([IAC, 0xfb, 0x01, IAC, 0xfb, 0x03, IAC, 0xfb, 0x00, IAC, 0xfd, 0x00]));
    }
    this.setOpen(true);
  }

  private detach(sock: Socket): void {
    if (this.conn !== sock) return;
    this.conn = undefined;
    this.discardInput();
    this.setOpen(false);
    const next = this.waiting.shift();
    if (next && !this.closed) {
      this.attach(next);
      next.resume();
    } else if (!this.isListen) {
      this.scheduleReconnect();
    }
  }

  /** Remove telnet command sequences; IAC BREAK becomes a break event, IAC IAC a 0xff byte. */
  private stripTelnet(chunk: Uint8Array): Uint8Array {
    const out: number[] = [];
    for (const b of chunk) {
      if (this.iac.length === 0) {
        if (b === IAC) this.iac.push(b);
        else out.push(b);
        continue;
      }
      this.iac.push(b);
      const cmd = this.iac[1] as number;
      if (cmd === IAC) {
        out.push(IAC);
        this.iac = [];
      } else if (cmd === 0xf3) {
        this.flushTelnetOut(out);
        this.event(ChrEvent.BREAK);
        this.iac = [];
      } else if (cmd >= 0xfb && cmd <= 0xfe) {
        // WILL/WONT/DO/DONT take one option byte
        if (this.iac.length === 3) this.iac = [];
      } else {
        this.iac = [];
      }
    }
    return Uint8Array.from(out);
  }

  private flushTelnetOut(out: number[]): void {
    if (out.length) this.receive(Uint8Array.from(out.splice(0)));
  }

  protected override pauseSource(): void {
    this.conn?.pause();
  }
  protected override resumeSource(): void {
    this.conn?.resume();
  }

  protected chrWrite(data: Uint8Array): number {
    const c = this.conn;
    // Data for an absent peer is dropped, and reported written so the front end does not retry.
    if (c && !c.destroyed) c.write(Buffer.from(data));
    return data.length;
  }

  /** Drop the current connection (a server then takes the next waiting client). */
  disconnect(): void {
    this.conn?.destroy();
  }

  protected override chrClose(): void {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const s of this.waiting) s.destroy();
    this.waiting = [];
    this.conn?.destroy();
    this.conn = undefined;
    if (this.server) {
      this.server.close();
      const a = this.opts.addr;
      if (a.type === 'unix') {
        try {
          unlinkSync(a.data.path);
        } catch {
          // already gone
        }
      }
    }
  }
}
