import { Chardev } from '../chardev.js';
import { ChrEvent } from '../event.js';
import { CharBackend } from '../frontend.js';

export const MAX_MUX = 4;
/** bytes buffered per front end while it cannot take input (QEMU's MUX_BUFFER_SIZE) */
const MUX_BUFFER_SIZE = 32;

const HELP = [
  '% h    print this help\n\r',
  '% x    exit emulator\n\r',
  '% s    save disk data back to file (if -snapshot)\n\r',
  '% t    toggle console timestamps\n\r',
  '% b    send break (magic sysrq)\n\r',
  '% c    switch between console and monitor\n\r',
  '% %  sends %\n\r',
];

export interface MuxHooks {
  /** Ctrl-A x: the emulator should quit (QEMU calls qmp_quit) */
  onQuit?: () => void;
  /** Ctrl-A s: commit disk data (nothing to do without -snapshot) */
  onCommit?: () => void;
  /** clock for timestamps, milliseconds */
  now?: () => number;
}

/**
 * Several front ends on one backend (QEMU's chardev-mux, as `-serial mon:stdio` and -nographic use):
 * one has the input focus; the escape character (Ctrl-A) followed by a command key switches focus,
 * toggles timestamps, sends a break, prints help or quits.
 */
export class MuxChardev extends Chardev {
  readonly typeName = 'chardev-mux';
  private readonly fes: CharBackend[] = [];
  private readonly buffers: Uint8Array[][] = [];
  private focus = -1;
  private gotEscape = false;
  private timestamps = false;
  private timestampsStart = -1;
  private lineStart = false;
  /** QEMU's muxes_opened: front ends hear OPENED only once the set-up of the emulator is over */
  private opened = false;
  private openTimer: NodeJS.Immediate | undefined;
  private readonly drv: CharBackend;
  readonly escapeChar: number;

  constructor(
    label: string,
    readonly underlying: Chardev,
    private readonly hooks: MuxHooks = {},
    escapeChar = 0x01,
  ) {
    super(label);
    this.escapeChar = escapeChar;
    this.drv = new CharBackend(underlying);
  }

  get filename(): string {
    return 'mux';
  }

  override async start(): Promise<void> {
    this.drv.setHandlers({
      canReceive: () => this.canReadFromDriver(),
      receive: (d) => this.readFromDriver(d),
      event: (ev) => this.driverEvent(ev),
    });
    // Front ends attach one after the other while the emulator starts (monitor, then the serial port
    // that takes the focus); QEMU tells them OPENED at machine-done. Here: once start-up yields.
    this.openTimer = setImmediate(() => this.openFrontends());
  }

  /**
   * Tell every front end the backend is open, if it is (QEMU's open_muxes at machine-done); later
   * front ends get OPENED as they attach. Done by itself right after start-up; idempotent.
   */
  openFrontends(): void {
    if (this.openTimer) clearImmediate(this.openTimer);
    this.openTimer = undefined;
    if (this.opened) return;
    this.opened = true;
    if (this.underlying.isOpen) this.driverEvent(ChrEvent.OPENED);
  }

  /** Number of attached front ends. */
  get frontendCount(): number {
    return this.fes.length;
  }

  get focusIndex(): number {
    return this.focus;
  }

  /** @internal */
  override attachFrontend(be: CharBackend): void {
    if (this.fes.length >= MAX_MUX) {
      throw new Error(`too many uses of multiplexed chardev '${this.label}' (maximum is ${MAX_MUX})`);
    }
    this.fes.push(be);
    this.buffers.push([]);
  }

  /** @internal */
  override detachFrontend(be: CharBackend): void {
    const i = this.fes.indexOf(be);
    if (i < 0) return;
    this.fes.splice(i, 1);
    this.buffers.splice(i, 1);
    if (this.focus >= this.fes.length) this.focus = this.fes.length - 1;
  }

  /** @internal the front end that installs handlers last takes the focus, as QEMU's serial does */
  override frontendOpenChanged(open: boolean): void {
    if (open) this.setFocus(this.fes.length - 1);
  }

  override get frontendOpen(): boolean {
    return this.fes.some((f) => f.frontendOpen);
  }

  override get isOpen(): boolean {
    return this.opened && this.underlying.isOpen;
  }

  /** Give the input focus to front end `n` (mux_set_focus). */
  setFocus(n: number): void {
    if (n < 0 || n >= this.fes.length) return;
    if (this.focus >= 0) this.fes[this.focus]?.event(ChrEvent.MUX_OUT);
    this.focus = n;
    this.fes[n]?.event(ChrEvent.MUX_IN);
    this.drv.acceptInput();
  }

  protected chrWrite(data: Uint8Array): number {
    if (!this.timestamps) return this.drv.write(data);
    const now = this.hooks.now ?? Date.now;
    const out: number[] = [];
    for (const b of data) {
      if (this.lineStart) {
        const t = now();
        if (this.timestampsStart === -1) this.timestampsStart = t;
        const ms = t - this.timestampsStart;
        const secs = Math.floor(ms / 1000);
        const p2 = (v: number) => String(v).padStart(2, '0');
        const stamp = `[${p2(Math.floor(secs / 3600))}:${p2(Math.floor(secs / 60) % 60)}:${p2(secs % 60)}.${String(ms % 1000).padStart(3, '0')}] `;
        for (let i = 0; i < stamp.length; i++) out.push(stamp.charCodeAt(i));
        this.lineStart = false;
      }
      out.push(b);
      if (b === 0x0a) this.lineStart = true;
    }
    this.drv.writeAll(Uint8Array.from(out));
    return data.length;
  }

  private canReadFromDriver(): number {
    const f = this.focus;
    if (f < 0) return 0;
    const buffered = (this.buffers[f] as Uint8Array[]).length;
    if (buffered < MUX_BUFFER_SIZE) return 1;
    return this.fes[f]?.canReceive() ?? 0;
  }

  private readFromDriver(data: Uint8Array): void {
    for (const ch of data) {
      if (!this.procByte(ch)) continue;
      const f = this.focus;
      const fe = this.fes[f];
      if (!fe) continue;
      const buf = this.buffers[f] as Uint8Array[];
      if (buf.length === 0 && fe.canReceive() > 0) fe.receive(Uint8Array.of(ch));
      else buf.push(Uint8Array.of(ch));
    }
  }

  /** Escape processing; true when the byte goes to the focused front end (mux_proc_byte). */
  private procByte(ch: number): boolean {
    if (this.gotEscape) {
      this.gotEscape = false;
      if (ch === this.escapeChar) return true;
      switch (String.fromCharCode(ch)) {
        case '?':
        case 'h':
          this.printHelp();
          break;
        case 'x':
          this.writeAll(Buffer.from('QEMU: Terminated\n\r', 'latin1'));
          this.hooks.onQuit?.();
          break;
        case 's':
          this.hooks.onCommit?.();
          break;
        case 'b':
          if (this.focus >= 0) this.fes[this.focus]?.event(ChrEvent.BREAK);
          break;
        case 'c':
          if (this.fes.length > 0) this.setFocus((this.focus + 1) % this.fes.length);
          break;
        case 't':
          this.timestamps = !this.timestamps;
          this.timestampsStart = -1;
          this.lineStart = false;
          break;
      }
      return false;
    }
    if (ch === this.escapeChar) {
      this.gotEscape = true;
      return false;
    }
    return true;
  }

  private printHelp(): void {
    const e = this.escapeChar;
    let esc = 'Escape-Char';
    let head = '\n\r';
    if (e > 0 && e < 26) esc = `C-${String.fromCharCode(e - 1 + 97)}`;
    else head = `\n\rEscape-Char set to Ascii: 0x${e.toString(16).padStart(2, '0')}\n\r\n\r`;
    this.writeAll(Buffer.from(head + HELP.map((l) => l.replaceAll('%', esc)).join(''), 'latin1'));
  }

  /** @internal a front end can take input again: drain its buffer first */
  override acceptInput(): void {
    const f = this.focus;
    const fe = this.fes[f];
    const buf = this.buffers[f];
    if (fe && buf) {
      while (buf.length > 0 && fe.canReceive() > 0) fe.receive(buf.shift() as Uint8Array);
    }
    this.drv.acceptInput();
  }

  /** Events raised on the mux itself (chardev-send-break) go to the focused front end. */
  protected override event(ev: ChrEvent): void {
    if (this.focus >= 0) this.fes[this.focus]?.event(ev);
  }

  private driverEvent(ev: ChrEvent): void {
    if (ev === ChrEvent.OPENED && !this.opened) return;
    for (const fe of this.fes) fe.event(ev);
  }

  /** Send an event to every front end (used by the machine when it is ready: OPENED). */
  broadcast(ev: ChrEvent): void {
    this.driverEvent(ev);
  }

  protected override chrClose(): void {
    if (this.openTimer) clearImmediate(this.openTimer);
    this.openTimer = undefined;
    this.drv.deinit();
  }
}
