/**
 * MMIO dispatch: memory_region_access_valid, access_with_adjusted_size and the endianness
 * adjustment of memory_region_dispatch_read/write. Accesses of up to 4 bytes use numbers,
 * 8-byte accesses bigint.
 */
import type { MemoryRegion } from './region.js';

/** MemTxResult values */
export const MEMTX_OK = 0;
export const MEMTX_ERROR = 1;
export const MEMTX_DECODE_ERROR = 2;

export type GuestErrorLogger = (message: string) => void;
let guestErrorLog: GuestErrorLogger | undefined;

/** Where LOG_GUEST_ERROR messages go (QEMU's `-d guest_errors`); undefined silences them. */
export function setGuestErrorLogger(fn: GuestErrorLogger | undefined): void {
  guestErrorLog = fn;
}

function hwaddr(addr: number): string {
  return `0x${addr.toString(16).toUpperCase().padStart(16, '0')}`;
}

/** memory_region_access_valid */
export function memoryRegionAccessValid(
  mr: MemoryRegion,
  addr: number,
  size: number,
  isWrite: boolean,
): boolean {
  const valid = mr.ops.valid ?? {};
  if (valid.accepts && !valid.accepts(addr, size, isWrite)) {
    guestErrorLog?.(
      `Invalid access at addr ${hwaddr(addr)}, size ${size}, region '${mr.name}', reason: rejected`,
    );
    return false;
  }
  if (!valid.unaligned && addr & (size - 1)) {
    guestErrorLog?.(
      `Invalid access at addr ${hwaddr(addr)}, size ${size}, region '${mr.name}', reason: unaligned`,
    );
    return false;
  }
  const max = valid.maxAccessSize ?? 0;
  if (!max) return true;
  const min = valid.minAccessSize ?? 0;
  if (size > max || size < min) {
    guestErrorLog?.(
      `Invalid access at addr ${hwaddr(addr)}, size ${size}, region '${mr.name}', reason: invalid size (min:${min} max:${max})`,
    );
    return false;
  }
  return true;
}

function implSize(mr: MemoryRegion, size: number): number {
  const impl = mr.ops.impl;
  const min = impl?.minAccessSize || 1;
  const max = impl?.maxAccessSize || 4;
  return Math.max(Math.min(size, max), min);
}

function isBig(mr: MemoryRegion): boolean {
  return mr.ops.endianness === 'big';
}

function bswap16(v: number): number {
  return ((v & 0xff) << 8) | ((v >>> 8) & 0xff);
}
function bswap32(v: number): number {
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
}
function bswap64(v: bigint): bigint {
  let r = 0n;
  for (let i = 0; i < 8; i++) {
    r = (r << 8n) | (v & 0xffn);
    v >>= 8n;
  }
  return r;
}

const MASKS = [0, 0xff, 0xffff, 0xffffff, 0xffffffff];

/** The memory transaction result of the last dispatch (reads and writes). */
export let lastMemTxResult = MEMTX_OK;

/**
 * memory_region_dispatch_read for 1, 2 or 4 bytes, little-endian as the x86 target sees it.
 * An invalid access reads as 0 (MEMTX_DECODE_ERROR).
 */
export function dispatchRead(mr: MemoryRegion, addr: number, size: number): number {
  if (!memoryRegionAccessValid(mr, addr, size, false)) {
    lastMemTxResult = MEMTX_DECODE_ERROR;
    return 0;
  }
  lastMemTxResult = MEMTX_OK;
  const read = mr.ops.read;
  if (!read) return 0;
  const as = implSize(mr, size);
  let v: number;
  if (as === size) {
    v = Number(read(addr, size)) & MASKS[size];
  } else if (as > size) {
    // widened: QEMU keeps the whole access and its consumer truncates; a big-endian device's
    // bytes of interest are the high ones
    const t = Number(BigInt.asUintN(as * 8, BigInt(read(addr, as))));
    v = isBig(mr) ? Math.floor(t / 2 ** ((as - size) * 8)) : t;
    v = (v % 2 ** (size * 8)) >>> 0;
  } else {
    v = 0;
    const mask = MASKS[as];
    const big = isBig(mr);
    for (let i = 0; i < size; i += as) {
      const t = Number(read(addr + i, as)) & mask;
      const shift = big ? (size - as - i) * 8 : i * 8;
      v |= t << shift;
    }
    v >>>= 0;
  }
  if (isBig(mr)) {
    if (size === 2) v = bswap16(v);
    else if (size === 4) v = bswap32(v);
  }
  return v >>> 0;
}

/** memory_region_dispatch_write for 1, 2 or 4 bytes. An invalid access is dropped. */
export function dispatchWrite(mr: MemoryRegion, addr: number, value: number, size: number): void {
  if (!memoryRegionAccessValid(mr, addr, size, true)) {
    lastMemTxResult = MEMTX_DECODE_ERROR;
    return;
  }
  lastMemTxResult = MEMTX_OK;
  const write = mr.ops.write;
  if (!write) return;
  value = size === 4 ? value >>> 0 : value & MASKS[size];
  const big = isBig(mr);
  if (big) {
    if (size === 2) value = bswap16(value);
    else if (size === 4) value = bswap32(value);
  }
  const as = implSize(mr, size);
  if (as >= size) {
    // widened: a big-endian device gets the bytes in the high end of the access
    write(addr, big && as > size ? value * 2 ** ((as - size) * 8) : value, as);
    return;
  }
  const mask = MASKS[as];
  for (let i = 0; i < size; i += as) {
    const shift = big ? (size - as - i) * 8 : i * 8;
    write(addr + i, (value >>> shift) & mask, as);
  }
}

/** memory_region_dispatch_read of 8 bytes. */
export function dispatchRead64(mr: MemoryRegion, addr: number): bigint {
  if (!memoryRegionAccessValid(mr, addr, 8, false)) {
    lastMemTxResult = MEMTX_DECODE_ERROR;
    return 0n;
  }
  lastMemTxResult = MEMTX_OK;
  const read = mr.ops.read;
  if (!read) return 0n;
  const as = implSize(mr, 8);
  const big = isBig(mr);
  let v = 0n;
  if (as >= 8) {
    v = BigInt.asUintN(64, BigInt(read(addr, as)));
  } else {
    const mask = BigInt(MASKS[as]);
    for (let i = 0; i < 8; i += as) {
      const t = BigInt(read(addr + i, as)) & mask;
      const shift = BigInt(big ? (8 - as - i) * 8 : i * 8);
      v |= t << shift;
    }
  }
  return big ? bswap64(v) : v;
}

/** memory_region_dispatch_write of 8 bytes. */
export function dispatchWrite64(mr: MemoryRegion, addr: number, value: bigint): void {
  if (!memoryRegionAccessValid(mr, addr, 8, true)) {
    lastMemTxResult = MEMTX_DECODE_ERROR;
    return;
  }
  lastMemTxResult = MEMTX_OK;
  const write = mr.ops.write;
  if (!write) return;
  value = BigInt.asUintN(64, value);
  const big = isBig(mr);
  if (big) value = bswap64(value);
  const as = implSize(mr, 8);
  if (as >= 8) {
    write(addr, value, 8);
    return;
  }
  const mask = BigInt(MASKS[as]);
  for (let i = 0; i < 8; i += as) {
    const shift = BigInt(big ? (8 - as - i) * 8 : i * 8);
    write(addr + i, Number((value >> shift) & mask), as);
  }
}

/** memory_access_size (physmem.c): the largest access the region takes at addr, at most l. */
export function memoryAccessSize(mr: MemoryRegion, l: number, addr: number): number {
  let max = mr.ops.valid?.maxAccessSize || 4;
  if (!mr.ops.impl?.unaligned) {
    const lowBit = addr === 0 ? 0 : 2 ** Math.min(31, ctz(addr));
    if (lowBit !== 0 && lowBit < max) max = lowBit;
  }
  if (l > max) l = max;
  // pow2floor
  let p = 1;
  while (p * 2 <= l) p *= 2;
  return p;
}

function ctz(n: number): number {
  let c = 0;
  while (n % 2 === 0 && c < 53) {
    n /= 2;
    c++;
  }
  return c;
}
