/**
 * tsemu-system-x86_64 put together (QEMU's softmmu/vl.c qemu_init + main loop): chardevs and
 * monitors from the command line, the `pc` machine, the accelerator's loop, QMP/HMP on the running
 * machine, the run-state machine and signals.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { type AccelState, accelNew, QtestServer, RoundRobinVcpuLoop, TcgAccelState } from '@tsemu/accel';
import {
  type Chardev,
  ChardevRegistry,
  chardevBackendFromOpts,
  registerChardevCommands,
} from '@tsemu/chardev';
import { chardevQomRemove, type PcCpuLog, pcWasmRamAllocator } from '@tsemu/hw-pc';
import {
  type HostMemoryBackend,
  hostmemSetRamAllocator,
  setGuestErrorLogger,
  TYPE_MEMORY_BACKEND,
} from '@tsemu/memory';
import { CommandRegistry, EventEmitter, QapiError } from '@tsemu/qapi';
import {
  clockSetManual,
  infoQtree,
  objectDynamicCast,
  objectResolvePathType,
  qdevDeviceAdd,
  qdevPropRegisterGlobal,
  qdevSetMachineReady,
  registerQdevCommands,
  userCreatableAdd,
} from '@tsemu/qdev';
import { HmpTerminal, HumanMonitor, type MonitorIoAccess, QmpServer, registerCoreCommands } from '@tsemu/qmp';
import { parseLegacyChardev, typedChardevOpts } from './chardev-spec.js';
import { type EmulatorConfig, LOG_ITEMS_UNTRACED, type MonitorSpec } from './config.js';
import { cpuLogState } from './cpu-log.js';
import { registerConfigCommands } from './live-config.js';
import { buildMachine, chardevFrontend, chardevToQom, type Machine } from './machine.js';
import { ObjectCreateError, objectAddFromOpts } from './object-opts.js';
import { Runstate, type ShutdownCause } from './runstate.js';
import { systemSchema } from './schema.js';

export const PROGNAME = 'tsemu-system-x86_64';
export const VERSION = { qemu: { major: 7, minor: 2, micro: 22 }, package: ' (tsemu)' };

export class StartupError extends Error {}

export interface EmulatorHost {
  stderr(text: string): void;
  exit(status: number): void;
  /** install SIGINT/SIGTERM/SIGHUP handlers (off in tests that run in-process) */
  signals?: boolean;
}

export class Emulator {
  readonly chardevs: ChardevRegistry;
  readonly registry = new CommandRegistry(systemSchema());
  readonly events: EventEmitter;
  readonly server: QmpServer;
  readonly hmp = new HumanMonitor();
  readonly runstate: Runstate;
  machine: Machine | undefined;
  loop: RoundRobinVcpuLoop | undefined;
  accel: AccelState | undefined;
  private monitorCount = 0;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    readonly cfg: EmulatorConfig,
    private readonly host: EmulatorHost,
  ) {
    // every chardev is /chardevs/<id> in QOM, whichever way it came (QEMU's qemu_chardev_new)
    this.chardevs = new ChardevRegistry({
      onQuit: () => this.runstate.shutdownRequest('host-ui'),
      added: (chr) => chardevToQom(chr),
      removed: (chr) => chardevQomRemove(chr.label),
      replaced: (old, chr) => {
        chardevQomRemove(old.label);
        chardevToQom(chr);
      },
    });
    this.server = new QmpServer({ registry: this.registry, version: VERSION });
    this.events = new EventEmitter(this.registry.schema, (ev) => this.server.broadcast(ev));
    this.runstate = new Runstate(
      {
        resumeVcpus: () => this.loop?.resume(),
        pauseVcpus: () => this.loop?.pause(),
        resetMachine: (cause) => this.machine?.reset(cause),
        emit: (name, data) => this.events.emit(name, data),
        exit: (status) => this.exit(status),
        report: (text) => this.host.stderr(`${PROGNAME}: ${text}\n`),
      },
      { rebootShutdown: cfg.noReboot, shutdownPause: cfg.noShutdown },
    );
  }

  /** qemu_init: everything up to the machine running (or waiting in prelaunch under -S). */
  async start(): Promise<void> {
    const cfg = this.cfg;
    try {
      this.accel = accelNew(cfg.accel.name, cfg.accel.props);
    } catch (e) {
      throw new StartupError(cfg.accel.where ? `${cfg.accel.where}: ${errText(e)}` : errText(e));
    }
    const qtest = this.accel.accelName === 'qtest';
    if (qtest) clockSetManual(true);

    // -chardev, then the monitors and serial ports (qemu_create_early/late_backends)
    for (const c of cfg.chardevs) {
      try {
        const { id, backend } = chardevBackendFromOpts(typedChardevOpts(c.opts));
        await this.addChardev(id, backend, c.mux);
      } catch (e) {
        throw new StartupError(`${c.where}: ${errText(e)}`);
      }
    }
    for (const m of cfg.monitors) await this.addMonitor(m);
    const serialChrs: (Chardev | undefined)[] = [];
    for (const [i, spec] of cfg.serials.entries()) {
      const id = await this.legacyChardev(`serial${i}`, spec.spec, true, () => {
        throw new StartupError(`could not connect serial device to character backend '${spec.spec}'`);
      });
      serialChrs[i] = id ? this.chardevs.get(id) : undefined;
    }
    let qtestChr: Chardev | undefined;
    if (cfg.qtest !== undefined) {
      const id = await this.legacyChardev('qtest', cfg.qtest, false, () => {
        throw new StartupError(`Failed to initialize device for qtest: "${cfg.qtest}"`);
      });
      qtestChr = id ? this.chardevs.get(id) : undefined;
    }

    // globals, objects, the machine and its devices
    for (const g of cfg.globals) qdevPropRegisterGlobal(g);
    const tcg = this.accel instanceof TcgAccelState ? this.accel : undefined;
    // memory backends made after the accelerator, as QEMU's: one may become the guest's RAM, which the
    // wasm backend needs in a WebAssembly memory
    hostmemSetRamAllocator(tcg?.backend === 'wasm' ? pcWasmRamAllocator : undefined);
    try {
      for (const o of cfg.objects) {
        try {
          // a config file's [object] is keyval (dotted keys nest), the command line's a QemuOpts
          if (o.qemuopts) objectAddFromOpts(o.dict);
          else userCreatableAdd(o.dict, !o.json);
        } catch (e) {
          // QEMU reports errors of creation (setters, completion) without the option's location
          if (e instanceof ObjectCreateError) throw new StartupError(errText(e));
          throw new StartupError(`${o.where}: ${errText(e)}`);
        }
      }
    } finally {
      // object-add's backends cannot become the machine's RAM: ordinary memory for them
      hostmemSetRamAllocator(undefined);
    }
    // qemu_resolve_machine_memdev
    let ramBackend: HostMemoryBackend | undefined;
    let ramSize = cfg.ramSize;
    if (cfg.memoryBackend !== undefined) {
      const found = objectResolvePathType(cfg.memoryBackend, TYPE_MEMORY_BACKEND).obj;
      ramBackend = objectDynamicCast<HostMemoryBackend>(found, TYPE_MEMORY_BACKEND);
      if (!ramBackend) throw new StartupError(`Memory backend '${cfg.memoryBackend}' not found`);
      if (!cfg.ramSizeGiven) ramSize = Number(ramBackend.size);
    }
    const logWrite = this.logSink();
    this.machine = buildMachine({
      cfg,
      serial: serialChrs,
      // qtest runs no vCPU: no WebAssembly memory for it
      backend: tcg?.backend ?? 'js',
      ramSize,
      ramBackend,
      tbSizeMiB: tcg?.tbSize || undefined,
      // -accel tcg,compile-threshold applies to the chosen backend's compiler
      jsThreshold: tcg?.backend !== 'wasm' ? tcg?.compileThreshold : undefined,
      wasmThreshold: tcg?.backend === 'wasm' ? tcg?.compileThreshold : undefined,
      log: logWrite ? this.cpuLog(logWrite) : undefined,
      warn: (msg) => this.host.stderr(`${PROGNAME}: ${msg}\n`),
      onResetRequest: (cause) => this.runstate.resetRequest(cause),
      onShutdownRequest: (cause) => this.runstate.shutdownRequest(cause),
    });
    // -device: still part of machine creation (phase before machine-ready: no hotplug), then the
    // qemu_system_reset of qemu_machine_creation_done with every device present
    qdevSetMachineReady(false);
    for (const d of cfg.devices) {
      try {
        qdevDeviceAdd(d.dict, d.json);
      } catch (e) {
        throw new StartupError(`${d.where}: ${errText(e)}`);
      }
    }
    qdevSetMachineReady(true);
    if (cfg.devices.length) this.machine.reset('none');
    this.registerCommands();
    // the main loop keeps the process alive whatever the vCPU and chardevs are doing
    const keepAlive = setInterval(() => {}, 1 << 30);
    this.cleanups.push(() => clearInterval(keepAlive));

    if (qtest) {
      if (qtestChr) this.startQtest(qtestChr);
      // qtest's vCPUs never run; the machine is "running" with a manual clock
      this.runstate.vmStart();
      return;
    }
    const m = this.machine;
    this.loop = new RoundRobinVcpuLoop({
      cpus: [m.cpu],
      onReset: () => this.runstate.resetRequest('guest-reset'),
      onError: (e) => {
        this.host.stderr(
          `${PROGNAME}: emulation failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
        );
        this.host.stderr(m.cpu.dumpState());
        this.runstate.vmStop('internal-error');
      },
    });
    m.onInterrupt = () => this.loop?.wake();
    if (logWrite) this.setupLogging(m, logWrite);
    if (process.env.TSEMU_LOOP_STATS) {
      const t = setInterval(() => {
        const l = this.loop as RoundRobinVcpuLoop;
        this.host.stderr(
          `[loop] slices=${l.slices} sleeps=${l.sleeps} insns=${m.cpu.exec.insnCount} halted=${m.cpu.env.halted}\n`,
        );
      }, 2000);
      t.unref();
    }
    m.onRequest = () => this.loop?.exitRequest();
    if (this.host.signals) this.installSignals();
    if (!cfg.startStopped) this.runstate.vmStart();
  }

  private async addChardev(
    id: string,
    backend: Parameters<ChardevRegistry['add']>[1],
    mux: boolean,
  ): Promise<Chardev> {
    let chr: Chardev;
    if (mux) {
      await this.chardevs.add(`${id}-base`, backend);
      chr = await this.chardevs.add(id, { type: 'mux', data: { chardev: `${id}-base` } });
    } else chr = await this.chardevs.add(id, backend);
    return chr;
  }

  /** qemu_chr_new for a legacy spec; returns the chardev id, or undefined for "none". */
  private async legacyChardev(
    label: string,
    spec: string,
    monitorOnMux: boolean,
    fail: () => never,
  ): Promise<string | undefined> {
    const parsed = parseLegacyChardev(spec);
    if (!parsed) fail();
    if (parsed.kind === 'none') return undefined;
    if (parsed.kind === 'existing') {
      if (!this.chardevs.get(parsed.id)) fail();
      return parsed.id;
    }
    const chr = await this.addChardev(label, parsed.backend, parsed.mux);
    if (parsed.mux && monitorOnMux) this.startHmp(chr);
    return chr.label;
  }

  private async addMonitor(m: MonitorSpec): Promise<void> {
    let chr: Chardev | undefined;
    if (m.chardev !== undefined) {
      chr = this.chardevs.get(m.chardev);
      if (!chr) throw new StartupError(`${m.where}: Chardev '${m.chardev}' not found`);
    } else {
      const label = `compat_monitor${this.monitorCount++}`;
      const id = await this.legacyChardev(label, m.spec as string, false, () => {
        throw new StartupError(`${m.where}: could not connect monitor to character backend '${m.spec}'`);
      });
      if (!id) return;
      chr = this.chardevs.get(id);
    }
    if (!chr) return;
    if (m.mode === 'control') this.server.addMonitor(chr, { pretty: m.pretty });
    else this.startHmp(chr);
  }

  private startHmp(chr: Chardev): void {
    new HmpTerminal(chr, this.hmp, {
      banner: `QEMU ${VERSION.qemu.major}.${VERSION.qemu.minor}.${VERSION.qemu.micro} monitor - type 'help' for more information`,
      registers: () => this.machine?.registers(),
    });
  }

  private startQtest(chr: Chardev): void {
    const m = this.machine as Machine;
    const log = this.cfg.qtestLog;
    const logWrite =
      log === undefined
        ? (l: string) => this.host.stderr(`${l}\n`)
        : log === 'none'
          ? undefined
          : (l: string) => writeFileSync(log, `${l}\n`, { flag: 'a' });
    const qt = new QtestServer({
      target: {
        ioRead: (p, s) => m.io.ioRead(p, s),
        ioWrite: (p, s, v) => m.io.ioWrite(p, s, v),
        memRead: (a, n) => m.memRead(a, n),
        memWrite: (a, d) => m.memWrite(a, d),
      },
      send: (t) => void be.writeAll(t),
      log: logWrite,
    });
    const be = chardevFrontend(chr, {
      canReceive: () => 1024,
      receive: (d) => qt.feed(d),
      opened: () => qt.opened(),
    });
  }

  private registerCommands(): void {
    const m = this.machine as Machine;
    const rs = this.runstate;
    const io: MonitorIoAccess = m.io;
    registerCoreCommands({
      registry: this.registry,
      hmp: this.hmp,
      version: VERSION,
      io,
      chardevs: () => this.chardevs.query().map((c) => ({ label: c.label, filename: c.filename })),
      machine: {
        status: () => ({ running: rs.running, singlestep: false, status: rs.state }),
        stop: () => rs.vmStop('paused'),
        cont: () => {
          try {
            rs.cont();
          } catch (e) {
            throw new QapiError(errText(e), 'GenericError');
          }
        },
        systemReset: () => rs.resetRequest('host-qmp-system-reset'),
        systemPowerdown: () => rs.powerdownRequest(),
        quit: () => rs.shutdownRequest('host-qmp-quit'),
        name: () => this.cfg.name,
        uuid: () => this.cfg.uuid ?? '00000000-0000-0000-0000-000000000000',
      },
    });
    registerQdevCommands(this.registry, this.events);
    registerChardevCommands(this.registry, this.chardevs);
    registerConfigCommands(this.registry, this.hmp, () => this.cfg.options);
    this.registry.register('query-cpus-fast', () => [
      {
        'cpu-index': 0,
        'qom-path': m.cpuQomPath,
        'thread-id': process.pid,
        props: { 'core-id': 0, 'thread-id': 0, 'socket-id': 0 },
        target: 'x86_64',
      },
    ]);
    this.registry.register('query-pci', () => m.queryPci());
    const info = (name: string, help: string, text: () => string) =>
      this.hmp.registerInfo({ name, params: '', help, args: [], handler: (ctx) => ctx.print(text()) });
    info('registers', 'show the cpu registers', () => m.cpu.dumpState());
    info('qtree', 'show device tree', () => infoQtree());
    info('mtree', 'show memory tree', () => m.infoMtree());
    info('pci', 'show PCI info', () => m.infoPci());
    info('pic', 'show PIC state', () => m.infoPic());
    info('jit', 'show dynamic compiler info', () => m.cpu.exec.infoJit());
  }

  /** -D file (appended, as QEMU opens it) or stderr; undefined without -d items. */
  private logSink(): ((text: string) => void) | undefined {
    if (!this.cfg.logItems.length) return undefined;
    const file = this.cfg.logFile;
    if (file) {
      try {
        // truncated, as QEMU opens it at startup
        writeFileSync(file, '');
      } catch (e) {
        throw new StartupError(`could not open log file '${file}': ${errText(e)}`);
      }
      return (text: string) => appendFileSync(file, text);
    }
    return (text: string) => this.host.stderr(text);
  }

  /** -d in_asm, int, cpu: the CPU's sinks, given to the machine as it creates the CPU. */
  private cpuLog(write: (text: string) => void): PcCpuLog {
    const items = new Set(this.cfg.logItems);
    return {
      inAsm: items.has('in_asm') ? write : undefined,
      // the numbered delivery line is followed by the state, as QEMU's do_interrupt_all logs it
      int: items.has('int')
        ? (line, env) => write(/^ *\d+: v=/.test(line) ? `${line}\n${cpuLogState(env)}` : `${line}\n`)
        : undefined,
      cpu: items.has('cpu') ? (env) => write(cpuLogState(env, items.has('fpu'))) : undefined,
    };
  }

  /** -d op, op_opt, out_asm, exec (the executor's items) and guest_errors (memory dispatch). */
  private setupLogging(m: Machine, write: (text: string) => void): void {
    const items = new Set(this.cfg.logItems);
    m.cpu.exec.log = {
      op: items.has('op'),
      opOpt: items.has('op_opt'),
      outAsm: items.has('out_asm'),
      exec: items.has('exec'),
      write,
    };
    if (items.has('guest_errors')) {
      setGuestErrorLogger((msg) => write(`${msg}\n`));
      this.cleanups.push(() => setGuestErrorLogger(undefined));
    }
    for (const it of items)
      if (LOG_ITEMS_UNTRACED.has(it))
        this.host.stderr(`${PROGNAME}: warning: -d ${it} is not traced by tsemu\n`);
  }

  private installSignals(): void {
    const handler = (sig: NodeJS.Signals) => {
      this.runstate.killed(sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1);
    };
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.on(s, handler);
      this.cleanups.push(() => process.off(s, handler));
    }
  }

  /** qemu_cleanup and exit */
  private exit(status: number): void {
    this.loop?.pause();
    for (const c of this.cleanups.splice(0)) c();
    this.chardevs.closeAll();
    this.machine?.destroy();
    this.host.exit(status);
  }

  /** The shutdown path for tests and ^C: request, as QEMU's qemu_system_shutdown_request. */
  requestShutdown(cause: ShutdownCause): void {
    this.runstate.shutdownRequest(cause);
  }
}

export function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
