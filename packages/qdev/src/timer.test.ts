import { afterEach, describe, expect, test } from 'vitest';
import {
  clockSetManual,
  clockStep,
  cpuDisableTicks,
  cpuEnableTicks,
  cpuGetTicks,
  icountEnable,
  icountWarp,
  nextDeadlineNs,
  QEMU_CLOCK_HOST,
  QEMU_CLOCK_REALTIME,
  QEMU_CLOCK_VIRTUAL,
  qemuClockDeadlineNsAll,
  qemuClockGetNs,
  qemuClockResetAll,
  qemuClockSetNotifier,
  runExpiredTimers,
  SCALE_MS,
  timerNewMs,
  timerNewNs,
} from './timer.js';

afterEach(() => {
  qemuClockSetNotifier(undefined);
  qemuClockResetAll();
});

describe('the virtual clock', () => {
  test('stands still until the VM runs, then resumes without a jump', async () => {
    expect(qemuClockGetNs(QEMU_CLOCK_VIRTUAL)).toBe(0);
    await new Promise((r) => setTimeout(r, 5));
    expect(qemuClockGetNs(QEMU_CLOCK_VIRTUAL)).toBe(0);
    cpuEnableTicks();
    await new Promise((r) => setTimeout(r, 5));
    const running = qemuClockGetNs(QEMU_CLOCK_VIRTUAL);
    expect(running).toBeGreaterThan(1_000_000);
    cpuDisableTicks();
    const stopped = qemuClockGetNs(QEMU_CLOCK_VIRTUAL);
    await new Promise((r) => setTimeout(r, 20));
    expect(qemuClockGetNs(QEMU_CLOCK_VIRTUAL)).toBe(stopped);
    cpuEnableTicks();
    const resumed = qemuClockGetNs(QEMU_CLOCK_VIRTUAL);
    expect(resumed - stopped).toBeLessThan(15_000_000); // no 20 ms jump
    expect(cpuGetTicks()).toBeGreaterThanOrEqual(BigInt(Math.floor(resumed)));
  });

  test('host and realtime clocks run regardless', () => {
    expect(Math.abs(qemuClockGetNs(QEMU_CLOCK_HOST) / 1e6 - Date.now())).toBeLessThan(1000);
    const a = qemuClockGetNs(QEMU_CLOCK_REALTIME);
    expect(qemuClockGetNs(QEMU_CLOCK_REALTIME)).toBeGreaterThanOrEqual(a);
  });
});

describe('timers in manual mode', () => {
  test('fire in expiry order, stopping the clock at each deadline', () => {
    clockSetManual(true);
    const seen: [string, number][] = [];
    const mk = (name: string) =>
      timerNewNs(QEMU_CLOCK_VIRTUAL, () => seen.push([name, qemuClockGetNs(QEMU_CLOCK_VIRTUAL)]));
    const a = mk('a');
    const b = mk('b');
    const c = mk('c');
    const b2 = mk('b2');
    a.modNs(300);
    b.modNs(100);
    b2.modNs(100);
    c.modNs(1000);
    expect(nextDeadlineNs()).toBe(-1); // manual virtual time is not waited for
    expect(qemuClockDeadlineNsAll(QEMU_CLOCK_VIRTUAL)).toBe(100);
    expect(clockStep(500)).toBe(500);
    expect(seen).toEqual([
      ['b', 100],
      ['b2', 100],
      ['a', 300],
    ]);
    expect(c.pending()).toBe(true);
    expect(a.pending()).toBe(false);
    c.del();
    expect(clockStep(1000)).toBe(1500);
    expect(seen.length).toBe(3);
  });

  test('a periodic timer re-armed from its callback runs once per period', () => {
    clockSetManual(true);
    let n = 0;
    const t = timerNewMs(QEMU_CLOCK_VIRTUAL, () => {
      n++;
      t.mod(qemuClockGetNs(QEMU_CLOCK_VIRTUAL) / SCALE_MS + 10);
    });
    t.mod(10);
    clockStep(105 * SCALE_MS);
    expect(n).toBe(10);
    expect(t.expireTime).toBe(110 * SCALE_MS);
  });

  test('mod_anticipate only moves a timer earlier; the notifier hears about a new head', () => {
    clockSetManual(true);
    const heads: number[] = [];
    qemuClockSetNotifier((type) => heads.push(type));
    const t = timerNewNs(QEMU_CLOCK_VIRTUAL, () => {});
    t.modNs(500);
    t.modAnticipateNs(800);
    expect(t.expireTime).toBe(500);
    t.modAnticipateNs(200);
    expect(t.expireTime).toBe(200);
    expect(heads).toEqual([QEMU_CLOCK_VIRTUAL, QEMU_CLOCK_VIRTUAL]);
  });

  test('a stopped VM runs no virtual timers from the main loop', () => {
    clockSetManual(true);
    let fired = 0;
    const t = timerNewNs(QEMU_CLOCK_VIRTUAL, () => fired++);
    t.modNs(0);
    cpuDisableTicks();
    expect(runExpiredTimers()).toBe(false);
    cpuEnableTicks();
    expect(runExpiredTimers()).toBe(true);
    expect(fired).toBe(1);
  });
});

describe('timers on the realtime clock', () => {
  test('the main loop deadline counts down to the timer', async () => {
    let fired = false;
    const t = timerNewMs(QEMU_CLOCK_REALTIME, () => (fired = true));
    t.mod(qemuClockGetNs(QEMU_CLOCK_REALTIME) / SCALE_MS + 2);
    const d = nextDeadlineNs();
    expect(d).toBeGreaterThan(0);
    expect(d).toBeLessThanOrEqual(2 * SCALE_MS);
    expect(runExpiredTimers()).toBe(false);
    await new Promise((r) => setTimeout(r, 5));
    expect(runExpiredTimers()).toBe(true);
    expect(fired).toBe(true);
    expect(nextDeadlineNs()).toBe(-1);
  });
});

describe('icount', () => {
  test('the virtual clock counts 2^shift ns per instruction, stops with the VM and warps over idle time', () => {
    let insns = 0;
    icountEnable(3, () => insns);
    cpuEnableTicks();
    insns = 1000;
    expect(qemuClockGetNs(QEMU_CLOCK_VIRTUAL)).toBe(8000);
    let fired = 0;
    timerNewNs(QEMU_CLOCK_VIRTUAL, () => fired++).modNs(10_000);
    expect(qemuClockDeadlineNsAll(QEMU_CLOCK_VIRTUAL)).toBe(2000);
    insns = 1250;
    expect(runExpiredTimers()).toBe(true);
    expect(fired).toBe(1);
    cpuDisableTicks();
    insns = 5000; // instructions while stopped do not count
    expect(qemuClockGetNs(QEMU_CLOCK_VIRTUAL)).toBe(10_000);
    cpuEnableTicks();
    expect(qemuClockGetNs(QEMU_CLOCK_VIRTUAL)).toBe(10_000);
    insns = 5001;
    expect(qemuClockGetNs(QEMU_CLOCK_VIRTUAL)).toBe(10_008);
    expect(icountWarp(1_000_000)).toBe(1_010_008);
    expect(cpuGetTicks()).toBe(1_010_008n);
  });
});
