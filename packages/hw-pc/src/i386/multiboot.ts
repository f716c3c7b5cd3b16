/**
 * Multiboot v1 (hw/i386/multiboot.c): a kernel with the 0x1BADB002 header in its first 8 KiB,
 * loaded by the a.out kludge addresses (flags bit 16) or by its ELF program headers; modules
 * from -initrd (comma separated, each "file args"), and a multiboot information structure with
 * mem_lower/upper, boot device, command line, modules, the memory map and the loader's name.
 */
import type { E820Entry } from './e820.js';
import { LoaderError } from './x86-linux.js';

export const MULTIBOOT_HEADER_MAGIC = 0x1badb002;
export const MULTIBOOT_BOOTLOADER_MAGIC = 0x2badb002;
/** where the information structure goes (QEMU's multiboot option ROM puts it there too) */
export const MULTIBOOT_STRUCT_ADDR = 0x9000;

const MULTIBOOT_FLAGS_MEMORY = 1 << 0;
const MULTIBOOT_FLAGS_BOOT_DEVICE = 1 << 1;
const MULTIBOOT_FLAGS_CMDLINE = 1 << 2;
const MULTIBOOT_FLAGS_MODULES = 1 << 3;
const MULTIBOOT_FLAGS_MMAP = 1 << 6;
const MULTIBOOT_FLAGS_BOOTLOADER = 1 << 9;
const MBI_SIZE = 88;

export interface MultibootModule {
  data: Uint8Array;
  /** "file args", as given to -initrd */
  cmdline: string;
}

export interface MultibootLoadOptions {
  kernel: Uint8Array;
  kernelFilename: string;
  cmdline: string;
  modules: readonly MultibootModule[];
  ram: Uint8Array;
  ramSize: number;
  e820: readonly E820Entry[];
}

export interface MultibootBootInfo {
  entry: number;
  /** EBX at entry */
  mbi: number;
  loadAddr: number;
  loadEnd: number;
}

/** The offset of a valid multiboot header in the first 8 KiB, or -1. */
export function findMultibootHeader(k: Uint8Array): number {
  const dv = new DataView(k.buffer, k.byteOffset, k.byteLength);
  for (let off = 0; off + 12 <= Math.min(k.length, 8192); off += 4) {
    if (dv.getUint32(off, true) !== MULTIBOOT_HEADER_MAGIC) continue;
    const flags = dv.getUint32(off + 4, true);
    if ((MULTIBOOT_HEADER_MAGIC + flags + dv.getUint32(off + 8, true)) >>> 0 === 0) return off;
  }
  return -1;
}

function loadElf(k: Uint8Array, ram: Uint8Array): { entry: number; low: number; high: number } {
  const dv = new DataView(k.buffer, k.byteOffset, k.byteLength);
  if (k.length < 52 || dv.getUint32(0, false) !== 0x7f454c46)
    throw new LoaderError('Error loading uncompressed kernel without PVH ELF Note');
  if (k[4] === 2) throw new LoaderError('Cannot load x86-64 image, give a 32bit one.');
  const entry = dv.getUint32(24, true);
  const phoff = dv.getUint32(28, true);
  const phentsize = dv.getUint16(42, true);
  const phnum = dv.getUint16(44, true);
  let low = 0xffffffff;
  let high = 0;
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * phentsize;
    if (dv.getUint32(p, true) !== 1) continue; // PT_LOAD
    const offset = dv.getUint32(p + 4, true);
    const paddr = dv.getUint32(p + 12, true);
    const filesz = dv.getUint32(p + 16, true);
    const memsz = dv.getUint32(p + 20, true);
    if (paddr + memsz > ram.length) throw new LoaderError('qemu: multiboot kernel does not fit in RAM');
    ram.set(k.subarray(offset, offset + filesz), paddr);
    ram.fill(0, paddr + filesz, paddr + memsz);
    low = Math.min(low, paddr);
    high = Math.max(high, paddr + memsz);
  }
  return { entry, low, high };
}

/** load_multiboot; throws LoaderError with QEMU's messages for bad headers. */
export function loadMultiboot(o: MultibootLoadOptions): MultibootBootInfo {
  const k = o.kernel;
  const off = findMultibootHeader(k);
  if (off < 0)
    throw new LoaderError(`qemu: could not load kernel '${o.kernelFilename}': no multiboot header`);
  const dv = new DataView(k.buffer, k.byteOffset, k.byteLength);
  const flags = dv.getUint32(off + 4, true);
  if (flags & 0x00000004) process.stderr.write("qemu: multiboot knows VBE. we don't.\n");
  let entry: number;
  let loadAddr: number;
  let loadEnd: number;
  if (!(flags & 0x00010000)) {
    const r = loadElf(k, o.ram);
    entry = r.entry;
    loadAddr = r.low;
    loadEnd = r.high;
  } else {
    const headerAddr = dv.getUint32(off + 12, true);
    loadAddr = dv.getUint32(off + 16, true);
    const loadEndAddr = dv.getUint32(off + 20, true);
    const bssEndAddr = dv.getUint32(off + 24, true);
    entry = dv.getUint32(off + 28, true);
    if (headerAddr < loadAddr) throw new LoaderError('invalid load_addr address');
    if (headerAddr - loadAddr > off) throw new LoaderError('invalid header_addr address');
    const fileStart = off - (headerAddr - loadAddr);
    const size = loadEndAddr ? loadEndAddr - loadAddr : k.length - fileStart;
    if (loadEndAddr && loadEndAddr < loadAddr) throw new LoaderError('invalid load_end_addr address');
    if (fileStart + size > k.length) throw new LoaderError('invalid load_end_addr address');
    const memEnd = bssEndAddr ? bssEndAddr : loadAddr + size;
    if (memEnd > o.ram.length) throw new LoaderError('kernel does not fit in address space');
    o.ram.set(k.subarray(fileStart, fileStart + size), loadAddr);
    if (memEnd > loadAddr + size) o.ram.fill(0, loadAddr + size, memEnd);
    loadEnd = memEnd;
  }

  // modules go page-aligned after the kernel, then the strings and tables at the mbi
  const ram = o.ram;
  const mdv = new DataView(ram.buffer, ram.byteOffset, ram.byteLength);
  const enc = new TextEncoder();
  let modAddr = (loadEnd + 4095) & ~4095;
  const mbi = MULTIBOOT_STRUCT_ADDR;
  ram.fill(0, mbi, mbi + 0x1000);
  let strAddr = mbi + MBI_SIZE;
  const putStr = (s: string) => {
    const b = enc.encode(s);
    const at = strAddr;
    ram.set(b, at);
    ram[at + b.length] = 0;
    strAddr += b.length + 1;
    return at;
  };
  const modsAddr = strAddr;
  strAddr += o.modules.length * 16;
  o.modules.forEach((m, i) => {
    if (modAddr + m.data.length > ram.length)
      throw new LoaderError('qemu: multiboot modules do not fit in RAM');
    ram.set(m.data, modAddr);
    const e = modsAddr + i * 16;
    mdv.setUint32(e, modAddr, true);
    mdv.setUint32(e + 4, modAddr + m.data.length, true);
    mdv.setUint32(e + 8, putStr(m.cmdline), true);
    modAddr = (modAddr + m.data.length + 4095) & ~4095;
  });
  const cmdline = putStr(o.cmdline ? `${o.kernelFilename} ${o.cmdline}` : o.kernelFilename);
  const loaderName = putStr('qemu');
  strAddr = (strAddr + 3) & ~3;
  const mmapAddr = strAddr;
  for (const e of o.e820) {
    mdv.setUint32(strAddr, 20, true);
    mdv.setBigUint64(strAddr + 4, BigInt(e.address), true);
    mdv.setBigUint64(strAddr + 12, BigInt(e.length), true);
    mdv.setUint32(strAddr + 20, e.type, true);
    strAddr += 24;
  }
  mdv.setUint32(
    mbi,
    MULTIBOOT_FLAGS_MEMORY |
      MULTIBOOT_FLAGS_BOOT_DEVICE |
      MULTIBOOT_FLAGS_CMDLINE |
      MULTIBOOT_FLAGS_MODULES |
      MULTIBOOT_FLAGS_MMAP |
      MULTIBOOT_FLAGS_BOOTLOADER,
    true,
  );
  mdv.setUint32(mbi + 4, 640, true); // mem_lower
  mdv.setUint32(mbi + 8, Math.floor(o.ramSize / 1024) - 1024, true); // mem_upper
  mdv.setUint32(mbi + 12, 0x8000ffff, true); // boot_device: first BIOS disk, no partition
  mdv.setUint32(mbi + 16, cmdline, true);
  mdv.setUint32(mbi + 20, o.modules.length, true);
  mdv.setUint32(mbi + 24, modsAddr, true);
  mdv.setUint32(mbi + 44, strAddr - mmapAddr, true);
  mdv.setUint32(mbi + 48, mmapAddr, true);
  mdv.setUint32(mbi + 64, loaderName, true);
  return { entry, mbi, loadAddr, loadEnd };
}
