/**
 * Clocks and timers (QEMU's util/qemu-timer.c with the tick accounting of softmmu/cpu-timers.c).
 *
 * Four clocks, in nanoseconds (numbers: 2^53 ns is over 100 days):
 * - REALTIME: monotonic host time, runs always;
 * - VIRTUAL: guest time; runs only while the VM runs (cpuEnableTicks/cpuDisableTicks) and resumes
 *   where it stopped; in manual mode (qtest, tests) it moves only by clockStep/clockSet;
 * - HOST: the host's wall clock (follows host time changes);
 * - VIRTUAL_RT: the virtual clock's time base, but its timers also run while the VM is stopped.
 * Each clock has one timer list sorted by expiry; the main loop calls runExpiredTimers() and sleeps
 * at most nextDeadlineNs().
 */

export enum QEMUClockType {
  QEMU_CLOCK_REALTIME = 0,
  QEMU_CLOCK_VIRTUAL = 1,
  QEMU_CLOCK_HOST = 2,
  QEMU_CLOCK_VIRTUAL_RT = 3,
}
export const QEMU_CLOCK_REALTIME = QEMUClockType.QEMU_CLOCK_REALTIME;
export const QEMU_CLOCK_VIRTUAL = QEMUClockType.QEMU_CLOCK_VIRTUAL;
export const QEMU_CLOCK_HOST = QEMUClockType.QEMU_CLOCK_HOST;
export const QEMU_CLOCK_VIRTUAL_RT = QEMUClockType.QEMU_CLOCK_VIRTUAL_RT;
const QEMU_CLOCK_MAX = 4;

export const SCALE_MS = 1_000_000;
export const SCALE_US = 1_000;
export const SCALE_NS = 1;
export const NANOSECONDS_PER_SECOND = 1_000_000_000;

export type QEMUTimerCB = (opaque: unknown) => void;

/** get_clock: monotonic nanoseconds. */
function getClock(): number {
  return Math.round(performance.now() * 1e6);
}

/** get_clock_realtime: wall-clock nanoseconds since the epoch. */
function getClockRealtime(): number {
  return (performance.timeOrigin + performance.now()) * 1e6;
}

// timers_state of cpu-timers.c: the virtual clock is cpuClockOffset (+ host time while ticking).
const timersState = {
  cpuTicksEnabled: false,
  cpuClockOffset: 0,
  manual: false,
  manualNs: 0,
  /** icount: guest instructions executed, or undefined when the clock follows host time */
  icountInsns: undefined as (() => number) | undefined,
  icountShift: 0,
  /** qemu_icount_bias: ns added to the instruction time (stops, idle warps) */
  icountBias: 0,
  /** host ns left out of the virtual clock: the translator's running total (cpuClockSetStolenSource) */
  stolenSource: undefined as (() => number) | undefined,
  /** the clock is held at heldNs (cpuClockHold) */
  held: false,
  heldNs: 0,
  /** the last host-time reading, so rounding never moves the clock back */
  lastNs: 0,
};

/**
 * Host time as the virtual clock follows it: host time minus what the emulator spent on its own work
 * while the VM ran. QEMU's vCPU thread translates a block in microseconds and never waits for the
 * main loop; tsemu's one thread takes hundreds of microseconds to translate and compile a new block
 * and also runs the event loop between slices. Counting that time would make cold guest code look
 * like it stalled (Linux's PIT calibration then rejects the TSC), so the clock leaves it out and
 * advances with host time while guest code runs or the vCPU idles.
 */
function hostNs(): number {
  const src = timersState.stolenSource;
  return src ? getClock() - src() : getClock();
}

function icountNs(): number {
  const insns = timersState.icountInsns as () => number;
  return timersState.icountBias + insns() * 2 ** timersState.icountShift;
}

/** cpu_get_clock: virtual time (icount_get with -icount). */
function cpuGetClock(): number {
  if (timersState.manual) return timersState.manualNs;
  if (!timersState.cpuTicksEnabled) return timersState.cpuClockOffset;
  if (timersState.icountInsns) return icountNs();
  if (timersState.held) return timersState.heldNs;
  const ns = timersState.cpuClockOffset + hostNs();
  if (ns > timersState.lastNs) timersState.lastNs = ns;
  return timersState.lastNs;
}

/** qemu_clock_get_ns */
export function qemuClockGetNs(type: QEMUClockType): number {
  switch (type) {
    case QEMU_CLOCK_REALTIME:
      return getClock();
    case QEMU_CLOCK_HOST:
      return getClockRealtime();
    default:
      return cpuGetClock();
  }
}

export const qemuClockGetMs = (type: QEMUClockType) => Math.floor(qemuClockGetNs(type) / SCALE_MS);
export const qemuClockGetUs = (type: QEMUClockType) => Math.floor(qemuClockGetNs(type) / SCALE_US);

/** The TSC as the CPU reads it: virtual nanoseconds (a 1 GHz counter that stops with the VM). */
export function cpuGetTicks(): bigint {
  return BigInt(Math.floor(cpuGetClock()));
}

class QEMUClock {
  enabled = true;
  /** timers sorted by expireTime; equal times keep insertion order */
  timers: QEMUTimer[] = [];
  constructor(readonly type: QEMUClockType) {}
}

const clocks: QEMUClock[] = Array.from({ length: QEMU_CLOCK_MAX }, (_, i) => new QEMUClock(i));

type ClockNotifier = (type: QEMUClockType) => void;
let notifier: ClockNotifier | undefined;

/**
 * The main loop's wake-up (qemu_clock_notify / timerlist_notify): called when a timer becomes the
 * earliest of its clock, or a clock is enabled, so a sleeping loop or a running vCPU slice can
 * re-compute its deadline.
 */
export function qemuClockSetNotifier(fn: ClockNotifier | undefined): void {
  notifier = fn;
}

function clockNotify(type: QEMUClockType): void {
  notifier?.(type);
}

/** QEMUTimer: a callback at an expiry time on one clock, in units of `scale` nanoseconds. */
export class QEMUTimer {
  /** nanoseconds; -1 when not pending */
  expireTime = -1;
  constructor(
    readonly clockType: QEMUClockType,
    readonly scale: number,
    readonly cb: QEMUTimerCB,
    readonly opaque: unknown,
  ) {}

  /** timer_mod_ns */
  modNs(expireTime: number): void {
    timerModNs(this, expireTime);
  }
  /** timer_mod: expiry in the timer's scale */
  mod(expireTime: number): void {
    timerModNs(this, expireTime * this.scale);
  }
  /** timer_mod_anticipate: only moves the expiry earlier */
  modAnticipate(expireTime: number): void {
    timerModAnticipateNs(this, expireTime * this.scale);
  }
  modAnticipateNs(expireTime: number): void {
    timerModAnticipateNs(this, expireTime);
  }
  del(): void {
    timerDel(this);
  }
  pending(): boolean {
    return this.expireTime >= 0;
  }
  /** timer_expired: pending and due at `currentTime` (in the timer's scale) */
  expired(currentTime: number): boolean {
    return this.expireTime >= 0 && this.expireTime <= currentTime * this.scale;
  }
}

/** timer_new: an unarmed timer */
export function timerNew(type: QEMUClockType, scale: number, cb: QEMUTimerCB, opaque?: unknown): QEMUTimer {
  return new QEMUTimer(type, scale, cb, opaque);
}
export const timerNewNs = (type: QEMUClockType, cb: QEMUTimerCB, opaque?: unknown) =>
  timerNew(type, SCALE_NS, cb, opaque);
export const timerNewUs = (type: QEMUClockType, cb: QEMUTimerCB, opaque?: unknown) =>
  timerNew(type, SCALE_US, cb, opaque);
export const timerNewMs = (type: QEMUClockType, cb: QEMUTimerCB, opaque?: unknown) =>
  timerNew(type, SCALE_MS, cb, opaque);

function listRemove(ts: QEMUTimer): void {
  const list = clocks[ts.clockType].timers;
  const i = list.indexOf(ts);
  if (i >= 0) list.splice(i, 1);
  ts.expireTime = -1;
}

/** timer_del: disarm (no-op when not pending) */
export function timerDel(ts: QEMUTimer): void {
  if (ts.expireTime >= 0) listRemove(ts);
}

/** timer_free */
export const timerFree = timerDel;

/** timer_mod_ns: (re-)arm at an absolute time of the timer's clock, in ns (negative counts as 0) */
export function timerModNs(ts: QEMUTimer, expireTime: number): void {
  timerDel(ts);
  const expire = Math.max(expireTime, 0);
  const list = clocks[ts.clockType].timers;
  let i = 0;
  while (i < list.length && list[i].expireTime <= expire) i++;
  list.splice(i, 0, ts);
  ts.expireTime = expire;
  if (i === 0) clockNotify(ts.clockType);
}

export function timerMod(ts: QEMUTimer, expireTime: number): void {
  timerModNs(ts, expireTime * ts.scale);
}

/** timer_mod_anticipate_ns: arm only if not pending or if that makes it fire earlier */
export function timerModAnticipateNs(ts: QEMUTimer, expireTime: number): void {
  if (ts.expireTime < 0 || ts.expireTime > Math.max(expireTime, 0)) timerModNs(ts, expireTime);
}

export function timerModAnticipate(ts: QEMUTimer, expireTime: number): void {
  timerModAnticipateNs(ts, expireTime * ts.scale);
}

export const timerPending = (ts: QEMUTimer) => ts.expireTime >= 0;

/** timer_expire_time_ns: -1 when not pending */
export const timerExpireTimeNs = (ts: QEMUTimer) => ts.expireTime;

/** timer_expired */
export const timerExpired = (ts: QEMUTimer, currentTime: number) => ts.expired(currentTime);

/** qemu_clock_enable: a disabled clock runs no timers (the virtual one while the VM is stopped). */
export function qemuClockEnable(type: QEMUClockType, enabled: boolean): void {
  const c = clocks[type];
  const old = c.enabled;
  c.enabled = enabled;
  if (enabled && !old) clockNotify(type);
}

export const qemuClockIsEnabled = (type: QEMUClockType) => clocks[type].enabled;

// While ticking, the virtual clock is cpuClockOffset + host time (or bias + instruction time with
// icount); while stopped it is cpuClockOffset.
function resumeAt(frozen: number): void {
  if (timersState.icountInsns) timersState.icountBias = frozen - icountNs() + timersState.icountBias;
  else timersState.cpuClockOffset = frozen - hostNs();
}

/** cpu_enable_ticks (vm_start): the virtual clock resumes from where it stopped. */
export function cpuEnableTicks(): void {
  if (!timersState.cpuTicksEnabled) {
    resumeAt(timersState.cpuClockOffset);
    timersState.cpuTicksEnabled = true;
  }
  qemuClockEnable(QEMU_CLOCK_VIRTUAL, true);
}

/** cpu_disable_ticks (vm_stop): freezes the virtual clock. */
export function cpuDisableTicks(): void {
  if (timersState.cpuTicksEnabled) {
    timersState.cpuClockOffset = cpuGetClock();
    timersState.cpuTicksEnabled = false;
  }
  qemuClockEnable(QEMU_CLOCK_VIRTUAL, false);
}

/**
 * -icount shift=N: the virtual clock counts 2^N ns per guest instruction (`insns` returns the
 * instructions executed so far), so guest-visible time no longer depends on how fast the host runs
 * the code (Linux's TSC calibration against the PIT then sees evenly timed loops). The accelerator
 * moves the clock over idle time with icountWarp. Switching keeps the current virtual time.
 */
export function icountEnable(shift: number, insns: () => number): void {
  const now = cpuGetClock();
  timersState.icountInsns = insns;
  timersState.icountShift = shift;
  timersState.icountBias = 0;
  if (timersState.cpuTicksEnabled) resumeAt(now);
  else timersState.cpuClockOffset = now;
}

/** Back to the host-time virtual clock, keeping the current virtual time. */
export function icountDisable(): void {
  const now = cpuGetClock();
  timersState.icountInsns = undefined;
  if (timersState.cpuTicksEnabled) resumeAt(now);
  else timersState.cpuClockOffset = now;
}

export const icountEnabled = () => timersState.icountInsns !== undefined;

/**
 * With icount, move the virtual clock forward by `ns` without instructions (a halted vCPU skipping
 * to the next deadline, as icount's warp does). Returns the new virtual time.
 */
export function icountWarp(ns: number): number {
  if (!timersState.icountInsns) throw new Error('icountWarp needs -icount');
  if (timersState.cpuTicksEnabled) timersState.icountBias += Math.max(ns, 0);
  return cpuGetClock();
}

export const cpuTicksEnabled = () => timersState.cpuTicksEnabled;

/**
 * Hold the host-time virtual clock where it is (true) and let it go on from there (false): the
 * accelerator's own work between slices, an event-loop turn, is not guest time. Timers stay enabled;
 * readers during the hold see the held time.
 */
export function cpuClockHold(hold: boolean): void {
  if (hold === timersState.held) return;
  if (hold) {
    timersState.heldNs = cpuGetClock();
    timersState.held = true;
  } else {
    timersState.held = false;
    if (timersState.cpuTicksEnabled && !timersState.manual && !timersState.icountInsns)
      timersState.cpuClockOffset = timersState.heldNs - hostNs();
  }
}

/**
 * A running total of host ns to leave out of the virtual clock, read at every clock read (the
 * accelerator's translation time, which grows in the middle of a slice). It must only grow, and by
 * no more than the host time that passed. Setting or clearing it keeps the current virtual time.
 */
export function cpuClockSetStolenSource(src: (() => number) | undefined): void {
  if (src === timersState.stolenSource) return;
  const now = cpuGetClock();
  const running = timersState.cpuTicksEnabled && !timersState.manual && !timersState.icountInsns;
  timersState.stolenSource = src;
  if (running) timersState.cpuClockOffset = now - hostNs();
}

/**
 * Manual mode (qtest): the virtual clock no longer follows host time and moves only through
 * clockStep/clockSet. Entering it keeps the current virtual time.
 */
export function clockSetManual(manual: boolean): void {
  if (manual === timersState.manual) return;
  if (manual) {
    timersState.manualNs = cpuGetClock();
    timersState.manual = true;
  } else {
    timersState.manual = false;
    if (timersState.cpuTicksEnabled) resumeAt(timersState.manualNs);
    else timersState.cpuClockOffset = timersState.manualNs;
  }
}

export const clockIsManual = () => timersState.manual;

/** timerlist_run_timers: run the due timers of one clock; true if any ran. */
export function qemuClockRunTimers(type: QEMUClockType): boolean {
  const c = clocks[type];
  if (!c.enabled) return false;
  const now = qemuClockGetNs(type);
  let progress = false;
  for (;;) {
    const ts = c.timers[0];
    if (!ts || ts.expireTime > now) break;
    c.timers.shift();
    ts.expireTime = -1;
    ts.cb(ts.opaque);
    progress = true;
  }
  return progress;
}

/** qemu_clock_run_all_timers: what the main loop calls after each wake-up. */
export function runExpiredTimers(): boolean {
  let progress = false;
  for (let t = 0; t < QEMU_CLOCK_MAX; t++) if (qemuClockRunTimers(t)) progress = true;
  return progress;
}

/** qemu_clock_deadline_ns_all: ns until the clock's next timer (0 if overdue), -1 if none or disabled. */
export function qemuClockDeadlineNsAll(type: QEMUClockType): number {
  const c = clocks[type];
  const ts = c.timers[0];
  if (!c.enabled || !ts) return -1;
  return Math.max(ts.expireTime - qemuClockGetNs(type), 0);
}

/**
 * qemu_soonest_timeout over the clocks the main loop waits for: ns until the next timer, -1 if
 * none. In manual mode the virtual clock does not count (it only moves by clockStep).
 */
export function nextDeadlineNs(): number {
  let best = -1;
  for (let t = 0; t < QEMU_CLOCK_MAX; t++) {
    if (timersState.manual && (t === QEMU_CLOCK_VIRTUAL || t === QEMU_CLOCK_VIRTUAL_RT)) continue;
    const d = qemuClockDeadlineNsAll(t);
    if (d >= 0 && (best < 0 || d < best)) best = d;
  }
  return best;
}

/**
 * qtest_clock_warp: in manual mode, advance the virtual clock by `ns`, stopping at each timer
 * deadline on the way to run it. Returns the new virtual time.
 */
export function clockStep(ns: number): number {
  if (!timersState.manual) throw new Error('clockStep needs the virtual clock in manual mode');
  return clockWarp(timersState.manualNs + Math.max(ns, 0));
}

/** clock_set of qtest: warp the virtual clock forward to `ns` (never backwards). */
export function clockSet(ns: number): number {
  if (!timersState.manual) throw new Error('clockSet needs the virtual clock in manual mode');
  return clockWarp(ns);
}

function clockWarp(dest: number): number {
  while (timersState.manualNs < dest) {
    const ts = clocks[QEMU_CLOCK_VIRTUAL].timers[0];
    const rt = clocks[QEMU_CLOCK_VIRTUAL_RT].timers[0];
    let next = dest;
    if (ts && ts.expireTime < next) next = ts.expireTime;
    if (rt && rt.expireTime < next) next = rt.expireTime;
    timersState.manualNs = Math.max(next, timersState.manualNs);
    // qtest runs virtual timers even while the VM is stopped
    runClockTimersAt(QEMU_CLOCK_VIRTUAL);
    runClockTimersAt(QEMU_CLOCK_VIRTUAL_RT);
  }
  runClockTimersAt(QEMU_CLOCK_VIRTUAL);
  clockNotify(QEMU_CLOCK_VIRTUAL);
  return timersState.manualNs;
}

function runClockTimersAt(type: QEMUClockType): void {
  const c = clocks[type];
  const now = timersState.manualNs;
  for (;;) {
    const ts = c.timers[0];
    if (!ts || ts.expireTime > now) break;
    c.timers.shift();
    ts.expireTime = -1;
    ts.cb(ts.opaque);
  }
}

/** Back to the initial state (virtual clock 0, stopped, automatic, no timers): for tests and reruns. */
export function qemuClockResetAll(): void {
  for (const c of clocks) {
    for (const ts of c.timers) ts.expireTime = -1;
    c.timers = [];
    c.enabled = true;
  }
  timersState.cpuTicksEnabled = false;
  timersState.cpuClockOffset = 0;
  timersState.manual = false;
  timersState.manualNs = 0;
  timersState.icountInsns = undefined;
  timersState.icountShift = 0;
  timersState.icountBias = 0;
  timersState.stolenSource = undefined;
  timersState.held = false;
  timersState.heldNs = 0;
  timersState.lastNs = 0;
}
