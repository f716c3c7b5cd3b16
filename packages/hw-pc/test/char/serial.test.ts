import {
  clockSetManual,
  clockStep,
  deviceColdReset,
  qdevNew,
  qdevPropSet,
  qdevRealizeAndUnref,
  qemuClockResetAll,
} from '@tsemu/qdev';
import { afterEach, describe, expect, test } from 'vitest';
import { type ISASerialState, serialIsaInit, TYPE_ISA_SERIAL } from '../../src/char/serial-isa.js';
import { irqHarness, LineChardev } from './harness.js';

const COM1 = 0x3f8;
const RBR = COM1,
  IER = COM1 + 1,
  IIR = COM1 + 2,
  LCR = COM1 + 3,
  MCR = COM1 + 4,
  LSR = COM1 + 5,
  MSR = COM1 + 6,
  SCR = COM1 + 7;

function setup() {
  qemuClockResetAll();
  clockSetManual(true);
  const h = irqHarness();
  const line = new LineChardev('ser0');
  const dev = serialIsaInit(h.bus, 0, line);
  deviceColdReset(dev);
  return { ...h, line, dev };
}

afterEach(() => qemuClockResetAll());

describe('isa-serial registers', () => {
  test('reset values as QEMU: 9600 8N1 divisor, OUT2, THR/TSR empty, DCD|DSR|CTS', () => {
    const { inb, out } = setup();
    expect([IER, IIR, LCR, MCR, LSR, MSR, SCR].map(inb)).toEqual([0, 0x01, 0, 0x08, 0x60, 0xb0, 0]);
    out(LCR, 0x80);
    expect([inb(RBR), inb(IER)]).toEqual([0x0c, 0x00]);
    out(RBR, 0x01);
    out(IER, 0x00);
    out(LCR, 0x03);
    expect([inb(LCR), inb(IER)]).toEqual([0x03, 0x00]);
    out(LCR, 0x83);
    expect(inb(RBR)).toBe(0x01);
  });

  test('scratch register keeps any byte; IER keeps only its low nibble', () => {
    const { inb, out } = setup();
    out(SCR, 0xa5);
    out(IER, 0xff);
    expect([inb(SCR), inb(IER)]).toEqual([0xa5, 0x0f]);
  });

  test('bytes written to THR reach the chardev at once; LSR shows THR and TSR empty again', () => {
    const { inb, out, line } = setup();
    for (const c of 'hello') out(RBR, c.charCodeAt(0));
    expect(line.text()).toBe('hello');
    expect(inb(LSR)).toBe(0x60);
  });

  test('chardev-change: the UART moves to the new backend, output and input included', () => {
    const { inb, out, line, dev } = setup();
    out(RBR, 0x61);
    const next = new LineChardev('ser0');
    expect((dev as ISASerialState).state.chr?.change(next)).toBe(true);
    out(RBR, 0x62);
    expect([line.text(), next.text()]).toEqual(['a', 'b']);
    next.feed('z');
    expect(inb(LSR) & 0x01).toBe(1);
    expect(inb(RBR)).toBe(0x7a);
  });
});

describe('interrupts', () => {
  test('THRE: enabling THRI with THR empty interrupts; an IIR read that reports it clears it', () => {
    const { inb, out, levels } = setup();
    out(IER, 0x02);
    expect(levels[4]).toBe(1);
    expect(inb(IIR)).toBe(0x02);
    expect(levels[4]).toBe(0);
    expect(inb(IIR)).toBe(0x01);
    // a transmitted byte sets it again
    out(RBR, 0x41);
    expect(levels[4]).toBe(1);
    expect(inb(IIR)).toBe(0x02);
    // re-writing IER with THRI still set does not resample it; toggling does
    out(IER, 0x02);
    expect(inb(IIR)).toBe(0x01);
    out(IER, 0x00);
    out(IER, 0x02);
    expect(inb(IIR)).toBe(0x02);
  });

  test('received data, line status and THRE by priority', () => {
    const { inb, out, line, levels } = setup();
    out(IER, 0x07);
    expect(inb(IIR)).toBe(0x02); // THRE first, nothing else pending
    line.feed('x');
    expect(inb(IIR)).toBe(0x04); // received data beats THRE
    line.sendBreak();
    expect(inb(LSR) & 0x11).toBe(0x11); // BI|DR; the read clears BI
    expect(inb(IIR)).toBe(0x04);
    expect(inb(RBR)).toBe(0x00); // the break's NUL replaced the byte (no FIFO)
    expect(levels[4]).toBe(0);
  });

  test('line status interrupt on break until LSR is read', () => {
    const { inb, out, line, levels } = setup();
    out(IER, 0x04);
    line.sendBreak();
    expect(levels[4]).toBe(1);
    expect(inb(IIR)).toBe(0x06);
    expect(inb(LSR)).toBe(0x71);
    expect(inb(IIR)).toBe(0x01);
    expect(levels[4]).toBe(0);
  });

  test('modem status interrupt in loopback stays off (the delta bits come from a real line only)', () => {
    const { inb, out } = setup();
    out(IER, 0x08);
    expect(inb(IIR)).toBe(0x01);
    expect(inb(MSR)).toBe(0xb0);
  });
});

describe('FIFOs and flow control', () => {
  test('FCR enables FIFOs (IIR bits 7:6), input is taken up to the trigger level, order kept', () => {
    const { inb, out, line } = setup();
    out(0x3fa, 0xc7); // enable, clear both, trigger 14
    expect(inb(IIR)).toBe(0xc1);
    out(IER, 0x01);
    const msg = 'abcdefghijklmnopqrstuvwxyz';
    line.feed(msg);
    // 14 taken up to the trigger level: the received-data interrupt
    expect(inb(IIR)).toBe(0xc4);
    let got = '';
    while (inb(LSR) & 1) got += String.fromCharCode(inb(RBR));
    expect(got).toBe(msg);
    expect(inb(IIR)).toBe(0xc1);
  });

  test('without FIFO one byte at a time: the chardev holds the rest until RBR is read', () => {
    const { inb, line } = setup();
    line.feed('xyz');
    expect(inb(LSR) & 0x03).toBe(0x01); // no overrun: flow control
    expect(inb(RBR)).toBe(0x78);
    expect(inb(RBR)).toBe(0x79);
    expect(inb(RBR)).toBe(0x7a);
    expect(inb(LSR) & 1).toBe(0);
  });

  test('character timeout after 4 character times below the trigger level', () => {
    const { inb, out, line } = setup();
    out(0x3fa, 0xc1);
    out(IER, 0x01);
    line.feed('ab');
    expect(inb(IIR)).toBe(0xc1);
    // 9600 8N1: 10 bits of 104166 ns each; the timeout is 4 characters
    clockStep(4 * 1_041_660 - 1000);
    expect(inb(IIR)).toBe(0xc1);
    clockStep(2000);
    expect(inb(IIR)).toBe(0xcc);
    expect(inb(RBR)).toBe(0x61);
    expect(inb(IIR)).toBe(0xc1);
    expect(inb(RBR)).toBe(0x62);
    expect(inb(LSR) & 1).toBe(0);
  });

  test('trigger levels 1/4/8/14 from FCR bits 7:6', () => {
    const { inb, out, line } = setup();
    out(IER, 0x01);
    for (const [fcr, itl] of [
      [0x01, 1],
      [0x41, 4],
      [0x81, 8],
      [0xc1, 14],
    ]) {
      out(0x3fa, fcr | 0x02);
      line.feed('0123456789abcdefgh'.slice(0, itl - 1));
      expect(inb(IIR) & 0x0f).toBe(0x01);
      line.feed('Z');
      expect(inb(IIR) & 0x0f).toBe(0x04);
      while (inb(LSR) & 1) inb(RBR);
    }
  });

  test('a chardev that takes nothing: the byte stays in the transmitter and goes out later', async () => {
    const { inb, out, line } = setup();
    line.room = 0;
    out(RBR, 0x51);
    expect(inb(LSR) & 0x40).toBe(0); // TSR busy
    line.room = Number.POSITIVE_INFINITY;
    await new Promise((r) => setTimeout(r, 20));
    expect(line.text()).toBe('Q');
    expect(inb(LSR)).toBe(0x60);
  });
});

describe('loopback', () => {
  test('transmitted bytes come back as received and do not reach the chardev', () => {
    const { inb, out, line } = setup();
    out(MCR, 0x10);
    out(RBR, 0x55);
    expect(line.out).toEqual([]);
    expect(inb(LSR)).toBe(0x61);
    expect(inb(RBR)).toBe(0x55);
    // a second byte before reading overruns (no FIFO)
    out(RBR, 0x01);
    out(RBR, 0x02);
    expect(inb(LSR)).toBe(0x63);
    expect(inb(LSR)).toBe(0x61);
    expect(inb(RBR)).toBe(0x02);
  });

  test('modem outputs DTR/RTS/OUT1/OUT2 appear as DSR/CTS/RI/DCD', () => {
    const { inb, out } = setup();
    for (const [mcr, msr] of [
      [0x10, 0x00],
      [0x11, 0x20],
      [0x12, 0x10],
      [0x14, 0x40],
      [0x18, 0x80],
      [0x1f, 0xf0],
    ]) {
      out(MCR, mcr);
      expect(inb(MSR)).toBe(msr);
    }
  });
});

class ModemLine extends LineChardev {
  tiocm = 0x020 | 0x100 | 0x040; // CTS DSR CAR
  set: number[] = [];
  params: unknown[] = [];
  breaks: boolean[] = [];
  serialGetTiocm() {
    return this.tiocm;
  }
  serialSetTiocm(bits: number) {
    this.set.push(bits);
  }
  serialSetParams(p: unknown) {
    this.params.push(p);
  }
  serialSetBreak(on: boolean) {
    this.breaks.push(on);
  }
}

describe('modem lines of a backend with them (a host serial port)', () => {
  function modemSetup() {
    qemuClockResetAll();
    clockSetManual(true);
    const h = irqHarness();
    const line = new ModemLine('tty');
    const dev = serialIsaInit(h.bus, 0, line);
    deviceColdReset(dev);
    return { ...h, line };
  }

  test('DTR/RTS go out; CTS/DSR/DCD/RI come in with delta bits and the modem status interrupt', () => {
    const { inb, out, line, levels } = modemSetup();
    out(MCR, 0x0b);
    expect(line.set.at(-1)).toBe(0x160 | 0x002 | 0x004); // the other line bits as read
    expect(inb(MSR)).toBe(0xb0);
    out(IER, 0x08);
    line.tiocm = 0x080 | 0x100; // RI and DSR; CTS and DCD drop
    clockStep(10_000_000); // sampled every 10 ms while MSI is enabled
    expect(levels[4]).toBe(1);
    expect(inb(IIR)).toBe(0x00);
    expect(inb(MSR)).toBe(0x60 | 0x08 | 0x01);
    expect(inb(IIR)).toBe(0x01);
    line.tiocm = 0x100; // RI falls: trailing edge
    expect(inb(MSR)).toBe(0x20 | 0x04);
  });

  test('line parameters and break reach the backend', () => {
    const { out, line } = modemSetup();
    out(LCR, 0x80);
    out(RBR, 0x03);
    out(IER, 0x00);
    out(LCR, 0x1f); // 8 data bits, 2 stop bits, even parity
    expect(line.params.at(-1)).toEqual({ speed: 38400, parity: 'E', dataBits: 8, stopBits: 2 });
    out(LCR, 0x5f);
    out(LCR, 0x1f);
    expect(line.breaks).toEqual([true, false]);
  });
});

describe('isa-serial device', () => {
  test('a chardev property naming no chardev: QEMU error on the serial child', () => {
    const d = qdevNew(TYPE_ISA_SERIAL);
    expect(() => qdevPropSet(d, 'chardev', 'nosuch')).toThrow(
      "Property 'serial.chardev' can't find value 'nosuch'",
    );
  });

  test('index picks the COM port and IRQ; without index ports are numbered in order', () => {
    const h = irqHarness();
    const devs: ISASerialState[] = [];
    for (let i = 0; i < 4; i++) {
      const d = qdevNew<ISASerialState>(TYPE_ISA_SERIAL);
      qdevRealizeAndUnref(d, h.bus);
      devs.push(d);
    }
    expect(devs.map((d) => [d.index, d.iobase.toString(16), d.isairq])).toEqual([
      [0, '3f8', 4],
      [1, '2f8', 3],
      [2, '3e8', 4],
      [3, '2e8', 3],
    ]);
    expect([0x2fc, 0x3ec, 0x2ec].map(h.inb)).toEqual([0x08, 0x08, 0x08]);
    const fifth = qdevNew(TYPE_ISA_SERIAL);
    expect(() => qdevRealizeAndUnref(fifth, h.bus)).toThrow(
      'Max. supported number of ISA serial ports is 4.',
    );
  });
});
