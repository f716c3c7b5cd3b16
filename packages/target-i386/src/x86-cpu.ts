/**
 * X86CPU: one i386 vCPU — CPUX86State, the soft-MMU TLB and tcg's executor tied together, with the
 * interrupt interface devices use (INTR line with acknowledge, NMI), bounded execution slices, and
 * QEMU's `info registers` dump (x86_cpu_dump_state).
 */
import {
  type BackendName,
  ExecExit,
  type PhysMemory,
  SoftTLB,
  TcgExecutor,
  type TcgLogOptions,
  type WasmArena,
} from '@tsemu/tcg';
import { cpuComputeEflags } from './cc-helper.js';
import {
  CC_A,
  CC_C,
  CC_O,
  CC_P,
  CC_S,
  CC_Z,
  CPU_INTERRUPT_HARD,
  CPU_INTERRUPT_NMI,
  type CPUX86State,
  CpuLoopExit,
  DF_MASK,
  GS_EIP,
  GS_SLOTS,
  HF_CS32_MASK,
  HF_INHIBIT_IRQ_MASK,
  HF_SMM_MASK,
  IF_MASK,
  type SegmentCache,
} from './cpu.js';
import { SliceExit, type X86CpuLog, x86TcgTarget } from './cpu-exec.js';
import { x86CpuCreate } from './cpu-models.js';
import { disasBlock } from './disas.js';
import { x86CpuDoInterrupt, x86CpuExecInterrupt, x86CpuHasWork } from './excp-helper.js';
import { x86CpuTlbFill } from './mmu.js';
import { type CpuIoSpace, setCpuIoSpace } from './translate/sys.js';

export type { CpuIoSpace };

export interface X86CPUOptions {
  /** CPU model name (default qemu32) */
  model?: string;
  /** main RAM at guest-physical 0 (with the wasm backend: `arena.ram`) */
  ram: Uint8Array;
  /** the wasm backend's memory: env.gs and the TLB are allocated in it, and `ram` must be its RAM */
  arena?: WasmArena;
  /** wasm backend: interpreted executions before a TB is queued for WebAssembly (default tcg's) */
  wasmThreshold?: number;
  /** wasm backend: TBs per module, and background compilation (defaults tcg's) */
  wasmBatch?: number;
  wasmAsync?: boolean;
  /** physical accesses outside RAM (MMIO); default: reads all ones, writes ignored */
  phys?: PhysMemory;
  io?: CpuIoSpace;
  backend?: BackendName;
  /** executor logging (op, op_opt, out_asm, exec) */
  tcgLog?: TcgLogOptions;
  log?: X86CpuLog;
  /** instructions per TB at most (default 512) */
  maxInsnsPerTb?: number;
  /** TB cache bound in MiB (-accel tcg,tb-size; default tcg's) */
  tbSizeMiB?: number;
  /** js backend: interpreted executions of a TB before it is compiled (default tcg's; systems: SYSTEM_JS_THRESHOLD) */
  jsThreshold?: number;
  /** `-d in_asm`: receives each translated block's disassembly ("IN:" blocks) */
  logInAsm?: (text: string) => void;
  /** `-d cpu`: receives the register dump before each executed TB (runs TB by TB) */
  logCpu?: (text: string) => void;
}

/** The TB compile threshold whole-system machines use (re-exported for boards). */
export { SYSTEM_JS_THRESHOLD, SYSTEM_WASM_BATCH, SYSTEM_WASM_THRESHOLD, WasmArena } from '@tsemu/tcg';

/** RAM-backed physical memory with an optional fallback for the rest (MMIO). */
function ramPhys(ram: Uint8Array, rest?: PhysMemory): PhysMemory {
  const dv = new DataView(ram.buffer, ram.byteOffset, ram.byteLength);
  const n = ram.length;
  return {
    read8: (a) => (a >>> 0 < n ? ram[a >>> 0] : rest ? rest.read8(a) : 0xff),
    read16: (a) => (a >>> 0 < n - 1 ? dv.getUint16(a >>> 0, true) : rest ? rest.read16(a) : 0xffff),
    read32: (a) => (a >>> 0 < n - 3 ? dv.getInt32(a >>> 0, true) : rest ? rest.read32(a) : -1),
    write8: (a, v) => {
      if (a >>> 0 < n) ram[a >>> 0] = v;
      else rest?.write8(a, v);
    },
    write16: (a, v) => (a >>> 0 < n - 1 ? dv.setUint16(a >>> 0, v, true) : rest?.write16(a, v)),
    write32: (a, v) => (a >>> 0 < n - 3 ? dv.setInt32(a >>> 0, v, true) : rest?.write32(a, v)),
  };
}

export class X86CPU {
  readonly env: CPUX86State;
  readonly tlb: SoftTLB;
  readonly exec: TcgExecutor<CPUX86State>;
  readonly phys: PhysMemory;
  /** INTR acknowledge: returns the vector of the pending interrupt (the PIC's INTA cycle) */
  intAck: () => number = () => {
    throw new Error('X86CPU: INTR raised without an acknowledge callback');
  };
  private readonly log: X86CpuLog;
  private readonly logCpu: ((text: string) => void) | undefined;

  constructor(opts: X86CPUOptions) {
    if (opts.backend === 'wasm' && !opts.arena)
      throw new Error('X86CPU: the wasm backend needs an arena (new WasmArena({ ramSize }), ram: arena.ram)');
    this.env = x86CpuCreate(opts.model ?? 'qemu32', opts.arena?.allocI32(GS_SLOTS));
    const env = this.env;
    this.phys = ramPhys(opts.ram, opts.phys);
    this.log = { ...opts.log };
    const ram = opts.ram;
    const logInAsm = opts.logInAsm;
    if (logInAsm) {
      const prev = this.log.inAsm;
      this.log.inAsm = (tb) => {
        const idx = (tb.flags & 3) === 3 ? 1 : 0;
        const fetch = (a: number) => this.tlb.ldCode(a, 0, idx);
        logInAsm(disasBlock(fetch, tb.pc, tb.size, (tb.flags & HF_CS32_MASK) !== 0));
        prev?.(tb);
      };
    }
    this.logCpu = opts.logCpu;
    this.tlb = new SoftTLB({
      phys: this.phys,
      ram,
      arena: opts.arena,
      tlbFill: (vaddr, access, mmuIdx) => x86CpuTlbFill(env, this.tlb, vaddr, access, mmuIdx),
    });
    env.phys = this.phys;
    env.tlb = this.tlb;
    env.kernelAccess = tlbAccess(this.tlb, () => 0);
    env.dataAccess = tlbAccess(this.tlb, () => (env.cpl === 3 ? 1 : 0));
    if (opts.io) setCpuIoSpace(env, opts.io);
    this.exec = new TcgExecutor({
      env,
      tlb: this.tlb,
      target: x86TcgTarget(this.tlb, this.log),
      backend: opts.backend ?? 'js',
      log: opts.tcgLog,
      // eip is the pc: returns and indirect jumps into a compiled group stay inside it.
      pcSlot: GS_EIP,
      maxInsnsPerTb: opts.maxInsnsPerTb,
      tbSizeMiB: opts.tbSizeMiB,
      jsThreshold: opts.jsThreshold,
      wasmThreshold: opts.wasmThreshold,
      wasmBatch: opts.wasmBatch,
      wasmAsync: opts.wasmAsync,
    });
  }

  /** Raise or lower the INTR line (CPU_INTERRUPT_HARD). */
  setIrq(level: boolean): void {
    if (level) {
      this.env.interruptRequest |= CPU_INTERRUPT_HARD;
      this.exec.exitRequest = true;
    } else this.env.interruptRequest &= ~CPU_INTERRUPT_HARD;
  }
  /** Pulse NMI. */
  nmi(): void {
    this.env.interruptRequest |= CPU_INTERRUPT_NMI;
    this.exec.exitRequest = true;
  }
  /** Make the running slice return at the next TB boundary. */
  kick(): void {
    this.kicked = true;
    this.exec.exitRequest = true;
  }
  /** kick() was called: the slice returns REQUEST (an interrupt request alone only ends the TB chain) */
  private kicked = false;

  /** a pending interrupt: run TB by TB so it is taken as soon as the state allows */
  private get pending(): boolean {
    return (this.env.interruptRequest & (CPU_INTERRUPT_HARD | CPU_INTERRUPT_NMI)) !== 0;
  }

  /** Deliver env.exceptionIndex, again while delivery faults; false after a triple fault. */
  private deliverException(): boolean {
    const env = this.env;
    for (;;) {
      try {
        x86CpuDoInterrupt(env);
        return !env.tripleFault;
      } catch (e) {
        if (!(e instanceof CpuLoopExit)) throw e;
      }
    }
  }

  private serviceInterrupts(): void {
    const env = this.env;
    try {
      x86CpuExecInterrupt(env, () => this.intAck());
    } catch (e) {
      if (!(e instanceof CpuLoopExit)) throw e;
      this.deliverException();
    }
  }

  /**
   * Run about `budget` guest instructions (QEMU's cpu_exec for one slice); returns why it stopped.
   */
  runSlice(budget: number): SliceExit {
    const env = this.env;
    const exec = this.exec;
    const end = exec.insnCount + budget;
    exec.compileTick();
    while (exec.insnCount < end) {
      if (env.tripleFault) return SliceExit.RESET;
      if (this.pending) this.serviceInterrupts();
      if (env.halted) {
        if (!x86CpuHasWork(env)) return SliceExit.HALTED;
        env.halted = false;
        continue;
      }
      try {
        if (this.logCpu) this.logCpu(this.dumpState());
        // A pending interrupt the CPU cannot take yet (IF=0 or the sti/mov ss shadow) does not need a
        // check after every TB: chained TBs run on and run() stops at the next lookup, as QEMU checks
        // between unchained TBs (sti, popf and iret end their TB).
        const blocked =
          this.pending &&
          !this.logCpu &&
          (env.interruptRequest & CPU_INTERRUPT_NMI) === 0 &&
          ((env.eflags & IF_MASK) === 0 || (env.hflags & HF_INHIBIT_IRQ_MASK) !== 0);
        exec.stopAtLookup = blocked;
        const r = exec.run((this.pending && !blocked) || this.logCpu ? 1 : end - exec.insnCount);
        if (r === ExecExit.REQUEST && this.kicked) {
          this.kicked = false;
          return SliceExit.REQUEST;
        }
      } catch (e) {
        if (!(e instanceof CpuLoopExit)) throw e;
        const idx = env.exceptionIndex;
        env.exceptionIndex = idx >= 0x10000 ? -1 : idx;
        if (idx >= 0x10000) continue;
        if (!this.deliverException()) return SliceExit.RESET;
      }
    }
    return SliceExit.BUDGET;
  }

  /** Registers in QEMU's `info registers` layout (x86_cpu_dump_state, 32-bit). */
  dumpState(): string {
    return x86CpuDumpState(this.env);
  }
}

/** GuestAccess through the soft-MMU TLB (helpers' cpu_ld*_mmuidx). */
function tlbAccess(tlb: SoftTLB, idx: () => number) {
  return {
    ld8: (a: number) => tlb.ldSlow(a, 0, idx()) & 0xff,
    ld16: (a: number) => tlb.ldSlow(a, 1, idx()) & 0xffff,
    ld32: (a: number) => tlb.ldSlow(a, 2, idx()),
    st8: (a: number, v: number) => tlb.stSlow(a, v, 0, idx()),
    st16: (a: number, v: number) => tlb.stSlow(a, v, 1, idx()),
    st32: (a: number, v: number) => tlb.stSlow(a, v, 2, idx()),
  };
}

const h8 = (v: number) => (v >>> 0).toString(16).padStart(8, '0');
const h4 = (v: number) => (v & 0xffff).toString(16).padStart(4, '0');

function segLine(name: string, sc: SegmentCache): string {
  return `${name}=${h4(sc.selector)} ${h8(sc.base)} ${h8(sc.limit)} ${h8(sc.flags & 0x00f0ff00)}`;
}

/** x86_cpu_dump_state for a 32-bit CPU with CPU_DUMP_FPU, as `info registers` prints it. */
export function x86CpuDumpState(env: CPUX86State): string {
  const r = env.regs;
  const ef = cpuComputeEflags(env);
  const f = (m: number, c: string) => (ef & m ? c : '-');
  const lines = [
    `EAX=${h8(r[0])} EBX=${h8(r[3])} ECX=${h8(r[1])} EDX=${h8(r[2])}`,
    `ESI=${h8(r[6])} EDI=${h8(r[7])} EBP=${h8(r[5])} ESP=${h8(r[4])}`,
    `EIP=${h8(env.eip)} EFL=${h8(ef)} [${f(DF_MASK, 'D')}${f(CC_O, 'O')}${f(CC_S, 'S')}${f(CC_Z, 'Z')}${f(CC_A, 'A')}${f(CC_P, 'P')}${f(CC_C, 'C')}] CPL=${env.cpl} II=${env.hflags & HF_INHIBIT_IRQ_MASK ? 1 : 0} A20=${(env.a20Mask >> 20) & 1} SMM=${env.hflags & HF_SMM_MASK ? 1 : 0} HLT=${env.halted ? 1 : 0}`,
    ...['ES ', 'CS ', 'SS ', 'DS ', 'FS ', 'GS '].map((n, i) => segLine(n, env.segs[i])),
    segLine('LDT', env.ldt),
    segLine('TR ', env.tr),
    `GDT=     ${h8(env.gdt.base)} ${h8(env.gdt.limit)}`,
    `IDT=     ${h8(env.idt.base)} ${h8(env.idt.limit)}`,
    `CR0=${h8(env.cr[0])} CR2=${h8(env.cr[2])} CR3=${h8(env.cr[3])} CR4=${h8(env.cr[4])}`,
    `DR0=${h8(env.dr[0])} DR1=${h8(env.dr[1])} DR2=${h8(env.dr[2])} DR3=${h8(env.dr[3])} `,
    `DR6=${h8(env.dr[6])} DR7=${h8(env.dr[7])}`,
    `EFER=${(env.efer >>> 0).toString(16).padStart(16, '0')}`,
  ];
  const fpu = env.fpu;
  let ftw = 0;
  for (let i = 0; i < 8; i++) if (!fpu.fptags[i]) ftw |= 1 << i;
  const fsw = (fpu.fpus & ~0x3800) | ((fpu.fpstt & 7) << 11);
  lines.push(
    `FCW=${h4(fpu.fpuc)} FSW=${h4(fsw)} [ST=${fpu.fpstt}] FTW=${ftw.toString(16).padStart(2, '0')} MXCSR=00001f80`,
  );
  for (let i = 0; i < 8; i += 2) {
    const r = (k: number) =>
      `FPR${k}=${fpu.regs[k].low.toString(16).padStart(16, '0')} ${h4(fpu.regs[k].high)}`;
    lines.push(`${r(i)} ${r(i + 1)}`);
  }
  // no SSE unit: the XMM registers QEMU lists read as zero
  const z = '0'.repeat(16);
  for (let i = 0; i < 8; i += 2) {
    lines.push(`XMM0${i}=${z} ${z} XMM0${i + 1}=${z} ${z}`);
  }
  return `${lines.join('\n')}\n`;
}
