import { describe, expect, test } from 'vitest';
import { firstDifference } from './harness/compare.js';
import { loadMultiboot, MULTIBOOT_MAGIC, parseMultiboot } from './harness/multiboot.js';

function image(headerOff: number, loadEndDelta: number): Uint8Array {
  const img = new Uint8Array(headerOff + 64);
  const dv = new DataView(img.buffer);
  const flags = 0x10000;
  dv.setUint32(headerOff, MULTIBOOT_MAGIC, true);
  dv.setUint32(headerOff + 4, flags, true);
  dv.setUint32(headerOff + 8, -(MULTIBOOT_MAGIC + flags) >>> 0, true);
  dv.setUint32(headerOff + 12, 0x100000 + headerOff, true);
  dv.setUint32(headerOff + 16, 0x100000, true);
  dv.setUint32(headerOff + 20, 0x100000 + headerOff + loadEndDelta, true);
  dv.setUint32(headerOff + 24, 0x100000 + headerOff + 0x100, true);
  dv.setUint32(headerOff + 28, 0x100020, true);
  img[headerOff + 40] = 0xab;
  return img;
}

describe('multiboot loader', () => {
  test('parses the a.out kludge and loads image, bss and mbi', () => {
    const img = parseMultiboot(image(8, 48));
    expect(img.loadAddr).toBe(0x100000);
    expect(img.entry).toBe(0x100020);
    expect(img.data.length).toBe(56);
    const ram = new Uint8Array(2 << 20).fill(0xcc);
    expect(loadMultiboot(ram, img, 0x9000)).toBe(0x9000);
    expect(ram[0x100000 + 48]).toBe(0xab);
    expect(ram[0x100000 + 0x100]).toBe(0); // bss zeroed
    const dv = new DataView(ram.buffer);
    expect(dv.getUint32(0x9004, true)).toBe(640);
    expect(dv.getUint32(0x9008, true)).toBe(1024);
  });
  test('rejects images without a header or with a bad load_end', () => {
    expect(() => parseMultiboot(new Uint8Array(64))).toThrow(/no header/);
    expect(() => parseMultiboot(image(8, 4096))).toThrow('invalid load_end_addr address');
  });
});

describe('output comparison', () => {
  test('reports the first differing line with context', () => {
    expect(firstDifference('a\nb\nc', 'a\nb\nc')).toBeUndefined();
    const d = firstDifference('a\nb\nc', 'a\nx\nc') ?? '';
    expect(d).toContain('line 2');
    expect(d).toContain('- qemu : b');
    expect(d).toContain('+ tsemu: x');
    expect(firstDifference('a\nb', 'a')).toContain('<end of output>');
  });
});
