/**
 * `port92` (QEMU's hw/i386/port92.c): System Control Port A. Bit 1 drives the A20 gate (gpio-out
 * "a20"); setting bit 0 (fast reset) resets the system; reads return the last value written.
 * A system reset clears bit 0.
 */
import { MemoryRegion } from '@tsemu/memory';
import {
  type DeviceClass,
  type QomObject,
  qdevConnectGpioOutNamed,
  qdevInitGpioOutNamed,
  qdevNew,
  qdevRealizeAndUnref,
  qdevSetGpioOut,
  typeRegister,
} from '@tsemu/qdev';
import { qemuSystemResetRequest } from '../i386/runstate.js';
import { type ISABus, ISADevice, isaRegisterIoport, TYPE_ISA_DEVICE } from '../isa/isa-bus.js';

export const TYPE_PORT92 = 'port92';
export const PORT92_A20_LINE = 'a20';

export class Port92State extends ISADevice {
  outport = 0;
  io!: MemoryRegion;
}

export function port92Write(s: Port92State, value: number): void {
  const val = value & 0xff;
  const oldval = s.outport;
  s.outport = val;
  qdevSetGpioOut(s, PORT92_A20_LINE, 0, (val >> 1) & 1);
  if (val & 1 && !(oldval & 1)) qemuSystemResetRequest('guest-reset');
}

typeRegister<Port92State, DeviceClass>({
  name: TYPE_PORT92,
  parent: TYPE_ISA_DEVICE,
  instance: Port92State,
  instanceInit: (obj) => {
    const s = obj as Port92State;
    s.io = MemoryRegion.io(
      'port92',
      1,
      {
        read: () => s.outport,
        write: (_a, v) => port92Write(s, Number(v)),
        impl: { minAccessSize: 1, maxAccessSize: 1 },
        endianness: 'little',
      },
      { owner: s },
    );
    s.outport = 0;
    qdevInitGpioOutNamed(s, PORT92_A20_LINE, 1);
  },
  classInit: (dc) => {
    dc.userCreatable = false;
    dc.realize = (dev) => isaRegisterIoport(dev, (dev as Port92State).io, 0x92);
    dc.reset = (dev) => {
      (dev as Port92State).outport &= ~1;
    };
  },
});

/** port92 on the bus with its A20 output wired to `a20Out` (pc_superio_init). */
export function port92Init(bus: ISABus, a20Out?: QomObject): Port92State {
  const s = qdevNew<Port92State>(TYPE_PORT92);
  qdevRealizeAndUnref(s, bus);
  if (a20Out) qdevConnectGpioOutNamed(s, PORT92_A20_LINE, 0, a20Out);
  return s;
}
