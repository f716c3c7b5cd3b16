/**
 * Direct Linux boot (hw/i386/x86.c x86_load_linux), entering the kernel through the 32-bit boot
 * protocol (Documentation/x86/boot.rst) instead of QEMU's real-mode linuxboot option ROM: the
 * protected-mode kernel at 0x100000, a zero page (boot_params) with the setup header copied in,
 * the E820 map, the command line and the initrd below initrd_addr_max.
 */
import { type E820Entry, writeE820 } from './e820.js';

export class LoaderError extends Error {}

const HDRS = 0x53726448; // "HdrS"
export const LINUX_REAL_ADDR = 0x10000;
export const LINUX_CMDLINE_ADDR = 0x20000;
export const LINUX_PROT_ADDR = 0x100000;
/** What x86 QEMU keeps free below the top of low RAM for firmware's ACPI tables. */
export const ACPI_DATA_SIZE = 0x20000 + 0x8000;

// boot_params offsets (arch/x86/include/uapi/asm/bootparam.h)
const BP_EXT_RAMDISK_IMAGE = 0x0c0;
const BP_EXT_RAMDISK_SIZE = 0x0c4;
const BP_EXT_CMD_LINE_PTR = 0x0c8;
const BP_ALT_MEM_K = 0x1e0;
const BP_E820_ENTRIES = 0x1e8;
const BP_E820_TABLE = 0x2d0;
const E820_MAX_ENTRIES_ZEROPAGE = 128;
const LOADED_HIGH = 0x01;
const CAN_USE_HEAP = 0x80;

export interface LinuxBootInfo {
  /** where boot_params (the zero page) is: ESI at entry */
  bootParams: number;
  /** code32_start: EIP at entry */
  entry: number;
  protocol: number;
  cmdlineAddr: number;
  initrdAddr: number;
  initrdSize: number;
  kernelSize: number;
}

export interface LinuxLoadOptions {
  kernel: Uint8Array;
  kernelFilename: string;
  initrd?: Uint8Array;
  initrdFilename?: string;
  cmdline: string;
  /** guest RAM from physical 0 */
  ram: Uint8Array;
  belowFourG: number;
  e820: readonly E820Entry[];
}

/** Is this a kernel with a Linux setup header ("HdrS" at 0x202)? */
export function isLinuxBzImage(kernel: Uint8Array): boolean {
  if (kernel.length < 0x250) return false;
  return new DataView(kernel.buffer, kernel.byteOffset, kernel.byteLength).getUint32(0x202, true) === HDRS;
}

/** x86_load_linux for the 32-bit boot protocol; throws LoaderError with QEMU's messages. */
export function x86LoadLinux(o: LinuxLoadOptions): LinuxBootInfo {
  const k = o.kernel;
  if (!isLinuxBzImage(k))
    throw new LoaderError(`qemu: could not load kernel '${o.kernelFilename}': not a Linux bzImage`);
  const hv = new DataView(k.buffer, k.byteOffset, k.byteLength);
  const protocol = hv.getUint16(0x206, true);
  if (protocol < 0x202 || !(k[0x211] & LOADED_HIGH)) {
    if (o.initrd && protocol < 0x200) throw new LoaderError('qemu: linux kernel too old to load a ram disk');
    throw new LoaderError(
      `qemu: could not load kernel '${o.kernelFilename}': boot protocol ${(protocol >> 8).toString(16)}.${(protocol & 0xff).toString(16).padStart(2, '0')} is older than 2.02 or not loaded high`,
    );
  }
  const realAddr = LINUX_REAL_ADDR;
  const cmdlineAddr = LINUX_CMDLINE_ADDR;
  const protAddr = LINUX_PROT_ADDR;

  let initrdMax = protocol >= 0x203 ? hv.getUint32(0x22c, true) : 0x37ffffff;
  if (initrdMax >= o.belowFourG - ACPI_DATA_SIZE) initrdMax = o.belowFourG - ACPI_DATA_SIZE - 1;

  let setupSects = k[0x1f1];
  if (setupSects === 0) setupSects = 4;
  const setupSize = (setupSects + 1) * 512;
  if (setupSize > k.length) throw new LoaderError('qemu: invalid kernel header');
  const kernelSize = k.length - setupSize;

  const cmdline = new TextEncoder().encode(o.cmdline);
  const cmdlineSize = cmdline.length + 1;
  if (protocol >= 0x206) {
    const max = hv.getUint32(0x238, true);
    if (cmdline.length > max) throw new LoaderError('qemu: kernel command line too long');
  }

  const ram = o.ram;
  if (protAddr + kernelSize > o.belowFourG) throw new LoaderError('qemu: kernel too large for guest RAM');
  ram.set(k.subarray(setupSize), protAddr);
  ram.fill(0, cmdlineAddr, cmdlineAddr + cmdlineSize);
  ram.set(cmdline, cmdlineAddr);

  // the zero page: all zero but for the setup header and what the loader fills in
  ram.fill(0, realAddr, realAddr + 0x1000);
  const hdrEnd = 0x202 + k[0x201];
  ram.set(k.subarray(0x1f1, hdrEnd), realAddr + 0x1f1);
  const bp = new DataView(ram.buffer, ram.byteOffset + realAddr, 0x1000);
  bp.setUint8(0x210, 0xb0); // type_of_loader: QEMU
  bp.setUint8(0x211, bp.getUint8(0x211) | CAN_USE_HEAP);
  bp.setUint16(0x224, cmdlineAddr - realAddr - 0x200, true); // heap_end_ptr
  bp.setUint32(0x228, cmdlineAddr, true); // cmd_line_ptr
  bp.setUint32(BP_EXT_CMD_LINE_PTR, 0, true);
  bp.setUint32(BP_ALT_MEM_K, Math.floor((o.belowFourG - 0x100000) / 1024), true);

  let initrdAddr = 0;
  let initrdSize = 0;
  if (o.initrd) {
    initrdSize = o.initrd.length;
    if (initrdSize >= initrdMax)
      throw new LoaderError(
        `qemu: initrd is too large, cannot support this. (max: ${initrdMax}, need ${initrdSize})`,
      );
    initrdAddr = (initrdMax - initrdSize) & ~4095;
    ram.set(o.initrd, initrdAddr);
    bp.setUint32(0x218, initrdAddr, true); // ramdisk_image
    bp.setUint32(0x21c, initrdSize, true); // ramdisk_size
    bp.setUint32(BP_EXT_RAMDISK_IMAGE, 0, true);
    bp.setUint32(BP_EXT_RAMDISK_SIZE, 0, true);
  }

  const entries = o.e820.slice(0, E820_MAX_ENTRIES_ZEROPAGE);
  bp.setUint8(BP_E820_ENTRIES, entries.length);
  writeE820(bp, BP_E820_TABLE, entries);

  const entry = hv.getUint32(0x214, true) || protAddr;
  return { bootParams: realAddr, entry, protocol, cmdlineAddr, initrdAddr, initrdSize, kernelSize };
}
