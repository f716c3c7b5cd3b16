/**
 * The command line (softmmu/vl.c's option loop and the checks of qemu_init): @tsemu/qemuopts
 * parses the qemu-system option table; this turns the option groups into the emulator's
 * configuration, answering help/version requests and failing with QEMU's messages.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { accelFind, accelHelp } from '@tsemu/accel';
import { findMachineClass, pcMachineClasses } from '@tsemu/hw-pc';
import { hostmemRegisterTypes } from '@tsemu/memory';
import { qdevDeviceHelpFromOpts, userCreatablePrintHelp } from '@tsemu/qdev';
import {
  type ConfigEntry,
  parseOptionBool,
  parseOptionSize,
  parseQemuCommandLine,
  QEMU_SYSTEM_OPTIONS,
  QemuCommandLineError,
  type QemuConfiguration,
  QemuOptsError,
} from '@tsemu/qemuopts';
import { QDict, type QObject, QString } from '@tsemu/qobject';
import { x86CpuFindModel, x86CpuListModels } from '@tsemu/target-i386';
import { PROGNAME_DEFAULT, usage, versionText } from './help.js';

export interface MonitorSpec {
  mode: 'readline' | 'control';
  /** a legacy chardev spec (-monitor, -qmp), or */
  spec?: string;
  /** an existing chardev (-mon chardev=) */
  chardev?: string;
  pretty: boolean;
  where: string;
}

export interface DictOption {
  dict: QDict;
  json: boolean;
  /** a command-line QemuOpts (not JSON, not a config file's keyval section) */
  qemuopts?: boolean;
  where: string;
}

export interface EmulatorConfig {
  machineType: string;
  ramSize: number;
  /** -m was given (a memory backend's size is the RAM size otherwise) */
  ramSizeGiven?: boolean;
  /** -machine memory-backend=id */
  memoryBackend?: string;
  cpuModel?: string;
  /** -cpu's features after the model (`+nx,-pae,pse=off`), applied when the CPU is created */
  cpuFeatures?: string;
  /** `where`: the option as typed, for error locations */
  accel: { name: string; props: Record<string, string>; where?: string };
  kernel?: string;
  initrd?: string;
  append?: string;
  nographic: boolean;
  chardevs: { opts: Record<string, string>; mux: boolean; where: string }[];
  monitors: MonitorSpec[];
  serials: { spec: string }[];
  devices: DictOption[];
  objects: DictOption[];
  globals: { driver: string; property: string; value: string }[];
  startStopped: boolean;
  noReboot: boolean;
  noShutdown: boolean;
  nodefaults: boolean;
  name?: string;
  uuid?: string;
  rtc?: { base?: string; clock?: string; driftfix?: string };
  logItems: string[];
  logFile?: string;
  qtest?: string;
  qtestLog?: string;
  /** the option groups as parsed (what the live configuration export starts from) */
  options?: QemuConfiguration;
  /** -writeconfig: where the live configuration goes once the machine is created ('-': stdout) */
  writeconfig?: string;
}

/** What main() does: run, or print and exit (help, version, errors). */
export type CommandLineResult =
  | { kind: 'run'; cfg: EmulatorConfig; warnings: string[]; stdout: string }
  | { kind: 'exit'; status: number; stdout: string; stderr: string };

/** Options qemu-options.hx has that the shared option table leaves out (internal or tsemu's own). */
const EXTRA_OPTIONS = new Set(['qtest', 'qtest-log', 'writeconfig']);

/** -d items, as QEMU 7.2's qemu_log_items lists them. */
export const LOG_ITEMS: readonly [string, string][] = [
  ['out_asm', 'show generated host assembly code for each compiled TB'],
  ['in_asm', 'show target assembly code for each compiled TB'],
  ['op', 'show micro ops for each compiled TB'],
  ['op_opt', 'show micro ops after optimization'],
  ['op_ind', 'show micro ops before indirect lowering'],
  ['int', 'show interrupts/exceptions in short format'],
  ['exec', 'show trace before each executed TB (lots of logs)'],
  ['cpu', 'show CPU registers before entering a TB (lots of logs)'],
  ['fpu', "include FPU registers in the 'cpu' logging"],
  ['mmu', 'log MMU-related activities'],
  ['pcall', 'x86 only: show protected mode far calls/returns/exceptions'],
  ['cpu_reset', 'show CPU state before CPU resets'],
  ['unimp', 'log unimplemented functionality'],
  ['guest_errors', 'log when the guest OS does something invalid (eg accessing a\nnon-existent register)'],
  ['page', 'dump pages at beginning of user mode emulation'],
  ['nochain', 'do not chain compiled TBs so that "exec" and "cpu" show\ncomplete traces'],
  ['plugin', 'output from TCG plugins\n'],
  ['strace', 'log every user-mode syscall, its input, and its result'],
  ['tid', "open a separate log file per thread; filename must contain '%d'"],
];

/** -d items tsemu accepts but does not trace (a warning says so when one is asked for). */
export const LOG_ITEMS_UNTRACED = new Set(['op_ind', 'mmu', 'pcall', 'cpu_reset', 'nochain']);

export class ConfigError extends Error {}

// the object types this program offers besides the devices (-object, object-add, qom-list-types)
hostmemRegisterTypes();

const MACHINE_BOOL_PROPS = new Set([
  'usb',
  'hpet',
  'acpi',
  'graphics',
  'dump-guest-core',
  'mem-merge',
  'suppress-vmdesc',
  'vmport',
  'smm',
  'pit',
  'sata',
  'fd-bootchk',
  'smbus',
  'i8042',
  'default-bus-bypass-iommu',
]);
const MACHINE_STR_PROPS = new Set([
  'type',
  'accel',
  'kernel',
  'initrd',
  'append',
  'firmware',
  'dtb',
  'memory-backend',
  'dumpdtb',
  'phandle-start',
  'dt-compatible',
  'max-ram-below-4g',
  'confidential-guest-support',
  'boot',
  'smp',
]);

function str(d: QDict, k: string): string | undefined {
  const v = d.get(k);
  return v instanceof QString ? v.value : undefined;
}

function flatStrings(d: QDict): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of d.entries()) out[k] = v instanceof QString ? v.value : String(v);
  return out;
}

/** Split off the options the shared table does not know: -qtest, -qtest-log, -writeconfig. */
function extractExtra(argv: readonly string[]): {
  rest: string[];
  extra: Map<string, string>;
  raw: Map<string, string[]>;
} {
  const hasArg = new Map(QEMU_SYSTEM_OPTIONS.map((o) => [o.name, o.hasArg]));
  const rest: string[] = [];
  const extra = new Map<string, string>();
  const raw = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    const name = w.startsWith('--') ? w.slice(2) : w.startsWith('-') ? w.slice(1) : undefined;
    if (name !== undefined && EXTRA_OPTIONS.has(name)) {
      if (i + 1 >= argv.length) throw new ConfigError(`${w}: requires an argument`);
      extra.set(name, argv[++i]);
      continue;
    }
    rest.push(w);
    if (name !== undefined && hasArg.get(name) && i + 1 < argv.length) {
      rest.push(argv[++i]);
      raw.set(name, [...(raw.get(name) ?? []), argv[i]]);
    }
  }
  return { rest, extra, raw };
}

function machineHelp(): string {
  const lines = ['Supported machines are:'];
  for (const mc of pcMachineClasses()) {
    if (mc.alias) lines.push(`${mc.alias.padEnd(20)} ${mc.desc} (alias of ${mc.name})`);
    lines.push(`${mc.name.padEnd(20)} ${mc.desc}${mc.isDefault ? ' (default)' : ''}`);
  }
  lines.push(`${'none'.padEnd(20)} empty machine`);
  return `${lines.join('\n')}\n`;
}

function logUsage(): string {
  return `Log items (comma separated):\n${LOG_ITEMS.map(([n, h]) => `${n.padEnd(16)}${h}`).join('\n')}\ntrace:PATTERN   enable trace events\n\nUse "-d trace:help" to get a list of trace events.\n\n`;
}

/** Parse argv (without argv[0]) as qemu-system-x86_64 does. */
export function parseCommandLine(argv: readonly string[], progname = PROGNAME_DEFAULT): CommandLineResult {
  const warnings: string[] = [];
  let stdout = '';
  const fail = (message: string): CommandLineResult => ({
    kind: 'exit',
    status: 1,
    stdout,
    stderr: `${warnings.map((w) => `${progname}: ${w}\n`).join('')}${progname}: ${message}\n`,
  });
  let extra: Map<string, string>;
  let raw: Map<string, string[]>;
  let cfgRaw: ReturnType<typeof parseQemuCommandLine>;
  const helps: [string, string][] = [];
  try {
    const x = extractExtra(argv);
    extra = x.extra;
    raw = x.raw;
    cfgRaw = parseQemuCommandLine(x.rest, {
      onHelp: (option, arg) => helps.push([option, arg]),
      onWarning: (m) => warnings.push(m),
      readFile: (p) => {
        try {
          return readFileSync(p, 'utf8');
        } catch {
          throw new QemuOptsError(`Could not open '${p}': No such file or directory`);
        }
      },
    });
  } catch (e) {
    if (e instanceof QemuCommandLineError) return fail(e.format(progname).slice(progname.length + 2));
    if (e instanceof Error) return fail(e.message);
    throw e;
  }
  const entries = cfgRaw.entries;
  const has = (g: string) => entries.some((e) => e.group === g);
  const plain = (g: string) => entries.filter((e) => e.group === g).map((e) => str(e.dict, 'arg') ?? '');

  // help and version requests, in the order vl.c answers them
  if (has('h') || has('help')) return { kind: 'exit', status: 0, stdout: usage(progname), stderr: '' };
  if (has('version')) return { kind: 'exit', status: 0, stdout: versionText(), stderr: '' };
  if (entries.some((e) => e.group === 'accel' && ['help', '?'].includes(str(e.dict, 'accel') ?? '')))
    return { kind: 'exit', status: 0, stdout: accelHelp(), stderr: '' };
  for (const [option, arg] of helps) {
    if (option === 'accel') return { kind: 'exit', status: 0, stdout: accelHelp(), stderr: '' };
    if (option === 'machine' || option === 'M')
      return { kind: 'exit', status: 0, stdout: machineHelp(), stderr: '' };
    if (option === 'object') {
      // -object help, -object <type>,help (user_creatable_print_help)
      const type = arg.split(',')[0];
      const text = userCreatablePrintHelp(type === '?' ? 'help' : type);
      if (text !== undefined) return { kind: 'exit', status: 0, stdout: text, stderr: '' };
    }
    if (option === 'device') {
      try {
        const opts = parseDeviceArg(arg);
        const text = qdevDeviceHelpFromOpts(opts);
        if (text !== undefined) return { kind: 'exit', status: 0, stdout: text, stderr: '' };
      } catch (e) {
        return fail(`-device ${arg}: ${(e as Error).message}`);
      }
    }
  }
  for (const e of entries.filter((x) => x.group === 'device')) {
    const text = qdevDeviceHelpFromOpts(e.dict);
    if (text !== undefined) return { kind: 'exit', status: 0, stdout: text, stderr: '' };
  }
  if (entries.some((e) => e.group === 'object' && ['help', '?'].includes(str(e.dict, 'qom-type') ?? '')))
    return { kind: 'exit', status: 0, stdout: userCreatablePrintHelp('help') ?? '', stderr: '' };
  const cpuArgs = plain('cpu');
  if (cpuArgs.some((c) => c === 'help' || c === '?'))
    return { kind: 'exit', status: 0, stdout: x86CpuListModels(), stderr: '' };
  const dArgs = plain('d');
  if (dArgs.some((d) => d === 'help' || d === '?'))
    return { kind: 'exit', status: 0, stdout: logUsage(), stderr: '' };
  // an unknown item: QEMU prints the list on stdout and exits 1
  const known = (item: string) =>
    item === '' || item.startsWith('trace:') || LOG_ITEMS.some(([n]) => n === item);
  if (dArgs.some((d) => !d.split(',').every(known)))
    return { kind: 'exit', status: 1, stdout: logUsage(), stderr: '' };

  // -writeconfig: the file is opened now; a machine that gets created is written from its live
  // state (main, live-config.ts), one that cannot be is written as parsed
  const writeconfig = extra.get('writeconfig');
  if (writeconfig !== undefined && writeconfig !== '-') {
    try {
      writeFileSync(writeconfig, '');
    } catch {
      return fail(`-writeconfig ${writeconfig}: Could not open '${writeconfig}': No such file or directory`);
    }
  }

  try {
    const cfg = buildConfig(cfgRaw.machine, entries, extra, raw, warnings);
    cfg.options = cfgRaw;
    cfg.writeconfig = writeconfig;
    return { kind: 'run', cfg, warnings, stdout };
  } catch (e) {
    if (e instanceof ConfigError || e instanceof QemuOptsError) {
      if (writeconfig !== undefined) stdout += writeParsedConfig(writeconfig, cfgRaw);
      return fail(e.message);
    }
    throw e;
  }
}

/** Writes the configuration as parsed to -writeconfig's file; returns what goes to stdout. */
export function writeParsedConfig(writeconfig: string, options: QemuConfiguration): string {
  return writeConfigOut(writeconfig, options.writeConfig());
}

/** -writeconfig's output: to stdout (returned) or into the file. */
export function writeConfigOut(writeconfig: string, text: string): string {
  if (writeconfig === '-') return text;
  writeFileSync(writeconfig, text);
  return '';
}

function parseDeviceArg(arg: string): QDict {
  const d = new QDict();
  arg.split(',').forEach((p, i) => {
    const eq = p.indexOf('=');
    if (eq < 0) d.put(i === 0 ? 'driver' : p, new QString(i === 0 ? p : 'on'));
    else d.put(p.slice(0, eq), new QString(p.slice(eq + 1)));
  });
  return d;
}

function buildConfig(
  machine: QDict,
  entries: ConfigEntry[],
  extra: Map<string, string>,
  raw: Map<string, string[]>,
  warnings: string[],
): EmulatorConfig {
  // the argument as typed, for error locations (entries from -readconfig have none)
  const typed = (option: string, i: number, d: QDict) => raw.get(option)?.[i] ?? describe(d);
  const group = (g: string) => entries.filter((e) => e.group === g);
  const plain = (g: string) => group(g).map((e) => str(e.dict, 'arg') ?? '');
  const last = (g: string) => plain(g).at(-1);

  // -machine: type, then its properties (machine_set_property)
  const type = str(machine, 'type') ?? 'pc';
  const mc = findMachineClass(type);
  if (!mc) throw new ConfigError('unsupported machine type\nUse -machine help to list supported machines');
  for (const [k, v] of machine.entries()) {
    if (MACHINE_BOOL_PROPS.has(k)) {
      if (v instanceof QString) parseOptionBool(k, v.value);
    } else if (!MACHINE_STR_PROPS.has(k)) {
      throw new ConfigError(`Property '${mc.name}-machine.${k}' not found`);
    }
  }
  // -boot order=/once= (validate_bootdevices)
  const boot = machine.get('boot');
  if (boot instanceof QDict) {
    for (const k of ['order', 'once']) {
      const devs = str(boot, k);
      if (devs === undefined) continue;
      const seen = new Set<string>();
      for (const c of devs) {
        if (c < 'a' || c > 'p') throw new ConfigError(`Invalid boot device '${c}'`);
        if (seen.has(c)) throw new ConfigError(`Boot device '${c}' was given twice`);
        seen.add(c);
      }
    }
  }
  // -smp
  const smp = machine.get('smp');
  if (smp instanceof QDict) {
    const known = ['cpus', 'maxcpus', 'sockets', 'dies', 'clusters', 'cores', 'threads'];
    const vals: Record<string, number> = {};
    for (const [k, v] of smp.entries()) {
      if (!known.includes(k)) throw new ConfigError(`Parameter 'smp.${k}' is unexpected`);
      const s = (v as QString).value;
      if (!/^\d+$/.test(s)) throw new ConfigError(`Parameter 'smp.${k}' expects integer`);
      vals[k] = Number(s);
    }
    if (Object.values(vals).some((n) => n === 0))
      warnings.push(
        'warning: Deprecated CPU topology (considered invalid): CPU topology parameters must be greater than zero',
      );
    const cpus = vals.cpus || 1;
    const max = vals.maxcpus || cpus;
    if (cpus > 1 || max > 1)
      throw new ConfigError(
        `Invalid SMP CPUs ${Math.max(cpus, max)}. The max CPUs supported by machine '${mc.name}' is 1 (tsemu runs one vCPU)`,
      );
  }
  // -m
  let ramSize = 128 * 1024 * 1024;
  let ramSizeGiven = false;
  const mem = group('memory').at(-1);
  if (mem) {
    const s = str(mem.dict, 'size');
    if (s !== undefined) {
      ramSizeGiven = true;
      let sz: bigint;
      try {
        sz = parseOptionSize('size', s);
      } catch (e) {
        throw new ConfigError(`-m ${s}: ${(e as Error).message}`);
      }
      if (/\d$/.test(s)) sz <<= 20n;
      ramSize = Number(sz);
    }
  }
  // -cpu
  const cpuArg = last('cpu');
  let cpuModel: string | undefined;
  let cpuFeatures: string | undefined;
  if (cpuArg !== undefined) {
    cpuModel = cpuArg.split(',')[0];
    const comma = cpuArg.indexOf(',');
    if (comma >= 0) cpuFeatures = cpuArg.slice(comma + 1);
    if (!x86CpuFindModel(cpuModel)) throw new ConfigError(`unable to find CPU model '${cpuModel}'`);
  }
  // -accel / -machine accel= (the first usable one, as configure_accelerators tries them)
  const accels: { name: string; props: Record<string, string>; where: string; full?: string }[] = group(
    'accel',
  ).map((e, i) => {
    const props = flatStrings(e.dict);
    const name = props.accel;
    delete props.accel;
    return { name, props, where: `-accel ${name}`, full: `-accel ${typed('accel', i, e.dict)}` };
  });
  const machAccel = str(machine, 'accel');
  if (machAccel !== undefined)
    for (const n of machAccel.split(':')) accels.push({ name: n, props: {}, where: '-machine accel' });
  if (extra.has('qtest') && accels.length === 0) accels.push({ name: 'qtest', props: {}, where: '-qtest' });
  if (accels.length === 0) accels.push({ name: 'tcg', props: {}, where: '' });
  const accel = accels.find((a) => accelFind(a.name));
  if (!accel) {
    const a = accels[0];
    throw new ConfigError(`${a.where ? `${a.where}: ` : ''}invalid accelerator ${a.name}`);
  }

  const nographic = group('nographic').length > 0;
  const display = group('display').at(-1);
  const nodefaults = group('nodefaults').length > 0;
  let defaultSerial = !nodefaults;
  let defaultMonitor = !nodefaults;

  const chardevs = group('chardev').map((e, i) => {
    const opts = flatStrings(e.dict);
    const mux = opts.mux === 'on';
    delete opts.mux;
    return { opts, mux, where: `-chardev ${typed('chardev', i, e.dict)}` };
  });

  const monitors: MonitorSpec[] = [];
  for (const e of entries) {
    if (e.group === 'monitor') {
      defaultMonitor = false;
      const spec = str(e.dict, 'arg') ?? '';
      if (!spec.startsWith('none'))
        monitors.push({ mode: 'readline', spec, pretty: false, where: `-monitor ${spec}` });
    } else if (e.group === 'qmp' || e.group === 'qmp-pretty') {
      defaultMonitor = false;
      const spec = str(e.dict, 'arg') ?? '';
      monitors.push({
        mode: 'control',
        spec,
        pretty: e.group === 'qmp-pretty',
        where: `-${e.group} ${spec}`,
      });
    } else if (e.group === 'mon') {
      defaultMonitor = false;
      const chardev = str(e.dict, 'chardev');
      const mode = str(e.dict, 'mode') ?? 'readline';
      if (chardev === undefined) throw new ConfigError("-mon: Parameter 'chardev' is missing");
      if (mode !== 'readline' && mode !== 'control')
        throw new ConfigError(`-mon ${describe(e.dict)}: Parameter 'mode' does not accept value '${mode}'`);
      const pretty = str(e.dict, 'pretty');
      monitors.push({ mode, chardev, pretty: pretty === 'on', where: `-mon ${describe(e.dict)}` });
      void typed;
    }
  }
  const serials = plain('serial').map((spec) => ({ spec }));
  if (serials.length) defaultSerial = false;
  if (serials.some((s) => s.spec.startsWith('mon:'))) defaultMonitor = false;
  // vl.c's defaults: -nographic puts serial and monitor on stdio, muxed
  if (nographic) {
    if (defaultSerial && defaultMonitor) serials.push({ spec: 'mon:stdio' });
    else {
      if (defaultSerial) serials.push({ spec: 'stdio' });
      if (defaultMonitor) monitors.push({ mode: 'readline', spec: 'stdio', pretty: false, where: '' });
    }
  } else if (defaultSerial) {
    // -display none (or no display at all): QEMU's "vc" console has nowhere to show
    serials.push({ spec: 'vc:80Cx24C' });
    void display;
  }

  const devices = group('device').map((e, i) => ({
    dict: e.dict,
    json: e.json,
    where: `-device ${typed('device', i, e.dict)}`,
  }));
  const objects = group('object').map((e, i) => ({
    dict: e.dict,
    json: e.json,
    qemuopts: e.qemuopts,
    where: `-object ${typed('object', i, e.dict)}`,
  }));
  const globals = group('global').map((e) => {
    const d = flatStrings(e.dict);
    return { driver: d.driver ?? '', property: d.property ?? '', value: d.value ?? '' };
  });
  const action = group('action').map((e) => flatStrings(e.dict));
  const noReboot = action.some((a) => a.reboot === 'shutdown');
  const noShutdown = action.some((a) => a.shutdown === 'pause');
  const nameEntry = group('name').at(-1);
  const uuid = last('uuid');
  if (
    uuid !== undefined &&
    !/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(uuid)
  )
    throw new ConfigError('Fail to parse UUID string. Wrong format.');
  const rtcEntry = group('rtc').at(-1);
  const logItems = dArgs(plain('d'));
  let logFile = last('D');
  if (logItems.includes('tid')) {
    if (!logFile?.includes('%d')) throw new ConfigError("Filename template with '%d' required for 'tid'");
    // one vCPU thread: the template names one file
    logFile = logFile.replace('%d', String(process.pid));
  }

  return {
    machineType: mc.name,
    ramSize,
    ramSizeGiven,
    memoryBackend: str(machine, 'memory-backend'),
    cpuModel,
    cpuFeatures,
    accel: { name: accel.name, props: accel.props, where: accel.full },
    kernel: str(machine, 'kernel'),
    initrd: str(machine, 'initrd'),
    append: str(machine, 'append'),
    nographic,
    chardevs,
    monitors,
    serials,
    devices,
    objects,
    globals,
    startStopped: group('S').length > 0,
    noReboot,
    noShutdown,
    nodefaults,
    name: nameEntry ? str(nameEntry.dict, 'guest') : undefined,
    uuid: uuid?.toLowerCase(),
    rtc: rtcEntry ? flatStrings(rtcEntry.dict) : undefined,
    logItems,
    logFile,
    qtest: extra.get('qtest'),
    qtestLog: extra.get('qtest-log'),
  };
}

/** The -d items (unknown ones were answered with the usage before). */
function dArgs(args: string[]): string[] {
  const items: string[] = [];
  for (const a of args)
    for (const item of a.split(',')) {
      if (item !== '') items.push(item);
    }
  return items;
}

/** The option's text as the user may have written it (for error locations). */
function describe(d: QDict): string {
  return d
    .entries()
    .map(([k, v]: [string, QObject]) => `${k}=${v instanceof QString ? v.value : String(v)}`)
    .join(',');
}
