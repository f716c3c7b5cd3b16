/**
 * Every IR op on every backend, with and without the optimizer, with operands in globals (run-time path)
 * and as constants (folded by the optimizer), against a BigInt reference.
 */
import { describe, expect, it } from 'vitest';
import { BACKENDS, TestMachine } from './__fixtures__/machine.js';
import type { TCGContext } from './context.js';
import { TCGCond } from './ir.js';

const EDGE = [
  0, 1, 2, -1, -2, 0x7fffffff, -0x80000000, 31, 32, 33, 0x12345678, -0x789abcdf, 0xff, 0x8000, 0x80,
];

const U = (x: number) => BigInt.asUintN(32, BigInt(x));
const S = (x: number) => BigInt.asIntN(32, BigInt(x));
const i32 = (x: bigint) => Number(BigInt.asIntN(32, x));
const sh = (b: number) => BigInt(b & 31);

type Bin = [
  string,
  (s: TCGContext, d: number, a: number, b: number) => void,
  (a: number, b: number) => number | undefined,
];
const BIN: Bin[] = [
  ['add', (s, d, a, b) => s.add(d, a, b), (a, b) => i32(S(a) + S(b))],
  ['sub', (s, d, a, b) => s.sub(d, a, b), (a, b) => i32(S(a) - S(b))],
  ['mul', (s, d, a, b) => s.mul(d, a, b), (a, b) => i32(S(a) * S(b))],
  ['div', (s, d, a, b) => s.div(d, a, b), (a, b) => (b === 0 ? undefined : i32(S(a) / S(b)))],
  ['divu', (s, d, a, b) => s.divu(d, a, b), (a, b) => (b === 0 ? undefined : i32(U(a) / U(b)))],
  ['rem', (s, d, a, b) => s.rem(d, a, b), (a, b) => (b === 0 ? undefined : i32(S(a) % S(b)))],
  ['remu', (s, d, a, b) => s.remu(d, a, b), (a, b) => (b === 0 ? undefined : i32(U(a) % U(b)))],
  ['and', (s, d, a, b) => s.and(d, a, b), (a, b) => i32(U(a) & U(b))],
  ['or', (s, d, a, b) => s.or(d, a, b), (a, b) => i32(U(a) | U(b))],
  ['xor', (s, d, a, b) => s.xor(d, a, b), (a, b) => i32(U(a) ^ U(b))],
  ['andc', (s, d, a, b) => s.andc(d, a, b), (a, b) => i32(U(a) & ~U(b))],
  ['orc', (s, d, a, b) => s.orc(d, a, b), (a, b) => i32(U(a) | (U(b) ^ 0xffffffffn))],
  ['eqv', (s, d, a, b) => s.eqv(d, a, b), (a, b) => i32(U(a) ^ U(b) ^ 0xffffffffn)],
  ['nand', (s, d, a, b) => s.nand(d, a, b), (a, b) => i32((U(a) & U(b)) ^ 0xffffffffn)],
  ['nor', (s, d, a, b) => s.nor(d, a, b), (a, b) => i32((U(a) | U(b)) ^ 0xffffffffn)],
  ['shl', (s, d, a, b) => s.shl(d, a, b), (a, b) => i32(U(a) << sh(b))],
  ['shr', (s, d, a, b) => s.shr(d, a, b), (a, b) => i32(U(a) >> sh(b))],
  ['sar', (s, d, a, b) => s.sar(d, a, b), (a, b) => i32(S(a) >> sh(b))],
  ['rotl', (s, d, a, b) => s.rotl(d, a, b), (a, b) => i32((U(a) << sh(b)) | (U(a) >> ((32n - sh(b)) % 32n)))],
  ['rotr', (s, d, a, b) => s.rotr(d, a, b), (a, b) => i32((U(a) >> sh(b)) | (U(a) << ((32n - sh(b)) % 32n)))],
  ['clz', (s, d, a, b) => s.clz(d, a, b), (a, b) => (a === 0 ? b : 32 - U(a).toString(2).length)],
  [
    'ctz',
    (s, d, a, b) => s.ctz(d, a, b),
    (a, b) => (a === 0 ? b : U(a).toString(2).length - 1 - U(a).toString(2).lastIndexOf('1')),
  ],
];

type Un = [string, (s: TCGContext, d: number, a: number) => void, (a: number) => number];
const UN: Un[] = [
  ['neg', (s, d, a) => s.neg(d, a), (a) => i32(-S(a))],
  ['not', (s, d, a) => s.not(d, a), (a) => i32(U(a) ^ 0xffffffffn)],
  ['ext8s', (s, d, a) => s.ext8s(d, a), (a) => Number(BigInt.asIntN(8, U(a)))],
  ['ext8u', (s, d, a) => s.ext8u(d, a), (a) => Number(BigInt.asUintN(8, U(a)))],
  ['ext16s', (s, d, a) => s.ext16s(d, a), (a) => Number(BigInt.asIntN(16, U(a)))],
  ['ext16u', (s, d, a) => s.ext16u(d, a), (a) => Number(BigInt.asUintN(16, U(a)))],
  ['bswap16', (s, d, a) => s.bswap16(d, a), (a) => ((a & 0xff) << 8) | ((a >> 8) & 0xff)],
  [
    'bswap32',
    (s, d, a) => s.bswap32(d, a),
    (a) => i32(BigInt(`0x${U(a).toString(16).padStart(8, '0').match(/../g)?.reverse().join('')}`)),
  ],
  ['ctpop', (s, d, a) => s.ctpop(d, a), (a) => [...U(a).toString(2)].filter((c) => c === '1').length],
];

const CONDS: [TCGCond, (a: number, b: number) => boolean][] = [
  [TCGCond.EQ, (a, b) => a === b],
  [TCGCond.NE, (a, b) => a !== b],
  [TCGCond.LT, (a, b) => S(a) < S(b)],
  [TCGCond.GE, (a, b) => S(a) >= S(b)],
  [TCGCond.LE, (a, b) => S(a) <= S(b)],
  [TCGCond.GT, (a, b) => S(a) > S(b)],
  [TCGCond.LTU, (a, b) => U(a) < U(b)],
  [TCGCond.GEU, (a, b) => U(a) >= U(b)],
  [TCGCond.LEU, (a, b) => U(a) <= U(b)],
  [TCGCond.GTU, (a, b) => U(a) > U(b)],
];

const MODES = BACKENDS.flatMap((backend) => [
  { backend, optimize: false },
  { backend, optimize: true },
]);

/** Runs `body` as a one-TB program: g0, g1 (globals 0, 1) in, results in globals 2.. ; returns gs. */
function runProgram(
  m: TestMachine,
  pc: number,
  inputs: number[],
  body: (s: TCGContext, g: number[]) => void,
) {
  if (!m.progs.has(pc)) {
    m.progs.set(pc, (s) => {
      const g = Array.from({ length: 8 }, (_, i) => s.global(i, `g${i}`));
      s.insnStart(pc);
      body(s, g);
      s.exitTb(1);
    });
  }
  inputs.forEach((v, i) => {
    m.env.gs[i] = v;
  });
  expect(m.runAt(pc)).toBe(1);
  return m.env.gs;
}

describe.each(MODES)('ops on $backend (optimize: $optimize)', ({ backend, optimize }) => {
  it.each(BIN)('%s with edge operands, run time and folded', (name, emit, ref) => {
    const m = new TestMachine(backend, { optimize });
    let pc = 0x1000;
    for (const a of EDGE) {
      for (const b of EDGE) {
        const want = ref(a, b);
        if (want === undefined) continue;
        const gs = runProgram(m, 0x100, [a, b], (s, g) => emit(s, g[2], g[0], g[1]));
        expect([name, a, b, gs[2]]).toEqual([name, a, b, want]);
        // constant operands (folded when optimizing)
        const k = pc;
        pc += 4;
        const gs2 = runProgram(m, k, [], (s, g) => emit(s, g[3], s.const(a), s.const(b)));
        expect([name, 'const', a, b, gs2[3]]).toEqual([name, 'const', a, b, want]);
      }
    }
  });

  it.each(UN)('%s with edge operands', (name, emit, ref) => {
    const m = new TestMachine(backend, { optimize });
    let pc = 0x1000;
    for (const a of EDGE) {
      const gs = runProgram(m, 0x100, [a], (s, g) => emit(s, g[2], g[0]));
      expect([name, a, gs[2]]).toEqual([name, a, ref(a)]);
      pc += 4;
      const gs2 = runProgram(m, pc, [], (s, g) => emit(s, g[3], s.const(a)));
      expect([name, 'const', a, gs2[3]]).toEqual([name, 'const', a, ref(a)]);
    }
  });

  it('shift and rotate immediates by 0, 1, 31 and 32 (mod 32)', () => {
    const m = new TestMachine(backend, { optimize });
    for (const n of [0, 1, 31, 32]) {
      const gs = runProgram(m, 0x200 + n * 4, [-0x7edcba99], (s, g) => {
        s.shli(g[2], g[0], n);
        s.shri(g[3], g[0], n);
        s.sari(g[4], g[0], n);
        s.rotli(g[5], g[0], n);
        s.rotri(g[6], g[0], n);
      });
      const a = -0x7edcba99;
      const k = n & 31;
      expect([n, ...gs.slice(2, 7)]).toEqual([
        n,
        a << k,
        (a >>> k) | 0,
        a >> k,
        k ? (a << k) | (a >>> (32 - k)) : a,
        k ? (a >>> k) | (a << (32 - k)) : a,
      ]);
    }
  });

  it('mulu2, muls2, add2 and sub2 give the 64-bit results', () => {
    const m = new TestMachine(backend, { optimize });
    for (const a of EDGE) {
      for (const b of EDGE) {
        const gs = runProgram(m, 0x300, [a, b, a ^ 0x5555, b ^ 0x3333], (s, g) => {
          const lo = s.temp();
          const hi = s.temp();
          s.mulu2(lo, hi, g[0], g[1]);
          s.mov(g[4], lo);
          s.mov(g[5], hi);
          s.muls2(g[6], g[7], g[0], g[1]);
          // add2/sub2 in place over inputs (outputs alias inputs)
          s.add2(g[2], g[3], g[0], g[2], g[1], g[3]);
        });
        const pu = U(a) * U(b);
        const ps = BigInt.asUintN(64, S(a) * S(b));
        const sum = BigInt.asUintN(64, ((U(a ^ 0x5555) << 32n) | U(a)) + ((U(b ^ 0x3333) << 32n) | U(b)));
        expect([a, b, gs[4], gs[5], gs[6], gs[7], gs[2], gs[3]]).toEqual([
          a,
          b,
          i32(pu),
          i32(pu >> 32n),
          i32(ps),
          i32(ps >> 32n),
          i32(sum),
          i32(sum >> 32n),
        ]);
        const gs2 = runProgram(m, 0x304, [a, b, a ^ 0x5555, b ^ 0x3333], (s, g) => {
          s.sub2(g[4], g[5], g[0], g[2], g[1], g[3]);
        });
        const diff = BigInt.asUintN(64, ((U(a ^ 0x5555) << 32n) | U(a)) - ((U(b ^ 0x3333) << 32n) | U(b)));
        expect([a, b, gs2[4], gs2[5]]).toEqual([a, b, i32(diff), i32(diff >> 32n)]);
      }
    }
  });

  it('setcond, movcond and brcond on every condition', () => {
    const m = new TestMachine(backend, { optimize });
    const vals = [0, 1, -1, 0x7fffffff, -0x80000000, 5];
    for (const [c, ref] of CONDS) {
      for (const a of vals) {
        for (const b of vals) {
          const gs = runProgram(m, 0x400 + c * 16, [a, b], (s, g) => {
            s.setcond(c, g[2], g[0], g[1]);
            s.movcond(c, g[3], g[0], g[1], s.const(111), s.const(222));
            const l = s.label();
            s.movi(g[4], 0);
            s.brcond(c, g[0], g[1], l);
            s.movi(g[4], 7);
            s.setLabel(l);
            s.addi(g[4], g[4], 1);
          });
          const r = ref(a, b);
          expect([c, a, b, gs[2], gs[3], gs[4]]).toEqual([c, a, b, r ? 1 : 0, r ? 111 : 222, r ? 1 : 8]);
          // same with constant operands: the optimizer folds the branch
          const gs2 = runProgram(
            m,
            0x10000 + c * 0x1000 + (vals.indexOf(a) * 8 + vals.indexOf(b)) * 8,
            [],
            (s, g) => {
              const l = s.label();
              s.movi(g[4], 0);
              s.brcond(c, s.const(a), s.const(b), l);
              s.movi(g[4], 7);
              s.setLabel(l);
              s.setcond(c, g[5], s.const(a), s.const(b));
            },
          );
          expect([c, a, b, gs2[4], gs2[5]]).toEqual([c, a, b, r ? 0 : 7, r ? 1 : 0]);
        }
      }
    }
  });

  it('deposit, extract and sextract over offsets and lengths', () => {
    const m = new TestMachine(backend, { optimize });
    const a = -0x6d4c2b1a;
    const b = 0x13579bdf;
    for (const [ofs, len] of [
      [0, 1],
      [0, 8],
      [8, 8],
      [16, 16],
      [0, 32],
      [31, 1],
      [4, 20],
      [1, 31],
    ]) {
      const gs = runProgram(m, 0x800 + ofs * 64 + len, [a, b], (s, g) => {
        s.deposit(g[2], g[0], g[1], ofs, len);
        s.extract(g[3], g[0], ofs, len);
        s.sextract(g[4], g[0], ofs, len);
      });
      const mask = ((1n << BigInt(len)) - 1n) << BigInt(ofs);
      const dep = i32((U(a) & ~mask) | ((U(b) << BigInt(ofs)) & mask));
      const ext = (U(a) >> BigInt(ofs)) & ((1n << BigInt(len)) - 1n);
      expect([ofs, len, gs[2], gs[3], gs[4]]).toEqual([
        ofs,
        len,
        dep,
        i32(ext),
        Number(BigInt.asIntN(len, ext)),
      ]);
    }
  });

  it('keeps local temps across branches and loops backward', () => {
    const m = new TestMachine(backend, { optimize });
    // sum 1..g0 with a backward branch inside the TB
    const gs = runProgram(m, 0x900, [10], (s, g) => {
      const i = s.tempLocal();
      const acc = s.tempLocal();
      s.mov(i, g[0]);
      s.movi(acc, 0);
      const top = s.label();
      const done = s.label();
      s.setLabel(top);
      s.brcondi(TCGCond.EQ, i, 0, done);
      s.add(acc, acc, i);
      s.subi(i, i, 1);
      s.br(top);
      s.setLabel(done);
      s.mov(g[2], acc);
    });
    expect(gs[2]).toBe(55);
  });
});
