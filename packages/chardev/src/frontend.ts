import type { Chardev } from './chardev.js';
import { ChrEvent } from './event.js';

/** What a front end (serial port, monitor, debugcon ...) gives its backend. */
export interface ChrFrontendHandlers {
  /** bytes the front end can take now; 0 stops delivery until acceptInput() */
  canReceive(): number;
  receive(data: Uint8Array): void;
  event?(event: ChrEvent): void;
  /**
   * The chardev under this front end was replaced (chardev-change); a front end without it cannot be
   * changed. Returning a negative number refuses the new backend (QEMU's chr_be_change).
   */
  beChange?(): number | undefined;
}

/**
 * A front end's handle on a chardev (QEMU's CharBackend, qemu_chr_fe_*). A chardev has at most one
 * front end, except a mux which fans out to several.
 */
export class CharBackend {
  private handlers: ChrFrontendHandlers | undefined;
  private attached: Chardev | undefined;

  constructor(chr: Chardev) {
    chr.attachFrontend(this);
    this.attached = chr;
  }

  get chr(): Chardev | undefined {
    return this.attached;
  }

  /** Install (or, with undefined, remove) the handlers; delivers OPENED when the backend is already open. */
  setHandlers(h: ChrFrontendHandlers | undefined): void {
    this.handlers = h;
    const chr = this.attached;
    if (!chr) return;
    // A front end joining an open backend gets OPENED at once (QEMU's sync_state).
    if (h && chr.isOpen) h.event?.(ChrEvent.OPENED);
    chr.frontendOpenChanged(h !== undefined);
    if (h) chr.acceptInput();
  }

  get frontendOpen(): boolean {
    return this.handlers !== undefined;
  }

  /** Write what the backend takes now; returns the count (QEMU's qemu_chr_fe_write). */
  write(data: Uint8Array | string): number {
    const chr = this.attached;
    if (!chr) return typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    return chr.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Write everything, queueing what the backend cannot take yet (qemu_chr_fe_write_all). */
  writeAll(data: Uint8Array | string): number {
    const chr = this.attached;
    const buf = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    if (!chr) return buf.length;
    return chr.writeAll(buf);
  }

  /** Tell the backend the front end can take input again (qemu_chr_fe_accept_input). */
  acceptInput(): void {
    this.attached?.acceptInput();
  }

  /** Whether the front end takes a new chardev under it (chardev-change). */
  get supportsChange(): boolean {
    return this.handlers?.beChange !== undefined;
  }

  /**
   * Move to another chardev, keeping the handlers (chardev-change): the new chardev's state reaches
   * the front end as setHandlers delivers it, then beChange runs; false when it refuses (the front end
   * is then back on the old chardev).
   */
  change(to: Chardev): boolean {
    const from = this.attached;
    const h = this.handlers;
    if (!from || !h) return false;
    from.detachFrontend(this);
    to.attachFrontend(this);
    this.attached = to;
    this.setHandlers(h);
    if ((h.beChange?.() ?? 0) < 0) {
      to.detachFrontend(this);
      from.attachFrontend(this);
      this.attached = from;
      this.handlers = h;
      from.frontendOpenChanged(true);
      return false;
    }
    return true;
  }

  /** Detach from the chardev (qemu_chr_fe_deinit). */
  deinit(): void {
    const chr = this.attached;
    if (!chr) return;
    this.handlers = undefined;
    chr.detachFrontend(this);
    this.attached = undefined;
  }

  /** @internal called by the chardev */
  canReceive(): number {
    return this.handlers ? this.handlers.canReceive() : 0;
  }
  /** @internal called by the chardev */
  receive(data: Uint8Array): void {
    this.handlers?.receive(data);
  }
  /** @internal called by the chardev */
  event(ev: ChrEvent): void {
    this.handlers?.event?.(ev);
  }
}
