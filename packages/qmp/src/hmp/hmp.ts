import { HmpExprError, parseExpr, type RegisterLookup } from './expr.js';

/** The /fmt of x, xp, i and o: count, format letter and unit size (QEMU's monitor "/" argument). */
export interface HmpFormat {
  count: number;
  format: string;
  size: number;
}

/** How an HMP argument is read from the command line. */
export type HmpArgType =
  /** one word, or a quoted string */
  | 'str'
  /** everything up to the end of the line */
  | 'rest'
  /** an integer expression */
  | 'int'
  /** /fmt */
  | 'fmt'
  /** on|off */
  | 'bool'
  /** a size with optional suffix (k, M, G, T) */
  | 'size';

export interface HmpArg {
  name: string;
  type: HmpArgType;
  optional?: boolean;
}

export interface HmpContext {
  /** append text to the command's output */
  print(text: string): void;
  /** register lookup for $name in expressions (the current CPU), if any */
  readonly registers: RegisterLookup | undefined;
  /** cpu index the command applies to */
  readonly cpuIndex: number | undefined;
}

export interface HmpCommand {
  /** name with aliases, as QEMU spells it: 'cont|c' */
  name: string;
  /** parameter synopsis for help: 'path property' */
  params: string;
  help: string;
  args: readonly HmpArg[];
  handler(ctx: HmpContext, args: Record<string, unknown>): void | Promise<void>;
}

export class HmpError extends Error {}

/** A human monitor command table with `help` and `info` (QEMU's hmp_cmds / hmp_info_cmds). */
export class HumanMonitor {
  private readonly commands: HmpCommand[] = [];
  private readonly infos: HmpCommand[] = [];
  /** the last /fmt format and size, carried to the next command as QEMU does */
  private lastFormat = 'x';
  private lastSize = 4;

  constructor() {
    this.register({
      name: 'help|?',
      params: '[cmd]',
      help: 'show the help',
      args: [{ name: 'name', type: 'str', optional: true }],
      handler: (ctx, a) => this.help(ctx, a.name as string | undefined),
    });
    this.register({
      name: 'info',
      params: '[subcommand]',
      help: 'show various information about the system state',
      args: [
        { name: 'item', type: 'str', optional: true },
        { name: 'rest', type: 'rest', optional: true },
      ],
      handler: (ctx, a) => this.info(ctx, a.item as string | undefined, (a.rest as string | undefined) ?? ''),
    });
  }

  /** Add a command; later packages register theirs (qom-list, info registers ...). */
  register(cmd: HmpCommand): void {
    this.commands.push(cmd);
    this.commands.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Add an `info` subcommand. */
  registerInfo(cmd: HmpCommand): void {
    this.infos.push(cmd);
    this.infos.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Names for completion. */
  commandNames(): string[] {
    return this.commands.flatMap((c) => c.name.split('|'));
  }

  private static find(table: readonly HmpCommand[], name: string): HmpCommand | undefined {
    return table.find((c) => c.name.split('|').includes(name));
  }

  private help(ctx: HmpContext, name: string | undefined): void {
    const line = (prefix: string, c: HmpCommand) =>
      ctx.print(`${prefix}${c.name} ${c.params} -- ${c.help}\n`);
    if (name === undefined) {
      for (const c of this.commands) line('', c);
      return;
    }
    if (name === 'info') {
      for (const c of this.infos) line('info ', c);
      return;
    }
    const c = HumanMonitor.find(this.commands, name);
    if (c) line('', c);
    else ctx.print(`unknown command: '${name}'\n`);
  }

  private async info(ctx: HmpContext, item: string | undefined, rest: string): Promise<void> {
    if (item === undefined) {
      for (const c of this.infos) ctx.print(`info ${c.name} ${c.params} -- ${c.help}\n`);
      return;
    }
    const c = HumanMonitor.find(this.infos, item);
    if (!c) {
      // QEMU prints the info table when the subcommand is unknown.
      for (const i of this.infos) ctx.print(`info ${i.name} ${i.params} -- ${i.help}\n`);
      return;
    }
    await this.invoke(ctx, c, rest, `info ${item}`);
  }

  /** Run one command line; returns its output with QEMU's CRLF line ends. */
  async run(line: string, opts: { registers?: RegisterLookup; cpuIndex?: number } = {}): Promise<string> {
    let out = '';
    const ctx: HmpContext = {
      print: (t) => {
        out += t;
      },
      registers: opts.registers,
      cpuIndex: opts.cpuIndex,
    };
    const trimmed = line.replace(/^[ \t]+/, '');
    if (trimmed !== '') {
      const m = /^[^ \t]+/.exec(trimmed) as RegExpExecArray;
      const name = m[0];
      const cmd = HumanMonitor.find(this.commands, name);
      if (!cmd) ctx.print(`unknown command: '${name}'\n`);
      else await this.invoke(ctx, cmd, trimmed.slice(name.length), name);
    }
    return out.replaceAll('\n', '\r\n');
  }

  private async invoke(ctx: HmpContext, cmd: HmpCommand, text: string, name: string): Promise<void> {
    let args: Record<string, unknown>;
    try {
      args = this.parseArgs(cmd, text, ctx.registers);
    } catch (e) {
      if (e instanceof HmpError || e instanceof HmpExprError) {
        ctx.print(`${e.message}\n`);
        ctx.print(`Try "help ${name}" for more information\n`);
        return;
      }
      throw e;
    }
    try {
      await cmd.handler(ctx, args);
    } catch (e) {
      // hmp_handle_error(): "Error: <message>"
      ctx.print(`Error: ${(e as Error).message}\n`);
    }
  }

  private parseArgs(
    cmd: HmpCommand,
    text: string,
    regs: RegisterLookup | undefined,
  ): Record<string, unknown> {
    const args: Record<string, unknown> = {};
    let p = text;
    const skip = () => {
      p = p.replace(/^[ \t]+/, '');
    };
    for (const a of cmd.args) {
      skip();
      if (p === '') {
        if (a.type === 'fmt') {
          args[a.name] = this.defaultFormat();
          continue;
        }
        if (a.optional) continue;
        const cname = cmd.name.split('|')[0];
        if (a.type === 'int') throw new HmpError('unexpected end of expression');
        throw new HmpError(`${cname}: ${a.type === 'bool' ? "'on' or 'off'" : 'string'} expected`);
      }
      switch (a.type) {
        case 'rest':
          args[a.name] = p;
          p = '';
          break;
        case 'str': {
          if (p[0] === '"') {
            const end = p.indexOf('"', 1);
            if (end < 0) throw new HmpError('unterminated string');
            args[a.name] = p.slice(1, end);
            p = p.slice(end + 1);
          } else {
            const m = /^[^ \t]+/.exec(p) as RegExpExecArray;
            args[a.name] = m[0];
            p = p.slice(m[0].length);
          }
          break;
        }
        case 'int': {
          const r = parseExpr(p, regs);
          args[a.name] = r.value;
          p = r.rest;
          break;
        }
        case 'bool': {
          const m = /^[^ \t]+/.exec(p) as RegExpExecArray;
          if (m[0] !== 'on' && m[0] !== 'off') throw new HmpError(`Expected 'on' or 'off'`);
          args[a.name] = m[0] === 'on';
          p = p.slice(m[0].length);
          break;
        }
        case 'size': {
          const m = /^([0-9]+)([kKmMgGtT]?)/.exec(p);
          if (!m) throw new HmpError('invalid size');
          const mult = { '': 1n, k: 1n << 10n, m: 1n << 20n, g: 1n << 30n, t: 1n << 40n }[
            (m[2] as string).toLowerCase() as '' | 'k' | 'm' | 'g' | 't'
          ];
          args[a.name] = BigInt(m[1] as string) * mult;
          p = p.slice(m[0].length);
          break;
        }
        case 'fmt': {
          if (p[0] !== '/') {
            args[a.name] = this.defaultFormat();
            break;
          }
          const m = /^\/([0-9]*)([xduocisbhwg]*)/.exec(p) as RegExpExecArray;
          p = p.slice(m[0].length);
          let format = '';
          let size = -1;
          for (const ch of m[2] as string) {
            if ('bhwg'.includes(ch)) size = { b: 1, h: 2, w: 4, g: 8 }[ch as 'b'] as number;
            else format = ch;
          }
          if (p !== '' && p[0] !== ' ' && p[0] !== '\t') throw new HmpError('invalid char in format');
          if (format === '') format = this.lastFormat;
          if (format === 'c') size = 1;
          if (format !== 'i') {
            if (size < 0) size = this.lastSize;
            this.lastSize = size;
          }
          this.lastFormat = format;
          args[a.name] = { count: m[1] ? Number(m[1]) : 1, format, size } satisfies HmpFormat;
          break;
        }
      }
    }
    skip();
    if (p !== '') throw new HmpError(`${cmd.name.split('|')[0]}: extraneous characters at the end of line`);
    return args;
  }

  private defaultFormat(): HmpFormat {
    return { count: 1, format: this.lastFormat, size: this.lastSize };
  }
}
