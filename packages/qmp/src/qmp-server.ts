import type { Chardev } from '@tsemu/chardev';
import { type CommandRegistry, errorResponse, QapiError } from '@tsemu/qapi';
import { QDict, QNum, type QObject, QString } from '@tsemu/qobject';
import { QmpMonitor, type QmpMonitorHost, type QmpMonitorOptions, type QmpQueued } from './qmp-monitor.js';

/** query-version's value (QAPI VersionInfo). */
export interface VersionInfo {
  qemu: { major: number; minor: number; micro: number };
  package: string;
}

export interface QmpServerOptions {
  /** commands of the running emulator; must include qmp_capabilities from tsemu's qmp schema */
  registry: CommandRegistry;
  version: VersionInfo;
}

const NEGOTIATION_ONLY = "Expecting capabilities negotiation with 'qmp_capabilities'";

/**
 * All QMP monitors of an emulator and their shared dispatcher: in-band requests run one at a time,
 * taken round-robin from the monitors' queues (as QEMU's monitor_qmp_dispatcher_co); out-of-band ones
 * run at once. Events go to every monitor that finished negotiation.
 */
export class QmpServer implements QmpMonitorHost {
  readonly registry: CommandRegistry;
  readonly version: VersionInfo;
  readonly monitors: QmpMonitor[] = [];
  private busy = false;
  private rr = 0;

  constructor(opts: QmpServerOptions) {
    this.registry = opts.registry;
    this.version = opts.version;
  }

  /** Start a QMP monitor on a chardev (-qmp, -mon mode=control). */
  addMonitor(chr: Chardev, opts: QmpMonitorOptions = {}): QmpMonitor {
    const mon = new QmpMonitor(chr, this, opts);
    this.monitors.push(mon);
    return mon;
  }

  removeMonitor(mon: QmpMonitor): void {
    const i = this.monitors.indexOf(mon);
    if (i >= 0) this.monitors.splice(i, 1);
    mon.be.deinit();
  }

  greeting(mon: QmpMonitor): QDict {
    const v = this.version;
    const version = new QDict()
      .put(
        'qemu',
        new QDict()
          .put('major', QNum.fromInt(v.qemu.major))
          .put('minor', QNum.fromInt(v.qemu.minor))
          .put('micro', QNum.fromInt(v.qemu.micro)),
      )
      .put('package', new QString(v.package));
    return new QDict().put(
      'QMP',
      new QDict().put('version', version).put('capabilities', mon.capabilitiesList()),
    );
  }

  /** Send an event (already built with its timestamp) to every monitor in command mode. */
  broadcast(event: QDict): void {
    for (const m of this.monitors) if (!m.negotiating && m.chr.isOpen) m.send(event);
  }

  enqueue(_mon: QmpMonitor): void {
    void this.pump();
  }

  runOob(mon: QmpMonitor, request: QObject): void {
    void this.execute(mon, request, true);
  }

  closed(_mon: QmpMonitor): void {}

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (;;) {
        const n = this.monitors.length;
        let picked: QmpMonitor | undefined;
        for (let k = 0; k < n && !picked; k++) {
          const m = this.monitors[(this.rr + k) % n] as QmpMonitor;
          if (m.queue.length > 0) {
            picked = m;
            this.rr = (this.rr + k + 1) % n;
          }
        }
        if (!picked) break;
        const item = picked.queue.shift() as QmpQueued;
        picked.dequeued();
        if (item.error) picked.send(errorResponse(item.error));
        else await this.execute(picked, item.request, false);
      }
    } finally {
      this.busy = false;
    }
  }

  private async execute(mon: QmpMonitor, request: QObject, _oob: boolean): Promise<void> {
    const gen = mon.generation;
    const rsp = await this.registry.dispatch(request, {
      allowOob: mon.enabled.has('oob'),
      session: mon,
      available: (cmd) => {
        // Until negotiation completes only qmp_capabilities runs (QEMU's qmp_cap_negotiation_commands).
        if (mon.negotiating && cmd.name !== 'qmp_capabilities')
          throw new QapiError(NEGOTIATION_ONLY, 'CommandNotFound');
      },
    });
    if (!rsp || mon.generation !== gen) return;
    // An unknown command during negotiation reads as negotiation being expected, as in QEMU.
    if (mon.negotiating && isCommandNotFound(rsp)) rewriteDesc(rsp, NEGOTIATION_ONLY);
    mon.send(rsp);
  }
}

function isCommandNotFound(rsp: QDict): boolean {
  const e = rsp.get('error');
  return e instanceof QDict && (e.get('class') as QString | undefined)?.value === 'CommandNotFound';
}

function rewriteDesc(rsp: QDict, desc: string): void {
  (rsp.get('error') as QDict).put('desc', new QString(desc));
}
