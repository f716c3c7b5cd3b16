/**
 * MemoryRegion: the nodes of QEMU's memory tree (softmmu/memory.c): containers, RAM, ROM,
 * ROM devices, MMIO regions with MemoryRegionOps, and aliases.
 *
 * Geometry (addresses, sizes, alias offsets) is kept as bigint so that 64-bit and 2^64-sized
 * regions behave exactly; the access paths work on numbers.
 */
import { RAMBlock, type RAMBlockOptions, ramList } from './ram.js';

export type DeviceEndian = 'native' | 'little' | 'big';

export interface MemoryRegionAccessLimits {
  /** smallest access size in bytes (0 = 1) */
  minAccessSize?: number;
  /** largest access size in bytes (0 = 4) */
  maxAccessSize?: number;
  /** unaligned accesses allowed */
  unaligned?: boolean;
}

export interface MemoryRegionValid extends MemoryRegionAccessLimits {
  /** return false to reject an access (it then reads as 0 and writes are dropped) */
  accepts?(addr: number, size: number, isWrite: boolean): boolean;
}

/**
 * Device callbacks (QEMU's MemoryRegionOps). Values up to 4 bytes are numbers (unsigned);
 * 8-byte accesses pass and may return a bigint.
 */
export interface MemoryRegionOps {
  read?(addr: number, size: number): number | bigint;
  write?(addr: number, value: number | bigint, size: number): void;
  /** 'native' is the target's order: little-endian for x86 */
  endianness?: DeviceEndian;
  /** what the guest may do: invalid accesses never reach the callbacks */
  valid?: MemoryRegionValid;
  /** what the callbacks implement: other sizes are split or widened (access_with_adjusted_size) */
  impl?: MemoryRegionAccessLimits;
}

/** unassigned_mem_ops: every access is rejected, so reads give 0 and writes vanish. */
export const unassignedMemOps: MemoryRegionOps = {
  valid: { accepts: () => false },
  endianness: 'native',
};

/** unassigned_io_ops (ioport.c): I/O space holes read as all ones and ignore writes. */
export const unassignedIoOps: MemoryRegionOps = {
  read: () => 0xffffffff,
  write: () => {},
  endianness: 'native',
};

/** 2^64: the size QEMU uses for regions created with size UINT64_MAX. */
export const SIZE_2_64 = 1n << 64n;
const U64_MASK = SIZE_2_64 - 1n;

/** Sizes: UINT64_MAX (as bigint, or 2**64 as a number, which is what 0xffffffffffffffff evaluates to) means 2^64. */
function toSize(size: number | bigint): bigint {
  if (typeof size === 'number') {
    if (size === 2 ** 64) return SIZE_2_64;
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`invalid region size ${size}`);
    return BigInt(size);
  }
  if (size === U64_MASK) return SIZE_2_64;
  if (size < 0n || size > SIZE_2_64) throw new RangeError(`invalid region size ${size}`);
  return size;
}

function toAddr(addr: number | bigint): bigint {
  if (typeof addr === 'number') {
    if (!Number.isSafeInteger(addr) || addr < 0) throw new RangeError(`invalid address ${addr}`);
    return BigInt(addr);
  }
  return addr & U64_MASK;
}

// ---- transactions --------------------------------------------------------------------------

/** Something whose flat view depends on the region tree (an AddressSpace). */
export interface TopologyListener {
  updateTopology(): void;
}

const topologyListeners = new Set<TopologyListener>();
let transactionDepth = 0;
let updatePending = false;

/** @internal AddressSpace registers itself here. */
export function registerTopologyListener(l: TopologyListener): void {
  topologyListeners.add(l);
}
/** @internal */
export function unregisterTopologyListener(l: TopologyListener): void {
  topologyListeners.delete(l);
}

/** memory_region_transaction_begin: batch changes; flat views are rebuilt once, at the outer commit. */
export function memoryRegionTransactionBegin(): void {
  transactionDepth++;
}

/** memory_region_transaction_commit */
export function memoryRegionTransactionCommit(): void {
  if (transactionDepth === 0) throw new Error('memory region transaction commit without begin');
  transactionDepth--;
  if (transactionDepth === 0 && updatePending) {
    updatePending = false;
    for (const l of topologyListeners) l.updateTopology();
  }
}

/** Run fn inside one transaction. */
export function memoryRegionTransaction<T>(fn: () => T): T {
  memoryRegionTransactionBegin();
  try {
    return fn();
  } finally {
    memoryRegionTransactionCommit();
  }
}

function changed(pending: boolean): void {
  memoryRegionTransactionBegin();
  updatePending ||= pending;
  memoryRegionTransactionCommit();
}

// ---- MemoryRegion --------------------------------------------------------------------------

export interface MemoryRegionOptions {
  /** the owning object (a QOM object once @tsemu/qom integration lands); shown by `info mtree -o` */
  owner?: unknown;
}

export class MemoryRegion {
  readonly name: string;
  readonly owner: unknown;
  /** size in bytes, 2^64 for "the whole space" */
  size: bigint;
  /** offset within the container */
  addr = 0n;
  priority = 0;
  enabled = true;
  readonly = false;
  nonvolatile = false;
  /** false for containers: they only show their subregions */
  terminates = false;
  ram = false;
  romDevice = false;
  romdMode = true;
  ramDevice = false;
  ops: MemoryRegionOps = unassignedMemOps;
  ramBlock: RAMBlock | undefined;
  alias: MemoryRegion | undefined;
  aliasOffset = 0n;
  container: MemoryRegion | undefined;
  /** subregions in rendering order: higher priority first, later-added first among equals */
  readonly subregions: MemoryRegion[] = [];
  /** extra dirty logging requested for the region (memory_region_set_log, VGA client) */
  dirtyLogMask = 0;

  /** memory_region_init: a container (or, once given subregions, a pure grouping node). */
  constructor(name: string, size: number | bigint, opts: MemoryRegionOptions = {}) {
    this.name = name;
    this.size = toSize(size);
    this.owner = opts.owner;
  }

  /** memory_region_init_ram */
  static ram(name: string, size: number, opts: MemoryRegionOptions & RAMBlockOptions = {}): MemoryRegion {
    const mr = new MemoryRegion(name, size, opts);
    mr.ram = true;
    mr.terminates = true;
    mr.ramBlock = new RAMBlock(name, size, opts, ramList);
    return mr;
  }

  /** memory_region_init_ram_ptr: RAM over caller-provided bytes */
  static ramPtr(name: string, host: Uint8Array, opts: MemoryRegionOptions = {}): MemoryRegion {
    return MemoryRegion.ram(name, host.length, { ...opts, host });
  }

  /** memory_region_init_rom: RAM the guest cannot write (writes are ignored) */
  static rom(name: string, size: number, opts: MemoryRegionOptions & RAMBlockOptions = {}): MemoryRegion {
    const mr = MemoryRegion.ram(name, size, opts);
    mr.readonly = true;
    return mr;
  }

  /** memory_region_init_io: MMIO or port I/O dispatched to ops */
  static io(
    name: string,
    size: number | bigint,
    ops: MemoryRegionOps = unassignedMemOps,
    opts: MemoryRegionOptions = {},
  ): MemoryRegion {
    const mr = new MemoryRegion(name, size, opts);
    mr.ops = ops;
    mr.terminates = true;
    return mr;
  }

  /** memory_region_init_rom_device: reads from RAM while in romd mode, writes always go to ops */
  static romDevice(
    name: string,
    size: number,
    ops: MemoryRegionOps,
    opts: MemoryRegionOptions & RAMBlockOptions = {},
  ): MemoryRegion {
    const mr = new MemoryRegion(name, size, opts);
    mr.ops = ops;
    mr.terminates = true;
    mr.romDevice = true;
    mr.ramBlock = new RAMBlock(name, size, opts, ramList);
    return mr;
  }

  /** memory_region_init_alias: a window of size bytes onto orig starting at offset */
  static alias(
    name: string,
    orig: MemoryRegion,
    offset: number | bigint,
    size: number | bigint,
    opts: MemoryRegionOptions = {},
  ): MemoryRegion {
    const mr = new MemoryRegion(name, size, opts);
    mr.alias = orig;
    mr.aliasOffset = toAddr(offset);
    return mr;
  }

  /** memory_region_size: 2^64 is reported as a number equal to 2**64 */
  getSize(): number {
    return Number(this.size);
  }

  /** memory_region_is_ram */
  isRam(): boolean {
    return this.ram;
  }
  /** memory_region_is_rom: RAM that is read-only */
  isRom(): boolean {
    return this.ram && this.readonly;
  }
  /** memory_region_is_romd: a ROM device currently in romd mode */
  isRomd(): boolean {
    return this.romDevice && this.romdMode;
  }
  /** memory_region_is_mapped */
  isMapped(): boolean {
    return this.container !== undefined;
  }

  /** memory_region_get_ram_ptr: the bytes of the RAM behind this region (through aliases) */
  getRamPtr(): Uint8Array {
    let mr: MemoryRegion = this;
    let offset = 0n;
    while (mr.alias) {
      offset += mr.aliasOffset;
      mr = mr.alias;
    }
    if (!mr.ramBlock) throw new Error(`memory region '${this.name}' has no RAM`);
    return mr.ramBlock.host.subarray(Number(offset));
  }

  /** memory_region_add_subregion: map sub at offset with priority 0 */
  addSubregion(offset: number | bigint, sub: MemoryRegion): void {
    sub.priority = 0;
    this.addSubregionCommon(offset, sub);
  }

  /** memory_region_add_subregion_overlap: map sub at offset with the given priority */
  addSubregionOverlap(offset: number | bigint, sub: MemoryRegion, priority: number): void {
    sub.priority = priority | 0;
    this.addSubregionCommon(offset, sub);
  }

  /** memory_region_del_subregion */
  delSubregion(sub: MemoryRegion): void {
    if (sub.container !== this) throw new Error(`'${sub.name}' is not a subregion of '${this.name}'`);
    memoryRegionTransactionBegin();
    sub.container = undefined;
    this.subregions.splice(this.subregions.indexOf(sub), 1);
    updatePending ||= this.enabled && sub.enabled;
    memoryRegionTransactionCommit();
  }

  /** memory_region_set_enabled */
  setEnabled(enabled: boolean): void {
    if (enabled === this.enabled) return;
    memoryRegionTransactionBegin();
    this.enabled = enabled;
    updatePending = true;
    memoryRegionTransactionCommit();
  }

  /** memory_region_set_readonly */
  setReadonly(readonly: boolean): void {
    if (readonly === this.readonly) return;
    this.readonly = readonly;
    changed(this.enabled);
  }

  /** memory_region_set_nonvolatile */
  setNonvolatile(nonvolatile: boolean): void {
    if (nonvolatile === this.nonvolatile) return;
    this.nonvolatile = nonvolatile;
    changed(this.enabled);
  }

  /** memory_region_rom_device_set_romd: switch a ROM device between romd (direct reads) and MMIO mode */
  romDeviceSetRomd(romdMode: boolean): void {
    if (romdMode === this.romdMode) return;
    this.romdMode = romdMode;
    changed(this.enabled);
  }

  /** memory_region_set_size */
  setSize(size: number | bigint): void {
    const s = toSize(size);
    if (s === this.size) return;
    this.size = s;
    changed(true);
  }

  /** memory_region_set_address: move within the container */
  setAddress(addr: number | bigint): void {
    const a = toAddr(addr);
    if (a === this.addr) return;
    this.addr = a;
    const c = this.container;
    if (c) {
      memoryRegionTransactionBegin();
      c.delSubregion(this);
      this.container = c;
      c.insertSubregion(this);
      memoryRegionTransactionCommit();
    }
  }

  /** memory_region_set_alias_offset */
  setAliasOffset(offset: number | bigint): void {
    if (!this.alias) throw new Error(`memory region '${this.name}' is not an alias`);
    const o = toAddr(offset);
    if (o === this.aliasOffset) return;
    this.aliasOffset = o;
    changed(this.enabled);
  }

  /** memory_region_set_log for the VGA client: dirty tracking of this region's RAM */
  setLog(log: boolean, client: number): void {
    const mask = 1 << client;
    const next = log ? this.dirtyLogMask | mask : this.dirtyLogMask & ~mask;
    if (next === this.dirtyLogMask) return;
    this.dirtyLogMask = next;
    this.ramBlock?.setLogging(client, log);
    changed(this.enabled);
  }

  /** memory_region_get_dirty / memory_region_snapshot: whether [addr, addr+size) was written for client */
  getDirty(addr: number, size: number, client: number): boolean {
    return this.requireRamBlock().getDirty(addr, size, client);
  }

  /** memory_region_set_dirty */
  setDirty(addr: number, size: number): void {
    this.requireRamBlock().setDirty(addr, size);
  }

  /** memory_region_reset_dirty */
  resetDirty(addr: number, size: number, client: number): void {
    this.requireRamBlock().testAndClearDirty(addr, size, client);
  }

  private requireRamBlock(): RAMBlock {
    if (!this.ramBlock) throw new Error(`memory region '${this.name}' has no RAM block`);
    return this.ramBlock;
  }

  private addSubregionCommon(offset: number | bigint, sub: MemoryRegion): void {
    if (sub.container) {
      throw new Error(`memory region '${sub.name}' is already mapped in '${sub.container.name}'`);
    }
    sub.container = this;
    sub.addr = toAddr(offset);
    this.insertSubregion(sub);
  }

  private insertSubregion(sub: MemoryRegion): void {
    memoryRegionTransactionBegin();
    // memory_region_update_container_subregions: before the first region of lower or equal priority
    let i = this.subregions.findIndex((o) => sub.priority >= o.priority);
    if (i < 0) i = this.subregions.length;
    this.subregions.splice(i, 0, sub);
    updatePending ||= this.enabled && sub.enabled;
    memoryRegionTransactionCommit();
  }
}

/** memory_region_type, as `info mtree` prints it. */
export function memoryRegionType(mr: MemoryRegion): string {
  while (mr.alias) mr = mr.alias;
  if (mr.ramDevice) return 'ramd';
  if (mr.isRomd()) return 'romd';
  if (mr.isRom()) return 'rom';
  if (mr.isRam()) return 'ram';
  return 'i/o';
}
