/**
 * `isa-debug-exit` (QEMU's hw/misc/debugexit.c): a write of v to the port ends the emulator with
 * exit status (v << 1) | 1, so a test guest can report pass/fail. QEMU calls exit() on the spot;
 * here the device makes an exit request that the emulator honours (debugExitSetHandler), and with
 * no handler installed the process exits as QEMU's does.
 */
import { MemoryRegion } from '@tsemu/memory';
import { type DeviceClass, definePropUint32, deviceClassSetProps, typeRegister } from '@tsemu/qdev';
import { ISADevice, isaAddressSpaceIo, TYPE_ISA_DEVICE } from '../isa/isa-bus.js';

export const TYPE_ISA_DEBUG_EXIT_DEVICE = 'isa-debug-exit';

/** status: the process exit status (already reduced to 8 bits); value: what the guest wrote */
export type DebugExitHandler = (status: number, value: number) => void;

let exitHandler: DebugExitHandler | undefined;

/** Install (or, with undefined, remove) what happens on a debug-exit write. */
export function debugExitSetHandler(h: DebugExitHandler | undefined): void {
  exitHandler = h;
}

/** The exit status QEMU gives for a written value: (v << 1) | 1, as exit() truncates it. */
export function debugExitStatus(value: number): number {
  return ((value << 1) | 1) & 0xff;
}

export class ISADebugExitState extends ISADevice {
  iobase = 0x501;
  iosize = 0x02;
  io!: MemoryRegion;
}

typeRegister<ISADebugExitState, DeviceClass>({
  name: TYPE_ISA_DEBUG_EXIT_DEVICE,
  parent: TYPE_ISA_DEVICE,
  instance: ISADebugExitState,
  classInit: (dc) => {
    dc.categories = new Set(['misc']);
    deviceClassSetProps(dc, [
      definePropUint32('iobase', 'iobase', 0x501),
      definePropUint32('iosize', 'iosize', 0x02),
    ]);
    dc.realize = (dev) => {
      const s = dev as ISADebugExitState;
      s.io = MemoryRegion.io(
        TYPE_ISA_DEBUG_EXIT_DEVICE,
        s.iosize,
        {
          read: () => 0,
          write: (_a, v) => {
            const value = Number(v) >>> 0;
            const status = debugExitStatus(value);
            if (exitHandler) exitHandler(status, value);
            else process.exit(status);
          },
          valid: { minAccessSize: 1, maxAccessSize: 4 },
          endianness: 'little',
        },
        { owner: s },
      );
      isaAddressSpaceIo(s).addSubregion(s.iobase, s.io);
    };
    dc.unrealize = (dev) => {
      const s = dev as ISADebugExitState;
      s.io.container?.delSubregion(s.io);
    };
  },
});
