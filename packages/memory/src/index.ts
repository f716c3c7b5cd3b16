export {
  AddressSpace,
  listAddressSpaces,
  type MemoryRegionSection,
  type RamPage,
} from './address-space.js';
export {
  dispatchRead,
  dispatchRead64,
  dispatchWrite,
  dispatchWrite64,
  type GuestErrorLogger,
  MEMTX_DECODE_ERROR,
  MEMTX_ERROR,
  MEMTX_OK,
  memoryAccessSize,
  memoryRegionAccessValid,
  setGuestErrorLogger,
} from './dispatch.js';
export { FlatRange, FlatView } from './flatview.js';
export {
  HostMemoryBackend,
  type HostMemPolicy,
  type HostmemRamAllocator,
  hostmemRegisterTypes,
  hostmemSetRamAllocator,
  TYPE_MEMORY_BACKEND,
  TYPE_MEMORY_BACKEND_RAM,
} from './hostmem.js';
export { type MtreeOptions, mtreeInfo } from './mtree.js';
export {
  type CodeWriteListener,
  DIRTY_CLIENTS_ALL,
  DIRTY_MEMORY_CODE,
  DIRTY_MEMORY_MIGRATION,
  DIRTY_MEMORY_NUM,
  DIRTY_MEMORY_VGA,
  RAMBlock,
  type RAMBlockOptions,
  RamList,
  ramList,
  TARGET_PAGE_BITS,
  TARGET_PAGE_MASK,
  TARGET_PAGE_SIZE,
} from './ram.js';
export {
  type DeviceEndian,
  MemoryRegion,
  type MemoryRegionAccessLimits,
  type MemoryRegionOps,
  type MemoryRegionOptions,
  type MemoryRegionValid,
  memoryRegionTransaction,
  memoryRegionTransactionBegin,
  memoryRegionTransactionCommit,
  memoryRegionType,
  SIZE_2_64,
  unassignedIoOps,
  unassignedMemOps,
} from './region.js';
export {
  cpuInb,
  cpuInl,
  cpuInw,
  cpuOutb,
  cpuOutl,
  cpuOutw,
  memoryMapInit,
  type SystemMemory,
} from './system.js';
