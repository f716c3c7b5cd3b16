/**
 * The register dump of `-d int` and `-d cpu` (QEMU's log_cpu_state with CPU_DUMP_CCOP for a 32-bit
 * CPU): `info registers` without the FPU, segment descriptors decoded in protected mode, and the
 * lazy flags (CCS/CCD/CCO) in place of the x87 state.
 */
import {
  CC_A,
  CC_C,
  CC_O,
  CC_P,
  CC_S,
  CC_Z,
  CCOp,
  type CPUX86State,
  cpuComputeEflags,
  DESC_A_MASK,
  DESC_B_MASK,
  DESC_CS_MASK,
  DESC_P_MASK,
  DESC_R_MASK,
  DESC_S_MASK,
  DESC_W_MASK,
  DF_MASK,
  GS_CC_DST,
  GS_CC_OP,
  GS_CC_SRC,
  HF_INHIBIT_IRQ_MASK,
  HF_SMM_MASK,
  type SegmentCache,
  x86CpuDumpState,
} from '@tsemu/target-i386';

const h8 = (v: number) => (v >>> 0).toString(16).padStart(8, '0');
const h4 = (v: number) => (v & 0xffff).toString(16).padStart(4, '0');

// descriptor bits the exported DESC_* set does not name
const DESC_C_MASK = 1 << 10;
const DESC_E_MASK = 1 << 10;
const DESC_L_MASK = 1 << 21;

// biome-ignore format: a table
const SYS_TYPES = [
  'Reserved', 'TSS16-avl', 'LDT', 'TSS16-busy', 'CallGate16', 'TaskGate', 'IntGate16', 'TrapGate16',
  'Reserved', 'TSS32-avl', 'Reserved', 'TSS32-busy', 'CallGate32', 'Reserved', 'IntGate32', 'TrapGate32',
];

function segLine(name: string, sc: SegmentCache, pe: boolean): string {
  let s = `${name}=${h4(sc.selector)} ${h8(sc.base)} ${h8(sc.limit)} ${h8(sc.flags & 0x00ffff00)}`;
  if (!pe || !(sc.flags & DESC_P_MASK)) return s;
  s += ` DPL=${(sc.flags >> 13) & 3} `;
  if (sc.flags & DESC_S_MASK) {
    if (sc.flags & DESC_CS_MASK) {
      s += sc.flags & DESC_L_MASK ? 'CS64' : sc.flags & DESC_B_MASK ? 'CS32' : 'CS16';
      s += ` [${sc.flags & DESC_C_MASK ? 'C' : '-'}${sc.flags & DESC_R_MASK ? 'R' : '-'}`;
    } else {
      s += sc.flags & DESC_B_MASK ? 'DS  ' : 'DS16';
      s += ` [${sc.flags & DESC_E_MASK ? 'E' : '-'}${sc.flags & DESC_W_MASK ? 'W' : '-'}`;
    }
    s += `${sc.flags & DESC_A_MASK ? 'A' : '-'}]`;
  } else s += SYS_TYPES[(sc.flags >> 8) & 15];
  return s;
}

/** The state QEMU logs after an interrupt line and before each TB under `-d cpu`. */
export function cpuLogState(env: CPUX86State, fpu = false): string {
  const r = env.regs;
  const ef = cpuComputeEflags(env);
  const f = (m: number, c: string) => (ef & m ? c : '-');
  const pe = (env.cr[0] & 1) !== 0;
  const ccOp = env.gs[GS_CC_OP];
  const ccName = CCOp[ccOp] ?? `[${ccOp}]`;
  const lines = [
    `EAX=${h8(r[0])} EBX=${h8(r[3])} ECX=${h8(r[1])} EDX=${h8(r[2])}`,
    `ESI=${h8(r[6])} EDI=${h8(r[7])} EBP=${h8(r[5])} ESP=${h8(r[4])}`,
    `EIP=${h8(env.eip)} EFL=${h8(ef)} [${f(DF_MASK, 'D')}${f(CC_O, 'O')}${f(CC_S, 'S')}${f(CC_Z, 'Z')}${f(CC_A, 'A')}${f(CC_P, 'P')}${f(CC_C, 'C')}] CPL=${env.cpl} II=${env.hflags & HF_INHIBIT_IRQ_MASK ? 1 : 0} A20=${(env.a20Mask >> 20) & 1} SMM=${env.hflags & HF_SMM_MASK ? 1 : 0} HLT=${env.halted ? 1 : 0}`,
    ...['ES ', 'CS ', 'SS ', 'DS ', 'FS ', 'GS '].map((n, i) => segLine(n, env.segs[i], pe)),
    segLine('LDT', env.ldt, pe),
    segLine('TR ', env.tr, pe),
    `GDT=     ${h8(env.gdt.base)} ${h8(env.gdt.limit)}`,
    `IDT=     ${h8(env.idt.base)} ${h8(env.idt.limit)}`,
    `CR0=${h8(env.cr[0])} CR2=${h8(env.cr[2])} CR3=${h8(env.cr[3])} CR4=${h8(env.cr[4])}`,
    `DR0=${h8(env.dr[0])} DR1=${h8(env.dr[1])} DR2=${h8(env.dr[2])} DR3=${h8(env.dr[3])} `,
    `DR6=${h8(env.dr[6])} DR7=${h8(env.dr[7])}`,
    `CCS=${h8(env.gs[GS_CC_SRC])} CCD=${h8(env.gs[GS_CC_DST])} CCO=${ccName}`,
    `EFER=${(env.efer >>> 0).toString(16).padStart(16, '0')}`,
  ];
  let text = `${lines.join('\n')}\n`;
  // -d fpu: the x87/SSE part, laid out as `info registers` has it
  if (fpu) {
    const full = x86CpuDumpState(env);
    text += full.slice(full.indexOf('FCW='));
  }
  return text;
}
