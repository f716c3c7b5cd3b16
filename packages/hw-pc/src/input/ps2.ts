/**
 * PS/2 keyboard and mouse (QEMU's hw/input/ps2.c, devices `ps2-kbd` and `ps2-mouse`): the
 * device-side command sets (reset, LEDs, scancode set, typematic, ID, echo; mouse stream/remote,
 * wrap, resolution, sample rate with IMPS/2 and IMEX detection, status, poll) and the 16-byte
 * output queue with QEMU's command-reply ordering (replies go before queued key data). Each
 * device's IRQ output goes to its controller (the i8042).
 */
import {
  type DeviceClass,
  DeviceState,
  qdevInitGpioOut,
  qdevSetGpioOut,
  TYPE_SYS_BUS_DEVICE,
  typeRegister,
} from '@tsemu/qdev';
import { QCODE_TO_AT, TRANSLATE_TABLE } from './ps2-keys.js';

export const TYPE_PS2_DEVICE = 'ps2-device';
export const TYPE_PS2_KBD_DEVICE = 'ps2-kbd';
export const TYPE_PS2_MOUSE_DEVICE = 'ps2-mouse';

export const PS2_BUFFER_SIZE = 256;
/** queue size the PS/2 protocol needs */
export const PS2_QUEUE_SIZE = 16;

export const KBD_CMD_SET_LEDS = 0xed;
export const KBD_CMD_ECHO = 0xee;
export const KBD_CMD_SCANCODE = 0xf0;
export const KBD_CMD_GET_ID = 0xf2;
export const KBD_CMD_SET_RATE = 0xf3;
export const KBD_CMD_ENABLE = 0xf4;
export const KBD_CMD_RESET_DISABLE = 0xf5;
export const KBD_CMD_RESET_ENABLE = 0xf6;
export const KBD_CMD_SET_TYPEMATIC = 0xfa;
export const KBD_CMD_SET_MAKE_BREAK = 0xfc;
export const KBD_CMD_RESET = 0xff;

export const KBD_REPLY_POR = 0xaa;
export const KBD_REPLY_ID = 0xab;
export const KBD_REPLY_ACK = 0xfa;
export const KBD_REPLY_RESEND = 0xfe;

export const AUX_SET_SCALE11 = 0xe6;
export const AUX_SET_SCALE21 = 0xe7;
export const AUX_SET_RES = 0xe8;
export const AUX_GET_SCALE = 0xe9;
export const AUX_SET_STREAM = 0xea;
export const AUX_POLL = 0xeb;
export const AUX_RESET_WRAP = 0xec;
export const AUX_SET_WRAP = 0xee;
export const AUX_SET_REMOTE = 0xf0;
export const AUX_GET_TYPE = 0xf2;
export const AUX_SET_SAMPLE = 0xf3;
export const AUX_ENABLE_DEV = 0xf4;
export const AUX_DISABLE_DEV = 0xf5;
export const AUX_SET_DEFAULT = 0xf6;
export const AUX_RESET = 0xff;
export const AUX_ACK = 0xfa;

export const MOUSE_STATUS_REMOTE = 0x40;
export const MOUSE_STATUS_ENABLED = 0x20;
export const MOUSE_STATUS_SCALE21 = 0x10;

/** the scancode set numbers as the i8042 translates them (reply to F0 00) */
const translateTable = [0xff, 0x43, 0x41, 0x3f];

/** PS2Queue: a ring with a region of command replies ahead of the read pointer */
export class PS2Queue {
  data = new Uint8Array(PS2_BUFFER_SIZE);
  rptr = 0;
  wptr = 0;
  /** end of the command replies, -1 when there are none */
  cwptr = -1;
  count = 0;
}

/** PS2State */
export class PS2State extends DeviceState {
  queue = new PS2Queue();
  writeCmd = -1;
}

export class PS2KbdState extends PS2State {
  /** set 2 break prefix seen: the translated byte gets bit 7 */
  needHighBit = false;
  scanEnabled = 0;
  translate = 0;
  scancodeSet = 0;
  ledstate = 0;
  modifiers = 0;
}

export class PS2MouseState extends PS2State {
  mouseStatus = 0;
  mouseResolution = 0;
  mouseSampleRate = 0;
  mouseWrap = 0;
  mouseType = 0;
  mouseDetectState = 0;
  mouseDx = 0;
  mouseDy = 0;
  mouseDz = 0;
  mouseDw = 0;
  mouseButtons = 0;
}

function raiseIrq(s: PS2State): void {
  qdevSetGpioOut(s, undefined, 0, 1);
}
function lowerIrq(s: PS2State): void {
  qdevSetGpioOut(s, undefined, 0, 0);
}

/** ps2_queue_noirq */
export function ps2QueueNoirq(s: PS2State, b: number): void {
  const q = s.queue;
  if (q.count >= PS2_QUEUE_SIZE) return;
  q.data[q.wptr] = b & 0xff;
  if (++q.wptr === PS2_BUFFER_SIZE) q.wptr = 0;
  q.count++;
}

/** ps2_queue (and _2/_3/_4): all bytes or none, then the IRQ */
export function ps2Queue(s: PS2State, ...bytes: number[]): void {
  if (PS2_QUEUE_SIZE - s.queue.count < bytes.length) return;
  for (const b of bytes) ps2QueueNoirq(s, b);
  raiseIrq(s);
}

/** ps2_cqueue_N: command replies go in front of whatever is queued */
function ps2Cqueue(s: PS2State, ...bytes: number[]): void {
  const q = s.queue;
  q.rptr = (q.rptr - bytes.length) & (PS2_BUFFER_SIZE - 1);
  q.cwptr = q.rptr;
  for (const b of bytes) {
    q.data[q.cwptr] = b & 0xff;
    if (++q.cwptr >= PS2_BUFFER_SIZE) q.cwptr = 0;
    q.count++;
  }
  raiseIrq(s);
}

/** ps2_cqueue_reset: drop unread command replies */
function ps2CqueueReset(s: PS2State): void {
  const q = s.queue;
  if (q.cwptr === -1) return;
  const ccount = (q.cwptr - q.rptr) & (PS2_BUFFER_SIZE - 1);
  q.count -= ccount;
  q.rptr = q.cwptr;
  q.cwptr = -1;
}

/** ps2_reset_queue */
export function ps2ResetQueue(s: PS2State): void {
  const q = s.queue;
  q.rptr = 0;
  q.wptr = 0;
  q.cwptr = -1;
  q.count = 0;
}

/** ps2_read_data: the next byte; with none left, the last one again (EMM386 needs it) */
export function ps2ReadData(s: PS2State): number {
  const q = s.queue;
  if (q.count === 0) {
    let index = q.rptr - 1;
    if (index < 0) index = PS2_BUFFER_SIZE - 1;
    return q.data[index];
  }
  const val = q.data[q.rptr];
  if (q.cwptr === q.rptr) q.cwptr = -1; // the command replies are all read
  if (++q.rptr === PS2_BUFFER_SIZE) q.rptr = 0;
  q.count--;
  // reading deasserts the IRQ; more data asserts it again
  lowerIrq(s);
  if (q.count) raiseIrq(s);
  return val;
}

function ps2ResetKeyboard(s: PS2KbdState): void {
  s.scanEnabled = 1;
  s.scancodeSet = 2;
  ps2ResetQueue(s);
  s.ledstate = 0;
}

/** ps2_write_keyboard: a byte from the host (controller) to the keyboard */
export function ps2WriteKeyboard(s: PS2KbdState, val: number): void {
  // a new byte from the host drops the replies to the previous command not yet read
  ps2CqueueReset(s);
  switch (s.writeCmd) {
    case KBD_CMD_SET_MAKE_BREAK:
      ps2Cqueue(s, KBD_REPLY_ACK);
      s.writeCmd = -1;
      return;
    case KBD_CMD_SCANCODE:
      if (val === 0) {
        ps2Cqueue(s, KBD_REPLY_ACK, s.translate ? translateTable[s.scancodeSet] : s.scancodeSet);
      } else if (val >= 1 && val <= 3) {
        s.scancodeSet = val;
        ps2Cqueue(s, KBD_REPLY_ACK);
      } else {
        ps2Cqueue(s, KBD_REPLY_RESEND);
      }
      s.writeCmd = -1;
      return;
    case KBD_CMD_SET_LEDS:
      s.ledstate = val;
      ps2Cqueue(s, KBD_REPLY_ACK);
      s.writeCmd = -1;
      return;
    case KBD_CMD_SET_RATE:
      ps2Cqueue(s, KBD_REPLY_ACK);
      s.writeCmd = -1;
      return;
  }
  switch (val) {
    case 0x00:
      ps2Cqueue(s, KBD_REPLY_ACK);
      break;
    case 0x05:
      ps2Cqueue(s, KBD_REPLY_RESEND);
      break;
    case KBD_CMD_GET_ID:
      // an MF2 AT keyboard
      ps2Cqueue(s, KBD_REPLY_ACK, KBD_REPLY_ID, s.translate ? 0x41 : 0x83);
      break;
    case KBD_CMD_ECHO:
      ps2Cqueue(s, KBD_CMD_ECHO);
      break;
    case KBD_CMD_ENABLE:
      s.scanEnabled = 1;
      ps2Cqueue(s, KBD_REPLY_ACK);
      break;
    case KBD_CMD_SCANCODE:
    case KBD_CMD_SET_LEDS:
    case KBD_CMD_SET_RATE:
    case KBD_CMD_SET_MAKE_BREAK:
      s.writeCmd = val;
      ps2Cqueue(s, KBD_REPLY_ACK);
      break;
    case KBD_CMD_RESET_DISABLE:
      ps2ResetKeyboard(s);
      s.scanEnabled = 0;
      ps2Cqueue(s, KBD_REPLY_ACK);
      break;
    case KBD_CMD_RESET_ENABLE:
      ps2ResetKeyboard(s);
      s.scanEnabled = 1;
      ps2Cqueue(s, KBD_REPLY_ACK);
      break;
    case KBD_CMD_RESET:
      ps2ResetKeyboard(s);
      ps2Cqueue(s, KBD_REPLY_ACK, KBD_REPLY_POR);
      break;
    case KBD_CMD_SET_TYPEMATIC:
      ps2Cqueue(s, KBD_REPLY_ACK);
      break;
    default:
      ps2Cqueue(s, KBD_REPLY_RESEND);
      break;
  }
}

/** ps2_keyboard_set_translation: the controller converts to set 1 (mode byte bit 6) */
export function ps2KeyboardSetTranslation(s: PS2KbdState, mode: boolean): void {
  s.translate = mode ? 1 : 0;
}

/** ps2_put_keycode: one scancode byte, through the controller's set 1 translation if enabled */
function ps2PutKeycode(s: PS2KbdState, keycode: number): void {
  if (s.translate) {
    if (keycode === 0xf0) {
      s.needHighBit = true;
    } else if (s.needHighBit) {
      ps2Queue(s, TRANSLATE_TABLE[keycode] | 0x80);
      s.needHighBit = false;
    } else {
      ps2Queue(s, TRANSLATE_TABLE[keycode]);
    }
  } else {
    ps2Queue(s, keycode);
  }
}

/**
 * ps2_keyboard_event: a key (QKeyCode name, as sendkey and input-send-event give) pressed or
 * released, as make/break codes of the set the guest selected. Ignored while scanning is disabled
 * (it would corrupt the stream), and for keys outside the table (QEMU logs them as unimplemented);
 * set 3 and the Pause/PrintScreen sequences are not implemented.
 * Returns whether anything was sent.
 */
export function ps2KeyboardEvent(s: PS2KbdState, qcode: string, down: boolean): boolean {
  if (!s.scanEnabled) return false;
  const codes = QCODE_TO_AT[qcode];
  if (!codes || (s.scancodeSet !== 1 && s.scancodeSet !== 2)) return false;
  if (s.scancodeSet === 1) {
    const keycode = codes[0];
    if (keycode & 0xff00) ps2PutKeycode(s, keycode >> 8);
    ps2PutKeycode(s, (keycode & 0xff) | (down ? 0 : 0x80));
  } else {
    const keycode = codes[1];
    if (keycode & 0xff00) ps2PutKeycode(s, keycode >> 8);
    if (!down) ps2PutKeycode(s, 0xf0);
    ps2PutKeycode(s, keycode & 0xff);
  }
  return true;
}

function clampDelta(d: number): number {
  return Math.max(-127, Math.min(127, d));
}

/** ps2_mouse_send_packet: one movement packet (3 bytes, 4 for IMPS/2 and IMEX) */
export function ps2MouseSendPacket(s: PS2MouseState): boolean {
  const needed = s.mouseType ? 4 : 3;
  if (PS2_QUEUE_SIZE - s.queue.count < needed) return false;
  const dx1 = clampDelta(s.mouseDx);
  const dy1 = clampDelta(s.mouseDy);
  const b = 0x08 | ((dx1 < 0 ? 1 : 0) << 4) | ((dy1 < 0 ? 1 : 0) << 5) | (s.mouseButtons & 0x07);
  const bytes = [b, dx1 & 0xff, dy1 & 0xff];
  if (s.mouseType === 3) {
    bytes.push(Math.max(-127, Math.min(127, s.mouseDz)) & 0xff);
  } else if (s.mouseType === 4) {
    const dz1 = Math.max(-7, Math.min(7, s.mouseDz));
    bytes.push((dz1 & 0x0f) | ((s.mouseButtons & 0x18) << 1));
  }
  ps2Queue(s, ...bytes);
  s.mouseDx -= dx1;
  s.mouseDy -= dy1;
  s.mouseDz = 0;
  return true;
}

/** ps2_write_mouse: a byte from the host (controller command 0xD4) to the mouse */
export function ps2WriteMouse(s: PS2MouseState, val: number): void {
  if (s.writeCmd === AUX_SET_SAMPLE) {
    s.mouseSampleRate = val;
    // IMPS/2 and IMEX detection: the sample-rate knocks 200,100,80 and 200,200,80
    switch (s.mouseDetectState) {
      case 1:
        s.mouseDetectState = val === 100 ? 2 : val === 200 ? 3 : 0;
        break;
      case 2:
        if (val === 80) s.mouseType = 3;
        s.mouseDetectState = 0;
        break;
      case 3:
        if (val === 80) s.mouseType = 4;
        s.mouseDetectState = 0;
        break;
      default:
        if (val === 200) s.mouseDetectState = 1;
        break;
    }
    ps2Queue(s, AUX_ACK);
    s.writeCmd = -1;
    return;
  }
  if (s.writeCmd === AUX_SET_RES) {
    s.mouseResolution = val;
    ps2Queue(s, AUX_ACK);
    s.writeCmd = -1;
    return;
  }
  if (s.mouseWrap) {
    if (val === AUX_RESET_WRAP) {
      s.mouseWrap = 0;
      ps2Queue(s, AUX_ACK);
      return;
    }
    if (val !== AUX_RESET) {
      ps2Queue(s, val);
      return;
    }
  }
  switch (val) {
    case AUX_SET_SCALE11:
      s.mouseStatus &= ~MOUSE_STATUS_SCALE21;
      ps2Queue(s, AUX_ACK);
      break;
    case AUX_SET_SCALE21:
      s.mouseStatus |= MOUSE_STATUS_SCALE21;
      ps2Queue(s, AUX_ACK);
      break;
    case AUX_SET_STREAM:
      s.mouseStatus &= ~MOUSE_STATUS_REMOTE;
      ps2Queue(s, AUX_ACK);
      break;
    case AUX_SET_WRAP:
      s.mouseWrap = 1;
      ps2Queue(s, AUX_ACK);
      break;
    case AUX_SET_REMOTE:
      s.mouseStatus |= MOUSE_STATUS_REMOTE;
      ps2Queue(s, AUX_ACK);
      break;
    case AUX_GET_TYPE:
      ps2Queue(s, AUX_ACK, s.mouseType);
      break;
    case AUX_SET_RES:
    case AUX_SET_SAMPLE:
      s.writeCmd = val;
      ps2Queue(s, AUX_ACK);
      break;
    case AUX_GET_SCALE:
      ps2Queue(s, AUX_ACK, s.mouseStatus, s.mouseResolution, s.mouseSampleRate);
      break;
    case AUX_POLL:
      ps2Queue(s, AUX_ACK);
      ps2MouseSendPacket(s);
      break;
    case AUX_ENABLE_DEV:
      s.mouseStatus |= MOUSE_STATUS_ENABLED;
      ps2Queue(s, AUX_ACK);
      break;
    case AUX_DISABLE_DEV:
      s.mouseStatus &= ~MOUSE_STATUS_ENABLED;
      ps2Queue(s, AUX_ACK);
      break;
    case AUX_SET_DEFAULT:
      s.mouseSampleRate = 100;
      s.mouseResolution = 2;
      s.mouseStatus = 0;
      ps2Queue(s, AUX_ACK);
      break;
    case AUX_RESET:
      s.mouseSampleRate = 100;
      s.mouseResolution = 2;
      s.mouseStatus = 0;
      s.mouseType = 0;
      ps2ResetQueue(s);
      ps2Queue(s, AUX_ACK, 0xaa, s.mouseType);
      break;
    default:
      break;
  }
}

function ps2CommonReset(s: PS2State): void {
  s.writeCmd = -1;
  ps2ResetQueue(s);
  lowerIrq(s);
}

/** ps2_kbd_reset_hold */
export function ps2KbdReset(s: PS2KbdState): void {
  ps2CommonReset(s);
  s.scanEnabled = 1;
  s.translate = 0;
  s.scancodeSet = 2;
  s.modifiers = 0;
}

/** ps2_mouse_reset_hold */
export function ps2MouseReset(s: PS2MouseState): void {
  ps2CommonReset(s);
  s.mouseStatus = 0;
  s.mouseResolution = 0;
  s.mouseSampleRate = 0;
  s.mouseWrap = 0;
  s.mouseType = 0;
  s.mouseDetectState = 0;
  s.mouseDx = 0;
  s.mouseDy = 0;
  s.mouseDz = 0;
  s.mouseDw = 0;
  s.mouseButtons = 0;
}

typeRegister<PS2State, DeviceClass>({
  name: TYPE_PS2_DEVICE,
  parent: TYPE_SYS_BUS_DEVICE,
  abstract: true,
  instance: PS2State,
  instanceInit: (o) => qdevInitGpioOut(o as PS2State, 1),
  classInit: (dc) => {
    dc.categories = new Set(['input']);
  },
});
typeRegister<PS2KbdState, DeviceClass>({
  name: TYPE_PS2_KBD_DEVICE,
  parent: TYPE_PS2_DEVICE,
  instance: PS2KbdState,
  classInit: (dc) => {
    dc.reset = (d) => ps2KbdReset(d as PS2KbdState);
  },
});
typeRegister<PS2MouseState, DeviceClass>({
  name: TYPE_PS2_MOUSE_DEVICE,
  parent: TYPE_PS2_DEVICE,
  instance: PS2MouseState,
  classInit: (dc) => {
    dc.reset = (d) => ps2MouseReset(d as PS2MouseState);
  },
});
