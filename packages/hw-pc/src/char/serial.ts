/**
 * The 16550A UART (QEMU's hw/char/serial.c, device `serial`): receive and transmit FIFOs of 16
 * bytes with trigger levels, the character timeout, interrupt identification by priority (line
 * status, received data / timeout, THR empty, modem status), QEMU's thr_ipending rules, loopback,
 * break, and the modem lines of a backend that has them. Bus front ends (isa-serial) own one of
 * these as their "serial" child and map its 8 registers.
 *
 * Transmission is as QEMU 7.2's: a byte written to THR goes to the chardev at once (the host side
 * is never slowed to the line's baud rate); char_transmit_time, derived from the divisor and the
 * frame format, times the receive character timeout and the modem status re-sampling.
 */
import type { Chardev } from '@tsemu/chardev';
import { CharBackend, ChrEvent } from '@tsemu/chardev';
import { MemoryRegion } from '@tsemu/memory';
import {
  type DeviceClass,
  DeviceState,
  definePropBool,
  definePropChr,
  definePropUint32,
  deviceClassSetProps,
  NANOSECONDS_PER_SECOND,
  QEMU_CLOCK_VIRTUAL,
  type QEMUTimer,
  type QomObject,
  qemuClockGetNs,
  qemuSetIrq,
  TYPE_DEVICE,
  timerDel,
  timerModNs,
  timerNewNs,
  typeRegister,
} from '@tsemu/qdev';
import { chardevOfObject } from './chardev-object.js';

export const TYPE_SERIAL = 'serial';

export const UART_FIFO_LENGTH = 16;

export const UART_LCR_DLAB = 0x80;

export const UART_IER_MSI = 0x08;
export const UART_IER_RLSI = 0x04;
export const UART_IER_THRI = 0x02;
export const UART_IER_RDI = 0x01;

export const UART_IIR_NO_INT = 0x01;
export const UART_IIR_ID = 0x06;
export const UART_IIR_MSI = 0x00;
export const UART_IIR_THRI = 0x02;
export const UART_IIR_RDI = 0x04;
export const UART_IIR_RLSI = 0x06;
export const UART_IIR_CTI = 0x0c;
export const UART_IIR_FE = 0xc0;

export const UART_MCR_LOOP = 0x10;
export const UART_MCR_OUT2 = 0x08;
export const UART_MCR_OUT1 = 0x04;
export const UART_MCR_RTS = 0x02;
export const UART_MCR_DTR = 0x01;

export const UART_MSR_DCD = 0x80;
export const UART_MSR_RI = 0x40;
export const UART_MSR_DSR = 0x20;
export const UART_MSR_CTS = 0x10;
export const UART_MSR_DDCD = 0x08;
export const UART_MSR_TERI = 0x04;
export const UART_MSR_DDSR = 0x02;
export const UART_MSR_DCTS = 0x01;
export const UART_MSR_ANY_DELTA = 0x0f;

export const UART_LSR_TEMT = 0x40;
export const UART_LSR_THRE = 0x20;
export const UART_LSR_BI = 0x10;
export const UART_LSR_FE = 0x08;
export const UART_LSR_PE = 0x04;
export const UART_LSR_OE = 0x02;
export const UART_LSR_DR = 0x01;
export const UART_LSR_INT_ANY = 0x1e;

export const UART_FCR_ITL_1 = 0x00;
export const UART_FCR_ITL_2 = 0x40;
export const UART_FCR_ITL_3 = 0x80;
export const UART_FCR_ITL_4 = 0xc0;
export const UART_FCR_DMS = 0x08;
export const UART_FCR_XFR = 0x04;
export const UART_FCR_RFR = 0x02;
export const UART_FCR_FE = 0x01;

/** Modem line bits of CHR_IOCTL_SERIAL_GET/SET_TIOCM. */
export const CHR_TIOCM_CTS = 0x020;
export const CHR_TIOCM_CAR = 0x040;
export const CHR_TIOCM_DSR = 0x100;
export const CHR_TIOCM_RI = 0x080;
export const CHR_TIOCM_DTR = 0x002;
export const CHR_TIOCM_RTS = 0x004;

const MAX_XMIT_RETRY = 4;

export interface SerialSetParams {
  speed: number;
  parity: 'N' | 'E' | 'O';
  dataBits: number;
  stopBits: number;
}

/**
 * What a backend connected to a real line can do (QEMU's CHR_IOCTL_SERIAL_*). A chardev that
 * implements none of it (sockets, files, stdio) behaves as QEMU's do: the modem status is fixed
 * at DCD|DSR|CTS and nothing is polled.
 */
export interface SerialLineControl {
  serialSetParams?(p: SerialSetParams): void;
  serialSetBreak?(on: boolean): void;
  /** CHR_TIOCM_* bits of the line, or undefined when not supported */
  serialGetTiocm?(): number | undefined;
  serialSetTiocm?(bits: number): void;
}

/** A byte FIFO of fixed capacity (QEMU's Fifo8). */
export class Fifo8 {
  private readonly data: Uint8Array;
  private head = 0;
  num = 0;
  constructor(readonly capacity: number) {
    this.data = new Uint8Array(capacity);
  }
  push(b: number): void {
    if (this.num === this.capacity) throw new Error('fifo8 overflow');
    this.data[(this.head + this.num) % this.capacity] = b;
    this.num++;
  }
  pop(): number {
    if (this.num === 0) throw new Error('fifo8 underflow');
    const b = this.data[this.head];
    this.head = (this.head + 1) % this.capacity;
    this.num--;
    return b;
  }
  reset(): void {
    this.head = 0;
    this.num = 0;
  }
  isEmpty(): boolean {
    return this.num === 0;
  }
  isFull(): boolean {
    return this.num === this.capacity;
  }
}

/** SerialState */
export class SerialState extends DeviceState {
  divider = 0;
  rbr = 0;
  thr = 0;
  tsr = 0;
  ier = 0;
  iir = 0;
  lcr = 0;
  mcr = 0;
  lsr = 0;
  msr = 0;
  scr = 0;
  fcr = 0;
  /** 0 = no modem polling, 1 = polling, -1 = the backend has no modem lines */
  pollMsl = 0;
  thrIpending = 0;
  timeoutIpending = 0;
  lastBreakEnable = 0;
  tsrRetry = 0;
  recvFifoItl = 1;
  charTransmitTime = 0;
  lastXmitTs = 0;
  /** properties */
  chrObj: QomObject | undefined;
  baudbase = 115200;
  wakeup = false;
  /** the backend, from the chardev property or set directly before realize */
  backend: Chardev | undefined;
  chr: CharBackend | undefined;
  /** set by the bus front end before realize */
  irq: QomObject | undefined;
  recvFifo = new Fifo8(UART_FIFO_LENGTH);
  xmitFifo = new Fifo8(UART_FIFO_LENGTH);
  fifoTimeoutTimer: QEMUTimer | undefined;
  modemStatusPoll: QEMUTimer | undefined;
  /** the 8 registers, mapped by the front end */
  io!: MemoryRegion;
  /** the chardev is waiting to drain; set while a transmit retry is scheduled */
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  /** @internal */
  scheduleRetry(fn: () => void): boolean {
    if (this.retryTimer !== undefined) return false;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      fn();
    }, 1);
    return true;
  }
  /** @internal */
  cancelRetry(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}

function lineControl(s: SerialState): SerialLineControl | undefined {
  return s.backend as unknown as SerialLineControl | undefined;
}

function recvFifoPut(s: SerialState, chr: number): void {
  // receive overruns do not overwrite FIFO contents
  if (!s.recvFifo.isFull()) s.recvFifo.push(chr);
  else s.lsr |= UART_LSR_OE;
}

/** serial_update_irq: IIR by priority and the IRQ line. */
export function serialUpdateIrq(s: SerialState): void {
  let tmpIir = UART_IIR_NO_INT;
  if (s.ier & UART_IER_RLSI && s.lsr & UART_LSR_INT_ANY) {
    tmpIir = UART_IIR_RLSI;
  } else if (s.ier & UART_IER_RDI && s.timeoutIpending) {
    // IER.RDI masks the timeout too: not in the datasheet, but what hardware does
    tmpIir = UART_IIR_CTI;
  } else if (
    s.ier & UART_IER_RDI &&
    s.lsr & UART_LSR_DR &&
    (!(s.fcr & UART_FCR_FE) || s.recvFifo.num >= s.recvFifoItl)
  ) {
    tmpIir = UART_IIR_RDI;
  } else if (s.ier & UART_IER_THRI && s.thrIpending) {
    tmpIir = UART_IIR_THRI;
  } else if (s.ier & UART_IER_MSI && s.msr & UART_MSR_ANY_DELTA) {
    tmpIir = UART_IIR_MSI;
  }
  s.iir = tmpIir | (s.iir & 0xf0);
  qemuSetIrq(s.irq, tmpIir !== UART_IIR_NO_INT ? 1 : 0);
}

function serialUpdateParameters(s: SerialState): void {
  let frameSize = 1; // start bit
  let parity: SerialSetParams['parity'] = 'N';
  if (s.lcr & 0x08) {
    frameSize++;
    parity = s.lcr & 0x10 ? 'E' : 'O';
  }
  const stopBits = s.lcr & 0x04 ? 2 : 1;
  const dataBits = (s.lcr & 0x03) + 5;
  frameSize += dataBits + stopBits;
  // a zero divisor gives about 3500 baud
  const speed = s.divider === 0 ? 3500 : Math.fround(s.baudbase / s.divider);
  s.charTransmitTime = Math.trunc((NANOSECONDS_PER_SECOND / speed) * frameSize);
  lineControl(s)?.serialSetParams?.({ speed, parity, dataBits, stopBits });
}

function serialUpdateTiocm(s: SerialState): void {
  const lc = lineControl(s);
  let flags = lc?.serialGetTiocm?.() ?? 0;
  flags &= ~(CHR_TIOCM_RTS | CHR_TIOCM_DTR);
  if (s.mcr & UART_MCR_RTS) flags |= CHR_TIOCM_RTS;
  if (s.mcr & UART_MCR_DTR) flags |= CHR_TIOCM_DTR;
  lc?.serialSetTiocm?.(flags);
}

function serialUpdateMsl(s: SerialState): void {
  if (s.modemStatusPoll) timerDel(s.modemStatusPoll);
  const flags = lineControl(s)?.serialGetTiocm?.();
  if (flags === undefined) {
    s.pollMsl = -1;
    return;
  }
  const omsr = s.msr;
  let msr = s.msr;
  msr = flags & CHR_TIOCM_CTS ? msr | UART_MSR_CTS : msr & ~UART_MSR_CTS;
  msr = flags & CHR_TIOCM_DSR ? msr | UART_MSR_DSR : msr & ~UART_MSR_DSR;
  msr = flags & CHR_TIOCM_CAR ? msr | UART_MSR_DCD : msr & ~UART_MSR_DCD;
  msr = flags & CHR_TIOCM_RI ? msr | UART_MSR_RI : msr & ~UART_MSR_RI;
  s.msr = msr;
  if (s.msr !== omsr) {
    // delta bits; TERI only on a 1 -> 0 change of RI
    s.msr |= (s.msr >> 4) ^ (omsr >> 4);
    if (s.msr & UART_MSR_TERI && !(omsr & UART_MSR_RI)) s.msr &= ~UART_MSR_TERI;
    serialUpdateIrq(s);
  }
  // the real part reacts within 250ns; sampling every 10ms while MSI is enabled is enough
  if (s.pollMsl && s.modemStatusPoll)
    timerModNs(s.modemStatusPoll, qemuClockGetNs(QEMU_CLOCK_VIRTUAL) + NANOSECONDS_PER_SECOND / 100);
}

function serialXmit(s: SerialState): void {
  do {
    if (s.tsrRetry === 0) {
      if (s.fcr & UART_FCR_FE) {
        if (s.xmitFifo.isEmpty()) break;
        s.tsr = s.xmitFifo.pop();
        if (!s.xmitFifo.num) s.lsr |= UART_LSR_THRE;
      } else {
        s.tsr = s.thr;
        s.lsr |= UART_LSR_THRE;
      }
      if (s.lsr & UART_LSR_THRE && !s.thrIpending) {
        s.thrIpending = 1;
        serialUpdateIrq(s);
      }
    }
    if (s.mcr & UART_MCR_LOOP) {
      // in loopback mode the byte comes back as received
      serialReceive1(s, Uint8Array.of(s.tsr));
    } else {
      const rc = s.chr ? s.chr.write(Uint8Array.of(s.tsr)) : 1;
      if (rc === 0 && s.tsrRetry < MAX_XMIT_RETRY && s.scheduleRetry(() => serialXmit(s))) {
        // the backend is full: try again when it may have drained (qemu_chr_fe_add_watch)
        s.tsrRetry++;
        return;
      }
    }
    s.tsrRetry = 0;
    // another byte is available only with the FIFO enabled
  } while (!(s.lsr & UART_LSR_THRE));
  s.lastXmitTs = qemuClockGetNs(QEMU_CLOCK_VIRTUAL);
  s.lsr |= UART_LSR_TEMT;
}

function serialWriteFcr(s: SerialState, val: number): void {
  s.fcr = val;
  if (val & UART_FCR_FE) {
    s.iir |= UART_IIR_FE;
    s.recvFifoItl = [1, 4, 8, 14][(val & 0xc0) >> 6];
  } else {
    s.iir &= ~UART_IIR_FE;
  }
}

/** serial_ioport_write: register `addr` (0-7). */
export function serialIoportWrite(s: SerialState, addr: number, value: number): void {
  const val = value & 0xff;
  switch (addr & 7) {
    case 0:
      if (s.lcr & UART_LCR_DLAB) {
        s.divider = (s.divider & 0xff00) | val;
        serialUpdateParameters(s);
      } else {
        s.thr = val;
        if (s.fcr & UART_FCR_FE) {
          // transmit overruns overwrite data: make room
          if (s.xmitFifo.isFull()) s.xmitFifo.pop();
          s.xmitFifo.push(s.thr);
        }
        s.thrIpending = 0;
        s.lsr &= ~UART_LSR_THRE;
        s.lsr &= ~UART_LSR_TEMT;
        serialUpdateIrq(s);
        if (s.tsrRetry === 0) serialXmit(s);
      }
      break;
    case 1:
      if (s.lcr & UART_LCR_DLAB) {
        s.divider = (s.divider & 0x00ff) | (val << 8);
        serialUpdateParameters(s);
      } else {
        const changed = (s.ier ^ val) & 0x0f;
        s.ier = val & 0x0f;
        // poll the modem lines of a real port only while MSI is enabled
        if (changed & UART_IER_MSI && s.pollMsl >= 0) {
          if (s.ier & UART_IER_MSI) {
            s.pollMsl = 1;
            serialUpdateMsl(s);
          } else {
            if (s.modemStatusPoll) timerDel(s.modemStatusPoll);
            s.pollMsl = 0;
          }
        }
        // enabling THRI with THR empty raises the interrupt again even after an IIR read
        // masked it (Windows relies on it); like Bochs, only on the rising edge
        if (changed & UART_IER_THRI) {
          s.thrIpending = s.ier & UART_IER_THRI && s.lsr & UART_LSR_THRE ? 1 : 0;
        }
        if (changed) serialUpdateIrq(s);
      }
      break;
    case 2: {
      let v = val;
      // toggling the enable flushes both FIFOs
      if ((v ^ s.fcr) & UART_FCR_FE) v |= UART_FCR_XFR | UART_FCR_RFR;
      if (v & UART_FCR_RFR) {
        s.lsr &= ~(UART_LSR_DR | UART_LSR_BI);
        if (s.fifoTimeoutTimer) timerDel(s.fifoTimeoutTimer);
        s.timeoutIpending = 0;
        s.recvFifo.reset();
      }
      if (v & UART_FCR_XFR) {
        s.lsr |= UART_LSR_THRE;
        s.thrIpending = 1;
        s.xmitFifo.reset();
      }
      serialWriteFcr(s, v & 0xc9);
      serialUpdateIrq(s);
      break;
    }
    case 3: {
      s.lcr = val;
      serialUpdateParameters(s);
      const breakEnable = (val >> 6) & 1;
      if (breakEnable !== s.lastBreakEnable) {
        s.lastBreakEnable = breakEnable;
        lineControl(s)?.serialSetBreak?.(breakEnable === 1);
      }
      break;
    }
    case 4: {
      const oldMcr = s.mcr;
      s.mcr = val & 0x1f;
      if (val & UART_MCR_LOOP) break;
      if (s.pollMsl >= 0 && oldMcr !== s.mcr) {
        serialUpdateTiocm(s);
        // the other end may answer within a character time
        if (s.modemStatusPoll)
          timerModNs(s.modemStatusPoll, qemuClockGetNs(QEMU_CLOCK_VIRTUAL) + s.charTransmitTime);
      }
      break;
    }
    case 5:
    case 6:
      break;
    case 7:
      s.scr = val;
      break;
  }
}

/** serial_ioport_read: register `addr` (0-7). */
export function serialIoportRead(s: SerialState, addr: number): number {
  let ret = 0;
  switch (addr & 7) {
    case 0:
      if (s.lcr & UART_LCR_DLAB) {
        ret = s.divider & 0xff;
      } else {
        if (s.fcr & UART_FCR_FE) {
          ret = s.recvFifo.isEmpty() ? 0 : s.recvFifo.pop();
          if (s.recvFifo.num === 0) {
            s.lsr &= ~(UART_LSR_DR | UART_LSR_BI);
          } else if (s.fifoTimeoutTimer) {
            timerModNs(s.fifoTimeoutTimer, qemuClockGetNs(QEMU_CLOCK_VIRTUAL) + s.charTransmitTime * 4);
          }
          s.timeoutIpending = 0;
        } else {
          ret = s.rbr;
          s.lsr &= ~(UART_LSR_DR | UART_LSR_BI);
        }
        serialUpdateIrq(s);
        // in loopback mode nothing is received from the backend
        if (!(s.mcr & UART_MCR_LOOP)) s.chr?.acceptInput();
      }
      break;
    case 1:
      ret = s.lcr & UART_LCR_DLAB ? (s.divider >> 8) & 0xff : s.ier;
      break;
    case 2:
      ret = s.iir;
      if ((ret & UART_IIR_ID) === UART_IIR_THRI) {
        s.thrIpending = 0;
        serialUpdateIrq(s);
      }
      break;
    case 3:
      ret = s.lcr;
      break;
    case 4:
      ret = s.mcr;
      break;
    case 5:
      ret = s.lsr;
      // reading clears break and overrun
      if (s.lsr & (UART_LSR_BI | UART_LSR_OE)) {
        s.lsr &= ~(UART_LSR_BI | UART_LSR_OE);
        serialUpdateIrq(s);
      }
      break;
    case 6:
      if (s.mcr & UART_MCR_LOOP) {
        // loopback: the modem outputs are wired to the inputs
        ret = (s.mcr & 0x0c) << 4;
        ret |= (s.mcr & 0x02) << 3;
        ret |= (s.mcr & 0x01) << 5;
      } else {
        if (s.pollMsl >= 0) serialUpdateMsl(s);
        ret = s.msr;
        // reading clears the delta bits
        if (s.msr & UART_MSR_ANY_DELTA) {
          s.msr &= 0xf0;
          serialUpdateIrq(s);
        }
      }
      break;
    case 7:
      ret = s.scr;
      break;
  }
  return ret;
}

/** serial_can_receive: how much input the UART takes now (the chardev's flow control). */
export function serialCanReceive(s: SerialState): number {
  if (s.fcr & UART_FCR_FE) {
    if (s.recvFifo.num < UART_FIFO_LENGTH) {
      // advertise up to the trigger level, then one at a time, so the guest's chosen trigger
      // level still means something
      return s.recvFifo.num <= s.recvFifoItl ? s.recvFifoItl - s.recvFifo.num : 1;
    }
    return 0;
  }
  return s.lsr & UART_LSR_DR ? 0 : 1;
}

function serialReceiveBreak(s: SerialState): void {
  s.rbr = 0;
  // a NUL goes into the FIFO with the break
  recvFifoPut(s, 0);
  s.lsr |= UART_LSR_BI | UART_LSR_DR;
  serialUpdateIrq(s);
}

/** data in the FIFO not read for 4 character times */
function fifoTimeoutInt(s: SerialState): void {
  if (s.recvFifo.num) {
    s.timeoutIpending = 1;
    serialUpdateIrq(s);
  }
}

/** serial_receive1: bytes from the line (or looped back). */
export function serialReceive1(s: SerialState, buf: Uint8Array): void {
  if (buf.length === 0) return;
  if (s.fcr & UART_FCR_FE) {
    for (const b of buf) recvFifoPut(s, b);
    s.lsr |= UART_LSR_DR;
    if (s.fifoTimeoutTimer)
      timerModNs(s.fifoTimeoutTimer, qemuClockGetNs(QEMU_CLOCK_VIRTUAL) + s.charTransmitTime * 4);
  } else {
    if (s.lsr & UART_LSR_DR) s.lsr |= UART_LSR_OE;
    s.rbr = buf[0];
    s.lsr |= UART_LSR_DR;
  }
  serialUpdateIrq(s);
}

/** serial_reset */
export function serialReset(s: SerialState): void {
  s.cancelRetry();
  s.rbr = 0;
  s.ier = 0;
  s.iir = UART_IIR_NO_INT;
  s.lcr = 0;
  s.lsr = UART_LSR_TEMT | UART_LSR_THRE;
  s.msr = UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS;
  // 9600 baud, 8N1
  s.divider = 0x0c;
  s.mcr = UART_MCR_OUT2;
  s.scr = 0;
  s.tsrRetry = 0;
  s.charTransmitTime = Math.trunc(NANOSECONDS_PER_SECOND / 9600) * 10;
  s.pollMsl = 0;
  s.timeoutIpending = 0;
  if (s.fifoTimeoutTimer) timerDel(s.fifoTimeoutTimer);
  if (s.modemStatusPoll) timerDel(s.modemStatusPoll);
  s.recvFifo.reset();
  s.xmitFifo.reset();
  s.fcr = 0;
  s.recvFifoItl = 1;
  s.lastXmitTs = qemuClockGetNs(QEMU_CLOCK_VIRTUAL);
  s.thrIpending = 0;
  s.lastBreakEnable = 0;
  qemuSetIrq(s.irq, 0);
  serialUpdateMsl(s);
  s.msr &= ~UART_MSR_ANY_DELTA;
}

function serialRealize(s: SerialState): void {
  s.backend ??= chardevOfObject(s.chrObj);
  s.modemStatusPoll = timerNewNs(QEMU_CLOCK_VIRTUAL, () => serialUpdateMsl(s));
  s.fifoTimeoutTimer = timerNewNs(QEMU_CLOCK_VIRTUAL, () => fifoTimeoutInt(s));
  if (s.backend) {
    s.chr = new CharBackend(s.backend);
    s.chr.setHandlers({
      canReceive: () => serialCanReceive(s),
      receive: (data) => serialReceive1(s, data),
      event: (ev) => {
        if (ev === ChrEvent.BREAK) serialReceiveBreak(s);
      },
      // chardev-change (serial_be_change): the new backend gets the line settings
      beChange: () => {
        s.backend = s.chr?.chr;
        serialUpdateParameters(s);
        lineControl(s)?.serialSetBreak?.(s.lastBreakEnable === 1);
        return 0;
      },
    });
  }
  s.io = MemoryRegion.io(
    'serial',
    8,
    {
      read: (addr) => serialIoportRead(s, addr),
      write: (addr, v) => serialIoportWrite(s, addr, Number(v)),
      impl: { minAccessSize: 1, maxAccessSize: 1 },
      valid: { unaligned: true },
      endianness: 'little',
    },
    { owner: s },
  );
  serialReset(s);
}

function serialUnrealize(s: SerialState): void {
  s.cancelRetry();
  if (s.fifoTimeoutTimer) timerDel(s.fifoTimeoutTimer);
  if (s.modemStatusPoll) timerDel(s.modemStatusPoll);
  s.chr?.deinit();
  s.chr = undefined;
}

typeRegister<SerialState, DeviceClass>({
  name: TYPE_SERIAL,
  parent: TYPE_DEVICE,
  instance: SerialState,
  classInit: (dc) => {
    dc.userCreatable = false;
    deviceClassSetProps(dc, [
      definePropChr('chardev', 'chrObj'),
      definePropUint32('baudbase', 'baudbase', 115200),
      definePropBool('wakeup', 'wakeup', false),
    ]);
    dc.realize = (dev) => serialRealize(dev as SerialState);
    dc.unrealize = (dev) => serialUnrealize(dev as SerialState);
  },
});
