/**
 * The machine-wide memory map (memory_map_init) and port I/O helpers (ioport.c's cpu_in/out).
 */
import { AddressSpace } from './address-space.js';
import { MemoryRegion, unassignedIoOps } from './region.js';

export interface SystemMemory {
  /** "system": the CPU-visible physical memory container, 2^64 bytes */
  systemMemory: MemoryRegion;
  /** "io": the 64 KiB port space; holes read as all ones */
  systemIo: MemoryRegion;
  /** address space "memory" over systemMemory (QEMU's address_space_memory) */
  addressSpaceMemory: AddressSpace;
  /** address space "I/O" over systemIo (QEMU's address_space_io) */
  addressSpaceIo: AddressSpace;
}

/** memory_map_init: the system memory and I/O regions with their address spaces. */
export function memoryMapInit(): SystemMemory {
  const systemMemory = new MemoryRegion('system', 2 ** 64);
  const systemIo = MemoryRegion.io('io', 0x10000, unassignedIoOps);
  const addressSpaceMemory = new AddressSpace(systemMemory, 'memory');
  const addressSpaceIo = new AddressSpace(systemIo, 'I/O');
  return { systemMemory, systemIo, addressSpaceMemory, addressSpaceIo };
}

// Port accesses go through address_space_read/write, so an odd-port word access to a region
// that is not unaligned-capable is split into bytes, as on QEMU.

/** cpu_inb */
export function cpuInb(io: AddressSpace, port: number): number {
  const b = new Uint8Array(1);
  io.read(port & 0xffff, b);
  return b[0];
}

/** cpu_inw */
export function cpuInw(io: AddressSpace, port: number): number {
  const b = new Uint8Array(2);
  io.read(port & 0xffff, b);
  return b[0] | (b[1] << 8);
}

/** cpu_inl */
export function cpuInl(io: AddressSpace, port: number): number {
  const b = new Uint8Array(4);
  io.read(port & 0xffff, b);
  return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
}

/** cpu_outb */
export function cpuOutb(io: AddressSpace, port: number, value: number): void {
  io.write(port & 0xffff, Uint8Array.of(value & 0xff));
}

/** cpu_outw */
export function cpuOutw(io: AddressSpace, port: number, value: number): void {
  io.write(port & 0xffff, Uint8Array.of(value & 0xff, (value >>> 8) & 0xff));
}

/** cpu_outl */
export function cpuOutl(io: AddressSpace, port: number, value: number): void {
  io.write(
    port & 0xffff,
    Uint8Array.of(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff),
  );
}
