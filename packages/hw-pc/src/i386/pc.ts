/**
 * The `pc` machine (hw/i386/pc.c, pc_piix.c, x86.c): RAM split below/above 4 GiB, the i440FX host
 * bridge with PIIX3 and its sibling functions, the ISA devices of pc_basic_device_init, serial
 * ports, the CPU, CMOS contents, direct Linux / multiboot boot, and reset.
 */
import { readFileSync } from 'node:fs';
import type { Chardev } from '@tsemu/chardev';
import {
  type AddressSpace,
  type HostMemoryBackend,
  type HostmemRamAllocator,
  MemoryRegion,
  memoryMapInit,
  type SystemMemory,
} from '@tsemu/memory';
import {
  cpuGetTicks,
  type IRQState,
  objectDynamicCast,
  objectGetCanonicalPath,
  objectGetRoot,
  objectNew,
  objectPropertyAddChild,
  objectPropertyFind,
  objectPropertySetLink,
  objectResolvePath,
  objectUnparent,
  objectUnref,
  QomObject,
  qdevDeviceAdd,
  qdevNew,
  qdevPropSet,
  qdevRealizeAndUnref,
  qdevResetAll,
  qdevResetGlobals,
  qdevSetMachineReady,
  qemuAllocateIrq,
  qemuSetIrq,
  typeRegister,
} from '@tsemu/qdev';
import {
  type CPUX86State,
  CR0_PE_MASK,
  cpu_set_ignne,
  cpu_x86_load_seg_cache,
  cpu_x86_update_cr0,
  DESC_A_MASK,
  DESC_B_MASK,
  DESC_CS_MASK,
  DESC_G_MASK,
  DESC_P_MASK,
  DESC_R_MASK,
  DESC_S_MASK,
  DESC_W_MASK,
  R_CS,
  R_DS,
  R_EAX,
  R_EBP,
  R_EBX,
  R_EDI,
  R_ES,
  R_ESI,
  R_FS,
  R_GS,
  R_SS,
  SYSTEM_JS_THRESHOLD,
  SYSTEM_WASM_BATCH,
  SYSTEM_WASM_THRESHOLD,
  WasmArena,
  X86CPU,
  x86CpuApplyOption,
  x86CpuParseOption,
  x86CpuReset,
} from '@tsemu/target-i386';

import { serialHdsIsaInit } from '../char/serial-isa.js';
import { i8042Init, i8042SetupA20Line } from '../input/pckbd.js';
import { i8259Init, type PICCommonState, picReadIrq } from '../intc/i8259.js';
import { type IOAPICCommonState, ioapicInitGsi } from '../intc/ioapic.js';
import type { ISABus } from '../isa/isa-bus.js';
import { type PIIX3State, piix3Init, TYPE_PIIX3_DEVICE } from '../isa/piix3.js';
import { pcA20Lines } from '../misc/a20.js';
import { port92Init } from '../misc/port92.js';
import { fwCfgArchCreate, fwCfgMachineReady } from '../nvram/fw_cfg.js';
import { PCI_DEVFN, type PCIBus, type PCIDevice } from '../pci/pci.js';
import { hmpInfoPci, type PciInfo, qmpQueryPci } from '../pci/pci-info.js';
import { i440fxInit, type PCII440FXState } from '../pci-host/i440fx.js';
import { TYPE_PIIX3_IDE, TYPE_PIIX4_PM } from '../pci-host/piix-functions.js';
import { mc146818RtcInit, type RTCState } from '../rtc/mc146818rtc.js';
import { pcCmosInit, pcCmosInitLate } from '../rtc/pc-cmos.js';
import { i8254PitInit, type PITCommonState } from '../timer/i8254.js';
import { type PCSpkState, pcspkInit, TYPE_PC_SPEAKER } from '../timer/pcspk.js';
import { type E820Entry, pcE820Table } from './e820.js';
import { ioportRead, ioportWrite } from './ioport.js';
import { findMultibootHeader, loadMultiboot, MULTIBOOT_BOOTLOADER_MAGIC } from './multiboot.js';
import { qemuSetRunstateHandler, type ShutdownCause } from './runstate.js';
import { isLinuxBzImage, LoaderError, x86LoadLinux } from './x86-linux.js';

/** The CPU's QOM type suffix in tsemu-system-x86_64 (QEMU's X86_CPU_TYPE_SUFFIX there). */
const X86_CPU_TYPE_SUFFIX = '-x86_64-cpu';

export const TYPE_MACHINE = 'machine';
export const TYPE_X86_MACHINE = 'x86-machine';
export const TYPE_PC_MACHINE = 'generic-pc-machine';
export const MACHINE_TYPE_SUFFIX = '-machine';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export class MachineState extends QomObject {
  ramSize = 128 * MiB;
  kernelFilename: string | undefined;
  initrdFilename: string | undefined;
  kernelCmdline = '';
  cpuType = 'qemu32';
}

export interface MachineClass {
  name: string;
  alias?: string;
  desc: string;
  isDefault: boolean;
  defaultCpuType: string;
  defaultRamId: string;
  maxCpus: number;
  deprecationReason?: string;
}

export class PCMachineState extends MachineState {
  belowFourG = 0;
  aboveFourG = 0;
  sys: SystemMemory | undefined;
  ram: MemoryRegion | undefined;
  pci: MemoryRegion | undefined;
  pciBus: PCIBus | undefined;
  i440fx: PCII440FXState | undefined;
  piix3: PIIX3State | undefined;
  isaBus: ISABus | undefined;
  /** the 24 GSIs (0-15 also reach the PIC) */
  gsi: IRQState[] = [];
  ioapic: IOAPICCommonState | undefined;
  pic: PICCommonState | undefined;
  pit: PITCommonState | undefined;
  rtc: RTCState | undefined;
  cpu: X86CPU | undefined;
}

typeRegister({ name: TYPE_MACHINE, parent: 'object', abstract: true, instance: MachineState });
typeRegister({ name: TYPE_X86_MACHINE, parent: TYPE_MACHINE, abstract: true, instance: PCMachineState });
typeRegister({ name: TYPE_PC_MACHINE, parent: TYPE_X86_MACHINE, abstract: true, instance: PCMachineState });

const machineClasses = new Map<string, MachineClass>();

/** The i440FX machine versions, newest first; `pc` is the newest's alias. */
const PC_I440FX_VERSIONS = ['7.2', '7.1', '7.0', '6.2', '6.1', '6.0'];
for (const [i, v] of PC_I440FX_VERSIONS.entries()) {
  const mc: MachineClass = {
    name: `pc-i440fx-${v}`,
    desc: 'Standard PC (i440FX + PIIX, 1996)',
    isDefault: i === 0,
    defaultCpuType: 'qemu32',
    defaultRamId: 'pc.ram',
    maxCpus: 255,
  };
  if (i === 0) mc.alias = 'pc';
  machineClasses.set(mc.name, mc);
  typeRegister({ name: `${mc.name}${MACHINE_TYPE_SUFFIX}`, parent: TYPE_PC_MACHINE });
}

/** The machine types (query-machines' view). */
export function pcMachineClasses(): MachineClass[] {
  return [...machineClasses.values()];
}

/** find_machine: by name or alias. */
export function findMachineClass(name: string): MachineClass | undefined {
  for (const mc of machineClasses.values()) if (mc.name === name || mc.alias === name) return mc;
  return undefined;
}

export interface PcMachineOptions {
  /** machine type name or alias (default `pc`) */
  machine?: string;
  /** RAM in bytes (default 128 MiB) */
  ramSize?: number;
  /** -machine memory-backend=id: the backend whose region is the guest's RAM (its size = ramSize) */
  ramBackend?: HostMemoryBackend;
  cpuModel?: string;
  /** QEMU's -cpu features after the model: `+feat`, `-feat`, `feat=on|off`, `prop=value` */
  cpuFeatures?: string;
  /** where warnings go (QEMU's warn_report; default stderr) */
  warn?: (message: string) => void;
  kernel?: string;
  initrd?: string;
  append?: string;
  /** backends of COM1..COM4 (-serial); undefined entries leave the port out */
  serial?: readonly (Chardev | undefined)[];
  /** -device option dicts, created after the board */
  devices?: readonly unknown[];
  /** -nodefaults: no default devices (the pc's built-in ones stay, as QEMU) */
  nodefaults?: boolean;
  /**
   * TCG backend for the CPU (default wasm). wasm puts the machine's RAM in a WebAssembly memory: a memory
   * backend's RAM must have come from pcWasmRamAllocator, and the RAM must fit in 4 GiB of it; otherwise
   * the CPU runs on js, with a warning.
   */
  backend?: 'interp' | 'js' | 'wasm';
  /** TB cache bound in MiB (-accel tcg,tb-size=N); default tcg's */
  tbSizeMiB?: number;
  /** js backend (and TBs the wasm backend leaves to it): interpreted runs before compilation (-accel tcg,compile-threshold=N; default SYSTEM_JS_THRESHOLD) */
  jsThreshold?: number;
  /** wasm backend: TBs run this many times before WebAssembly (default SYSTEM_WASM_THRESHOLD) */
  wasmThreshold?: number;
  /** -d in_asm / int / cpu sinks (absent: that item is off) */
  log?: PcCpuLog;
  /** read files (tests may serve images from memory) */
  readFile?: (path: string) => Uint8Array;
}

/** The CPU's -d items: text blocks for in_asm, raw lines for int, the state before each TB for cpu. */
export interface PcCpuLog {
  /** each translated block's "IN:" disassembly */
  inAsm?: (text: string) => void;
  /** "Servicing hardware INT=", "check_exception old:" and the numbered delivery lines, as they happen */
  int?: (line: string, env: CPUX86State) => void;
  /** before each executed TB (the CPU then runs TB by TB) */
  cpu?: (env: CPUX86State) => void;
}

export interface PcMachine {
  state: PCMachineState;
  cpu: X86CPU;
  sys: SystemMemory;
  addressSpaceMemory: AddressSpace;
  addressSpaceIo: AddressSpace;
  pciBus: PCIBus;
  isaBus: ISABus;
  /** qemu_system_reset: devices, CPU, and the boot state again */
  reset(cause?: ShutdownCause): void;
  /** reset/shutdown requests from devices and the CPU */
  onResetRequest?: (cause: ShutdownCause) => void;
  onShutdownRequest?: (cause: ShutdownCause) => void;
  queryPci(): PciInfo[];
  infoPci(): string;
  destroy(): void;
}

/** the WebAssembly memories pcWasmRamAllocator made, by their buffer */
const wasmRamArenas = new WeakMap<ArrayBufferLike, WasmArena>();
/** those a machine has put its CPU state in (an arena's header space is never freed) */
const wasmRamArenasUsed = new WeakSet<WasmArena>();

/** A WasmArena around `ramSize` bytes of RAM, or undefined when WebAssembly memory cannot hold them. */
function wasmArenaTry(ramSize: number): WasmArena | undefined {
  try {
    return new WasmArena({ ramSize });
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

/**
 * hostmemSetRamAllocator's allocator for the wasm TCG backend: a memory-backend-ram's RAM in a WebAssembly
 * memory (a WasmArena), so that the backend can become the RAM of a machine running on wasm. Leaves
 * share=on backends (a SharedArrayBuffer) and sizes past 4 GiB to the ordinary allocation.
 */
export const pcWasmRamAllocator: HostmemRamAllocator = (backend, size) => {
  if (backend.share) return undefined;
  const arena = wasmArenaTry(size);
  if (!arena) return undefined;
  wasmRamArenas.set(arena.buffer, arena);
  return arena.ram;
};

/** pc_memory_init: RAM below/above 4 GiB, the PCI hole, BIOS and option ROM areas. */
function pcMemoryInit(
  m: PCMachineState,
  sys: SystemMemory,
  backend?: HostMemoryBackend,
  arena?: WasmArena,
): void {
  const ram = backend?.getMemory() ?? MemoryRegion.ram('pc.ram', m.ramSize, { owner: m, host: arena?.ram });
  m.ram = ram;
  const lowmem = 0xe0000000;
  // pc_init1: above lowmem, RAM moves above 4 GiB
  m.belowFourG = Math.min(m.ramSize, lowmem);
  m.aboveFourG = m.ramSize - m.belowFourG;
  sys.systemMemory.addSubregion(0, MemoryRegion.alias('ram-below-4g', ram, 0, m.belowFourG, { owner: m }));
  if (m.aboveFourG > 0)
    sys.systemMemory.addSubregion(
      4 * GiB,
      MemoryRegion.alias('ram-above-4g', ram, m.belowFourG, m.aboveFourG, { owner: m }),
    );
  const pci = new MemoryRegion('pci', 2n ** 64n, { owner: m });
  m.pci = pci;
  sys.systemMemory.addSubregionOverlap(0, pci, -1);
  // x86_bios_rom_init without a firmware image: 256 KiB of empty flash, its last 128 KiB at 0xe0000
  const bios = MemoryRegion.rom('pc.bios', 256 * 1024, { owner: m });
  const isaBios = MemoryRegion.alias('isa-bios', bios, 0x20000, 0x20000, { owner: m });
  isaBios.setReadonly(true);
  const optionRom = MemoryRegion.rom('pc.rom', 0x20000, { owner: m });
  pci.addSubregionOverlap(0xc0000, optionRom, 1);
  pci.addSubregionOverlap(0xe0000, isaBios, 1);
  pci.addSubregion(0xfffc0000, bios);
}

const FLAT_CODE =
  DESC_G_MASK | DESC_B_MASK | DESC_P_MASK | DESC_S_MASK | DESC_CS_MASK | DESC_R_MASK | DESC_A_MASK;
const FLAT_DATA = DESC_G_MASK | DESC_B_MASK | DESC_P_MASK | DESC_S_MASK | DESC_W_MASK | DESC_A_MASK;
export const BOOT_GDT_ADDR = 0x500;

/** A flat 32-bit protected-mode CPU with a GDT in RAM: code at `cs`, data at `ds` (selectors). */
function enterProtectedMode(cpu: X86CPU, ram: Uint8Array, cs: number, ds: number, eip: number): void {
  const env = cpu.env;
  const dv = new DataView(ram.buffer, ram.byteOffset, ram.byteLength);
  const n = Math.max(cs, ds) / 8 + 1;
  ram.fill(0, BOOT_GDT_ADDR, BOOT_GDT_ADDR + n * 8);
  const put = (sel: number, flags: number) => {
    dv.setUint32(BOOT_GDT_ADDR + sel, 0x0000ffff, true);
    dv.setUint32(BOOT_GDT_ADDR + sel + 4, (flags | 0x000f0000) >>> 0, true);
  };
  put(cs, FLAT_CODE);
  put(ds, FLAT_DATA);
  env.gdt.base = BOOT_GDT_ADDR;
  env.gdt.limit = n * 8 - 1;
  cpu_x86_update_cr0(env, env.cr[0] | CR0_PE_MASK);
  // the hidden flags as a load from the GDT leaves them: the descriptor's high dword, limit 19:16 too
  cpu_x86_load_seg_cache(env, R_CS, cs, 0, 0xffffffff, FLAT_CODE | 0x000f0000);
  for (const seg of [R_DS, R_ES, R_SS, R_FS, R_GS])
    cpu_x86_load_seg_cache(env, seg, ds, 0, 0xffffffff, FLAT_DATA | 0x000f0000);
  env.eflags &= ~0x200; // IF off
  env.eip = eip >>> 0;
  env.regs.fill(0);
}

interface BootImages {
  kernel: Uint8Array;
  initrd?: Uint8Array;
  modules?: { data: Uint8Array; cmdline: string }[];
}

function readBootImages(m: PCMachineState, read: (p: string) => Uint8Array): BootImages | undefined {
  if (!m.kernelFilename) {
    if (m.initrdFilename) throw new LoaderError('qemu: -initrd cannot be used without -kernel');
    if (m.kernelCmdline) throw new LoaderError('qemu: -append cannot be used without -kernel');
    return undefined;
  }
  let kernel: Uint8Array;
  try {
    kernel = read(m.kernelFilename);
  } catch (e) {
    throw new LoaderError(`qemu: could not open kernel file '${m.kernelFilename}': ${errText(e)}`);
  }
  if (!isLinuxBzImage(kernel) && findMultibootHeader(kernel) >= 0) {
    const modules = (m.initrdFilename ? m.initrdFilename.split(',') : []).map((spec) => {
      const file = spec.trim().split(' ')[0];
      try {
        return { data: read(file), cmdline: spec.trim() };
      } catch (e) {
        throw new LoaderError(`Failed to get image size of ${file}: ${errText(e)}`);
      }
    });
    return { kernel, modules };
  }
  let initrd: Uint8Array | undefined;
  if (m.initrdFilename) {
    try {
      initrd = read(m.initrdFilename);
    } catch (e) {
      throw new LoaderError(`qemu: error reading initrd ${m.initrdFilename}: ${errText(e)}`);
    }
  }
  return { kernel, initrd };
}

function errText(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return 'No such file or directory';
  if (code === 'EACCES') return 'Permission denied';
  if (code === 'EISDIR') return 'Is a directory';
  return e instanceof Error ? e.message : String(e);
}

/** Loads the images into RAM and points the CPU at them (what the BIOS and option ROM would do). */
function pcBoot(m: PCMachineState, cpu: X86CPU, images: BootImages | undefined, e820: E820Entry[]): void {
  if (!images) return;
  const ram = (m.ram as MemoryRegion).getRamPtr();
  if (images.modules) {
    const mb = loadMultiboot({
      kernel: images.kernel,
      kernelFilename: m.kernelFilename as string,
      cmdline: m.kernelCmdline,
      modules: images.modules,
      ram,
      ramSize: m.belowFourG,
      e820,
    });
    // multiboot.S's GDT: code 0x08, data 0x10
    enterProtectedMode(cpu, ram, 0x08, 0x10, mb.entry);
    cpu.env.regs[R_EAX] = MULTIBOOT_BOOTLOADER_MAGIC;
    cpu.env.regs[R_EBX] = mb.mbi;
    return;
  }
  const info = x86LoadLinux({
    kernel: images.kernel,
    kernelFilename: m.kernelFilename as string,
    initrd: images.initrd,
    initrdFilename: m.initrdFilename,
    cmdline: m.kernelCmdline,
    ram,
    belowFourG: m.belowFourG,
    e820,
  });
  // boot.rst 32-bit protocol: __BOOT_CS 0x10, __BOOT_DS 0x18, ESI = boot_params, EBP/EDI/EBX = 0
  enterProtectedMode(cpu, ram, 0x10, 0x18, info.entry);
  cpu.env.regs[R_ESI] = info.bootParams;
  cpu.env.regs[R_EBP] = 0;
  cpu.env.regs[R_EDI] = 0;
  cpu.env.regs[R_EBX] = 0;
}

/**
 * pc_init1 for the i440FX machine types: builds the board under /machine and returns it reset,
 * ready to run. Throws LoaderError (QEMU's messages) for unusable boot images.
 */
export function createPcMachine(opts: PcMachineOptions = {}): PcMachine {
  const mc = findMachineClass(opts.machine ?? 'pc');
  if (!mc) throw new Error(`unsupported machine type: "${opts.machine}"`);
  const m = qdevNewMachine(mc);
  m.ramSize = opts.ramSize ?? 128 * MiB;
  m.cpuType = opts.cpuModel ?? mc.defaultCpuType;
  m.kernelFilename = opts.kernel;
  m.initrdFilename = opts.initrd;
  m.kernelCmdline = opts.append ?? '';
  const read = opts.readFile ?? ((p: string) => new Uint8Array(readFileSync(p)));
  const images = readBootImages(m, read);

  // machine_run_board_init / machine_consume_memdev
  const backend = opts.ramBackend;
  if (backend) {
    if (Number(backend.size) !== m.ramSize)
      throw new Error('Machine memory size does not match the size of the memory backend');
    if (backend.mapped)
      throw new Error(`memory backend ${objectGetCanonicalPath(backend)} can't be used multiple times.`);
    backend.mapped = true;
  }
  const sys = memoryMapInit();
  m.sys = sys;
  // the wasm TCG backend addresses guest RAM, the TLB and the CPU state in one WebAssembly memory
  let tcgBackend = opts.backend ?? 'wasm';
  let arena: WasmArena | undefined;
  if (tcgBackend === 'wasm') {
    const warn = opts.warn ?? ((msg: string) => process.stderr.write(`${msg}\n`));
    if (backend) {
      const host = backend.getMemory()?.getRamPtr();
      arena = host && wasmRamArenas.get(host.buffer);
      const why = !arena
        ? `is not in a WebAssembly memory${backend.share ? ' (share=on)' : ''}`
        : wasmRamArenasUsed.has(arena)
          ? 'was the RAM of an earlier machine on wasm'
          : undefined;
      if (why) {
        warn(
          `warning: memory backend ${objectGetCanonicalPath(backend)} ${why}; the wasm TCG backend falls back to js`,
        );
        arena = undefined;
      } else if (arena) wasmRamArenasUsed.add(arena);
    } else {
      arena = wasmArenaTry(m.ramSize);
      if (!arena)
        warn(
          `warning: ${m.ramSize / MiB} MiB of RAM do not fit in a WebAssembly memory; the wasm TCG backend falls back to js`,
        );
    }
    if (!arena) tcgBackend = 'js';
  }
  pcMemoryInit(m, sys, backend, backend ? undefined : arena);
  const ramPtr = (m.ram as MemoryRegion).getRamPtr();

  // the CPU: RAM directly, everything else through the memory and I/O address spaces
  const asMem = sys.addressSpaceMemory;
  const asIo = sys.addressSpaceIo;
  const cpu = new X86CPU({
    model: m.cpuType,
    ram: ramPtr.subarray(0, m.belowFourG),
    phys: {
      read8: (a) => asMem.read8(a >>> 0),
      read16: (a) => asMem.read16(a >>> 0),
      read32: (a) => asMem.read32(a >>> 0),
      write8: (a, v) => asMem.write8(a >>> 0, v),
      write16: (a, v) => asMem.write16(a >>> 0, v),
      write32: (a, v) => asMem.write32(a >>> 0, v),
    },
    io: {
      in: (port, size) => ioportRead(asIo, port, size),
      out: (port, size, v) => ioportWrite(asIo, port, size, v),
    },
    backend: tcgBackend,
    arena,
    tbSizeMiB: opts.tbSizeMiB,
    jsThreshold: opts.jsThreshold ?? SYSTEM_JS_THRESHOLD,
    wasmThreshold: opts.wasmThreshold ?? SYSTEM_WASM_THRESHOLD,
    wasmBatch: SYSTEM_WASM_BATCH,
    wasmAsync: true,
    logInAsm: opts.log?.inAsm,
    logCpu: opts.log?.cpu ? () => opts.log?.cpu?.(cpu.env) : undefined,
  });
  m.cpu = cpu;
  if (opts.cpuFeatures) {
    const warn = opts.warn ?? ((msg: string) => process.stderr.write(`${msg}\n`));
    const opt = x86CpuParseOption(`${m.cpuType},${opts.cpuFeatures}`);
    for (const w of opt.warnings) warn(w);
    x86CpuApplyOption(cpu.env, opt, `${m.cpuType}${X86_CPU_TYPE_SUFFIX}`, warn);
    x86CpuReset(cpu.env);
  }
  const logInt = opts.log?.int;
  if (logInt) cpu.env.intLog = (line) => logInt(line, cpu.env);
  cpu.env.getTscTicks = cpuGetTicks;

  // chipset
  const {
    host: i440fxHost,
    bus: pciBus,
    dev: i440fx,
  } = i440fxInit({
    systemMemory: sys.systemMemory,
    systemIo: sys.systemIo,
    pciAddressSpace: m.pci as MemoryRegion,
    ramMemory: m.ram as MemoryRegion,
    ramSize: m.belowFourG,
  });
  m.pciBus = pciBus;
  m.i440fx = i440fx;
  const piix3 = qdevNew<PIIX3State>(TYPE_PIIX3_DEVICE);
  piix3.devfn = PCI_DEVFN(1, 0);
  piix3.multifunction = true;
  qdevRealizeAndUnref(piix3, pciBus);
  m.piix3 = piix3;
  const isaBus = piix3.isaBus as ISABus;
  m.isaBus = isaBus;

  // interrupts: PIC pair → CPU INTR; PIIX3 PIRQs and ISA devices into the PIC
  const intr = qemuAllocateIrq((_o, _n, level) => cpu.setIrq(level !== 0), cpu, 0);
  const { irqs: picIrqs, master } = i8259Init(isaBus, intr);
  m.pic = master;
  cpu.intAck = logInt
    ? () => {
        const intno = picReadIrq(master);
        logInt(`Servicing hardware INT=0x${intno.toString(16).padStart(2, '0')}`, cpu.env);
        return intno;
      }
    : () => picReadIrq(master);
  // gsi_handler: GSIs 0-15 go to the PIC and the I/O APIC, 16-23 to the I/O APIC only (whose
  // output stays unconnected: there is no local APIC, guests use the PIC)
  const { ioapic, irqs: ioapicIrqs } = ioapicInitGsi(i440fxHost, sys.systemMemory);
  m.ioapic = ioapic;
  const gsi = ioapicIrqs.map((ioIrq, n) =>
    qemuAllocateIrq(
      (_o, _n, level) => {
        if (n < 16) qemuSetIrq(picIrqs[n], level);
        qemuSetIrq(ioIrq, level);
      },
      m,
      n,
    ),
  );
  m.gsi = gsi;
  isaBusRegister(isaBus, gsi.slice(0, 16));
  piix3Init(piix3, pciBus, gsi.slice(0, 16));
  // FERR# to IRQ13; a write to port 0xf0 releases it (IGNNE#)
  cpu.env.ferrIrq = (level) => qemuSetIrq(gsi[13], level);

  // pc_basic_device_init
  const ioport80 = MemoryRegion.io('ioport80', 1, { read: () => 0xff, write: () => {} }, { owner: m });
  const ioportF0 = MemoryRegion.io(
    'ioportF0',
    1,
    { read: () => 0xff, write: () => cpu_set_ignne(cpu.env) },
    { owner: m },
  );
  sys.systemIo.addSubregion(0x80, ioport80);
  sys.systemIo.addSubregion(0xf0, ioportF0);
  m.rtc = mc146818RtcInit(isaBus, 2000);
  m.pit = i8254PitInit(isaBus, 0x40, 0);
  // the speaker's `pit` link holds a reference, as object_property_set_link takes one
  const pcspk = qdevNew<PCSpkState>(TYPE_PC_SPEAKER);
  if (objectPropertyFind(pcspk, 'pit')) objectPropertySetLink(pcspk, 'pit', m.pit);
  pcspkInit(isaBus, m.pit, pcspk);
  // pc_superio_init: keyboard controller and port 0x92, both driving A20
  const a20 = pcA20Lines(cpu);
  const kbd = i8042Init(isaBus);
  i8042SetupA20Line(kbd, a20[0]);
  port92Init(isaBus, a20[1]);

  // PIIX3's sibling functions
  qdevRealizeAndUnref(withDevfn(qdevNew<PCIDevice>(TYPE_PIIX3_IDE), PCI_DEVFN(1, 1)), pciBus);
  const pm = withDevfn(qdevNew<PCIDevice>(TYPE_PIIX4_PM), PCI_DEVFN(1, 3));
  qdevPropSet(pm, 'smm-enabled', true);
  qdevRealizeAndUnref(pm, pciBus);

  // serial ports (serial_hds_isa_init)
  serialHdsIsaInit(isaBus, opts.serial ?? []);

  pcCmosInit(m.rtc, { belowRamSize: m.belowFourG, aboveRamSize: m.aboveFourG });
  const rtc = m.rtc;

  for (const d of opts.devices ?? []) qdevDeviceAdd(d as Parameters<typeof qdevDeviceAdd>[0]);

  const e820 = pcE820Table(m.belowFourG, m.aboveFourG);
  // fw_cfg at 0x510 (DMA at 0x514) with the x86 items; the RAM entries firmware would see
  const fwCfg = fwCfgArchCreate(sys.systemIo, asMem, {
    ramSize: m.ramSize,
    bootCpus: 1,
    apicIdLimit: 1,
    e820: [
      { address: 0, length: m.belowFourG, type: 1 },
      ...(m.aboveFourG ? [{ address: 2 ** 32, length: m.aboveFourG, type: 1 }] : []),
    ],
  });
  fwCfgMachineReady(fwCfg);
  const machine: PcMachine = {
    state: m,
    cpu,
    sys,
    addressSpaceMemory: asMem,
    addressSpaceIo: asIo,
    pciBus,
    isaBus,
    reset: () => {
      qdevResetAll();
      pcCmosInitLate(rtc);
      x86CpuReset(cpu.env);
      cpu.tlb.flush();
      pcBoot(m, cpu, images, e820);
    },
    queryPci: () => qmpQueryPci([pciBus]),
    infoPci: () => hmpInfoPci(qmpQueryPci([pciBus])),
    destroy: () => {
      qemuSetRunstateHandler(undefined);
      if (backend) backend.mapped = false;
      qdevSetMachineReady(false);
      objectUnparent(m);
      qdevResetGlobals();
    },
  };
  qemuSetRunstateHandler({
    resetRequest: (cause) => machine.onResetRequest?.(cause),
    shutdownRequest: (cause) => machine.onShutdownRequest?.(cause),
  });
  cpu.env.onResetRequest = () => machine.onResetRequest?.('guest-reset');
  qdevSetMachineReady(true);
  machine.reset();
  return machine;
}

function withDevfn<D extends PCIDevice>(dev: D, devfn: number): D {
  dev.devfn = devfn;
  return dev;
}

function isaBusRegister(bus: ISABus, irqs: IRQState[]): void {
  bus.irqs = [...irqs];
}

/** The machine object at /machine, of the class's QOM type. */
function qdevNewMachine(mc: MachineClass): PCMachineState {
  const root = objectGetRoot();
  const old = objectResolvePath('/machine');
  if (old && objectDynamicCast(old, TYPE_MACHINE)) throw new Error('a machine already exists at /machine');
  // a bare container made by an earlier qdev_get_machine(): the machine takes its place
  if (old) {
    objectUnparent(old);
    qdevResetGlobals();
  }
  const obj = objectNew<PCMachineState>(`${mc.name}${MACHINE_TYPE_SUFFIX}`);
  objectPropertyAddChild(root, 'machine', obj);
  objectUnref(obj);
  return obj;
}
