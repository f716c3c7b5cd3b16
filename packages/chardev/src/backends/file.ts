import { closeSync, createReadStream, openSync, type ReadStream, writeSync } from 'node:fs';
import { Chardev, type ChardevCommon } from '../chardev.js';

/** QAPI ChardevFile */
export interface ChardevFile extends ChardevCommon {
  /** input file (optional) */
  in?: string;
  out: string;
  append?: boolean;
}

/** Output to a file, input (optionally) from another (QEMU's chardev-file). */
export class FileChardev extends Chardev {
  readonly typeName = 'chardev-file';
  private outFd: number | undefined;
  private input: ReadStream | undefined;

  constructor(
    label: string,
    private readonly opts: ChardevFile,
  ) {
    super(label, opts);
    try {
      this.outFd = openSync(opts.out, opts.append ? 'a' : 'w');
    } catch (e) {
      throw new Error(`Could not open '${opts.out}': ${errnoText(e)}`);
    }
  }

  get filename(): string {
    return 'file';
  }

  override async start(): Promise<void> {
    this.setOpen(true);
    if (this.opts.in) {
      const input = createReadStream(this.opts.in);
      this.input = input;
      await new Promise<void>((resolve, reject) => {
        input.once('open', () => resolve());
        input.once('error', (e) => reject(new Error(`Could not open '${this.opts.in}': ${errnoText(e)}`)));
      });
      input.on('data', (chunk) => this.receive(chunk as Buffer));
    }
  }

  protected override pauseSource(): void {
    this.input?.pause();
  }
  protected override resumeSource(): void {
    this.input?.resume();
  }

  protected chrWrite(data: Uint8Array): number {
    if (this.outFd === undefined) return data.length;
    return writeSync(this.outFd, data);
  }

  protected override chrClose(): void {
    this.input?.destroy();
    if (this.outFd !== undefined) closeSync(this.outFd);
    this.outFd = undefined;
  }
}

/** strerror-style text for a Node fs error, as QEMU prints errno. */
export function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'EACCES':
      return 'Permission denied';
    case 'EISDIR':
      return 'Is a directory';
    case 'ENOTDIR':
      return 'Not a directory';
    case 'EADDRINUSE':
      return 'Address already in use';
    case 'ECONNREFUSED':
      return 'Connection refused';
    default:
      return (e as Error).message;
  }
}
