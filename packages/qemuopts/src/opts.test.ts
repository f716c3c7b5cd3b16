import { describe, expect, it } from 'vitest';
import { parseOptionBool, parseOptionNumber, parseOptionSize, QemuOptsList } from './index.js';

const device = () => new QemuOptsList({ name: 'device', impliedOptName: 'driver' });

describe('qemu_opts_parse syntax', () => {
  it('implied first key and id', () => {
    const { opts } = device().parse('e1000,id=n,mac=52:54:00:12:34:56');
    expect(opts?.id).toBe('n');
    expect(opts?.toRecord()).toEqual({ id: 'n', driver: 'e1000', mac: '52:54:00:12:34:56' });
  });
  it('",," is a literal comma (device name from the isa-serial,,=x capture)', () => {
    expect(device().parse('isa-serial,,=x').opts?.get('driver')).toBe('isa-serial,=x');
    const chardev = new QemuOptsList({ name: 'chardev', impliedOptName: 'backend' });
    expect(chardev.parse('file,id=c0,path=/nonexistent/dir,,x/f').opts?.get('path')).toBe(
      '/nonexistent/dir,x/f',
    );
  });
  it('flags: bare key is on, "no" prefix is off', () => {
    const l = new QemuOptsList({ name: 'x' });
    expect(l.parse('foo,nobar', false).opts?.toRecord()).toEqual({ foo: 'on', bar: 'off' });
  });
  it('help and ? are reported, not parsed', () => {
    expect(device().parse('e1000,help').helpWanted).toBe(true);
    expect(new QemuOptsList({ name: 'x' }).parse('?', false).helpWanted).toBe(true);
  });
  it('duplicate keys: last wins', () => {
    const l = new QemuOptsList({ name: 'x' });
    expect(l.parse('a=1,a=2', false).opts?.get('a')).toBe('2');
  });
  it('bad id, duplicate id, unknown key errors in QEMU wording', () => {
    const l = device();
    expect(() => l.parse('e1000,id=1bad')).toThrow("Parameter 'id' expects an identifier");
    l.parse('e1000,id=n0');
    expect(() => l.parse('e1000,id=n0')).toThrow("Duplicate ID 'n0' for device");
    const m = new QemuOptsList({
      name: 'machine',
      impliedOptName: 'type',
      mergeLists: true,
      desc: [
        { name: 'type', type: 'string' },
        { name: 'usb', type: 'bool' },
      ],
    });
    expect(() => m.parse('pc,bogus=1')).toThrow("Invalid parameter 'bogus'");
    expect(() => m.parse('usb=maybe')).toThrow("Parameter 'usb' expects 'on' or 'off'");
    expect(() => m.parse('pc,id=x')).toThrow("Invalid parameter 'id'");
  });
  it('merge_lists groups merge, -set reaches an id', () => {
    const m = new QemuOptsList({ name: 'machine', impliedOptName: 'type', mergeLists: true });
    m.parse('pc');
    m.parse('accel=tcg');
    expect(m.head.length).toBe(1);
    expect(m.head[0]?.toRecord()).toEqual({ type: 'pc', accel: 'tcg' });
    const d = device();
    d.parse('e1000,id=n');
    d.setOption('n', 'mac', '52:54:00:00:00:01');
    expect(d.find('n')?.get('mac')).toBe('52:54:00:00:00:01');
    expect(() => d.setOption('zz', 'a', 'b')).toThrow('there is no device "zz" defined');
  });
});

describe('value parsing', () => {
  it('bool spellings', () => {
    for (const s of ['on', 'yes', 'true', 'y']) expect(parseOptionBool('b', s)).toBe(true);
    for (const s of ['off', 'no', 'false', 'n']) expect(parseOptionBool('b', s)).toBe(false);
  });
  it('numbers: decimal, hex, octal, range', () => {
    expect(parseOptionNumber('n', '0x10')).toBe(16n);
    expect(parseOptionNumber('n', '010')).toBe(8n);
    expect(parseOptionNumber('n', '42')).toBe(42n);
    expect(() => parseOptionNumber('n', 'x')).toThrow("Parameter 'n' expects a number");
    expect(() => parseOptionNumber('n', '18446744073709551616')).toThrow('below 2^64');
  });
  it('sizes: suffixes, fractions, error from the -m foo capture', () => {
    expect(parseOptionSize('size', '512')).toBe(512n);
    expect(parseOptionSize('size', '512M')).toBe(512n << 20n);
    expect(parseOptionSize('size', '1.5G')).toBe(3n << 29n);
    expect(parseOptionSize('size', '4k')).toBe(4096n);
    expect(() => parseOptionSize('size', 'foo')).toThrow(
      "Parameter 'size' expects a non-negative number below 2^64\nOptional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\nand exabytes, respectively.",
    );
    expect(() => parseOptionSize('size', '16E')).toThrow('below 2^64');
  });
});
