/**
 * System-level differential programs (test/system/programs/*.asm, multiboot kernels using
 * lib/sys.inc): protected-mode checks and error codes, ring transitions, paging and page faults,
 * task switches, double and triple faults. Each runs under qemu-system-i386 with a CPU model
 * reduced to the features tsemu advertises, then on the tsemu CPU; outputs must match line by line.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type BackendName, WasmArena } from '@tsemu/tcg';
import { afterAll, describe, expect, test } from 'vitest';
import { SliceExit, X86CPU } from '../../src/index.js';
import { firstDifference } from '../harness/compare.js';
import { loadMultiboot, MULTIBOOT_BOOTLOADER_MAGIC, parseMultiboot } from '../harness/multiboot.js';
import { LIB_DIR, makeWorkDir, missingTools, NASM, QEMU } from '../harness/qemu-runner.js';
import { enterFlatProtectedMode } from '../harness/tsemu-runner.js';

const run = promisify(execFile);
const BACKENDS: readonly BackendName[] = ['interp', 'js', 'wasm'];
const here = dirname(fileURLToPath(import.meta.url));
const SYS_LIB = join(here, 'lib');
/** QEMU -cpu for a tsemu model: qemu32 without what tsemu's honest qemu32 drops (see cpu-models.ts) */
const QEMU_CPU: Record<string, string> = {
  qemu32: 'qemu32,-sse3,-apic,-mmx,-fxsr,-sse,-sse2',
  max: 'qemu32,-sse3,-apic,-mmx,-fxsr,-sse,-sse2,+nx,+mtrr',
};

const programs = readdirSync(join(here, 'programs'))
  .filter((f) => f.endsWith('.asm'))
  .map((f) => ({ name: f.replace(/\.asm$/, ''), source: readFileSync(join(here, 'programs', f), 'utf8') }));

async function assemble(work: string, name: string, source: string): Promise<string> {
  const asm = join(work, `${name}.asm`);
  const bin = join(work, `${name}.bin`);
  writeFileSync(asm, source);
  await run(NASM, ['-f', 'bin', '-i', `${LIB_DIR}/`, '-i', `${SYS_LIB}/`, '-o', bin, asm]);
  return bin;
}

async function runQemu(bin: string, model: string, extra: string[] = []): Promise<string> {
  const out = `${bin}.qemu.txt`;
  writeFileSync(out, '');
  const args = [
    ...['-M', 'pc', '-accel', 'tcg', '-cpu', QEMU_CPU[model], '-m', '16', '-display', 'none', '-no-reboot'],
    ...[
      '-kernel',
      bin,
      '-chardev',
      `file,id=dbg,path=${out}`,
      '-device',
      'isa-debugcon,iobase=0xe9,chardev=dbg',
    ],
    ...['-device', 'isa-debug-exit,iobase=0xf4,iosize=4', '-serial', 'none', '-monitor', 'none'],
    ...extra,
  ];
  try {
    await run(QEMU, args, { timeout: 20000 });
  } catch (e) {
    // isa-debug-exit: status (value << 1) | 1
    if ((e as { code?: unknown }).code !== 1) throw e;
  }
  return readFileSync(out, 'utf8');
}

/** The interrupt log lines of `-d int` (QEMU also dumps registers after each; those are left out). */
const intLines = (log: string) => log.split('\n').filter((l) => /^ *\d+: v=|^check_exception/.test(l));

/**
 * Boot on tsemu as the corpus harness does (flat protected mode as QEMU's multiboot ROM leaves it),
 * with the given CPU model; env.intLog collects `-d int` lines.
 */
function runTsemu(
  image: Uint8Array,
  model: string,
  backend: BackendName = 'js',
): { output: string; intLog: string[] } {
  const arena = backend === 'wasm' ? new WasmArena({ ramSize: 16 << 20 }) : undefined;
  const ram = arena ? arena.ram : new Uint8Array(16 << 20);
  let output = '';
  let exited = false;
  const cpu: X86CPU = new X86CPU({
    ram,
    arena,
    backend,
    model,
    io: {
      in: (port, size) => (port === 0xe9 ? 0xe9 : size === 4 ? -1 : (1 << (8 * size)) - 1),
      out: (port, _size, value) => {
        if (port === 0xe9) output += String.fromCharCode(value & 0xff);
        else if (port === 0xf4) {
          exited = true;
          cpu.kick();
        }
      },
    },
  });
  const img = parseMultiboot(image);
  const mbi = loadMultiboot(ram, img, 0x9500);
  enterFlatProtectedMode(cpu, ram);
  const env = cpu.env;
  const intLog: string[] = [];
  env.intLog = (l) => intLog.push(l);
  env.regs[0] = MULTIBOOT_BOOTLOADER_MAGIC;
  env.regs[3] = mbi;
  env.regs[4] = 0x6f08;
  env.eip = img.entry;
  while (!exited && cpu.exec.insnCount < 20_000_000) {
    const r = cpu.runSlice(100_000);
    if (r === SliceExit.RESET || r === SliceExit.HALTED) break;
  }
  return { output, intLog };
}

const missing = missingTools();
if (missing.length) console.warn(`system programs: skipping, missing ${missing.join(', ')}`);

describe(`system programs: tsemu matches QEMU${missing.length ? ` (skipped: missing ${missing.join(', ')})` : ''}`, () => {
  const work = makeWorkDir();
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  for (const p of programs) {
    test.skipIf(missing.length > 0)(p.name, { timeout: 60000 }, async () => {
      const model = /^; cpu: (\w+)$/m.exec(p.source)?.[1] ?? 'qemu32';
      const bin = await assemble(work, p.name, p.source);
      const expected = await runQemu(bin, model);
      // each program states the QEMU output it expects to reach (guards against an empty comparison)
      const marker = /^; expect: (.*)$/m.exec(p.source)?.[1];
      expect(marker, `${p.name} needs a '; expect:' line`).toBeDefined();
      expect(expected).toContain(marker);
      // every TCG backend must print what QEMU prints
      for (const backend of BACKENDS) {
        const r = runTsemu(new Uint8Array(readFileSync(bin)), model, backend);
        expect(firstDifference(expected, r.output) ?? '', `${backend} backend`).toBe('');
      }
    });
  }
  test.skipIf(missing.length > 0)(
    '-d int lines match QEMU for rings and faults',
    { timeout: 60000 },
    async () => {
      for (const name of ['rings', 'faults']) {
        const p = programs.find((q) => q.name === name)!;
        const bin = await assemble(work, `${name}-int`, p.source);
        await runQemu(bin, 'qemu32', ['-d', 'int', '-D', `${bin}.int.log`]);
        const expected = intLines(readFileSync(`${bin}.int.log`, 'utf8'));
        expect(expected.length, name).toBeGreaterThan(5);
        expect(runTsemu(new Uint8Array(readFileSync(bin)), 'qemu32').intLog.join('\n')).toBe(
          expected.join('\n'),
        );
      }
    },
  );
});
