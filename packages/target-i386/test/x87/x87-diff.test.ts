// Differential test: x87 instruction sequences run under qemu-system-i386 (TCG) and through
// tsemu's helper_fpu_exec must leave identical fnsave images, AX, EFLAGS and stored memory.
import { describe, expect, test } from 'vitest';
import { makeWorkDir, missingTools, runQemu } from '../harness/qemu-runner.js';
import {
  arithCases,
  fxsaveCases,
  loadStoreCases,
  mathCases,
  memArithCases,
  miscCases,
  randomLoadStoreCases,
  randomMathCases,
} from './x87-cases.js';
import { assembleCases, program, runOnHelpers, type X87Case } from './x87-runner.js';

const missing = missingTools();
if (missing.length) console.warn(`x87 differential test skipped: missing ${missing.join(', ')}`);

async function compare(name: string, cases: X87Case[]): Promise<void> {
  const dir = makeWorkDir();
  const { bin, image, marks } = await assembleCases(dir, name, program(cases));
  const qemu = (await runQemu(bin, 60000)).trimEnd().split('\n');
  const ours = runOnHelpers(cases, image, marks);
  const label = (rows: string[]) => rows.map((r, i) => `${cases[i]?.name ?? '?'} | ${r}`);
  const q = label(qemu);
  const diff = label(ours).flatMap((r, i) => (r !== q[i] ? [`  tsemu ${r}\n  qemu  ${q[i]}`] : []));
  if (diff.length)
    console.warn(`${name}: ${diff.length} of ${cases.length} differ\n${diff.slice(0, 12).join('\n')}`);
  expect(label(ours)).toEqual(label(qemu));
}

describe(`x87 instructions vs qemu-system-i386${missing.length ? ` (skipped: missing ${missing.join(', ')})` : ''}`, () => {
  const t = test.skipIf(missing.length > 0);
  t(
    `register arithmetic in every form, rounding and precision mode (${arithCases().length} cases)`,
    () => compare('x87-arith-forms', arithCases()),
    120000,
  );
  t(
    `memory-operand arithmetic and compares (${memArithCases().length} cases)`,
    () => compare('x87-mem-arith', memArithCases()),
    120000,
  );
  t(
    `loads and stores of every memory format (${loadStoreCases().length} cases)`,
    () => compare('x87-load-store', loadStoreCases()),
    120000,
  );
  t(
    `compares, fcomi flags, fcmov, constants, stack, control, environment images (${miscCases().length} cases)`,
    () => compare('x87-misc', miscCases()),
    120000,
  );
  t(
    `transcendental, fscale, fprem, fsqrt on seeded random operands and control words (${randomMathCases().length} cases)`,
    () => compare('x87-random-math', randomMathCases()),
    120000,
  );
  t(
    `stores and loads on seeded random operands and control words (${randomLoadStoreCases().length} cases)`,
    () => compare('x87-random-ldst', randomLoadStoreCases()),
    120000,
  );
  t('fxsave/fxrstor images', () => compare('x87-fxsave', fxsaveCases()), 60000);
  t(
    `fscale, fprem, transcendental instructions (${mathCases().length} cases)`,
    () => compare('x87-math', mathCases()),
    120000,
  );
});
