import { afterEach, describe, expect, test } from 'vitest';
import {
  clockSetManual,
  clockStep,
  cpuClockHold,
  cpuClockSetStolenSource,
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

/** busy-wait `ms` of host time */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

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

  test('a hold keeps it where it was, and it goes on from there without a jump', () => {
    cpuEnableTicks();
    spin(2);
    cpuClockHold(true);
    const held = qemuClockGetNs(QEMU_CLOCK_VIRTUAL);
    spin(20);
    expect(qemuClockGetNs(QEMU_CLOCK_VIRTUAL)).toBe(held);
    expect(cpuGetTicks()).toBe(BigInt(Math.floor(held)));
    cpuClockHold(false);
    const resumed = qemuClockGetNs(QEMU_CLOCK_VIRTUAL);
    expect(resumed).toBeGreaterThanOrEqual(held);
    expect(resumed - held).toBeLessThan(5_000_000); // not the 20 ms held
    spin(5);
    expect(qemuClockGetNs(QEMU_CLOCK_VIRTUAL) - resumed).toBeGreaterThanOrEqual(5_000_000);
  });

  test('leaves out the host time a stolen-time source reports (the translator at work)', () => {
    let stolenNs = 0;
    cpuEnableTicks();
    cpuClockSetStolenSource(() => stolenNs);
    const t0 = qemuClockGetNs(QEMU_CLOCK_VIRTUAL);
    const h0 = performance.now();
    spin(20);
    stolenNs += (performance.now() - h0) * 1e6; // all of it was the translator's
    const t1 = qemuClockGetNs(QEMU_CLOCK_VIRTUAL);
    expect(t1 - t0).toBeGreaterThanOrEqual(0);
    expect(t1 - t0).toBeLessThan(2_000_000);
    spin(5); // guest time again
    expect(qemuClockGetNs(QEMU_CLOCK_VIRTUAL) - t1).toBeGreaterThanOrEqual(5_000_000);
    // clearing the source keeps the current time
    const before = qemuClockGetNs(QEMU_CLOCK_VIRTUAL);
    cpuClockSetStolenSource(undefined);
    const after = qemuClockGetNs(QEMU_CLOCK_VIRTUAL);
    expect(after).toBeGreaterThanOrEqual(before);
    expect(after - before).toBeLessThan(2_000_000);
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
