// QMP events (QEMU's qapi/qmp-event.c and the generated qapi_event_send_*()): typed data visited
// out, wrapped as {"event", "data", "timestamp": {"seconds", "microseconds"}}.
import { QDict, QNum, QString } from '@tsemu/qobject';
import { type CompatPolicy, DEFAULT_COMPAT_POLICY, policyOutputOk } from './policy.js';
import { QObjectOutputVisitor } from './qobject-output.js';
import type { QapiSchema } from './schema.js';

export interface EventTimestamp {
  readonly seconds: number;
  readonly microseconds: number;
}

/** The host's real time, as QEMU's g_get_real_time() gives it. */
export function realTimeNow(): EventTimestamp {
  const us = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  return { seconds: Math.floor(us / 1e6), microseconds: us % 1e6 };
}

/** qmp_event_build_dict() plus data: the event as QEMU sends it. */
export function buildEvent(name: string, data: QDict | undefined, ts: EventTimestamp = realTimeNow()): QDict {
  const d = new QDict()
    .put('event', new QString(name))
    .put(
      'timestamp',
      new QDict().put('seconds', QNum.fromInt(ts.seconds)).put('microseconds', QNum.fromInt(ts.microseconds)),
    );
  if (data?.size) d.put('data', data);
  return d;
}

export interface EventEmitterOptions {
  readonly policy?: CompatPolicy;
  readonly clock?: () => EventTimestamp;
}

/** Emits the events of a schema into `sink` (a QMP server broadcasts them to its monitors). */
export class EventEmitter {
  readonly #policy: CompatPolicy;
  readonly #clock: () => EventTimestamp;

  constructor(
    readonly schema: QapiSchema,
    readonly sink: (event: QDict, name: string) => void,
    opts: EventEmitterOptions = {},
  ) {
    this.#policy = opts.policy ?? DEFAULT_COMPAT_POLICY;
    this.#clock = opts.clock ?? realTimeNow;
  }

  /** Emits event `name` with `data` (a value of its data type); false if the policy hid it. */
  emit(name: string, data?: unknown): boolean {
    const ev = this.schema.event(name);
    if (!ev) throw new Error(`QAPI: no event '${name}' in the schema`);
    if (ev.special && !policyOutputOk(ev.special, this.#policy)) return false;
    let q: QDict | undefined;
    if (ev.data) q = new QObjectOutputVisitor(this.#policy).visit(ev.data, data ?? {}, '') as QDict;
    this.sink(buildEvent(name, q, this.#clock()), name);
    return true;
  }
}
