import { closeSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ReadStream } from 'node:tty';
import { Chardev, type ChardevCommon } from '../chardev.js';

interface PtyAddon {
  openpty(): { fd: number; path: string };
  hangup(fd: number): boolean;
  dup(fd: number): number;
}

let addon: PtyAddon | undefined;
let addonError: string | undefined;

/** The native part (native/pty.c, built by node-gyp at install), or why it is unavailable. */
export function ptyAddon(): { addon: PtyAddon } | { error: string } {
  if (!addon && addonError === undefined) {
    try {
      // same relative place from src/backends and dist/backends
      addon = createRequire(import.meta.url)('../../native/build/Release/pty.node') as PtyAddon;
    } catch (e) {
      addonError = (e as Error).message.split('\n')[0];
    }
  }
  return addon ? { addon } : { error: addonError as string };
}

/** Connection poll interval while no one has the slave open (QEMU polls once a second). */
const POLL_MS = 1000;

/**
 * A pseudo-terminal (QEMU's chardev-pty): the emulator holds the master, users open the slave path
 * (`/dev/pts/N`, printed at creation). While no one has the slave open, output is dropped and the
 * master is polled for a connection; each connection gives the front end OPENED.
 */
export class PtyChardev extends Chardev {
  readonly typeName = 'chardev-pty';
  private readonly lib: PtyAddon;
  private readonly fd: number;
  /** the slave's path, e.g. /dev/pts/3 */
  readonly ptyPath: string;
  private reader: ReadStream | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(label: string, common: ChardevCommon = {}) {
    super(label, common);
    const lib = ptyAddon();
    if ('error' in lib) {
      throw new Error(`pty chardev is not available: its native addon could not be loaded (${lib.error})`);
    }
    this.lib = lib.addon;
    const { fd, path } = this.lib.openpty();
    this.fd = fd;
    this.ptyPath = path;
  }

  get filename(): string {
    return `pty:${this.ptyPath}`;
  }

  /** Whether someone has the slave open (as last seen). */
  get connected(): boolean {
    return this.reader !== undefined;
  }

  override async start(): Promise<void> {
    this.poll();
  }

  /** Check for a connection (pty_chr_update_read_handler). */
  private poll(): void {
    this.timer = undefined;
    if (this.closed || this.reader) return;
    if (this.lib.hangup(this.fd)) {
      this.timer = setTimeout(() => this.poll(), POLL_MS);
      this.timer.unref();
      return;
    }
    this.connect();
  }

  private connect(): void {
    // The stream owns (and closes) a duplicate, so a hang-up never closes the master itself.
    const reader = new ReadStream(this.lib.dup(this.fd));
    this.reader = reader;
    reader.on('data', (chunk: Buffer) => this.receive(chunk));
    // EIO once the last slave user goes: back to polling.
    reader.on('error', () => {});
    reader.on('close', () => this.disconnected(reader));
    this.setOpen(false, false);
    this.setOpen(true);
  }

  private disconnected(reader: ReadStream): void {
    if (this.reader !== reader) return;
    this.reader = undefined;
    this.discardInput();
    // QEMU sends no CLOSED here: the front end hears OPENED again on the next connection.
    if (!this.closed) this.poll();
  }

  protected override pauseSource(): void {
    this.reader?.pause();
  }
  protected override resumeSource(): void {
    this.reader?.resume();
  }

  protected chrWrite(data: Uint8Array): number {
    // Nobody on the slave: dropped, as QEMU does.
    if (!this.reader) return data.length;
    try {
      return writeSync(this.fd, data);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') return 0;
      if (code === 'EIO') return data.length;
      throw e;
    }
  }

  protected override chrClose(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const r = this.reader;
    this.reader = undefined;
    r?.destroy();
    closeSync(this.fd);
  }
}
