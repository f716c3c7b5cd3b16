/**
 * qemu-system-x86_64's command line as QEMU 7.2's softmmu/vl.c consumes it: which option goes
 * to which option group, with which syntax (QemuOpts, keyval, JSON), and the legacy options
 * that vl.c rewrites into groups (-hda → drive, -kernel → machine, -no-reboot → action ...).
 *
 * The result is a QemuConfiguration: every option group instance in command-line order, each as
 * the QDict QEMU builds from it. It can be written as a -readconfig file and read back.
 */
import { QDict, QString } from '@tsemu/qobject';
import { type ParsedOption, parseArgv, type QemuOptionDef } from './argv.js';
import { ConfigFileError, type ConfigFileSection, parseConfigFile, writeConfigFile } from './config-file.js';
import { KeyvalError, keyvalMerge, keyvalParse, parseJSONOrKeyval } from './keyval.js';
import { type QemuOpts, QemuOptsError, QemuOptsList, type QemuOptsListInit } from './opts.js';
import { qemuOptsToQDict } from './qdict.js';

/** The QemuOpts groups vl.c registers (qemu_add_opts), with their implied keys and merging. */
export const QEMU_OPTS_GROUPS: readonly QemuOptsListInit[] = [
  { name: 'drive' },
  { name: 'chardev', impliedOptName: 'backend' },
  { name: 'device', impliedOptName: 'driver' },
  { name: 'netdev', impliedOptName: 'type' },
  { name: 'nic', impliedOptName: 'type' },
  { name: 'net', impliedOptName: 'type' },
  { name: 'rtc', mergeLists: true },
  {
    name: 'global',
    desc: [
      { name: 'driver', type: 'string' },
      { name: 'property', type: 'string' },
      { name: 'value', type: 'string' },
    ],
  },
  { name: 'mon', impliedOptName: 'chardev' },
  { name: 'trace', impliedOptName: 'enable' },
  { name: 'option-rom', impliedOptName: 'romfile' },
  { name: 'accel', impliedOptName: 'accel' },
  {
    name: 'memory',
    impliedOptName: 'size',
    mergeLists: true,
    desc: [
      { name: 'size', type: 'size' },
      { name: 'slots', type: 'number' },
      { name: 'maxmem', type: 'size' },
    ],
  },
  { name: 'add-fd' },
  { name: 'object', impliedOptName: 'qom-type' },
  { name: 'tpmdev', impliedOptName: 'type' },
  { name: 'overcommit', mergeLists: true },
  { name: 'msg', mergeLists: true },
  { name: 'name', impliedOptName: 'guest', mergeLists: true },
  { name: 'numa', impliedOptName: 'type' },
  { name: 'icount', impliedOptName: 'shift', mergeLists: true },
  { name: 'semihosting-config', impliedOptName: 'enable', mergeLists: true },
  { name: 'fw_cfg', impliedOptName: 'name' },
  { name: 'action', mergeLists: true },
  { name: 'sandbox', impliedOptName: 'enable', mergeLists: true },
  { name: 'spice', mergeLists: true },
  { name: 'vnc', impliedOptName: 'vnc' },
  { name: 'fsdev', impliedOptName: 'fsdriver' },
  { name: 'virtfs', impliedOptName: 'fsdriver' },
  { name: 'plugin', impliedOptName: 'file' },
  { name: 'iscsi' },
  { name: 'smbios', impliedOptName: 'type' },
  { name: 'acpitable' },
];

/** How vl.c handles one option. */
export type OptionHandling =
  /** qemu_opts_parse_noisily(group, arg, true) */
  | { kind: 'opts'; group: string; permitAbbrev?: boolean }
  /** JSON when the argument starts with '{', else QemuOpts (-device, -object, -netdev) */
  | { kind: 'opts-json'; group: string }
  /**
   * qobject_input_visitor_new_str: JSON or keyval with an implied key (-blockdev, -audiodev,
   * -display); a "help" key is an error, except that helpArg options take a lone "help"
   */
  | { kind: 'keyval'; group: string; implied?: string; helpArg?: boolean }
  /** keyval_parse_into(machine_opts_dict, arg, "type") */
  | { kind: 'machine' }
  /** machine_parse_property_opt: keyval with the group's implied key, merged as machine.<prop> */
  | { kind: 'machine-prop'; prop: string; implied: string }
  /** qdict_put_str(machine_opts_dict, key, arg or value) */
  | { kind: 'machine-key'; key: string; value?: string }
  /** drive_add(): a drive group instance built from the file name */
  | { kind: 'drive'; opts: string; iface?: string; index?: number }
  /** a fixed QemuOpts string for the group (-enable-kvm, -no-reboot, -no-shutdown) */
  | { kind: 'opts-fixed'; group: string; params: string }
  | { kind: 'set' }
  | { kind: 'global' }
  | { kind: 'readconfig' }
  /** options that are not option groups in QEMU: kept as a group of their own name, {arg: value} */
  | { kind: 'plain' };

export interface QemuSystemOption extends QemuOptionDef {
  handling: OptionHandling;
}

const o = (name: string, handling: OptionHandling, hasArg = true): QemuSystemOption => ({
  name,
  hasArg,
  handling,
});
const flag = (name: string, handling: OptionHandling = { kind: 'plain' }) => o(name, handling, false);
const plain = (name: string) => o(name, { kind: 'plain' });
const opts = (name: string, group = name) => o(name, { kind: 'opts', group });

/** qemu-system-x86_64's options (qemu-options.hx), with vl.c's handling of each. */
export const QEMU_SYSTEM_OPTIONS: readonly QemuSystemOption[] = [
  o('machine', { kind: 'machine' }),
  o('M', { kind: 'machine' }),
  opts('accel'),
  o('enable-kvm', { kind: 'opts-fixed', group: 'accel', params: 'kvm' }, false),
  o('m', { kind: 'opts', group: 'memory' }),
  o('smp', { kind: 'machine-prop', prop: 'smp', implied: 'cpus' }),
  o('boot', { kind: 'machine-prop', prop: 'boot', implied: 'order' }),
  plain('cpu'),
  opts('numa'),
  o('device', { kind: 'opts-json', group: 'device' }),
  o('object', { kind: 'opts-json', group: 'object' }),
  o('netdev', { kind: 'opts-json', group: 'netdev' }),
  opts('nic'),
  opts('net'),
  opts('chardev'),
  opts('drive'),
  o('blockdev', { kind: 'keyval', group: 'blockdev', implied: 'driver' }),
  o('audiodev', { kind: 'keyval', group: 'audiodev', implied: 'driver', helpArg: true }),
  o('display', { kind: 'keyval', group: 'display', implied: 'type', helpArg: true }),
  o('compat', { kind: 'keyval', group: 'compat' }),
  opts('fsdev'),
  opts('virtfs'),
  o('hda', { kind: 'drive', opts: 'media=disk', index: 0 }),
  o('hdb', { kind: 'drive', opts: 'media=disk', index: 1 }),
  o('hdc', { kind: 'drive', opts: 'media=disk', index: 2 }),
  o('hdd', { kind: 'drive', opts: 'media=disk', index: 3 }),
  o('cdrom', { kind: 'drive', opts: 'media=cdrom', index: 2 }),
  o('fda', { kind: 'drive', opts: '', iface: 'floppy', index: 0 }),
  o('fdb', { kind: 'drive', opts: '', iface: 'floppy', index: 1 }),
  o('pflash', { kind: 'drive', opts: '', iface: 'pflash' }),
  o('mtdblock', { kind: 'drive', opts: '', iface: 'mtd' }),
  o('sd', { kind: 'drive', opts: '', iface: 'sd' }),
  o('kernel', { kind: 'machine-key', key: 'kernel' }),
  o('initrd', { kind: 'machine-key', key: 'initrd' }),
  o('append', { kind: 'machine-key', key: 'append' }),
  o('dtb', { kind: 'machine-key', key: 'dtb' }),
  o('bios', { kind: 'machine-key', key: 'firmware' }),
  flag('usb', { kind: 'machine-key', key: 'usb', value: 'on' }),
  flag('no-hpet', { kind: 'machine-key', key: 'hpet', value: 'off' }),
  flag('no-acpi', { kind: 'machine-key', key: 'acpi', value: 'off' }),
  flag('no-reboot', { kind: 'opts-fixed', group: 'action', params: 'reboot=shutdown' }),
  flag('no-shutdown', { kind: 'opts-fixed', group: 'action', params: 'shutdown=pause' }),
  opts('action'),
  opts('rtc'),
  opts('name'),
  o('global', { kind: 'global' }),
  o('set', { kind: 'set' }),
  o('readconfig', { kind: 'readconfig' }),
  opts('mon'),
  opts('icount'),
  opts('overcommit'),
  opts('msg'),
  opts('sandbox'),
  opts('spice'),
  opts('vnc'),
  opts('fw_cfg'),
  opts('tpmdev'),
  opts('trace'),
  opts('plugin'),
  opts('smbios'),
  opts('acpitable'),
  opts('add-fd'),
  opts('iscsi'),
  opts('option-rom'),
  opts('semihosting-config'),
  ...[
    'uuid',
    'k',
    'vga',
    'serial',
    'parallel',
    'monitor',
    'qmp',
    'qmp-pretty',
    'debugcon',
    'gdb',
    'd',
    'D',
    'L',
    'pidfile',
    'incoming',
    'loadvm',
    'mem-path',
    'watchdog-action',
    'usbdevice',
    'device-tree',
    'echr',
    'prom-env',
    'chroot',
    'runas',
    'run-with',
    'async-teardown',
    'dfilter',
    'seed',
    'xen-domid',
  ].map(plain),
  ...[
    'nographic',
    'nodefaults',
    'no-user-config',
    'S',
    's',
    'snapshot',
    'daemonize',
    'mem-prealloc',
    'full-screen',
    'no-quit',
    'sdl',
    'curses',
    'enable-sync-profile',
    'only-migratable',
    'preconfig',
    'h',
    'help',
    'version',
    'win2k-hack',
    'no-fd-bootchk',
  ].map((n) => flag(n)),
];

/** One option group instance: the group, and the QDict QEMU builds from it. */
export interface ConfigEntry {
  group: string;
  dict: QDict;
  /** given as JSON: values keep their JSON types */
  json: boolean;
  /**
   * a QemuOpts (command line, -set): flat keys, read as QEMU's options visitor reads them; else a
   * keyval dict (-readconfig sections of keyval groups: dotted keys crumpled into nested values)
   */
  qemuopts?: boolean;
}

export class QemuCommandLineError extends Error {
  /** the error points into a config file, not at the command-line option */
  readonly inFile: boolean;
  constructor(message: string, inFile = false) {
    super(message);
    this.inFile = inFile;
  }

  /** The line QEMU prints: "prog: -opt arg: message", or "prog:file:line: message" for a config file. */
  format(progname = 'qemu-system-x86_64'): string {
    return this.inFile ? `${progname}:${this.message}` : `${progname}: ${this.message}`;
  }
}

/** Reads a -readconfig file's text; the default refuses (no file system access in the library). */
export type ReadFile = (path: string) => string;

/** The keyval-based groups vl.c does not treat as QemuOpts (is_qemuopts_group == false). */
const KEYVAL_CONFIG_GROUPS = new Set([
  'object',
  'machine',
  'smp-opts',
  'audiodev',
  'blockdev',
  'display',
  'compat',
]);

/**
 * Every option group instance of a qemu-system command line, in order. QemuOpts groups live in
 * their QemuOptsList (merge-lists groups, -set and ids behave as QEMU's); the machine options
 * are the one keyval dict vl.c calls machine_opts_dict.
 */
export class QemuConfiguration {
  readonly lists = new Map<string, QemuOptsList>();
  /** entries in order; QemuOpts-backed ones are resolved from their QemuOpts when read */
  private readonly items: ({ kind: 'opts'; opts: QemuOpts } | { kind: 'dict'; entry: ConfigEntry })[] = [];
  private machineEntry: ConfigEntry | undefined;
  private readonly seen = new Set<QemuOpts>();

  constructor() {
    for (const g of QEMU_OPTS_GROUPS) this.lists.set(g.name, new QemuOptsList(g));
  }

  /** qemu_find_opts_err */
  findList(group: string): QemuOptsList {
    const l = this.lists.get(group);
    if (!l) throw new QemuOptsError(`There is no option group '${group}'`);
    return l;
  }

  /** the entries, each group instance once, in first-appearance order */
  get entries(): ConfigEntry[] {
    return this.items.map((it) =>
      it.kind === 'opts'
        ? { group: it.opts.list.name, dict: qemuOptsToQDict(it.opts), json: false, qemuopts: true }
        : it.entry,
    );
  }

  /** machine_opts_dict */
  get machine(): QDict {
    return this.machineEntry?.dict ?? new QDict();
  }

  /** instances of one group */
  group(name: string): ConfigEntry[] {
    return this.entries.filter((e) => e.group === name);
  }

  addOpts(opts: QemuOpts): void {
    if (this.seen.has(opts)) return;
    this.seen.add(opts);
    this.items.push({ kind: 'opts', opts });
  }

  addDict(group: string, dict: QDict, json: boolean): void {
    this.items.push({ kind: 'dict', entry: { group, dict, json } });
  }

  /** keyval_merge into machine_opts_dict */
  mergeMachine(dict: QDict): void {
    if (!this.machineEntry) {
      this.machineEntry = { group: 'machine', dict: new QDict(), json: false };
      this.items.push({ kind: 'dict', entry: this.machineEntry });
    }
    keyvalMerge(this.machineEntry.dict, dict);
  }

  /** The -readconfig text of the whole configuration. */
  writeConfig(): string {
    return writeConfigFile(this.sections());
  }

  /**
   * The sections writeConfig writes, in order: for an embedder that writes some groups from
   * elsewhere (the emulator writes -device/-object from its live QOM tree) with writeConfigFile.
   */
  sections(): ConfigFileSection[] {
    return this.items.map((it) => {
      if (it.kind === 'dict') return it.entry;
      const group = it.opts.list.name;
      const dict = qemuOptsToQDict(it.opts);
      // groups read back as keyval dicts are written in content order, like any dict
      if (KEYVAL_CONFIG_GROUPS.has(group)) return { group, dict };
      const keys = it.opts.opts.map((o) => o.name).filter((k, i, all) => all.indexOf(k) === i);
      return { group, dict, keys };
    });
  }

  /** Apply a -readconfig file (qemu_read_config_file with vl.c's qemu_parse_config_group). */
  readConfig(text: string, fname = '<config>'): void {
    for (const sec of parseConfigFile(text, fname)) {
      try {
        if (sec.group === 'machine') {
          this.mergeMachine(crumple(sec.dict));
        } else if (KEYVAL_CONFIG_GROUPS.has(sec.group) || !this.lists.has(sec.group)) {
          if (!KEYVAL_CONFIG_GROUPS.has(sec.group) && !PLAIN_GROUPS.has(sec.group)) {
            throw new QemuOptsError(`There is no option group '${sec.group}'`);
          }
          this.addDict(sec.group, crumple(sec.dict), false);
        } else {
          // qemu_opts_from_qdict, in file order so that writing it again gives the same text
          const list = this.findList(sec.group);
          const id = sec.dict.get('id');
          const opts = list.create(id instanceof QString ? id.value : undefined, true);
          for (const k of sec.order) if (k !== 'id') opts.set(k, (sec.dict.get(k) as QString).value);
          this.addOpts(opts);
        }
      } catch (e) {
        if (e instanceof QemuOptsError || e instanceof KeyvalError) {
          const at = sec.reportLine === undefined ? undefined : `${fname}:${sec.reportLine}`;
          throw new ConfigFileError(e.message, at, true);
        }
        throw e;
      }
    }
  }
}

const PLAIN_GROUPS = new Set(
  QEMU_SYSTEM_OPTIONS.filter((d) => d.handling.kind === 'plain').map((d) => d.name),
);

/** qdict_crumple for string-valued flat dicts: dotted keys into nested dicts and lists */
function crumple(flat: QDict): QDict {
  const out = new QDict();
  const text = flat
    .entries()
    .map(([k, v]) => `${k}=${(v as QString).value.replace(/,/g, ',,')}`)
    .join(',');
  return text === '' ? out : keyvalParse(text, undefined, false).dict;
}

/** qemu_global_option */
function globalOption(list: QemuOptsList, str: string, warn?: (m: string) => void): QemuOpts {
  const m = /^([^.=]{1,63})\.([^=]{1,63})=/.exec(str);
  if (m) {
    const opts = list.create(undefined, false);
    opts.set('driver', m[1]);
    opts.set('property', m[2]);
    opts.set('value', str.slice(m[0].length));
    return opts;
  }
  return list.parse(str, false, warn).opts!;
}

/** qemu_set_option */
function setOption(cfg: QemuConfiguration, str: string): void {
  const m = /^([^.]{1,63})\.([^.]{1,63})\.([^=]{1,63})=/.exec(str);
  if (!m) throw new QemuOptsError(`can't parse: "${str}"`);
  const [, group, id, arg] = m;
  if (KEYVAL_CONFIG_GROUPS.has(group)) throw new QemuOptsError(`-set is not supported with ${group}`);
  cfg.findList(group).setOption(id, arg, str.slice(m[0].length));
}

export interface ParseCommandLineOptions {
  /** for -readconfig */
  readFile?: ReadFile;
  /** called for "help" requests (e.g. `-device e1000,help`) instead of failing */
  onHelp?: (option: string, arg: string) => void;
  /** warnings, with QEMU's "-option arg: warning: " prefix (e.g. short-form booleans) */
  onWarning?: (message: string) => void;
}

/**
 * Parse a qemu-system-x86_64 argv (without argv[0]) into its configuration. Errors carry
 * QEMU's "-option arg: " location prefix.
 */
export function parseQemuCommandLine(
  argv: readonly string[],
  options: ParseCommandLineOptions = {},
): QemuConfiguration {
  const cfg = new QemuConfiguration();
  const byName = new Map(QEMU_SYSTEM_OPTIONS.map((d) => [d.name, d]));
  for (const p of parseArgv(argv, QEMU_SYSTEM_OPTIONS)) {
    const def = byName.get(p.name);
    const where = p.arg === undefined ? `-${p.name}` : `-${p.name} ${p.arg}`;
    const warn = options.onWarning ? (m: string) => options.onWarning!(`${where}: warning: ${m}`) : undefined;
    try {
      applyOption(cfg, def, p, options, warn);
    } catch (e) {
      // errors inside a -readconfig file replace the command-line location (loc_push_none)
      if (e instanceof ConfigFileError && e.fromFile) throw new QemuCommandLineError(e.message, !!e.location);
      if (e instanceof QemuOptsError || e instanceof KeyvalError || e instanceof ConfigFileError) {
        throw new QemuCommandLineError(`${where}: ${e.message}`);
      }
      throw e;
    }
  }
  return cfg;
}

function applyOption(
  cfg: QemuConfiguration,
  def: QemuSystemOption | undefined,
  p: ParsedOption,
  options: ParseCommandLineOptions,
  warn: ((message: string) => void) | undefined,
): void {
  const arg = p.arg ?? '';
  // parseArgv only yields options of the table (a bare word is -hda)
  const h = def!.handling;
  switch (h.kind) {
    case 'opts':
    case 'opts-json': {
      if (h.kind === 'opts-json' && arg.startsWith('{')) {
        const r = parseJSONOrKeyval(arg);
        cfg.addDict(h.group, r.dict, true);
        return;
      }
      const list = cfg.findList(h.group);
      const r = list.parse(arg, h.kind === 'opts-json' || (h.permitAbbrev ?? true), warn);
      if (r.helpWanted) {
        options.onHelp?.(p.name, arg);
        return;
      }
      cfg.addOpts(r.opts!);
      return;
    }
    case 'opts-fixed': {
      const r = cfg.findList(h.group).parse(h.params, h.group === 'accel');
      cfg.addOpts(r.opts!);
      return;
    }
    case 'keyval': {
      if (h.helpArg && (arg === 'help' || arg === '?')) {
        options.onHelp?.(p.name, arg);
        return;
      }
      const r = arg.startsWith('{') ? parseJSONOrKeyval(arg) : keyvalParse(arg, h.implied, false);
      cfg.addDict(h.group, r.dict, arg.startsWith('{'));
      return;
    }
    case 'machine': {
      const r = keyvalParse(arg, 'type');
      if (r.help) {
        options.onHelp?.(p.name, arg);
        return;
      }
      cfg.mergeMachine(r.dict);
      return;
    }
    case 'machine-prop': {
      const r = keyvalParse(arg, h.implied);
      if (r.help) {
        options.onHelp?.(p.name, arg);
        return;
      }
      cfg.mergeMachine(new QDict().put(h.prop, r.dict));
      return;
    }
    case 'machine-key':
      cfg.mergeMachine(new QDict().put(h.key, new QString(h.value ?? arg)));
      return;
    case 'drive': {
      // drive_add: QemuOpts from the fixed string, then if=, index= and file=
      const list = cfg.findList('drive');
      const r = list.parse(h.opts, false);
      const d = r.opts!;
      if (h.iface) d.set('if', h.iface);
      if (h.index !== undefined) d.set('index', String(h.index));
      d.set('file', arg);
      cfg.addOpts(d);
      return;
    }
    case 'global':
      cfg.addOpts(globalOption(cfg.findList('global'), arg, warn));
      return;
    case 'set':
      setOption(cfg, arg);
      return;
    case 'readconfig': {
      if (!options.readFile) throw new QemuOptsError(`Could not open '${arg}': No such file or directory`);
      let text: string;
      try {
        text = options.readFile(arg);
      } catch {
        throw new QemuOptsError(`Could not open '${arg}': No such file or directory`);
      }
      cfg.readConfig(text, arg);
      return;
    }
    case 'plain':
      cfg.addDict(
        p.name,
        p.arg === undefined ? new QDict() : new QDict().put('arg', new QString(p.arg)),
        false,
      );
      return;
  }
}
