/**
 * The TCG vCPU loop (QEMU's accel/tcg/tcg-accel-ops-rr.c with softmmu/cpus.c's pause/resume), on
 * JavaScript's one thread: vCPUs run round-robin in bounded instruction slices; between slices the
 * expired timers of the clock layer run; after a few milliseconds of guest code the loop yields to
 * Node's event loop (setImmediate) so chardevs, QMP and host timers stay responsive. When every vCPU
 * is halted the loop sleeps until the next timer deadline or a wake-up (an interrupt: wake()).
 */
import {
  cpuClockHold,
  cpuClockSetStolenSource,
  cpuDisableTicks,
  cpuEnableTicks,
  nextDeadlineNs,
  qemuClockSetNotifier,
  runExpiredTimers,
} from '@tsemu/qdev';

/** Why a vCPU's slice ended (target-i386's SliceExit values). */
export enum SliceResult {
  BUDGET = 0,
  HALTED = 1,
  REQUEST = 2,
  /** triple fault: the machine must reset */
  RESET = 3,
}

/** What the loop needs of a vCPU (X86CPU has this shape). */
export interface AccelCPU {
  /** run about `budget` guest instructions */
  runSlice(budget: number): number;
  /** end the running slice at the next TB boundary */
  kick(): void;
  /** the translator's running totals, in ms, of the time it spent translating and compiling */
  readonly exec?: {
    readonly timing: Readonly<Record<'translate' | 'optimize' | 'encode' | 'compile', number>>;
  };
}

export interface VcpuLoopOptions {
  cpus: readonly AccelCPU[];
  /** instructions per slice (default 20000) */
  sliceInsns?: number;
  /** milliseconds of guest execution before yielding to the event loop (default 8) */
  yieldMs?: number;
  /** a vCPU triple-faulted (qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET)) */
  onReset?: (cpuIndex: number) => void;
  /** an exception escaped the CPU (an emulator bug): the loop stops */
  onError?: (err: unknown) => void;
}

export class RoundRobinVcpuLoop {
  readonly cpus: readonly AccelCPU[];
  private readonly sliceInsns: number;
  private readonly yieldMs: number;
  private running = false;
  private scheduled: NodeJS.Immediate | undefined;
  private sleepTimer: NodeJS.Timeout | undefined;
  private inSlice = false;
  private yieldRequested = false;
  private next = 0;
  /** slices run (figures for benchmarks) */
  slices = 0;
  /** times the loop slept with every vCPU halted */
  sleeps = 0;
  /** host ns the vCPUs' translators spent so far, left out of the virtual clock */
  private readonly translationNs: (() => number) | undefined;

  constructor(private readonly opts: VcpuLoopOptions) {
    this.cpus = opts.cpus;
    this.sliceInsns = opts.sliceInsns ?? 20000;
    this.yieldMs = opts.yieldMs ?? 8;
    const timings = this.cpus.flatMap((c) => (c.exec ? [c.exec.timing] : []));
    if (timings.length > 0) {
      this.translationNs = () => {
        let ms = 0;
        for (const t of timings) ms += t.translate + t.optimize + t.encode + t.compile;
        return ms * 1e6;
      };
    }
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** resume_all_vcpus with cpu_enable_ticks (vm_start's half). */
  resume(): void {
    if (this.running) return;
    this.running = true;
    // guest time does not count the translator's work (see @tsemu/qdev's cpuClockSteal)
    cpuClockSetStolenSource(this.translationNs);
    cpuEnableTicks();
    qemuClockSetNotifier(() => this.wake());
    this.schedule();
  }

  /**
   * pause_all_vcpus with cpu_disable_ticks: no guest instruction runs after this returns (a pause
   * asked for from inside a slice, by a device, takes effect when the slice ends at the next TB).
   */
  pause(): void {
    if (!this.running) return;
    this.running = false;
    cpuClockHold(false);
    cpuDisableTicks();
    qemuClockSetNotifier(undefined);
    this.cancel();
    if (this.inSlice) for (const c of this.cpus) c.kick();
  }

  /**
   * qemu_cpu_kick / qemu_notify_event: an interrupt or timer change; a sleeping loop runs again,
   * a running slice ends at the next TB boundary and the loop goes through the event loop once.
   */
  wake(): void {
    if (!this.running) return;
    if (this.inSlice) return;
    if (this.sleepTimer) {
      clearTimeout(this.sleepTimer);
      this.sleepTimer = undefined;
      this.schedule();
    }
  }

  /** End the current slice and let the event loop run before the next (requests from devices). */
  exitRequest(): void {
    this.yieldRequested = true;
    if (this.inSlice) for (const c of this.cpus) c.kick();
  }

  private cancel(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.scheduled = undefined;
    this.sleepTimer = undefined;
  }

  private schedule(): void {
    if (this.scheduled || !this.running) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      this.iterate();
    });
  }

  private sleep(): void {
    const ns = nextDeadlineNs();
    this.sleeps++;
    if (ns === 0) {
      this.schedule();
      return;
    }
    if (ns < 0) {
      // nothing can wake the vCPUs but an interrupt: wait for wake()
      this.sleepTimer = setTimeout(() => {}, 2 ** 31 - 1);
      return;
    }
    this.sleepTimer = setTimeout(
      () => {
        this.sleepTimer = undefined;
        this.schedule();
      },
      Math.max(1, Math.ceil(ns / 1e6)),
    );
  }

  /** One event-loop turn: slices until every vCPU halts, time is up, or a request. */
  private iterate(): void {
    const start = performance.now();
    cpuClockHold(false);
    this.yieldRequested = false;
    while (this.running) {
      runExpiredTimers();
      if (!this.running) return;
      let allHalted = true;
      const n = this.cpus.length;
      for (let k = 0; k < n && this.running; k++) {
        const idx = (this.next + k) % n;
        let r: number;
        this.inSlice = true;
        try {
          r = this.cpus[idx].runSlice(this.sliceInsns);
        } catch (e) {
          this.inSlice = false;
          this.pause();
          if (this.opts.onError) this.opts.onError(e);
          else throw e;
          return;
        }
        this.inSlice = false;
        this.slices++;
        if (r !== SliceResult.HALTED) allHalted = false;
        if (r === SliceResult.RESET) {
          this.yieldRequested = true;
          this.opts.onReset?.(idx);
        }
      }
      this.next = (this.next + 1) % n;
      if (!this.running) return;
      if (allHalted) {
        // a timer that ran may have raised an interrupt: run again before sleeping
        if (runExpiredTimers() && this.running && !this.yieldRequested) continue;
        if (this.running) this.sleep();
        return;
      }
      if (this.yieldRequested || performance.now() - start >= this.yieldMs) break;
    }
    // the event-loop turn the vCPUs now wait for is host work, not guest time (QEMU's vCPU thread
    // runs beside its main loop)
    cpuClockHold(true);
    this.schedule();
  }
}
