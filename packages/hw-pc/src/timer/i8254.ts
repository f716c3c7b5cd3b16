/**
 * The 8254 programmable interval timer (QEMU's hw/timer/i8254.c, i8254_common.c): three channels
 * counting at 1.193182 MHz on the virtual clock, modes 0-5, lsb/msb/word access, counter latch and
 * read-back. Channel 0's output drives IRQ 0 through a timer at each output transition; channel 2's
 * gate and output are reached through port 0x61 (pcspk). Counts are derived from the virtual clock at
 * each access, as QEMU does, so reads between transitions are exact.
 */
import { MemoryRegion } from '@tsemu/memory';
import {
  type DeviceClass,
  type DeviceState,
  definePropUint32,
  deviceClassSetProps,
  QEMU_CLOCK_VIRTUAL,
  type QEMUTimer,
  type QomObject,
  qdevConnectGpioOut,
  qdevInitGpioIn,
  qdevInitGpioOut,
  qdevNew,
  qdevPropSet,
  qdevRealizeAndUnref,
  qdevSetGpioOut,
  qemuClockGetNs,
  timerDel,
  timerMod,
  timerNewNs,
  typeRegister,
} from '@tsemu/qdev';
import { type ISABus, ISADevice, isaGetIrq, isaRegisterIoport, TYPE_ISA_DEVICE } from '../isa/isa-bus.js';

export const TYPE_PIT_COMMON = 'pit-common';
export const TYPE_I8254 = 'isa-pit';
export const PIT_FREQ = 1193182;
const NS_PER_SEC = 1_000_000_000;

// access modes (RW_STATE_LSB = 1 is the default branch of each switch)
const RW_STATE_MSB = 2;
const RW_STATE_WORD0 = 3;
const RW_STATE_WORD1 = 4;

/** PITChannelState */
export class PITChannelState {
  /** 1..0x10000 */
  count = 0;
  latchedCount = 0;
  countLatched = 0;
  statusLatched = 0;
  status = 0;
  readState = 0;
  writeState = 0;
  writeLatch = 0;
  rwMode = 0;
  mode = 0;
  bcd = 0;
  gate = 0;
  countLoadTime = 0;
  nextTransitionTime = 0;
  irqTimer: QEMUTimer | undefined;
  irqDisabled = 0;
  /** raises IRQ 0 (channel 0 only) */
  setIrq: ((level: number) => void) | undefined;
}

/** floor(a * b / c) for a, b, c below 2^53 with a * b possibly beyond it (muldiv64). */
function muldiv(a: number, b: number, c: number): number {
  const q = Math.floor(a / c);
  const r = a - q * c;
  return q * b + Math.floor((r * b) / c);
}

/** PIT input clocks since the count was loaded */
function pitTicks(s: PITChannelState, now: number): number {
  const dt = now - s.countLoadTime;
  return dt > 0 ? muldiv(dt, PIT_FREQ, NS_PER_SEC) : 0;
}

/** pit_get_count */
export function pitGetCount(s: PITChannelState): number {
  const d = pitTicks(s, qemuClockGetNs(QEMU_CLOCK_VIRTUAL));
  switch (s.mode) {
    case 0:
    case 1:
    case 4:
    case 5:
      return (s.count - d) & 0xffff;
    case 3:
      return s.count - ((2 * d) % s.count);
    default:
      return s.count - (d % s.count);
  }
}

/** pit_get_out: the channel's output at `now` */
export function pitGetOut(s: PITChannelState, now: number): number {
  const d = pitTicks(s, now);
  switch (s.mode) {
    case 1:
      return d < s.count ? 1 : 0;
    case 2:
      return d % s.count === 0 && d !== 0 ? 1 : 0;
    case 3:
      return d % s.count < (s.count + 1) >> 1 ? 1 : 0;
    case 4:
    case 5:
      return d === s.count ? 1 : 0;
    default: // 0, and 6/7 as QEMU
      return d >= s.count ? 1 : 0;
  }
}

/** pit_get_next_transition_time: -1 when the output will not change again */
export function pitGetNextTransitionTime(s: PITChannelState, now: number): number {
  const d = pitTicks(s, now);
  let next: number;
  switch (s.mode) {
    case 2: {
      const base = d - (d % s.count);
      next = d - base === 0 && d !== 0 ? base + s.count : base + s.count + 1;
      break;
    }
    case 3: {
      const base = d - (d % s.count);
      const period2 = (s.count + 1) >> 1;
      next = d - base < period2 ? base + period2 : base + s.count;
      break;
    }
    case 4:
    case 5:
      if (d < s.count) next = s.count;
      else if (d === s.count) next = s.count + 1;
      else return -1;
      break;
    default: // 0, 1, and 6/7 as QEMU
      if (d < s.count) next = s.count;
      else return -1;
      break;
  }
  let t = s.countLoadTime + muldiv(next, NS_PER_SEC, PIT_FREQ);
  // rounding can put the transition in the past
  if (t <= now) t = now + 1;
  return t;
}

function pitIrqTimerUpdate(s: PITChannelState, now: number): void {
  if (!s.irqTimer || s.irqDisabled) return;
  const expire = pitGetNextTransitionTime(s, now);
  s.setIrq?.(pitGetOut(s, now));
  s.nextTransitionTime = expire;
  if (expire !== -1) timerMod(s.irqTimer, expire);
  else timerDel(s.irqTimer);
}

/** PITCommonState */
export class PITCommonState extends ISADevice {
  iobase = 0;
  channels = [new PITChannelState(), new PITChannelState(), new PITChannelState()];
  io!: MemoryRegion;
}

/** pit_set_gate: a rising gate restarts modes 1, 2, 3 and 5 */
export function pitSetGate(pit: PITCommonState, channel: number, val: number): void {
  const sc = pit.channels[channel];
  switch (sc.mode) {
    case 1:
    case 5:
    case 2:
    case 3:
      if (sc.gate < val) {
        sc.countLoadTime = qemuClockGetNs(QEMU_CLOCK_VIRTUAL);
        pitIrqTimerUpdate(sc, sc.countLoadTime);
      }
      break;
    default:
      break;
  }
  sc.gate = val;
}

export interface PITChannelInfo {
  gate: number;
  mode: number;
  initialCount: number;
  out: number;
}

/** pit_get_channel_info */
export function pitGetChannelInfo(pit: PITCommonState, channel: number): PITChannelInfo {
  const sc = pit.channels[channel];
  return {
    gate: sc.gate,
    mode: sc.mode,
    initialCount: sc.count,
    out: pitGetOut(sc, qemuClockGetNs(QEMU_CLOCK_VIRTUAL)),
  };
}

function pitLoadCount(sc: PITChannelState, val: number): void {
  if (val === 0) val = 0x10000;
  sc.countLoadTime = qemuClockGetNs(QEMU_CLOCK_VIRTUAL);
  sc.count = val;
  pitIrqTimerUpdate(sc, sc.countLoadTime);
}

/** latching again before the latch is read keeps the first value */
function pitLatchCount(s: PITChannelState): void {
  if (!s.countLatched) {
    s.latchedCount = pitGetCount(s);
    s.countLatched = s.rwMode;
  }
}

export function pitIoportWrite(pit: PITCommonState, addr: number, val: number): void {
  addr &= 3;
  val &= 0xff;
  if (addr === 3) {
    let channel = val >> 6;
    if (channel === 3) {
      // read-back: bit 5 clear latches counts, bit 4 clear latches status
      for (channel = 0; channel < 3; channel++) {
        const s = pit.channels[channel];
        if (!(val & (2 << channel))) continue;
        if (!(val & 0x20)) pitLatchCount(s);
        if (!(val & 0x10) && !s.statusLatched) {
          s.status =
            (pitGetOut(s, qemuClockGetNs(QEMU_CLOCK_VIRTUAL)) << 7) | (s.rwMode << 4) | (s.mode << 1) | s.bcd;
          s.statusLatched = 1;
        }
      }
      return;
    }
    const s = pit.channels[channel];
    const access = (val >> 4) & 3;
    if (access === 0) {
      pitLatchCount(s);
    } else {
      s.rwMode = access;
      s.readState = access;
      s.writeState = access;
      s.mode = (val >> 1) & 7;
      s.bcd = val & 1;
    }
    return;
  }
  const s = pit.channels[addr];
  switch (s.writeState) {
    case RW_STATE_MSB:
      pitLoadCount(s, val << 8);
      break;
    case RW_STATE_WORD0:
      s.writeLatch = val;
      s.writeState = RW_STATE_WORD1;
      break;
    case RW_STATE_WORD1:
      pitLoadCount(s, s.writeLatch | (val << 8));
      s.writeState = RW_STATE_WORD0;
      break;
    default: // RW_STATE_LSB (and the unprogrammed 0)
      pitLoadCount(s, val);
      break;
  }
}

export function pitIoportRead(pit: PITCommonState, addr: number): number {
  addr &= 3;
  if (addr === 3) return 0; // the mode/command register is write-only
  const s = pit.channels[addr];
  if (s.statusLatched) {
    s.statusLatched = 0;
    return s.status;
  }
  if (s.countLatched) {
    switch (s.countLatched) {
      case RW_STATE_MSB:
        s.countLatched = 0;
        return s.latchedCount >> 8;
      case RW_STATE_WORD0:
        s.countLatched = RW_STATE_MSB;
        return s.latchedCount & 0xff;
      default: // RW_STATE_LSB
        s.countLatched = 0;
        return s.latchedCount & 0xff;
    }
  }
  switch (s.readState) {
    case RW_STATE_MSB:
      return (pitGetCount(s) >> 8) & 0xff;
    case RW_STATE_WORD0:
      s.readState = RW_STATE_WORD1;
      return pitGetCount(s) & 0xff;
    case RW_STATE_WORD1:
      s.readState = RW_STATE_WORD0;
      return (pitGetCount(s) >> 8) & 0xff;
    default: // RW_STATE_LSB (and the unprogrammed 0)
      return pitGetCount(s) & 0xff;
  }
}

/** pit_reset_common + pit_reset: mode 3, full count, gates high except channel 2's */
function pitReset(dev: DeviceState): void {
  const pit = dev as PITCommonState;
  for (let i = 0; i < 3; i++) {
    const s = pit.channels[i];
    s.mode = 3;
    s.gate = i !== 2 ? 1 : 0;
    s.countLoadTime = qemuClockGetNs(QEMU_CLOCK_VIRTUAL);
    s.count = 0x10000;
    if (i === 0 && !s.irqDisabled) s.nextTransitionTime = pitGetNextTransitionTime(s, s.countLoadTime);
  }
  const s = pit.channels[0];
  if (!s.irqDisabled && s.irqTimer) timerMod(s.irqTimer, s.nextTransitionTime);
}

/** The HPET's legacy mode turns channel 0's interrupt off (pit_irq_control). */
function pitIrqControl(opaque: unknown, _n: number, enable: number): void {
  const pit = opaque as PITCommonState;
  const s = pit.channels[0];
  if (enable) {
    s.irqDisabled = 0;
    pitIrqTimerUpdate(s, qemuClockGetNs(QEMU_CLOCK_VIRTUAL));
  } else {
    s.irqDisabled = 1;
    if (s.irqTimer) timerDel(s.irqTimer);
  }
}

typeRegister<PITCommonState, DeviceClass>({
  name: TYPE_PIT_COMMON,
  parent: TYPE_ISA_DEVICE,
  instance: PITCommonState,
  abstract: true,
  classInit: (dc) => {
    dc.userCreatable = false;
    deviceClassSetProps(dc, [definePropUint32('iobase', 'iobase', 0xffffffff)]);
  },
});

typeRegister<PITCommonState, DeviceClass>({
  name: TYPE_I8254,
  parent: TYPE_PIT_COMMON,
  instance: PITCommonState,
  instanceInit: (obj) => {
    const pit = obj as PITCommonState;
    qdevInitGpioIn(pit, pitIrqControl, 1);
    qdevInitGpioOut(pit, 1);
  },
  classInit: (dc) => {
    dc.desc = 'ISA PIT';
    dc.realize = (dev) => {
      const pit = dev as PITCommonState;
      const s = pit.channels[0];
      s.irqTimer = timerNewNs(QEMU_CLOCK_VIRTUAL, () => pitIrqTimerUpdate(s, s.nextTransitionTime));
      s.setIrq = (level) => qdevSetGpioOut(pit, undefined, 0, level);
      pit.io = MemoryRegion.io(
        'pit',
        4,
        {
          read: (addr) => pitIoportRead(pit, addr),
          write: (addr, v) => pitIoportWrite(pit, addr, Number(v)),
          impl: { minAccessSize: 1, maxAccessSize: 1 },
        },
        { owner: pit },
      );
      isaRegisterIoport(pit, pit.io, pit.iobase);
    };
    dc.unrealize = (dev) => {
      const t = (dev as PITCommonState).channels[0].irqTimer;
      if (t) timerDel(t);
    };
    dc.reset = pitReset;
  },
});

/** i8254_pit_init: the PIT at `base`, channel 0 on ISA IRQ `isaIrq` (or on `altIrq`). */
export function i8254PitInit(bus: ISABus, base = 0x40, isaIrq = 0, altIrq?: QomObject): PITCommonState {
  const pit = qdevNew<PITCommonState>(TYPE_I8254);
  qdevPropSet(pit, 'iobase', base);
  qdevRealizeAndUnref(pit, bus);
  qdevConnectGpioOut(pit, 0, altIrq ?? isaGetIrq(pit, isaIrq));
  return pit;
}
