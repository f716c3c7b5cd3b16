/**
 * The firmware configuration device (QEMU's hw/nvram/fw_cfg.c, specs/fw_cfg.rst), I/O flavour
 * `fw_cfg_io`: a 16-bit selector at 0x510 and an 8-bit data port at 0x511 (sharing one 2-byte
 * region, as on QEMU, so byte reads of either port return data), and the DMA interface at 0x514
 * (big-endian 64-bit address of an FWCfgDmaAccess {control, length, address} with select / read /
 * write / skip). Items are generic (0x0000-0x3fff) or arch-local (0x8000 | key); named files live
 * at FW_CFG_FILE_FIRST and up, listed sorted by name in FW_CFG_FILE_DIR.
 */
import type { AddressSpace } from '@tsemu/memory';
import { MemoryRegion } from '@tsemu/memory';
import {
  type DeviceClass,
  DeviceState,
  definePropBool,
  definePropUint16,
  deviceClassSetProps,
  objectPropertyAddChild,
  QomError,
  qdevGetMachine,
  qdevNew,
  qdevRealizeAndUnref,
  sysbusGetDefault,
  TYPE_SYS_BUS_DEVICE,
  typeRegister,
} from '@tsemu/qdev';

export const TYPE_FW_CFG = 'fw_cfg';
export const TYPE_FW_CFG_IO = 'fw_cfg_io';

export const FW_CFG_SIGNATURE = 0x00;
export const FW_CFG_ID = 0x01;
export const FW_CFG_UUID = 0x02;
export const FW_CFG_RAM_SIZE = 0x03;
export const FW_CFG_NOGRAPHIC = 0x04;
export const FW_CFG_NB_CPUS = 0x05;
export const FW_CFG_MACHINE_ID = 0x06;
export const FW_CFG_KERNEL_ADDR = 0x07;
export const FW_CFG_KERNEL_SIZE = 0x08;
export const FW_CFG_KERNEL_CMDLINE = 0x09;
export const FW_CFG_INITRD_ADDR = 0x0a;
export const FW_CFG_INITRD_SIZE = 0x0b;
export const FW_CFG_BOOT_DEVICE = 0x0c;
export const FW_CFG_NUMA = 0x0d;
export const FW_CFG_BOOT_MENU = 0x0e;
export const FW_CFG_MAX_CPUS = 0x0f;
export const FW_CFG_KERNEL_ENTRY = 0x10;
export const FW_CFG_KERNEL_DATA = 0x11;
export const FW_CFG_INITRD_DATA = 0x12;
export const FW_CFG_CMDLINE_ADDR = 0x13;
export const FW_CFG_CMDLINE_SIZE = 0x14;
export const FW_CFG_CMDLINE_DATA = 0x15;
export const FW_CFG_SETUP_ADDR = 0x16;
export const FW_CFG_SETUP_SIZE = 0x17;
export const FW_CFG_SETUP_DATA = 0x18;
export const FW_CFG_FILE_DIR = 0x19;
export const FW_CFG_FILE_FIRST = 0x20;
export const FW_CFG_FILE_SLOTS_MIN = 0x10;
export const FW_CFG_WRITE_CHANNEL = 0x4000;
export const FW_CFG_ARCH_LOCAL = 0x8000;
export const FW_CFG_ENTRY_MASK = ~(FW_CFG_WRITE_CHANNEL | FW_CFG_ARCH_LOCAL) & 0xffff;
export const FW_CFG_INVALID = 0xffff;

/** x86 arch-local items (hw/i386/fw_cfg.h) */
export const FW_CFG_ACPI_TABLES = FW_CFG_ARCH_LOCAL + 0;
export const FW_CFG_SMBIOS_ENTRIES = FW_CFG_ARCH_LOCAL + 1;
export const FW_CFG_IRQ0_OVERRIDE = FW_CFG_ARCH_LOCAL + 2;
export const FW_CFG_E820_TABLE = FW_CFG_ARCH_LOCAL + 3;
export const FW_CFG_HPET = FW_CFG_ARCH_LOCAL + 4;

export const FW_CFG_VERSION = 0x01;
export const FW_CFG_VERSION_DMA = 0x02;

export const FW_CFG_DMA_CTL_ERROR = 0x01;
export const FW_CFG_DMA_CTL_READ = 0x02;
export const FW_CFG_DMA_CTL_SKIP = 0x04;
export const FW_CFG_DMA_CTL_SELECT = 0x08;
export const FW_CFG_DMA_CTL_WRITE = 0x10;

/** "QEMU CFG", what the DMA address register reads as */
export const FW_CFG_DMA_SIGNATURE = 0x51454d5520434647n;

export const FW_CFG_IO_BASE = 0x510;
const FW_CFG_MAX_FILE_PATH = 56;
const FW_CFG_FILE_SIZE = 64;

export type FWCfgCallback = () => void;
export type FWCfgWriteCallback = (offset: number, len: number) => void;

export interface FWCfgEntry {
  data: Uint8Array | undefined;
  len: number;
  allowWrite: boolean;
  selectCb?: FWCfgCallback;
  writeCb?: FWCfgWriteCallback;
}

const emptyEntry = (): FWCfgEntry => ({ data: undefined, len: 0, allowWrite: false });

/** FWCfgState */
export class FWCfgState extends DeviceState {
  fileSlots = 0x20;
  dmaEnabled = true;
  acpiMrRestore = true;
  entries: FWCfgEntry[][] = [[], []];
  /** FW_CFG_FILE_DIR's buffer: count and FWCfgFile slots, big-endian */
  files: Uint8Array | undefined;
  curEntry = 0;
  curOffset = 0;
  dmaAddr = 0n;
  dmaAs: AddressSpace | undefined;
  /** machine state fw_cfg_init1 reads (set before realize) */
  uuid = new Uint8Array(16);
  nographic = false;
  bootMenu = false;
  /** -boot reboot-timeout: -1 = none */
  rebootTimeout = -1;
  combIomem: MemoryRegion | undefined;
  dmaIomem: MemoryRegion | undefined;
}

function maxEntry(s: FWCfgState): number {
  return FW_CFG_FILE_FIRST + s.fileSlots;
}

function entryFor(s: FWCfgState, key: number): FWCfgEntry | undefined {
  if (key === FW_CFG_INVALID) return undefined;
  return s.entries[key & FW_CFG_ARCH_LOCAL ? 1 : 0][key & FW_CFG_ENTRY_MASK];
}

/** fw_cfg_select: 1 if the key exists (its select callback then runs), 0 if not */
export function fwCfgSelect(s: FWCfgState, key: number): number {
  s.curOffset = 0;
  if ((key & FW_CFG_ENTRY_MASK) >= maxEntry(s)) {
    s.curEntry = FW_CFG_INVALID;
    return 0;
  }
  s.curEntry = key & 0xffff;
  entryFor(s, s.curEntry)?.selectCb?.();
  return 1;
}

/** fw_cfg_data_read: `size` bytes of the item, most significant first, zero padded at the end */
export function fwCfgDataRead(s: FWCfgState, size: number): bigint {
  const e = entryFor(s, s.curEntry);
  let value = 0n;
  if (e?.data && s.curOffset < e.len) {
    let i = 0;
    for (; i < size && s.curOffset < e.len; i++) value = (value << 8n) | BigInt(e.data[s.curOffset++]);
    value <<= BigInt(8 * (size - i));
  }
  return value;
}

function ensureEntries(s: FWCfgState): void {
  const n = maxEntry(s);
  for (const list of s.entries) while (list.length < n) list.push(emptyEntry());
}

function checkKey(s: FWCfgState, key: number): FWCfgEntry {
  ensureEntries(s);
  const k = key & FW_CFG_ENTRY_MASK;
  if (k >= maxEntry(s)) throw new Error(`fw_cfg key 0x${key.toString(16)} out of range`);
  return s.entries[key & FW_CFG_ARCH_LOCAL ? 1 : 0][k];
}

/** fw_cfg_add_bytes_callback */
export function fwCfgAddBytesCallback(
  s: FWCfgState,
  key: number,
  selectCb: FWCfgCallback | undefined,
  writeCb: FWCfgWriteCallback | undefined,
  data: Uint8Array,
  readOnly = true,
): void {
  const e = checkKey(s, key);
  e.data = data;
  e.len = data.length;
  e.selectCb = selectCb;
  e.writeCb = writeCb;
  e.allowWrite = !readOnly;
}

/** fw_cfg_modify_bytes_read: replace an item's data, returning the old */
function fwCfgModifyBytesRead(s: FWCfgState, key: number, data: Uint8Array): Uint8Array | undefined {
  const e = checkKey(s, key);
  const old = e.data;
  e.data = data;
  e.len = data.length;
  return old;
}

export function fwCfgAddBytes(s: FWCfgState, key: number, data: Uint8Array): void {
  fwCfgAddBytesCallback(s, key, undefined, undefined, data, true);
}

export function fwCfgAddString(s: FWCfgState, key: number, value: string): void {
  fwCfgAddBytes(s, key, cString(value));
}

export function fwCfgModifyString(s: FWCfgState, key: number, value: string): void {
  fwCfgModifyBytesRead(s, key, cString(value));
}

function le(n: number | bigint, size: number): Uint8Array {
  const b = new Uint8Array(size);
  let v = BigInt(n);
  for (let i = 0; i < size; i++) {
    b[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return b;
}

function cString(value: string): Uint8Array {
  const b = Buffer.from(value, 'utf8');
  const out = new Uint8Array(b.length + 1);
  out.set(b);
  return out;
}

/** fw_cfg_add_i16/i32/i64: little-endian values */
export const fwCfgAddI16 = (s: FWCfgState, key: number, v: number) => fwCfgAddBytes(s, key, le(v, 2));
export const fwCfgAddI32 = (s: FWCfgState, key: number, v: number) => fwCfgAddBytes(s, key, le(v >>> 0, 4));
export const fwCfgAddI64 = (s: FWCfgState, key: number, v: number | bigint) =>
  fwCfgAddBytes(s, key, le(BigInt.asUintN(64, BigInt(v)), 8));
export const fwCfgModifyI16 = (s: FWCfgState, key: number, v: number) => {
  fwCfgModifyBytesRead(s, key, le(v, 2));
};
export const fwCfgModifyI32 = (s: FWCfgState, key: number, v: number) => {
  fwCfgModifyBytesRead(s, key, le(v >>> 0, 4));
};
export const fwCfgModifyI64 = (s: FWCfgState, key: number, v: number | bigint) => {
  fwCfgModifyBytesRead(s, key, le(BigInt.asUintN(64, BigInt(v)), 8));
};

function fileCount(s: FWCfgState): number {
  const f = s.files;
  return f ? new DataView(f.buffer, f.byteOffset).getUint32(0) : 0;
}

function fileName(s: FWCfgState, i: number): string {
  const f = s.files as Uint8Array;
  const off = 4 + i * FW_CFG_FILE_SIZE + 8;
  let end = off;
  while (end < off + FW_CFG_MAX_FILE_PATH && f[end] !== 0) end++;
  return Buffer.from(f.subarray(off, end)).toString('latin1');
}

/** strcmp on the stored (latin1) bytes */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** fw_cfg_add_file_callback: a named item; the directory stays sorted by name */
export function fwCfgAddFileCallback(
  s: FWCfgState,
  filename: string,
  selectCb: FWCfgCallback | undefined,
  writeCb: FWCfgWriteCallback | undefined,
  data: Uint8Array,
  readOnly = true,
): void {
  ensureEntries(s);
  if (!s.files) {
    s.files = new Uint8Array(4 + FW_CFG_FILE_SIZE * s.fileSlots);
    fwCfgAddBytesCallback(s, FW_CFG_FILE_DIR, undefined, undefined, s.files, true);
  }
  const files = s.files;
  const dv = new DataView(files.buffer, files.byteOffset, files.length);
  const count = fileCount(s);
  if (count >= s.fileSlots) throw new QomError('fw_cfg: no free file slot');
  const name = Buffer.from(filename, 'latin1')
    .subarray(0, FW_CFG_MAX_FILE_PATH - 1)
    .toString('latin1');
  let index = count;
  while (index > 0 && cmp(name, fileName(s, index - 1)) < 0) index--;
  for (let i = 0; i < count; i++)
    if (fileName(s, i) === name) throw new QomError(`duplicate fw_cfg file name: ${name}`);
  // move the entries from index on down one slot
  for (let i = count; i > index; i--) {
    files.copyWithin(4 + i * FW_CFG_FILE_SIZE, 4 + (i - 1) * FW_CFG_FILE_SIZE, 4 + i * FW_CFG_FILE_SIZE);
    dv.setUint16(4 + i * FW_CFG_FILE_SIZE + 4, FW_CFG_FILE_FIRST + i);
    s.entries[0][FW_CFG_FILE_FIRST + i] = s.entries[0][FW_CFG_FILE_FIRST + i - 1];
  }
  const off = 4 + index * FW_CFG_FILE_SIZE;
  files.fill(0, off, off + FW_CFG_FILE_SIZE);
  files.set(Buffer.from(name, 'latin1'), off + 8);
  s.entries[0][FW_CFG_FILE_FIRST + index] = emptyEntry();
  fwCfgAddBytesCallback(s, FW_CFG_FILE_FIRST + index, selectCb, writeCb, data, readOnly);
  dv.setUint32(off, data.length);
  dv.setUint16(off + 4, FW_CFG_FILE_FIRST + index);
  dv.setUint32(0, count + 1);
}

/** fw_cfg_add_file */
export function fwCfgAddFile(s: FWCfgState, filename: string, data: Uint8Array): void {
  fwCfgAddFileCallback(s, filename, undefined, undefined, data, true);
}

/** fw_cfg_modify_file: replace a file's data (adding the file if absent); returns the old data */
export function fwCfgModifyFile(s: FWCfgState, filename: string, data: Uint8Array): Uint8Array | undefined {
  const count = fileCount(s);
  for (let i = 0; i < count; i++) {
    if (fileName(s, i) === filename) {
      const files = s.files as Uint8Array;
      new DataView(files.buffer, files.byteOffset).setUint32(4 + i * FW_CFG_FILE_SIZE, data.length);
      return fwCfgModifyBytesRead(s, FW_CFG_FILE_FIRST + i, data);
    }
  }
  fwCfgAddFile(s, filename, data);
  return undefined;
}

/** The directory as the guest sees it: [name, select, size] per file. */
export function fwCfgFiles(s: FWCfgState): { name: string; select: number; size: number }[] {
  const out = [];
  const files = s.files;
  if (!files) return [];
  const dv = new DataView(files.buffer, files.byteOffset, files.length);
  for (let i = 0; i < fileCount(s); i++) {
    const off = 4 + i * FW_CFG_FILE_SIZE;
    out.push({ name: fileName(s, i), select: dv.getUint16(off + 4), size: dv.getUint32(off) });
  }
  return out;
}

/** fw_cfg_dma_transfer: run the FWCfgDmaAccess at dmaAddr and write back its control word */
export function fwCfgDmaTransfer(s: FWCfgState): void {
  const as = s.dmaAs;
  const dmaAddr = Number(s.dmaAddr);
  // the address is reset before the next access
  s.dmaAddr = 0n;
  if (!as) return;
  const hdr = new Uint8Array(16);
  const writeControl = (v: number) => {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0);
    as.write(dmaAddr, b);
  };
  if (as.read(dmaAddr, hdr) !== 0) {
    writeControl(FW_CFG_DMA_CTL_ERROR);
    return;
  }
  const dv = new DataView(hdr.buffer);
  let control = dv.getUint32(0);
  let length = dv.getUint32(4);
  let address = Number(dv.getBigUint64(8));
  if (control & FW_CFG_DMA_CTL_SELECT) fwCfgSelect(s, control >>> 16);
  const e = entryFor(s, s.curEntry);
  let read = false;
  let write = false;
  if (control & FW_CFG_DMA_CTL_READ) read = true;
  else if (control & FW_CFG_DMA_CTL_WRITE) write = true;
  else if (!(control & FW_CFG_DMA_CTL_SKIP)) length = 0;
  control = 0;
  while (length > 0 && !(control & FW_CFG_DMA_CTL_ERROR)) {
    let len: number;
    if (!e?.data || s.curOffset >= e.len) {
      len = length;
      // past the end: reads give zeros, writes fail
      if (read && as.write(address, new Uint8Array(len)) !== 0) control |= FW_CFG_DMA_CTL_ERROR;
      if (write) control |= FW_CFG_DMA_CTL_ERROR;
    } else {
      len = Math.min(length, e.len - s.curOffset);
      if (read && as.write(address, e.data.subarray(s.curOffset, s.curOffset + len)) !== 0)
        control |= FW_CFG_DMA_CTL_ERROR;
      if (write) {
        if (!e.allowWrite || len !== length) {
          control |= FW_CFG_DMA_CTL_ERROR;
        } else if (as.read(address, e.data.subarray(s.curOffset, s.curOffset + len)) !== 0) {
          control |= FW_CFG_DMA_CTL_ERROR;
        } else {
          e.writeCb?.(s.curOffset, len);
        }
      }
      s.curOffset += len;
    }
    address += len;
    length -= len;
  }
  writeControl(control);
}

function dmaMemRead(addr: number, size: number): bigint {
  // the signature, in whatever slice the access covers
  const shift = BigInt((8 - addr - size) * 8);
  return (FW_CFG_DMA_SIGNATURE >> shift) & ((1n << BigInt(size * 8)) - 1n);
}

function dmaMemWrite(s: FWCfgState, addr: number, value: bigint, size: number): void {
  if (size === 4) {
    if (addr === 0) {
      s.dmaAddr = value << 32n;
    } else if (addr === 4) {
      s.dmaAddr |= value;
      fwCfgDmaTransfer(s);
    }
  } else if (size === 8 && addr === 0) {
    s.dmaAddr = value;
    fwCfgDmaTransfer(s);
  }
}

/** fw_cfg_reset: the signature is selected again */
export function fwCfgReset(s: FWCfgState): void {
  fwCfgSelect(s, 0);
}

/** fw_cfg_init1's items: signature, UUID, nographic, boot menu, boot-fail-wait, ID */
function fwCfgInit1(s: FWCfgState): void {
  fwCfgAddBytes(s, FW_CFG_SIGNATURE, Buffer.from('QEMU', 'latin1'));
  fwCfgAddBytes(s, FW_CFG_UUID, s.uuid);
  fwCfgAddI16(s, FW_CFG_NOGRAPHIC, s.nographic ? 1 : 0);
  fwCfgAddI16(s, FW_CFG_BOOT_MENU, s.bootMenu ? 1 : 0);
  // fw_cfg_reboot
  fwCfgAddFile(s, 'etc/boot-fail-wait', le(s.rebootTimeout >>> 0, 4));
  fwCfgAddI32(s, FW_CFG_ID, FW_CFG_VERSION | (s.dmaEnabled ? FW_CFG_VERSION_DMA : 0));
}

/**
 * fw_cfg_machine_ready: once the machine is built, the boot order ("bootorder", one device path
 * a line) and the disk geometry list ("bios-geometry"); both empty without bootindex devices.
 */
export function fwCfgMachineReady(s: FWCfgState, bootorder = '', biosGeometry = ''): void {
  const blob = (t: string) => (t ? cString(t) : new Uint8Array(0));
  fwCfgModifyFile(s, 'bootorder', blob(bootorder));
  fwCfgModifyFile(s, 'bios-geometry', blob(biosGeometry));
}

typeRegister<FWCfgState, DeviceClass>({
  name: TYPE_FW_CFG,
  parent: TYPE_SYS_BUS_DEVICE,
  abstract: true,
  instance: FWCfgState,
  classInit: (dc) => {
    dc.reset = (dev) => fwCfgReset(dev as FWCfgState);
  },
});

typeRegister<FWCfgState, DeviceClass>({
  name: TYPE_FW_CFG_IO,
  parent: TYPE_FW_CFG,
  instance: FWCfgState,
  classInit: (dc) => {
    dc.userCreatable = false;
    deviceClassSetProps(dc, [
      definePropBool('dma_enabled', 'dmaEnabled', true),
      definePropUint16('x-file-slots', 'fileSlots', 0x20),
      definePropBool('acpi-mr-restore', 'acpiMrRestore', true),
    ]);
    dc.realize = (dev) => {
      const s = dev as FWCfgState;
      if (s.fileSlots < FW_CFG_FILE_SLOTS_MIN)
        throw new QomError(`"file_slots" must be at least 0x${FW_CFG_FILE_SLOTS_MIN.toString(16)}`);
      // the 8-bit data port always overlaps half of the 16-bit selector: one 2-byte region
      s.combIomem = MemoryRegion.io(
        'fwcfg',
        2,
        {
          read: (_a, size) => Number(fwCfgDataRead(s, size)),
          write: (_a, v, size) => {
            // byte writes to the data port are ignored since QEMU 2.4
            if (size === 2) fwCfgSelect(s, Number(v) & 0xffff);
          },
          valid: { accepts: (_a, size, isWrite) => size === 1 || (isWrite && size === 2) },
          endianness: 'little',
        },
        { owner: s },
      );
      if (s.dmaEnabled) {
        s.dmaIomem = MemoryRegion.io(
          'fwcfg.dma',
          8,
          {
            read: (addr, size) => {
              const v = dmaMemRead(addr, size);
              return size === 8 ? v : Number(v);
            },
            write: (addr, v, size) => dmaMemWrite(s, addr, BigInt(v), size),
            valid: {
              maxAccessSize: 8,
              accepts: (addr, size, isWrite) =>
                !isWrite || (size === 4 && (addr === 0 || addr === 4)) || (size === 8 && addr === 0),
            },
            impl: { maxAccessSize: 8 },
            endianness: 'big',
          },
          { owner: s },
        );
      }
      s.entries = [[], []];
      s.files = undefined;
      ensureEntries(s);
      fwCfgInit1(s);
      fwCfgReset(s);
    };
  },
});

/**
 * fw_cfg_init_io_dma: the device at /machine/fw_cfg with its ports in `io` (the system I/O
 * region) at `iobase` and, when dmaAs is given, the DMA register at `dmaIobase`.
 */
export function fwCfgInitIoDma(
  io: MemoryRegion,
  iobase: number,
  dmaIobase: number,
  dmaAs: AddressSpace | undefined,
  setup?: (s: FWCfgState) => void,
): FWCfgState {
  const s = qdevNew<FWCfgState>(TYPE_FW_CFG_IO);
  if (!dmaAs) s.dmaEnabled = false;
  setup?.(s);
  objectPropertyAddChild(qdevGetMachine(), TYPE_FW_CFG, s);
  qdevRealizeAndUnref(s, sysbusGetDefault());
  io.addSubregion(iobase, s.combIomem as MemoryRegion);
  if (s.dmaEnabled && s.dmaIomem) {
    s.dmaAs = dmaAs;
    s.dmaAddr = 0n;
    io.addSubregion(dmaIobase, s.dmaIomem);
  }
  return s;
}

/** The e820 entry types (struct e820_entry: u64 address, u64 length, u32 type, packed, LE). */
export interface FwCfgE820Entry {
  address: number | bigint;
  length: number | bigint;
  type: number;
}

export function e820TableBytes(entries: readonly FwCfgE820Entry[]): Uint8Array {
  const b = new Uint8Array(entries.length * 20);
  const dv = new DataView(b.buffer);
  entries.forEach((e, i) => {
    dv.setBigUint64(i * 20, BigInt(e.address), true);
    dv.setBigUint64(i * 20 + 8, BigInt(e.length), true);
    dv.setUint32(i * 20 + 16, e.type, true);
  });
  return b;
}

export interface FwCfgArchOptions {
  ramSize: number | bigint;
  bootCpus: number;
  apicIdLimit: number;
  /** the RAM layout for "etc/e820" */
  e820: readonly FwCfgE820Entry[];
  numaNodes?: number;
}

/**
 * fw_cfg_arch_create (hw/i386/fw_cfg.c): the x86 items — CPU counts, RAM size, ACPI tables
 * (none), IRQ0 override, the legacy e820 reservation table, "etc/e820", HPET config and NUMA.
 */
export function fwCfgArchCreate(
  io: MemoryRegion,
  dmaAs: AddressSpace,
  opts: FwCfgArchOptions,
  setup?: (s: FWCfgState) => void,
): FWCfgState {
  const s = fwCfgInitIoDma(io, FW_CFG_IO_BASE, FW_CFG_IO_BASE + 4, dmaAs, setup);
  fwCfgAddI16(s, FW_CFG_NB_CPUS, opts.bootCpus);
  fwCfgAddI16(s, FW_CFG_MAX_CPUS, opts.apicIdLimit);
  fwCfgAddI64(s, FW_CFG_RAM_SIZE, opts.ramSize);
  fwCfgAddBytes(s, FW_CFG_ACPI_TABLES, new Uint8Array(0));
  fwCfgAddI32(s, FW_CFG_IRQ0_OVERRIDE, 1);
  // struct e820_reserve { u32 count; struct e820_entry entry[16]; }: no reservations
  fwCfgAddBytes(s, FW_CFG_E820_TABLE, new Uint8Array(4 + 16 * 20));
  fwCfgAddFile(s, 'etc/e820', e820TableBytes(opts.e820));
  // struct hpet_fw_config { u8 count; struct hpet_fw_entry hpet[8]; } (15-byte entries)
  fwCfgAddBytes(s, FW_CFG_HPET, new Uint8Array(1 + 8 * 15));
  const nodes = opts.numaNodes ?? 0;
  const numa = new Uint8Array((1 + opts.apicIdLimit + nodes) * 8);
  new DataView(numa.buffer).setBigUint64(0, BigInt(nodes), true);
  fwCfgAddBytes(s, FW_CFG_NUMA, numa);
  return s;
}

export interface FwCfgLinuxBoot {
  /** protocol >= 2.02 layout (bzImage): where the loader places the pieces */
  kernelAddr: number;
  kernel: Uint8Array;
  cmdlineAddr: number;
  cmdline: string;
  setupAddr: number;
  setup: Uint8Array;
  initrdAddr?: number;
  initrd?: Uint8Array;
}

/**
 * The -kernel items x86_load_linux gives the firmware's linuxboot option ROM: kernel, command
 * line, setup (real-mode part) and initrd, each as address, size and data.
 */
export function fwCfgAddLinuxBoot(s: FWCfgState, b: FwCfgLinuxBoot): void {
  const cmdline = cString(b.cmdline);
  fwCfgAddI32(s, FW_CFG_CMDLINE_ADDR, b.cmdlineAddr);
  fwCfgAddI32(s, FW_CFG_CMDLINE_SIZE, cmdline.length);
  fwCfgAddBytes(s, FW_CFG_CMDLINE_DATA, cmdline);
  fwCfgAddI32(s, FW_CFG_SETUP_ADDR, b.setupAddr);
  fwCfgAddI32(s, FW_CFG_KERNEL_ADDR, b.kernelAddr);
  fwCfgAddI32(s, FW_CFG_KERNEL_SIZE, b.kernel.length);
  fwCfgAddBytes(s, FW_CFG_KERNEL_DATA, b.kernel);
  if (b.initrd && b.initrdAddr !== undefined) {
    fwCfgAddI32(s, FW_CFG_INITRD_ADDR, b.initrdAddr);
    fwCfgAddI32(s, FW_CFG_INITRD_SIZE, b.initrd.length);
    fwCfgAddBytes(s, FW_CFG_INITRD_DATA, b.initrd);
  }
  fwCfgAddI32(s, FW_CFG_SETUP_SIZE, b.setup.length);
  fwCfgAddBytes(s, FW_CFG_SETUP_DATA, b.setup);
}
