/**
 * Differential runner for x87 instruction sequences. Each case is a list of nasm lines
 * (FPU instructions, `fwait`, or `%flags N` to set EFLAGS) plus its own data. The generated
 * multiboot program runs every case after fninit and prints one line per case: the 108-byte
 * fnsave image, EAX, the arithmetic EFLAGS and the case's 32-byte output area.
 *
 * Under QEMU the program runs as is. For tsemu, the same binary is loaded into a flat memory
 * image and each case's FPU instructions (located through the nasm listing, so opcode bytes,
 * addresses and EIPs are the real ones) are fed to helper_fpu_exec; the final fnsave is also
 * executed through it. Memory operands must use absolute [label] addressing.
 */

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cpuCcComputeAll } from '../../src/cc-helper.js';
import { CCOp, CPUX86State, type GuestAccess, R_CS, R_DS, R_EAX } from '../../src/cpu.js';
import {
  FPU_EXEC_DATA32,
  FPU_EXEC_SEG_SHIFT,
  helper_fpu_exec,
  helper_fwait,
  helper_fxrstor,
  helper_fxsave,
} from '../../src/fpu/index.js';
import { LIB_DIR, NASM } from '../harness/qemu-runner.js';

const run = promisify(execFile);

export interface X87Case {
  name: string;
  /** asm lines; `$x` names a label of this case's data */
  lines: string[];
  /** data lines (nasm), e.g. `$a: dq 1.5` */
  data?: string[];
}

const LOAD_ADDR = 0x100000;
const FLAGS_MASK = 0x8d5;

function expand(i: number, line: string): string {
  return line.replace(/\$(\w+)/g, (_m, n: string) => `c${i}_${n}`);
}

export function program(cases: X87Case[]): string {
  const out = ['%include "mb.inc"', 'main:'];
  cases.forEach((c, i) => {
    out.push(`    fninit`, `    xor eax, eax`, `    push dword 2`, `    popfd`);
    c.lines.forEach((l, k) => {
      const m = /^%flags\s+(\S+)/.exec(l);
      if (m) out.push(`    push dword (${m[1]}) | 2`, `    popfd`);
      else out.push(`    ${expand(i, l)} ; @${i}.${k}`);
    });
    out.push(
      `    mov [sv_eax], eax`,
      `    pushfd`,
      `    pop dword [sv_fl]`,
      `    fnsave [dump] ; @${i}.save`,
      `    mov esi, c${i}_out`,
      `    call print_case`,
      '[section .data]',
      ...(c.data ?? []).map((d) => expand(i, d)),
      `    align 4`,
      `c${i}_out: times 32 db 0xcc`,
      '__SECT__',
    );
  });
  out.push(
    '    ret',
    'print_case:',
    '    mov ebx, dump',
    '    mov ecx, 27',
    '.l1: mov eax, [ebx]',
    '    call print_hex32',
    '    call print_sp',
    '    add ebx, 4',
    '    loop .l1',
    '    mov eax, [sv_eax]',
    '    call print_hex32',
    '    call print_sp',
    '    mov eax, [sv_fl]',
    `    and eax, ${FLAGS_MASK}`,
    '    call print_hex32',
    '    mov ecx, 8',
    '.l2: call print_sp',
    '    mov eax, [esi]',
    '    call print_hex32',
    '    add esi, 4',
    '    loop .l2',
    '    call print_nl',
    '    ret',
    '[section .data]',
    '    align 4',
    'dump: times 108 db 0',
    'sv_eax: dd 0',
    'sv_fl: dd 0',
    '__SECT__',
    '%include "end.inc"',
  );
  return `${out.join('\n')}\n`;
}

/** Assemble with a listing; returns the binary and the marker → offset table. */
export async function assembleCases(
  dir: string,
  name: string,
  source: string,
): Promise<{ bin: string; image: Uint8Array; marks: Map<string, number> }> {
  const asm = join(dir, `${name}.asm`);
  const bin = join(dir, `${name}.bin`);
  const lst = join(dir, `${name}.lst`);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(asm, source);
  await run(NASM, ['-f', 'bin', '-i', `${LIB_DIR}/`, '-l', lst, '-o', bin, asm], { maxBuffer: 1 << 26 });
  const marks = new Map<string, number>();
  for (const line of readFileSync(lst, 'utf8').split('\n')) {
    const m = /^\s*\d+\s+([0-9A-F]{8})\s+\S+.*;\s*@(\S+)\s*$/.exec(line);
    if (m) marks.set(m[2] as string, Number.parseInt(m[1] as string, 16));
  }
  return { bin, image: new Uint8Array(readFileSync(bin)), marks };
}

/** Flat little-endian guest memory at linear address 0. */
export function flatMemory(size: number): { mem: Uint8Array; access: GuestAccess } {
  const mem = new Uint8Array(size);
  const dv = new DataView(mem.buffer);
  const access: GuestAccess = {
    ld8: (a) => mem[a >>> 0] as number,
    ld16: (a) => dv.getUint16(a >>> 0, true),
    ld32: (a) => dv.getUint32(a >>> 0, true),
    st8: (a, v) => {
      mem[a >>> 0] = v & 0xff;
    },
    st16: (a, v) => dv.setUint16(a >>> 0, v & 0xffff, true),
    st32: (a, v) => dv.setUint32(a >>> 0, v >>> 0, true),
  };
  return { mem, access };
}

/** A CPU as QEMU's multiboot loader leaves it for these programs (qemu32 CPUID bits the x87 checks). */
export function multibootCpu(access: GuestAccess): CPUX86State {
  const env = new CPUX86State();
  env.dataAccess = access;
  (env.segs[R_CS] as { selector: number }).selector = 0x08;
  (env.segs[R_DS] as { selector: number }).selector = 0x10;
  env.cr[0] = 0x11;
  env.features[0] = (1 << 15) | (1 << 24) | (1 << 0); // CMOV, FXSR, FPU
  env.features[1] = 1 << 0; // SSE3
  return env;
}

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/** Execute one instruction at `off` (offset in the image) through helper_fpu_exec. */
function execAt(env: CPUX86State, mem: Uint8Array, off: number): void {
  let p = LOAD_ADDR + off;
  let data32 = true;
  const dv = new DataView(mem.buffer);
  for (;;) {
    const b = mem[p] as number;
    if (b === 0x66) {
      data32 = false;
      p++;
    } else if (b === 0x9b) {
      helper_fwait(env);
      p++;
      if (((mem[p] as number) & 0xf8) !== 0xd8) return;
    } else break;
  }
  const opcode = mem[p] as number;
  if (opcode === 0x0f && mem[p + 1] === 0xae) {
    // fxsave / fxrstor [disp32]
    const m = mem[p + 2] as number;
    if ((m & 0xc7) !== 0x05 || (m & 0x38) > 8) throw new Error(`unsupported 0f ae form at ${hex8(p)}`);
    (m & 0x38 ? helper_fxrstor : helper_fxsave)(env, dv.getUint32(p + 3, true));
    return;
  }
  if ((opcode & 0xf8) !== 0xd8) throw new Error(`not an x87 opcode at ${hex8(p)}: ${opcode.toString(16)}`);
  const modrm = mem[p + 1] as number;
  let ea = 0;
  if (modrm >> 6 !== 3) {
    if ((modrm & 0xc7) !== 0x05) throw new Error(`only [disp32] operands are supported (${hex8(p)})`);
    ea = dv.getUint32(p + 2, true);
  }
  helper_fpu_exec(
    env,
    ((opcode & 7) << 8) | modrm,
    ea,
    LOAD_ADDR + off,
    (data32 ? FPU_EXEC_DATA32 : 0) | (R_DS << FPU_EXEC_SEG_SHIFT),
  );
}

/** Run the cases through tsemu's helpers; one output line per case, formatted as the guest prints. */
export function runOnHelpers(cases: X87Case[], image: Uint8Array, marks: Map<string, number>): string[] {
  const { mem, access } = flatMemory(LOAD_ADDR + image.length + (1 << 20));
  mem.set(image, LOAD_ADDR);
  const dv = new DataView(mem.buffer);
  const out: string[] = [];
  const env = multibootCpu(access);
  cases.forEach((c, i) => {
    env.fpu.fpus = 0;
    env.regs[R_EAX] = 0;
    env.ccOp = CCOp.EFLAGS;
    env.ccSrc = 0;
    // fninit, as the guest runs it
    env.fpu.fpstt = 0;
    env.fpu.fptags.fill(true);
    env.fpu.fpuc = 0x37f;
    env.fpu.fpip = env.fpu.fpcs = env.fpu.fpdp = env.fpu.fpds = 0;
    env.fpu.fpStatus.roundingMode = 0;
    env.fpu.fpStatus.precision = 80;
    c.lines.forEach((l, k) => {
      const m = /^%flags\s+(\S+)/.exec(l);
      if (m) {
        env.ccSrc = Number(m[1]) & FLAGS_MASK;
        env.ccOp = CCOp.EFLAGS;
        return;
      }
      const off = marks.get(`${i}.${k}`);
      if (off === undefined) throw new Error(`no listing offset for case ${i} line ${k}`);
      execAt(env, mem, off);
    });
    const eax = env.regs[R_EAX] as number;
    const fl = cpuCcComputeAll(env) & FLAGS_MASK;
    const saveOff = marks.get(`${i}.save`) as number;
    execAt(env, mem, saveOff);
    const dumpAddr = dv.getUint32(LOAD_ADDR + saveOff + 2, true);
    const words: string[] = [];
    for (let w = 0; w < 27; w++) words.push(hex8(dv.getUint32(dumpAddr + 4 * w, true)));
    words.push(hex8(eax), hex8(fl));
    // The output area follows the case's data; find it through the symbol-free route: the
    // guest prints c<i>_out, whose address is in the `mov esi, imm32` right after fnsave.
    const outAddr = dv.getUint32(LOAD_ADDR + saveOff + 6 + 1, true);
    for (let w = 0; w < 8; w++) words.push(hex8(dv.getUint32(outAddr + 4 * w, true)));
    out.push(words.join(' '));
  });
  return out;
}
