/**
 * The MC146818 RTC and its CMOS memory (QEMU's hw/rtc/mc146818rtc.c): index port 0x70 (bit 7, the
 * NMI mask, is ignored as in QEMU), data port 0x71, 128 bytes, time and date in BCD or binary with
 * 12/24 h, registers A-D, and the periodic, alarm and update-ended interrupts on IRQ 8. The time is
 * kept as a base plus the elapsed time of the RTC clock (host, rt or vm; see rtc-config.ts) and
 * written into the registers when read, so no per-second work is done unless an interrupt needs it.
 */
import { MemoryRegion } from '@tsemu/memory';
import {
  type DeviceClass,
  type DeviceState,
  definePropEnum,
  definePropInt32,
  definePropUint8,
  definePropUint16,
  defineTypes,
  deviceClassSetProps,
  enumType,
  NANOSECONDS_PER_SECOND,
  objectGetCanonicalPath,
  objectPropertyAddTyped,
  type QEMUTimer,
  type QomObject,
  qdevConnectGpioOut,
  qdevInitGpioOut,
  qdevNew,
  qdevPropSet,
  qdevRealizeAndUnref,
  qdevSetGpioOut,
  qemuClockGetNs,
  timerDel,
  timerExpireTimeNs,
  timerModNs,
  timerNewNs,
  timerPending,
  typeRegister,
} from '@tsemu/qdev';
import { type ISABus, ISADevice, isaGetIrq, isaRegisterIoport, TYPE_ISA_DEVICE } from '../isa/isa-bus.js';
import { gmtime, mktimegm, qemuGetTimedate, qemuTimedateDiff, rtcClock, type Tm } from './rtc-config.js';

export const TYPE_MC146818_RTC = 'mc146818rtc';

export const RTC_ISA_IRQ = 8;
export const RTC_SECONDS = 0;
export const RTC_SECONDS_ALARM = 1;
export const RTC_MINUTES = 2;
export const RTC_MINUTES_ALARM = 3;
export const RTC_HOURS = 4;
export const RTC_HOURS_ALARM = 5;
export const RTC_DAY_OF_WEEK = 6;
export const RTC_DAY_OF_MONTH = 7;
export const RTC_MONTH = 8;
export const RTC_YEAR = 9;
export const RTC_REG_A = 10;
export const RTC_REG_B = 11;
export const RTC_REG_C = 12;
export const RTC_REG_D = 13;
export const RTC_CENTURY = 0x32;
export const RTC_IBM_PS2_CENTURY_BYTE = 0x37;

export const REG_A_UIP = 0x80;
export const REG_B_SET = 0x80;
export const REG_B_PIE = 0x40;
export const REG_B_AIE = 0x20;
export const REG_B_UIE = 0x10;
export const REG_B_SQWE = 0x08;
export const REG_B_DM = 0x04;
export const REG_B_24H = 0x02;
export const REG_C_UF = 0x10;
export const REG_C_IRQF = 0x80;
export const REG_C_PF = 0x40;
export const REG_C_AF = 0x20;
export const REG_C_MASK = 0x70;

/** struct tm as QOM's object_property_add_tm visits it */
const STRUCT_TM = defineTypes([
  {
    meta: 'struct',
    name: 'struct tm',
    members: ['tm_year', 'tm_mon', 'tm_mday', 'tm_hour', 'tm_min', 'tm_sec'].map((name) => ({
      name,
      type: 'int32',
    })),
  },
])('struct tm');

/** QAPI LostTickPolicy */
const LOST_TICK_POLICY = enumType('LostTickPolicy', ['discard', 'delay', 'slew']);

const RTC_CLOCK_RATE = 32768;
const UIP_HOLD_LENGTH = (8 * NANOSECONDS_PER_SECOND) / 32768;
const SEC_PER_MIN = 60;
const MIN_PER_HOUR = 60;
const HOUR_PER_DAY = 24;
const SEC_PER_DAY = 86400;

/** floor(a * b / c) exactly for the magnitudes the RTC uses (muldiv64) */
function muldiv(a: number, b: number, c: number): number {
  const q = Math.floor(a / c);
  const r = a - q * c;
  return q * b + Math.floor((r * b) / c);
}

export class RTCState extends ISADevice {
  cmosData = new Uint8Array(128);
  cmosIndex = 0;
  iobase = 0x70;
  isairq = RTC_ISA_IRQ;
  baseYear = 1980;
  lostTickPolicy = 'discard';
  /** seconds since the epoch at lastUpdate */
  baseRtc = 0;
  /** RTC clock ns when baseRtc was set */
  lastUpdate = 0;
  /** sub-second ns of the RTC at lastUpdate */
  offset = 0;
  period = 0;
  nextPeriodicTime = 0;
  nextAlarmTime = 0;
  periodicTimer!: QEMUTimer;
  updateTimer!: QEMUTimer;
  io!: MemoryRegion;
  coalescedIo!: MemoryRegion;
}

const running = (s: RTCState) =>
  !(s.cmosData[RTC_REG_B] & REG_B_SET) && (s.cmosData[RTC_REG_A] & 0x70) <= 0x20;

function setIrq(s: RTCState, level: number): void {
  qdevSetGpioOut(s, undefined, 0, level);
}

function getGuestRtcNs(s: RTCState): number {
  return s.baseRtc * NANOSECONDS_PER_SECOND + qemuClockGetNs(rtcClock()) - s.lastUpdate + s.offset;
}

function toBcd(s: RTCState, a: number): number {
  return s.cmosData[RTC_REG_B] & REG_B_DM ? a & 0xff : (Math.floor(a / 10) << 4) | (a % 10);
}

/** rtc_from_bcd: -1 for an alarm's "don't care" value (0xc0-0xff) */
function fromBcd(s: RTCState, a: number): number {
  if ((a & 0xc0) === 0xc0) return -1;
  return s.cmosData[RTC_REG_B] & REG_B_DM ? a : (a >> 4) * 10 + (a & 0x0f);
}

function rtcSetCmos(s: RTCState, tm: Tm): void {
  const d = s.cmosData;
  d[RTC_SECONDS] = toBcd(s, tm.sec);
  d[RTC_MINUTES] = toBcd(s, tm.min);
  if (d[RTC_REG_B] & REG_B_24H) {
    d[RTC_HOURS] = toBcd(s, tm.hour);
  } else {
    d[RTC_HOURS] = toBcd(s, tm.hour % 12 ? tm.hour % 12 : 12);
    if (tm.hour >= 12) d[RTC_HOURS] |= 0x80;
  }
  d[RTC_DAY_OF_WEEK] = toBcd(s, tm.wday + 1);
  d[RTC_DAY_OF_MONTH] = toBcd(s, tm.mday);
  d[RTC_MONTH] = toBcd(s, tm.mon + 1);
  const year = tm.year + 1900 - s.baseYear;
  d[RTC_YEAR] = toBcd(s, year % 100);
  d[RTC_CENTURY] = toBcd(s, Math.floor(year / 100));
}

function rtcGetTime(s: RTCState): Tm {
  const d = s.cmosData;
  let hour = fromBcd(s, d[RTC_HOURS] & 0x7f);
  if (!(d[RTC_REG_B] & REG_B_24H)) {
    hour %= 12;
    if (d[RTC_HOURS] & 0x80) hour += 12;
  }
  return {
    sec: fromBcd(s, d[RTC_SECONDS]),
    min: fromBcd(s, d[RTC_MINUTES]),
    hour,
    wday: fromBcd(s, d[RTC_DAY_OF_WEEK]) - 1,
    mday: fromBcd(s, d[RTC_DAY_OF_MONTH]),
    mon: fromBcd(s, d[RTC_MONTH]) - 1,
    year: fromBcd(s, d[RTC_YEAR]) + s.baseYear + fromBcd(s, d[RTC_CENTURY]) * 100 - 1900,
  };
}

export type RtcChangeListener = (offset: number, qomPath: string) => void;
let rtcChangeListener: RtcChangeListener | undefined;

/**
 * Where QEMU sends its RTC_CHANGE event: called with the offset in seconds from the -rtc base and
 * the RTC's QOM path whenever the guest sets the time (the monitor rate-limits the event).
 */
export function rtcSetChangeListener(fn: RtcChangeListener | undefined): void {
  rtcChangeListener = fn;
}

/** rtc_set_time: the registers become the new base */
function rtcSetTime(s: RTCState): void {
  const tm = rtcGetTime(s);
  s.baseRtc = mktimegm(tm.year + 1900, tm.mon, tm.mday, tm.hour, tm.min, tm.sec);
  s.lastUpdate = qemuClockGetNs(rtcClock());
  rtcChangeListener?.(qemuTimedateDiff(tm), objectGetCanonicalPath(s) ?? '');
}

/** rtc_update_time: the registers from the running time */
function rtcUpdateTime(s: RTCState): void {
  const guestSec = Math.floor(getGuestRtcNs(s) / NANOSECONDS_PER_SECOND);
  if ((s.cmosData[RTC_REG_B] & REG_B_SET) === 0) rtcSetCmos(s, gmtime(guestSec));
}

function updateInProgress(s: RTCState): boolean {
  if (!running(s)) return false;
  if (timerPending(s.updateTimer)) {
    const next = timerExpireTimeNs(s.updateTimer);
    // UIP stays latched until the timer has run
    if (qemuClockGetNs(rtcClock()) >= next - UIP_HOLD_LENGTH) {
      s.cmosData[RTC_REG_A] |= REG_A_UIP;
      return true;
    }
  }
  // UIP is set in the last 244 us of every second
  return getGuestRtcNs(s) % NANOSECONDS_PER_SECOND >= NANOSECONDS_PER_SECOND - UIP_HOLD_LENGTH;
}

/** periodic_period_to_clock: the period in 32 kHz cycles for rate bits RS3-RS0 */
function periodicPeriodToClock(code: number): number {
  if (!code) return 0;
  if (code <= 2) code += 7;
  return 1 << (code - 1);
}

function rtcPeriodicClockTicks(s: RTCState): number {
  if (!(s.cmosData[RTC_REG_B] & REG_B_PIE)) return 0;
  return periodicPeriodToClock(s.cmosData[RTC_REG_A] & 0x0f);
}

function periodicTimerUpdate(
  s: RTCState,
  currentTime: number,
  oldPeriod: number,
  periodChange: boolean,
): void {
  const period = rtcPeriodicClockTicks(s);
  s.period = period;
  if (!period) {
    timerDel(s.periodicTimer);
    return;
  }
  const curClock = muldiv(currentTime, RTC_CLOCK_RATE, NANOSECONDS_PER_SECOND);
  let lostClock = 0;
  // a new period counts from the last interrupt of the old one
  if (oldPeriod && periodChange) {
    const nextPeriodicClock = muldiv(s.nextPeriodicTime, RTC_CLOCK_RATE, NANOSECONDS_PER_SECOND);
    lostClock = Math.max(curClock - (nextPeriodicClock - oldPeriod), 0);
  }
  // lost_tick_policy=discard (slew is not modelled): time progresses anyway
  lostClock = Math.min(lostClock, period);
  const nextIrqClock = curClock + period - lostClock;
  s.nextPeriodicTime = muldiv(nextIrqClock, NANOSECONDS_PER_SECOND, RTC_CLOCK_RATE) + 1;
  timerModNs(s.periodicTimer, s.nextPeriodicTime);
}

function rtcPeriodicTimer(s: RTCState): void {
  periodicTimerUpdate(s, s.nextPeriodicTime, s.period, false);
  s.cmosData[RTC_REG_C] |= REG_C_PF;
  if (s.cmosData[RTC_REG_B] & REG_B_PIE) {
    s.cmosData[RTC_REG_C] |= REG_C_IRQF;
    setIrq(s, 1);
  }
}

function convertHour(s: RTCState, hour: number): number {
  if (!(s.cmosData[RTC_REG_B] & REG_B_24H)) {
    hour %= 12;
    if (s.cmosData[RTC_HOURS] & 0x80) hour += 12;
  }
  return hour;
}

/** get_next_alarm: seconds from now to the alarm (1..86400) */
function getNextAlarm(s: RTCState): number {
  rtcUpdateTime(s);
  const d = s.cmosData;
  let alarmSec = fromBcd(s, d[RTC_SECONDS_ALARM]);
  let alarmMin = fromBcd(s, d[RTC_MINUTES_ALARM]);
  let alarmHour = fromBcd(s, d[RTC_HOURS_ALARM]);
  alarmHour = alarmHour === -1 ? -1 : convertHour(s, alarmHour);
  const curSec = fromBcd(s, d[RTC_SECONDS]);
  const curMin = fromBcd(s, d[RTC_MINUTES]);
  const curHour = convertHour(s, fromBcd(s, d[RTC_HOURS]));

  if (alarmHour === -1) {
    alarmHour = curHour;
    if (alarmMin === -1) {
      alarmMin = curMin;
      if (alarmSec === -1) alarmSec = curSec + 1;
      else if (curSec > alarmSec) alarmMin++;
    } else if (curMin === alarmMin) {
      if (alarmSec === -1) alarmSec = curSec + 1;
      else if (curSec > alarmSec) alarmHour++;
      if (alarmSec === SEC_PER_MIN) {
        alarmSec = 0;
        alarmHour++;
      }
    } else if (curMin > alarmMin) {
      alarmHour++;
    }
  } else if (curHour === alarmHour) {
    if (alarmMin === -1) {
      alarmMin = curMin;
      if (alarmSec === -1) alarmSec = curSec + 1;
      else if (curSec > alarmSec) alarmMin++;
      if (alarmSec === SEC_PER_MIN) {
        alarmSec = 0;
        alarmMin++;
      }
      alarmMin %= MIN_PER_HOUR;
    } else if (curMin === alarmMin) {
      if (alarmSec === -1) alarmSec = curSec + 1;
      alarmSec %= SEC_PER_MIN;
    }
  }
  if (alarmMin === -1) alarmMin = 0;
  if (alarmSec === -1) alarmSec = 0;
  if (alarmSec === SEC_PER_MIN) {
    alarmSec = 0;
    alarmMin++;
  }
  if (alarmMin === MIN_PER_HOUR) {
    alarmMin = 0;
    alarmHour++;
  }
  alarmHour %= HOUR_PER_DAY;
  const hour = alarmHour - curHour;
  const min = hour * MIN_PER_HOUR + alarmMin - curMin;
  const sec = min * SEC_PER_MIN + alarmSec - curSec;
  return sec <= 0 ? sec + SEC_PER_DAY : sec;
}

/** check_update_timer: arm the update-ended timer for the next second, or the alarm when UF is set */
function checkUpdateTimer(s: RTCState): void {
  const d = s.cmosData;
  // dividers held in reset stop interrupts
  if ((d[RTC_REG_A] & 0x60) === 0x60) {
    timerDel(s.updateTimer);
    return;
  }
  const guestNsec = getGuestRtcNs(s) % NANOSECONDS_PER_SECOND;
  let nextUpdateTime = qemuClockGetNs(rtcClock()) + NANOSECONDS_PER_SECOND - guestNsec;
  const nextAlarmSec = getNextAlarm(s);
  s.nextAlarmTime = nextUpdateTime + (nextAlarmSec - 1) * NANOSECONDS_PER_SECOND;
  if (!(d[RTC_REG_A] & REG_A_UIP) && d[RTC_REG_C] & REG_C_UF) {
    // UF already set: only AF can still change
    if (d[RTC_REG_B] & REG_B_SET || d[RTC_REG_C] & REG_C_AF) {
      timerDel(s.updateTimer);
      return;
    }
    nextUpdateTime = s.nextAlarmTime;
  }
  if (nextUpdateTime !== timerExpireTimeNs(s.updateTimer)) timerModNs(s.updateTimer, nextUpdateTime);
}

function rtcUpdateTimer(s: RTCState): void {
  let irqs = REG_C_UF;
  rtcUpdateTime(s);
  s.cmosData[RTC_REG_A] &= ~REG_A_UIP;
  if (qemuClockGetNs(rtcClock()) >= s.nextAlarmTime) irqs |= REG_C_AF;
  const newIrqs = irqs & ~s.cmosData[RTC_REG_C];
  s.cmosData[RTC_REG_C] |= irqs;
  if ((newIrqs & s.cmosData[RTC_REG_B]) !== 0) {
    s.cmosData[RTC_REG_C] |= REG_C_IRQF;
    setIrq(s, 1);
  }
  checkUpdateTimer(s);
}

export function cmosIoportWrite(s: RTCState, addr: number, data: number): void {
  data &= 0xff;
  const d = s.cmosData;
  if ((addr & 1) === 0) {
    s.cmosIndex = data & 0x7f;
    return;
  }
  // 0x37 is the PS/2 alias of the century byte
  if (s.cmosIndex === RTC_IBM_PS2_CENTURY_BYTE) s.cmosIndex = RTC_CENTURY;
  switch (s.cmosIndex) {
    case RTC_SECONDS_ALARM:
    case RTC_MINUTES_ALARM:
    case RTC_HOURS_ALARM:
      d[s.cmosIndex] = data;
      checkUpdateTimer(s);
      break;
    case RTC_CENTURY:
    case RTC_SECONDS:
    case RTC_MINUTES:
    case RTC_HOURS:
    case RTC_DAY_OF_WEEK:
    case RTC_DAY_OF_MONTH:
    case RTC_MONTH:
    case RTC_YEAR:
      d[s.cmosIndex] = data;
      // in set mode the time is taken when SET is cleared
      if (running(s)) {
        rtcSetTime(s);
        checkUpdateTimer(s);
      }
      break;
    case RTC_REG_A: {
      const updatePeriodic = (d[RTC_REG_A] ^ data) & 0x0f;
      const oldPeriod = rtcPeriodicClockTicks(s);
      if ((data & 0x60) === 0x60) {
        if (running(s)) rtcUpdateTime(s);
        d[RTC_REG_A] &= ~REG_A_UIP;
      } else if ((d[RTC_REG_A] & 0x60) === 0x60 && (data & 0x70) <= 0x20) {
        // leaving divider reset: the first update comes half a second later
        if (!(d[RTC_REG_B] & REG_B_SET)) {
          s.offset = 500_000_000;
          rtcSetTime(s);
        }
        d[RTC_REG_A] &= ~REG_A_UIP;
      }
      d[RTC_REG_A] = (data & ~REG_A_UIP) | (d[RTC_REG_A] & REG_A_UIP);
      if (updatePeriodic) periodicTimerUpdate(s, qemuClockGetNs(rtcClock()), oldPeriod, true);
      checkUpdateTimer(s);
      break;
    }
    case RTC_REG_B: {
      const updatePeriodic = (d[RTC_REG_B] ^ data) & REG_B_PIE;
      const oldPeriod = rtcPeriodicClockTicks(s);
      if (data & REG_B_SET) {
        // freeze the registers at the time the RTC stops
        if (running(s)) rtcUpdateTime(s);
        d[RTC_REG_A] &= ~REG_A_UIP;
        data &= ~REG_B_UIE;
      } else if (d[RTC_REG_B] & REG_B_SET && (d[RTC_REG_A] & 0x70) <= 0x20) {
        s.offset = getGuestRtcNs(s) % NANOSECONDS_PER_SECOND;
        rtcSetTime(s);
      }
      // a flag already set when its interrupt gets enabled interrupts at once
      if (data & d[RTC_REG_C] & REG_C_MASK) {
        d[RTC_REG_C] |= REG_C_IRQF;
        setIrq(s, 1);
      } else {
        d[RTC_REG_C] &= ~REG_C_IRQF;
        setIrq(s, 0);
      }
      d[RTC_REG_B] = data;
      if (updatePeriodic) periodicTimerUpdate(s, qemuClockGetNs(rtcClock()), oldPeriod, true);
      checkUpdateTimer(s);
      break;
    }
    case RTC_REG_C:
    case RTC_REG_D:
      break; // read-only
    default:
      d[s.cmosIndex] = data;
      break;
  }
}

export function cmosIoportRead(s: RTCState, addr: number): number {
  if ((addr & 1) === 0) return 0xff;
  const d = s.cmosData;
  if (s.cmosIndex === RTC_IBM_PS2_CENTURY_BYTE) s.cmosIndex = RTC_CENTURY;
  switch (s.cmosIndex) {
    case RTC_CENTURY:
    case RTC_SECONDS:
    case RTC_MINUTES:
    case RTC_HOURS:
    case RTC_DAY_OF_WEEK:
    case RTC_DAY_OF_MONTH:
    case RTC_MONTH:
    case RTC_YEAR:
      if (running(s)) rtcUpdateTime(s);
      return d[s.cmosIndex];
    case RTC_REG_A: {
      let ret = d[RTC_REG_A];
      if (updateInProgress(s)) ret |= REG_A_UIP;
      return ret;
    }
    case RTC_REG_C: {
      const ret = d[RTC_REG_C];
      setIrq(s, 0);
      d[RTC_REG_C] = 0;
      if (ret & (REG_C_UF | REG_C_AF)) checkUpdateTimer(s);
      return ret;
    }
    default:
      return d[s.cmosIndex];
  }
}

/** rtc_set_memory: what the machine's CMOS init writes (pc_cmos_init) */
export function rtcSetMemory(s: RTCState, addr: number, val: number): void {
  if (addr >= 0 && addr <= 127) s.cmosData[addr] = val & 0xff;
}

export function rtcGetMemory(s: RTCState, addr: number): number {
  return s.cmosData[addr & 0x7f];
}

/** rtc_set_date_from_host: the date from -rtc base= (or the host) */
function rtcSetDateFromHost(s: RTCState): void {
  const tm = qemuGetTimedate(0);
  s.baseRtc = mktimegm(tm.year + 1900, tm.mon, tm.mday, tm.hour, tm.min, tm.sec);
  s.lastUpdate = qemuClockGetNs(rtcClock());
  s.offset = 0;
  rtcSetCmos(s, tm);
}

/** The guest's current RTC date (the "date" property of QEMU's RTC, as struct tm). */
export function rtcGetDate(s: RTCState): Tm {
  rtcUpdateTime(s);
  return rtcGetTime(s);
}

function rtcRealize(dev: DeviceState): void {
  const s = dev as RTCState;
  const d = s.cmosData;
  d[RTC_REG_A] = 0x26;
  d[RTC_REG_B] = 0x02;
  d[RTC_REG_C] = 0x00;
  d[RTC_REG_D] = 0x80;
  // historical: base_year 2000 leaves the century byte at 0 until 2079
  if (s.baseYear === 2000) s.baseYear = 0;
  if (s.lostTickPolicy !== 'discard' && s.lostTickPolicy !== 'slew')
    throw new Error(`Lost tick policy '${s.lostTickPolicy}' is not supported`);
  rtcSetDateFromHost(s);
  s.periodicTimer = timerNewNs(rtcClock(), () => rtcPeriodicTimer(s));
  s.updateTimer = timerNewNs(rtcClock(), () => rtcUpdateTimer(s));
  checkUpdateTimer(s);
  const ops = {
    read: (addr: number) => cmosIoportRead(s, addr),
    write: (addr: number, v: number | bigint) => cmosIoportWrite(s, addr, Number(v)),
    impl: { minAccessSize: 1, maxAccessSize: 1 },
  };
  s.io = MemoryRegion.io('rtc', 2, ops, { owner: s });
  s.coalescedIo = MemoryRegion.io('rtc-index', 1, ops, { owner: s });
  s.io.addSubregion(0, s.coalescedIo);
  isaRegisterIoport(s, s.io, s.iobase);
  objectPropertyAddTyped(s, 'date', STRUCT_TM, {
    type: 'struct tm',
    get: () => {
      const tm = rtcGetDate(s);
      return {
        tm_year: tm.year,
        tm_mon: tm.mon,
        tm_mday: tm.mday,
        tm_hour: tm.hour,
        tm_min: tm.min,
        tm_sec: tm.sec,
      };
    },
  });
  qdevConnectGpioOut(s, 0, isaGetIrq(s, s.isairq));
}

function rtcUnrealize(dev: DeviceState): void {
  const s = dev as RTCState;
  timerDel(s.periodicTimer);
  timerDel(s.updateTimer);
}

/** rtc_resetdev */
function rtcReset(dev: DeviceState): void {
  const s = dev as RTCState;
  // the shutdown status byte survives only a guest-initiated suspend (0xfe)
  if (s.cmosData[0x0f] !== 0xfe) s.cmosData[0x0f] = 0x00;
  s.cmosData[RTC_REG_B] &= ~(REG_B_PIE | REG_B_AIE | REG_B_SQWE);
  s.cmosData[RTC_REG_C] &= ~(REG_C_UF | REG_C_IRQF | REG_C_PF | REG_C_AF);
  checkUpdateTimer(s);
  setIrq(s, 0);
}

typeRegister<RTCState, DeviceClass>({
  name: TYPE_MC146818_RTC,
  parent: TYPE_ISA_DEVICE,
  instance: RTCState,
  instanceInit: (obj) => qdevInitGpioOut(obj as RTCState, 1),
  classInit: (dc) => {
    dc.realize = rtcRealize;
    dc.unrealize = rtcUnrealize;
    dc.reset = rtcReset;
    dc.categories = new Set(['misc']);
    deviceClassSetProps(dc, [
      definePropInt32('base_year', 'baseYear', 1980),
      definePropUint16('iobase', 'iobase', 0x70),
      definePropUint8('irq', 'isairq', RTC_ISA_IRQ),
      definePropEnum('lost_tick_policy', 'lostTickPolicy', LOST_TICK_POLICY, 'discard'),
    ]);
  },
});

/**
 * mc146818_rtc_init: the RTC at 0x70 with base year `baseYear` (2000, as the pc machine passes it,
 * which realize turns into 0 so the century byte counts), on ISA IRQ 8 unless `interceptIrq` (the
 * HPET's) is given.
 */
export function mc146818RtcInit(bus: ISABus, baseYear = 2000, interceptIrq?: QomObject): RTCState {
  const s = qdevNew<RTCState>(TYPE_MC146818_RTC);
  qdevPropSet(s, 'base_year', baseYear);
  qdevRealizeAndUnref(s, bus);
  if (interceptIrq) qdevConnectGpioOut(s, 0, interceptIrq);
  return s;
}
