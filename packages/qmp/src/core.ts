import { fileURLToPath } from 'node:url';
import { type CommandRegistry, loadSchema, QapiError, type QapiSchema } from '@tsemu/qapi';
import type { HmpFormat, HumanMonitor } from './hmp/hmp.js';
import type { QmpMonitor } from './qmp-monitor.js';
import type { VersionInfo } from './qmp-server.js';

/** Path of the schema this package owns (the core monitor commands and run-state events). */
export const QMP_CORE_SCHEMA = fileURLToPath(new URL('../schema/qmp.json', import.meta.url));

/** The core schema alone, as a runtime schema (for a server with only these commands). */
export function loadQmpCoreSchema(): QapiSchema {
  return loadSchema(QMP_CORE_SCHEMA);
}

export type RunState =
  | 'debug'
  | 'inmigrate'
  | 'internal-error'
  | 'io-error'
  | 'paused'
  | 'postmigrate'
  | 'prelaunch'
  | 'finish-migrate'
  | 'restore-vm'
  | 'running'
  | 'save-vm'
  | 'shutdown'
  | 'suspended'
  | 'watchdog'
  | 'guest-panicked'
  | 'colo';

export interface StatusInfo {
  running: boolean;
  singlestep: boolean;
  status: RunState;
}

/** What the core commands need from the emulator. */
export interface MachineControl {
  status(): StatusInfo;
  stop(): void | Promise<void>;
  cont(): void | Promise<void>;
  systemReset(): void;
  systemPowerdown(): void;
  /** exit after the reply has gone out */
  quit(): void;
  name(): string | undefined;
  uuid(): string;
}

/** Port and physical memory access for HMP's i, o and xp. */
export interface MonitorIoAccess {
  ioRead(port: number, size: 1 | 2 | 4): number;
  ioWrite(port: number, size: 1 | 2 | 4, value: number): void;
  /** physical memory read; undefined where nothing can be read */
  physRead(addr: bigint, length: number): Uint8Array | undefined;
}

export interface CoreCommandsOptions {
  registry: CommandRegistry;
  hmp: HumanMonitor;
  version: VersionInfo;
  machine: MachineControl;
  io?: MonitorIoAccess;
  /** chardev listing for `info chardev` */
  chardevs?: () => { label: string; filename: string }[];
}

/** Register the handlers of schema/qmp.json and the matching HMP commands. */
export function registerCoreCommands(o: CoreCommandsOptions): void {
  const { registry, hmp, machine } = o;
  registry.register('qmp_capabilities', (args: { enable?: string[] }, ctx) => {
    const mon = ctx.session as QmpMonitor | undefined;
    if (!mon?.negotiating) {
      throw new QapiError('Capabilities negotiation is already complete, command ignored', 'CommandNotFound');
    }
    mon.negotiate(args.enable ?? []);
    return {};
  });
  registry.register('query-version', () => o.version);
  // QEMU lists commands newest-registered first.
  registry.register('query-commands', () =>
    registry
      .list()
      .filter((c) => c.enabled)
      .reverse()
      .map((c) => ({ name: c.name })),
  );
  registry.register('quit', () => {
    machine.quit();
    return {};
  });
  registry.register('query-status', () => machine.status());
  registry.register('stop', async () => {
    await machine.stop();
    return {};
  });
  registry.register('cont', async () => {
    await machine.cont();
    return {};
  });
  registry.register('system_reset', () => {
    machine.systemReset();
    return {};
  });
  registry.register('system_powerdown', () => {
    machine.systemPowerdown();
    return {};
  });
  registry.register(
    'human-monitor-command',
    (args: { 'command-line': string; 'cpu-index'?: bigint | number }) =>
      hmp.run(args['command-line'], {
        cpuIndex: args['cpu-index'] === undefined ? undefined : Number(args['cpu-index']),
      }),
  );
  registry.register('query-name', () => {
    const name = machine.name();
    return name === undefined ? {} : { name };
  });
  registry.register('query-uuid', () => ({ UUID: machine.uuid() }));

  hmp.registerInfo({
    name: 'status',
    params: '',
    help: 'show the current VM status (running|paused)',
    args: [],
    handler: (ctx) => {
      const s = machine.status();
      let t = `VM status: ${s.running ? 'running' : 'paused'}${s.singlestep ? ' (single step mode)' : ''}`;
      if (!s.running && s.status !== 'paused') t += ` (${s.status})`;
      ctx.print(`${t}\n`);
    },
  });
  hmp.registerInfo({
    name: 'version',
    params: '',
    help: 'show the version of QEMU',
    args: [],
    handler: (ctx) => {
      const v = o.version;
      ctx.print(`${v.qemu.major}.${v.qemu.minor}.${v.qemu.micro}${v.package}\n`);
    },
  });
  hmp.registerInfo({
    name: 'name',
    params: '',
    help: 'show the current VM name',
    args: [],
    handler: (ctx) => {
      const n = machine.name();
      if (n !== undefined) ctx.print(`${n}\n`);
    },
  });
  hmp.registerInfo({
    name: 'uuid',
    params: '',
    help: 'show the current VM UUID',
    args: [],
    handler: (ctx) => ctx.print(`${machine.uuid()}\n`),
  });
  if (o.chardevs) {
    const list = o.chardevs;
    hmp.registerInfo({
      name: 'chardev',
      params: '',
      help: 'show the character devices',
      args: [],
      handler: (ctx) => {
        for (const c of list()) ctx.print(`${c.label}: filename=${c.filename}\n`);
      },
    });
  }
  const simple = (name: string, help: string, run: () => void | Promise<void>) =>
    hmp.register({ name, params: '', help, args: [], handler: () => run() });
  simple('stop|s', 'stop emulation', () => machine.stop());
  simple('cont|c', 'resume emulation', () => machine.cont());
  simple('system_reset', 'reset the system', () => machine.systemReset());
  simple('system_powerdown', 'send system power down event', () => machine.systemPowerdown());
  simple('quit|q', 'quit the emulator', () => machine.quit());
  if (o.io) registerIoCommands(hmp, o.io);
}

function ioSize(fmt: HmpFormat): 1 | 2 | 4 {
  return fmt.size === 2 ? 2 : fmt.size === 4 ? 4 : 1;
}

/** HMP i, o and xp, printing as QEMU does. */
function registerIoCommands(hmp: HumanMonitor, io: MonitorIoAccess): void {
  hmp.register({
    name: 'i',
    params: '/fmt addr',
    help: 'I/O port read',
    args: [
      { name: 'fmt', type: 'fmt' },
      { name: 'addr', type: 'int' },
    ],
    handler: (ctx, a) => {
      const size = ioSize(a.fmt as HmpFormat);
      const port = Number((a.addr as bigint) & 0xffffn);
      const v = io.ioRead(port, size) >>> 0;
      const suffix = size === 1 ? 'b' : size === 2 ? 'w' : 'l';
      ctx.print(
        `port${suffix}[0x${port.toString(16).padStart(4, '0')}] = 0x${v.toString(16).padStart(size * 2, '0')}\n`,
      );
    },
  });
  hmp.register({
    name: 'o',
    params: '/fmt addr value',
    help: 'I/O port write',
    args: [
      { name: 'fmt', type: 'fmt' },
      { name: 'addr', type: 'int' },
      { name: 'val', type: 'int' },
    ],
    handler: (_ctx, a) => {
      const size = ioSize(a.fmt as HmpFormat);
      io.ioWrite(Number((a.addr as bigint) & 0xffffn), size, Number((a.val as bigint) & 0xffffffffn));
    },
  });
  hmp.register({
    name: 'xp',
    params: '/fmt addr',
    help: "physical memory dump starting at 'addr'",
    args: [
      { name: 'fmt', type: 'fmt' },
      { name: 'addr', type: 'int' },
    ],
    handler: (ctx, a) => memoryDump(ctx.print, a.fmt as HmpFormat, a.addr as bigint, io),
  });
}

/** QEMU's memory_dump() for physical addresses. */
export function memoryDump(
  print: (t: string) => void,
  fmt: HmpFormat,
  start: bigint,
  io: MonitorIoAccess,
): void {
  let wsize = fmt.size;
  const format = fmt.format;
  if (format === 'i') {
    print('Can not dump without CPU\n');
    return;
  }
  if (format === 'c') wsize = 1;
  let len = wsize * fmt.count;
  const lineSize = wsize === 1 ? 8 : 16;
  const bits = wsize * 8;
  const maxDigits =
    format === 'o'
      ? Math.ceil(bits / 3)
      : format === 'u' || format === 'd'
        ? Math.ceil((bits * 10) / 33)
        : bits / 4;
  let addr = start;
  while (len > 0) {
    let line = `${addr.toString(16).padStart(16, '0')}:`;
    const l = Math.min(len, lineSize);
    const buf = io.physRead(addr, l);
    if (!buf) {
      print(`${line} Cannot access memory\n`);
      return;
    }
    for (let i = 0; i < l; i += wsize) {
      let v = 0n;
      for (let k = wsize - 1; k >= 0; k--) v = (v << 8n) | BigInt(buf[i + k] ?? 0);
      line += ' ';
      switch (format) {
        case 'o':
          line += (v === 0n ? '0' : `0${v.toString(8)}`).padStart(maxDigits, ' ');
          break;
        case 'u':
          line += v.toString().padStart(maxDigits, ' ');
          break;
        case 'd': {
          const sv = v >= 1n << BigInt(bits - 1) && wsize === 8 ? v - (1n << 64n) : v;
          line += sv.toString().padStart(maxDigits, ' ');
          break;
        }
        case 'c': {
          line += `'${printc(Number(v))}'`;
          break;
        }
        default:
          line += `0x${v.toString(16).padStart(maxDigits, '0')}`;
      }
    }
    print(`${line}\n`);
    addr += BigInt(l);
    len -= l;
  }
}

/** QEMU's monitor_printc(), without the quotes. */
function printc(c: number): string {
  switch (c) {
    case 0x27:
      return "\\'";
    case 0x5c:
      return '\\\\';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    default:
      return c >= 32 && c <= 126 ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
  }
}
