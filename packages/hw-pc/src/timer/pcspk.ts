/**
 * The PC speaker port 0x61 (QEMU's hw/audio/pcspk.c, `isa-pcspk`): bit 0 drives PIT channel 2's
 * gate, bit 1 the speaker data enable; reads return the gate, the data enable, a refresh-cycle bit
 * (4) that toggles on every read, and channel 2's output (5). Linux calibrates the TSC through it.
 * There is no audio backend: the speaker's sound is not produced.
 */
import { MemoryRegion } from '@tsemu/memory';
import {
  type DeviceClass,
  defineProp,
  definePropBool,
  definePropUint32,
  deviceClassSetProps,
  OBJ_PROP_LINK_STRONG,
  objectPropertyAddLink,
  objectPropertyAllowSetLink,
  qdevNew,
  qdevRealizeAndUnref,
  typeRegister,
} from '@tsemu/qdev';
import { type ISABus, ISADevice, isaRegisterIoport, TYPE_ISA_DEVICE } from '../isa/isa-bus.js';
import { type PITCommonState, pitGetChannelInfo, pitSetGate, TYPE_PIT_COMMON } from './i8254.js';

export const TYPE_PC_SPEAKER = 'isa-pcspk';

export class PCSpkState extends ISADevice {
  iobase = 0x61;
  pit: PITCommonState | undefined;
  audiodev = '';
  migrate = true;
  dataOn = 0;
  dummyRefreshClock = 0;
  io!: MemoryRegion;
}

export function pcspkIoRead(s: PCSpkState): number {
  const ch = s.pit ? pitGetChannelInfo(s.pit, 2) : { gate: 0, out: 0 };
  s.dummyRefreshClock ^= 1 << 4;
  return ch.gate | (s.dataOn << 1) | s.dummyRefreshClock | (ch.out << 5);
}

export function pcspkIoWrite(s: PCSpkState, val: number): void {
  s.dataOn = (val >> 1) & 1;
  if (s.pit) pitSetGate(s.pit, 2, val & 1);
}

typeRegister<PCSpkState, DeviceClass>({
  name: TYPE_PC_SPEAKER,
  parent: TYPE_ISA_DEVICE,
  instance: PCSpkState,
  // a plain QOM link, as QEMU's (not a qdev property, so info qtree does not list it)
  instanceInit: (obj) => {
    const s = obj as PCSpkState;
    objectPropertyAddLink(
      s,
      'pit',
      TYPE_PIT_COMMON,
      {
        get: () => s.pit,
        set: (_o, t) => {
          s.pit = t as PITCommonState | undefined;
        },
      },
      objectPropertyAllowSetLink,
      OBJ_PROP_LINK_STRONG,
    );
  },
  classInit: (dc) => {
    dc.desc = 'PC Speaker';
    dc.categories = new Set(['sound']);
    dc.userCreatable = false;
    deviceClassSetProps(dc, [
      defineProp('audiodev', 'audiodev', 'str', ''),
      definePropUint32('iobase', 'iobase', 0x61),
      definePropBool('migrate', 'migrate', true),
    ]);
    dc.realize = (dev) => {
      const s = dev as PCSpkState;
      s.io = MemoryRegion.io(
        'pcspk',
        1,
        {
          read: () => pcspkIoRead(s),
          write: (_a, v) => pcspkIoWrite(s, Number(v)),
          impl: { minAccessSize: 1, maxAccessSize: 1 },
        },
        { owner: s },
      );
      isaRegisterIoport(s, s.io, s.iobase);
    };
  },
});

/**
 * As pc_basic_device_init: port 0x61 over the given PIT. `dev` is the machine's own "pcspk" child
 * when it made one (QEMU's pc machine does, for its audiodev property).
 */
export function pcspkInit(bus: ISABus, pit: PITCommonState, dev?: PCSpkState): PCSpkState {
  const s = dev ?? qdevNew<PCSpkState>(TYPE_PC_SPEAKER);
  s.pit = pit;
  qdevRealizeAndUnref(s, bus);
  return s;
}
