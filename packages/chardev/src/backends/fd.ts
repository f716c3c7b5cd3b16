import { closeSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { isatty, ReadStream } from 'node:tty';
import { Chardev, type ChardevCommon } from '../chardev.js';

/**
 * A backend on host file descriptors opened non-blocking (QEMU's char-fd.c): input read through a
 * libuv stream, output written directly; a full device (EAGAIN) takes nothing for now.
 */
export abstract class FdChardev extends Chardev {
  private reader: Socket | ReadStream | undefined;

  constructor(
    label: string,
    common: ChardevCommon,
    private readonly inFd: number,
    private readonly outFd: number,
  ) {
    super(label, common);
  }

  override async start(): Promise<void> {
    // libuv streams a terminal only through a TTY handle (a net.Socket refuses the fd type)
    const reader = isatty(this.inFd)
      ? new ReadStream(this.inFd)
      : new Socket({ fd: this.inFd, readable: true, writable: false });
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
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return 0;
      throw e;
    }
  }

  protected override chrClose(): void {
    // The reader owns the input fd once started.
    if (this.outFd !== this.inFd) closeSync(this.outFd);
    if (this.reader) this.reader.destroy();
    else closeSync(this.inFd);
  }
}
