import { Chardev, type ChardevCommon } from '../chardev.js';

export interface ChardevRingbuf extends ChardevCommon {
  /** bytes, a power of two; 65536 when absent */
  size?: number;
}

/**
 * Output goes into a fixed-size ring that QMP's ringbuf-read drains; ringbuf-write puts bytes into
 * the same ring (QEMU's chardev-ringbuf and its alias chardev-memory). Nothing from QMP reaches the
 * front end.
 */
export class RingbufChardev extends Chardev {
  readonly typeName: string;
  private readonly buf: Uint8Array;
  /** total bytes ever written / read; their difference is the fill level */
  private prod = 0;
  private cons = 0;

  constructor(label: string, opts: ChardevRingbuf = {}, typeName = 'chardev-ringbuf') {
    super(label, opts);
    this.typeName = typeName;
    const size = opts.size ?? 65536;
    if (size <= 0 || (size & (size - 1)) !== 0) {
      throw new Error('size of ringbuf chardev must be power of two');
    }
    this.buf = new Uint8Array(size);
  }

  /** 'ringbuf', or 'memory' for the alias, as QEMU names a chardev by its type */
  get filename(): string {
    return this.typeName.slice('chardev-'.length);
  }

  get size(): number {
    return this.buf.length;
  }

  /** Bytes waiting to be read. */
  get count(): number {
    return this.prod - this.cons;
  }

  protected chrWrite(data: Uint8Array): number {
    const size = this.buf.length;
    for (let i = 0; i < data.length; i++) {
      this.buf[this.prod++ & (size - 1)] = data[i] as number;
      // A full ring overwrites its oldest bytes.
      if (this.prod - this.cons > size) this.cons = this.prod - size;
    }
    return data.length;
  }

  /** Take up to `size` bytes from the ring (ringbuf-read). */
  read(size: number): Uint8Array {
    const n = Math.min(size, this.count);
    const out = new Uint8Array(n);
    const mask = this.buf.length - 1;
    for (let i = 0; i < n; i++) out[i] = this.buf[this.cons++ & mask] as number;
    return out;
  }

  /** Bytes into the ring as if the front end wrote them (ringbuf-write; not logged, as in QEMU). */
  store(data: Uint8Array): void {
    this.chrWrite(data);
  }

  /** Input for the front end, as a backend with an outside peer would deliver (tests, embedders). */
  inject(data: Uint8Array): void {
    this.receive(data);
  }
}
