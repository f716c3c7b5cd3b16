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
  /** QEMU's mux_out: a mux gave the terminal to another front end; output waits in `held` */
  private muxOut = false;
  /** QEMU's reset_seen: the terminal was opened (the banner is out, or held) */
  private resetSeen = false;
  private held: Uint8Array[] = [];

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
      event: (ev) => this.event(ev),
    });
  }

  /** monitor_event: the banner at OPENED, and the focus of a mux coming and going. */
  private event(ev: ChrEvent): void {
    switch (ev) {
      case ChrEvent.OPENED:
        this.out(`${this.opts.banner}\n`);
        if (!this.muxOut) this.restart(true);
        this.resetSeen = true;
        return;
      case ChrEvent.MUX_IN:
        this.muxOut = false;
        if (this.resetSeen) {
          const held = this.held.splice(0);
          for (const b of held) this.be.writeAll(b);
          this.restart(!this.busy);
        }
        return;
      case ChrEvent.MUX_OUT:
        // leave the line the prompt is on, then hold output until the focus comes back
        if (this.resetSeen && !this.busy) this.out('\n');
        this.muxOut = true;
        return;
    }
  }

  /** readline_restart (the edit line is dropped), then the prompt unless a command is running. */
  private restart(prompt: boolean): void {
    this.line = '';
    this.cursor = 0;
    this.esc = undefined;
    if (prompt) this.out(this.prompt);
  }

  private emit(data: Uint8Array): void {
    if (this.muxOut) this.held.push(Uint8Array.from(data));
    else this.be.writeAll(data);
  }

  private out(text: string): void {
    this.emit(Buffer.from(text.replaceAll('\n', '\r\n'), 'latin1'));
  }

  /** Redraw the edit line and put the cursor where it belongs. */
  private redraw(): void {
    const back = this.line.length - this.cursor;
    this.emit(Buffer.from(`\r${this.prompt}${this.line}\x1b[K${back > 0 ? `\x1b[${back}D` : ''}`, 'latin1'));
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
          if (this.cursor === this.line.length) this.emit(Uint8Array.of(b));
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
      this.emit(Buffer.from(text, 'latin1'));
    } finally {
      this.busy = false;
    }
    this.out(this.prompt);
    const rest = this.pending.splice(0);
    for (const b of rest) this.key(b);
    this.be.acceptInput();
  }
}
