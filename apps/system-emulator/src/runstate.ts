/**
 * The run-state machine of softmmu/runstate.c: prelaunch → running ⇄ paused, shutdown, with
 * reset and shutdown requests handled at one point of the main loop (main_loop_should_exit), the
 * -no-reboot / -no-shutdown actions, and the STOP/RESUME/RESET/SHUTDOWN/POWERDOWN events.
 */
import type { RunState } from '@tsemu/qmp';

export type ShutdownCause =
  | 'none'
  | 'host-error'
  | 'host-qmp-quit'
  | 'host-qmp-system-reset'
  | 'host-signal'
  | 'host-ui'
  | 'guest-shutdown'
  | 'guest-reset'
  | 'guest-panic'
  | 'subsystem-reset'
  | 'snapshot-load';

/** shutdown_caused_by_guest */
export const causedByGuest = (c: ShutdownCause) =>
  c === 'guest-shutdown' || c === 'guest-reset' || c === 'guest-panic' || c === 'subsystem-reset';

export interface RunstateHooks {
  /** start the vCPUs (resume_all_vcpus + cpu_enable_ticks) */
  resumeVcpus(): void;
  pauseVcpus(): void;
  /** qemu_system_reset's device and CPU part */
  resetMachine(cause: ShutdownCause): void;
  emit(event: string, data?: unknown): void;
  /** the main loop is done: exit the process with this status */
  exit(status: number): void;
  /** "terminating on signal N" */
  report(text: string): void;
}

export interface RunstateActions {
  /** -no-reboot (action reboot=shutdown) */
  rebootShutdown: boolean;
  /** -no-shutdown (action shutdown=pause) */
  shutdownPause: boolean;
}

export class Runstate {
  state: RunState = 'prelaunch';
  private resetRequested: ShutdownCause | undefined;
  private shutdownRequested: ShutdownCause | undefined;
  private powerdownRequested = false;
  private signal: number | undefined;
  private scheduled = false;
  /** QMP quit and signals power off even under -no-shutdown */
  private forcePoweroff = false;
  exited = false;

  constructor(
    private readonly hooks: RunstateHooks,
    private readonly actions: RunstateActions,
  ) {}

  get running(): boolean {
    return this.state === 'running';
  }

  /** runstate_needs_reset */
  get needsReset(): boolean {
    return this.state === 'internal-error' || this.state === 'shutdown' || this.state === 'guest-panicked';
  }

  /** vm_start: RESUME and the vCPUs run (nothing if already running). */
  vmStart(): void {
    if (this.running || this.exited) return;
    this.state = 'running';
    this.hooks.emit('RESUME');
    this.hooks.resumeVcpus();
  }

  /** vm_stop: only a running VM stops, with a STOP event. */
  vmStop(state: RunState = 'paused'): void {
    if (!this.running) return;
    this.hooks.pauseVcpus();
    this.state = state;
    this.hooks.emit('STOP');
  }

  /** qmp_cont */
  cont(): void {
    if (this.needsReset) throw new Error('Resetting the Virtual Machine is required');
    this.vmStart();
  }

  /** qemu_system_reset_request: with -no-reboot a reset becomes a shutdown. */
  resetRequest(cause: ShutdownCause): void {
    if (this.actions.rebootShutdown && cause !== 'subsystem-reset') this.shutdownRequested = cause;
    else this.resetRequested = cause;
    this.schedule();
  }

  /** qemu_system_shutdown_request */
  shutdownRequest(cause: ShutdownCause): void {
    if (cause === 'host-qmp-quit' || cause === 'host-signal' || cause === 'host-ui')
      this.forcePoweroff = true;
    this.shutdownRequested = cause;
    this.schedule();
  }

  /** qemu_system_killed */
  killed(signal: number): void {
    this.signal = signal;
    this.shutdownRequest('host-signal');
  }

  /** qemu_system_powerdown_request (no ACPI yet: only the event) */
  powerdownRequest(): void {
    this.powerdownRequested = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.mainLoopShouldExit();
    });
  }

  /** qemu_system_reset: devices and CPU, then the RESET event. */
  systemReset(cause: ShutdownCause): void {
    this.hooks.resetMachine(cause);
    if (cause !== 'none' && cause !== 'subsystem-reset')
      this.hooks.emit('RESET', { guest: causedByGuest(cause), reason: cause });
  }

  /** main_loop_should_exit */
  private mainLoopShouldExit(): void {
    if (this.exited) return;
    const shutdown = this.shutdownRequested;
    if (shutdown !== undefined) {
      this.shutdownRequested = undefined;
      if (this.signal !== undefined) this.hooks.report(`terminating on signal ${this.signal}`);
      this.hooks.emit('SHUTDOWN', { guest: causedByGuest(shutdown), reason: shutdown });
      if (this.actions.shutdownPause && !this.forcePoweroff) {
        this.vmStop('shutdown');
      } else {
        this.exited = true;
        if (this.running) this.hooks.pauseVcpus();
        this.state = 'shutdown';
        this.hooks.exit(0);
        return;
      }
    }
    const reset = this.resetRequested;
    if (reset !== undefined) {
      this.resetRequested = undefined;
      const wasRunning = this.running;
      if (wasRunning) this.hooks.pauseVcpus();
      this.systemReset(reset);
      if (wasRunning) this.hooks.resumeVcpus();
      else this.state = 'prelaunch';
    }
    if (this.powerdownRequested) {
      this.powerdownRequested = false;
      this.hooks.emit('POWERDOWN');
    }
  }
}
