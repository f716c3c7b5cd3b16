/**
 * The i8042 keyboard controller (QEMU 7.2's hw/input/pckbd.c, device `i8042`): data port 0x60,
 * status/command port 0x64, the command byte (mode), controller commands (self test, interface
 * tests, enable/disable, read/write output port, pulse output bits, A20), IRQ 1 for keyboard and
 * IRQ 12 for mouse data, and the output port, whose bit 1 drives the A20 gate (gpio-out "a20")
 * and whose bit 0 going low resets the system. Controller replies are kept apart from the PS/2
 * queues and take priority over them (extended-state, on by default since QEMU 6.1).
 */
import { MemoryRegion } from '@tsemu/memory';
import {
  type DeviceClass,
  definePropBool,
  definePropUint8,
  deviceClassSetProps,
  objectPropertyAddChild,
  objectUnref,
  QEMU_CLOCK_VIRTUAL,
  type QEMUTimer,
  qdevConnectGpioOut,
  qdevConnectGpioOutNamed,
  qdevGetGpioInNamed,
  qdevInitGpioInNamed,
  qdevInitGpioOut,
  qdevInitGpioOutNamed,
  qdevNew,
  qdevRealize,
  qdevRealizeAndUnref,
  qdevSetGpioOut,
  qemuClockGetUs,
  sysbusGetDefault,
  timerDel,
  timerMod,
  timerNewUs,
  typeRegister,
} from '@tsemu/qdev';
import { qemuSystemResetRequest } from '../i386/runstate.js';
import { type ISABus, ISADevice, isaGetIrq, isaRegisterIoport, TYPE_ISA_DEVICE } from '../isa/isa-bus.js';
import {
  type PS2KbdState,
  type PS2MouseState,
  ps2KeyboardSetTranslation,
  ps2Queue,
  ps2ReadData,
  ps2WriteKeyboard,
  ps2WriteMouse,
  TYPE_PS2_KBD_DEVICE,
  TYPE_PS2_MOUSE_DEVICE,
} from './ps2.js';

export const TYPE_I8042 = 'i8042';
export const I8042_A20_LINE = 'a20';

export const KBD_CCMD_READ_MODE = 0x20;
export const KBD_CCMD_WRITE_MODE = 0x60;
export const KBD_CCMD_GET_VERSION = 0xa1;
export const KBD_CCMD_MOUSE_DISABLE = 0xa7;
export const KBD_CCMD_MOUSE_ENABLE = 0xa8;
export const KBD_CCMD_TEST_MOUSE = 0xa9;
export const KBD_CCMD_SELF_TEST = 0xaa;
export const KBD_CCMD_KBD_TEST = 0xab;
export const KBD_CCMD_KBD_DISABLE = 0xad;
export const KBD_CCMD_KBD_ENABLE = 0xae;
export const KBD_CCMD_READ_INPORT = 0xc0;
export const KBD_CCMD_READ_OUTPORT = 0xd0;
export const KBD_CCMD_WRITE_OUTPORT = 0xd1;
export const KBD_CCMD_WRITE_OBUF = 0xd2;
export const KBD_CCMD_WRITE_AUX_OBUF = 0xd3;
export const KBD_CCMD_WRITE_MOUSE = 0xd4;
export const KBD_CCMD_DISABLE_A20 = 0xdd;
export const KBD_CCMD_ENABLE_A20 = 0xdf;
export const KBD_CCMD_PULSE_BITS_3_0 = 0xf0;
export const KBD_CCMD_RESET = 0xfe;
export const KBD_CCMD_NO_OP = 0xff;

export const KBD_STAT_OBF = 0x01;
export const KBD_STAT_IBF = 0x02;
export const KBD_STAT_SELFTEST = 0x04;
export const KBD_STAT_CMD = 0x08;
export const KBD_STAT_UNLOCKED = 0x10;
export const KBD_STAT_MOUSE_OBF = 0x20;
export const KBD_STAT_GTO = 0x40;
export const KBD_STAT_PERR = 0x80;

export const KBD_MODE_KBD_INT = 0x01;
export const KBD_MODE_MOUSE_INT = 0x02;
export const KBD_MODE_SYS = 0x04;
export const KBD_MODE_NO_KEYLOCK = 0x08;
export const KBD_MODE_DISABLE_KBD = 0x10;
export const KBD_MODE_DISABLE_MOUSE = 0x20;
export const KBD_MODE_KCC = 0x40;

export const KBD_OUT_RESET = 0x01;
export const KBD_OUT_A20 = 0x02;
export const KBD_OUT_OBF = 0x10;
export const KBD_OUT_MOUSE_OBF = 0x20;
/** bits OSes leave set when they write 0xdd/0xdf */
const KBD_OUT_ONES = 0xcc;

const KBD_PENDING_KBD_COMPAT = 0x01;
const KBD_PENDING_AUX_COMPAT = 0x02;
const KBD_PENDING_CTRL_KBD = 0x04;
const KBD_PENDING_CTRL_AUX = 0x08;
/** the same bits as the mode byte's interface-disable flags */
const KBD_PENDING_KBD = KBD_MODE_DISABLE_KBD;
const KBD_PENDING_AUX = KBD_MODE_DISABLE_MOUSE;

const KBD_OBSRC_KBD = 0x01;
const KBD_OBSRC_MOUSE = 0x02;
const KBD_OBSRC_CTRL = 0x04;

/** ISAKBDState with its KBDState */
export class ISAKBDState extends ISADevice {
  writeCmd = 0;
  status = 0;
  mode = 0;
  outport = 0;
  obsrc = 0;
  extendedState = true;
  kbdThrottle = false;
  kbdIrq = 1;
  mouseIrq = 12;
  /** devices with data available */
  pending = 0;
  obdata = 0;
  cbdata = 0;
  ps2kbd!: PS2KbdState;
  ps2mouse!: PS2MouseState;
  throttleTimer: QEMUTimer | undefined;
  io: MemoryRegion[] = [];
}

function kbdUpdateIrqLines(s: ISAKBDState): void {
  let irqKbd = 0;
  let irqMouse = 0;
  if (s.status & KBD_STAT_OBF) {
    if (s.status & KBD_STAT_MOUSE_OBF) {
      if (s.mode & KBD_MODE_MOUSE_INT) irqMouse = 1;
    } else if (s.mode & KBD_MODE_KBD_INT && !(s.mode & KBD_MODE_DISABLE_KBD)) {
      // not raising it with the interface disabled spares simulating exact delays
      irqKbd = 1;
    }
  }
  qdevSetGpioOut(s, undefined, 0, irqKbd);
  qdevSetGpioOut(s, undefined, 1, irqMouse);
}

function kbdDeassertIrq(s: ISAKBDState): void {
  s.status &= ~(KBD_STAT_OBF | KBD_STAT_MOUSE_OBF);
  s.outport &= ~(KBD_OUT_OBF | KBD_OUT_MOUSE_OBF);
  kbdUpdateIrqLines(s);
}

function kbdPending(s: ISAKBDState): number {
  if (s.extendedState) return s.pending & (~s.mode | ~(KBD_PENDING_KBD | KBD_PENDING_AUX));
  return s.pending;
}

/** kbd_update_irq: who fills the output buffer, and the IRQ lines */
function kbdUpdateIrq(s: ISAKBDState): void {
  const pending = kbdPending(s);
  s.status &= ~(KBD_STAT_OBF | KBD_STAT_MOUSE_OBF);
  s.outport &= ~(KBD_OUT_OBF | KBD_OUT_MOUSE_OBF);
  if (pending) {
    s.status |= KBD_STAT_OBF;
    s.outport |= KBD_OUT_OBF;
    if (pending & KBD_PENDING_CTRL_KBD) {
      s.obsrc = KBD_OBSRC_CTRL;
    } else if (pending & KBD_PENDING_CTRL_AUX) {
      s.status |= KBD_STAT_MOUSE_OBF;
      s.outport |= KBD_OUT_MOUSE_OBF;
      s.obsrc = KBD_OBSRC_CTRL;
    } else if (pending & (KBD_PENDING_KBD | KBD_PENDING_KBD_COMPAT)) {
      s.obsrc = KBD_OBSRC_KBD;
    } else {
      s.status |= KBD_STAT_MOUSE_OBF;
      s.outport |= KBD_OUT_MOUSE_OBF;
      s.obsrc = KBD_OBSRC_MOUSE;
    }
  }
  kbdUpdateIrqLines(s);
}

function kbdSafeUpdateIrq(s: ISAKBDState): void {
  // a full output buffer is refilled by the data port read
  if (s.status & KBD_STAT_OBF) return;
  // the throttle timer will do it
  if (s.throttleTimer?.pending()) return;
  if (kbdPending(s)) kbdUpdateIrq(s);
}

function kbdUpdateKbdIrq(s: ISAKBDState, level: number): void {
  const bit = s.extendedState ? KBD_PENDING_KBD : KBD_PENDING_KBD_COMPAT;
  if (level) s.pending |= bit;
  else s.pending &= ~bit;
  kbdSafeUpdateIrq(s);
}

function kbdUpdateAuxIrq(s: ISAKBDState, level: number): void {
  const bit = s.extendedState ? KBD_PENDING_AUX : KBD_PENDING_AUX_COMPAT;
  if (level) s.pending |= bit;
  else s.pending &= ~bit;
  kbdSafeUpdateIrq(s);
}

function kbdThrottleTimeout(s: ISAKBDState): void {
  if (kbdPending(s)) kbdUpdateIrq(s);
}

/** kbd_queue: a controller reply (or, without extended state, a byte in the PS/2 queue) */
function kbdQueue(s: ISAKBDState, b: number, aux: boolean): void {
  if (s.extendedState) {
    s.cbdata = b & 0xff;
    s.pending &= ~KBD_PENDING_CTRL_KBD & ~KBD_PENDING_CTRL_AUX;
    s.pending |= aux ? KBD_PENDING_CTRL_AUX : KBD_PENDING_CTRL_KBD;
    kbdSafeUpdateIrq(s);
  } else {
    ps2Queue(aux ? s.ps2mouse : s.ps2kbd, b);
  }
}

function kbdDequeue(s: ISAKBDState): number {
  const b = s.cbdata;
  s.pending &= ~KBD_PENDING_CTRL_KBD & ~KBD_PENDING_CTRL_AUX;
  if (kbdPending(s)) kbdUpdateIrq(s);
  return b;
}

function outportWrite(s: ISAKBDState, val: number): void {
  s.outport = val;
  qdevSetGpioOut(s, I8042_A20_LINE, 0, (val >> 1) & 1);
  if (!(val & 1)) qemuSystemResetRequest('guest-reset');
}

/** kbd_read_status (port 0x64) */
export function kbdReadStatus(s: ISAKBDState): number {
  return s.status;
}

/** kbd_write_command (port 0x64) */
export function kbdWriteCommand(s: ISAKBDState, value: number): void {
  let val = value & 0xff;
  // F0-FF pulse output port bits 3-0 (0 = pulse); only bit 0, the CPU reset, does anything
  if ((val & KBD_CCMD_PULSE_BITS_3_0) === KBD_CCMD_PULSE_BITS_3_0)
    val = val & 1 ? KBD_CCMD_NO_OP : KBD_CCMD_RESET;
  switch (val) {
    case KBD_CCMD_READ_MODE:
      kbdQueue(s, s.mode, false);
      break;
    case KBD_CCMD_WRITE_MODE:
    case KBD_CCMD_WRITE_OBUF:
    case KBD_CCMD_WRITE_AUX_OBUF:
    case KBD_CCMD_WRITE_MOUSE:
    case KBD_CCMD_WRITE_OUTPORT:
      s.writeCmd = val;
      break;
    case KBD_CCMD_MOUSE_DISABLE:
      s.mode |= KBD_MODE_DISABLE_MOUSE;
      break;
    case KBD_CCMD_MOUSE_ENABLE:
      s.mode &= ~KBD_MODE_DISABLE_MOUSE;
      kbdSafeUpdateIrq(s);
      break;
    case KBD_CCMD_TEST_MOUSE:
      kbdQueue(s, 0x00, false);
      break;
    case KBD_CCMD_SELF_TEST:
      s.status |= KBD_STAT_SELFTEST;
      kbdQueue(s, 0x55, false);
      break;
    case KBD_CCMD_KBD_TEST:
      kbdQueue(s, 0x00, false);
      break;
    case KBD_CCMD_KBD_DISABLE:
      s.mode |= KBD_MODE_DISABLE_KBD;
      break;
    case KBD_CCMD_KBD_ENABLE:
      s.mode &= ~KBD_MODE_DISABLE_KBD;
      kbdSafeUpdateIrq(s);
      break;
    case KBD_CCMD_READ_INPORT:
      kbdQueue(s, 0x80, false);
      break;
    case KBD_CCMD_READ_OUTPORT:
      kbdQueue(s, s.outport, false);
      break;
    case KBD_CCMD_ENABLE_A20:
      qdevSetGpioOut(s, I8042_A20_LINE, 0, 1);
      s.outport |= KBD_OUT_A20;
      break;
    case KBD_CCMD_DISABLE_A20:
      qdevSetGpioOut(s, I8042_A20_LINE, 0, 0);
      s.outport &= ~KBD_OUT_A20;
      break;
    case KBD_CCMD_RESET:
      qemuSystemResetRequest('guest-reset');
      break;
    default:
      // KBD_CCMD_NO_OP and commands QEMU does not implement (it logs a guest error)
      break;
  }
}

/** kbd_read_data (port 0x60) */
export function kbdReadData(s: ISAKBDState): number {
  if (s.status & KBD_STAT_OBF) {
    kbdDeassertIrq(s);
    if (s.obsrc & KBD_OBSRC_KBD) {
      if (s.throttleTimer) timerMod(s.throttleTimer, qemuClockGetUs(QEMU_CLOCK_VIRTUAL) + 1000);
      s.obdata = ps2ReadData(s.ps2kbd);
    } else if (s.obsrc & KBD_OBSRC_MOUSE) {
      s.obdata = ps2ReadData(s.ps2mouse);
    } else if (s.obsrc & KBD_OBSRC_CTRL) {
      s.obdata = kbdDequeue(s);
    }
  }
  return s.obdata;
}

/** kbd_write_data (port 0x60) */
export function kbdWriteData(s: ISAKBDState, value: number): void {
  const val = value & 0xff;
  switch (s.writeCmd) {
    case 0:
      ps2WriteKeyboard(s.ps2kbd, val);
      // sending to the keyboard re-enables its interface
      s.mode &= ~KBD_MODE_DISABLE_KBD;
      kbdSafeUpdateIrq(s);
      break;
    case KBD_CCMD_WRITE_MODE:
      s.mode = val;
      ps2KeyboardSetTranslation(s.ps2kbd, (s.mode & KBD_MODE_KCC) !== 0);
      // the interrupt enables act at once; the disable flags may release pending data
      kbdUpdateIrqLines(s);
      kbdSafeUpdateIrq(s);
      break;
    case KBD_CCMD_WRITE_OBUF:
      kbdQueue(s, val, false);
      break;
    case KBD_CCMD_WRITE_AUX_OBUF:
      kbdQueue(s, val, true);
      break;
    case KBD_CCMD_WRITE_OUTPORT:
      outportWrite(s, val);
      break;
    case KBD_CCMD_WRITE_MOUSE:
      ps2WriteMouse(s.ps2mouse, val);
      s.mode &= ~KBD_MODE_DISABLE_MOUSE;
      kbdSafeUpdateIrq(s);
      break;
    default:
      break;
  }
  s.writeCmd = 0;
}

/** kbd_reset */
export function kbdReset(s: ISAKBDState): void {
  s.mode = KBD_MODE_KBD_INT | KBD_MODE_MOUSE_INT;
  s.status = KBD_STAT_CMD | KBD_STAT_UNLOCKED;
  s.outport = KBD_OUT_RESET | KBD_OUT_A20 | KBD_OUT_ONES;
  s.pending = 0;
  s.writeCmd = 0;
  kbdDeassertIrq(s);
  if (s.throttleTimer) timerDel(s.throttleTimer);
}

const ioOps = (read: () => number, write: (v: number) => void) => ({
  read,
  write: (_a: number, v: number | bigint) => write(Number(v)),
  impl: { minAccessSize: 1, maxAccessSize: 1 },
  endianness: 'little' as const,
});

typeRegister<ISAKBDState, DeviceClass>({
  name: TYPE_I8042,
  parent: TYPE_ISA_DEVICE,
  instance: ISAKBDState,
  instanceInit: (obj) => {
    const s = obj as ISAKBDState;
    s.io = [
      MemoryRegion.io(
        'i8042-data',
        1,
        ioOps(
          () => kbdReadData(s),
          (v) => kbdWriteData(s, v),
        ),
        { owner: s },
      ),
      MemoryRegion.io(
        'i8042-cmd',
        1,
        ioOps(
          () => kbdReadStatus(s),
          (v) => kbdWriteCommand(s, v),
        ),
        { owner: s },
      ),
    ];
    s.ps2kbd = qdevNew<PS2KbdState>(TYPE_PS2_KBD_DEVICE);
    objectPropertyAddChild(s, 'ps2kbd', s.ps2kbd);
    objectUnref(s.ps2kbd);
    s.ps2mouse = qdevNew<PS2MouseState>(TYPE_PS2_MOUSE_DEVICE);
    objectPropertyAddChild(s, 'ps2mouse', s.ps2mouse);
    objectUnref(s.ps2mouse);
    qdevInitGpioOutNamed(s, I8042_A20_LINE, 1);
    qdevInitGpioOut(s, 2);
    qdevInitGpioInNamed(s, (_o, _n, level) => kbdUpdateKbdIrq(s, level), 'ps2-kbd-input-irq', 1);
    qdevInitGpioInNamed(s, (_o, _n, level) => kbdUpdateAuxIrq(s, level), 'ps2-mouse-input-irq', 1);
  },
  classInit: (dc) => {
    dc.categories = new Set(['input']);
    deviceClassSetProps(dc, [
      definePropBool('extended-state', 'extendedState', true),
      definePropBool('kbd-throttle', 'kbdThrottle', false),
      definePropUint8('kbd-irq', 'kbdIrq', 1),
      definePropUint8('mouse-irq', 'mouseIrq', 12),
    ]);
    dc.realize = (dev) => {
      const s = dev as ISAKBDState;
      qdevConnectGpioOut(s, 0, isaGetIrq(s, s.kbdIrq));
      qdevConnectGpioOut(s, 1, isaGetIrq(s, s.mouseIrq));
      isaRegisterIoport(s, s.io[0], 0x60);
      isaRegisterIoport(s, s.io[1], 0x64);
      qdevRealize(s.ps2kbd, sysbusGetDefault());
      qdevConnectGpioOut(s.ps2kbd, 0, qdevGetGpioInNamed(s, 'ps2-kbd-input-irq', 0));
      qdevRealize(s.ps2mouse, sysbusGetDefault());
      qdevConnectGpioOut(s.ps2mouse, 0, qdevGetGpioInNamed(s, 'ps2-mouse-input-irq', 0));
      if (s.kbdThrottle && !s.throttleTimer)
        s.throttleTimer = timerNewUs(QEMU_CLOCK_VIRTUAL, () => kbdThrottleTimeout(s));
    };
    dc.reset = (dev) => kbdReset(dev as ISAKBDState);
  },
});

/** i8042 on the ISA bus, as pc_superio_init makes it; the A20 line is wired with i8042SetupA20Line. */
export function i8042Init(bus: ISABus): ISAKBDState {
  const s = qdevNew<ISAKBDState>(TYPE_I8042);
  qdevRealizeAndUnref(s, bus);
  return s;
}

/** i8042_setup_a20_line */
export function i8042SetupA20Line(
  dev: ISAKBDState,
  a20Out: Parameters<typeof qdevConnectGpioOutNamed>[3],
): void {
  qdevConnectGpioOutNamed(dev, I8042_A20_LINE, 0, a20Out);
}
