import { Chardev, type ChardevCommon } from '../chardev.js';

export interface ChardevStdio extends ChardevCommon {
  /** Ctrl-C/Ctrl-\/Ctrl-Z act as signals on the emulator (default on), as the terminal's ISIG does */
  signal?: boolean;
}

interface StdioStreams {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
}

let stdioInUse = false;

/**
 * The emulator's own terminal (QEMU's chardev-stdio). On a TTY, input is switched to raw mode and back
 * on close; with signal=on the interrupt, quit and suspend keys still raise their signals on the
 * emulator instead of reaching the guest.
 */
export class StdioChardev extends Chardev {
  readonly typeName = 'chardev-stdio';
  private readonly streams: StdioStreams;
  private readonly onData = (chunk: Buffer) => this.input(chunk);
  private wasRaw = false;

  constructor(
    label: string,
    private readonly opts: ChardevStdio = {},
    streams: StdioStreams = { stdin: process.stdin, stdout: process.stdout },
  ) {
    super(label, opts);
    if (stdioInUse) throw new Error('cannot use stdio by multiple character devices');
    stdioInUse = true;
    this.streams = streams;
  }

  get filename(): string {
    return 'stdio';
  }

  override async start(): Promise<void> {
    const { stdin } = this.streams;
    if (stdin.isTTY) {
      this.wasRaw = stdin.isRaw;
      stdin.setRawMode(true);
    }
    stdin.on('data', this.onData);
    stdin.resume();
    this.setOpen(true);
  }

  private input(chunk: Buffer): void {
    if ((this.opts.signal ?? true) && this.streams.stdin.isTTY) {
      // Raw mode turns ISIG off: deliver the terminal's signal keys ourselves.
      const sigs: Record<number, NodeJS.Signals> = { 3: 'SIGINT', 28: 'SIGQUIT', 26: 'SIGTSTP' };
      const kept: number[] = [];
      for (const b of chunk) {
        const sig = sigs[b];
        if (sig) process.kill(process.pid, sig);
        else kept.push(b);
      }
      if (kept.length !== chunk.length) chunk = Buffer.from(kept);
    }
    this.receive(chunk);
  }

  protected override pauseSource(): void {
    this.streams.stdin.pause();
  }
  protected override resumeSource(): void {
    this.streams.stdin.resume();
  }

  protected chrWrite(data: Uint8Array): number {
    this.streams.stdout.write(data);
    return data.length;
  }

  protected override chrClose(): void {
    const { stdin } = this.streams;
    stdin.off('data', this.onData);
    if (stdin.isTTY) stdin.setRawMode(this.wasRaw);
    stdin.pause();
    stdioInUse = false;
  }
}
