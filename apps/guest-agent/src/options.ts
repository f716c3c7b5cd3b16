// qemu-ga's command line and its GKeyFile config: -c FILE, then the command line on top; -D dumps the result.
import { readFileSync } from 'node:fs';

export type Method = 'unix-listen' | 'virtio-serial' | 'isa-serial' | 'vsock-listen';
export const METHODS: readonly Method[] = ['unix-listen', 'virtio-serial', 'isa-serial', 'vsock-listen'];

export interface AgentConfig {
  method: Method;
  path?: string;
  logfile?: string;
  pidfile: string;
  fsfreezeHook?: string;
  statedir: string;
  verbose: boolean;
  daemonize: boolean;
  retryPath: boolean;
  blockRpcs: string[];
  allowRpcs?: string[];
  dumpConf: boolean;
  configFile?: string;
  /** -b help / --block-rpcs=help: list the commands and exit. */
  listRpcs: boolean;
  help: boolean;
  version: boolean;
}

export const DEFAULT_PATHS: Record<Method, string | undefined> = {
  'virtio-serial': '/dev/virtio-ports/org.qemu.guest_agent.0',
  'isa-serial': '/dev/ttyS0',
  'unix-listen': undefined,
  'vsock-listen': '-1:1',
};

export class UsageError extends Error {}

interface OptionSpec {
  short?: string;
  long: string;
  arg: 'none' | 'required' | 'optional';
}

const OPTIONS: OptionSpec[] = [
  { short: 'm', long: 'method', arg: 'required' },
  { short: 'p', long: 'path', arg: 'required' },
  { short: 'l', long: 'logfile', arg: 'required' },
  { short: 'f', long: 'pidfile', arg: 'required' },
  { short: 'F', long: 'fsfreeze-hook', arg: 'optional' },
  { short: 't', long: 'statedir', arg: 'required' },
  { short: 'v', long: 'verbose', arg: 'none' },
  { short: 'V', long: 'version', arg: 'none' },
  { short: 'd', long: 'daemonize', arg: 'none' },
  { short: 'b', long: 'block-rpcs', arg: 'required' },
  { short: 'a', long: 'allow-rpcs', arg: 'required' },
  { short: 'D', long: 'dump-conf', arg: 'none' },
  { short: 'r', long: 'retry-path', arg: 'none' },
  { short: 'c', long: 'config', arg: 'required' },
  { short: 'h', long: 'help', arg: 'none' },
];

const DEFAULT_FSFREEZE_HOOK = '/etc/qemu/fsfreeze-hook';

export function defaultConfig(): AgentConfig {
  return {
    method: 'virtio-serial',
    pidfile: '/var/run/qemu-ga.pid',
    statedir: '/var/run',
    verbose: false,
    daemonize: false,
    retryPath: false,
    blockRpcs: [],
    dumpConf: false,
    listRpcs: false,
    help: false,
    version: false,
  };
}

/** getopt_long-style scanning: -x ARG, -xARG, --long ARG, --long=ARG, bundled flags, "--" ends options. */
export function scanArgs(argv: string[], prog: string): [OptionSpec, string | undefined][] {
  const out: [OptionSpec, string | undefined][] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq === -1 ? undefined : eq);
      const matches = OPTIONS.filter((o) => o.long.startsWith(name));
      const spec = OPTIONS.find((o) => o.long === name) ?? (matches.length === 1 ? matches[0] : undefined);
      if (!spec) {
        throw new UsageError(
          matches.length > 1
            ? `${prog}: option '${a}' is ambiguous`
            : `${prog}: unrecognized option '${a.split('=')[0]}'`,
        );
      }
      if (spec.arg === 'none') {
        if (eq !== -1) throw new UsageError(`${prog}: option '--${spec.long}' doesn't allow an argument`);
        out.push([spec, undefined]);
      } else if (eq !== -1) out.push([spec, a.slice(eq + 1)]);
      else if (spec.arg === 'optional') out.push([spec, undefined]);
      else if (i + 1 < argv.length) out.push([spec, argv[++i]]);
      else throw new UsageError(`${prog}: option '--${spec.long}' requires an argument`);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!;
        const spec = OPTIONS.find((o) => o.short === ch);
        if (!spec) throw new UsageError(`${prog}: invalid option -- '${ch}'`);
        if (spec.arg === 'none') {
          out.push([spec, undefined]);
          continue;
        }
        const rest = a.slice(j + 1);
        if (rest) out.push([spec, rest]);
        else if (spec.arg === 'optional') out.push([spec, undefined]);
        else if (i + 1 < argv.length) out.push([spec, argv[++i]]);
        else throw new UsageError(`${prog}: option requires an argument -- '${ch}'`);
        break;
      }
    }
    // qemu-ga takes no operands; getopt leaves them and qemu-ga ignores them.
  }
  return out;
}

function splitList(s: string): string[] {
  return s.split(',').filter(Boolean);
}

/** Parses GKeyFile text: [group] headers, key=value lines, # comments; lists separated by ';' or ','. */
export function parseKeyFile(text: string, file: string): Map<string, Map<string, string>> {
  const groups = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  text.split('\n').forEach((raw) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const g = /^\[([^\]]+)\]$/.exec(line);
    if (g) {
      current = groups.get(g[1]!) ?? new Map();
      groups.set(g[1]!, current);
      return;
    }
    const kv = /^([^=[\]]+?)\s*=\s*(.*)$/.exec(line);
    if (!kv || !current)
      throw new UsageError(
        `error loading configuration from path: ${file}, Key file contains line “${raw}” which is not a key-value pair, group, or comment`,
      );
    current.set(kv[1]!, kv[2]!);
  });
  return groups;
}

function keyFileBool(v: string, key: string, file: string): boolean {
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new UsageError(
    `error loading configuration from path: ${file}, Key file contains key “${key}” which has a value that cannot be interpreted.`,
  );
}

function applyConfigFile(cfg: AgentConfig, file: string): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return; // qemu-ga silently ignores a missing config file
  }
  const general = parseKeyFile(text, file).get('general');
  if (!general) return;
  for (const [key, v] of general) {
    switch (key) {
      case 'daemon':
        cfg.daemonize = keyFileBool(v, key, file);
        break;
      case 'method':
        cfg.method = v as Method;
        break;
      case 'path':
        cfg.path = v;
        break;
      case 'logfile':
        cfg.logfile = v;
        break;
      case 'pidfile':
        cfg.pidfile = v;
        break;
      case 'fsfreeze-hook':
        cfg.fsfreezeHook = v;
        break;
      case 'statedir':
        cfg.statedir = v;
        break;
      case 'verbose':
        cfg.verbose = keyFileBool(v, key, file);
        break;
      case 'retry-path':
        cfg.retryPath = keyFileBool(v, key, file);
        break;
      case 'block-rpcs':
        // A plain string split at ',' (not a GKeyFile list), kept in split_list()'s reversed order.
        cfg.blockRpcs = splitList(v).reverse();
        break;
      case 'allow-rpcs':
        cfg.allowRpcs = v.split(/[;,]/).filter(Boolean);
        break;
    }
  }
}

export function parseArgs(argv: string[], prog = 'tsemu-ga', env = process.env): AgentConfig {
  const cfg = defaultConfig();
  const opts = scanArgs(argv, prog);
  // A config file comes first; command-line options override it (-c or QGA_CONF).
  const configOpt = opts.find(([s]) => s.long === 'config');
  cfg.configFile = configOpt?.[1] ?? env.QGA_CONF ?? '/etc/qemu/qemu-ga.conf';
  applyConfigFile(cfg, cfg.configFile);
  for (const [spec, arg] of opts) {
    switch (spec.long) {
      case 'method':
        cfg.method = arg as Method;
        break;
      case 'path':
        cfg.path = arg;
        break;
      case 'logfile':
        cfg.logfile = arg;
        break;
      case 'pidfile':
        cfg.pidfile = arg!;
        break;
      case 'fsfreeze-hook':
        cfg.fsfreezeHook = arg ?? DEFAULT_FSFREEZE_HOOK;
        break;
      case 'statedir':
        cfg.statedir = arg!;
        break;
      case 'verbose':
        cfg.verbose = true;
        break;
      case 'version':
        cfg.version = true;
        break;
      case 'daemonize':
        cfg.daemonize = true;
        break;
      case 'block-rpcs':
        if (arg === 'help' || arg === '?') cfg.listRpcs = true;
        // split_list() prepends, so each option's names come out reversed, after the config file's.
        else cfg.blockRpcs.push(...splitList(arg!).reverse());
        break;
      case 'allow-rpcs':
        if (arg === 'help' || arg === '?') cfg.listRpcs = true;
        else cfg.allowRpcs = [...(cfg.allowRpcs ?? []), ...splitList(arg!)];
        break;
      case 'dump-conf':
        cfg.dumpConf = true;
        break;
      case 'retry-path':
        cfg.retryPath = true;
        break;
      case 'help':
        cfg.help = true;
        break;
    }
  }
  if (!METHODS.includes(cfg.method)) throw new UsageError(`invalid method: ${cfg.method}`);
  if (cfg.path === undefined) cfg.path = DEFAULT_PATHS[cfg.method];
  if (!cfg.statedir.startsWith('/'))
    throw new UsageError(`statedir must be an absolute path: ${cfg.statedir}`);
  return cfg;
}

/** The [general] group as -D prints it, keys in qemu-ga's order. */
export function dumpConfig(cfg: AgentConfig): string {
  const lines = ['[general]', `daemon=${cfg.daemonize}`, `method=${cfg.method}`];
  if (cfg.path !== undefined) lines.push(`path=${cfg.path}`);
  if (cfg.logfile !== undefined) lines.push(`logfile=${cfg.logfile}`);
  lines.push(`pidfile=${cfg.pidfile}`);
  if (cfg.fsfreezeHook !== undefined) lines.push(`fsfreeze-hook=${cfg.fsfreezeHook}`);
  lines.push(`statedir=${cfg.statedir}`, `verbose=${cfg.verbose}`, `retry-path=${cfg.retryPath}`);
  // qemu-ga writes the key even for an empty list.
  lines.push(`block-rpcs=${cfg.blockRpcs.join(',')}`);
  if (cfg.allowRpcs?.length) lines.push(`allow-rpcs=${cfg.allowRpcs.join(',')}`);
  return `${lines.join('\n')}\n`;
}

/** --help: qemu-ga's text, option for option, plus -a and -c (which qemu-ga 7.2 lacks). */
export function usage(prog: string, version: string): string {
  return `Usage: ${prog} [-m <method> -p <path>] [<options>]
tsemu guest agent ${version} (wire compatible with QEMU Guest Agent 7.2)

  -m, --method      transport method: one of unix-listen, virtio-serial,
                    isa-serial, or vsock-listen (virtio-serial is the default)
  -p, --path        device/socket path (the default for virtio-serial is:
                    ${DEFAULT_PATHS['virtio-serial']},
                    the default for isa-serial is:
                    ${DEFAULT_PATHS['isa-serial']}).
                    Socket addresses for vsock-listen are written as
                    <cid>:<port>.
  -l, --logfile     set logfile path, logs to stderr by default
  -f, --pidfile     specify pidfile (default is /var/run/qemu-ga.pid)
  -F, --fsfreeze-hook
                    enable fsfreeze hook. Accepts an optional argument that
                    specifies script to run on freeze/thaw. Script will be
                    called with 'freeze'/'thaw' arguments accordingly.
                    (default is ${DEFAULT_FSFREEZE_HOOK})
                    If using -F with an argument, do not follow -F with a
                    space.
                    (for example: -F/var/run/fsfreezehook.sh)
  -t, --statedir    specify dir to store state information (absolute paths
                    only, default is /var/run)
  -v, --verbose     log extra debugging information
  -V, --version     print version information and exit
  -d, --daemonize   become a daemon
  -b, --block-rpcs  comma-separated list of RPCs to disable (no spaces,
                    use "help" to list available RPCs)
  -a, --allow-rpcs  comma-separated list of RPCs to enable (no spaces,
                    use "help" to list available RPCs)
  -D, --dump-conf   dump a qemu-ga config file based on current config
                    options / command-line parameters to stdout
  -r, --retry-path  attempt re-opening path if it's unavailable or closed
                    due to an error which may be recoverable in the future
                    (virtio-serial driver re-install, serial device hot
                    plug/unplug, etc.)
  -c, --config      read the configuration from this file ([general] group;
                    default is $QGA_CONF, or /etc/qemu/qemu-ga.conf)
  -h, --help        display this help and exit

`;
}
