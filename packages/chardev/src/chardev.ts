import { closeSync, openSync, writeSync } from 'node:fs';
import { ChrEvent } from './event.js';
import type { CharBackend } from './frontend.js';

/** Options every backend takes (QAPI ChardevCommon). */
export interface ChardevCommon {
  logfile?: string;
  logappend?: boolean;
}

/**
 * A character device backend (QEMU's Chardev). Input from the outside world is queued and handed to
 * the front end only as fast as its canReceive() allows; the source is paused meanwhile, so a slow
 * front end never loses bytes and never makes the backend buffer without bound.
 */
export abstract class Chardev {
  /** QOM type name, e.g. 'chardev-socket' */
  abstract readonly typeName: string;
  private frontend: CharBackend | undefined;
  private pending: Uint8Array[] = [];
  private inputPaused = false;
  private logFd: number | undefined;
  /** be_open: whether the backend side is connected (QEMU's chr->be_open) */
  private open = false;
  private frontendIsOpen = false;

  constructor(
    readonly label: string,
    common: ChardevCommon = {},
  ) {
    if (common.logfile) {
      this.logFd = openSync(common.logfile, common.logappend ? 'a' : 'w');
    }
  }

  /** The text query-chardev shows as `filename`. */
  abstract get filename(): string;

  get isOpen(): boolean {
    return this.open;
  }

  /** Whether a front end has installed handlers (query-chardev `frontend-open`). */
  get frontendOpen(): boolean {
    return this.frontendIsOpen;
  }

  /** Finish opening (connect, listen, wait for a client when asked to); called once after construction. */
  async start(): Promise<void> {}

  /** Backend-specific output; returns bytes accepted. */
  protected abstract chrWrite(data: Uint8Array): number;

  /** Pause / resume the input source (socket, stream) for flow control. */
  protected pauseSource(): void {}
  protected resumeSource(): void {}

  /** Release the backend's resources (sockets, files, listeners). */
  protected chrClose(): void {}

  write(data: Uint8Array): number {
    const n = this.chrWrite(data);
    if (this.logFd !== undefined && n > 0) writeSync(this.logFd, data, 0, n);
    return n;
  }

  writeAll(data: Uint8Array): number {
    let done = 0;
    // Backends backed by Node streams accept everything (the stream queues); a backend that can
    // take less (ringbuf never does, a disconnected socket drops) just reports what it took.
    while (done < data.length) {
      const n = this.write(done === 0 ? data : data.subarray(done));
      if (n <= 0) break;
      done += n;
    }
    return done;
  }

  /** @internal (CharBackend) */
  attachFrontend(be: CharBackend): void {
    if (this.frontend && this.frontend !== be) {
      throw new Error(`chardev '${this.label}' is already in use`);
    }
    this.frontend = be;
  }

  /** @internal (CharBackend) */
  detachFrontend(be: CharBackend): void {
    if (this.frontend === be) {
      this.frontend = undefined;
      this.frontendIsOpen = false;
    }
  }

  /** @internal (CharBackend) */
  frontendOpenChanged(open: boolean): void {
    this.frontendIsOpen = open;
  }

  get hasFrontend(): boolean {
    return this.frontend !== undefined;
  }

  /** The attached front end (chr->be), for chardev-change. */
  get frontendBackend(): CharBackend | undefined {
    return this.frontend;
  }

  /** Hand input to the front end, keeping what it cannot take yet. */
  protected receive(data: Uint8Array): void {
    if (data.length === 0) return;
    this.pending.push(data);
    this.pump();
  }

  /** The front end can take more input. */
  acceptInput(): void {
    this.pump();
  }

  /** Bytes the front end can take now (qemu_chr_be_can_write). */
  protected beCanWrite(): number {
    return this.frontend ? this.frontend.canReceive() : 0;
  }

  /** Deliver to the front end as much as it takes (qemu_chr_be_write); overridden by mux. */
  protected beWrite(data: Uint8Array): void {
    this.frontend?.receive(data);
  }

  private pump(): void {
    while (this.pending.length > 0) {
      const room = this.beCanWrite();
      if (room <= 0) break;
      const head = this.pending[0] as Uint8Array;
      if (head.length <= room) {
        this.pending.shift();
        this.beWrite(head);
      } else {
        this.pending[0] = head.subarray(room);
        this.beWrite(head.subarray(0, room));
      }
    }
    const stalled = this.pending.length > 0;
    if (stalled && !this.inputPaused) {
      this.inputPaused = true;
      this.pauseSource();
    } else if (!stalled && this.inputPaused) {
      this.inputPaused = false;
      this.resumeSource();
    }
  }

  /** Drop queued input (a new connection must not see the old one's bytes). */
  protected discardInput(): void {
    this.pending = [];
    if (this.inputPaused) {
      this.inputPaused = false;
      this.resumeSource();
    }
  }

  /** Mark the backend open/closed and tell the front end (qemu_chr_be_event). */
  protected setOpen(open: boolean, notify = true): void {
    if (this.open === open) return;
    this.open = open;
    if (notify) this.event(open ? ChrEvent.OPENED : ChrEvent.CLOSED);
  }

  /** Send an event to the front end(s). */
  protected event(ev: ChrEvent): void {
    this.frontend?.event(ev);
  }

  /** An event from outside the backend (chardev-send-break). */
  sendEvent(ev: ChrEvent): void {
    this.event(ev);
  }

  close(): void {
    this.chrClose();
    this.discardInput();
    if (this.logFd !== undefined) {
      closeSync(this.logFd);
      this.logFd = undefined;
    }
  }
}
