// tsemu-ga's process (qga/main.c main()): options, logging, daemonizing, state, channel, signals.
import { spawn } from 'node:child_process';
import { appendFileSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GuestAgent } from './agent.js';
import { type Channel, ChannelError, openChannel } from './channel.js';
import { type AgentConfig, dumpConfig, parseArgs, UsageError, usage } from './options.js';
import { loadQgaSchema } from './schema.js';

const DAEMON_ENV = 'TSEMU_GA_DAEMONIZED';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

type Level = 'critical' | 'warning' | 'info' | 'debug';

/** qemu-ga's log line: `<seconds>.<microseconds>: <level>: <message>`. */
function makeLogger(cfg: AgentConfig): (level: Level, msg: string) => void {
  let fd: number | undefined;
  if (cfg.logfile) {
    try {
      fd = openSync(cfg.logfile, 'a');
    } catch {
      fd = undefined; // qemu-ga falls back to stderr
    }
  }
  return (level, msg) => {
    if (level === 'debug' && !cfg.verbose) return;
    const now = Date.now() * 1000 + Math.floor((performance.now() % 1) * 1000);
    const line = `${Math.floor(now / 1e6)}.${String(now % 1e6).padStart(6, '0')}: ${level}: ${msg}\n`;
    if (fd !== undefined) appendFileSync(fd, line);
    else process.stderr.write(line);
  };
}

/** become_daemon(): the parent starts a detached copy of itself and exits. */
function daemonize(argv: string[]): never {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...argv], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, [DAEMON_ENV]: '1' },
  });
  child.unref();
  process.exit(0);
}

/** Runs tsemu-ga with these arguments; resolves with the exit status once the agent stops. */
export async function main(argv: string[], prog = 'tsemu-ga'): Promise<number> {
  let cfg: AgentConfig;
  try {
    cfg = parseArgs(argv, prog);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    if (err.message.startsWith(`${prog}:`)) {
      // getopt's complaint on stderr, qemu-ga's hint on stdout.
      process.stderr.write(`${err.message}\n`);
      process.stdout.write(`Unknown option, try '${prog} --help' for more information.\n`);
    } else process.stderr.write(`${err.message}\n`);
    return 1;
  }
  const version = packageVersion();
  if (cfg.help) {
    process.stdout.write(usage(prog, version));
    return 0;
  }
  if (cfg.version) {
    process.stdout.write(`tsemu guest agent ${version} (wire compatible with QEMU Guest Agent 7.2)\n`);
    return 0;
  }
  if (cfg.listRpcs) {
    const names = loadQgaSchema()
      .commands()
      .map((c) => c.name);
    process.stdout.write(names.map((n) => `${n}\n`).join(''));
    return 0;
  }
  if (cfg.dumpConf) {
    process.stdout.write(dumpConfig(cfg));
    return 0;
  }
  const log = makeLogger(cfg);
  if (!cfg.path) {
    log('critical', 'must specify a path for this channel');
    return 1;
  }
  if (cfg.daemonize && process.env[DAEMON_ENV] !== '1') daemonize(argv);
  if (cfg.daemonize) {
    try {
      writeFileSync(cfg.pidfile, `${process.pid}\n`);
    } catch (err) {
      log('critical', `Cannot open pid file: ${(err as Error).message}`);
      return 1;
    }
    process.umask(0o077);
    // Paths from the command line are resolved; the daemon then leaves the directory (as qemu-ga).
    if (cfg.method !== 'vsock-listen') cfg.path = resolve(cfg.path);
    process.chdir('/');
  }

  let agent: GuestAgent;
  try {
    agent = new GuestAgent({
      statedir: cfg.statedir,
      blockRpcs: cfg.blockRpcs,
      allowRpcs: cfg.allowRpcs,
      fsfreezeHook: cfg.fsfreezeHook,
      log: (level, msg) => log(level, msg),
    });
  } catch (err) {
    log('critical', (err as Error).message);
    log('critical', 'failed to load persistent state');
    log('critical', 'error initializing guest agent');
    return 1;
  }
  log('debug', `Guest agent version ${version} started`);
  for (const c of agent.registry.list()) if (!c.enabled) log('debug', `disabling command: ${c.name}`);

  let channel: Channel;
  try {
    channel = await openChannel(cfg.method, cfg.path, cfg.retryPath, {
      onOpen: (conn) => agent.serve(conn),
      onClose: () => log('debug', 'received EOF'),
    });
  } catch (err) {
    log(
      'critical',
      err instanceof ChannelError ? err.message : `error opening channel: ${(err as Error).message}`,
    );
    log('critical', 'failed to create guest agent channel');
    log('critical', 'failed to initialize guest agent channel');
    return 1;
  }

  return new Promise<number>((resolve) => {
    const stop = (sig: string): void => {
      log('debug', `received signal ${sig}, stopping`);
      agent.close();
      void channel.close().then(() => {
        if (cfg.daemonize) rmSync(cfg.pidfile, { force: true });
        resolve(0);
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
