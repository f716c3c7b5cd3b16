/**
 * The `-rtc` option (QEMU's softmmu/rtc.c): which clock the RTC follows (host, rt, vm) and where its
 * date starts (utc, localtime, or a fixed date). Like QEMU it is machine-wide state, set once from
 * the command line before the RTC is created.
 */
import {
  QEMU_CLOCK_HOST,
  QEMU_CLOCK_REALTIME,
  QEMU_CLOCK_VIRTUAL,
  type QEMUClockType,
  qemuClockGetMs,
} from '@tsemu/qdev';

export type RtcBaseType = 'utc' | 'localtime' | 'datetime';

export interface RtcOptions {
  /** utc, localtime, or a date: 2006-06-17T16:01:21 or 2006-06-17 */
  base?: string;
  /** host, rt or vm */
  clock?: string;
  /** none or slew */
  driftfix?: string;
}

/** An error with QEMU's text for a bad -rtc value (first line error_report, then error_printf). */
export class RtcOptionError extends Error {}

const state = {
  clock: QEMU_CLOCK_HOST as QEMUClockType,
  baseType: 'utc' as RtcBaseType,
  /** seconds since the epoch the reference clock's start stands for */
  refStartDatetime: 0,
  /** realtime seconds at start (for clock=rt) */
  realtimeClockOffset: 0,
  /** host seconds minus the fixed start date */
  hostDatetimeOffset: 0,
  driftfixSlew: false,
};

/** The state qemu_init sets before options are read; also used to start over in tests. */
export function rtcConfigReset(): void {
  state.clock = QEMU_CLOCK_HOST;
  state.baseType = 'utc';
  state.refStartDatetime = Math.floor(qemuClockGetMs(QEMU_CLOCK_HOST) / 1000);
  state.realtimeClockOffset = Math.floor(qemuClockGetMs(QEMU_CLOCK_REALTIME) / 1000);
  state.hostDatetimeOffset = 0;
  state.driftfixSlew = false;
}
rtcConfigReset();

/** mktimegm: seconds since the epoch of a broken-down UTC time (month 0-11) */
export function mktimegm(
  year: number,
  mon: number,
  mday: number,
  hour: number,
  min: number,
  sec: number,
): number {
  return Date.UTC(year, mon, mday, hour, min, sec) / 1000;
}

function configureRtcBaseDatetime(startdate: string): void {
  const m =
    /^\s*([+-]?\d+)-([+-]?\d+)-([+-]?\d+)T([+-]?\d+):([+-]?\d+):([+-]?\d+)/.exec(startdate) ??
    /^\s*([+-]?\d+)-([+-]?\d+)-([+-]?\d+)/.exec(startdate);
  if (!m)
    throw new RtcOptionError("invalid datetime format\nvalid formats: '2006-06-17T16:01:21' or '2006-06-17'");
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1);
  const t = mktimegm(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (!Number.isFinite(t))
    throw new RtcOptionError("invalid datetime format\nvalid formats: '2006-06-17T16:01:21' or '2006-06-17'");
  state.hostDatetimeOffset = state.refStartDatetime - t;
  state.refStartDatetime = t;
}

/** configure_rtc */
export function configureRtc(opts: RtcOptions): void {
  if (opts.base !== undefined) {
    if (opts.base === 'utc') state.baseType = 'utc';
    else if (opts.base === 'localtime') state.baseType = 'localtime';
    else {
      state.baseType = 'datetime';
      configureRtcBaseDatetime(opts.base);
    }
  }
  if (opts.clock !== undefined) {
    if (opts.clock === 'host') state.clock = QEMU_CLOCK_HOST;
    else if (opts.clock === 'rt') state.clock = QEMU_CLOCK_REALTIME;
    else if (opts.clock === 'vm') state.clock = QEMU_CLOCK_VIRTUAL;
    else throw new RtcOptionError(`invalid option value '${opts.clock}'`);
  }
  if (opts.driftfix !== undefined) {
    if (opts.driftfix === 'slew') state.driftfixSlew = true;
    else if (opts.driftfix === 'none') state.driftfixSlew = false;
    else throw new RtcOptionError(`invalid option value '${opts.driftfix}'`);
  }
}

/** rtc_clock: the clock the RTC's time and timers run on */
export const rtcClock = (): QEMUClockType => state.clock;

export const rtcBaseType = (): RtcBaseType => state.baseType;

/** qemu_ref_timedate: the RTC's notion of "now", in seconds since the epoch */
export function qemuRefTimedate(clock: QEMUClockType = state.clock): number {
  let value = Math.floor(qemuClockGetMs(clock) / 1000);
  switch (clock) {
    case QEMU_CLOCK_REALTIME:
      value -= state.realtimeClockOffset;
      value += state.refStartDatetime;
      break;
    case QEMU_CLOCK_VIRTUAL:
      value += state.refStartDatetime;
      break;
    default:
      if (state.baseType === 'datetime') value -= state.hostDatetimeOffset;
      break;
  }
  return value;
}

/** Broken-down time (struct tm: mon 0-11, year since 1900, wday 0 = Sunday). */
export interface Tm {
  sec: number;
  min: number;
  hour: number;
  mday: number;
  mon: number;
  year: number;
  wday: number;
}

export function gmtime(t: number): Tm {
  const d = new Date(t * 1000);
  return {
    sec: d.getUTCSeconds(),
    min: d.getUTCMinutes(),
    hour: d.getUTCHours(),
    mday: d.getUTCDate(),
    mon: d.getUTCMonth(),
    year: d.getUTCFullYear() - 1900,
    wday: d.getUTCDay(),
  };
}

function localtime(t: number): Tm {
  const d = new Date(t * 1000);
  return {
    sec: d.getSeconds(),
    min: d.getMinutes(),
    hour: d.getHours(),
    mday: d.getDate(),
    mon: d.getMonth(),
    year: d.getFullYear() - 1900,
    wday: d.getDay(),
  };
}

/** qemu_get_timedate: the RTC's start date, `offset` seconds from now */
export function qemuGetTimedate(offset = 0): Tm {
  const ti = qemuRefTimedate() + offset;
  return state.baseType === 'localtime' ? localtime(ti) : gmtime(ti);
}

/** qemu_timedate_diff: seconds between a guest-set RTC time and the -rtc base reference */
export function qemuTimedateDiff(tm: Tm): number {
  const seconds =
    state.baseType === 'localtime'
      ? new Date(tm.year + 1900, tm.mon, tm.mday, tm.hour, tm.min, tm.sec).getTime() / 1000
      : mktimegm(tm.year + 1900, tm.mon, tm.mday, tm.hour, tm.min, tm.sec);
  return seconds - qemuRefTimedate(QEMU_CLOCK_HOST);
}
