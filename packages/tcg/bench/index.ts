/**
 * tcg benchmark: guest MIPS of the IR interpreter, the JS backend and the WebAssembly backend on
 * synthetic TBs shaped like x86 translations (integer loop, memory loop, call/return loop), against the
 * same work written directly in JavaScript (the ceiling) in the same run; and translation cost (TBs/s,
 * ops per instruction, code size; for wasm also per module of 1 and of 32 TBs, and compiled in V8's
 * background threads).
 *   pnpm --filter @tsemu/tcg bench            (BENCH_SCALE=0.1 for a quick check)
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { SLOT_EIP, TestMachine, type TestMachineOptions } from '../src/__fixtures__/machine.js';
import { jsBackendOptions } from '../src/backend-js.js';
import { TCGContext, TranslationBlock } from '../src/context.js';
import type { BackendName } from '../src/cpu-exec.js';
import { MO_32, TCGCond } from '../src/ir.js';
import { tcgOptimize } from '../src/optimize.js';

/** the tests' machine, set up as X86CPU sets up its executor (pc slot, a full-size wasm table) */
class BenchMachine extends TestMachine {
  constructor(backend: BackendName, opts: TestMachineOptions = {}) {
    super(backend, { pcSlot: SLOT_EIP, wasmCapacity: 32768, ...opts });
  }
}
type BenchMachineOptions = TestMachineOptions;

import { compileLoopTbToWasm } from './wasm-experiment.js';

/** iteration counts are multiplied by this (a quick check: 0.1) */
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const scaled = (n: number) => Math.max(1, Math.round(n * SCALE));

const EBX = 3;
const ECX = 1;
const EDX = 2;
const ESP = 4;
const ESI = 6;
const EDI = 7;
const CC_DST = 9;
const CC_SRC = 10;
const CC_OP = 12;
const DS_BASE = 17;

interface Regs {
  r: number[];
  eip: number;
  dst: number;
  src: number;
  op: number;
  ds: number;
}
function regs(s: TCGContext): Regs {
  return {
    r: ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'].map((n, i) => s.global(i, n)),
    eip: s.global(SLOT_EIP, 'eip'),
    dst: s.global(CC_DST, 'cc_dst'),
    src: s.global(CC_SRC, 'cc_src'),
    op: s.global(CC_OP, 'cc_op'),
    ds: s.global(DS_BASE, 'ds_base'),
  };
}

/** x86-like flags bookkeeping for an arithmetic instruction */
function flags(s: TCGContext, g: Regs, dst: number, src: number, op: number): void {
  s.mov(g.dst, dst);
  s.mov(g.src, src);
  s.movi(g.op, op);
}

/** jnz to `target` else fall through to `next`, as the i386 translator ends a TB */
function jccExit(s: TCGContext, g: Regs, reg: number, target: number, next: number): void {
  const l = s.label();
  s.brcondi(TCGCond.EQ, reg, 0, l);
  s.movi(g.eip, target);
  s.gotoTb(0);
  s.setLabel(l);
  s.movi(g.eip, next);
  s.exitTb(1);
}

/** 8 instructions: add, xor, rol, lea, sub, and, inc, dec+jnz; at `base` (its pcs are immediates) */
function intLoop(s: TCGContext, base = 0x1000): void {
  const g = regs(s);
  const [eax, ecx, edx, ebx, , , esi] = g.r;
  let pc = base;
  s.insnStart(pc++, 8);
  s.add(eax, eax, ecx);
  flags(s, g, eax, ecx, 8);
  s.insnStart(pc++, 8);
  s.xor(edx, edx, eax);
  flags(s, g, edx, edx, 24);
  s.insnStart(pc++, 24);
  s.rotli(ebx, ebx, 3);
  s.insnStart(pc++, 24);
  const t = s.temp();
  s.add(t, eax, ebx);
  s.addi(ecx, t, 12);
  s.insnStart(pc++, 24);
  s.sub(ebx, ebx, edx);
  flags(s, g, ebx, edx, 16);
  s.insnStart(pc++, 16);
  s.andi(edx, edx, 0x7fffffff);
  flags(s, g, edx, edx, 24);
  s.insnStart(pc++, 24);
  s.addi(eax, eax, 1);
  flags(s, g, eax, eax, 28);
  s.insnStart(pc++, 28);
  s.subi(esi, esi, 1);
  flags(s, g, esi, esi, 32);
  jccExit(s, g, esi, base, base + 0x10);
}

function intLoopNative(n: number): number {
  let eax = 0;
  let ecx = 1;
  let edx = 2;
  let ebx = 3;
  for (let esi = n; esi !== 0; esi = (esi - 1) | 0) {
    eax = (eax + ecx) | 0;
    edx ^= eax;
    ebx = (ebx << 3) | (ebx >>> 29);
    ecx = (eax + ebx + 12) | 0;
    ebx = (ebx - edx) | 0;
    edx &= 0x7fffffff;
    eax = (eax + 1) | 0;
  }
  return eax ^ ebx ^ ecx ^ edx;
}

/** 6 instructions: mov eax,[esi]; add [edi],eax; add esi,4; add edi,4; dec ecx; jnz */
function memLoop(s: TCGContext): void {
  const g = regs(s);
  const [eax, ecx, , , , , esi, edi] = g.r;
  let pc = 0x2000;
  const a = s.temp();
  const v = s.temp();
  s.insnStart(pc++, 24);
  s.add(a, esi, g.ds);
  s.qemuLd(eax, a, MO_32, 0);
  s.insnStart(pc++, 24);
  s.add(a, edi, g.ds);
  s.qemuLd(v, a, MO_32, 0);
  s.add(v, v, eax);
  s.qemuSt(v, a, MO_32, 0);
  flags(s, g, v, eax, 8);
  s.insnStart(pc++, 8);
  s.addi(esi, esi, 4);
  s.andi(esi, esi, 0xffff);
  flags(s, g, esi, esi, 8);
  s.insnStart(pc++, 8);
  s.addi(edi, edi, 4);
  s.andi(edi, edi, 0xffff);
  s.ori(edi, edi, 0x10000);
  flags(s, g, edi, edi, 8);
  s.insnStart(pc++, 8);
  s.subi(ecx, ecx, 1);
  flags(s, g, ecx, ecx, 32);
  s.insnStart(pc++, 32);
  jccExit(s, g, ecx, 0x2000, 0x2010);
}

function memLoopNative(ram: Int32Array, n: number): number {
  let esi = 0;
  let edi = 0x10000;
  let eax = 0;
  for (let ecx = n; ecx !== 0; ecx = (ecx - 1) | 0) {
    eax = ram[esi >> 2];
    ram[edi >> 2] = (ram[edi >> 2] + eax) | 0;
    esi = (esi + 4) & 0xffff;
    edi = ((edi + 4) & 0xffff) | 0x10000;
  }
  return eax;
}

/**
 * call/ret loop, 3 TBs and 5 instructions per iteration:
 *   0x3000: call 0x3100 (push 0x3005, direct jump)
 *   0x3100: dec ecx; ret (pop eip, indirect jump)
 *   0x3005: test ecx,ecx; jnz 0x3000
 */
function callLoop(m: BenchMachine): void {
  m.progs.set(0x3000, (s) => {
    const g = regs(s);
    const esp = g.r[ESP];
    s.insnStart(0x3000, 0);
    const a = s.temp();
    s.subi(a, esp, 4);
    s.qemuSt(s.const(0x3005), a, MO_32, 0);
    s.mov(esp, a);
    s.movi(g.eip, 0x3100);
    s.gotoTb(0);
  });
  m.progs.set(0x3100, (s) => {
    const g = regs(s);
    const [, ecx, , , esp] = g.r;
    s.insnStart(0x3100, 0);
    s.subi(ecx, ecx, 1);
    flags(s, g, ecx, ecx, 32);
    s.insnStart(0x3101, 32);
    s.qemuLd(g.eip, esp, MO_32, 0);
    s.addi(esp, esp, 4);
    s.lookupAndGotoPtr();
  });
  m.progs.set(0x3005, (s) => {
    const g = regs(s);
    const ecx = g.r[ECX];
    s.insnStart(0x3005, 32);
    flags(s, g, ecx, ecx, 24);
    s.insnStart(0x3007, 24);
    jccExit(s, g, ecx, 0x3000, 0x3009);
  });
}

interface Result {
  mips: number;
  insns: number;
  ms: number;
}

function runLoop(backend: BackendName, which: 'int' | 'mem' | 'call', iters: number): Result {
  // compiled at translation, each TB on its own (the warm-up runs make every TB hot)
  const m = new BenchMachine(backend);
  if (which === 'int') m.progs.set(0x1000, (s) => intLoop(s));
  else if (which === 'mem') m.progs.set(0x2000, memLoop);
  else callLoop(m);
  const start = which === 'int' ? 0x1000 : which === 'mem' ? 0x2000 : 0x3000;
  const gs = m.env.gs;
  const setup = (n: number) => {
    gs.fill(0);
    gs[ECX] = which === 'int' ? 1 : n;
    gs[EDX] = 2;
    gs[EBX] = 3;
    gs[ESI] = which === 'int' ? n : 0;
    gs[EDI] = 0x10000;
    gs[ESP] = 0x80000;
    gs[SLOT_EIP] = start;
  };
  const go = () => {
    for (;;) {
      const r = m.exec.run(1 << 30);
      if (r === 2) return;
    }
  };
  setup(10000);
  go(); // warm up: translate, tier up
  setup(10000);
  go();
  // best of three: the figure is the machine's speed, not the noise of other processes
  let best: Result = { mips: 0, insns: 0, ms: 0 };
  for (let k = 0; k < 3; k++) {
    setup(iters);
    const before = m.exec.insnCount;
    const t0 = performance.now();
    go();
    const ms = performance.now() - t0;
    const insns = m.exec.insnCount - before;
    if (insns / ms / 1000 > best.mips) best = { mips: insns / ms / 1000, insns, ms };
  }
  return best;
}

function nativeMips(which: 'int' | 'mem', iters: number): number {
  const ram = new Int32Array(1 << 18);
  const f = () => (which === 'int' ? intLoopNative(iters) : memLoopNative(ram, iters));
  f();
  let ms = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    f();
    ms = Math.min(ms, performance.now() - t0);
  }
  return ((which === 'int' ? 8 : 6) * iters) / ms / 1000;
}

interface Cost {
  tbs: number;
  /** wall time of translating (and compiling) them all, until the last one is installed */
  ms: number;
  /** of which the main thread's own work (async: before waiting) */
  mainMs: number;
  opsPerInsn: number;
  /** the executor's code size estimate per TB */
  codeBytesPerTb: number;
  /** wasm: module bytes per TB (function bodies, imports, headers), modules compiled */
  wasmBytesPerTb: number;
  modules: number;
  /** wasm: microseconds of code generation and of compilation+instantiation per TB (main thread) */
  genUs: number;
  compileUs: number;
}

/** n distinct TBs of the integer loop's shape, translated and compiled at once, each a real translation. */
async function translationCost(
  backend: BackendName,
  opts: BenchMachineOptions = {},
  n = 3000,
): Promise<Cost> {
  const m = new BenchMachine(backend, opts);
  // distinct pcs and immediates, so neither V8's source cache nor its wasm module cache can help
  for (let i = 0; i < n; i++) {
    const pc = 0x40000 + i * 16;
    m.progs.set(pc, (s) => intLoop(s, pc));
  }
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    m.env.gs[SLOT_EIP] = 0x40000 + i * 16;
    m.exec.tbLookup();
  }
  m.exec.flushCompileQueue();
  const mainMs = performance.now() - t0;
  const w = m.exec.wasm;
  // asynchronous compilation: the modules are installed at event-loop turns after their promise resolves
  while (w !== null && w.inFlight > 0) await new Promise((r) => setImmediate(r));
  const ms = performance.now() - t0;
  if (w !== null && w.lastError !== null) throw w.lastError;
  if (w !== null && w.functions !== n) throw new Error(`wasm: ${w.functions} of ${n} TBs installed`);
  const per = (x: number) => (w?.functions ? x / w.functions : 0);
  return {
    tbs: n,
    ms,
    mainMs,
    opsPerInsn: m.exec.opsAfter / (n * 8),
    codeBytesPerTb: m.exec.cache.codeBytes / m.exec.cache.count,
    wasmBytesPerTb: per(w?.bytes ?? 0),
    modules: w?.modules ?? 0,
    genUs: per((w?.genMs ?? 0) * 1000),
    compileUs: per((w?.compileMs ?? 0) * 1000),
  };
}

const fmt = (x: number) => x.toFixed(1).padStart(8);
console.log('tcg benchmark (guest MIPS; higher is better)');
console.log(
  `node ${process.version}, ${process.arch}; load average ${loadavg()
    .map((v) => v.toFixed(1))
    .join(' ')}${SCALE !== 1 ? `; BENCH_SCALE=${SCALE}` : ''}`,
);
console.log('workload     interp        js      wasm    native   js/interp   wasm/js  wasm/native');
for (const which of ['int', 'mem', 'call'] as const) {
  const iters = scaled(which === 'call' ? 2_000_000 : 3_000_000);
  const ri = runLoop('interp', which, Math.ceil(iters / 10));
  const rj = runLoop('js', which, iters);
  const rw = runLoop('wasm', which, iters);
  const nat = which === 'call' ? Number.NaN : nativeMips(which, iters * 4);
  console.log(
    `${which.padEnd(8)} ${fmt(ri.mips)}  ${fmt(rj.mips)}  ${fmt(rw.mips)}  ${fmt(nat)}  ${(rj.mips / ri.mips).toFixed(2).padStart(9)}x  ${(rw.mips / rj.mips).toFixed(2).padStart(7)}x  ${(rw.mips / nat).toFixed(2).padStart(10)}x`,
  );
}
{
  // the integer-loop TB's optimized IR as a WebAssembly function, against the JS backend's figure above
  const s = new TCGContext();
  intLoop(s);
  const tb = s.finish(new TranslationBlock(0x1000, 0, 0));
  tcgOptimize(tb);
  const w = compileLoopTbToWasm(tb);
  const n = scaled(3_000_000);
  let ms = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 4; k++) {
    w.gs.fill(0);
    w.gs.set([0, 1, 2, 3, 0, 0, n]);
    const t0 = performance.now();
    w.run(n);
    ms = Math.min(ms, performance.now() - t0);
  }
  const check = intLoopNative(n) === (w.gs[0] ^ w.gs[3] ^ w.gs[1] ^ w.gs[2]);
  console.log(
    `int loop as hand-made WebAssembly (bench/wasm-experiment.ts, same IR): ${((8 * n) / ms / 1000).toFixed(1)} MIPS (result ${check ? 'matches' : 'DIFFERS'})`,
  );
}
{
  // RAM access in generated code: aligned Int32Array element vs byte assembly (both little-endian)
  const n = scaled(3_000_000);
  jsBackendOptions.alignedInt32 = false;
  const bytes = runLoop('js', 'mem', n).mips;
  jsBackendOptions.alignedInt32 = true;
  const aligned = runLoop('js', 'mem', n).mips;
  console.log(
    `mem loop, js: Int32Array when aligned ${aligned.toFixed(1)} MIPS, bytes only ${bytes.toFixed(1)} MIPS`,
  );
}
{
  const n = scaled(3000);
  console.log(
    `\ntranslation: ${n} distinct TBs of the int loop's shape (8 insns), each translated, optimized and compiled at once`,
  );
  console.log(
    '| backend | TBs/s (wall) | main-thread ms | IR ops/insn after opt | code bytes/TB (estimate) | wasm bytes/TB | modules | wasm gen us/TB | wasm compile us/TB |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  const rows: [string, BackendName, BenchMachineOptions][] = [
    ['interp', 'interp', {}],
    ['js', 'js', {}],
    ['wasm, 1 TB/module', 'wasm', { wasmBatch: 1 }],
    // instantiating a module that imports the table costs in proportion to the table's size
    ['wasm, 1 TB/module, table of 4,096', 'wasm', { wasmBatch: 1, wasmCapacity: 4096 }],
    ['wasm, 32 TBs/module', 'wasm', { wasmBatch: 32 }],
    ['wasm, 32 TBs/module, async', 'wasm', { wasmBatch: 32, wasmAsync: true }],
  ];
  // warm-up: the translator, optimizer and code generators are JIT-compiled by V8 before the figures
  for (const [, backend, opts] of rows) await translationCost(backend, opts, 200);
  for (const [label, backend, opts] of rows) {
    const c = await translationCost(backend, opts, n);
    const wasm = backend === 'wasm';
    const d = (x: number, digits = 0) => (wasm ? x.toFixed(digits) : '–');
    console.log(
      `| ${label} | ${((c.tbs / c.ms) * 1000).toFixed(0)} | ${c.mainMs.toFixed(0)} | ${c.opsPerInsn.toFixed(2)} | ${c.codeBytesPerTb.toFixed(0)} | ${d(c.wasmBytesPerTb)} | ${d(c.modules)} | ${d(c.genUs, 1)} | ${opts.wasmAsync ? '(background)' : d(c.compileUs, 1)} |`,
    );
  }
}
