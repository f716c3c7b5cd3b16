import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { Chardev } from '../chardev.js';
import { errnoText } from './file.js';
import type { ChardevHostdev } from './pipe.js';

/**
 * A host serial line or terminal device (QEMU's chardev-serial, `-chardev tty,path=`), switched to raw
 * mode with stty as QEMU's tty_serial_init does with termios.
 */
export class SerialChardev extends Chardev {
  readonly typeName = 'chardev-serial';
  private readonly fd: number;
  private reader: Socket | undefined;

  constructor(label: string, opts: ChardevHostdev) {
    super(label, opts);
    try {
      this.fd = openSync(opts.device, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
    } catch (e) {
      throw new Error(`Could not open '${opts.device}': ${errnoText(e)}`);
    }
    try {
      execFileSync('stty', ['-F', opts.device, 'raw', '-echo'], { stdio: 'ignore' });
    } catch {
      // not a terminal (a plain file or fifo): used as is
    }
  }

  get filename(): string {
    return 'serial';
  }

  override async start(): Promise<void> {
    const reader = new Socket({ fd: this.fd, readable: true, writable: false });
    this.reader = reader;
    reader.on('data', (chunk: Buffer) => this.receive(chunk));
    reader.on('error', () => {});
    this.setOpen(true);
  }

  protected override pauseSource(): void {
    this.reader?.pause();
  }
  protected override resumeSource(): void {
    this.reader?.resume();
  }

  protected chrWrite(data: Uint8Array): number {
    try {
      return writeSync(this.fd, data);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return 0;
      throw e;
    }
  }

  protected override chrClose(): void {
    if (this.reader) this.reader.destroy();
    else closeSync(this.fd);
  }
}
