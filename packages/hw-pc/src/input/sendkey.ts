/**
 * The key input path of `sendkey` (HMP) and `send-key` (QMP): key names (QAPI QKeyCode) and
 * numbers (QEMU's "qnum" codes, set 1 with 0x80 for E0-prefixed keys) to qcodes, and the event
 * queue of ui/input.c that presses the keys in order and releases them in reverse, each event
 * `holdTime` ms (default 10) apart on the virtual clock while the VM runs, all at once when not.
 */
import {
  QEMU_CLOCK_VIRTUAL,
  type QEMUTimer,
  qemuClockGetMs,
  timerDel,
  timerMod,
  timerNewMs,
} from '@tsemu/qdev';
import { QCODE_TO_AT } from './ps2-keys.js';

/** QKeyCode, in the schema's order (ui.json) */
export const QKEYCODE_NAMES: readonly string[] = [
  'data',
  'unmapped',
  'shift',
  'shift_r',
  'alt',
  'alt_r',
  'ctrl',
  'ctrl_r',
  'menu',
  'esc',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '0',
  'minus',
  'equal',
  'backspace',
  'tab',
  'q',
  'w',
  'e',
  'r',
  't',
  'y',
  'u',
  'i',
  'o',
  'p',
  'bracket_left',
  'bracket_right',
  'ret',
  'a',
  's',
  'd',
  'f',
  'g',
  'h',
  'j',
  'k',
  'l',
  'semicolon',
  'apostrophe',
  'grave_accent',
  'backslash',
  'z',
  'x',
  'c',
  'v',
  'b',
  'n',
  'm',
  'comma',
  'dot',
  'slash',
  'asterisk',
  'spc',
  'caps_lock',
  'f1',
  'f2',
  'f3',
  'f4',
  'f5',
  'f6',
  'f7',
  'f8',
  'f9',
  'f10',
  'num_lock',
  'scroll_lock',
  'kp_divide',
  'kp_multiply',
  'kp_subtract',
  'kp_add',
  'kp_enter',
  'kp_decimal',
  'sysrq',
  'kp_0',
  'kp_1',
  'kp_2',
  'kp_3',
  'kp_4',
  'kp_5',
  'kp_6',
  'kp_7',
  'kp_8',
  'kp_9',
  'less',
  'f11',
  'f12',
  'print',
  'home',
  'pgup',
  'pgdn',
  'end',
  'left',
  'up',
  'down',
  'right',
  'insert',
  'delete',
  'stop',
  'again',
  'props',
  'undo',
  'front',
  'copy',
  'open',
  'paste',
  'find',
  'cut',
  'lf',
  'help',
  'meta_l',
  'meta_r',
  'compose',
  'pause',
  'ro',
  'hiragana',
  'henkan',
  'yen',
  'muhenkan',
  'katakanahiragana',
  'kp_comma',
  'kp_equals',
  'power',
  'sleep',
  'wake',
  'audionext',
  'audioprev',
  'audiostop',
  'audioplay',
  'audiomute',
  'volumeup',
  'volumedown',
  'mediaselect',
  'mail',
  'calculator',
  'computer',
  'ac_home',
  'ac_back',
  'ac_forward',
  'ac_refresh',
  'ac_bookmarks',
  'lang1',
  'lang2',
];

const QKEYCODES = new Set(QKEYCODE_NAMES);

/** KeyValue of the schema: a qcode name or a qnum number */
export type KeyValue = { type: 'qcode'; data: string } | { type: 'number'; data: number };

/** qemu_input_key_number_to_qcode: qnum (set 1, 0x80 marking E0 keys) to a qcode, or 'unmapped' */
export function qnumToQcode(qnum: number): string {
  for (const [q, [set1]] of Object.entries(QCODE_TO_AT)) {
    const n = (set1 & 0x7f) | (set1 & 0xe000 ? 0x80 : 0);
    if (n === qnum) return q;
  }
  return 'unmapped';
}

/** qemu_input_key_value_to_qcode ('sysrq' is transparently 'print') */
export function keyValueToQcode(k: KeyValue): string {
  const q = k.type === 'number' ? qnumToQcode(k.data) : k.data;
  return q === 'sysrq' ? 'print' : q;
}

/** hmp_sendkey's parsing of "ctrl-alt-f1" / "0x1d-0x38": throws QEMU's message on a bad name */
export function hmpSendkeyParse(keys: string): KeyValue[] {
  const out: KeyValue[] = [];
  for (const name of keys.split('-')) {
    if (name.startsWith('0x')) {
      const v = Number(name);
      if (!/^0x[0-9a-fA-F]+$/.test(name) || !Number.isFinite(v))
        throw new Error(`invalid parameter: ${name}`);
      out.push({ type: 'number', data: v });
    } else {
      if (!QKEYCODES.has(name)) throw new Error(`invalid parameter: ${name}`);
      out.push({ type: 'qcode', data: name });
    }
  }
  return out;
}

type QueuedEvent = { kind: 'key'; qcode: string; down: boolean } | { kind: 'delay'; ms: number };

/** The keyboard event queue (ui/input.c kbd_queue / kbd_timer). */
export class KeyEventQueue {
  private readonly queue: QueuedEvent[] = [];
  private readonly timer: QEMUTimer;
  /** kbd_default_delay_ms */
  static readonly DEFAULT_DELAY_MS = 10;

  constructor(
    /** where key events go (the active keyboard, e.g. ps2KeyboardEvent on the i8042's ps2-kbd) */
    private readonly handler: (qcode: string, down: boolean) => void,
    /** runstate_is_running: delays apply only while the VM runs */
    private readonly running: () => boolean,
  ) {
    this.timer = timerNewMs(QEMU_CLOCK_VIRTUAL, () => this.process());
  }

  /** qemu_input_event_send_key: now, or behind pending delays */
  sendKey(qcode: string, down: boolean): void {
    if (this.queue.length === 0) this.handler(qcode, down);
    else this.queue.push({ kind: 'key', qcode, down });
  }

  /** qemu_input_event_send_key_delay */
  delay(ms: number): void {
    if (!this.running()) return;
    const wait = ms || KeyEventQueue.DEFAULT_DELAY_MS;
    const start = this.queue.length === 0;
    this.queue.push({ kind: 'delay', ms: wait });
    if (start) timerMod(this.timer, qemuClockGetMs(QEMU_CLOCK_VIRTUAL) + wait);
  }

  /** qmp_send_key: press in order, release in reverse, `holdTime` ms between events */
  sendKeys(keys: readonly KeyValue[], holdTime = 0): void {
    for (const k of keys) {
      this.sendKey(keyValueToQcode(k), true);
      this.delay(holdTime);
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      this.sendKey(keyValueToQcode(keys[i]), false);
      this.delay(holdTime);
    }
  }

  /** qemu_input_queue_process: events up to the next delay, then re-arm */
  private process(): void {
    // the delay that armed the timer has passed
    if (this.queue[0]?.kind === 'delay') this.queue.shift();
    while (this.queue.length > 0) {
      const e = this.queue[0];
      if (e.kind === 'delay') {
        timerMod(this.timer, qemuClockGetMs(QEMU_CLOCK_VIRTUAL) + e.ms);
        return;
      }
      this.queue.shift();
      this.handler(e.qcode, e.down);
    }
  }

  /** drop what is queued (machine teardown) */
  clear(): void {
    this.queue.length = 0;
    timerDel(this.timer);
  }
}
