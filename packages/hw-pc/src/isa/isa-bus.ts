/**
 * The ISA bus (hw/isa/isa-bus.c): `ISA` buses carry the 16 ISA IRQ inputs of the interrupt
 * controller and the memory / I/O regions devices map themselves into; `isa-device` is the
 * abstract parent of every ISA device.
 */
import type { MemoryRegion } from '@tsemu/memory';
import {
  BusState,
  type DeviceClass,
  DeviceState,
  type IRQState,
  qbusNew,
  TYPE_BUS,
  TYPE_DEVICE,
  typeRegister,
} from '@tsemu/qdev';

export const TYPE_ISA_BUS = 'ISA';
export const TYPE_ISA_DEVICE = 'isa-device';
export const ISA_NUM_IRQS = 16;

export class ISABus extends BusState {
  /** where ISA memory (VGA windows, option ROMs) goes: the PCI memory space on a PC */
  addressSpace: MemoryRegion | undefined;
  /** the I/O port space */
  addressSpaceIo: MemoryRegion | undefined;
  /** the interrupt controller's inputs, indexed by ISA IRQ number */
  irqs: (IRQState | undefined)[] = [];
}

export class ISADevice extends DeviceState {
  /** first port registered, QEMU's ioport_id */
  ioportId = 0;
}

typeRegister({ name: TYPE_ISA_BUS, parent: TYPE_BUS, instance: ISABus });
typeRegister<ISADevice, DeviceClass>({
  name: TYPE_ISA_DEVICE,
  parent: TYPE_DEVICE,
  abstract: true,
  instance: ISADevice,
  classInit: (dc) => {
    dc.busType = TYPE_ISA_BUS;
  },
});

/** isa_bus_new: the bus `isa.0` under its bridge (PIIX3 on a PC). */
export function isaBusNew(
  bridge: DeviceState | undefined,
  addressSpace: MemoryRegion,
  addressSpaceIo: MemoryRegion,
): ISABus {
  // one ISA bus per machine: always isa.0 (the class counter would drift across machines)
  const bus = qbusNew<ISABus>(TYPE_ISA_BUS, bridge, 'isa.0');
  bus.addressSpace = addressSpace;
  bus.addressSpaceIo = addressSpaceIo;
  return bus;
}

/** isa_bus_register_input_irqs: connect the interrupt controller's 16 inputs. */
export function isaBusRegisterInputIrqs(bus: ISABus, irqs: readonly (IRQState | undefined)[]): void {
  bus.irqs = [...irqs];
}

function busOf(dev: DeviceState): ISABus {
  const bus = dev.parentBus;
  if (!(bus instanceof ISABus)) throw new Error(`${dev.typename} is not on an ISA bus`);
  return bus;
}

/** isa_get_irq: the line of ISA IRQ `isairq` as seen by a device on the bus. */
export function isaGetIrq(dev: DeviceState, isairq: number): IRQState | undefined {
  if (isairq < 0 || isairq >= ISA_NUM_IRQS) throw new Error(`isa irq ${isairq} invalid`);
  return busOf(dev).irqs[isairq];
}

/** isa_register_ioport: map `io` at port `start` of the bus's I/O space. */
export function isaRegisterIoport(dev: DeviceState, io: MemoryRegion, start: number): void {
  const bus = busOf(dev);
  if (!bus.addressSpaceIo) throw new Error('ISA bus without an I/O space');
  bus.addressSpaceIo.addSubregion(start, io);
  if (dev instanceof ISADevice && dev.ioportId === 0) dev.ioportId = start;
}

/** isa_address_space: where the device maps ISA memory. */
export function isaAddressSpace(dev: DeviceState): MemoryRegion {
  const as = busOf(dev).addressSpace;
  if (!as) throw new Error('ISA bus without a memory space');
  return as;
}

/** isa_address_space_io */
export function isaAddressSpaceIo(dev: DeviceState): MemoryRegion {
  const io = busOf(dev).addressSpaceIo;
  if (!io) throw new Error('ISA bus without an I/O space');
  return io;
}
