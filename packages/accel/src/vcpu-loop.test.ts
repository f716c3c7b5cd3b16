import {
  QEMU_CLOCK_VIRTUAL,
  qemuClockGetNs,
  qemuClockResetAll,
  SCALE_MS,
  timerModNs,
  timerNewNs,
} from '@tsemu/qdev';
import { afterEach, describe, expect, test } from 'vitest';
import { type AccelCPU, RoundRobinVcpuLoop, SliceResult } from './vcpu-loop.js';

/**
 * A vCPU model with the loop's interface: it "executes" by counting instructions, halts after
 * `haltAfter` of them (hlt), and a raised interrupt line ends the halt (as X86CPU's runSlice does).
 */
class CountingCpu implements AccelCPU {
  insns = 0;
  halted = false;
  irq = false;
  kicks = 0;
  /** instructions executed while the virtual clock read these values */
  clockAtRun: number[] = [];
  constructor(private readonly haltAfter = Number.POSITIVE_INFINITY) {}
  runSlice(budget: number): number {
    if (this.halted) {
      if (!this.irq) return SliceResult.HALTED;
      this.halted = false;
      this.irq = false;
    }
    this.clockAtRun.push(qemuClockGetNs(QEMU_CLOCK_VIRTUAL));
    const n = Math.min(budget, this.haltAfter - (this.insns % (this.haltAfter + 1)));
    this.insns += n;
    if (this.insns % (this.haltAfter + 1) === this.haltAfter) {
      this.insns++;
      this.halted = true;
      return SliceResult.HALTED;
    }
    return SliceResult.BUDGET;
  }
  kick(): void {
    this.kicks++;
  }
}

const tick = () => new Promise((r) => setImmediate(r));
const until = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 1));
};

afterEach(() => qemuClockResetAll());

describe('the round-robin vCPU loop', () => {
  test('runs vCPUs in turn while the event loop stays responsive', async () => {
    const cpus = [new CountingCpu(), new CountingCpu()];
    const loop = new RoundRobinVcpuLoop({ cpus, sliceInsns: 1000, yieldMs: 2 });
    loop.resume();
    let io = 0;
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 1));
      io++;
    }
    loop.pause();
    expect(io).toBe(5);
    expect(cpus[0].insns).toBeGreaterThan(0);
    expect(Math.abs(cpus[0].insns - cpus[1].insns)).toBeLessThanOrEqual(1000);
    const frozen = cpus.map((c) => c.insns);
    await new Promise((r) => setTimeout(r, 5));
    expect(cpus.map((c) => c.insns)).toEqual(frozen);
  });

  test('pause freezes the virtual clock; resume continues it', async () => {
    const cpu = new CountingCpu();
    const loop = new RoundRobinVcpuLoop({ cpus: [cpu] });
    expect(qemuClockGetNs(QEMU_CLOCK_VIRTUAL)).toBe(0);
    loop.resume();
    await new Promise((r) => setTimeout(r, 5));
    loop.pause();
    const stopped = qemuClockGetNs(QEMU_CLOCK_VIRTUAL);
    expect(stopped).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 10));
    expect(qemuClockGetNs(QEMU_CLOCK_VIRTUAL)).toBe(stopped);
    expect(loop.isRunning).toBe(false);
  });

  test('a halted vCPU sleeps until a timer raises its interrupt', async () => {
    const cpu = new CountingCpu(500);
    const loop = new RoundRobinVcpuLoop({ cpus: [cpu] });
    let fired = 0;
    const t = timerNewNs(QEMU_CLOCK_VIRTUAL, () => {
      fired++;
      cpu.irq = true;
      if (fired < 3) timerModNs(t, qemuClockGetNs(QEMU_CLOCK_VIRTUAL) + 3 * SCALE_MS);
    });
    timerModNs(t, 3 * SCALE_MS);
    loop.resume();
    // the third wake-up consumed (irq cleared) and the vCPU halted again
    await until(() => fired === 3 && !cpu.irq && cpu.halted);
    await new Promise((r) => setTimeout(r, 10));
    loop.pause();
    // three wake-ups, each running the 500 instructions up to the next hlt, at or after its deadline
    expect(cpu.insns).toBe(4 * 501);
    expect(cpu.clockAtRun.length).toBe(4);
    cpu.clockAtRun.slice(1).forEach((ns, i) => {
      expect(ns).toBeGreaterThanOrEqual((i + 1) * 3 * SCALE_MS);
    });
    expect(loop.sleeps).toBeGreaterThanOrEqual(3);
  });

  test('wake() restarts a vCPU halted with no timer pending (an interrupt from I/O)', async () => {
    const cpu = new CountingCpu(100);
    const loop = new RoundRobinVcpuLoop({ cpus: [cpu] });
    loop.resume();
    await until(() => cpu.halted);
    await new Promise((r) => setTimeout(r, 5));
    expect(cpu.insns).toBe(101);
    cpu.irq = true;
    loop.wake();
    await until(() => cpu.insns === 202);
    loop.pause();
  });

  test('a triple fault is reported and a pause from inside a slice kicks the vCPU', async () => {
    let resets = 0;
    let paused = false;
    const cpu: AccelCPU & { kicks: number } = {
      kicks: 0,
      runSlice: () => {
        if (resets === 0) return SliceResult.RESET;
        loop.pause(); // a device asking to stop mid-slice (e.g. a shutdown port)
        paused = true;
        return SliceResult.REQUEST;
      },
      kick() {
        this.kicks++;
      },
    };
    const loop = new RoundRobinVcpuLoop({ cpus: [cpu], onReset: () => resets++ });
    loop.resume();
    await until(() => paused);
    await tick();
    expect(resets).toBe(1);
    expect(cpu.kicks).toBe(1);
    expect(loop.isRunning).toBe(false);
  });

  test('an exception escaping the CPU stops the loop and is reported', async () => {
    const errors: unknown[] = [];
    const cpu: AccelCPU = {
      runSlice: () => {
        throw new Error('unimplemented opcode');
      },
      kick: () => {},
    };
    const loop = new RoundRobinVcpuLoop({ cpus: [cpu], onError: (e) => errors.push(e) });
    loop.resume();
    await until(() => errors.length > 0);
    expect((errors[0] as Error).message).toBe('unimplemented opcode');
    expect(loop.isRunning).toBe(false);
  });

  test("guest time leaves out the event-loop turns between slices and the translator's work", async () => {
    const spin = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    // each slice runs 1 ms of "guest code" and then translates for 4 ms (as a cold block would)
    const timing = { translate: 0, optimize: 0, encode: 0, compile: 0 };
    const reads: number[] = [];
    const cpu: AccelCPU = {
      exec: { timing },
      runSlice: () => {
        reads.push(qemuClockGetNs(QEMU_CLOCK_VIRTUAL));
        spin(1);
        const t0 = performance.now();
        spin(4);
        timing.translate += performance.now() - t0;
        reads.push(qemuClockGetNs(QEMU_CLOCK_VIRTUAL));
        return SliceResult.BUDGET;
      },
      kick: () => {},
    };
    const loop = new RoundRobinVcpuLoop({ cpus: [cpu], yieldMs: 0 });
    loop.resume();
    // the event loop is busy 5 ms at every turn the vCPU yields
    let turns = 0;
    while (turns < 10) {
      await tick();
      spin(5);
      turns++;
    }
    loop.pause();
    const slices = reads.length / 2;
    expect(slices).toBeGreaterThanOrEqual(5);
    // medians, so that a host preemption under load does not decide
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1] / 1e6;
    const inSlice = Array.from({ length: slices }, (_, k) => reads[2 * k + 1] - reads[2 * k]);
    const between = Array.from({ length: slices - 1 }, (_, k) => reads[2 * k + 2] - reads[2 * k + 1]);
    // 1 ms of guest code per slice; its 4 ms of translation and the 5 ms turns are not guest time
    expect(median(inSlice)).toBeGreaterThanOrEqual(0.9);
    expect(median(inSlice)).toBeLessThan(2.5);
    expect(median(between)).toBeLessThan(2);
    for (let i = 1; i < reads.length; i++) expect(reads[i]).toBeGreaterThanOrEqual(reads[i - 1]);
  });
});
