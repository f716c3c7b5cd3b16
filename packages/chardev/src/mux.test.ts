import { describe, expect, test } from 'vitest';
import { MuxChardev } from './backends/mux.js';
import { RingbufChardev } from './backends/ringbuf.js';
import { ChrEvent } from './event.js';
import { CharBackend } from './frontend.js';

function setup(hooks = {}) {
  const ring = new RingbufChardev('under');
  const mux = new MuxChardev('mux0', ring, hooks);
  return { ring, mux };
}

function frontEnd(mux: MuxChardev) {
  const be = new CharBackend(mux);
  const got: number[] = [];
  const events: ChrEvent[] = [];
  be.setHandlers({ canReceive: () => 64, receive: (d) => got.push(...d), event: (e) => events.push(e) });
  return { be, got, events, text: () => Buffer.from(got).toString('latin1') };
}

const drain = (ring: RingbufChardev) => Buffer.from(ring.read(1 << 16)).toString('latin1');

describe('chardev-mux', () => {
  test('the front end set up last has the focus; Ctrl-A c moves it with MUX_OUT/MUX_IN', async () => {
    const { ring, mux } = setup();
    await mux.start();
    const monitor = frontEnd(mux);
    const serial = frontEnd(mux);
    expect(mux.focusIndex).toBe(1);
    ring.inject(Buffer.from('ab'));
    expect(serial.text()).toBe('ab');
    expect(monitor.text()).toBe('');
    serial.events.length = 0;
    ring.inject(Buffer.from('\x01cmon'));
    expect(serial.events).toEqual([ChrEvent.MUX_OUT]);
    expect(monitor.events.at(-1)).toBe(ChrEvent.MUX_IN);
    expect(monitor.text()).toBe('mon');
    ring.inject(Buffer.from('\x01c\x01\x01'));
    expect(serial.got.at(-1)).toBe(0x01);
  });

  test('Ctrl-A h prints QEMU help; Ctrl-A x quits; Ctrl-A b sends a break to the focus', async () => {
    let quit = 0;
    const { ring, mux } = setup({ onQuit: () => quit++ });
    await mux.start();
    const fe = frontEnd(mux);
    ring.inject(Buffer.from('\x01h'));
    expect(drain(ring)).toBe(
      '\n\rC-a h    print this help\n\rC-a x    exit emulator\n\rC-a s    save disk data back to file (if -snapshot)\n\r' +
        'C-a t    toggle console timestamps\n\rC-a b    send break (magic sysrq)\n\rC-a c    switch between console and monitor\n\r' +
        'C-a C-a  sends C-a\n\r',
    );
    ring.inject(Buffer.from('\x01b'));
    expect(fe.events).toContain(ChrEvent.BREAK);
    ring.inject(Buffer.from('\x01x'));
    expect(drain(ring)).toBe('QEMU: Terminated\n\r');
    expect(quit).toBe(1);
    expect(fe.text()).toBe('');
  });

  test('Ctrl-A t prefixes output lines with the time since the first stamped line', async () => {
    let now = 5000;
    const { ring, mux } = setup({ now: () => now });
    await mux.start();
    const fe = frontEnd(mux);
    ring.inject(Buffer.from('\x01t'));
    fe.be.writeAll('x\ny\n');
    now += 3_723_456;
    fe.be.writeAll('z');
    expect(drain(ring)).toBe('x\n[00:00:00.000] y\n[01:02:03.456] z');
  });

  test('at most four front ends, with QEMU error text', async () => {
    const { mux } = setup();
    for (let i = 0; i < 4; i++) frontEnd(mux);
    expect(() => new CharBackend(mux)).toThrow("too many uses of multiplexed chardev 'mux0' (maximum is 4)");
  });

  test('input for a front end that is full waits in the mux, then arrives in order', async () => {
    const { ring, mux } = setup();
    await mux.start();
    const be = new CharBackend(mux);
    let room = 0;
    const got: number[] = [];
    be.setHandlers({
      canReceive: () => room,
      receive: (d) => {
        room -= d.length;
        got.push(...d);
      },
    });
    const data = Buffer.from('0123456789'.repeat(20));
    ring.inject(data);
    expect(got.length).toBe(0);
    while (got.length < data.length) {
      room = 7;
      be.acceptInput();
    }
    expect(Buffer.from(got).toString()).toBe(data.toString());
  });
});
