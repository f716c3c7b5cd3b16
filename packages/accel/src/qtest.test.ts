import {
  DeviceState,
  objectGetRoot,
  objectPropertyAddChild,
  objectUnref,
  QEMU_CLOCK_VIRTUAL,
  qdevConnectGpioOut,
  qdevInitGpioIn,
  qdevInitGpioOut,
  qdevNew,
  qdevRealize,
  qdevSetGpioOut,
  qemuAllocateIrq,
  qemuClockGetNs,
  qemuClockResetAll,
  qemuSetIrq,
  TYPE_DEVICE,
  timerModNs,
  timerNewNs,
  typeRegister,
} from '@tsemu/qdev';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { QtestServer, type QtestTarget } from './qtest.js';

/** A little machine: 64 KiB of RAM at 0 (little-endian), and I/O ports that remember writes. */
function machine(): QtestTarget & { ram: Uint8Array; io: { port: number; size: number; value: number }[] } {
  const ram = new Uint8Array(0x10000);
  const io: { port: number; size: number; value: number }[] = [];
  return {
    ram,
    io,
    ioRead: (port, size) => (size === 1 ? 0xa5 : size === 2 ? 0xbeef : 0xdeadbeef) ^ port,
    ioWrite: (port, size, value) => void io.push({ port, size, value }),
    memRead: (addr, len) => {
      const out = new Uint8Array(len).fill(0xff);
      for (let i = 0; i < len; i++) if (addr + BigInt(i) < ram.length) out[i] = ram[Number(addr) + i];
      return out;
    },
    memWrite: (addr, data) => {
      for (let i = 0; i < data.length; i++)
        if (addr + BigInt(i) < ram.length) ram[Number(addr) + i] = data[i];
    },
  };
}

/** A device with two IRQ inputs feeding one output (an OR gate), to intercept. */
class OrGate extends DeviceState {
  levels = [0, 0];
}
typeRegister({
  name: 'qtest-or-gate',
  parent: TYPE_DEVICE,
  instance: OrGate,
  instanceInit: (d: DeviceState) => {
    const g = d as OrGate;
    qdevInitGpioIn(
      g,
      (_o, n, level) => {
        g.levels[n] = level;
        qdevSetGpioOut(g, undefined, 0, g.levels[0] | g.levels[1]);
      },
      2,
    );
    qdevInitGpioOut(g, 1);
  },
});

let out: string[];
let m: ReturnType<typeof machine>;
let qt: QtestServer;
const req = (line: string) => {
  out = [];
  qt.feed(`${line}\n`);
  return out.join('');
};

beforeEach(() => {
  out = [];
  m = machine();
  qt = new QtestServer({ target: m, send: (s) => out.push(s) });
  qt.opened();
});
afterEach(() => qemuClockResetAll());

describe('qtest protocol: port I/O', () => {
  test.each([
    ['outb 0x80 0x12', 'OK\n', { port: 0x80, size: 1, value: 0x12 }],
    ['outw 0x1f0 0xabcd', 'OK\n', { port: 0x1f0, size: 2, value: 0xabcd }],
    ['outl 0xcf8 0x80000000', 'OK\n', { port: 0xcf8, size: 4, value: 0x80000000 }],
    ['outb 010 300', 'OK\n', { port: 8, size: 1, value: 300 & 0xff }],
  ])('%s', (line, reply, access) => {
    expect(req(line)).toBe(reply);
    expect(m.io).toEqual([access]);
  });
  test.each([
    ['inb 0x61', 'OK 0x00c4\n'],
    ['inw 0x10', 'OK 0xbeff\n'],
    ['inl 0xcfc', 'OK 0xdeadb213\n'],
    ['inb 0x10000', "FAIL Invalid argument '0x10000'\n"],
    ['inb zz', "FAIL Invalid argument 'zz'\n"],
  ])('%s', (line, reply) => expect(req(line)).toBe(reply));
});

describe('qtest protocol: memory', () => {
  test('write/read of each width, little-endian', () => {
    expect(req('writeb 0x100 0x11')).toBe('OK\n');
    expect(req('writew 0x102 0x2233')).toBe('OK\n');
    expect(req('writel 0x104 0x44556677')).toBe('OK\n');
    expect(req('writeq 0x108 0x8899aabbccddeeff')).toBe('OK\n');
    expect([...m.ram.subarray(0x100, 0x110)].map((b) => b.toString(16))).toEqual(
      '11 0 33 22 77 66 55 44 ff ee dd cc bb aa 99 88'.split(' '),
    );
    expect(req('readb 0x100')).toBe('OK 0x0000000000000011\n');
    expect(req('readw 0x102')).toBe('OK 0x0000000000002233\n');
    expect(req('readl 0x104')).toBe('OK 0x0000000044556677\n');
    expect(req('readq 0x108')).toBe('OK 0x8899aabbccddeeff\n');
    expect(req('readl 0xfffffff0')).toBe('OK 0x00000000ffffffff\n');
  });

  test('read/write hex, zero fill of short data, memset, base64', () => {
    expect(req('write 0x200 4 0xdeadbeef')).toBe('OK\n');
    expect(req('read 0x200 4')).toBe('OK 0xdeadbeef\n');
    expect(req('write 0x200 4 0xab')).toBe('OK\n');
    expect(req('read 0x200 4')).toBe('OK 0xab000000\n');
    expect(req('write 0x200 4 0')).toBe('ERR invalid argument size\n');
    expect(req('memset 0x300 3 0x5a')).toBe('OK\n');
    expect(req('memset 0x300 0 0x00')).toBe('OK\n');
    expect(req('read 0x2ff 5')).toBe('OK 0x005a5a5a00\n');
    expect(req(`b64write 0x400 5 ${Buffer.from('hello').toString('base64')}`)).toBe('OK\n');
    expect(req('b64read 0x400 5')).toBe('OK aGVsbG8=\n');
    expect(req('read 0x400 0')).toBe("FAIL Invalid argument '0'\n");
  });

  test('endianness, unknown commands, several requests in one chunk, split lines', () => {
    expect(req('endianness')).toBe('OK little\n');
    expect(req('frobnicate 1 2')).toBe("FAIL Unknown command 'frobnicate'\n");
    out = [];
    qt.feed('writeb 0x10 1\nreadb 0x10\nread');
    qt.feed('b 0x11\n');
    expect(out.join('')).toBe('OK\nOK 0x0000000000000001\nOK 0x0000000000000000\n');
  });
});

describe('qtest protocol: the virtual clock', () => {
  test('clock_step, clock_step to the next deadline, clock_set never backwards', () => {
    const fired: number[] = [];
    const t = timerNewNs(QEMU_CLOCK_VIRTUAL, () => fired.push(qemuClockGetNs(QEMU_CLOCK_VIRTUAL)));
    timerModNs(t, 1500);
    expect(req('clock_step 1000')).toBe('OK 1000\n');
    expect(fired).toEqual([]);
    expect(req('clock_step')).toBe('OK 1500\n');
    expect(fired).toEqual([1500]);
    expect(req('clock_step')).toBe('OK 1500\n'); // nothing pending
    expect(req('clock_set 100000')).toBe('OK 100000\n');
    expect(req('clock_set 5')).toBe('OK 100000\n');
    timerModNs(t, 100_500);
    expect(req('clock_set 200000')).toBe('OK 200000\n');
    expect(fired).toEqual([1500, 100_500]);
  });
});

describe('qtest protocol: IRQs', () => {
  function gate(name: string): OrGate {
    const g = qdevNew<OrGate>('qtest-or-gate');
    objectPropertyAddChild(objectGetRoot(), name, g);
    objectUnref(g);
    qdevRealize(g, undefined);
    return g;
  }

  test('irq_intercept_out reports level changes once, and still drives the line', () => {
    const g = gate('gate-out');
    const seen: number[] = [];
    qdevConnectGpioOut(
      g,
      0,
      qemuAllocateIrq((_o, _n, l) => seen.push(l), undefined, 0),
    );
    expect(req('irq_intercept_out /gate-out')).toBe('OK\n');
    expect(req('set_irq_in /gate-out unnamed-gpio-in 0 1')).toBe('IRQ raise 0\nOK\n');
    expect(req('set_irq_in /gate-out unnamed-gpio-in 1 1')).toBe('OK\n');
    expect(req('set_irq_in /gate-out unnamed-gpio-in 0 0')).toBe('OK\n');
    expect(req('set_irq_in /gate-out unnamed-gpio-in 1 0')).toBe('IRQ lower 0\nOK\n');
    expect(seen).toEqual([1, 1, 1, 0]);
    expect(req('irq_intercept_out /gate-out')).toBe('OK\n');
  });

  test('irq_intercept_in reports inputs by number; one device at a time; unknown paths', () => {
    const g = gate('gate-in');
    gate('gate-other');
    expect(req('irq_intercept_in /nonexistent')).toBe('FAIL Unknown device\n');
    expect(req('irq_intercept_in gate-in')).toBe('OK\n');
    out = [];
    qemuSetIrq(g.gpios[0].in[1], 1);
    expect(out.join('')).toBe('IRQ raise 1\n');
    expect(g.levels).toEqual([0, 1]);
    expect(req('irq_intercept_in /gate-other')).toBe('FAIL IRQ intercept already enabled\n');
    expect(req('set_irq_in /nonexistent unnamed-gpio-in 0 1')).toBe('FAIL Unknown device\n');
  });
});
