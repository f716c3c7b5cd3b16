/**
 * `isa-serial` (QEMU's hw/char/serial-isa.c): a 16550A on the ISA bus. `index` picks the COM port
 * (COM1 0x3f8 IRQ 4, COM2 0x2f8 IRQ 3, COM3 0x3e8 IRQ 4, COM4 0x2e8 IRQ 3) unless iobase/irq are
 * given; without index the ports are numbered in creation order. The UART itself is the "serial"
 * child, whose chardev/baudbase/wakeup properties appear here as aliases.
 */
import type { Chardev } from '@tsemu/chardev';
import {
  type DeviceClass,
  definePropUint32,
  deviceClassSetProps,
  objectPropertyAddChild,
  objectUnref,
  QomError,
  qdevAliasAllProperties,
  qdevNew,
  qdevPropSet,
  qdevRealize,
  qdevRealizeAndUnref,
  typeRegister,
} from '@tsemu/qdev';
import { type ISABus, ISADevice, isaGetIrq, isaRegisterIoport, TYPE_ISA_DEVICE } from '../isa/isa-bus.js';
import { chardevQomId } from './chardev-object.js';
import { type SerialState, serialReset, TYPE_SERIAL } from './serial.js';

export const TYPE_ISA_SERIAL = 'isa-serial';
export const MAX_ISA_SERIAL_PORTS = 4;

const isaSerialIo = [0x3f8, 0x2f8, 0x3e8, 0x2e8];
const isaSerialIrq = [4, 3, 4, 3];
const UNSET = 0xffffffff;

export class ISASerialState extends ISADevice {
  index = UNSET;
  iobase = UNSET;
  isairq = UNSET;
  state!: SerialState;
}

/** QEMU numbers ports with a static counter; per bus here, so each machine starts at COM1. */
function nextIndex(dev: ISASerialState): number {
  const bus = dev.parentBus;
  if (!bus) return 0;
  return bus.children.filter((c) => c.child !== dev && c.child instanceof ISASerialState && c.child.realized)
    .length;
}

typeRegister<ISASerialState, DeviceClass>({
  name: TYPE_ISA_SERIAL,
  parent: TYPE_ISA_DEVICE,
  instance: ISASerialState,
  instanceInit: (obj) => {
    const s = obj as ISASerialState;
    s.state = qdevNew<SerialState>(TYPE_SERIAL);
    objectPropertyAddChild(s, 'serial', s.state);
    objectUnref(s.state);
    qdevAliasAllProperties(s.state, s);
  },
  classInit: (dc) => {
    dc.categories = new Set(['input']);
    deviceClassSetProps(dc, [
      definePropUint32('index', 'index', UNSET),
      definePropUint32('iobase', 'iobase', UNSET),
      definePropUint32('irq', 'isairq', UNSET),
    ]);
    dc.realize = (dev) => {
      const isa = dev as ISASerialState;
      if (isa.index === UNSET) isa.index = nextIndex(isa);
      if (isa.index >= MAX_ISA_SERIAL_PORTS)
        throw new QomError(`Max. supported number of ISA serial ports is ${MAX_ISA_SERIAL_PORTS}.`);
      if (isa.iobase === UNSET) isa.iobase = isaSerialIo[isa.index];
      if (isa.isairq === UNSET) isa.isairq = isaSerialIrq[isa.index];
      const s = isa.state;
      s.irq = isaGetIrq(isa, isa.isairq);
      qdevRealize(s);
      isaRegisterIoport(isa, s.io, isa.iobase);
    };
    dc.unrealize = (dev) => {
      const isa = dev as ISASerialState;
      isa.state.io.container?.delSubregion(isa.state.io);
    };
    dc.reset = (dev) => serialReset((dev as ISASerialState).state);
  },
});

/** serial_isa_init: COM<index+1> on `chr` (serial_hds_isa_init calls it for each -serial). */
export function serialIsaInit(bus: ISABus, index: number, chr: Chardev | undefined): ISASerialState {
  const dev = qdevNew<ISASerialState>(TYPE_ISA_SERIAL);
  qdevPropSet(dev, 'index', index);
  // by id when the chardev is in the tree, so qom-get chardev names it as QEMU does
  const id = chr && chardevQomId(chr);
  if (id) qdevPropSet(dev, 'chardev', id);
  else dev.state.backend = chr;
  qdevRealizeAndUnref(dev, bus);
  return dev;
}

/** serial_hds_isa_init: one port per given chardev (undefined entries are skipped, as -serial none). */
export function serialHdsIsaInit(bus: ISABus, chrs: readonly (Chardev | undefined)[]): ISASerialState[] {
  const out: ISASerialState[] = [];
  chrs.forEach((chr, i) => {
    if (chr && i < MAX_ISA_SERIAL_PORTS) out.push(serialIsaInit(bus, i, chr));
  });
  return out;
}
