import { PassThrough } from 'node:stream';
import { CharBackend, MuxChardev, RingbufChardev, StdioChardev } from '@tsemu/chardev';
import { describe, expect, test } from 'vitest';
import { parseExpr } from './expr.js';
import { HumanMonitor } from './hmp.js';
import { HmpTerminal } from './readline.js';

describe('HMP expressions', () => {
  test.each([
    ['0x10', 16n],
    ['010', 8n],
    ['10', 10n],
    ['1+2*3', 7n],
    ['(1+2)*3', 9n],
    ['2*3&1', 2n], // & binds tighter than *, as in QEMU
    ['-1', (1n << 64n) - 1n],
    ['~0 - 1', (1n << 64n) - 2n],
    ["'A'", 65n],
    ['$eax+1', 0x1235n],
  ])('%s = %s', (text, value) => {
    expect(parseExpr(text, (r) => (r === 'eax' ? 0x1234n : undefined)).value).toBe(value);
  });
  test('errors', () => {
    expect(() => parseExpr('')).toThrow('unexpected end of expression');
    expect(() => parseExpr('1/0')).toThrow('division by zero');
    expect(() => parseExpr('$nope')).toThrow('unknown register');
    expect(() => parseExpr('(1')).toThrow("')' expected");
  });
});

function monitor(): HumanMonitor {
  const m = new HumanMonitor();
  m.register({
    name: 'echo|e',
    params: 'text',
    help: 'print its argument',
    args: [{ name: 'text', type: 'str' }],
    handler: (ctx, a) => ctx.print(`${a.text}\n`),
  });
  m.register({
    name: 'add',
    params: 'a b',
    help: 'add two numbers',
    args: [
      { name: 'a', type: 'int' },
      { name: 'b', type: 'int', optional: true },
    ],
    handler: (ctx, a) => ctx.print(`${(a.a as bigint) + ((a.b as bigint | undefined) ?? 0n)}\n`),
  });
  m.register({
    name: 'fail',
    params: '',
    help: 'always fails',
    args: [],
    handler: () => {
      throw new Error('it broke');
    },
  });
  m.registerInfo({
    name: 'thing',
    params: '',
    help: 'show the thing',
    args: [],
    handler: (ctx) => ctx.print('a thing\n'),
  });
  return m;
}

describe('HumanMonitor', () => {
  test('help lines in QEMU layout; aliases; info table', async () => {
    const m = monitor();
    expect(await m.run('help echo')).toBe('echo|e text -- print its argument\r\n');
    expect(await m.run('help')).toContain('add a b -- add two numbers\r\n');
    expect(await m.run('help info')).toBe('info thing  -- show the thing\r\n');
    expect(await m.run('info')).toBe('info thing  -- show the thing\r\n');
    expect(await m.run('info thing')).toBe('a thing\r\n');
    expect(await m.run('e "two words"')).toBe('two words\r\n');
  });
  test('argument errors and handler errors as QEMU reports them', async () => {
    const m = monitor();
    expect(await m.run('add')).toBe(
      'unexpected end of expression\r\nTry "help add" for more information\r\n',
    );
    expect(await m.run('add 1 2 3')).toBe(
      'add: extraneous characters at the end of line\r\nTry "help add" for more information\r\n',
    );
    expect(await m.run('echo')).toBe('echo: string expected\r\nTry "help echo" for more information\r\n');
    expect(await m.run('fail')).toBe('Error: it broke\r\n');
    expect(await m.run('add 0x10 (2*3)')).toBe('22\r\n');
    expect(await m.run('   ')).toBe('');
  });
});

describe('HmpTerminal (readline mode)', () => {
  test('banner, prompt, editing keys, history, completion', async () => {
    const ring = new RingbufChardev('mon', { size: 1 << 16 });
    new HmpTerminal(ring, monitor(), { banner: "QEMU 7.2.22 monitor - type 'help' for more information" });
    await ring.start();
    const screen = () => Buffer.from(ring.read(1 << 16)).toString('latin1');
    // The ringbuf is never "opened": show the prompt as a freshly connected terminal would.
    const type = async (s: string) => {
      ring.inject(Buffer.from(s, 'latin1'));
      await new Promise((r) => setTimeout(r, 10));
    };
    await type('add 1 3\x1b[D\x1b[D\x7f2\r');
    expect(screen()).toContain('5\r\n(qemu) ');
    await type('\x1b[A\r');
    expect(screen()).toContain('5\r\n(qemu) ');
    await type('ec\t');
    expect(screen()).toContain('echo ');
    await type('hi\r');
    expect(screen()).toContain('hi\r\n(qemu) ');
  });
});

describe('HmpTerminal on a mux (-serial mon:stdio, -nographic)', () => {
  test('silent while the serial port has the focus; banner and prompt when Ctrl-A c gives it the terminal, as QEMU 7.2', async () => {
    // QEMU 7.2 (-nographic -S -nodefaults -serial mon:stdio) prints nothing at start; Ctrl-A c gives
    // "QEMU 7.2.22 monitor - type 'help' for more information\r\n(qemu) "; leaving prints a new line;
    // coming back drops the half-typed line and shows the prompt.
    const banner = "QEMU 7.2.22 monitor - type 'help' for more information";
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let screen = '';
    stdout.on('data', (d: Buffer) => {
      screen += d.toString('latin1');
    });
    const term = new StdioChardev(
      'serial0-base',
      {},
      { stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream },
    );
    await term.start();
    const mux = new MuxChardev('serial0', term);
    await mux.start();
    new HmpTerminal(mux, monitor(), { banner });
    // the serial port is set up after the monitor and takes the focus
    const serial = new CharBackend(mux);
    const guestGot: number[] = [];
    serial.setHandlers({ canReceive: () => 64, receive: (d) => guestGot.push(...d) });
    const settle = () => new Promise((r) => setTimeout(r, 20));
    await settle();
    serial.writeAll('guest boot\r\n');
    await settle();
    expect(screen).toBe('guest boot\r\n');
    stdin.write('typed for the guest');
    await settle();
    expect(Buffer.from(guestGot).toString()).toBe('typed for the guest');
    screen = '';
    stdin.write('\x01c');
    await settle();
    expect(screen).toBe(`${banner}\r\n(qemu) `);
    screen = '';
    stdin.write('add 1 2\r');
    await settle();
    expect(screen).toBe('add 1 2\r\n3\r\n(qemu) ');
    screen = '';
    stdin.write('inf\x01c');
    await settle();
    expect(screen).toBe('inf\r\n');
    screen = '';
    stdin.write('\x01c');
    await settle();
    expect(screen).toBe('(qemu) ');
    mux.close();
    term.close();
  });
});
