import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { Chardev, type ChardevCommon } from '../chardev.js';
import { errnoText } from './file.js';

/** QAPI ChardevHostdev: a device or pipe path */
export interface ChardevHostdev extends ChardevCommon {
  device: string;
}

/**
 * A named pipe pair `path.in`/`path.out`, or `path` itself for both directions (QEMU's chardev-pipe).
 * Opened read-write, as QEMU does, so opening never blocks waiting for the other side.
 */
export class PipeChardev extends Chardev {
  readonly typeName = 'chardev-pipe';
  private inFd: number;
  private outFd: number;
  private reader: Socket | undefined;

  constructor(label: string, opts: ChardevHostdev) {
    super(label, opts);
    const flags = constants.O_RDWR | constants.O_NONBLOCK;
    let inFd: number | undefined;
    let outFd: number | undefined;
    try {
      inFd = openSync(`${opts.device}.in`, flags);
      outFd = openSync(`${opts.device}.out`, flags);
    } catch {
      if (inFd !== undefined) closeSync(inFd);
      try {
        inFd = outFd = openSync(opts.device, flags);
      } catch (e) {
        throw new Error(`Could not open '${opts.device}': ${errnoText(e)}`);
      }
    }
    this.inFd = inFd;
    this.outFd = outFd;
  }

  get filename(): string {
    return 'pipe';
  }

  override async start(): Promise<void> {
    const reader = new Socket({ fd: this.inFd, readable: true, writable: false });
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
      return writeSync(this.outFd, data);
    } catch (e) {
      // A full pipe (EAGAIN) takes nothing now.
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return 0;
      throw e;
    }
  }

  protected override chrClose(): void {
    this.reader?.destroy();
    if (this.outFd !== this.inFd) closeSync(this.outFd);
    if (!this.reader) closeSync(this.inFd);
  }
}
