/**
 * The emulator's view of the board: @tsemu/hw-pc's `pc` machine, with what the monitors, qtest and
 * the vCPU loop need from it (port and memory access, info texts, reset, interrupt wake-ups).
 */
import { CharBackend, type Chardev, ChrEvent, type ChrFrontendHandlers } from '@tsemu/chardev';
import {
  chardevQomAdd,
  createPcMachine,
  type PcCpuLog,
  type PcMachine,
  type ShutdownCause as PcShutdownCause,
  pcInfoPic,
} from '@tsemu/hw-pc';
import { type HostMemoryBackend, mtreeInfo } from '@tsemu/memory';
import { objectGetCanonicalPath } from '@tsemu/qdev';
import type { MonitorIoAccess } from '@tsemu/qmp';
import type { X86CPU } from '@tsemu/target-i386';
import type { EmulatorConfig } from './config.js';
import type { ShutdownCause } from './runstate.js';

export interface Machine {
  pc: PcMachine;
  cpu: X86CPU;
  cpuQomPath: string;
  io: MonitorIoAccess;
  memRead(addr: bigint, length: number): Uint8Array;
  memWrite(addr: bigint, data: Uint8Array): void;
  reset(cause: ShutdownCause): void;
  queryPci(): unknown;
  infoPci(): string;
  infoPic(): string;
  infoMtree(): string;
  registers(): (name: string) => bigint | undefined;
  destroy(): void;
  /** the CPU's INTR went up (qemu_cpu_kick: wake a halted vCPU loop) */
  onInterrupt?: () => void;
  /** a device asked for reset/shutdown: end the running slice */
  onRequest?: () => void;
}

export interface BuildMachineOptions {
  cfg: EmulatorConfig;
  /** COM1..COM4 backends (-serial) */
  serial: readonly (Chardev | undefined)[];
  backend: 'interp' | 'js' | 'wasm';
  /** the RAM size (a memory backend's when -m is not given) and that backend */
  ramSize: number;
  ramBackend?: HostMemoryBackend;
  /** -accel tcg,tb-size=N */
  tbSizeMiB?: number;
  /** -accel tcg,compile-threshold=N */
  jsThreshold?: number;
  wasmThreshold?: number;
  /** -d in_asm / int / cpu */
  log?: PcCpuLog;
  /** warnings while the board is built (QEMU's warn_report: "warning: ...") */
  warn?: (message: string) => void;
  onResetRequest(cause: ShutdownCause): void;
  onShutdownRequest(cause: ShutdownCause): void;
}

const REGS = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'];

export function buildMachine(o: BuildMachineOptions): Machine {
  const { cfg } = o;
  const pc = createPcMachine({
    machine: cfg.machineType,
    ramSize: o.ramSize,
    ramBackend: o.ramBackend,
    cpuModel: cfg.cpuModel,
    cpuFeatures: cfg.cpuFeatures,
    warn: o.warn,
    kernel: cfg.kernel,
    initrd: cfg.initrd,
    append: cfg.append,
    serial: o.serial,
    nodefaults: cfg.nodefaults,
    backend: o.backend,
    tbSizeMiB: o.tbSizeMiB,
    jsThreshold: o.jsThreshold,
    wasmThreshold: o.wasmThreshold,
    log: o.log,
  });
  const cpu = pc.cpu;
  const mem = pc.addressSpaceMemory;
  const ioAs = pc.addressSpaceIo;
  const memRead = (addr: bigint, length: number) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = mem.read8(Number(BigInt.asUintN(32, addr + BigInt(i))));
    return out;
  };
  const machine: Machine = {
    pc,
    cpu,
    cpuQomPath: '/machine/unattached/device[0]',
    io: {
      ioRead: (port, size) =>
        size === 1
          ? ioAs.read8(port & 0xffff)
          : size === 2
            ? ioAs.read16(port & 0xffff)
            : ioAs.read32(port & 0xffff),
      ioWrite: (port, size, v) =>
        size === 1
          ? ioAs.write8(port & 0xffff, v & 0xff)
          : size === 2
            ? ioAs.write16(port & 0xffff, v & 0xffff)
            : ioAs.write32(port & 0xffff, v >>> 0),
      physRead: (addr, length) => memRead(addr, length),
    },
    memRead,
    memWrite: (addr, data) => {
      for (let i = 0; i < data.length; i++) mem.write8(Number(BigInt.asUintN(32, addr + BigInt(i))), data[i]);
    },
    reset: (cause) => pc.reset(cause as PcShutdownCause),
    queryPci: () => pc.queryPci(),
    infoPci: () => pc.infoPci(),
    infoPic: () => {
      const master = pc.state.pic;
      if (!master?.slave) return '';
      return pcInfoPic({ master, slave: master.slave });
    },
    infoMtree: () => mtreeInfo(),
    registers: () => (name: string) => {
      const env = cpu.env;
      const i = REGS.indexOf(name.toLowerCase());
      if (i >= 0) return BigInt(env.regs[i] >>> 0);
      if (name === 'eip' || name === 'pc') return BigInt((env.segs[1].base + env.eip) >>> 0);
      return undefined;
    },
    destroy: () => pc.destroy(),
  };
  try {
    machine.cpuQomPath = objectGetCanonicalPath(cpu as never) ?? machine.cpuQomPath;
  } catch {
    // the CPU is not a QOM object yet: QEMU's path for the first vCPU of a pc machine
  }
  // qemu_cpu_kick on INTR
  const setIrq = cpu.setIrq.bind(cpu);
  cpu.setIrq = (level: boolean) => {
    setIrq(level);
    if (level) machine.onInterrupt?.();
  };
  pc.onResetRequest = (cause) => {
    o.onResetRequest(cause as ShutdownCause);
    machine.onRequest?.();
  };
  pc.onShutdownRequest = (cause) => {
    o.onShutdownRequest(cause as ShutdownCause);
    machine.onRequest?.();
  };
  return machine;
}

/** Every chardev is also /chardevs/<id> in the QOM tree, where devices' `chardev` properties look. */
export function chardevToQom(chr: Chardev): void {
  chardevQomAdd(chr);
}

/** A front end on a chardev (qemu_chr_fe_init + set_handlers). */
export function chardevFrontend(
  chr: Chardev,
  h: { canReceive(): number; receive(d: Uint8Array): void; opened?(): void },
): CharBackend {
  const be = new CharBackend(chr);
  const handlers: ChrFrontendHandlers = {
    canReceive: h.canReceive,
    receive: h.receive,
    event: (ev) => {
      if (ev === ChrEvent.OPENED) h.opened?.();
    },
  };
  be.setHandlers(handlers);
  return be;
}
