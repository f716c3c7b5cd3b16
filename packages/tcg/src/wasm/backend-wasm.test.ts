/**
 * What only the wasm backend has: its code generation per op against the interpreter (edge operands that
 * trap in WebAssembly or differ from JS), the trampoline's chaining (precise exceptions, self-modifying
 * code and exit requests in the middle of a chain), batched and asynchronous compilation, the table
 * filling up, and the arena it needs.
 */
import { describe, expect, it } from 'vitest';
import { GuestFault, SLOT_EIP, TestMachine, type TestMachineOptions } from '../__fixtures__/machine.js';
import type { TCGContext, TranslationBlock } from '../context.js';
import { ExecExit, TcgExecutor } from '../cpu-exec.js';
import { MO_8, MO_16, MO_32, MO_SIGN, TCG_CALL_NO_RWG_SE, TCG_CALL_NO_SIDE_EFFECTS, TCGCond } from '../ir.js';
import { type PhysMemory, SoftTLB } from '../softmmu.js';
import { WasmArena } from './arena.js';

const EDGE = [0, 1, -1, 2, -2, 31, 32, 33, 0x7fffffff, -0x80000000, 0x12345678, -0x789abcdf, 0xffff, 0x8000];
const PAIRS = EDGE.flatMap((a) => EDGE.map((b) => [a, b] as const));
/** operands, and results, in guest memory */
const IN = 0x30000;
const OUT = 0x38000;

function tbAt(m: TestMachine, pc: number): TranslationBlock {
  const tb = [...m.exec.cache.allTbs()].find((t) => t.pc === pc);
  if (!tb) throw new Error(`no TB at 0x${pc.toString(16)}`);
  return tb;
}

/**
 * Runs a one-TB program at `pc` on the interpreter and on wasm (compiled at translation) twice, the
 * first time through the TLB's slow path, then through the inlined hit path; returns the wasm machine's
 * view of [IN, OUT + outBytes) after checking it equals the interpreter's after each run.
 */
function onBoth(
  optimize: boolean,
  body: (s: TCGContext) => void,
  inputs: number[],
  outBytes: number,
): DataView {
  const ms = (['interp', 'wasm'] as const).map((b) => new TestMachine(b, { optimize }));
  for (const m of ms) {
    m.progs.set(0x1000, (s) => {
      s.insnStart(0x1000);
      body(s);
      s.exitTb(1);
    });
    const dv = new DataView(m.ram.buffer, m.ram.byteOffset);
    inputs.forEach((v, i) => {
      dv.setInt32(IN + i * 4, v, true);
    });
  }
  for (let round = 0; round < 2; round++) {
    ms[1].ram.fill(0, OUT, OUT + outBytes);
    ms[0].ram.fill(0, OUT, OUT + outBytes);
    for (const m of ms) expect(m.runAt(0x1000)).toBe(1);
    expect(
      Buffer.from(ms[1].ram.subarray(IN, OUT + outBytes)).equals(ms[0].ram.subarray(IN, OUT + outBytes)),
    ).toBe(true);
  }
  expect(tbAt(ms[1], 0x1000).wasmIdx).toBeGreaterThan(0);
  expect(ms[1].exec.tbsExecuted).toBe(2);
  return new DataView(ms[1].ram.buffer, ms[1].ram.byteOffset);
}

/** a 32-bit load of operand i (a run-time value: a wasm local) */
function operand(s: TCGContext, i: number): number {
  const t = s.temp();
  s.qemuLd(t, s.const(IN + i * 4), MO_32, 0);
  return t;
}

function result(s: TCGContext, v: number, k: number): void {
  s.qemuSt(v, s.const(OUT + k * 4), MO_32, 0);
}

type Bin = [string, (s: TCGContext, d: number, a: number, b: number) => void];
const BIN: Bin[] = [
  ['add', (s, d, a, b) => s.add(d, a, b)],
  ['sub', (s, d, a, b) => s.sub(d, a, b)],
  ['mul', (s, d, a, b) => s.mul(d, a, b)],
  ['div', (s, d, a, b) => s.div(d, a, b)],
  ['divu', (s, d, a, b) => s.divu(d, a, b)],
  ['rem', (s, d, a, b) => s.rem(d, a, b)],
  ['remu', (s, d, a, b) => s.remu(d, a, b)],
  ['and', (s, d, a, b) => s.and(d, a, b)],
  ['or', (s, d, a, b) => s.or(d, a, b)],
  ['xor', (s, d, a, b) => s.xor(d, a, b)],
  ['andc', (s, d, a, b) => s.andc(d, a, b)],
  ['orc', (s, d, a, b) => s.orc(d, a, b)],
  ['eqv', (s, d, a, b) => s.eqv(d, a, b)],
  ['nand', (s, d, a, b) => s.nand(d, a, b)],
  ['nor', (s, d, a, b) => s.nor(d, a, b)],
  ['shl', (s, d, a, b) => s.shl(d, a, b)],
  ['shr', (s, d, a, b) => s.shr(d, a, b)],
  ['sar', (s, d, a, b) => s.sar(d, a, b)],
  ['rotl', (s, d, a, b) => s.rotl(d, a, b)],
  ['rotr', (s, d, a, b) => s.rotr(d, a, b)],
  ['clz', (s, d, a, b) => s.clz(d, a, b)],
  ['ctz', (s, d, a, b) => s.ctz(d, a, b)],
  ['setcond ltu', (s, d, a, b) => s.setcond(TCGCond.LTU, d, a, b)],
  ['setcond le', (s, d, a, b) => s.setcond(TCGCond.LE, d, a, b)],
  ['movcond gt', (s, d, a, b) => s.movcond(TCGCond.GT, d, a, b, b, a)],
];

type Un = [string, (s: TCGContext, d: number, a: number) => void];
const UN: Un[] = [
  ['neg', (s, d, a) => s.neg(d, a)],
  ['not', (s, d, a) => s.not(d, a)],
  ['ext8s', (s, d, a) => s.ext8s(d, a)],
  ['ext8u', (s, d, a) => s.ext8u(d, a)],
  ['ext16s', (s, d, a) => s.ext16s(d, a)],
  ['ext16u', (s, d, a) => s.ext16u(d, a)],
  ['bswap16', (s, d, a) => s.bswap16(d, a)],
  ['bswap32', (s, d, a) => s.bswap32(d, a)],
  ['ctpop', (s, d, a) => s.ctpop(d, a)],
  ...[
    [0, 1],
    [0, 8],
    [8, 8],
    [16, 16],
    [0, 32],
    [31, 1],
    [1, 31],
    [4, 20],
  ].flatMap(([ofs, len]): Un[] => [
    [`extract ${ofs},${len}`, (s, d, a) => s.extract(d, a, ofs, len)],
    [`sextract ${ofs},${len}`, (s, d, a) => s.sextract(d, a, ofs, len)],
    [`deposit ${ofs},${len}`, (s, d, a) => s.deposit(d, a, s.const(-0x5a5a5a5b), ofs, len)],
  ]),
];

describe.each([false, true])('wasm code generation against the interpreter (optimize: %s)', (optimize) => {
  it.each(BIN)('%s on edge operands, in locals and as constants', (_name, emit) => {
    const out = onBoth(
      optimize,
      (s) => {
        PAIRS.forEach(([a, b], i) => {
          const d = s.temp();
          emit(s, d, operand(s, i * 2), operand(s, i * 2 + 1));
          result(s, d, i * 2);
          const k = s.temp();
          emit(s, k, s.const(a), s.const(b));
          result(s, k, i * 2 + 1);
        });
      },
      PAIRS.flat(),
      PAIRS.length * 8,
    );
    // locals and constants agree with each other too
    for (let i = 0; i < PAIRS.length; i++)
      expect(out.getInt32(OUT + i * 8, true)).toBe(out.getInt32(OUT + i * 8 + 4, true));
  });

  it('division and remainder by zero and INT_MIN / -1 give JS results instead of trapping', () => {
    const cases: [number, number][] = [
      [7, 0],
      [-0x80000000, 0],
      [0, 0],
      [-0x80000000, -1],
      [5, -1],
      [-7, 2],
    ];
    const ops = BIN.filter(([n]) => ['div', 'divu', 'rem', 'remu'].includes(n));
    const out = onBoth(
      optimize,
      (s) => {
        let k = 0;
        cases.forEach(([, b], i) => {
          for (const [, emit] of ops) {
            const d = s.temp();
            emit(s, d, operand(s, i * 2), operand(s, i * 2 + 1));
            result(s, d, k++);
            const c = s.temp();
            // a constant divisor only
            emit(s, c, operand(s, i * 2), s.const(b));
            result(s, c, k++);
          }
        });
      },
      cases.flat(),
      cases.length * ops.length * 8,
    );
    const got = cases.map((_, i) =>
      Array.from({ length: ops.length * 2 }, (_, j) =>
        out.getInt32(OUT + (i * ops.length * 2 + j) * 4, true),
      ),
    );
    // [div, div const, divu, divu const, rem, rem const, remu, remu const]
    expect(got).toEqual([
      [0, 0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0, 0],
      [-0x80000000, -0x80000000, 0, 0, 0, 0, -0x80000000, -0x80000000],
      [-5, -5, 0, 0, 0, 0, 5, 5],
      [-3, -3, 0x7ffffffc, 0x7ffffffc, -1, -1, 1, 1],
    ]);
  });

  it.each(UN)('%s on edge operands, in locals and as constants', (_name, emit) => {
    const vals = [...EDGE, 0x80, 0xff, 0x7f, -0x81, 0xff00ff00, 0x00ff00ff];
    const out = onBoth(
      optimize,
      (s) => {
        vals.forEach((a, i) => {
          const d = s.temp();
          emit(s, d, operand(s, i));
          result(s, d, i * 2);
          const k = s.temp();
          emit(s, k, s.const(a));
          result(s, k, i * 2 + 1);
        });
      },
      vals,
      vals.length * 8,
    );
    for (let i = 0; i < vals.length; i++)
      expect(out.getInt32(OUT + i * 8, true)).toBe(out.getInt32(OUT + i * 8 + 4, true));
  });

  it('add2 and sub2 carry and borrow between the words, mulu2 and muls2 give the high words', () => {
    const V = [0, 1, -1, 0x7fffffff, -0x80000000, 0xffff, 0x12345678];
    const quads = V.flatMap((a) => V.flatMap((b) => V.map((c) => [a, b, c, (a ^ c) - 1] as const)));
    const out = onBoth(
      optimize,
      (s) => {
        quads.forEach((_, i) => {
          const [al, ah, bl, bh] = [0, 1, 2, 3].map((j) => operand(s, i * 4 + j));
          const lo = s.temp();
          const hi = s.temp();
          s.add2(lo, hi, al, ah, bl, bh);
          result(s, lo, i * 8);
          result(s, hi, i * 8 + 1);
          s.sub2(lo, hi, al, ah, bl, bh);
          result(s, lo, i * 8 + 2);
          result(s, hi, i * 8 + 3);
          s.mulu2(lo, hi, al, bl);
          result(s, lo, i * 8 + 4);
          result(s, hi, i * 8 + 5);
          // outputs aliasing the inputs
          s.muls2(al, bl, al, bl);
          result(s, al, i * 8 + 6);
          result(s, bl, i * 8 + 7);
        });
      },
      quads.flat(),
      quads.length * 32,
    );
    const U = (x: number) => BigInt.asUintN(32, BigInt(x));
    quads.forEach(([al, ah, bl, bh], i) => {
      const w = (j: number) => out.getInt32(OUT + (i * 8 + j) * 4, true);
      const x = (U(ah) << 32n) | U(al);
      const y = (U(bh) << 32n) | U(bl);
      const sum = BigInt.asIntN(64, x + y);
      const diff = BigInt.asIntN(64, x - y);
      const pu = U(al) * U(bl);
      const ps = BigInt(al | 0) * BigInt(bl | 0);
      const lo = (v: bigint) => Number(BigInt.asIntN(32, v));
      const hi = (v: bigint) => Number(BigInt.asIntN(32, v >> 32n));
      expect([al, ah, bl, bh, ...[0, 1, 2, 3, 4, 5, 6, 7].map(w)]).toEqual([
        al,
        ah,
        bl,
        bh,
        lo(sum),
        hi(sum),
        lo(diff),
        hi(diff),
        lo(pu),
        hi(pu),
        lo(ps),
        hi(ps),
      ]);
    });
  });

  it('loads and stores of every size, signed or not, unaligned and across a page boundary', () => {
    const MEMOPS = [MO_8, MO_8 | MO_SIGN, MO_16, MO_16 | MO_SIGN, MO_32, MO_32 | MO_SIGN];
    // operand words up to past the page boundary at IN + 0x1000, bytes with the sign bit set or not
    const words = Array.from({ length: 0x404 }, (_, i) => (0x83726150 + i * 0x0b0d0f11) | 0);
    const out = onBoth(
      optimize,
      (s) => {
        let k = 0;
        for (let a = IN + 0xff9; a < IN + 0x1005; a++) {
          for (const memop of MEMOPS) {
            const d = s.temp();
            const at = s.temp();
            s.movi(at, a);
            s.qemuLd(d, at, memop, 0);
            result(s, d, k++);
          }
        }
        // stores of each size over the page boundary at OUT + 0x2000, each read back whole
        for (let i = 0; i < 12; i++) {
          const at = s.temp();
          s.movi(at, OUT + 0x1ff9 + i);
          s.qemuSt(s.const((0x8899aabb + i * 0x11111111) | 0), at, [MO_8, MO_16, MO_32][i % 3], 0);
          const d = s.temp();
          s.qemuLd(d, at, MO_32 | MO_SIGN, 0);
          result(s, d, k++);
        }
      },
      words,
      0x2010,
    );
    const dv = new DataView(new Uint8Array(words.length * 4).buffer);
    words.forEach((w, i) => {
      dv.setInt32(i * 4, w, true);
    });
    // spot checks against the operand bytes: a signed byte, an unsigned half and a word across the page
    const at = (a: number, j: number) => out.getInt32(OUT + ((a - IN - 0xff9) * 6 + j) * 4, true);
    expect(at(IN + 0xff9, 1)).toBe(dv.getInt8(0xff9));
    expect(at(IN + 0xfff, 2)).toBe(dv.getUint16(0xfff, true));
    expect(at(IN + 0xffe, 5)).toBe(dv.getInt32(0xffe, true));
  });
});

describe('wasm loads through the TLB', () => {
  it('reads bytes around a page boundary with every memop, on the slow path and the inlined hit path', () => {
    const ms = (['interp', 'wasm'] as const).map((b) => new TestMachine(b));
    const memops = [MO_8, MO_8 | MO_SIGN, MO_16, MO_16 | MO_SIGN, MO_32, MO_32 | MO_SIGN];
    for (const m of ms) {
      for (let i = 0; i < 16; i++) m.ram[0x4ff8 + i] = 0x78 + i * 3;
      m.progs.set(0x100, (s) => {
        const g = Array.from({ length: 6 }, (_, i) => s.global(i, `g${i}`));
        const a = s.global(8 + 1, 'addr');
        s.insnStart(0x100);
        memops.forEach((mo, i) => {
          s.qemuLd(g[i], a, mo, 0);
        });
        s.exitTb(1);
      });
    }
    for (let a = 0x4ff8; a < 0x5004; a++) {
      const got = ms.map((m) => {
        m.env.gs[9] = a;
        expect(m.runAt(0x100)).toBe(1);
        return [...m.env.gs.subarray(0, 6)];
      });
      expect([a, ...got[1]]).toEqual([a, ...got[0]]);
    }
    expect(tbAt(ms[1], 0x100).wasmIdx).toBeGreaterThan(0);
    // signed bytes and halves came out negative somewhere
    expect(ms[1].env.gs[1]).toBeLessThan(0);
  });
});

/** chained TBs A (0x8000, 2 insns) -> B (0x8100, 3 insns, loads [g3]) -> C (0x8200) -> exit 5 */
function chainMachine(opts: TestMachineOptions = {}): TestMachine {
  const m = new TestMachine('wasm', opts);
  m.identity = false;
  for (const p of [0x0000, 0x8000, 0x9000]) m.pages.set(p, { paddr: p, prot: 7 });
  m.progs.set(0x8000, (s) => {
    const [g0, g1, eip] = [s.global(0, 'g0'), s.global(1, 'g1'), s.global(SLOT_EIP, 'eip')];
    s.insnStart(0x8000);
    s.addi(g0, g0, 1);
    s.insnStart(0x8004);
    s.muli(g1, g0, 2);
    s.movi(eip, 0x8100);
    s.gotoTb(0);
  });
  m.progs.set(0x8100, (s) => {
    const [g1, g2, g3, g4, g5, eip] = [1, 2, 3, 4, 5, SLOT_EIP].map((i) => s.global(i, `g${i}`));
    const t = s.temp();
    s.insnStart(0x8100);
    s.add(g2, g2, g1);
    s.insnStart(0x8104);
    s.qemuLd(t, g3, MO_32, 0);
    s.mov(g4, t);
    s.insnStart(0x8108);
    s.movi(g5, 77);
    s.movi(eip, 0x8200);
    s.gotoTb(0);
  });
  m.progs.set(0x8200, (s) => {
    const g6 = s.global(6, 'g6');
    s.insnStart(0x8200);
    s.addi(g6, g6, 1);
    s.exitTb(5);
  });
  return m;
}

describe('wasm chaining through the trampoline', () => {
  it.each([0, 2])(
    'a fault in the middle TB of a chain restores that TB at its instruction (wasmThreshold %i)',
    (wasmThreshold) => {
      const m = chainMachine({ wasmThreshold });
      m.env.gs.set([0, 0, 0, 0x9000]);
      m.ram[0x9000] = 42;
      for (let i = 0; i < 3; i++) expect(m.runAt(0x8000)).toBe(5);
      // the whole chain runs in one trampoline call now
      const before = m.exec.tbsExecuted;
      expect(m.runAt(0x8000)).toBe(5);
      expect(m.exec.tbsExecuted - before).toBe(1);
      expect([...m.env.gs.subarray(0, 7)]).toEqual([4, 8, 2 + 4 + 6 + 8, 0x9000, 42, 77, 4]);
      // now B's load faults: A's two instructions and B's first are done, B is restored to its second
      m.env.gs.set([10, 0, 0, 0xa000, 0, 0, 0]);
      m.env.restored.length = 0;
      const insns = m.exec.insnCount;
      let fault: unknown;
      try {
        m.runAt(0x8000);
      } catch (e) {
        fault = e;
      }
      expect(fault).toBeInstanceOf(GuestFault);
      expect((fault as GuestFault).vaddr).toBe(0xa000);
      expect(m.env.restored).toEqual([1]);
      expect([...m.env.gs.subarray(0, 7), m.env.gs[SLOT_EIP]]).toEqual([11, 22, 22, 0xa000, 0, 0, 0, 0x8104]);
      expect(m.exec.insnCount - insns).toBe(3);
      expect(m.exec.state.wasmTb).toBeNull();
      // and runs on from there once the page is mapped
      m.pages.set(0xa000, { paddr: 0x9000, prot: 7 });
      expect(m.runAt(0x8000)).toBe(5);
      expect([...m.env.gs.subarray(0, 7)]).toEqual([12, 24, 22 + 24, 0xa000, 42, 77, 1]);
    },
  );

  it('a helper throwing in a chained TB restores that TB; what the chain stored stays', () => {
    const m = chainMachine();
    class HelperFault {}
    function helper_check(env: { gs: Int32Array }, v: number): void {
      env.gs[7] = v;
      if (v === 13) throw new HelperFault();
    }
    // C: insn 0 adds to g6, insn 1 calls the helper with g6
    m.progs.set(0x8200, (s) => {
      const g6 = s.global(6, 'g6');
      s.insnStart(0x8200);
      s.addi(g6, g6, 1);
      s.insnStart(0x8203);
      s.call(helper_check, [g6]);
      s.exitTb(5);
    });
    m.env.gs.set([0, 0, 0, 0x9000]);
    for (let i = 0; i < 3; i++) expect(m.runAt(0x8000)).toBe(5);
    m.env.gs[6] = 12;
    m.env.restored.length = 0;
    expect(() => m.runAt(0x8000)).toThrow(HelperFault);
    expect(m.env.restored).toEqual([1]);
    expect([m.env.gs[0], m.env.gs[5], m.env.gs[6], m.env.gs[7], m.env.gs[SLOT_EIP]]).toEqual([
      4, 77, 13, 13, 0x8203,
    ]);
  });

  it.each([0, 2])(
    'a fault in a TB looping on itself stores the globals of the earlier iterations (wasmThreshold %i)',
    (wasmThreshold) => {
      const ms = (['interp', 'wasm'] as const).map((b) => {
        const m = new TestMachine(b, { wasmThreshold });
        m.identity = false;
        for (const p of [0x0000, 0x9000]) m.pages.set(p, { paddr: p, prot: 7 });
        for (let i = 0; i < 0x1000; i++) m.ram[0x9000 + i] = (i * 7) & 0xff;
        // g0++; g2 += [0x9000 + g0 * 64]; loop: faults when g0 reaches 64
        m.progs.set(0x100, (s) => {
          const [g0, g1, g2, eip] = [0, 1, 2, SLOT_EIP].map((i) => s.global(i, `g${i}`));
          const t = s.temp();
          s.insnStart(0x100);
          s.addi(g0, g0, 1);
          s.insnStart(0x104);
          s.shli(t, g0, 6);
          s.addi(t, t, 0x9000);
          s.qemuLd(g1, t, MO_8, 0);
          s.add(g2, g2, g1);
          s.insnStart(0x108);
          s.movi(eip, 0x100);
          s.gotoTb(0);
        });
        m.env.gs.set([0, 0, 0]);
        expect(() => m.runAt(0x100, 1e6)).toThrow(GuestFault);
        return m;
      });
      const [ref, m] = ms;
      let sum = 0;
      for (let i = 1; i < 64; i++) sum += (i * 64 * 7) & 0xff;
      expect([...m.env.gs.subarray(0, 3), m.env.gs[SLOT_EIP], m.exec.insnCount]).toEqual([
        64,
        (63 * 64 * 7) & 0xff,
        sum,
        0x104,
        63 * 3 + 1,
      ]);
      expect([...ref.env.gs.subarray(0, 3), ref.env.gs[SLOT_EIP], ref.exec.insnCount]).toEqual([
        ...m.env.gs.subarray(0, 3),
        m.env.gs[SLOT_EIP],
        m.exec.insnCount,
      ]);
      expect(m.env.restored).toEqual([1]);
      expect(tbAt(m, 0x100).wasmIdx).toBeGreaterThan(0);
      // the iterations ran inside WebAssembly, not through the dispatcher
      expect(m.exec.tbsExecuted).toBeLessThanOrEqual(wasmThreshold + 1);
    },
  );

  it('a chained TB that stores into its own next instruction stops there, and it is retranslated', () => {
    const m = new TestMachine('wasm');
    let versionB = 0;
    m.progs.set(0x2000, (s) => {
      const [g0, eip] = [s.global(0, 'g0'), s.global(SLOT_EIP, 'eip')];
      s.insnStart(0x2000);
      s.addi(g0, g0, 1);
      s.movi(eip, 0x2100);
      s.gotoTb(0);
    });
    // B: insn 0 stores g1 to [g2]; insn 1 sets g3 to B's translation count
    m.progs.set(0x2100, (s, tb) => {
      const [g1, g2, g3] = [1, 2, 3].map((i) => s.global(i, `g${i}`));
      s.insnStart(0x2100);
      s.qemuSt(g1, g2, MO_32, 0);
      s.insnStart(0x2104);
      s.movi(g3, ++versionB);
      s.exitTb(1);
      tb.size = 8;
    });
    m.progs.set(0x2104, (s) => {
      s.insnStart(0x2104);
      s.movi(s.global(3, 'g3'), 99);
      s.exitTb(1);
    });
    m.env.gs.set([0, 0x55, 0x2800]);
    for (let i = 0; i < 2; i++) expect(m.runAt(0x2000)).toBe(1);
    const before = m.exec.tbsExecuted;
    expect(m.runAt(0x2000)).toBe(1);
    expect(m.exec.tbsExecuted - before).toBe(1);
    expect([m.env.gs[0], m.env.gs[3], m.translations]).toEqual([3, 1, 2]);
    // B (entered through the chain) rewrites its second instruction
    m.env.gs.set([0, 0x66, 0x2104, 0]);
    const tbB = tbAt(m, 0x2100);
    const t1 = m.exec.tbsExecuted;
    expect(m.runAt(0x2000)).toBe(1);
    expect(tbB.invalid).toBe(true);
    expect(m.env.restored).toEqual([1]);
    expect([m.env.gs[0], m.env.gs[3], m.ram[0x2104], m.translations]).toEqual([1, 99, 0x66, 3]);
    // the chain returned at B's second instruction, which ran as a TB of its own
    expect(m.exec.tbsExecuted - t1).toBe(2);
    // B is translated again from its start next time
    m.env.gs.set([0, 0x77, 0x2800, 0]);
    expect(m.runAt(0x2000)).toBe(1);
    expect([m.env.gs[3], m.translations, versionB]).toEqual([2, 4, 2]);
  });

  it('a store into the chained successor cuts the chain there; the successor is retranslated and relinked', () => {
    const m = new TestMachine('wasm');
    let versionB = 0;
    m.progs.set(0x3000, (s, tb) => {
      const [g0, g1, g2, eip] = [0, 1, 2, SLOT_EIP].map((i) => s.global(i, `g${i}`));
      s.insnStart(0x3000);
      s.addi(g0, g0, 1);
      s.insnStart(0x3004);
      s.qemuSt(g1, g2, MO_8, 0);
      s.movi(eip, 0x3100);
      s.gotoTb(0);
      tb.size = 8;
    });
    m.progs.set(0x3100, (s) => {
      const g3 = s.global(3, 'g3');
      s.insnStart(0x3100);
      s.movi(g3, ++versionB);
      s.exitTb(1);
    });
    m.env.gs.set([0, 1, 0x3800]);
    for (let i = 0; i < 2; i++) expect(m.runAt(0x3000)).toBe(1);
    const a = tbAt(m, 0x3000);
    const b = tbAt(m, 0x3100);
    expect(a.jmpDest[0]).toBe(b);
    let t = m.exec.tbsExecuted;
    expect(m.runAt(0x3000)).toBe(1);
    expect(m.exec.tbsExecuted - t).toBe(1);
    // A writes into B: A completes, B is translated again and A links to the new B
    m.env.gs[2] = 0x3100;
    t = m.exec.tbsExecuted;
    expect(m.runAt(0x3000)).toBe(1);
    expect(m.exec.tbsExecuted - t).toBe(2);
    expect([a.invalid, b.invalid, m.env.gs[0], m.env.gs[3], m.translations]).toEqual([false, true, 4, 2, 3]);
    const b2 = tbAt(m, 0x3100);
    expect(a.jmpDest[0]).toBe(b2);
    m.env.gs[2] = 0x3800;
    t = m.exec.tbsExecuted;
    expect(m.runAt(0x3000)).toBe(1);
    expect(m.exec.tbsExecuted - t).toBe(1);
    expect(m.env.gs[3]).toBe(2);
  });

  it.each([0, 2])(
    'a TB looping on itself that rewrites its next instruction stops there (wasmThreshold %i)',
    (wasmThreshold) => {
      const m = new TestMachine('wasm', { wasmThreshold });
      // insn 0: g0++, on the 5th iteration a store to insn 1; insn 1: g2 += 1; loop
      m.progs.set(0x4000, (s, tb) => {
        const [g0, g1, g2, eip] = [0, 1, 2, SLOT_EIP].map((i) => s.global(i, `g${i}`));
        s.insnStart(0x4000);
        s.addi(g0, g0, 1);
        const skip = s.label();
        s.brcondi(TCGCond.NE, g0, 5, skip);
        s.qemuSt(g1, s.const(0x4004), MO_8, 0);
        s.setLabel(skip);
        s.insnStart(0x4004);
        s.addi(g2, g2, 1);
        s.movi(eip, 0x4000);
        s.gotoTb(0);
        tb.size = 8;
      });
      m.progs.set(0x4004, (s) => {
        const g2 = s.global(2, 'g2');
        s.insnStart(0x4004);
        s.addi(g2, g2, 1000);
        s.exitTb(7);
      });
      m.env.gs.set([0, 0xab, 0]);
      expect(m.runAt(0x4000, 1e6)).toBe(7);
      expect([m.env.gs[0], m.env.gs[2], m.ram[0x4004], m.env.restored.join()]).toEqual([5, 1004, 0xab, '1']);
      expect(m.exec.insnCount).toBe(4 * 2 + 1 + 1);
      expect(tbAt(m, 0x4004).pc).toBe(0x4004);
    },
  );

  it.each([0, 2])(
    'a TB looping on itself that rewrites itself in its last instruction runs the new code next (wasmThreshold %i)',
    (wasmThreshold) => {
      const results = (['interp', 'wasm'] as const).map((backend) => {
        const m = new TestMachine(backend, { wasmThreshold });
        let version = 0;
        // insn 0: g2 += version; insn 1: g0++, on the 5th iteration a store to insn 0; loop until g0 is 10
        m.progs.set(0x4800, (s, tb) => {
          const [g0, g1, g2, eip] = [0, 1, 2, SLOT_EIP].map((i) => s.global(i, `g${i}`));
          s.insnStart(0x4800);
          s.addi(g2, g2, ++version);
          s.insnStart(0x4804);
          s.addi(g0, g0, 1);
          const skip = s.label();
          s.brcondi(TCGCond.NE, g0, 5, skip);
          s.qemuSt(g1, s.const(0x4800), MO_8, 0);
          s.setLabel(skip);
          const out = s.label();
          s.brcondi(TCGCond.EQ, g0, 10, out);
          s.movi(eip, 0x4800);
          s.gotoTb(0);
          s.setLabel(out);
          s.exitTb(7);
          tb.size = 8;
        });
        m.env.gs.set([0, 0xcd, 0]);
        expect(m.runAt(0x4800, 1e6)).toBe(7);
        if (backend === 'wasm') expect(m.exec.wasm?.functions).toBeGreaterThan(0);
        return [m.env.gs[0], m.env.gs[2], version, m.exec.insnCount];
      });
      expect(results[1]).toEqual(results[0]);
      expect(results[1]).toEqual([10, 5 * 1 + 5 * 2, 2, 20]);
    },
  );

  it.each([0, 2])(
    'an exit request from a helper stops a chain of TBs after the current one (wasmThreshold %i)',
    (wasmThreshold) => {
      const m = new TestMachine('wasm', { wasmThreshold });
      let calls = 0;
      function helper_tick(): void {
        if (++calls === 37) m.exec.exitRequest = true;
      }
      m.progs.set(0x5000, (s) => {
        const [g0, eip] = [s.global(0, 'g0'), s.global(SLOT_EIP, 'eip')];
        s.insnStart(0x5000);
        s.addi(g0, g0, 1);
        s.movi(eip, 0x5100);
        s.gotoTb(0);
      });
      m.progs.set(0x5100, (s) => {
        const [g1, eip] = [s.global(1, 'g1'), s.global(SLOT_EIP, 'eip')];
        s.insnStart(0x5100);
        s.call(helper_tick, [], undefined, TCG_CALL_NO_RWG_SE & ~TCG_CALL_NO_SIDE_EFFECTS);
        s.insnStart(0x5104);
        s.addi(g1, g1, 1);
        s.movi(eip, 0x5000);
        s.gotoTb(1);
      });
      m.env.gs.set([0, 0]);
      m.env.gs[SLOT_EIP] = 0x5000;
      expect(m.exec.run(1_000_000)).toBe(ExecExit.REQUEST);
      expect([m.env.gs[0], m.env.gs[1], m.env.gs[SLOT_EIP], m.exec.insnCount]).toEqual([
        37,
        37,
        0x5000,
        37 * 3,
      ]);
      expect(m.exec.tbsExecuted).toBeLessThan(10);
      expect(m.exec.exitRequest).toBe(false);
      // the next slice runs on from there for its budget
      expect(m.exec.run(30)).toBe(ExecExit.BUDGET);
      expect([m.env.gs[0], m.env.gs[1], m.exec.insnCount]).toEqual([47, 47, 37 * 3 + 30]);
    },
  );

  it('an exit request from a helper stops a TB compiled as a loop onto itself', () => {
    const m = new TestMachine('wasm', { wasmThreshold: 2 });
    let calls = 0;
    function helper_tick(): void {
      if (++calls === 1000) m.exec.exitRequest = true;
    }
    m.progs.set(0x3400, (s) => {
      const g0 = s.global(0, 'g0');
      s.insnStart(0x3400);
      s.addi(g0, g0, 1);
      s.call(helper_tick, [], undefined, TCG_CALL_NO_RWG_SE & ~TCG_CALL_NO_SIDE_EFFECTS);
      s.insnStart(0x3402);
      s.gotoTb(0);
    });
    m.env.gs[0] = 0;
    m.env.gs[SLOT_EIP] = 0x3400;
    expect(m.exec.run(1e9)).toBe(ExecExit.REQUEST);
    expect([m.env.gs[0], m.exec.insnCount]).toEqual([1000, 2000]);
    expect(m.exec.tbsExecuted).toBeLessThanOrEqual(4);
  });

  it('keeps to the budget when chained and looping TBs run out of it mid-chain', () => {
    const m = chainMachine();
    m.env.gs.set([0, 0, 0, 0x9000]);
    // 6 instructions per round A, B, C; C's exit_tb ends each run
    for (const budget of [1, 2, 3, 5, 6, 7, 100]) {
      m.env.gs[SLOT_EIP] = 0x8000;
      const before = m.exec.insnCount;
      m.exec.run(budget);
      // whole TBs: A (2), then B (3), then C (1)
      const ran = m.exec.insnCount - before;
      expect([budget, ran]).toEqual([budget, budget <= 2 ? 2 : budget <= 5 ? 5 : 6]);
    }
  });
});

describe('wasm indirect jumps through the jump cache', () => {
  it('continue inside WebAssembly to the TB the jump cache holds, and never to a stale one', () => {
    const m = new TestMachine('wasm', { pcSlot: SLOT_EIP });
    let version = 0;
    // A (0x9000): g0++, jump to g5 (an indirect jump); B (0xa100): g1 += its translation's version;
    // C (0xa204): g1 += 1000
    m.progs.set(0x9000, (s) => {
      const [g0, g5, eip] = [s.global(0, 'g0'), s.global(5, 'g5'), s.global(SLOT_EIP, 'eip')];
      s.insnStart(0x9000);
      s.addi(g0, g0, 1);
      s.mov(eip, g5);
      s.lookupAndGotoPtr();
    });
    for (const pc of [0xa100, 0xa204])
      m.progs.set(pc, (s) => {
        const g1 = s.global(1, 'g1');
        s.insnStart(pc);
        s.addi(g1, g1, pc === 0xa100 ? ++version : 1000);
        s.exitTb(1);
      });
    /** [what the target added, dispatcher runs] */
    const run = (target: number) => {
      m.env.gs[5] = target;
      const t = m.exec.tbsExecuted;
      const before = m.env.gs[1];
      expect(m.runAt(0x9000)).toBe(1);
      return [m.env.gs[1] - before, m.exec.tbsExecuted - t];
    };
    m.env.gs.set([0, 0]);
    expect(run(0xa100)).toEqual([1, 2]);
    // the dispatcher found B: A's indirect jump reaches it without leaving WebAssembly
    expect(run(0xa100)).toEqual([1, 1]);
    // another target is looked up by the dispatcher, then also reached directly
    expect(run(0xa204)).toEqual([1000, 2]);
    expect(run(0xa204)).toEqual([1000, 1]);
    expect(run(0xa100)).toEqual([1, 1]);
    // B is rewritten: the jump goes back through the dispatcher to B's new translation
    m.exec.cache.invalidatePhysRange(0xa100, 1);
    expect(run(0xa100)).toEqual([2, 2]);
    expect(run(0xa100)).toEqual([2, 1]);
    // B's page is mapped elsewhere (and its TLB entry flushed): B's pc now needs a translation of its own
    m.identity = false;
    for (const p of [0x0000, 0x9000]) m.pages.set(p, { paddr: p, prot: 7 });
    m.pages.set(0xa000, { paddr: 0xb000, prot: 7 });
    m.tlb.flushPage(0xa000);
    expect(run(0xa100)).toEqual([3, 2]);
    expect(run(0xa100)).toEqual([3, 1]);
    expect([m.env.gs[0], m.translations]).toEqual([9, 5]);
  });
});

/** a ring of n TBs at 0x10000 + 16 i, each adding i to g0; the last exits with 2 */
function ring(m: TestMachine, n: number): void {
  for (let i = 0; i < n; i++) {
    m.progs.set(0x10000 + i * 16, (s) => {
      const [g0, eip] = [s.global(0, 'g0'), s.global(SLOT_EIP, 'eip')];
      s.insnStart(0x10000 + i * 16);
      s.addi(g0, g0, i);
      if (i === n - 1) s.exitTb(2);
      else {
        s.movi(eip, 0x10000 + (i + 1) * 16);
        s.gotoTb(0);
      }
    });
  }
}

async function settle(m: TestMachine): Promise<void> {
  const wasm = m.exec.wasm;
  for (let i = 0; wasm !== null && wasm.inFlight > 0; i++) {
    if (i > 5000) throw new Error('asynchronous compilation did not finish');
    await new Promise((r) => setTimeout(r, 1));
  }
  expect(wasm?.lastError).toBeNull();
}

describe('wasm compilation', () => {
  it('asynchronous: TBs run interpreted until the module is installed, then compiled and chained', async () => {
    const m = new TestMachine('wasm', { wasmThreshold: 1, wasmBatch: 2, wasmAsync: true });
    const wasm = m.exec.wasm;
    if (wasm === null) throw new Error('no wasm compiler');
    ring(m, 2);
    expect(m.runAt(0x10000)).toBe(2);
    const [a, b] = [tbAt(m, 0x10000), tbAt(m, 0x10010)];
    // both queued after one execution: the batch is full and compiling
    expect([wasm.inFlight, wasm.functions, a.wasmQueued, b.wasmQueued, a.wasmIdx, b.wasmIdx]).toEqual([
      1,
      0,
      true,
      true,
      0,
      0,
    ]);
    for (let i = 0; i < 3; i++) expect(m.runAt(0x10000)).toBe(2);
    expect([a.execCount, m.exec.tbsExecuted]).toEqual([1, 8]);
    await settle(m);
    expect([wasm.modules, wasm.functions, a.wasmQueued, a.wasmIdx > 0, b.wasmIdx > 0]).toEqual([
      1,
      2,
      false,
      true,
      true,
    ]);
    // linked at installation: one trampoline call runs both
    m.env.gs[0] = 0;
    expect(m.runAt(0x10000)).toBe(2);
    expect([m.env.gs[0], m.exec.tbsExecuted]).toEqual([1, 9]);
    expect(m.exec.infoJit()).toContain('wasm compiled TBs   2 in 1 modules (');
  });

  it('asynchronous: a TB invalidated while its module compiles is not installed, and is retranslated', async () => {
    const m = new TestMachine('wasm', { wasmThreshold: 1, wasmBatch: 2, wasmAsync: true });
    const wasm = m.exec.wasm;
    if (wasm === null) throw new Error('no wasm compiler');
    ring(m, 2);
    expect(m.runAt(0x10000)).toBe(2);
    const [a, b] = [tbAt(m, 0x10000), tbAt(m, 0x10010)];
    expect(wasm.inFlight).toBe(1);
    m.exec.cache.invalidatePhysRange(0x10010, 1);
    await settle(m);
    expect([wasm.functions, a.wasmIdx > 0, b.wasmIdx, b.wasmQueued]).toEqual([1, true, 0, false]);
    // B comes back from its code: translated again, then compiled and chained with A
    m.env.gs[0] = 0;
    expect(m.runAt(0x10000)).toBe(2);
    expect([m.env.gs[0], m.translations]).toEqual([1, 3]);
    expect(m.runAt(0x10000)).toBe(2);
    await settle(m);
    m.exec.flushCompileQueue();
    await settle(m);
    const b2 = tbAt(m, 0x10010);
    expect(b2.wasmIdx).toBeGreaterThan(0);
    const t = m.exec.tbsExecuted;
    expect(m.runAt(0x10000)).toBe(2);
    expect(m.exec.tbsExecuted - t).toBe(1);
  });

  it('asynchronous: a TB cache flush while modules compile installs nothing of them', async () => {
    const m = new TestMachine('wasm', { wasmThreshold: 1, wasmBatch: 2, wasmAsync: true });
    const wasm = m.exec.wasm;
    if (wasm === null) throw new Error('no wasm compiler');
    ring(m, 4);
    expect(m.runAt(0x10000)).toBe(2);
    expect(wasm.inFlight).toBe(2);
    m.exec.cache.flush();
    await settle(m);
    expect([wasm.modules, wasm.functions]).toEqual([2, 0]);
    m.env.gs[0] = 0;
    expect(m.runAt(0x10000)).toBe(2);
    expect([m.env.gs[0], m.translations]).toEqual([6, 8]);
    await settle(m);
    expect(wasm.functions).toBe(4);
    m.env.gs[0] = 0;
    expect(m.runAt(0x10000)).toBe(2);
    expect(m.env.gs[0]).toBe(6);
  });

  it.each([
    ['synchronous, at translation', { wasmThreshold: 0 }],
    ['synchronous, batched', { wasmThreshold: 1, wasmBatch: 3 }],
    ['asynchronous, at translation', { wasmThreshold: 0, wasmAsync: true }],
    ['asynchronous, batched', { wasmThreshold: 1, wasmBatch: 3, wasmAsync: true }],
  ] as [string, TestMachineOptions][])(
    'a full table flushes the TB cache and execution stays correct (%s)',
    async (_name, opts) => {
      const m = new TestMachine('wasm', { ...opts, wasmCapacity: 8 });
      const wasm = m.exec.wasm;
      if (wasm === null) throw new Error('no wasm compiler');
      ring(m, 20);
      for (let round = 0; round < 6; round++) {
        m.env.gs[0] = 0;
        expect(m.runAt(0x10000)).toBe(2);
        expect([round, m.env.gs[0]]).toEqual([round, (19 * 20) / 2]);
        m.exec.compileTick();
        await settle(m);
      }
      expect(m.exec.cache.flushes).toBeGreaterThan(2);
      // more functions than the table holds: it was filled again after a flush
      expect(wasm.functions).toBeGreaterThan(7);
      expect(wasm.lastError).toBeNull();
    },
  );

  it.each([
    ['synchronous', false],
    ['asynchronous', true],
  ] as const)(
    'TBs compiled at translation survive a tb-size flush of the cache they are not in yet (%s)',
    async (_name, wasmAsync) => {
      // every TB is compiled as it is translated; the cache holds a few TBs only, so translating one
      // flushes the others (and the table) while its own function is already compiled or compiling
      const m = new TestMachine('wasm', { wasmThreshold: 0, wasmAsync, tbSizeMiB: 4 / 1024 });
      ring(m, 64);
      for (let round = 0; round < 4; round++) {
        m.env.gs[0] = 0;
        expect(m.runAt(0x10000)).toBe(2);
        expect([round, m.env.gs[0]]).toEqual([round, (63 * 64) / 2]);
        await settle(m);
      }
      expect(m.exec.cache.flushes).toBeGreaterThan(4);
    },
  );
});

describe('wasm and the js backend', () => {
  it('a TB with a backward branch inside goes to the js backend; its wasm neighbours chain around it', () => {
    const m = new TestMachine('wasm', { jsThreshold: 2 });
    // A: g0 += 1, to B; B: g1 = 1 + ... + g0 in a loop inside the TB, to C; C: exit 3
    m.progs.set(0x6000, (s) => {
      const [g0, eip] = [s.global(0, 'g0'), s.global(SLOT_EIP, 'eip')];
      s.insnStart(0x6000);
      s.addi(g0, g0, 1);
      s.movi(eip, 0x6100);
      s.gotoTb(0);
    });
    m.progs.set(0x6100, (s) => {
      const [g0, g1, eip] = [s.global(0, 'g0'), s.global(1, 'g1'), s.global(SLOT_EIP, 'eip')];
      const i = s.tempLocal();
      s.insnStart(0x6100);
      s.mov(i, g0);
      s.movi(g1, 0);
      const top = s.label();
      const done = s.label();
      s.setLabel(top);
      s.brcondi(TCGCond.EQ, i, 0, done);
      s.add(g1, g1, i);
      s.subi(i, i, 1);
      s.br(top);
      s.setLabel(done);
      s.movi(eip, 0x6200);
      s.gotoTb(0);
    });
    m.progs.set(0x6200, (s) => {
      s.insnStart(0x6200);
      s.exitTb(3);
    });
    for (let n = 1; n <= 6; n++) {
      expect(m.runAt(0x6000)).toBe(3);
      expect([n, m.env.gs[1]]).toEqual([n, (n * (n + 1)) / 2]);
    }
    const [a, b, c] = [0x6000, 0x6100, 0x6200].map((pc) => tbAt(m, pc));
    expect([a.wasmIdx > 0, b.wasmIdx, b.noWasm, b.jsFn !== null, c.wasmIdx > 0]).toEqual([
      true,
      0,
      true,
      true,
      true,
    ]);
    expect([m.exec.wasm?.functions, m.exec.tbsCompiled]).toEqual([2, 1]);
  });
});

describe('wasm table indices after a TB cache flush', () => {
  it('a TB whose module compiled across a tb-size flush keeps its own function', async () => {
    // S (0x1000 + 0x100 i): g0 += 1, small; X (0x2000): g1 += 0..399 in 400 ops, large
    const build = (m: TestMachine) => {
      for (let i = 0; i < 3; i++)
        m.progs.set(0x1000 + i * 0x100, (s) => {
          const g0 = s.global(0, 'g0');
          s.insnStart(0x1000 + i * 0x100);
          s.addi(g0, g0, 1);
          s.exitTb(1);
        });
      m.progs.set(0x2000, (s) => {
        const g1 = s.global(1, 'g1');
        s.insnStart(0x2000);
        for (let i = 0; i < 400; i++) s.addi(g1, g1, i);
        s.exitTb(1);
      });
    };
    const opts: TestMachineOptions = { wasmThreshold: 0, wasmAsync: true, optimize: false };
    const probe = new TestMachine('wasm', opts);
    build(probe);
    probe.runAt(0x2000);
    // room for X and a few S, not for X and three S with X's code counted twice while it is translated
    const limit = tbAt(probe, 0x2000).codeSize + 1500;
    const m = new TestMachine('wasm', { ...opts, tbSizeMiB: limit / (1 << 20) });
    const wasm = m.exec.wasm;
    if (wasm === null) throw new Error('no wasm compiler');
    build(m);
    for (let i = 0; i < 3; i++) m.runAt(0x1000 + i * 0x100);
    await settle(m);
    expect(wasm.functions).toBe(3);
    // translating X flushes the cache (and the table) while X's module compiles
    m.runAt(0x2000);
    expect(m.exec.cache.flushes).toBe(1);
    await settle(m);
    const x = tbAt(m, 0x2000);
    // new TBs take the table's indices from 1 again, up to and past X's
    for (let i = 0; i < 6; i++) {
      m.runAt(0x1000);
      await settle(m);
      m.exec.cache.invalidatePhysRange(0x1000, 1);
    }
    expect(m.exec.cache.flushes).toBe(1);
    expect(x.invalid).toBe(false);
    if (x.wasmIdx > 0) expect(wasm.tbs[x.wasmIdx]).toBe(x);
    m.env.gs.set([0, 0]);
    expect(m.runAt(0x2000)).toBe(1);
    expect([m.env.gs[0], m.env.gs[1]]).toEqual([0, (399 * 400) / 2]);
  });
});

describe('the wasm backend needs its arena', () => {
  const phys: PhysMemory = {
    read8: () => 0,
    read16: () => 0,
    read32: () => 0,
    write8: () => {},
    write16: () => {},
    write32: () => {},
  };
  const target = {
    getTbCpuState: () => {},
    codeMmuIdx: () => 0,
    translate: () => {},
    restoreState: () => {},
  };

  it('refuses a SoftTLB without an arena', () => {
    expect(() => new TestMachine('wasm', { noArena: true })).toThrow(
      'tcg: the wasm backend needs the SoftTLB, its RAM and env.gs in one WasmArena',
    );
  });

  it('refuses env.gs outside the arena, and a SoftTLB whose RAM is not the arena', () => {
    const arena = new WasmArena({ ramSize: 1 << 16, headerSize: 1 << 16 });
    const tlb = new SoftTLB({ phys, ram: arena.ram, arena });
    expect(() => new TcgExecutor({ env: { gs: new Int32Array(32) }, tlb, target, backend: 'wasm' })).toThrow(
      'tcg: the wasm backend needs the SoftTLB, its RAM and env.gs in one WasmArena',
    );
    // the other backends take the arena's views as plain typed arrays
    expect(new TcgExecutor({ env: { gs: arena.allocI32(32) }, tlb, target, backend: 'js' }).wasm).toBeNull();
    expect(() => new SoftTLB({ phys, ram: new Uint8Array(4096), arena })).toThrow(
      'SoftTLB: RAM must lie in the arena',
    );
    expect(() => new WasmArena({ ramSize: 4095 })).toThrow(RangeError);
    const small = new WasmArena({ ramSize: 4096, headerSize: 1 << 16 });
    expect(() => small.allocI32((1 << 14) + 1)).toThrow('WasmArena: header space exhausted');
  });
});
