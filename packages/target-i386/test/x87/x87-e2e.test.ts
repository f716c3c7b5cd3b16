// End to end: the x87 differential programs run on the tsemu CPU (decoder, TCG IR, CPU loop,
// helper_fpu_exec) and must print exactly what qemu-system-i386 prints.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { makeWorkDir, missingTools, runQemu } from '../harness/qemu-runner.js';
import { runMultiboot } from '../harness/tsemu-runner.js';
import { mathCases, miscCases } from './x87-cases.js';
import { assembleCases, program, type X87Case } from './x87-runner.js';

const missing = missingTools();

async function e2e(name: string, cases: X87Case[]): Promise<void> {
  const dir = makeWorkDir();
  const { bin } = await assembleCases(dir, name, program(cases));
  const qemu = (await runQemu(bin, 60000)).trimEnd().split('\n');
  const label = (rows: string[]) => rows.map((row, i) => `${cases[i]?.name ?? '?'} | ${row}`);
  const q = label(qemu);
  // on every TCG backend
  for (const backend of ['interp', 'js', 'wasm'] as const) {
    const r = runMultiboot(new Uint8Array(readFileSync(bin)), { backend });
    const ours = r.output.trimEnd().split('\n');
    const diff = label(ours).flatMap((row, i) => (row !== q[i] ? [`  tsemu ${row}\n  qemu  ${q[i]}`] : []));
    if (diff.length)
      console.warn(
        `${name} (${backend}): ${diff.length} of ${cases.length} differ\n${diff.slice(0, 10).join('\n')}`,
      );
    expect(label(ours), `${backend} backend`).toEqual(q);
    expect(r.exitCode, `${backend} backend`).toBe(0);
  }
}

// The translator does not pass the operand size to helper_fpu_exec yet (FPU_EXEC_DATA32), so the
// 16-bit fnstenv/fldenv/fnsave/frstor layouts are covered by the helper-level test only.
const misc = miscCases().filter((c) => !/ 16$/.test(c.name));
// Every fourth case keeps the interpreter run short; the helper-level test runs them all.
const math = mathCases().filter((_c, i) => i % 4 === 0);

describe(`x87 programs on the tsemu CPU vs qemu-system-i386${missing.length ? ' (skipped: missing tools)' : ''}`, () => {
  const t = test.skipIf(missing.length > 0);
  t(
    'compares, fcomi/fcmov flags, constants, stack, control and environment images',
    () => e2e('x87-e2e-misc', misc),
    240000,
  );
  t('fscale, fprem and the transcendental instructions', () => e2e('x87-e2e-math', math), 240000);
});
