/**
 * The qtest protocol server (QEMU's softmmu/qtest.c): a line protocol on a chardev through which a
 * test drives the machine instead of a CPU — port I/O, physical memory, the manual virtual clock and
 * IRQ interception. Replies are "OK[ value]" or "FAIL reason", as QEMU's; IRQ changes of an
 * intercepted device arrive as asynchronous "IRQ raise N" / "IRQ lower N" lines.
 *
 * Where QEMU asserts on a malformed request (and aborts), this server answers
 * "FAIL Invalid argument '<word>'" and carries on.
 */
import {
  clockIsManual,
  clockSet,
  clockSetManual,
  clockStep,
  type DeviceState,
  type IRQState,
  objectResolvePath,
  QEMU_CLOCK_VIRTUAL,
  qdevGetGpioInNamed,
  qemuAllocateIrq,
  qemuClockDeadlineNsAll,
  qemuClockGetNs,
  qemuSetIrq,
} from '@tsemu/qdev';

/** The machine as qtest reaches it: the I/O address space and the CPU's memory address space. */
export interface QtestTarget {
  ioRead(port: number, size: 1 | 2 | 4): number;
  ioWrite(port: number, size: 1 | 2 | 4, value: number): void;
  memRead(addr: bigint, length: number): Uint8Array;
  memWrite(addr: bigint, data: Uint8Array): void;
}

const MAX_IRQ = 256;

class BadArg extends Error {}

/** strtoul/strtou64 with base 0: 0x hex, leading-0 octal, decimal. */
function parseU64(word: string | undefined): bigint {
  if (word === undefined || word === '') throw new BadArg('');
  let s = word.trim();
  let neg = false;
  if (s.startsWith('-')) {
    neg = true;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  let v: bigint;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) v = BigInt(s);
  else if (/^0[0-7]*$/.test(s)) v = s.length > 1 ? BigInt(`0o${s.slice(1)}`) : 0n;
  else if (/^[1-9][0-9]*$/.test(s)) v = BigInt(s);
  else throw new BadArg(word);
  if (v > 0xffffffffffffffffn) throw new BadArg(word);
  return neg ? BigInt.asUintN(64, -v) : v;
}

function parseI64(word: string | undefined): bigint {
  const s = (word ?? '').trim();
  const neg = s.startsWith('-');
  const v = parseU64(neg ? s.slice(1) : s);
  return neg ? -v : v;
}

const num = (w: string | undefined) => Number(parseU64(w));
const hex = (v: bigint | number, width: number) => `0x${v.toString(16).padStart(width, '0')}`;

export interface QtestServerOptions {
  target: QtestTarget;
  /** send a reply or async message to the client */
  send: (text: string) => void;
  /** protocol log (-qtest-log): each request and reply */
  log?: (line: string) => void;
}

/**
 * One qtest session. Feed it the client's bytes; it answers through `send`. Creating it puts the
 * virtual clock in manual mode (the qtest accelerator's clock).
 */
export class QtestServer {
  private inbuf = '';
  private interceptDev: DeviceState | undefined;
  private readonly irqLevels = new Int32Array(MAX_IRQ);

  constructor(private readonly opts: QtestServerOptions) {
    if (!clockIsManual()) clockSetManual(true);
  }

  /** CHR_EVENT_OPENED: a new client starts with all intercepted lines low. */
  opened(): void {
    this.irqLevels.fill(0);
    this.inbuf = '';
  }

  /** Bytes from the client; complete lines are processed in order. */
  feed(data: Uint8Array | string): void {
    this.inbuf += typeof data === 'string' ? data : Buffer.from(data).toString('latin1');
    for (let end = this.inbuf.indexOf('\n'); end >= 0; end = this.inbuf.indexOf('\n')) {
      const line = this.inbuf.slice(0, end);
      this.inbuf = this.inbuf.slice(end + 1);
      this.process(line.split(' '));
    }
  }

  private send(text: string): void {
    this.opts.log?.(`[S] ${text.replace(/\n$/, '')}`);
    this.opts.send(text);
  }

  private process(words: string[]): void {
    this.opts.log?.(`[R] ${words.join(' ')}`);
    try {
      this.send(this.command(words));
    } catch (e) {
      if (!(e instanceof BadArg)) throw e;
      this.send(`FAIL Invalid argument '${e.message}'\n`);
    }
  }

  private command(w: string[]): string {
    const t = this.opts.target;
    const cmd = w[0];
    switch (cmd) {
      case 'irq_intercept_in':
      case 'irq_intercept_out':
        return this.intercept(w[1], cmd === 'irq_intercept_out');
      case 'set_irq_in': {
        const dev = this.device(w[1]);
        if (!dev) return 'FAIL Unknown device\n';
        if (w[2] === undefined) throw new BadArg('');
        const name = w[2] === 'unnamed-gpio-in' ? undefined : w[2];
        const n = Number(parseI64(w[3]));
        const level = Number(parseI64(w[4]));
        let irq: IRQState;
        try {
          irq = qdevGetGpioInNamed(dev, name, n);
        } catch {
          throw new BadArg(w[3] ?? '');
        }
        qemuSetIrq(irq, level);
        return 'OK\n';
      }
      case 'outb':
      case 'outw':
      case 'outl': {
        const addr = num(w[1]);
        const value = num(w[2]);
        if (addr > 0xffff) throw new BadArg(w[1]);
        const size = cmd === 'outb' ? 1 : cmd === 'outw' ? 2 : 4;
        t.ioWrite(addr, size, size === 1 ? value & 0xff : size === 2 ? value & 0xffff : value >>> 0);
        return 'OK\n';
      }
      case 'inb':
      case 'inw':
      case 'inl': {
        const addr = num(w[1]);
        if (addr > 0xffff) throw new BadArg(w[1]);
        const size = cmd === 'inb' ? 1 : cmd === 'inw' ? 2 : 4;
        return `OK ${hex(t.ioRead(addr, size) >>> 0, 4)}\n`;
      }
      case 'writeb':
      case 'writew':
      case 'writel':
      case 'writeq': {
        const addr = parseU64(w[1]);
        const value = parseU64(w[2]);
        const size = { b: 1, w: 2, l: 4, q: 8 }[cmd[5] as 'b'];
        const data = new Uint8Array(size);
        for (let i = 0; i < size; i++) data[i] = Number((value >> BigInt(8 * i)) & 0xffn);
        t.memWrite(addr, data);
        return 'OK\n';
      }
      case 'readb':
      case 'readw':
      case 'readl':
      case 'readq': {
        const addr = parseU64(w[1]);
        const size = { b: 1, w: 2, l: 4, q: 8 }[cmd[4] as 'b'];
        const data = t.memRead(addr, size);
        let v = 0n;
        for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(data[i]);
        return `OK ${hex(v, 16)}\n`;
      }
      case 'read': {
        const addr = parseU64(w[1]);
        const len = num(w[2]);
        if (len === 0) throw new BadArg(w[2] ?? '');
        return `OK 0x${Buffer.from(t.memRead(addr, len)).toString('hex')}\n`;
      }
      case 'b64read': {
        const addr = parseU64(w[1]);
        const len = num(w[2]);
        return `OK ${Buffer.from(t.memRead(addr, len)).toString('base64')}\n`;
      }
      case 'write': {
        const addr = parseU64(w[1]);
        const len = num(w[2]);
        const d = w[3];
        if (d === undefined) throw new BadArg('');
        if (d.length < 3) return 'ERR invalid argument size\n';
        const data = new Uint8Array(len);
        for (let i = 0; i < len; i++)
          if (i * 2 + 4 <= d.length) data[i] = (hexNib(d[i * 2 + 2]) << 4) | hexNib(d[i * 2 + 3]);
        t.memWrite(addr, data);
        return 'OK\n';
      }
      case 'memset': {
        const addr = parseU64(w[1]);
        const len = num(w[2]);
        const pattern = num(w[3]);
        if (len) t.memWrite(addr, new Uint8Array(len).fill(pattern & 0xff));
        return 'OK\n';
      }
      case 'b64write': {
        const addr = parseU64(w[1]);
        const len = num(w[2]);
        const d = w[3];
        if (d === undefined) throw new BadArg('');
        if (d.length < 3) return 'ERR invalid argument size\n';
        const decoded = Buffer.from(d, 'base64');
        if (decoded.length !== len)
          this.opts.log?.(`b64write: data length mismatch (told ${len}, found ${decoded.length})`);
        const data = new Uint8Array(len);
        data.set(decoded.subarray(0, len));
        t.memWrite(addr, data);
        return 'OK\n';
      }
      case 'endianness':
        return 'OK little\n';
      case 'clock_step': {
        let ns: number;
        if (w[1] !== undefined) ns = Number(parseI64(w[1]));
        else ns = qemuClockDeadlineNsAll(QEMU_CLOCK_VIRTUAL);
        // no timer pending: QEMU's deadline is -1, a step of nothing
        if (ns > 0) clockStep(ns);
        return `OK ${qemuClockGetNs(QEMU_CLOCK_VIRTUAL)}\n`;
      }
      case 'clock_set': {
        if (w[1] === undefined) throw new BadArg('');
        clockSet(Number(parseI64(w[1])));
        return `OK ${qemuClockGetNs(QEMU_CLOCK_VIRTUAL)}\n`;
      }
      default:
        return `FAIL Unknown command '${cmd}'\n`;
    }
  }

  private device(path: string | undefined): DeviceState | undefined {
    if (path === undefined) throw new BadArg('');
    const obj = objectResolvePath(path);
    return obj && 'gpios' in obj ? (obj as DeviceState) : undefined;
  }

  private irqChanged(n: number, level: number): void {
    if (n < MAX_IRQ && this.irqLevels[n] !== level) {
      this.irqLevels[n] = level;
      this.send(`IRQ ${level ? 'raise' : 'lower'} ${n}\n`);
    }
  }

  /** irq_intercept_in/out: report the device's unnamed GPIO lines, still passing them on. */
  private intercept(path: string | undefined, out: boolean): string {
    const dev = this.device(path);
    if (!dev) return 'FAIL Unknown device\n';
    if (this.interceptDev) {
      return this.interceptDev !== dev ? 'FAIL IRQ intercept already enabled\n' : 'OK\n';
    }
    for (const ngl of dev.gpios) {
      if (ngl.name !== undefined) continue; // QEMU does not intercept named GPIOs either
      if (out) {
        ngl.out = ngl.out.map((old, i) =>
          qemuAllocateIrq(
            (_o, _n, level) => {
              qemuSetIrq(old, level);
              this.irqChanged(i, level);
            },
            undefined,
            i,
          ),
        );
      } else {
        for (const irq of ngl.in as IRQState[]) {
          const { handler, opaque } = irq;
          irq.handler = (o, n, level) => {
            handler?.(opaque ?? o, n, level);
            this.irqChanged(n, level);
          };
        }
      }
    }
    this.interceptDev = dev;
    return 'OK\n';
  }
}

function hexNib(ch: string | undefined): number {
  const v = ch === undefined ? Number.NaN : Number.parseInt(ch, 16);
  return Number.isNaN(v) ? 0xff : v;
}
