import { CharBackend, type Chardev, ChrEvent } from '@tsemu/chardev';
import { type CommandRegistry, QapiError } from '@tsemu/qapi';
import { JSONStreamer, QDict, QList, type QObject, QString, toJSON } from '@tsemu/qobject';

/** In-band requests a monitor queues before it stops reading (QEMU's QMP_REQ_QUEUE_LEN_MAX). */
export const QMP_REQ_QUEUE_LEN_MAX = 8;

export type QmpCapability = 'oob';

export interface QmpMonitorOptions {
  /** pretty-print responses and events (-mon pretty=on) */
  pretty?: boolean;
}

/** A queued in-band request, or a JSON parse error to report in its place. */
export type QmpQueued = { request: QObject; error?: undefined } | { error: Error; request?: undefined };

/** What a QMP monitor needs from the server it belongs to. */
export interface QmpMonitorHost {
  readonly registry: CommandRegistry;
  greeting(mon: QmpMonitor): QDict;
  /** the monitor queued something; the server runs queues one item at a time across all monitors */
  enqueue(mon: QmpMonitor): void;
  /** run an out-of-band request now */
  runOob(mon: QmpMonitor, request: QObject): void;
  /** the monitor's connection went away */
  closed(mon: QmpMonitor): void;
}

/**
 * One QMP monitor on a chardev (QEMU's MonitorQMP): greeting on connect, capabilities negotiation,
 * request parsing with QEMU's JSON streamer, queueing with flow control, responses and events.
 */
export class QmpMonitor {
  readonly be: CharBackend;
  readonly pretty: boolean;
  /** capabilities offered in the greeting */
  readonly offered: readonly QmpCapability[];
  /** still in capabilities negotiation mode */
  negotiating = true;
  /** capabilities the client enabled with qmp_capabilities */
  enabled = new Set<QmpCapability>();
  /** in-band requests (and parse errors) waiting for the dispatcher */
  readonly queue: QmpQueued[] = [];
  /** bumped on every (re)connection, so a response for a gone client is dropped */
  generation = 0;
  private readonly streamer: JSONStreamer;

  constructor(
    readonly chr: Chardev,
    private readonly host: QmpMonitorHost,
    opts: QmpMonitorOptions = {},
  ) {
    this.pretty = opts.pretty ?? false;
    // OOB needs a monitor whose I/O can run while a command executes; a mux shares its
    // backend with other front ends, so QEMU offers no oob there either.
    this.offered = chr.typeName === 'chardev-mux' ? [] : ['oob'];
    this.streamer = new JSONStreamer({
      onValue: (v) => this.handleRequest(v),
      // The streamer's messages read "JSON parse error, ..." already, as QEMU words them.
      // Parse errors take their turn in the queue, so replies keep the order of the input.
      onError: (e) => this.queueItem({ error: new QapiError(e.message) }),
    });
    this.be = new CharBackend(chr);
    this.be.setHandlers({
      // Without oob QEMU queues one request at a time; with it, up to QMP_REQ_QUEUE_LEN_MAX.
      canReceive: () =>
        this.queue.length >= (this.enabled.has('oob') ? QMP_REQ_QUEUE_LEN_MAX : 1) ? 0 : 4096,
      receive: (d) => this.streamer.feed(d),
      event: (ev) => this.chrEvent(ev),
    });
  }

  private chrEvent(ev: ChrEvent): void {
    if (ev === ChrEvent.OPENED) {
      this.reset();
      this.send(this.host.greeting(this));
    } else if (ev === ChrEvent.CLOSED) {
      this.reset();
      this.host.closed(this);
    }
  }

  private reset(): void {
    this.generation++;
    this.negotiating = true;
    this.enabled.clear();
    this.queue.length = 0;
    this.streamer.reset();
  }

  private handleRequest(req: QObject): void {
    // exec-oob without execute, on a monitor that enabled oob: run now (qmp_is_oob()).
    if (
      this.enabled.has('oob') &&
      req instanceof QDict &&
      req.get('exec-oob') !== undefined &&
      req.get('execute') === undefined
    ) {
      this.host.runOob(this, req);
      return;
    }
    this.queueItem({ request: req });
  }

  private queueItem(item: QmpQueued): void {
    this.queue.push(item);
    this.host.enqueue(this);
  }

  /** The dispatcher took a request off the queue: reading may resume. */
  dequeued(): void {
    this.be.acceptInput();
  }

  /** Write one response or event, as QEMU does: JSON, then newline; every \n goes out as \r\n. */
  send(msg: QDict): void {
    const text = `${toJSON(msg, { pretty: this.pretty })}\n`.replaceAll('\n', '\r\n');
    this.be.writeAll(Buffer.from(text, 'latin1'));
  }

  /** qmp_capabilities in negotiation mode. */
  negotiate(enable: readonly string[]): void {
    for (const cap of enable) {
      if (!(this.offered as readonly string[]).includes(cap)) {
        throw new QapiError(`Capability '${cap}' not available`);
      }
    }
    this.enabled = new Set(enable as QmpCapability[]);
    this.negotiating = false;
  }

  /** The greeting's capabilities list. */
  capabilitiesList(): QList {
    return new QList(this.offered.map((c) => new QString(c)));
  }
}
