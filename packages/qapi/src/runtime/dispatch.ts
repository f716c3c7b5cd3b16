// QEMU's command registry and dispatcher (qapi/qmp-registry.c, qapi/qmp-dispatch.c): a QMP or QGA
// server hands each parsed request to dispatch() and writes the response it returns.
import { QDict, type QObject, QString } from '@tsemu/qobject';
import { QapiError, unexpectedParameter } from './error.js';
import { type CompatPolicy, checkPolicyInput, DEFAULT_COMPAT_POLICY } from './policy.js';
import { QObjectInputVisitor } from './qobject-input.js';
import { QObjectOutputVisitor } from './qobject-output.js';
import type { QapiSchema, RCommand } from './schema.js';

export interface CommandContext {
  readonly command: RCommand;
  /** The request's `id`, if any (any JSON value). */
  readonly id: QObject | undefined;
  /** Run as `exec-oob`. */
  readonly oob: boolean;
  /** Whatever the server passed in DispatchOptions.session (its monitor, client ...). */
  readonly session: unknown;
}

/**
 * A command handler: arguments as the input visitor makes them (for `'gen': false` commands, the raw
 * QDict), returning the value of the command's `returns` type (or a QObject for `'gen': false`).
 * Throw QapiError to fail with a class; any other Error fails as GenericError.
 */
/** A value or a promise of it: handlers may be sync or async. */
export type Awaitable<T> = T | PromiseLike<T>;

export type CommandHandler = (args: any, ctx: CommandContext) => unknown;

interface Entry {
  readonly command: RCommand;
  readonly handler: CommandHandler;
  enabled: boolean;
  disableReason: string | undefined;
}

export interface CommandInfo {
  readonly name: string;
  readonly enabled: boolean;
  readonly successResponse: boolean;
  readonly allowOob: boolean;
  readonly allowPreconfig: boolean;
}

export interface DispatchOptions {
  /** The client negotiated the `oob` capability: `exec-oob` is accepted. */
  readonly allowOob?: boolean;
  /** Passed to handlers as ctx.session. */
  readonly session?: unknown;
  /** Machine not yet created (-preconfig): only `allow-preconfig` commands run. */
  readonly preconfig?: boolean;
  /** Extra check before the handler runs (QEMU's qmp_command_available()); throw to refuse. */
  readonly available?: (command: RCommand, ctx: CommandContext) => void;
}

export interface RegistryOptions {
  /** -compat policy for commands, arguments and return values. */
  readonly policy?: CompatPolicy;
}

/** `{"error": {"class": ..., "desc": ...}}`, plus `id` when given (qmp_error_response()). */
export function errorResponse(err: unknown, id?: QObject): QDict {
  const e = new QDict()
    .put('class', new QString(err instanceof QapiError ? err.errorClass : 'GenericError'))
    .put('desc', new QString(err instanceof Error ? err.message : String(err)));
  const rsp = new QDict().put('error', e);
  if (id !== undefined) rsp.put('id', id);
  return rsp;
}

/** QEMU's qmp_dispatch_check_obj(): the request's shape. */
function checkRequest(dict: QDict, allowOob: boolean): string {
  let execKey: string | undefined;
  for (const [key, value] of dict.entries()) {
    if (key === 'execute' || (key === 'exec-oob' && allowOob)) {
      if (!(value instanceof QString)) throw new QapiError(`QMP input member '${key}' must be a string`);
      if (execKey) throw new QapiError(`QMP input member '${key}' clashes with '${execKey}'`);
      execKey = key;
    } else if (key === 'arguments') {
      if (!(value instanceof QDict)) throw new QapiError(`QMP input member 'arguments' must be an object`);
    } else if (key !== 'id') {
      throw new QapiError(`QMP input member '${key}' is unexpected`);
    }
  }
  if (!execKey) throw new QapiError(`QMP input lacks member 'execute'`);
  return execKey;
}

/** A set of commands with handlers, and the dispatcher that runs requests against it. */
export class CommandRegistry {
  readonly #entries = new Map<string, Entry>();
  readonly policy: CompatPolicy;

  constructor(
    readonly schema: QapiSchema,
    opts: RegistryOptions = {},
  ) {
    this.policy = opts.policy ?? DEFAULT_COMPAT_POLICY;
  }

  /** Registers the handler of schema command `name` (qmp_register_command()). */
  register(name: string, handler: CommandHandler): this {
    const command = this.schema.command(name);
    if (!command) throw new Error(`QAPI: no command '${name}' in the schema`);
    if (this.#entries.has(name)) throw new Error(`QAPI: command '${name}' is registered twice`);
    this.#entries.set(name, { command, handler, enabled: true, disableReason: undefined });
    return this;
  }

  unregister(name: string): boolean {
    return this.#entries.delete(name);
  }

  has(name: string): boolean {
    return this.#entries.has(name);
  }

  /** qmp_disable_command(): the command stays listed but fails with CommandNotFound. */
  disable(name: string, reason?: string): void {
    const e = this.#get(name);
    e.enabled = false;
    e.disableReason = reason;
  }

  enable(name: string): void {
    const e = this.#get(name);
    e.enabled = true;
    e.disableReason = undefined;
  }

  #get(name: string): Entry {
    const e = this.#entries.get(name);
    if (!e) throw new Error(`QAPI: command '${name}' is not registered`);
    return e;
  }

  /** Registered commands in registration order (qmp_for_each_command()). */
  list(): CommandInfo[] {
    return [...this.#entries.values()].map((e) => ({
      name: e.command.name,
      enabled: e.enabled,
      successResponse: e.command.successResponse,
      allowOob: e.command.allowOob,
      allowPreconfig: e.command.allowPreconfig,
    }));
  }

  /**
   * Runs one request (qmp_dispatch()): a response dict (`return` or `error`, with the request's
   * `id` echoed), or null for a successful `success-response: false` command.
   */
  async dispatch(request: QObject, opts: DispatchOptions = {}): Promise<QDict | null> {
    let id: QObject | undefined;
    try {
      if (!(request instanceof QDict)) throw new QapiError('QMP input must be a JSON object');
      id = request.get('id');
      const execKey = checkRequest(request, opts.allowOob ?? false);
      const name = (request.get(execKey) as QString).value;
      const oob = execKey === 'exec-oob';
      const entry = this.#entries.get(name);
      if (!entry) throw new QapiError(`The command ${name} has not been found`, 'CommandNotFound');
      const cmd = entry.command;
      checkPolicyInput(cmd.special, this.policy, 'CommandNotFound', 'command', name);
      if (!entry.enabled)
        throw new QapiError(
          `Command ${name} has been disabled${entry.disableReason ? `: ${entry.disableReason}` : ''}`,
          'CommandNotFound',
        );
      if (oob && !cmd.allowOob) throw new QapiError(`The command ${name} does not support OOB`);
      const ctx: CommandContext = { command: cmd, id, oob, session: opts.session };
      if (opts.preconfig && !cmd.allowPreconfig)
        throw new QapiError(
          `The command '${name}' is permitted only after machine initialization has completed`,
        );
      opts.available?.(cmd, ctx);

      // A fresh dict when absent, as QEMU makes one: 'gen': false handlers may keep or change it.
      const argsDict = (request.get('arguments') as QDict | undefined) ?? new QDict();
      let ret: QObject | undefined;
      if (!cmd.gen) {
        const r = await entry.handler(argsDict, ctx);
        ret = r === undefined ? undefined : (r as QObject);
      } else {
        let args: Record<string, unknown>;
        if (cmd.args) args = new QObjectInputVisitor(false, this.policy).visitMembersOf(cmd.args, argsDict);
        else {
          const extra = argsDict.keys()[0];
          if (extra !== undefined) throw unexpectedParameter(extra);
          args = {};
        }
        const r = await entry.handler(args, ctx);
        if (cmd.returns) ret = new QObjectOutputVisitor(this.policy).visit(cmd.returns, r, '');
      }
      if (!cmd.successResponse) return null;
      const rsp = new QDict().put('return', ret ?? new QDict());
      if (id !== undefined) rsp.put('id', id);
      return rsp;
    } catch (err) {
      return errorResponse(err, id);
    }
  }
}
