import { createConnection, type Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import {
  fromJS,
  JSONStreamer,
  type JSValue,
  QDict,
  type QObject,
  QString,
  toJS,
  toJSON,
} from '@tsemu/qobject';

/** An error reply: `{"error": {"class", "desc"}}`. */
export class QmpError extends Error {
  constructor(
    readonly errorClass: string,
    readonly desc: string,
    readonly command: string,
  ) {
    super(`${command}: ${errorClass}: ${desc}`);
    this.name = 'QmpError';
  }
}

/** The connection went away before the reply came. */
export class QmpDisconnectedError extends Error {}

export interface QmpEvent {
  event: string;
  data?: JSValue;
  timestamp: { seconds: number; microseconds: number };
}

export interface QmpGreeting {
  QMP: {
    version: { qemu: { major: number; minor: number; micro: number }; package: string };
    capabilities: string[];
  };
}

/** A command set: name → argument and return types (generated from a schema, or written by hand). */
export type QmpCommandMap = Record<string, { args: unknown; ret: unknown }>;

/** Untyped command set: any name, any arguments. */
export type AnyCommands = Record<string, { args: Record<string, unknown> | undefined; ret: JSValue }>;

export type QmpAddress = { path: string } | { host: string; port: number };

interface Pending {
  resolve(v: JSValue): void;
  reject(e: Error): void;
  command: string;
}

/**
 * A QMP client (like python/qemu/qmp): connects, reads the greeting, negotiates capabilities, runs
 * commands (typed through a command map), and yields events as an async iterator.
 */
export class QmpClient<C extends QmpCommandMap = AnyCommands> {
  greeting: QmpGreeting | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly events: QmpEvent[] = [];
  private eventWaiters: ((e: QmpEvent | undefined) => void)[] = [];
  private closed = false;
  private greetingWaiter: ((g: QmpGreeting) => void) | undefined;
  private readonly streamer: JSONStreamer;

  private constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly destroy: () => void,
  ) {
    this.streamer = new JSONStreamer({ onValue: (v) => this.message(v), onError: () => {} });
    input.on('data', (d: Buffer) => this.streamer.feed(d));
    input.on('close', () => this.gone());
    input.on('end', () => this.gone());
    input.on('error', () => this.gone());
  }

  /** Connect over a unix or TCP socket and negotiate (`capabilities` to enable, e.g. ['oob']). */
  static async connect<C extends QmpCommandMap = AnyCommands>(
    addr: QmpAddress,
    opts: { capabilities?: string[]; negotiate?: boolean } = {},
  ): Promise<QmpClient<C>> {
    const sock: Socket = await new Promise((resolve, reject) => {
      const s = 'path' in addr ? createConnection({ path: addr.path }) : createConnection(addr);
      s.once('connect', () => resolve(s));
      s.once('error', reject);
    });
    const c = new QmpClient<C>(sock, sock, () => sock.destroy());
    await c.start(opts);
    return c;
  }

  /** Talk QMP over a pair of streams (e.g. a child's stdout/stdin with -qmp stdio). */
  static async fromStreams<C extends QmpCommandMap = AnyCommands>(
    input: Readable,
    output: Writable,
    opts: { capabilities?: string[]; negotiate?: boolean } = {},
  ): Promise<QmpClient<C>> {
    const c = new QmpClient<C>(input, output, () => {
      input.destroy();
      output.destroy();
    });
    await c.start(opts);
    return c;
  }

  private async start(opts: { capabilities?: string[]; negotiate?: boolean }): Promise<void> {
    this.greeting = await new Promise<QmpGreeting>((resolve, reject) => {
      this.greetingWaiter = resolve;
      this.input.once('close', () =>
        reject(new QmpDisconnectedError('connection closed before the greeting')),
      );
    });
    if (opts.negotiate !== false) {
      await this.rawExecute(
        'qmp_capabilities',
        opts.capabilities ? { enable: opts.capabilities } : undefined,
      );
    }
  }

  private message(v: QObject): void {
    if (!(v instanceof QDict)) return;
    if (v.get('QMP') !== undefined && this.greetingWaiter) {
      const w = this.greetingWaiter;
      this.greetingWaiter = undefined;
      w(toJS(v) as unknown as QmpGreeting);
      return;
    }
    if (v.get('event') instanceof QString) {
      const ev = toJS(v) as unknown as QmpEvent;
      const w = this.eventWaiters.shift();
      if (w) w(ev);
      else this.events.push(ev);
      return;
    }
    const id = v.get('id');
    const key = id ? Number(toJS(id)) : Number.NaN;
    const p = this.pending.get(key);
    if (!p) return;
    this.pending.delete(key);
    const err = v.get('error');
    if (err instanceof QDict) {
      const cls = (err.get('class') as QString | undefined)?.value ?? 'GenericError';
      const desc = (err.get('desc') as QString | undefined)?.value ?? '';
      p.reject(new QmpError(cls, desc, p.command));
    } else p.resolve(toJS(v.get('return') ?? new QDict()));
  }

  private gone(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.values())
      p.reject(new QmpDisconnectedError(`${p.command}: connection closed`));
    this.pending.clear();
    for (const w of this.eventWaiters.splice(0)) w(undefined);
  }

  /** Run a command; rejects with QmpError on an error reply. */
  execute<K extends keyof C & string>(
    name: K,
    ...args: undefined extends C[K]['args'] ? [C[K]['args']?] : [C[K]['args']]
  ): Promise<C[K]['ret']> {
    return this.rawExecute(name, args[0] as Record<string, unknown> | undefined) as Promise<C[K]['ret']>;
  }

  /** Run a command out of band (needs the oob capability). */
  executeOob(name: string, args?: Record<string, unknown>): Promise<JSValue> {
    return this.rawExecute(name, args, true);
  }

  private rawExecute(name: string, args?: Record<string, unknown>, oob = false): Promise<JSValue> {
    if (this.closed) return Promise.reject(new QmpDisconnectedError(`${name}: connection closed`));
    const id = this.nextId++;
    const req: Record<string, unknown> = { [oob ? 'exec-oob' : 'execute']: name, id };
    if (args !== undefined) req.arguments = args;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, command: name });
      this.output.write(`${toJSON(fromJS(req))}\n`);
    });
  }

  /** Send raw text (for testing servers with malformed input). */
  sendRaw(text: string | Uint8Array): void {
    this.output.write(text);
  }

  /** The next event (optionally: the next with this name), or undefined once disconnected. */
  async nextEvent(name?: string): Promise<QmpEvent | undefined> {
    for (;;) {
      const idx = name === undefined ? 0 : this.events.findIndex((e) => e.event === name);
      if (idx >= 0 && this.events.length > idx) return this.events.splice(idx, 1)[0];
      if (this.closed) return undefined;
      const ev = await new Promise<QmpEvent | undefined>((r) => this.eventWaiters.push(r));
      if (ev === undefined) return undefined;
      if (name === undefined || ev.event === name) return ev;
      this.events.push(ev);
    }
  }

  /** Events as they arrive, until the connection closes. */
  async *eventStream(): AsyncGenerator<QmpEvent> {
    for (;;) {
      const ev = await this.nextEvent();
      if (!ev) return;
      yield ev;
    }
  }

  /** Events received and not yet taken. */
  pendingEvents(): readonly QmpEvent[] {
    return this.events;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.destroy();
    this.gone();
  }
}
