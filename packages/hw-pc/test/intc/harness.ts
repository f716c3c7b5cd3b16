// A bare ISA bus over a fresh memory map, for the interrupt/timer/RTC device tests.
import { type AddressSpace, cpuInb, cpuOutb, memoryMapInit } from '@tsemu/memory';
import {
  qdevNew,
  qdevRealizeAndUnref,
  sysbusGetDefault,
  TYPE_SYS_BUS_DEVICE,
  typeRegister,
} from '@tsemu/qdev';
import { type ISABus, isaBusNew } from '../../src/isa/isa-bus.js';

const BRIDGE = 'hw-pc-test-isa-bridge';
typeRegister({ name: BRIDGE, parent: TYPE_SYS_BUS_DEVICE });

export interface IsaHarness {
  bus: ISABus;
  io: AddressSpace;
  out: (port: number, v: number) => void;
  inb: (port: number) => number;
}

export function isaHarness(): IsaHarness {
  const sm = memoryMapInit();
  const bridge = qdevNew(BRIDGE);
  const bus = isaBusNew(bridge, sm.systemMemory, sm.systemIo);
  qdevRealizeAndUnref(bridge, sysbusGetDefault());
  const io = sm.addressSpaceIo;
  return { bus, io, out: (p, v) => cpuOutb(io, p, v), inb: (p) => cpuInb(io, p) };
}
