import { describe, expect, it } from 'vitest';
import { E820_RAM, pcE820Table } from '../../src/i386/e820.js';
import { loadMultiboot, MULTIBOOT_HEADER_MAGIC } from '../../src/i386/multiboot.js';
import { ACPI_DATA_SIZE, LoaderError, x86LoadLinux } from '../../src/i386/x86-linux.js';

const MiB = 1024 * 1024;

/** A bzImage-shaped file: one setup sector after the boot sector, then `prot` as the kernel. */
function bzImage(o: { version?: number; loadflags?: number; setupSects?: number; prot?: number[] } = {}) {
  const prot = Uint8Array.from(o.prot ?? [0xf4, 0xeb, 0xfd]);
  const k = new Uint8Array(2 * 512 + prot.length);
  const dv = new DataView(k.buffer);
  k[0x1f1] = o.setupSects ?? 1;
  dv.setUint16(0x1fe, 0xaa55, true);
  k[0x200] = 0xeb;
  k[0x201] = 0x66; // header ends at 0x268
  dv.setUint32(0x202, 0x53726448, true);
  dv.setUint16(0x206, o.version ?? 0x20f, true);
  k[0x211] = o.loadflags ?? 1;
  dv.setUint32(0x214, 0x100000, true);
  dv.setUint32(0x22c, 0x7fffffff, true);
  dv.setUint32(0x238, 2047, true);
  k.set(prot, 1024);
  return k;
}

const ramSize = 64 * MiB;
const base = (kernel: Uint8Array, extra: Partial<Parameters<typeof x86LoadLinux>[0]> = {}) => ({
  kernel,
  kernelFilename: '/k',
  cmdline: 'console=ttyS0 quiet',
  ram: new Uint8Array(ramSize),
  belowFourG: ramSize,
  e820: pcE820Table(ramSize, 0),
  ...extra,
});

describe('Linux 32-bit boot protocol loader', () => {
  it('lays out kernel, zero page, command line, initrd and e820 as QEMU places them', () => {
    const o = base(bzImage(), { initrd: new Uint8Array(10000).fill(7), initrdFilename: '/i' });
    const info = x86LoadLinux(o);
    const bp = new DataView(o.ram.buffer, info.bootParams);
    expect(info).toMatchObject({
      bootParams: 0x10000,
      entry: 0x100000,
      protocol: 0x20f,
      cmdlineAddr: 0x20000,
    });
    expect([...o.ram.subarray(0x100000, 0x100003)]).toEqual([0xf4, 0xeb, 0xfd]);
    expect(new TextDecoder().decode(o.ram.subarray(0x20000, 0x20013))).toBe('console=ttyS0 quiet');
    expect(o.ram[0x20013]).toBe(0);
    expect(bp.getUint32(0x202, true)).toBe(0x53726448); // setup header copied
    expect(bp.getUint8(0x210)).toBe(0xb0); // type_of_loader
    expect(bp.getUint8(0x211)).toBe(0x81); // LOADED_HIGH | CAN_USE_HEAP
    expect(bp.getUint32(0x228, true)).toBe(0x20000);
    const initrdMax = ramSize - ACPI_DATA_SIZE - 1;
    expect(bp.getUint32(0x218, true)).toBe((initrdMax - 10000) & ~4095);
    expect(bp.getUint32(0x21c, true)).toBe(10000);
    expect(o.ram[bp.getUint32(0x218, true)]).toBe(7);
    expect(bp.getUint8(0x1e8)).toBe(5); // e820_entries
    expect(bp.getBigUint64(0x2d0 + 3 * 20, true)).toBe(0x100000n);
    expect(bp.getBigUint64(0x2d0 + 3 * 20 + 8, true)).toBe(BigInt(ramSize - MiB));
    expect(bp.getUint32(0x2d0 + 3 * 20 + 16, true)).toBe(E820_RAM);
    // nothing beyond the header was copied from the file
    expect(bp.getUint32(0x268, true)).toBe(0);
  });

  it.each([
    ['no setup header', new Uint8Array(4096), {}, "qemu: could not load kernel '/k': not a Linux bzImage"],
    ['protocol 2.01', bzImage({ version: 0x201 }), {}, 'older than 2.02'],
    ['not loaded high', bzImage({ loadflags: 0 }), {}, 'older than 2.02'],
    [
      'initrd on protocol 1.x',
      bzImage({ version: 0x105 }),
      { initrd: new Uint8Array(1) },
      'qemu: linux kernel too old to load a ram disk',
    ],
    ['setup past the end', bzImage({ setupSects: 40 }), {}, 'qemu: invalid kernel header'],
    [
      'initrd larger than initrd_addr_max',
      bzImage(),
      { initrd: new Uint8Array(ramSize) },
      `qemu: initrd is too large, cannot support this. (max: ${ramSize - ACPI_DATA_SIZE - 1}, need ${ramSize})`,
    ],
    [
      'command line over cmdline_size',
      bzImage(),
      { cmdline: 'x'.repeat(2048) },
      'qemu: kernel command line too long',
    ],
  ])('%s is refused', (_name, kernel, extra, msg) => {
    expect(() => x86LoadLinux(base(kernel, extra))).toThrow(LoaderError);
    expect(() => x86LoadLinux(base(kernel, extra))).toThrow(msg);
  });
});

function aoutKludge(entryOff = 0x20): Uint8Array {
  const k = new Uint8Array(0x40);
  const dv = new DataView(k.buffer);
  const flags = 0x00010003;
  dv.setUint32(0, MULTIBOOT_HEADER_MAGIC, true);
  dv.setUint32(4, flags, true);
  dv.setUint32(8, -(MULTIBOOT_HEADER_MAGIC + flags) >>> 0, true);
  dv.setUint32(12, 0x100000, true); // header_addr
  dv.setUint32(16, 0x100000, true); // load_addr
  dv.setUint32(20, 0x100040, true); // load_end_addr
  dv.setUint32(24, 0x102000, true); // bss_end_addr
  dv.setUint32(28, 0x100000 + entryOff, true);
  k[0x20] = 0xf4;
  return k;
}

function elf32(paddr: number, code: number[]): Uint8Array {
  const k = new Uint8Array(0x1000 + code.length);
  const dv = new DataView(k.buffer);
  dv.setUint32(0, 0x7f454c46, false);
  k[4] = 1;
  k[5] = 1;
  dv.setUint16(16, 2, true);
  dv.setUint16(18, 3, true);
  dv.setUint32(24, paddr, true);
  dv.setUint32(28, 52, true);
  dv.setUint16(42, 32, true);
  dv.setUint16(44, 1, true);
  dv.setUint32(52, 1, true);
  dv.setUint32(56, 0x1000, true);
  dv.setUint32(64, paddr, true);
  dv.setUint32(68, code.length, true);
  dv.setUint32(72, code.length + 0x100, true);
  // the multiboot header (no a.out kludge) at 0x80
  const flags = 0x3;
  dv.setUint32(0x80, MULTIBOOT_HEADER_MAGIC, true);
  dv.setUint32(0x84, flags, true);
  dv.setUint32(0x88, -(MULTIBOOT_HEADER_MAGIC + flags) >>> 0, true);
  k.set(code, 0x1000);
  return k;
}

describe('multiboot loader', () => {
  const mb = (kernel: Uint8Array, modules: { data: Uint8Array; cmdline: string }[] = []) => {
    const ram = new Uint8Array(ramSize);
    ram.fill(0xcc, 0x100000, 0x103000);
    const info = loadMultiboot({
      kernel,
      kernelFilename: '/mb.elf',
      cmdline: 'a=1',
      modules,
      ram,
      ramSize,
      e820: pcE820Table(ramSize, 0),
    });
    return { info, ram, dv: new DataView(ram.buffer) };
  };
  const str = (ram: Uint8Array, at: number) => new TextDecoder().decode(ram.subarray(at, ram.indexOf(0, at)));

  it('a.out kludge: loads at load_addr, clears the bss, fills the mbi', () => {
    const { info, ram, dv } = mb(aoutKludge(), [{ data: Uint8Array.of(1, 2, 3), cmdline: '/m1 x y' }]);
    expect(info.entry).toBe(0x100020);
    expect(ram[0x100020]).toBe(0xf4);
    expect(ram[0x101fff]).toBe(0);
    expect(ram[0x102003]).toBe(0xcc);
    const mbi = info.mbi;
    expect(dv.getUint32(mbi, true)).toBe(0x24f);
    expect(dv.getUint32(mbi + 4, true)).toBe(640);
    expect(dv.getUint32(mbi + 8, true)).toBe(ramSize / 1024 - 1024);
    expect(dv.getUint32(mbi + 12, true)).toBe(0x8000ffff);
    expect(str(ram, dv.getUint32(mbi + 16, true))).toBe('/mb.elf a=1');
    expect(dv.getUint32(mbi + 20, true)).toBe(1);
    const mod = dv.getUint32(mbi + 24, true);
    expect(dv.getUint32(mod, true)).toBe(0x102000);
    expect(dv.getUint32(mod + 4, true)).toBe(0x102003);
    expect([...ram.subarray(0x102000, 0x102003)]).toEqual([1, 2, 3]);
    expect(str(ram, dv.getUint32(mod + 8, true))).toBe('/m1 x y');
    expect(dv.getUint32(mbi + 44, true)).toBe(5 * 24);
    const mmap = dv.getUint32(mbi + 48, true);
    expect(dv.getUint32(mmap, true)).toBe(20);
    expect(dv.getBigUint64(mmap + 24 * 3 + 4, true)).toBe(0x100000n);
    expect(str(ram, dv.getUint32(mbi + 64, true))).toBe('qemu');
  });

  it('ELF: loads PT_LOAD segments at their physical address and zeroes memsz past filesz', () => {
    const { info, ram } = mb(elf32(0x200000, [0x90, 0xf4]));
    expect(info.entry).toBe(0x200000);
    expect([...ram.subarray(0x200000, 0x200003)]).toEqual([0x90, 0xf4, 0]);
  });

  it.each([
    ['no header', new Uint8Array(9000), 'no multiboot header'],
    [
      'a 64-bit ELF',
      (() => {
        const k = elf32(0x200000, [0xf4]);
        k[4] = 2;
        return k;
      })(),
      'Cannot load x86-64 image, give a 32bit one.',
    ],
  ])('%s is refused', (_n, k, msg) => {
    expect(() => mb(k)).toThrow(msg);
  });
});
