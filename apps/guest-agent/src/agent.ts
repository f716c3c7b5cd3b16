// The agent proper (qga/main.c): one JSON parser fed with whatever the host sends, requests run
// one at a time through the @tsemu/qapi dispatcher, each reply written as one line of JSON.
import type { Duplex } from 'node:stream';
import { CommandRegistry, errorResponse, type QapiSchema } from '@tsemu/qapi';
import { JSONStreamer, type QDict, type QObject, toJSON } from '@tsemu/qobject';
import { FREEZE_ALLOWLIST, LINUX_BLOCKED_RPCS, qgaHandlers } from './commands.js';
import { GuestExec } from './linux/exec.js';
import { GuestFiles } from './linux/files.js';
import { FsFreeze } from './linux/fs.js';
import { loadQgaSchema } from './schema.js';
import { PersistentState } from './state.js';

/** QGA_SENTINEL_BYTE: precedes the reply to guest-sync-delimited; a host sends it to reset the parser. */
export const QGA_SENTINEL_BYTE = 0xff;

/** The version guest-info reports: the QEMU Guest Agent release whose wire protocol tsemu-ga speaks. */
export const QGA_VERSION = '7.2.0';

export interface GuestAgentOptions {
  /** State directory (qga.state, qga.state.isfrozen); without one, state is kept in memory. */
  statedir?: string;
  /** -b: commands to disable. */
  blockRpcs?: readonly string[];
  /** --allow-rpcs: when given, every other command is disabled. */
  allowRpcs?: readonly string[];
  /** -F: the fsfreeze hook script. */
  fsfreezeHook?: string;
  /** guest-info's version (QGA_VERSION by default). */
  version?: string;
  /** -v: debug messages; warnings always. */
  log?: (level: 'debug' | 'warning', message: string) => void;
  /** An already loaded schema (loadQgaSchema()), to share between agents. */
  schema?: QapiSchema;
}

type Job = { kind: 'value'; value: QObject } | { kind: 'error'; error: Error };

export class GuestAgent {
  readonly registry: CommandRegistry;
  readonly state: PersistentState;
  readonly files: GuestFiles;
  readonly exec = new GuestExec();
  readonly fsfreeze: FsFreeze;
  readonly #blocked: ReadonlySet<string>;
  readonly #log: NonNullable<GuestAgentOptions['log']>;
  readonly #streamer: JSONStreamer;
  #conn: Duplex | undefined;
  #queue: Job[] = [];
  #running = false;
  #delimit = false;
  #frozen = false;
  #idle: Promise<void> = Promise.resolve();
  #idleResolve: (() => void) | undefined;

  constructor(opts: GuestAgentOptions = {}) {
    const schema = opts.schema ?? loadQgaSchema();
    this.registry = new CommandRegistry(schema);
    this.state = new PersistentState(opts.statedir);
    this.files = new GuestFiles(() => this.state.nextHandle());
    this.fsfreeze = new FsFreeze(this.state.frozenFile);
    this.#log = opts.log ?? (() => {});
    const handlers = qgaHandlers({
      version: opts.version ?? QGA_VERSION,
      files: this.files,
      exec: this.exec,
      fsfreeze: this.fsfreeze,
      fsfreezeHook: opts.fsfreezeHook,
      delimitResponse: () => {
        this.#delimit = true;
      },
      // qemu-ga builds the list by prepending, so it comes out last-registered first.
      commandList: () =>
        this.registry
          .list()
          .map((c) => ({ name: c.name, enabled: c.enabled, 'success-response': c.successResponse }))
          .reverse(),
      setFrozen: (frozen) => this.#setFrozen(frozen),
    });
    // Registered in schema order, the order `-b help` lists them in.
    for (const cmd of schema.commands()) {
      const h = handlers[cmd.name];
      if (!h) throw new Error(`tsemu-ga: no handler for schema command ${cmd.name}`);
      this.registry.register(cmd.name, h);
    }
    const blocked = new Set([...LINUX_BLOCKED_RPCS, ...(opts.blockRpcs ?? [])]);
    if (opts.allowRpcs)
      for (const c of schema.commands()) if (!opts.allowRpcs.includes(c.name)) blocked.add(c.name);
    this.#blocked = blocked;
    for (const name of blocked) if (this.registry.has(name)) this.registry.disable(name);
    // An agent restarted while file systems were frozen comes up frozen.
    if (this.fsfreeze.status() === 'frozen') this.#setFrozen(true);
    this.#streamer = new JSONStreamer({
      onValue: (value) => this.#enqueue({ kind: 'value', value }),
      onError: (error) => this.#enqueue({ kind: 'error', error }),
    });
  }

  /** The commands `-b help` prints, in registration order. */
  commandNames(): string[] {
    return this.registry.list().map((c) => c.name);
  }

  #setFrozen(frozen: boolean): void {
    if (frozen === this.#frozen) return;
    this.#frozen = frozen;
    for (const c of this.registry.list()) {
      if (FREEZE_ALLOWLIST.includes(c.name)) continue;
      if (frozen) this.registry.disable(c.name, 'the agent is in frozen state');
      else if (!this.#blocked.has(c.name)) this.registry.enable(c.name);
      else this.registry.disable(c.name);
    }
  }

  /**
   * Serves a host connection (a socket client or an opened device) until it closes. The parser
   * is the agent's, not the connection's: as in qemu-ga, only a 0xFF from the host resets it.
   */
  serve(conn: Duplex): void {
    this.#conn = conn;
    conn.on('data', (chunk: Buffer) => this.feed(chunk));
    conn.on('error', (err) => this.#log('warning', `error reading channel: ${err.message}`));
    conn.once('close', () => {
      if (this.#conn === conn) this.#conn = undefined;
    });
  }

  /** Bytes from the host. */
  feed(chunk: Uint8Array): void {
    this.#log('debug', `read data, count: ${chunk.length}`);
    this.#streamer.feed(chunk);
  }

  /** Resolves when every request received so far has been answered. */
  whenIdle(): Promise<void> {
    return this.#idle;
  }

  #enqueue(job: Job): void {
    this.#queue.push(job);
    if (this.#running) return;
    this.#running = true;
    this.#idle = new Promise((r) => {
      this.#idleResolve = r;
    });
    void this.#drain();
  }

  async #drain(): Promise<void> {
    for (let job = this.#queue.shift(); job; job = this.#queue.shift()) {
      let rsp: QDict | null;
      if (job.kind === 'error') rsp = errorResponse(job.error);
      else {
        this.#log('debug', 'processing command');
        rsp = await this.registry.dispatch(job.value);
      }
      if (rsp) this.#send(rsp);
    }
    this.#running = false;
    this.#idleResolve?.();
  }

  /** send_response(): the reply as one line, after a 0xFF when guest-sync-delimited asked for it. */
  #send(rsp: QDict): void {
    const text = Buffer.from(`${toJSON(rsp)}\n`, 'utf8');
    const out = this.#delimit ? Buffer.concat([Buffer.of(QGA_SENTINEL_BYTE), text]) : text;
    this.#delimit = false;
    const conn = this.#conn;
    if (!conn || conn.destroyed) {
      this.#log('warning', 'error sending response: no host connected');
      return;
    }
    conn.write(out);
  }

  /** Closes open guest files; the channel is the caller's. */
  close(): void {
    try {
      this.files.closeAll();
    } catch {
      // closing at exit: nothing to report to
    }
  }
}
