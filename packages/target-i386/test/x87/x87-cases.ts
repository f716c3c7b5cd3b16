/** Case lists for the x87 differential test (see x87-runner.ts). */
import type { X87Case } from './x87-runner.js';

/** 80-bit operands: normal values, extremes, denormals, unnormals, NaNs, infinities, zeros. */
export const T80: [string, number, bigint][] = [
  ['one', 0x3fff, 0x8000000000000000n],
  ['mthree', 0xc000, 0xc000000000000000n],
  ['pi', 0x4000, 0xc90fdaa22168c235n],
  ['third', 0x3ffd, 0xaaaaaaaaaaaaaaabn],
  ['big', 0x403e, 0xfedcba9876543210n],
  ['huge', 0x7ffe, 0xffffffffffffffffn],
  ['minnorm', 0x0001, 0x8000000000000000n],
  ['denorm', 0x0000, 0x0000000000000001n],
  ['mdenorm', 0x8000, 0x4000000000000003n],
  ['pseudoden', 0x0000, 0x8000000000000000n],
  ['unnormal', 0x3fff, 0x4000000000000000n],
  ['pinf', 0x7fff, 0x8000000000000000n],
  ['minf', 0xffff, 0x8000000000000000n],
  ['qnan', 0x7fff, 0xc000000000000001n],
  ['snan', 0xffff, 0xa000000000000000n],
  ['pzero', 0x0000, 0n],
  ['mzero', 0x8000, 0n],
  ['half', 0x3ffe, 0x8000000000000000n],
  ['mtenth', 0xbffb, 0xcccccccccccccccdn],
  ['x1e10', 0x4020, 0x9502f90000000000n],
];

export const tword = (h: number, l: bigint): string[] => [`dq 0x${l.toString(16)}`, `dw 0x${h.toString(16)}`];

function t80Data(name: string, idx: number): string[] {
  const [, h, l] = T80[idx] as [string, number, bigint];
  return [`$${name}:`, ...tword(h, l)];
}

const CWS = [0x37f, 0x77f, 0xb7f, 0xf7f, 0x07f, 0x27f];
const ARITH = ['fadd', 'fsub', 'fsubr', 'fmul', 'fdiv', 'fdivr'];

/** Register-form arithmetic in every operand form, over operand pairs and control words. */
export function arithCases(): X87Case[] {
  const cases: X87Case[] = [];
  const picks = [0, 1, 2, 3, 5, 6, 7, 9, 10, 11, 13, 14, 15, 16];
  for (const cw of [0x37f, 0xf7f, 0x07f, 0x27f, 0x77f, 0xb7f]) {
    for (const a of picks)
      for (const b of [0, 2, 3, 7, 11, 13, 14, 15]) {
        const forms = ['$op st0, st1', '$op st1, st0', '$opp st1, st0'];
        for (const op of ARITH)
          for (const form of cw === 0x37f ? forms : forms.slice(0, 1)) {
            if (cw !== 0x37f && (op === 'fsubr' || op === 'fdivr')) continue;
            cases.push({
              name: `${op} ${form} ${T80[a]?.[0]},${T80[b]?.[0]} cw=${cw.toString(16)}`,
              lines: ['fldcw [$cw]', 'fld tword [$b]', 'fld tword [$a]', form.replace('$op', op)],
              data: [`$cw: dw 0x${cw.toString(16)}`, ...t80Data('a', a), ...t80Data('b', b)],
            });
          }
      }
  }
  return cases;
}

/** Memory-operand arithmetic: m32fp, m64fp, m16int, m32int. */
export function memArithCases(): X87Case[] {
  const cases: X87Case[] = [];
  const mems: [string, string, string][] = [
    ['dword', 'dd 0x3eaaaaab', 'f32 1/3'],
    ['dword', 'dd 0x7f800001', 'f32 snan'],
    ['dword', 'dd 0x00000001', 'f32 denorm'],
    ['qword', 'dq 0x3fd5555555555555', 'f64 1/3'],
    ['qword', 'dq 0xfff0000000000000', 'f64 -inf'],
    ['qword', 'dq 0x000fffffffffffff', 'f64 denorm'],
  ];
  const ints: [string, string, string][] = [
    ['word', 'dw -32768', 'i16 min'],
    ['word', 'dw 7', 'i16 7'],
    ['dword', 'dd 0x7fffffff', 'i32 max'],
    ['dword', 'dd -3', 'i32 -3'],
  ];
  const ops = ['fadd', 'fmul', 'fcom', 'fcomp', 'fsub', 'fsubr', 'fdiv', 'fdivr'];
  for (const cw of [0x37f, 0x07f, 0xc7f])
    for (const a of [0, 3, 7, 13])
      for (const op of ops) {
        for (const [size, d, n] of mems)
          cases.push({
            name: `${op} ${n} st=${T80[a]?.[0]} cw=${cw.toString(16)}`,
            lines: ['fldcw [$cw]', 'fld tword [$a]', `${op} ${size} [$m]`, 'fnstsw ax'],
            data: [`$cw: dw 0x${cw.toString(16)}`, ...t80Data('a', a), `$m: ${d}`],
          });
        for (const [size, d, n] of ints)
          cases.push({
            name: `fi${op.slice(1)} ${n} st=${T80[a]?.[0]} cw=${cw.toString(16)}`,
            lines: ['fldcw [$cw]', 'fld tword [$a]', `fi${op.slice(1)} ${size} [$m]`, 'fnstsw ax'],
            data: [`$cw: dw 0x${cw.toString(16)}`, ...t80Data('a', a), `$m: ${d}`],
          });
      }
  return cases;
}

/** Loads and stores of every memory format, under each rounding mode. */
export function loadStoreCases(): X87Case[] {
  const cases: X87Case[] = [];
  const loads: [string, string][] = [
    ['fld dword', 'dd 0x3fc00000'],
    ['fld dword', 'dd 0xff800000'],
    ['fld dword', 'dd 0x7fa00000'],
    ['fld dword', 'dd 0x80000007'],
    ['fld qword', 'dq 0x400921fb54442d18'],
    ['fld qword', 'dq 0x7ff4000000000001'],
    ['fld qword', 'dq 0x8000000000000003'],
    ['fild word', 'dw -1234'],
    ['fild dword', 'dd -2147483648'],
    ['fild qword', 'dq -9223372036854775808'],
    ['fild qword', 'dq 0x123456789abcdef'],
    ['fbld tword', 'dq 0x0123456789012345\n    dw 0x8000'],
    ['fbld tword', 'dq 0x9999999999999999\n    dw 0x0099'],
    ['fbld tword', 'dq 0x00000000000000fa\n    dw 0x0000'],
    ['fbld tword', 'dq 0\n    dw 0x8000'],
  ];
  for (const [ins, d] of loads)
    cases.push({ name: `${ins} ${d}`, lines: [`${ins} [$m]`, 'fnstsw ax'], data: [`$m: ${d}`] });
  const stores = [
    'fst dword [$out]',
    'fstp dword [$out]',
    'fst qword [$out]',
    'fstp qword [$out]',
    'fstp tword [$out]',
    'fist word [$out]',
    'fistp word [$out]',
    'fist dword [$out]',
    'fistp dword [$out]',
    'fistp qword [$out]',
    'fisttp word [$out]',
    'fisttp dword [$out]',
    'fisttp qword [$out]',
    'fbstp tword [$out]',
  ];
  for (const cw of [0x37f, 0x77f, 0xb7f, 0xf7f, 0x07f])
    for (let a = 0; a < T80.length; a++)
      for (const s of stores) {
        if (cw !== 0x37f && a > 9) continue;
        cases.push({
          name: `${s} ${T80[a]?.[0]} cw=${cw.toString(16)}`,
          lines: ['fldcw [$cw]', 'fld tword [$a]', s, 'fnstsw ax'],
          data: [`$cw: dw 0x${cw.toString(16)}`, ...t80Data('a', a)],
        });
      }
  // Values near the integer and BCD limits.
  const near: [number, bigint][] = [
    [0x400e, 0xfffe000000000000n], // 65534
    [0x400d, 0xffff000000000000n], // 32767.5
    [0xc00e, 0x8000000000000000n], // -32768
    [0xc00e, 0x8001000000000000n], // -32768.5
    [0x401d, 0xffffffff00000000n], // 2^31 - 0.5
    [0x403e, 0x8000000000000000n], // 2^63
    [0xc03e, 0x8000000000000000n], // -2^63
    [0x403a, 0xde0b6b3a763ffff0n], // just below 1e18
    [0x403a, 0xde0b6b3a76400000n], // 1e18
    [0xbffe, 0x8000000000000000n], // -0.5
  ];
  for (const [h, l] of near)
    for (const s of [
      'fistp word [$out]',
      'fistp dword [$out]',
      'fistp qword [$out]',
      'fbstp tword [$out]',
      'fisttp word [$out]',
    ])
      for (const cw of [0x37f, 0xf7f, 0x77f])
        cases.push({
          name: `${s} ${h.toString(16)}:${l.toString(16)} cw=${cw.toString(16)}`,
          lines: ['fldcw [$cw]', 'fld tword [$a]', s, 'fnstsw ax'],
          data: [`$cw: dw 0x${cw.toString(16)}`, '$a:', ...tword(h, l)],
        });
  return cases;
}

/** Compares, fcomi flags, fcmov, ftst, fxam, constants, stack ops, control instructions. */
export function miscCases(): X87Case[] {
  const cases: X87Case[] = [];
  const cmpPicks = [0, 1, 7, 9, 10, 11, 12, 13, 14, 15, 16];
  const cmps = [
    'fcom st1',
    'fcomp st1',
    'fcompp',
    'fucom st1',
    'fucomp st1',
    'fucompp',
    'fcomi st0, st1',
    'fcomip st0, st1',
    'fucomi st0, st1',
    'fucomip st0, st1',
  ];
  for (const a of cmpPicks)
    for (const b of [0, 7, 13, 14, 16])
      for (const c of cmps)
        cases.push({
          name: `${c} ${T80[a]?.[0]},${T80[b]?.[0]}`,
          lines: ['%flags 0x8d5', 'fld tword [$b]', 'fld tword [$a]', c, 'fnstsw ax'],
          data: [...t80Data('a', a), ...t80Data('b', b)],
        });
  const fcmovs = ['fcmovb', 'fcmove', 'fcmovbe', 'fcmovu', 'fcmovnb', 'fcmovne', 'fcmovnbe', 'fcmovnu'];
  for (const fl of [0x0, 0x1, 0x40, 0x4, 0x41, 0x45])
    for (const c of fcmovs)
      cases.push({
        name: `${c} flags=${fl}`,
        lines: [`%flags ${fl}`, 'fldpi', 'fld1', `${c} st0, st1`],
        data: [],
      });
  for (let a = 0; a < T80.length; a++)
    for (const c of [
      'ftst',
      'fxam',
      'fchs',
      'fabs',
      'frndint',
      'fsqrt',
      'fxtract',
      'fincstp',
      'fdecstp',
      'ffree st0',
    ])
      cases.push({
        name: `${c} ${T80[a]?.[0]}`,
        lines: ['fld tword [$a]', c, 'fnstsw ax'],
        data: t80Data('a', a),
      });
  cases.push({ name: 'fxam empty', lines: ['fxam', 'fnstsw ax'] });
  cases.push({ name: 'fxam empty negative', lines: ['fld1', 'fchs', 'fstp st0', 'fxam', 'fnstsw ax'] });
  for (const cw of [0x37f, 0x77f, 0xb7f, 0xf7f])
    cases.push({
      name: `constants cw=${cw.toString(16)}`,
      lines: ['fldcw [$cw]', 'fld1', 'fldl2t', 'fldl2e', 'fldpi', 'fldlg2', 'fldln2', 'fldz', 'fnstsw ax'],
      data: [`$cw: dw 0x${cw.toString(16)}`],
    });
  // frndint under every rounding mode and precision
  for (const cw of CWS)
    for (const v of [
      [0x3ffe, 0xc000000000000000n],
      [0xbfff, 0xc000000000000000n],
      [0x401d, 0x8000000080000000n],
      [0x4034, 0x8000000000000001n],
      [0x3ffd, 0x8000000000000000n],
    ] as [number, bigint][])
      cases.push({
        name: `frndint ${v[0].toString(16)} cw=${cw.toString(16)}`,
        lines: ['fldcw [$cw]', 'fld tword [$a]', 'frndint', 'fnstsw ax'],
        data: [`$cw: dw 0x${cw.toString(16)}`, '$a:', ...tword(v[0], v[1])],
      });
  // stack: wrap-around, underflow, fxch, fld st(i), fst st(i), ffreep, fnop
  cases.push({ name: 'nine pushes', lines: Array(9).fill('fld1').concat(['fnstsw ax']) });
  cases.push({ name: 'empty add', lines: ['fadd st0, st1', 'fnstsw ax'] });
  cases.push({
    name: 'stack moves',
    lines: [
      'fld1',
      'fldpi',
      'fldz',
      'fxch st2',
      'fld st1',
      'fst st3',
      'fstp st2',
      'ffreep st1',
      'fnop',
      'fnstsw ax',
    ],
  });
  cases.push({
    name: 'undocumented aliases',
    lines: [
      'fld1',
      'fldpi',
      'db 0xdd, 0xc9',
      'db 0xdf, 0xc9',
      'db 0xd9, 0xd9',
      'db 0xdc, 0xd1',
      'db 0xdc, 0xd9',
      'db 0xde, 0xd1',
      'db 0xdf, 0xd1',
      'db 0xdf, 0xd9',
      'fnstsw ax',
    ],
  });
  cases.push({
    name: 'feni fdisi fsetpm',
    lines: ['fld1', 'db 0xdb, 0xe0', 'db 0xdb, 0xe1', 'db 0xdb, 0xe4', 'fnstsw ax'],
  });
  // control words and status words
  cases.push({
    name: 'fldcw odd bits and fnstcw',
    lines: [
      'fldcw [$cw]',
      'fnstcw [$out]',
      'fld1',
      'fldz',
      'fdiv st1, st0',
      'fnstsw [$out+4]',
      'fnclex',
      'fnstsw ax',
    ],
    data: ['$cw: dw 0xf0c0'],
  });
  cases.push({
    name: 'unmasked zero divide then fldcw masks it',
    lines: ['fldcw [$cw]', 'fld1', 'fldz', 'fdivp st1, st0', 'fnstsw [$out]', 'fldcw [$cw2]', 'fnstsw ax'],
    data: ['$cw: dw 0x37b', '$cw2: dw 0x37f'],
  });
  cases.push({
    name: 'masked flags accumulate, fnclex clears',
    lines: [
      'fld1',
      'fld tword [$d]',
      'fmul st0, st0',
      'fnstsw [$out]',
      'fldz',
      'fdivp st2, st0',
      'fnstsw [$out+2]',
      'fnclex',
      'fnstsw ax',
    ],
    data: ['$d:', ...tword(0x0001, 0x8000000000000000n)],
  });
  for (const cw of [0x37e, 0x37d, 0x37b, 0x377, 0x36f, 0x35f, 0x340])
    cases.push({
      name: `unmasked exceptions cw=${cw.toString(16)}`,
      lines: [
        'fldcw [$cw]',
        'fld tword [$s]',
        'fld1',
        'fdiv st0, st2',
        'fldz',
        'fdivr st0, st1',
        'fld tword [$t]',
        'fmul st0, st0',
        'fnstsw ax',
      ],
      data: [
        `$cw: dw 0x${cw.toString(16)}`,
        ...t80Data('s', 14),
        '$t:',
        ...tword(0x0100, 0x8000000000000001n),
      ],
    });
  // environment images, 16- and 32-bit
  const env = ['fld1', 'fldpi', 'fldz', 'fld tword [$d]', 'fdiv st0, st2'];
  cases.push({ name: 'fnstenv 32', lines: [...env, 'fnstenv [$out]'], data: ['$d:', ...tword(0x0000, 5n)] });
  cases.push({
    name: 'fnstenv 16',
    lines: [...env, 'o16 fnstenv [$out]'],
    data: ['$d:', ...tword(0x0000, 5n)],
  });
  cases.push({
    name: 'fldenv 32',
    lines: ['fld1', 'fldenv [$e]', 'fnstsw ax', 'fnstenv [$out]'],
    data: ['$e: dd 0x0b7f, 0x38a5, 0x0ff3, 0x11111111, 0x2222, 0x33333333, 0x4444'],
  });
  cases.push({
    name: 'fldenv 16',
    lines: ['fld1', 'o16 fldenv [$e]', 'fnstsw ax', 'o16 fnstenv [$out]'],
    data: ['$e: dw 0x077f, 0x2801, 0xfffc, 0x1111, 0x2222, 0x3333, 0x4444'],
  });
  cases.push({
    name: 'fnsave/frstor 32',
    lines: ['fld1', 'fldpi', 'fnsave [$img]', 'fld tword [$d]', 'frstor [$img]', 'fadd st0, st1'],
    data: ['$d:', ...tword(0x4000, 0x8000000000000000n), '$img: times 108 db 0'],
  });
  cases.push({
    name: 'fnsave/frstor 16',
    lines: ['fld1', 'fldl2e', 'o16 fnsave [$img]', 'fldz', 'o16 frstor [$img]', 'fmul st0, st1', 'fnstsw ax'],
    data: ['$img: times 94 db 0'],
  });
  cases.push({
    name: 'frstor foreign image',
    lines: ['frstor [$img]', 'fnstsw ax'],
    data: [
      '$img: dd 0x0f7f, 0x8281, 0x3fff, 0, 0, 0, 0',
      ...[0, 1, 2, 3, 14, 13, 11, 9].flatMap((i) => tword(T80[i]?.[1] as number, T80[i]?.[2] as bigint)),
    ],
  });
  return cases;
}

/** Scaling, remainders and the transcendental instructions. */
export function mathCases(): X87Case[] {
  const cases: X87Case[] = [];
  const two = (op: string, a: [number, bigint], b: [number, bigint], cw = 0x37f, tag = ''): X87Case => ({
    name: `${op} ${a[0].toString(16)}:${a[1].toString(16)} ${b[0].toString(16)}:${b[1].toString(16)} cw=${cw.toString(16)}${tag}`,
    lines: ['fldcw [$cw]', 'fld tword [$b]', 'fld tword [$a]', op, 'fnstsw ax'],
    data: [`$cw: dw 0x${cw.toString(16)}`, '$a:', ...tword(a[0], a[1]), '$b:', ...tword(b[0], b[1])],
  });
  const v = (i: number): [number, bigint] => [T80[i]?.[1] as number, T80[i]?.[2] as bigint];
  for (const op of ['fscale', 'fprem', 'fprem1', 'fpatan', 'fyl2x', 'fyl2xp1'])
    for (let a = 0; a < T80.length; a++)
      for (const b of [0, 1, 2, 3, 6, 7, 11, 12, 13, 16, 17]) cases.push(two(op, v(a), v(b)));
  // fprem over large exponent gaps (partial remainders) and quotient bits
  for (const [a, b] of [
    [
      [0x4100, 0xc90fdaa22168c235n],
      [0x4000, 0xc90fdaa22168c235n],
    ],
    [
      [0x4040, 0xffffffffffffffffn],
      [0x3fff, 0xc000000000000000n],
    ],
    [
      [0x401f, 0x9000000000000000n],
      [0x4000, 0xa000000000000000n],
    ],
    [
      [0x4002, 0xe000000000000000n],
      [0x4000, 0x8000000000000000n],
    ],
    [
      [0xc002, 0xd000000000000000n],
      [0x4000, 0x8000000000000000n],
    ],
    [
      [0x3fff, 0xc000000000000000n],
      [0x4000, 0x8000000000000000n],
    ],
  ] as [number, bigint][][])
    for (const op of ['fprem', 'fprem1'])
      for (const cw of [0x37f, 0x07f]) cases.push(two(op, a as [number, bigint], b as [number, bigint], cw));
  const args: [number, bigint][] = [];
  for (let k = -32; k <= 32; k += 3)
    args.push(
      k === 0 ? [0x3ffb, 0x9000000000000000n] : [k < 0 ? 0xbffa : 0x3ffa, BigInt(Math.abs(k)) << 58n],
    );
  for (let k = 0; k < 24; k++)
    args.push([0x3fe0 + k * 2, 0x8000000000000000n | ((BigInt(k) * 0x0123456789abcdefn) % (1n << 63n))]);
  for (const a of args)
    for (const op of ['f2xm1'])
      for (const cw of [0x37f, 0xf7f, 0x07f])
        cases.push({ ...two(op, a, [0x3fff, 0x8000000000000000n], cw) });
  for (let i = 0; i < T80.length; i++) cases.push(two('f2xm1', v(i), v(0)));
  // fyl2x / fyl2xp1 / fpatan over a spread of magnitudes
  const mags: [number, bigint][] = [];
  for (let e = 0x3f80; e <= 0x4080; e += 0x11)
    mags.push([e, 0x8000000000000000n | ((BigInt(e) * 0x9e3779b97f4a7c15n) & ((1n << 63n) - 1n))]);
  for (const a of mags)
    for (const b of [v(0), v(1), v(3)]) {
      cases.push(two('fyl2x', a, b));
      cases.push(two('fpatan', a, b));
      cases.push(two('fpatan', [a[0] ^ 0x8000, a[1]], b));
    }
  for (let k = 1; k < 40; k++) {
    const x: [number, bigint] = [k % 2 ? 0x3ffc : 0xbffc, 0x8000000000000000n | (BigInt(k) << 55n)];
    cases.push(two('fyl2xp1', x, v(2)));
    cases.push(two('fyl2x', [0x3fff, 0x8000000000000000n | (BigInt(k) << 56n)], v(3)));
  }
  for (const cw of [0x37f, 0x77f, 0xb7f, 0xf7f])
    for (const op of ['fyl2x', 'fyl2xp1', 'fpatan'])
      cases.push(two(op, [0x3ffd, 0xb000000000000000n], v(2), cw));
  // fsin/fcos/fsincos/fptan through doubles
  const trig: [number, bigint][] = [];
  for (let k = 0; k < 48; k++)
    trig.push([
      0x3ff0 + k,
      0x8000000000000000n | ((BigInt(k + 1) * 0xc13fa9a902a6328fn) & ((1n << 63n) - 1n)),
    ]);
  trig.push(
    v(2),
    v(5),
    v(7),
    v(9),
    v(11),
    v(13),
    v(14),
    v(15),
    v(16),
    [0x403e, 0x8000000000000000n],
    [0x403e, 0x8000000000000001n],
    [0x403f, 0x8000000000000000n],
  );
  for (const a of trig) for (const op of ['fsin', 'fcos', 'fsincos', 'fptan']) cases.push(two(op, a, v(0)));
  for (const cw of [0x77f, 0xb7f, 0xf7f])
    for (const op of ['fsin', 'fptan']) cases.push(two(op, v(2), v(0), cw));
  return cases;
}

/** fxsave/fxrstor (CR4.OSFXSR is clear under the multiboot loader, so only the x87 part is used). */
export function fxsaveCases(): X87Case[] {
  const img = ['align 16', '$img: times 512 db 0x5a'];
  const readBack = [
    'fild dword [$img]',
    'fild dword [$img+4]',
    'fild qword [$img+8]',
    'fild qword [$img+16]',
    'fild qword [$img+40]',
    'fld tword [$img+32]',
    'fld tword [$img+48]',
  ];
  return [
    {
      name: 'fxsave image',
      lines: [
        'fldcw [$cw]',
        'fld1',
        'fldpi',
        'fldz',
        'fld tword [$d]',
        'fdiv st0, st1',
        'fxsave [$img]',
        'fninit',
        ...readBack,
      ],
      data: ['$cw: dw 0x0b72', '$d:', ...tword(0x0000, 7n), ...img],
    },
    {
      name: 'fxrstor image',
      lines: [
        'fld1',
        'fldpi',
        'fxsave [$img]',
        'fninit',
        'fldz',
        'fxrstor [$img]',
        'fadd st0, st1',
        'fnstsw ax',
      ],
      data: img,
    },
    {
      name: 'fxrstor foreign image',
      lines: ['fxrstor [$img]', 'fnstsw ax', 'fxam'],
      data: [
        'align 16',
        '$img: dw 0x0f7f, 0xb0a1, 0x0083, 0x1234',
        'dd 0x11111111, 0x2222, 0x33333333, 0x4444, 0x1f80, 0xffff',
        ...[0, 2, 3, 14, 13, 11, 9, 1].flatMap((i) => [
          ...tword(T80[i]?.[1] as number, T80[i]?.[2] as bigint),
          'dw 0, 0, 0',
        ]),
        'times 512-160 db 0',
      ],
    },
  ];
}

/** Seeded random operands for the transcendental and scaling instructions, under random control words. */
export function randomMathCases(seed = 0x2545f491, perOp = 160): X87Case[] {
  let x = BigInt(seed);
  const next = (): bigint => {
    // xorshift64*
    x ^= x >> 12n;
    x ^= (x << 25n) & ((1n << 64n) - 1n);
    x ^= x >> 27n;
    return (x * 0x2545f4914f6cdd1dn) & ((1n << 64n) - 1n);
  };
  const pick = <T>(a: T[]): T => a[Number(next() % BigInt(a.length))] as T;
  const val = (expLo: number, expHi: number, signed: boolean): [number, bigint] => {
    const e = expLo + Number(next() % BigInt(expHi - expLo + 1));
    const sgn = signed && next() & 1n ? 0x8000 : 0;
    return [sgn | e, next() | (1n << 63n)];
  };
  const cws = [0x37f, 0x77f, 0xb7f, 0xf7f, 0x07f, 0x27f, 0x360];
  const ops: [string, () => [number, bigint], () => [number, bigint]][] = [
    ['f2xm1', () => val(0x3fb0, 0x3ffe, true), () => [0x3fff, 1n << 63n]],
    ['f2xm1', () => val(0x3f00, 0x3fb0, true), () => [0x3fff, 1n << 63n]],
    ['fyl2x', () => val(0x3f00, 0x4100, false), () => val(0x3ff0, 0x4010, true)],
    ['fyl2x', () => val(0x3ffe, 0x3fff, false), () => val(0x3ff0, 0x4010, true)],
    ['fyl2xp1', () => val(0x3fa0, 0x3ffd, true), () => val(0x3ff0, 0x4010, true)],
    ['fpatan', () => val(0x3f80, 0x4080, true), () => val(0x3f80, 0x4080, true)],
    ['fpatan', () => val(0x3ff0, 0x4010, true), () => val(0x3ff0, 0x4010, true)],
    ['fsin', () => val(0x3fe0, 0x403d, true), () => [0x3fff, 1n << 63n]],
    ['fcos', () => val(0x3fe0, 0x403d, true), () => [0x3fff, 1n << 63n]],
    ['fptan', () => val(0x3fe0, 0x4020, true), () => [0x3fff, 1n << 63n]],
    ['fsincos', () => val(0x3ff0, 0x4010, true), () => [0x3fff, 1n << 63n]],
    ['fscale', () => val(0x0001, 0x7ffe, true), () => val(0x3fff, 0x400e, true)],
    ['fprem', () => val(0x3fff, 0x4060, true), () => val(0x3ff0, 0x4010, true)],
    ['fprem1', () => val(0x3fff, 0x4060, true), () => val(0x3ff0, 0x4010, true)],
    ['fsqrt', () => val(0x0001, 0x7ffe, false), () => [0x3fff, 1n << 63n]],
  ];
  const cases: X87Case[] = [];
  for (const [op, ga, gb] of ops)
    for (let i = 0; i < perOp; i++) {
      const a = ga();
      const b = gb();
      const cw = pick(cws);
      cases.push({
        name: `${op} ${a[0].toString(16)}:${a[1].toString(16)} ${b[0].toString(16)}:${b[1].toString(16)} cw=${cw.toString(16)}`,
        lines: ['fldcw [$cw]', 'fld tword [$b]', 'fld tword [$a]', op, 'fnstsw ax'],
        data: [`$cw: dw 0x${cw.toString(16)}`, '$a:', ...tword(a[0], a[1]), '$b:', ...tword(b[0], b[1])],
      });
    }
  return cases;
}

/** Seeded random stores (every format, around the float32/float64/integer ranges) and memory loads. */
export function randomLoadStoreCases(seed = 0x9e3779b9, count = 1500): X87Case[] {
  let x = BigInt(seed);
  const next = (): bigint => {
    x ^= x >> 12n;
    x ^= (x << 25n) & ((1n << 64n) - 1n);
    x ^= x >> 27n;
    return (x * 0x2545f4914f6cdd1dn) & ((1n << 64n) - 1n);
  };
  const pick = <T>(a: T[]): T => a[Number(next() % BigInt(a.length))] as T;
  const cws = [0x37f, 0x77f, 0xb7f, 0xf7f, 0x07f, 0x27f, 0x360];
  // exponent windows: float32 and float64 denormal/overflow edges, integer ranges, ordinary values
  const windows: [number, number][] = [
    [0x3f60, 0x3f82],
    [0x3bc0, 0x3c02],
    [0x407c, 0x4082],
    [0x43fc, 0x4402],
    [0x3ffe, 0x403f],
    [0x3f00, 0x4100],
  ];
  const stores = [
    'fstp dword [$out]',
    'fstp qword [$out]',
    'fistp word [$out]',
    'fistp dword [$out]',
    'fistp qword [$out]',
    'fisttp dword [$out]',
    'fbstp tword [$out]',
  ];
  const cases: X87Case[] = [];
  for (let i = 0; i < count; i++) {
    const [lo, hi] = pick(windows);
    const e = lo + Number(next() % BigInt(hi - lo + 1));
    const h = (next() & 1n ? 0x8000 : 0) | e;
    const l = next() | (1n << 63n);
    const cw = pick(cws);
    const s = pick(stores);
    cases.push({
      name: `${s} ${h.toString(16)}:${l.toString(16)} cw=${cw.toString(16)}`,
      lines: ['fldcw [$cw]', 'fld tword [$a]', s, 'fnstsw ax'],
      data: [`$cw: dw 0x${cw.toString(16)}`, '$a:', ...tword(h, l)],
    });
  }
  for (let i = 0; i < count / 3; i++) {
    const cw = pick(cws);
    const [ins, d] = pick([
      ['fld qword', () => `dq 0x${next().toString(16)}`],
      ['fld dword', () => `dd 0x${(next() & 0xffffffffn).toString(16)}`],
      ['fild qword', () => `dq 0x${next().toString(16)}`],
      ['fadd qword', () => `dq 0x${next().toString(16)}`],
      ['fimul dword', () => `dd 0x${(next() & 0xffffffffn).toString(16)}`],
      ['fbld tword', () => `dq 0x${next().toString(16)}\n    dw 0x${(next() & 0x80ffn).toString(16)}`],
    ] as [string, () => string][]);
    cases.push({
      name: `${ins} random cw=${cw.toString(16)}`,
      lines: ['fldcw [$cw]', 'fldpi', `${ins} [$m]`, 'fnstsw ax'],
      data: [`$cw: dw 0x${cw.toString(16)}`, `$m: ${d()}`],
    });
  }
  return cases;
}
