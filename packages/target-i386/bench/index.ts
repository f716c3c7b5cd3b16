/**
 * CPU-bound multiboot workloads (issue 8, benchmark 1 and 2): nasm sources in bench/workloads, booted
 * the way QEMU's -kernel multiboot loader leaves the CPU, run
 *   - on each tcg backend as X86CPU configures it (`interp`, `js`, `wasm`: 2 interpreted runs before a
 *     TB is compiled, one TB per WebAssembly module, compiled synchronously),
 *   - on `wasm` as the PC machine configures it (`wasm sys`: 64 runs, 32 TBs per module, compiled in
 *     V8's background threads and installed at the event loop's turns; run in the vCPU loop's slices),
 *   - tuned as QEMU is (`js+`, `wasm+`: helper_cc_compute_all/_c declared TCG_CALL_NO_RWG_SE; js+ also
 *     groups of 6),
 *   - on `qemu-system-i386 -accel tcg` when installed (its wall time minus the boot of an empty program).
 * Prints guest MIPS, time ratios to QEMU from this one run, and translation cost (TBs/s, IR ops per
 * guest instruction, generated code size). The checksum each program prints must match QEMU's.
 *   pnpm --filter @tsemu/target-i386 bench     (BENCH_ONLY=int,call,trans to select; BENCH_SCALE=0.05
 *                                              for a quick check; BENCH_NO_BUILD=1 to skip the tsc build)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

// The emulator runs from the packages' tsc builds (dist), as the tsemu binaries do: code loaded through
// tsx is rewritten with esbuild's keepNames, which wraps every closure creation in a defineProperty
// call and costs some helpers several times their own time.
const pkgDir = join(import.meta.dirname, '..');
if (!process.env.BENCH_NO_BUILD) {
  for (const dir of [join(pkgDir, '..', 'tcg'), pkgDir]) {
    try {
      execFileSync(process.execPath, [require_tsc(), '-p', 'tsconfig.build.json'], {
        cwd: dir,
        stdio: 'inherit',
      });
    } catch {
      // tsc still emits on type errors; the typecheck is the place that reports them
      console.log(`bench: tsc reported errors in ${dir}; running what it emitted`);
    }
  }
}
function require_tsc(): string {
  return join(pkgDir, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');
}
const { declareHelperFlags, TCG_CALL_NO_RWG_SE, WasmArena, SYSTEM_WASM_BATCH, SYSTEM_WASM_THRESHOLD } =
  await import('@tsemu/tcg');
// the build, by a computed path (typed as the sources) so typechecking does not need dist/
const distEntry = join(pkgDir, 'dist', 'index.js');
const i386: typeof import('../src/index.js') = await import(distEntry);
const { helper_cc_compute_all, helper_cc_compute_c, R_EAX, R_EBX, R_ECX, R_EDI, R_EDX, R_ESP, SliceExit } =
  i386;

type CpuOptions = ConstructorParameters<typeof i386.X86CPU>[0];

/** A CPU with RAM, debugcon at 0xe9 and isa-debug-exit at 0xf4, in flat protected mode as QEMU's multiboot.S leaves it. */
function makeMachine(ramSize: number, extra: Partial<CpuOptions>) {
  // the wasm backend needs RAM, the TLB and the CPU state in one WebAssembly memory
  const arena = extra.backend === 'wasm' ? new WasmArena({ ramSize }) : undefined;
  const ram = arena ? arena.ram : new Uint8Array(ramSize);
  const state = { output: '', exitCode: undefined as number | undefined };
  const cpu: InstanceType<typeof i386.X86CPU> = new i386.X86CPU({
    ...extra,
    ram,
    arena,
    io: {
      in: (port, size) => (port === 0xe9 ? 0xe9 : size === 4 ? -1 : (1 << (8 * size)) - 1),
      out: (port, _size, value) => {
        if (port === 0xe9) state.output += String.fromCharCode(value & 0xff);
        else if (port === 0xf4) {
          state.exitCode = value;
          cpu.kick();
        }
      },
    },
  });
  const env = cpu.env;
  const dv = new DataView(ram.buffer, ram.byteOffset);
  const GDT = 0x500;
  dv.setUint32(GDT + 8, 0x0000ffff, true);
  dv.setUint32(GDT + 12, 0x00cf9b00, true);
  dv.setUint32(GDT + 16, 0x0000ffff, true);
  dv.setUint32(GDT + 20, 0x00cf9300, true);
  env.gdt.base = GDT;
  env.gdt.limit = 23;
  i386.cpu_x86_update_cr0(env, env.cr[0] | 1);
  const flat = i386.DESC_G_MASK | i386.DESC_B_MASK | i386.DESC_P_MASK | i386.DESC_S_MASK | i386.DESC_A_MASK;
  i386.cpu_x86_load_seg_cache(
    env,
    i386.R_CS,
    0x08,
    0,
    0xffffffff,
    flat | i386.DESC_CS_MASK | i386.DESC_R_MASK,
  );
  for (const seg of [i386.R_SS, i386.R_DS, i386.R_ES, i386.R_FS, i386.R_GS])
    i386.cpu_x86_load_seg_cache(env, seg, 0x10, 0, 0xffffffff, flat | i386.DESC_W_MASK);
  i386.cpu_load_eflags(env, 0x6, ~(i386.CC_MASK | i386.DF_MASK));
  return { cpu, ram, state };
}

/** The multiboot a.out-kludge image: load it, zero its bss, place an mbi; returns entry and mbi. */
function loadMultiboot(ram: Uint8Array, image: Uint8Array): { entry: number; mbi: number } {
  const dv = new DataView(image.buffer, image.byteOffset, image.byteLength);
  for (let off = 0; off + 32 <= Math.min(image.length, 8192); off += 4) {
    if (dv.getUint32(off, true) !== 0x1badb002) continue;
    const [headerAddr, loadAddr, loadEnd, bssEnd, entry] = [12, 16, 20, 24, 28].map((o) =>
      dv.getUint32(off + o, true),
    );
    const start = off - (headerAddr - loadAddr);
    const data = image.subarray(start, loadEnd ? start + loadEnd - loadAddr : image.length);
    ram.set(data, loadAddr);
    ram.fill(0, loadAddr + data.length, Math.max(bssEnd, loadAddr + data.length));
    const mbi = 0x9500;
    const m = new DataView(ram.buffer, ram.byteOffset + mbi);
    m.setUint32(0, 3, true);
    m.setUint32(4, 640, true);
    m.setUint32(8, ram.length / 1024 - 1024, true);
    m.setUint32(12, 0x8000ffff, true);
    return { entry, mbi };
  }
  throw new Error('no multiboot header');
}

const NASM = '/usr/bin/nasm';
const QEMU = '/usr/bin/qemu-system-i386';
const here = import.meta.dirname;
const LIB = join(here, '..', 'test', 'corpus', 'lib');
const work = mkdtempSync(join(tmpdir(), 'tsemu-bench-'));

interface Workload {
  name: string;
  what: string;
  /** iterations for the js backends and QEMU, and for the (slow) interpreter */
  iters: number;
  interpIters: number;
}
const WORKLOADS: Workload[] = [
  { name: 'int', what: 'integer loop', iters: 20_000_000, interpIters: 400_000 },
  { name: 'mem', what: 'memory loop', iters: 50_000, interpIters: 1_000 },
  { name: 'call', what: 'call/branch loop', iters: 10_000_000, interpIters: 200_000 },
  { name: 'paging', what: 'paging on, CR3 reloads', iters: 20_000, interpIters: 400 },
];
const only = process.env.BENCH_ONLY?.split(',');
// iterations are multiplied by this (a quick check: BENCH_SCALE=0.05)
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
for (const w of WORKLOADS) {
  w.iters = Math.max(1, Math.round(w.iters * SCALE));
  w.interpIters = Math.max(1, Math.round(w.interpIters * SCALE));
}

function assemble(name: string, iters: number, salt = 0): string {
  const bin = join(work, `${name}-${iters}-${salt}.bin`);
  if (!existsSync(bin))
    execFileSync(NASM, [
      '-f',
      'bin',
      '-i',
      `${LIB}/`,
      `-DITERS=${iters}`,
      `-DSALT=${salt}`,
      '-o',
      bin,
      join(here, 'workloads', `${name}.asm`),
    ]);
  return bin;
}

type Variant = 'interp' | 'js' | 'js+' | 'wasm' | 'wasm sys' | 'wasm+';

/** X86CPU options of each variant (js+ and wasm+ also need the helper flags declared) */
const VARIANT_OPTIONS: Record<Variant, Partial<CpuOptions>> = {
  interp: { backend: 'interp' },
  js: { backend: 'js' },
  'js+': { backend: 'js' },
  wasm: { backend: 'wasm' },
  'wasm sys': {
    backend: 'wasm',
    wasmThreshold: SYSTEM_WASM_THRESHOLD,
    wasmBatch: SYSTEM_WASM_BATCH,
    wasmAsync: true,
  },
  'wasm+': { backend: 'wasm' },
};

interface Run {
  ms: number;
  insns: number;
  output: string;
  stats: {
    tbs: number;
    transMs: number;
    icount: number;
    ops: number;
    opsOpt: number;
    optInsns: number;
    code: number;
    /** TBs compiled to JavaScript, to WebAssembly; wasm modules and their bytes */
    compiled: number;
    wasmCompiled: number;
    wasmModules: number;
    wasmBytes: number;
  };
}

async function runTsemu(bin: string, variant: Variant, tune: Partial<CpuOptions> = {}): Promise<Run> {
  const opts = { ...VARIANT_OPTIONS[variant], ...tune };
  const { cpu, ram, state } = makeMachine(8 << 20, opts);
  if (variant === 'js+') cpu.exec.maxGroup = 6;
  const img = loadMultiboot(ram, readFileSync(bin));
  const env = cpu.env;
  env.regs[R_EAX] = 0x2badb002;
  env.regs[R_EBX] = img.mbi;
  env.regs[R_ECX] = img.entry;
  env.regs[R_EDX] = 0x10511;
  env.regs[R_ESP] = 0x6f08;
  env.regs[R_EDI] = 0x1000;
  env.eip = img.entry;
  // `wasm sys` runs as the PC's vCPU loop does (slices of 20,000 insns, the event loop's turn every 8 ms),
  // where background compilations are installed; the others in slices of 1M insns without yielding
  const sys = opts.wasmAsync === true;
  const slice = sys ? 20_000 : 1_000_000;
  const t0 = performance.now();
  let turn = t0;
  while (state.exitCode === undefined) {
    const r = cpu.runSlice(slice);
    if (r === SliceExit.RESET || r === SliceExit.HALTED) break;
    if (sys && performance.now() - turn >= 8) {
      await new Promise((resolve) => setImmediate(resolve));
      turn = performance.now();
    }
  }
  const ms = performance.now() - t0;
  const x = cpu.exec;
  const w = x.wasm;
  let icount = 0;
  let optOps = 0;
  let optInsns = 0;
  let code = 0;
  for (const tb of x.cache.allTbs()) {
    icount += tb.icount;
    code += tb.codeSize;
    if (tb.optimized) {
      optOps += tb.ops.length;
      optInsns += tb.icount;
    }
  }
  const t = x.timing;
  return {
    ms,
    insns: x.insnCount,
    output: state.output.trim(),
    stats: {
      tbs: x.tbsTranslated,
      transMs: t.translate + t.optimize + t.encode + t.compile + (w ? w.genMs + w.compileMs : 0),
      icount,
      ops: x.opsBefore,
      opsOpt: optOps,
      optInsns,
      code,
      compiled: x.tbsCompiled,
      wasmCompiled: w?.functions ?? 0,
      wasmModules: w?.modules ?? 0,
      wasmBytes: w?.bytes ?? 0,
    },
  };
}

function runQemu(bin: string): { ms: number; output: string } {
  const out = `${bin}.qemu.txt`;
  const args = ['-M', 'pc', '-accel', 'tcg', '-display', 'none', '-no-reboot', '-kernel', bin];
  args.push('-chardev', `file,id=dbg,path=${out}`, '-device', 'isa-debugcon,iobase=0xe9,chardev=dbg');
  args.push('-device', 'isa-debug-exit,iobase=0xf4,iosize=4', '-serial', 'none', '-monitor', 'none');
  const t0 = performance.now();
  try {
    execFileSync(QEMU, args, { stdio: 'ignore', timeout: 300_000 });
  } catch (e) {
    if ((e as { status?: number }).status !== 1) throw e; // isa-debug-exit(0) exits with 1
  }
  return { ms: performance.now() - t0, output: readFileSync(out, 'utf8').trim() };
}

const haveQemu = existsSync(QEMU);
const f1 = (v: number) => v.toFixed(1);
const best = async <T extends { ms: number }>(n: number, f: () => T | Promise<T>): Promise<T> => {
  let r = await f();
  for (let i = 1; i < n; i++) {
    const s = await f();
    if (s.ms < r.ms) r = s;
  }
  return r;
};

console.log(
  `i386 multiboot workloads; node ${process.version}, load average ${loadavg().map(f1).join(' ')}${SCALE !== 1 ? `; BENCH_SCALE=${SCALE}` : ''}`,
);
// QEMU's fixed cost: firmware and multiboot loading, measured on the same program with one iteration
let qemuBoot = 0;
if (haveQemu) qemuBoot = (await best(3, () => runQemu(assemble('int', 1)))).ms;
else console.log(`${QEMU} not installed: no QEMU ratios`);
if (haveQemu) console.log(`QEMU boot overhead (subtracted): ${qemuBoot.toFixed(0)} ms`);

// the same binary on every variant but the interpreter (fewer iterations), best of two runs each
const FAST: Variant[] = ['js', 'js+', 'wasm', 'wasm sys', 'wasm+'];
const mipsRows: string[] = [
  `| workload | guest insns | interp | ${FAST.join(' | ')} |`,
  `|---|---|---|${FAST.map(() => '---|').join('')}`,
];
const qemuRows: string[] = [
  `| workload | QEMU ms | ${FAST.map((v) => `${v}/QEMU`).join(' | ')} |`,
  `|---|---|${FAST.map(() => '---|').join('')}`,
];
let tunedDeclared = false;
for (const w of WORKLOADS) {
  if (only && !only.includes(w.name)) continue;
  const bin = assemble(w.name, w.iters);
  const interp = await runTsemu(assemble(w.name, w.interpIters), 'interp');
  const runs = new Map<Variant, Run>();
  // the untuned variants first: declaring the helpers pure holds for the rest of this process
  for (const v of FAST.filter((v) => !v.endsWith('+'))) runs.set(v, await best(2, () => runTsemu(bin, v)));
  if (!tunedDeclared) {
    declareHelperFlags(helper_cc_compute_all, TCG_CALL_NO_RWG_SE);
    declareHelperFlags(helper_cc_compute_c, TCG_CALL_NO_RWG_SE);
    tunedDeclared = true;
  }
  for (const v of FAST.filter((v) => v.endsWith('+'))) runs.set(v, await best(2, () => runTsemu(bin, v)));
  const fast = FAST.map((v) => runs.get(v) as Run);
  const mips = (r: Run) => r.insns / r.ms / 1000;
  const ref = fast[0];
  for (const [i, r] of fast.entries())
    if (r.output !== ref.output || r.insns !== ref.insns)
      console.log(
        `  ${w.name}: ${FAST[i]} printed '${r.output}' after ${r.insns} insns, js '${ref.output}' after ${ref.insns}`,
      );
  if (interp.output.split(' ')[0] !== ref.output.split(' ')[0])
    console.log(`  ${w.name}: interp printed '${interp.output}'`);
  mipsRows.push(
    `| ${w.what} | ${(ref.insns / 1e6).toFixed(0)} M | ${f1(mips(interp))} | ${fast.map((r) => f1(mips(r))).join(' | ')} |`,
  );
  if (haveQemu) {
    const qr = await best(2, () => runQemu(bin));
    const qms = Math.max(1, qr.ms - qemuBoot);
    if (qr.output !== ref.output)
      console.log(`  ${w.name}: OUTPUT DIFFERS: qemu '${qr.output}' js '${ref.output}'`);
    qemuRows.push(
      `| ${w.what} | ${qms.toFixed(0)} | ${fast.map((r) => `${(r.ms / qms).toFixed(2)}x`).join(' | ')} |`,
    );
  }
}
console.log('guest MIPS (higher is better):');
console.log(mipsRows.join('\n'));
if (haveQemu) {
  console.log('\ntime / QEMU TCG time, same binary (lower is better):');
  console.log(qemuRows.join('\n'));
}

// translation cost: straight-line blocks, each run 3 times (default tiering) or compiled at once
if (!only || only.includes('trans')) {
  console.log('\ntranslation (4,000 straight-line TBs of 6 insns, each run 3 times; one run, fresh code):');
  console.log(
    '| backend | TBs | TBs/s (translate+optimize+encode+js/wasm) | IR ops/insn emitted | after opt | JS compiled | wasm compiled (modules) | wasm bytes/TB | code bytes/TB | wall ms |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  let salt = 0;
  const rows: [string, Variant, Partial<CpuOptions>][] = [
    ['interp', 'interp', {}],
    ['js (tiered)', 'js', {}],
    ['js, compile at once', 'js', { jsThreshold: 0 }],
    ['wasm (tiered, 1 TB/module)', 'wasm', {}],
    ['wasm (tiered, 32 TBs/module)', 'wasm', { wasmBatch: 32 }],
    ['wasm, compile at once, 1 TB/module', 'wasm', { wasmThreshold: 0 }],
    ['wasm, compile at once, 32 TBs/module', 'wasm', { wasmThreshold: 0, wasmBatch: 32 }],
  ];
  for (const [label, variant, tune] of rows) {
    // new immediates each run: V8 caches `new Function` by source (and wasm modules by their bytes),
    // which would hide the compile cost
    const r = await runTsemu(assemble('trans', 3, ++salt), variant, tune);
    const s = r.stats;
    const perInsn = (n: number, d = s.icount) => (d ? n / d : 0).toFixed(2);
    const wasm = variant.startsWith('wasm');
    console.log(
      `| ${label} | ${s.tbs} | ${((s.tbs / s.transMs) * 1000).toFixed(0)} | ${perInsn(s.ops)} | ${s.optInsns ? perInsn(s.opsOpt, s.optInsns) : '–'} | ${s.compiled} | ${wasm ? `${s.wasmCompiled} (${s.wasmModules})` : '–'} | ${wasm && s.wasmCompiled ? (s.wasmBytes / s.wasmCompiled).toFixed(0) : '–'} | ${(s.code / Math.max(1, s.tbs)).toFixed(0)} | ${r.ms.toFixed(0)} |`,
    );
  }
}
