// Differential test: the same x87 sequences run under qemu-system-i386 (TCG)
// and through tsemu's x87 helpers must leave identical ST0 bits and status words.
import { describe, expect, test } from 'vitest';
import {
  fldcw,
  fnstsw,
  helper_fadd_ST0_FT0,
  helper_fdiv_ST0_FT0,
  helper_fildl_ST0,
  helper_fldt_ST0,
  helper_fmov_FT0_STN,
  helper_fmul_ST0_FT0,
  helper_fsqrt,
  helper_fsub_ST0_FT0,
  newX87State,
  st,
} from '../../src/fpu/index.js';
import { assemble, makeWorkDir, missingTools, runQemu } from '../harness/qemu-runner.js';

type Op = 'fadd' | 'fsub' | 'fmul' | 'fdiv' | 'fsqrt';
interface Case {
  cw: number;
  op: Op;
  a: number;
  b: number;
}

const cases: Case[] = [];
for (const cw of [0x37f, 0x27f, 0x07f, 0x77f, 0xb7f, 0xf7f]) {
  for (const [a, b] of [
    [1, 3],
    [2, 7],
    [-5, 3],
    [0x7fffffff, -3],
    [10, 0],
    [0, 0],
    [123456789, 1000],
  ] as const) {
    for (const op of ['fadd', 'fsub', 'fmul', 'fdiv', 'fsqrt'] as const) cases.push({ cw, op, a, b });
  }
}

/** Edge operands as 80-bit (high, low) pairs: extremes, denormals, unnormals, NaNs, infinities. */
const edges: [number, bigint][] = [
  [0x7ffe, 0xffffffffffffffffn], // largest finite
  [0x0001, 0x8000000000000000n], // smallest normal
  [0x0000, 0x0000000000000001n], // smallest denormal
  [0x0000, 0x8000000000000000n], // pseudo-denormal
  [0x3fff, 0x4000000000000000n], // unnormal
  [0x7fff, 0x8000000000000000n], // +inf
  [0xffff, 0x8000000000000000n], // -inf
  [0x7fff, 0xc000000000000001n], // qNaN
  [0xffff, 0xa000000000000000n], // sNaN
  [0x3fff, 0x8000000000000000n], // 1
  [0x8000, 0x0000000000000000n], // -0
];
const edgeCases: { cw: number; op: Op; a: number; b: number }[] = [];
for (const cw of [0x37f, 0xf7f, 0x07f])
  for (let a = 0; a < edges.length; a++)
    for (let b = 0; b < edges.length; b++)
      for (const op of ['fadd', 'fsub', 'fmul', 'fdiv', 'fsqrt'] as const) {
        if (op === 'fsqrt' && b > 0) continue;
        edgeCases.push({ cw, op, a, b });
      }

const hex8 = (n: number | bigint): string => n.toString(16).padStart(8, '0');

function viaHelpers(c: Case, tword = false): string {
  const s = newX87State();
  fldcw(s, c.cw);
  if (tword) {
    const [bh, bl] = edges[c.b] as [number, bigint];
    const [ah, al] = edges[c.a] as [number, bigint];
    helper_fldt_ST0(s, { high: bh, low: bl });
    helper_fldt_ST0(s, { high: ah, low: al });
  } else {
    helper_fildl_ST0(s, c.b);
    helper_fildl_ST0(s, c.a);
  }
  const sw = (): number => fnstsw(s);
  if (c.op === 'fsqrt') helper_fsqrt(s);
  else {
    helper_fmov_FT0_STN(s, 1);
    ({
      fadd: helper_fadd_ST0_FT0,
      fsub: helper_fsub_ST0_FT0,
      fmul: helper_fmul_ST0_FT0,
      fdiv: helper_fdiv_ST0_FT0,
    })[c.op](s);
  }
  const r = st(s, 0);
  return `${hex8(r.high)} ${hex8(r.low >> 32n)} ${hex8(r.low & 0xffffffffn)} ${hex8(sw() & 0xffff)}`;
}

function program(list: Case[], tword = false): string {
  const lines = ['%include "mb.inc"', 'main:'];
  const operand = (v: number): string => {
    if (!tword) return `dd ${v}`;
    const [h, l] = edges[v] as [number, bigint];
    return `dq 0x${l.toString(16)}\n    dw 0x${h.toString(16)}`;
  };
  list.forEach((c, i) => {
    const insn = c.op === 'fsqrt' ? 'fsqrt' : `${c.op} st0, st1`;
    lines.push(
      '    fninit',
      `    fldcw [cw${i}]`,
      `    ${tword ? 'fld tword' : 'fild dword'} [opb${i}]`,
      `    ${tword ? 'fld tword' : 'fild dword'} [opa${i}]`,
      `    ${insn}`,
      '    fnstsw ax',
      '    movzx ebx, ax',
      '    fstp tword [buf]',
      '    movzx eax, word [buf+8]',
      '    call print_hex32',
      '    call print_sp',
      '    mov eax, [buf+4]',
      '    call print_hex32',
      '    call print_sp',
      '    mov eax, [buf]',
      '    call print_hex32',
      '    call print_sp',
      '    mov eax, ebx',
      '    call print_hex32',
      '    call print_nl',
      '[section .data]',
      `cw${i}: dw ${c.cw}`,
      `opa${i}: ${operand(c.a)}`,
      `opb${i}: ${operand(c.b)}`,
      '__SECT__',
    );
  });
  lines.push('    ret', '[section .data]', 'buf: times 10 db 0', '__SECT__', '%include "end.inc"');
  return `${lines.join('\n')}\n`;
}

const missing = missingTools();
if (missing.length) console.warn(`x87 differential test skipped: missing ${missing.join(', ')}`);

describe(`x87 helpers vs qemu-system-i386${missing.length ? ` (skipped: missing ${missing.join(', ')})` : ''}`, () => {
  test.skipIf(missing.length > 0)(
    'arith/sqrt under every rounding and precision mode',
    async () => {
      const dir = makeWorkDir();
      const bin = await assemble(dir, 'x87-arith', program(cases));
      const out = (await runQemu(bin)).trim().split('\n');
      const expected = cases.map((c) => viaHelpers(c));
      const labelled = (rows: string[]) => rows.map((r, i) => `${JSON.stringify(cases[i])} ${r}`);
      expect(labelled(expected)).toEqual(labelled(out));
    },
    60000,
  );

  test.skipIf(missing.length > 0)(
    'arith/sqrt on 80-bit edge operands (NaNs, denormals, unnormals, extremes)',
    async () => {
      const dir = makeWorkDir();
      const bin = await assemble(dir, 'x87-edges', program(edgeCases, true));
      const out = (await runQemu(bin)).trim().split('\n');
      const expected = edgeCases.map((c) => viaHelpers(c, true));
      const labelled = (rows: string[]) => rows.map((r, i) => `${JSON.stringify(edgeCases[i])} ${r}`);
      expect(labelled(expected)).toEqual(labelled(out));
    },
    60000,
  );
});
