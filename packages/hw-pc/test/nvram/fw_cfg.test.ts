import { cpuInb, cpuInl, cpuOutl, cpuOutw, MemoryRegion, memoryMapInit } from '@tsemu/memory';
import { deviceColdReset, objectUnparent } from '@tsemu/qdev';
import { afterEach, describe, expect, test } from 'vitest';
import {
  FW_CFG_CMDLINE_DATA,
  FW_CFG_CMDLINE_SIZE,
  FW_CFG_DMA_CTL_ERROR,
  FW_CFG_DMA_CTL_READ,
  FW_CFG_DMA_CTL_SELECT,
  FW_CFG_DMA_CTL_SKIP,
  FW_CFG_DMA_CTL_WRITE,
  FW_CFG_FILE_DIR,
  FW_CFG_ID,
  FW_CFG_MAX_CPUS,
  FW_CFG_NB_CPUS,
  FW_CFG_RAM_SIZE,
  fwCfgAddFile,
  fwCfgAddFileCallback,
  fwCfgAddLinuxBoot,
  fwCfgArchCreate,
  fwCfgFiles,
  fwCfgMachineReady,
} from '../../src/nvram/fw_cfg.js';

let current: { fw: { parent?: unknown } } | undefined;
afterEach(() => {
  // fw_cfg is the machine's only one (/machine/fw_cfg)
  if (current) objectUnparent(current.fw as never);
  current = undefined;
});

function setup() {
  const sm = memoryMapInit();
  const ram = MemoryRegion.ram('pc.ram', 0x100000);
  sm.systemMemory.addSubregion(0, ram);
  const fw = fwCfgArchCreate(sm.systemIo, sm.addressSpaceMemory, {
    ramSize: 256 * 1024 * 1024,
    bootCpus: 1,
    apicIdLimit: 1,
    e820: [
      { address: 0, length: 0x9fc00, type: 1 },
      { address: 0x100000, length: 0xff00000, type: 1 },
    ],
  });
  fwCfgMachineReady(fw);
  deviceColdReset(fw);
  const io = sm.addressSpaceIo;
  const mem = sm.addressSpaceMemory;
  const select = (key: number) => cpuOutw(io, 0x510, key);
  const read = (n: number) => Array.from({ length: n }, () => cpuInb(io, 0x511));
  const dma = (control: number, length: number, address: number, at = 0x1000) => {
    const b = new Uint8Array(16);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, control);
    dv.setUint32(4, length);
    dv.setBigUint64(8, BigInt(address));
    mem.write(at, b);
    // the address register is big-endian: high word, then the low word starts the transfer
    cpuOutl(io, 0x514, 0);
    const swapped = ((at & 0xff) << 24) | ((at & 0xff00) << 8) | ((at >>> 8) & 0xff00) | (at >>> 24);
    cpuOutl(io, 0x518, swapped >>> 0);
    const out = new Uint8Array(4);
    mem.read(at, out);
    return new DataView(out.buffer).getUint32(0);
  };
  const peek = (addr: number, n: number) => {
    const b = new Uint8Array(n);
    mem.read(addr, b);
    return b;
  };
  current = { fw };
  return { fw, io, select, read, dma, peek, mem };
}

describe('fw_cfg_io', () => {
  test('signature selected at reset; ID says DMA; 1-byte reads of 0x510 also read data', () => {
    const { io, select, read } = setup();
    expect(Buffer.from(read(4)).toString('latin1')).toBe('QEMU');
    select(0);
    expect(cpuInb(io, 0x510)).toBe(0x51);
    select(FW_CFG_ID);
    expect(read(5)).toEqual([3, 0, 0, 0, 0]);
  });

  test('byte writes to the selector are ignored (only 16-bit writes select)', () => {
    const { io, select, read } = setup();
    select(FW_CFG_ID);
    io.write(0x510, Uint8Array.of(0));
    expect(read(1)).toEqual([3]);
  });

  test('pc items: RAM size, CPU counts, file directory sorted with etc/e820', () => {
    const { select, read, fw } = setup();
    select(FW_CFG_RAM_SIZE);
    expect(read(8)).toEqual([0, 0, 0, 0x10, 0, 0, 0, 0]);
    select(FW_CFG_NB_CPUS);
    expect(read(2)).toEqual([1, 0]);
    select(FW_CFG_MAX_CPUS);
    expect(read(2)).toEqual([1, 0]);
    expect(fwCfgFiles(fw).map((f) => f.name)).toEqual([
      'bios-geometry',
      'bootorder',
      'etc/boot-fail-wait',
      'etc/e820',
    ]);
    select(FW_CFG_FILE_DIR);
    const dir = read(4 + 64 * 4);
    expect(dir.slice(0, 4)).toEqual([0, 0, 0, 4]);
    const e820 = dir.slice(4 + 64 * 3, 4 + 64 * 4);
    expect(e820.slice(0, 8)).toEqual([0, 0, 0, 40, 0, 0x23, 0, 0]);
    expect(Buffer.from(e820.slice(8, 16)).toString('latin1')).toBe('etc/e820');
    select(0x23);
    const t = read(40);
    expect(t.slice(20, 28)).toEqual([0, 0, 0x10, 0, 0, 0, 0, 0]);
    expect(t[36]).toBe(1);
  });

  test('files added out of order keep the directory sorted and selectors follow', () => {
    const { fw, select, read } = setup();
    fwCfgAddFile(fw, 'opt/z', Uint8Array.of(0x7a));
    fwCfgAddFile(fw, 'etc/a', Uint8Array.of(0x61));
    const files = fwCfgFiles(fw);
    expect(files.map((f) => f.name)).toEqual([
      'bios-geometry',
      'bootorder',
      'etc/a',
      'etc/boot-fail-wait',
      'etc/e820',
      'opt/z',
    ]);
    for (const f of files) {
      if (f.name.length === 5) {
        select(f.select);
        expect(read(1)[0]).toBe(f.name.charCodeAt(4));
      }
    }
    expect(() => fwCfgAddFile(fw, 'etc/a', new Uint8Array(1))).toThrow('duplicate fw_cfg file name: etc/a');
  });

  test('the DMA register reads as "QEMU CFG"', () => {
    const { io } = setup();
    const b = new Uint8Array(8);
    io.read(0x514, b);
    expect(Buffer.from(b).toString('latin1')).toBe('QEMU CFG');
    expect(cpuInl(io, 0x514)).toBe(0x554d4551);
  });

  test('DMA select+read, read past the end zero-fills, skip, write to a read-only item fails', () => {
    const { dma, peek } = setup();
    expect(dma((0 << 16) | FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_READ, 6, 0x2000)).toBe(0);
    expect(Array.from(peek(0x2000, 6))).toEqual([0x51, 0x45, 0x4d, 0x55, 0, 0]);
    expect(dma((FW_CFG_ID << 16) | FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_SKIP, 2, 0)).toBe(0);
    expect(dma(FW_CFG_DMA_CTL_READ, 4, 0x2100)).toBe(0);
    expect(Array.from(peek(0x2100, 4))).toEqual([0, 0, 0, 0]);
    expect(dma((FW_CFG_ID << 16) | FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_WRITE, 1, 0x2000)).toBe(
      FW_CFG_DMA_CTL_ERROR,
    );
    // an invalid key reads as zeros
    expect(dma((0x3000 << 16) | FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_READ, 2, 0x2000)).toBe(0);
    expect(Array.from(peek(0x2000, 2))).toEqual([0, 0]);
  });

  test('DMA write to a writable file lands in its data and calls back', () => {
    const { fw, dma, mem, fw: s } = setup();
    const data = new Uint8Array(4);
    const writes: [number, number][] = [];
    fwCfgAddFileCallback(s, 'etc/rw', undefined, (o, l) => writes.push([o, l]), data, false);
    const sel = fwCfgFiles(fw).find((f) => f.name === 'etc/rw')?.select as number;
    mem.write(0x3000, Uint8Array.of(1, 2, 3, 4));
    expect(dma((sel << 16) | FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_WRITE, 4, 0x3000)).toBe(0);
    expect(Array.from(data)).toEqual([1, 2, 3, 4]);
    expect(writes).toEqual([[0, 4]]);
    // more than the item holds: error
    expect(dma((sel << 16) | FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_WRITE, 5, 0x3000)).toBe(
      FW_CFG_DMA_CTL_ERROR,
    );
  });

  test('-kernel items: command line size counts the NUL', () => {
    const { fw, select, read } = setup();
    fwCfgAddLinuxBoot(fw, {
      kernelAddr: 0x100000,
      kernel: new Uint8Array(16),
      cmdlineAddr: 0x20000,
      cmdline: 'console=ttyS0',
      setupAddr: 0x10000,
      setup: new Uint8Array(1024),
    });
    select(FW_CFG_CMDLINE_SIZE);
    expect(read(4)).toEqual([14, 0, 0, 0]);
    select(FW_CFG_CMDLINE_DATA);
    expect(Buffer.from(read(14)).toString('latin1')).toBe('console=ttyS0\0');
  });
});
