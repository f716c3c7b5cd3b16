/**
 * The PCI core (hw/pci/pci.c): the `PCI` bus with its 256 device/function slots, PCIDevice with a
 * 256-byte configuration space guarded by write / write-1-to-clear masks, BARs sized by writing
 * all ones and mapped into the bus's memory or I/O space while decoding is enabled, and INTx
 * routing through the host bridge's map_irq/set_irq.
 */
import type { MemoryRegion } from '@tsemu/memory';
import {
  type BusClass,
  BusState,
  type DeviceClass,
  DeviceState,
  defineProp,
  definePropBool,
  definePropString,
  definePropUint32,
  deviceClassSetProps,
  QomError,
  qbusNew,
  TYPE_BUS,
  TYPE_DEVICE,
  typeRegister,
} from '@tsemu/qdev';
import {
  PCI_BASE_ADDRESS_0,
  PCI_BASE_ADDRESS_MEM_TYPE_64,
  PCI_BASE_ADDRESS_SPACE_IO,
  PCI_CACHE_LINE_SIZE,
  PCI_CLASS_DESCRIPTIONS,
  PCI_CLASS_DEVICE,
  PCI_CLASS_PROG,
  PCI_COMMAND,
  PCI_COMMAND_INTX_DISABLE,
  PCI_COMMAND_IO,
  PCI_COMMAND_MASTER,
  PCI_COMMAND_MEMORY,
  PCI_COMMAND_SERR,
  PCI_CONFIG_HEADER_SIZE,
  PCI_CONFIG_SPACE_SIZE,
  PCI_DEVICE_ID,
  PCI_HEADER_TYPE,
  PCI_HEADER_TYPE_MULTI_FUNCTION,
  PCI_INTERRUPT_LINE,
  PCI_INTERRUPT_PIN,
  PCI_NUM_PINS,
  PCI_NUM_REGIONS,
  PCI_REVISION_ID,
  PCI_ROM_ADDRESS,
  PCI_ROM_SLOT,
  PCI_STATUS,
  PCI_STATUS_INTERRUPT,
  PCI_STATUS_W1C,
  PCI_SUBDEVICE_ID_QEMU,
  PCI_SUBSYSTEM_ID,
  PCI_SUBSYSTEM_VENDOR_ID,
  PCI_SUBVENDOR_ID_REDHAT_QUMRANET,
  PCI_VENDOR_ID,
} from './pci-regs.js';

export const TYPE_PCI_BUS = 'PCI';
export const TYPE_PCI_DEVICE = 'pci-device';
/** The interface every conventional PCI device implements (QEMU's INTERFACE_CONVENTIONAL_PCI_DEVICE). */
export const INTERFACE_CONVENTIONAL_PCI_DEVICE = 'conventional-pci-device';

/** An unmapped BAR, as QEMU's PCI_BAR_UNMAPPED (reported as -1). */
export const PCI_BAR_UNMAPPED = -1n;

export const PCI_DEVFN = (slot: number, fn: number) => ((slot & 0x1f) << 3) | (fn & 7);
export const PCI_SLOT = (devfn: number) => (devfn >> 3) & 0x1f;
export const PCI_FUNC = (devfn: number) => devfn & 7;

export type PciMapIrqFn = (dev: PCIDevice, pin: number) => number;
export type PciSetIrqFn = (opaque: unknown, irq: number, level: number) => void;

export class PCIBus extends BusState {
  devices: (PCIDevice | undefined)[] = new Array(256).fill(undefined);
  addressSpaceMem: MemoryRegion | undefined;
  addressSpaceIo: MemoryRegion | undefined;
  devfnMin = 0;
  mapIrq: PciMapIrqFn | undefined;
  setIrq: PciSetIrqFn | undefined;
  irqOpaque: unknown;
  irqCount: number[] = [];
}

export interface PCIIORegion {
  /** current address, PCI_BAR_UNMAPPED when not decoded */
  addr: bigint;
  size: number;
  /** low bits of the BAR: I/O, 64-bit, prefetchable */
  type: number;
  memory: MemoryRegion | undefined;
  addressSpace: MemoryRegion | undefined;
}

export class PCIDevice extends DeviceState {
  config = new Uint8Array(PCI_CONFIG_SPACE_SIZE);
  /** bits the guest may write */
  wmask = new Uint8Array(PCI_CONFIG_SPACE_SIZE);
  /** bits cleared by writing 1 */
  w1cmask = new Uint8Array(PCI_CONFIG_SPACE_SIZE);
  /** bits checked on migration (not used further) */
  cmask = new Uint8Array(PCI_CONFIG_SPACE_SIZE);
  devfn = -1;
  romfile: string | undefined;
  romsize = 0xffffffff;
  romBar = 1;
  multifunction = false;
  xPcieLnkstaDllla = true;
  xPcieExtcapInit = true;
  failoverPairId: string | undefined;
  acpiIndex = 0;
  name = '';
  ioRegions: PCIIORegion[] = Array.from({ length: PCI_NUM_REGIONS }, () => ({
    addr: PCI_BAR_UNMAPPED,
    size: 0,
    type: 0,
    memory: undefined,
    addressSpace: undefined,
  }));
  /** INTx pin levels, one bit per pin */
  irqState = 0;
  get bus(): PCIBus {
    return this.parentBus as PCIBus;
  }
}

export interface PCIDeviceClass extends DeviceClass {
  vendorId: number;
  deviceId: number;
  revision: number;
  classId: number;
  subsystemVendorId: number;
  subsystemId: number;
  isBridge?: boolean;
  /** the device's own realize (QEMU's PCIDeviceClass::realize), after the common setup */
  pciRealize?: (dev: PCIDevice) => void;
  pciExit?: (dev: PCIDevice) => void;
  /** the device's reset values, applied before the bus reset clears guest-written bits */
  pciReset?: (dev: PCIDevice) => void;
  configRead?: (dev: PCIDevice, addr: number, len: number) => number;
  configWrite?: (dev: PCIDevice, addr: number, val: number, len: number) => void;
}

export const PCI_DEVICE_GET_CLASS = (dev: PCIDevice) => dev.class as unknown as PCIDeviceClass;

// ---- config space helpers ----

export const pciGetByte = (c: Uint8Array, o: number) => c[o];
export const pciGetWord = (c: Uint8Array, o: number) => c[o] | (c[o + 1] << 8);
export const pciGetLong = (c: Uint8Array, o: number) =>
  (c[o] | (c[o + 1] << 8) | (c[o + 2] << 16) | (c[o + 3] << 24)) >>> 0;
export function pciSetByte(c: Uint8Array, o: number, v: number): void {
  c[o] = v;
}
export function pciSetWord(c: Uint8Array, o: number, v: number): void {
  c[o] = v;
  c[o + 1] = v >>> 8;
}
export function pciSetLong(c: Uint8Array, o: number, v: number): void {
  c[o] = v;
  c[o + 1] = v >>> 8;
  c[o + 2] = v >>> 16;
  c[o + 3] = v >>> 24;
}

const rangesOverlap = (a: number, alen: number, b: number, blen: number) => a < b + blen && b < a + alen;

function pciBarOffset(reg: number): number {
  return reg === PCI_ROM_SLOT ? PCI_ROM_ADDRESS : PCI_BASE_ADDRESS_0 + reg * 4;
}

// ---- bus ----

function pciBusDevPrint(d: DeviceState, indent: number): string {
  const dev = d as PCIDevice;
  const c = dev.config;
  const pad = ' '.repeat(indent);
  const cls = pciGetWord(c, PCI_CLASS_DEVICE);
  const desc = PCI_CLASS_DESCRIPTIONS.get(cls);
  const h = (v: number, w: number) => v.toString(16).padStart(w, '0');
  let out =
    `${pad}class ${desc ?? `Class ${h(cls, 4)}`}, addr ${h(0, 2)}:${h(PCI_SLOT(dev.devfn), 2)}.${PCI_FUNC(dev.devfn)}, ` +
    `pci id ${h(pciGetWord(c, PCI_VENDOR_ID), 4)}:${h(pciGetWord(c, PCI_DEVICE_ID), 4)} ` +
    `(sub ${h(pciGetWord(c, PCI_SUBSYSTEM_VENDOR_ID), 4)}:${h(pciGetWord(c, PCI_SUBSYSTEM_ID), 4)})\n`;
  dev.ioRegions.forEach((r, i) => {
    if (!r.size) return;
    const addr = BigInt.asUintN(64, r.addr);
    out += `${pad}${i === PCI_ROM_SLOT ? 'rom' : `bar ${i}`}: ${r.type & PCI_BASE_ADDRESS_SPACE_IO ? 'i/o' : 'mem'} at 0x${addr.toString(16)} [0x${BigInt.asUintN(64, addr + BigInt(r.size) - 1n).toString(16)}]\n`;
  });
  return out;
}

typeRegister<PCIBus, BusClass>({
  name: TYPE_PCI_BUS,
  parent: TYPE_BUS,
  instance: PCIBus,
  classInit: (bc) => {
    bc.printDev = pciBusDevPrint;
    bc.getDevPath = (d) => {
      const dev = d as PCIDevice;
      return `0000:00:${PCI_SLOT(dev.devfn).toString(16).padStart(2, '0')}.${PCI_FUNC(dev.devfn)}`;
    };
  },
});

/** pci_root_bus_new: the host bridge's bus (`pci.0`). */
export function pciRootBusNew(
  parent: DeviceState,
  name: string | undefined,
  addressSpaceMem: MemoryRegion,
  addressSpaceIo: MemoryRegion,
  devfnMin = 0,
): PCIBus {
  const bus = qbusNew<PCIBus>(TYPE_PCI_BUS, parent, name);
  bus.addressSpaceMem = addressSpaceMem;
  bus.addressSpaceIo = addressSpaceIo;
  bus.devfnMin = devfnMin;
  return bus;
}

/** pci_bus_irqs: how INTx pins reach the interrupt controller. */
export function pciBusIrqs(
  bus: PCIBus,
  setIrq: PciSetIrqFn,
  mapIrq: PciMapIrqFn,
  opaque: unknown,
  nirq: number,
): void {
  bus.setIrq = setIrq;
  bus.mapIrq = mapIrq;
  bus.irqOpaque = opaque;
  bus.irqCount = new Array(nirq).fill(0);
}

/** pci_bus_get_irq_level */
export function pciBusGetIrqLevel(bus: PCIBus, irq: number): number {
  return bus.irqCount[irq] ? 1 : 0;
}

/** The devices of a bus in devfn order. */
export function pciBusDevices(bus: PCIBus): PCIDevice[] {
  return bus.devices.filter((d): d is PCIDevice => d !== undefined);
}

// ---- device ----

function pciChangeIrqLevel(dev: PCIDevice, pin: number, change: number): void {
  const bus = dev.bus;
  if (!bus.mapIrq || !bus.setIrq) return;
  const irq = bus.mapIrq(dev, pin);
  bus.irqCount[irq] += change;
  bus.setIrq(bus.irqOpaque, irq, bus.irqCount[irq] !== 0 ? 1 : 0);
}

function intxDisabled(dev: PCIDevice): boolean {
  return (pciGetWord(dev.config, PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE) !== 0;
}

/** pci_set_irq: drive the device's interrupt pin (from config PCI_INTERRUPT_PIN). */
export function pciSetIrq(dev: PCIDevice, level: number): void {
  const pin = dev.config[PCI_INTERRUPT_PIN] - 1;
  if (pin < 0) return;
  pciIrqHandler(dev, pin, level);
}

function pciIrqHandler(dev: PCIDevice, pin: number, level: number): void {
  const l = level ? 1 : 0;
  const change = l - ((dev.irqState >> pin) & 1);
  if (!change) return;
  dev.irqState = (dev.irqState & ~(1 << pin)) | (l << pin);
  if (dev.irqState) dev.config[PCI_STATUS] |= PCI_STATUS_INTERRUPT;
  else dev.config[PCI_STATUS] &= ~PCI_STATUS_INTERRUPT;
  if (intxDisabled(dev)) return;
  pciChangeIrqLevel(dev, pin, change);
}

function pciUpdateIrqDisabled(dev: PCIDevice, wasDisabled: boolean): void {
  const disabled = intxDisabled(dev);
  if (disabled === wasDisabled) return;
  for (let pin = 0; pin < PCI_NUM_PINS; pin++)
    if ((dev.irqState >> pin) & 1) pciChangeIrqLevel(dev, pin, disabled ? -1 : 1);
}

/** pci_register_bar: declare BAR `n` of `region.size` bytes backed by `memory`. */
export function pciRegisterBar(dev: PCIDevice, n: number, type: number, memory: MemoryRegion): void {
  const size = memory.getSize();
  if (size & (size - 1))
    throw new Error(
      `ERROR: PCI region size must be pow2 type=0x${type.toString(16)}, size=0x${size.toString(16)}`,
    );
  const r = dev.ioRegions[n];
  r.size = size;
  r.type = type;
  r.memory = memory;
  r.addr = PCI_BAR_UNMAPPED;
  r.addressSpace = type & PCI_BASE_ADDRESS_SPACE_IO ? dev.bus.addressSpaceIo : dev.bus.addressSpaceMem;
  const off = pciBarOffset(n);
  const is64 = !(type & PCI_BASE_ADDRESS_SPACE_IO) && type & PCI_BASE_ADDRESS_MEM_TYPE_64;
  const wmask = n === PCI_ROM_SLOT ? (~(size - 1) | 1) >>> 0 : ~(size - 1) >>> 0;
  pciSetLong(dev.config, off, type);
  pciSetLong(dev.wmask, off, wmask);
  pciSetLong(dev.cmask, off, 0xffffffff);
  if (is64) {
    pciSetLong(dev.config, off + 4, 0);
    pciSetLong(dev.wmask, off + 4, Math.floor((size - 1) / 2 ** 32) ? 0 : 0xffffffff);
  }
}

/** pci_bar_address: where the BAR decodes now, or PCI_BAR_UNMAPPED. */
function pciBarAddress(dev: PCIDevice, reg: number, type: number, size: number): bigint {
  const cmd = pciGetWord(dev.config, PCI_COMMAND);
  const off = pciBarOffset(reg);
  if (type & PCI_BASE_ADDRESS_SPACE_IO) {
    if (!(cmd & PCI_COMMAND_IO)) return PCI_BAR_UNMAPPED;
    const addr = pciGetLong(dev.config, off) & ~(size - 1) & 0xfffffffc;
    const last = addr + size - 1;
    if (last <= addr || addr === 0 || last >= 0x10000) return PCI_BAR_UNMAPPED;
    return BigInt(addr >>> 0);
  }
  if (!(cmd & PCI_COMMAND_MEMORY)) return PCI_BAR_UNMAPPED;
  if (reg === PCI_ROM_SLOT && !(pciGetLong(dev.config, off) & 1)) return PCI_BAR_UNMAPPED;
  let addr = BigInt(pciGetLong(dev.config, off));
  if (type & PCI_BASE_ADDRESS_MEM_TYPE_64) addr |= BigInt(pciGetLong(dev.config, off + 4)) << 32n;
  addr &= ~(BigInt(size) - 1n) & ~0xfn;
  const last = addr + BigInt(size) - 1n;
  if (last <= addr || addr === 0n || last === BigInt.asUintN(64, -1n)) return PCI_BAR_UNMAPPED;
  if (!(type & PCI_BASE_ADDRESS_MEM_TYPE_64) && last >= 1n << 32n) return PCI_BAR_UNMAPPED;
  return addr;
}

/** pci_update_mappings: move every BAR's region to where its register and the command say. */
export function pciUpdateMappings(dev: PCIDevice): void {
  dev.ioRegions.forEach((r, i) => {
    if (!r.size || !r.memory || !r.addressSpace) return;
    const addr = pciBarAddress(dev, i, r.type, r.size);
    if (addr === r.addr) return;
    if (r.addr !== PCI_BAR_UNMAPPED) r.addressSpace.delSubregion(r.memory);
    r.addr = addr;
    if (addr !== PCI_BAR_UNMAPPED) r.addressSpace.addSubregionOverlap(addr, r.memory, 1);
  });
}

/** pci_default_read_config */
export function pciDefaultReadConfig(dev: PCIDevice, addr: number, len: number): number {
  let v = 0;
  for (let i = 0; i < len; i++) v |= dev.config[addr + i] << (8 * i);
  return v >>> 0;
}

/** pci_default_write_config: masked write, then remap BARs / INTx disable as needed. */
export function pciDefaultWriteConfig(dev: PCIDevice, addr: number, val: number, len: number): void {
  const wasIntxDisabled = intxDisabled(dev);
  for (let i = 0; i < len; i++) {
    const a = addr + i;
    const b = (val >>> (8 * i)) & 0xff;
    const wm = dev.wmask[a];
    const w1c = dev.w1cmask[a];
    dev.config[a] = ((dev.config[a] & ~wm) | (b & wm)) & ~(b & w1c);
  }
  if (
    rangesOverlap(addr, len, PCI_BASE_ADDRESS_0, 24) ||
    rangesOverlap(addr, len, PCI_ROM_ADDRESS, 4) ||
    rangesOverlap(addr, len, PCI_COMMAND, 1)
  )
    pciUpdateMappings(dev);
  if (rangesOverlap(addr, len, PCI_COMMAND, 2)) pciUpdateIrqDisabled(dev, wasIntxDisabled);
}

/** A config-space read as the host bridge performs it (the class hook or the default). */
export function pciConfigRead(dev: PCIDevice, addr: number, len: number): number {
  const pc = PCI_DEVICE_GET_CLASS(dev);
  return (pc.configRead ?? pciDefaultReadConfig)(dev, addr, len);
}

export function pciConfigWrite(dev: PCIDevice, addr: number, val: number, len: number): void {
  const pc = PCI_DEVICE_GET_CLASS(dev);
  (pc.configWrite ?? pciDefaultWriteConfig)(dev, addr, val, len);
}

/** pci_do_device_reset: clear what the guest may have written, reset BARs and INTx. */
export function pciDoDeviceReset(dev: PCIDevice): void {
  for (let pin = 0; pin < PCI_NUM_PINS; pin++) pciIrqHandler(dev, pin, 0);
  const c = dev.config;
  pciSetWord(
    c,
    PCI_COMMAND,
    pciGetWord(c, PCI_COMMAND) & ~(pciGetWord(dev.wmask, PCI_COMMAND) | pciGetWord(dev.w1cmask, PCI_COMMAND)),
  );
  pciSetWord(
    c,
    PCI_STATUS,
    pciGetWord(c, PCI_STATUS) & ~(pciGetWord(dev.wmask, PCI_STATUS) | pciGetWord(dev.w1cmask, PCI_STATUS)),
  );
  c[PCI_CACHE_LINE_SIZE] = 0;
  c[PCI_INTERRUPT_LINE] = 0;
  dev.ioRegions.forEach((r, i) => {
    if (!r.size) return;
    const off = pciBarOffset(i);
    pciSetLong(c, off, r.type);
    if (!(r.type & PCI_BASE_ADDRESS_SPACE_IO) && r.type & PCI_BASE_ADDRESS_MEM_TYPE_64)
      pciSetLong(c, off + 4, 0);
  });
  pciUpdateMappings(dev);
}

function pciConfigInit(dev: PCIDevice): void {
  const pc = PCI_DEVICE_GET_CLASS(dev);
  const c = dev.config;
  pciSetWord(c, PCI_VENDOR_ID, pc.vendorId);
  pciSetWord(c, PCI_DEVICE_ID, pc.deviceId);
  c[PCI_REVISION_ID] = pc.revision;
  pciSetWord(c, PCI_CLASS_DEVICE, pc.classId);
  if (!pc.isBridge) {
    pciSetWord(c, PCI_SUBSYSTEM_VENDOR_ID, pc.subsystemVendorId || PCI_SUBVENDOR_ID_REDHAT_QUMRANET);
    pciSetWord(c, PCI_SUBSYSTEM_ID, pc.subsystemId || PCI_SUBDEVICE_ID_QEMU);
  }
  if (dev.multifunction) c[PCI_HEADER_TYPE] |= PCI_HEADER_TYPE_MULTI_FUNCTION;
  // pci_init_cmask / pci_init_wmask / pci_init_w1cmask
  pciSetWord(dev.cmask, PCI_VENDOR_ID, 0xffff);
  pciSetWord(dev.cmask, PCI_DEVICE_ID, 0xffff);
  dev.cmask[PCI_STATUS] = PCI_STATUS_INTERRUPT ^ 0xff;
  dev.cmask[PCI_REVISION_ID] = 0xff;
  dev.cmask[PCI_CLASS_PROG] = 0xff;
  pciSetWord(dev.cmask, PCI_CLASS_DEVICE, 0xffff);
  dev.cmask[PCI_HEADER_TYPE] = 0xff;
  dev.wmask[PCI_CACHE_LINE_SIZE] = 0xff;
  dev.wmask[PCI_INTERRUPT_LINE] = 0xff;
  pciSetWord(
    dev.wmask,
    PCI_COMMAND,
    PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | PCI_COMMAND_INTX_DISABLE | PCI_COMMAND_SERR,
  );
  dev.wmask.fill(0xff, PCI_CONFIG_HEADER_SIZE);
  pciSetWord(dev.w1cmask, PCI_STATUS, PCI_STATUS_W1C);
}

/** do_pci_register_device: claim the devfn (the first free slot when unset), as QEMU. */
function pciRegisterDevice(dev: PCIDevice, bus: PCIBus): void {
  let devfn = dev.devfn;
  if (devfn < 0) {
    for (devfn = bus.devfnMin; devfn < 256; devfn += 8) if (!bus.devices[devfn]) break;
    if (devfn >= 256) throw new QomError(`PCI: no slot/function available for ${dev.typename}, all in use`);
  } else if (bus.devices[devfn]) {
    const other = bus.devices[devfn] as PCIDevice;
    throw new QomError(
      `PCI: slot ${PCI_SLOT(devfn)} function ${PCI_FUNC(devfn)} not available for ${dev.typename}, in use by ${other.typename},id=${other.id ?? ''}`,
    );
  }
  dev.devfn = devfn;
  dev.name = dev.typename;
  bus.devices[devfn] = dev;
}

typeRegister({ name: INTERFACE_CONVENTIONAL_PCI_DEVICE, parent: 'interface' });

typeRegister<PCIDevice, PCIDeviceClass>({
  name: TYPE_PCI_DEVICE,
  parent: TYPE_DEVICE,
  abstract: true,
  instance: PCIDevice,
  classInit: (pc) => {
    pc.busType = TYPE_PCI_BUS;
    pc.vendorId = 0;
    pc.deviceId = 0;
    pc.revision = 0;
    pc.classId = 0;
    pc.subsystemVendorId = 0;
    pc.subsystemId = 0;
    deviceClassSetProps(pc, [
      defineProp('addr', 'devfn', 'int32', -1, {
        description: 'Slot and optional function number, example: 06.0 or 06',
        min: -1,
        max: 255,
      }),
      definePropString('romfile', 'romfile'),
      definePropUint32('romsize', 'romsize', 0xffffffff),
      definePropUint32('rombar', 'romBar', 1),
      definePropBool('multifunction', 'multifunction', false),
      definePropBool('x-pcie-lnksta-dllla', 'xPcieLnkstaDllla', true),
      definePropBool('x-pcie-extcap-init', 'xPcieExtcapInit', true),
      definePropString('failover_pair_id', 'failoverPairId'),
      definePropUint32('acpi-index', 'acpiIndex', 0),
    ]);
    pc.realize = (d) => {
      const dev = d as PCIDevice;
      const k = PCI_DEVICE_GET_CLASS(dev);
      pciRegisterDevice(dev, dev.bus);
      pciConfigInit(dev);
      try {
        k.pciRealize?.(dev);
      } catch (e) {
        dev.bus.devices[dev.devfn] = undefined;
        throw e;
      }
    };
    pc.unrealize = (d) => {
      const dev = d as PCIDevice;
      PCI_DEVICE_GET_CLASS(dev).pciExit?.(dev);
      for (const r of dev.ioRegions)
        if (r.memory && r.addressSpace && r.addr !== PCI_BAR_UNMAPPED) r.addressSpace.delSubregion(r.memory);
      dev.bus.devices[dev.devfn] = undefined;
    };
    pc.reset = (d) => {
      const dev = d as PCIDevice;
      PCI_DEVICE_GET_CLASS(dev).pciReset?.(dev);
      pciDoDeviceReset(dev);
    };
  },
});

export { PCI_CLASS_DESCRIPTIONS };
