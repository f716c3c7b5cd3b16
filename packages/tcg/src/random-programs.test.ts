/**
 * Random IR programs (seeded, reproducible): each runs on the interpreter without the optimizer (the
 * reference) and on every backend with the optimizer, and must leave the same globals and memory.
 * Programs are chains of TBs that link to each other (so the js backend builds groups and self-loops),
 * with forward branches, loads/stores, pure and impure helpers. The wasm backend runs them three ways:
 * tiering up from the interpreter one TB per module, optimized or not, and compiled at translation in
 * batches with a table so small that it fills (TB cache flushes), the program run in short slices with
 * compileTick() between them as a CPU loop does.
 */
import { describe, expect, it } from 'vitest';
import {
  type Builder,
  GuestFault,
  SLOT_EIP,
  TestMachine,
  type TestMachineOptions,
} from './__fixtures__/machine.js';
import type { TCGContext } from './context.js';
import { type BackendName, ExecExit } from './cpu-exec.js';
import { MO_8, MO_16, MO_32, MO_SIGN, TCG_CALL_NO_RWG_SE, TCGCond } from './ir.js';

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

const NG = 6; // globals g0..g5; g6 is the loop counter
const DATA = 0x20000;

function helper_mix(env: { gs: Int32Array }, a: number, b: number): number {
  // reads and writes a global: needs store-back before and reload after
  env.gs[5] = (env.gs[5] ^ a) | 0;
  return (Math.imul(a, 31) + b) | 0;
}
function helper_pure(_env: unknown, a: number, b: number): number {
  return (a - Math.imul(b, 7)) | 0;
}

/**
 * TB at `pc` = instruction `start` of the block generated from `tbSeed` at `blockPc`: every instruction
 * draws from its own seed, so translating from any instruction start (after a self-modifying-code stop)
 * gives the same instructions as the whole block.
 */
function genTb(
  tbSeed: number,
  s: TCGContext,
  blockPc: number,
  start: number,
  next: number[],
  window: number,
  base: number,
): void {
  const g = Array.from({ length: 7 }, (_, i) => s.global(i, `g${i}`));
  const eip = s.global(SLOT_EIP, 'eip');
  let r = rng(tbSeed);
  const nInsns = 2 + Math.floor(r() * 6);
  const pick = () => g[Math.floor(r() * NG)];
  const temps = [s.temp(), s.temp(), s.tempLocal()];
  const val = () => {
    const x = r();
    if (x < 0.2) return s.const([0, 1, -1, 31, 0x7fffffff, -0x80000000, 0x1234][Math.floor(r() * 7)]);
    if (x < 0.35) return temps[Math.floor(r() * temps.length)];
    return pick();
  };
  const dst = () => (r() < 0.7 ? pick() : temps[Math.floor(r() * temps.length)]);
  for (let i = start; i < nInsns; i++) {
    r = rng(tbSeed * 31 + i);
    s.insnStart(blockPc + i, Math.floor(r() * 40));
    // temps do not live across instructions
    for (const t of temps) s.movi(t, Math.floor(r() * 1000));
    const nOps = 1 + Math.floor(r() * 5);
    for (let k = 0; k < nOps; k++) {
      const c = Math.floor(r() * 16);
      const d = dst();
      switch (c) {
        case 0:
          s.add(d, val(), val());
          break;
        case 1:
          s.sub(d, val(), val());
          break;
        case 2:
          s.xor(d, val(), val());
          break;
        case 3:
          s.shl(d, val(), val());
          break;
        case 4:
          s.sar(d, val(), val());
          break;
        case 5:
          s.rotr(d, val(), val());
          break;
        case 6:
          s.setcond(Math.floor(r() * 10) as TCGCond, d, val(), val());
          break;
        case 7:
          s.movcond(Math.floor(r() * 10) as TCGCond, d, val(), val(), val(), val());
          break;
        case 8:
          s.deposit(d, val(), val(), Math.floor(r() * 16), 1 + Math.floor(r() * 16));
          break;
        case 9: {
          const lo = dst();
          const hi = dst();
          if (lo !== hi) s.muls2(lo, hi, val(), val());
          break;
        }
        case 10: {
          // load from the data window
          const a = s.temp();
          s.andi(a, val(), window & ~3);
          s.addi(a, a, base);
          s.qemuLd(d, a, [MO_8, MO_16 | MO_SIGN, MO_32][Math.floor(r() * 3)], 0);
          break;
        }
        case 11: {
          const a = s.temp();
          s.andi(a, val(), window);
          s.addi(a, a, base);
          s.qemuSt(val(), a, [MO_8, MO_16, MO_32][Math.floor(r() * 3)], 0);
          break;
        }
        case 12:
          s.call(helper_mix, [val(), val()], d);
          break;
        case 13:
          s.call(helper_pure, [val(), val()], d, TCG_CALL_NO_RWG_SE);
          break;
        case 14: {
          // forward branch over a few ops
          const l = s.label();
          s.brcond(Math.floor(r() * 10) as TCGCond, val(), val(), l);
          s.addi(d, val(), 5);
          s.mov(dst(), val());
          s.setLabel(l);
          break;
        }
        default:
          s.extract(d, val(), Math.floor(r() * 16), 1 + Math.floor(r() * 16));
      }
    }
  }
  // loop counter in g6; leave when it reaches 0, else go to a successor through goto_tb
  r = rng(tbSeed ^ 0xabc);
  s.subi(g[6], g[6], 1);
  const out = s.label();
  s.brcondi(TCGCond.EQ, g[6], 0, out);
  const n = next[Math.floor(r() * next.length)];
  const other = next[Math.floor(r() * next.length)];
  const l2 = s.label();
  s.brcondi(TCGCond.LTU, g[0], 0x80000000, l2);
  s.movi(eip, n);
  s.gotoTb(0);
  s.setLabel(l2);
  s.movi(eip, other);
  // an indirect jump half of the time (continues inside a group on the js backend)
  if (r() < 0.5) s.lookupAndGotoPtr();
  else s.gotoTb(1);
  s.setLabel(out);
  s.exitTb(1);
}

let groups = 0;
let smcTranslations = 0;

let wasmFunctions = 0;
let wasmFlushes = 0;

function runProgram(
  seed: number,
  backend: BackendName,
  optimize: boolean,
  mode: 'plain' | 'faults' | 'smc' = 'plain',
  extra: TestMachineOptions = {},
  slice = 0,
) {
  const m = new TestMachine(backend, {
    optimize,
    jsThreshold: 2,
    groupThreshold: 0,
    pcSlot: SLOT_EIP,
    ...extra,
  });
  const faults = mode === 'faults';
  const window = faults ? 0x1fff : mode === 'smc' ? 0x3ff : 0xfff;
  // smc: the accesses go to the page holding the TBs (each 16 bytes at 0x1000, 0x1100, 0x1200)
  const base = mode === 'smc' ? 0x1000 : DATA;
  if (faults) {
    // the second page of the data window is not mapped: accesses there raise a guest fault
    m.identity = false;
    for (const page of [0x0000, 0x1000, DATA]) m.pages.set(page, { paddr: page, prot: 7 });
  }
  const r = rng(seed);
  const pcs = [0x1000, 0x1100, 0x1200];
  const builders = new Map<number, Builder>();
  for (const pc of pcs) {
    const tbSeed = Math.floor(r() * 2 ** 31);
    for (let i = 0; i < 8; i++) builders.set(pc + i, (s) => genTb(tbSeed, s, pc, i, pcs, window, base));
  }
  for (const [pc, b] of builders) m.progs.set(pc, b);
  const init = rng(seed ^ 0x5555);
  for (let i = 0; i < NG; i++) m.env.gs[i] = Math.floor(init() * 2 ** 32) | 0;
  m.env.gs[6] = 200;
  for (let i = 0; i < 0x1000; i++) m.ram[DATA + i] = Math.floor(init() * 256);
  let exit: number | string;
  try {
    if (slice === 0) exit = m.runAt(0x1000, 1 << 30);
    else {
      m.env.gs[SLOT_EIP] = 0x1000;
      let r: ExecExit;
      do {
        r = m.exec.run(slice);
        m.exec.compileTick();
      } while (r === ExecExit.BUDGET);
      exit = r === ExecExit.TB_VALUE ? m.exec.exitValue : -1;
    }
  } catch (e) {
    if (!(e instanceof GuestFault)) throw e;
    exit = `fault at 0x${e.vaddr.toString(16)}, restored insn ${m.env.restored.join(',')} eip 0x${m.env.gs[SLOT_EIP].toString(16)}`;
  }
  if (mode === 'smc') smcTranslations += m.translations;
  if (m.exec.wasm) {
    wasmFunctions += m.exec.wasm.functions;
    if (extra.wasmCapacity) wasmFlushes += m.exec.cache.flushes;
  }
  groups += pcs.filter((pc) =>
    m.exec.cache.tbsOnPage(0x1000).some((tb) => tb.pc === pc && tb.group !== null),
  ).length;
  return {
    exit,
    gs: Array.from(m.env.gs.subarray(0, 7)),
    ram: Buffer.from(m.ram.subarray(base, base + window + 4)).toString('hex'),
    restored: m.env.restored.join(','),
  };
}

/** backend, optimizer, machine options, instructions per run() (0: one run) */
const VARIANTS: [BackendName, boolean, TestMachineOptions, number][] = [
  ['interp', true, {}, 0],
  ['js', false, {}, 0],
  ['js', true, {}, 0],
  ['wasm', false, {}, 0],
  ['wasm', true, {}, 0],
  ['wasm', true, { wasmThreshold: 0, wasmBatch: 2, wasmCapacity: 3 }, 50],
];

describe('random IR programs give the same result on every backend, optimized or not', () => {
  it('over 150 seeded programs of linked TBs', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const ref = runProgram(seed, 'interp', false);
      expect(ref.exit).toBe(1);
      for (const [backend, optimize, extra, slice] of VARIANTS) {
        const got = runProgram(seed, backend, optimize, 'plain', extra, slice);
        expect({ seed, backend, optimize, extra, ...got }).toEqual({
          seed,
          backend,
          optimize,
          extra,
          ...ref,
        });
      }
    }
    // the js runs compiled linked TBs into groups; the wasm runs compiled TBs and filled their table
    expect(groups).toBeGreaterThan(100);
    expect(wasmFunctions).toBeGreaterThan(500);
    expect(wasmFlushes).toBeGreaterThan(30);
  });

  it('over 150 seeded programs whose accesses may fault: the same precise state at the fault', () => {
    let faulted = 0;
    for (let seed = 1000; seed < 1150; seed++) {
      const ref = runProgram(seed, 'interp', false, 'faults');
      if (typeof ref.exit === 'string') faulted++;
      for (const [backend, optimize, extra, slice] of VARIANTS) {
        const got = runProgram(seed, backend, optimize, 'faults', extra, slice);
        expect({ seed, backend, optimize, extra, ...got }).toEqual({
          seed,
          backend,
          optimize,
          extra,
          ...ref,
        });
      }
    }
    expect(faulted).toBeGreaterThan(50);
  });

  it('over 100 seeded programs that store into their own code page: the same results after retranslation', () => {
    for (let seed = 2000; seed < 2100; seed++) {
      const ref = runProgram(seed, 'interp', false, 'smc');
      for (const [backend, optimize, extra, slice] of VARIANTS) {
        const got = runProgram(seed, backend, optimize, 'smc', extra, slice);
        expect({ seed, backend, optimize, extra, ...got }).toEqual({
          seed,
          backend,
          optimize,
          extra,
          ...ref,
        });
      }
    }
    // stores hit translated code: TBs were invalidated and translated again
    expect(smcTranslations).toBeGreaterThan(100 * 4 * 6 + 100);
  });
});
