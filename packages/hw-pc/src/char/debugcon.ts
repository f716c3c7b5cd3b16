/**
 * `isa-debugcon` (QEMU's hw/char/debugcon.c): every byte written to the port goes to a chardev
 * (Bochs' port 0xe9 hack); reads return `readback` (0xe9 by default) so a guest can detect it.
 */
import { CharBackend, type Chardev } from '@tsemu/chardev';
import { MemoryRegion } from '@tsemu/memory';
import {
  type DeviceClass,
  definePropChr,
  definePropUint32,
  deviceClassSetProps,
  QomError,
  type QomObject,
  qdevNew,
  qdevPropSet,
  qdevRealizeAndUnref,
  typeRegister,
} from '@tsemu/qdev';
import { type ISABus, ISADevice, isaAddressSpaceIo, TYPE_ISA_DEVICE } from '../isa/isa-bus.js';
import { chardevOfObject, chardevQomId } from './chardev-object.js';

export const TYPE_ISA_DEBUGCON_DEVICE = 'isa-debugcon';

export class ISADebugconState extends ISADevice {
  iobase = 0xe9;
  readback = 0xe9;
  chrObj: QomObject | undefined;
  /** the backend, from the chardev property or set directly before realize */
  backend: Chardev | undefined;
  chr: CharBackend | undefined;
  io!: MemoryRegion;
}

typeRegister<ISADebugconState, DeviceClass>({
  name: TYPE_ISA_DEBUGCON_DEVICE,
  parent: TYPE_ISA_DEVICE,
  instance: ISADebugconState,
  classInit: (dc) => {
    dc.categories = new Set(['misc']);
    deviceClassSetProps(dc, [
      definePropUint32('iobase', 'iobase', 0xe9),
      definePropChr('chardev', 'chrObj'),
      definePropUint32('readback', 'readback', 0xe9),
    ]);
    dc.realize = (dev) => {
      const s = dev as ISADebugconState;
      s.backend ??= chardevOfObject(s.chrObj);
      if (!s.backend) throw new QomError("Can't create debugcon device, empty char device");
      s.chr = new CharBackend(s.backend);
      // output only: the front end is open but takes no input
      s.chr.setHandlers({ canReceive: () => 0, receive: () => {} });
      s.io = MemoryRegion.io(
        TYPE_ISA_DEBUGCON_DEVICE,
        1,
        {
          read: () => s.readback & 0xff,
          write: (_a, v) => {
            s.chr?.writeAll(Uint8Array.of(Number(v) & 0xff));
          },
          valid: { minAccessSize: 1, maxAccessSize: 1 },
          endianness: 'little',
        },
        { owner: s },
      );
      isaAddressSpaceIo(s).addSubregion(s.iobase, s.io);
    };
    dc.unrealize = (dev) => {
      const s = dev as ISADebugconState;
      s.io.container?.delSubregion(s.io);
      s.chr?.deinit();
      s.chr = undefined;
    };
  },
});

/** A debug console at `iobase` writing to `chr` (what -debugcon makes). */
export function debugconInit(bus: ISABus, chr: Chardev, iobase = 0xe9): ISADebugconState {
  const s = qdevNew<ISADebugconState>(TYPE_ISA_DEBUGCON_DEVICE);
  s.iobase = iobase;
  const id = chardevQomId(chr);
  if (id) qdevPropSet(s, 'chardev', id);
  else s.backend = chr;
  qdevRealizeAndUnref(s, bus);
  return s;
}
