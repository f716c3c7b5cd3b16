/**
 * Reset and shutdown requests (softmmu/runstate.c's qemu_system_reset_request and
 * qemu_system_shutdown_request): devices ask, the machine's main loop decides. The machine being
 * built installs the handler; a request with none installed is remembered until one is.
 */

/** QAPI ShutdownCause values a device or the host may give. */
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

export interface RunstateHandler {
  resetRequest(cause: ShutdownCause): void;
  shutdownRequest(cause: ShutdownCause): void;
}

let handler: RunstateHandler | undefined;
const pending: { kind: 'reset' | 'shutdown'; cause: ShutdownCause }[] = [];

/** Install (or remove) the machine's handler; requests made before it are delivered now. */
export function qemuSetRunstateHandler(h: RunstateHandler | undefined): void {
  handler = h;
  if (!h) return;
  for (const p of pending.splice(0))
    if (p.kind === 'reset') h.resetRequest(p.cause);
    else h.shutdownRequest(p.cause);
}

/** qemu_system_reset_request */
export function qemuSystemResetRequest(cause: ShutdownCause): void {
  if (handler) handler.resetRequest(cause);
  else pending.push({ kind: 'reset', cause });
}

/** qemu_system_shutdown_request */
export function qemuSystemShutdownRequest(cause: ShutdownCause): void {
  if (handler) handler.shutdownRequest(cause);
  else pending.push({ kind: 'shutdown', cause });
}
