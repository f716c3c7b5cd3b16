import { CharBackend, type Chardev, ChrEvent } from '@tsemu/chardev';
import type { HumanMonitor } from './hmp.js';

export interface HmpTerminalOptions {
  /** printed when a client connects (QEMU: "QEMU 7.2.22 monitor - type 'help' for more information") */
  banner: string;
  prompt?: string;
  /** register lookup for $reg, cpu index */
  registers?: () => ((name: string) => bigint | undefined) | undefined;
}

/**
 * The human monitor on a terminal (QEMU's readline mode): prompt, line editing (arrows, Home/End,
 * Backspace/Delete, Ctrl-E/K/U/W), history on Up/Down, Tab completion of command names.
 */
export class HmpTerminal {
  readonly be: CharBackend;
  private line = '';
  private cursor = 0;
  private readonly history: string[] = [];
  private histPos = 0;
  private esc: string | undefined;
  private busy = false;
  private readonly pending: number[] = [];
  private readonly prompt: string;

  constructor(
    chr: Chardev,
    private readonly hmp: HumanMonitor,
    private readonly opts: HmpTerminalOptions,
  ) {
    this.prompt = opts.prompt ?? '(qemu) ';
    this.be = new CharBackend(chr);
    this.be.setHandlers({
      canReceive: () => (this.busy ? 0 : 256),
      receive: (d) => {
        for (const b of d) this.key(b);
      },
      event: (ev) => {
        // A mux gives the monitor the terminal: greet and show the prompt.
        if (ev === ChrEvent.OPENED || ev === ChrEvent.MUX_IN) {
          if (ev === ChrEvent.OPENED) this.out(`${this.opts.banner}\n`);
          this.out(this.prompt + this.line);
        }
      },
    });
  }

  private out(text: string): void {
    this.be.writeAll(Buffer.from(text.replaceAll('\n', '\r\n'), 'latin1'));
  }

  /** Redraw the edit line and put the cursor where it belongs. */
  private redraw(): void {
    const back = this.line.length - this.cursor;
    this.be.writeAll(
      Buffer.from(`\r${this.prompt}${this.line}\x1b[K${back > 0 ? `\x1b[${back}D` : ''}`, 'latin1'),
    );
  }

  private setLine(s: string): void {
    this.line = s;
    this.cursor = s.length;
    this.redraw();
  }

  private key(b: number): void {
    if (this.busy) {
      this.pending.push(b);
      return;
    }
    if (this.esc !== undefined) {
      this.esc += String.fromCharCode(b);
      if (this.esc === '[' || this.esc === 'O' || /^\[[0-9]+$/.test(this.esc)) return;
      const seq = this.esc;
      this.esc = undefined;
      this.escape(seq);
      return;
    }
    switch (b) {
      case 0x1b:
        this.esc = '';
        return;
      case 0x0d:
      case 0x0a:
        void this.enter();
        return;
      case 0x7f:
      case 0x08:
        if (this.cursor > 0) {
          this.line = this.line.slice(0, this.cursor - 1) + this.line.slice(this.cursor);
          this.cursor--;
          this.redraw();
        }
        return;
      case 0x05: // Ctrl-E
        this.cursor = this.line.length;
        this.redraw();
        return;
      case 0x0b: // Ctrl-K
        this.line = this.line.slice(0, this.cursor);
        this.redraw();
        return;
      case 0x15: // Ctrl-U
        this.line = this.line.slice(this.cursor);
        this.cursor = 0;
        this.redraw();
        return;
      case 0x17: {
        // Ctrl-W: delete the word before the cursor
        const before = this.line.slice(0, this.cursor).replace(/[^ ]+ *$/, '');
        this.line = before + this.line.slice(this.cursor);
        this.cursor = before.length;
        this.redraw();
        return;
      }
      case 0x09:
        this.complete();
        return;
      default:
        if (b >= 0x20 && b < 0x7f) {
          this.line = this.line.slice(0, this.cursor) + String.fromCharCode(b) + this.line.slice(this.cursor);
          this.cursor++;
          if (this.cursor === this.line.length) this.be.writeAll(Uint8Array.of(b));
          else this.redraw();
        }
    }
  }

  private escape(seq: string): void {
    switch (seq) {
      case '[A':
        if (this.histPos > 0) this.setLine(this.history[--this.histPos] as string);
        return;
      case '[B':
        if (this.histPos < this.history.length) {
          this.histPos++;
          this.setLine(this.history[this.histPos] ?? '');
        }
        return;
      case '[C':
        if (this.cursor < this.line.length) {
          this.cursor++;
          this.redraw();
        }
        return;
      case '[D':
        if (this.cursor > 0) {
          this.cursor--;
          this.redraw();
        }
        return;
      case '[H':
      case 'OH':
      case '[1~':
        this.cursor = 0;
        this.redraw();
        return;
      case '[F':
      case 'OF':
      case '[4~':
        this.cursor = this.line.length;
        this.redraw();
        return;
      case '[3~':
        if (this.cursor < this.line.length) {
          this.line = this.line.slice(0, this.cursor) + this.line.slice(this.cursor + 1);
          this.redraw();
        }
        return;
    }
  }

  private complete(): void {
    if (this.line.includes(' ')) return;
    const names = [...new Set(this.hmp.commandNames())].filter((n) => n.startsWith(this.line)).sort();
    if (names.length === 1) this.setLine(`${names[0]} `);
    else if (names.length > 1) {
      this.out(`\n${names.join('\n')}\n`);
      this.redraw();
    }
  }

  private async enter(): Promise<void> {
    const cmd = this.line;
    this.line = '';
    this.cursor = 0;
    this.out('\n');
    if (cmd.trim() !== '' && this.history.at(-1) !== cmd) this.history.push(cmd);
    this.histPos = this.history.length;
    this.busy = true;
    try {
      const text = await this.hmp.run(cmd, { registers: this.opts.registers?.() });
      this.be.writeAll(Buffer.from(text, 'latin1'));
    } finally {
      this.busy = false;
    }
    this.out(this.prompt);
    const rest = this.pending.splice(0);
    for (const b of rest) this.key(b);
    this.be.acceptInput();
  }
}
