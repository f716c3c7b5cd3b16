import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { generateAluPrograms, generateShiftPrograms } from './corpus/generator/gen-alu.js';
import { firstDifference } from './harness/compare.js';
import { assemble, makeWorkDir, missingTools, runQemu } from './harness/qemu-runner.js';
import { runMultiboot } from './harness/tsemu-runner.js';

const here = dirname(fileURLToPath(import.meta.url));
const handWritten = readdirSync(join(here, 'corpus', 'programs'))
  .filter((f) => f.endsWith('.asm'))
  .map((f) => ({
    name: f.replace(/\.asm$/, ''),
    source: readFileSync(join(here, 'corpus', 'programs', f), 'utf8'),
  }));
const programs = [...handWritten, ...generateAluPrograms(), ...generateShiftPrograms()];
const missing = missingTools();
if (missing.length) console.warn(`corpus: skipping QEMU side, missing ${missing.join(', ')}`);

describe(`corpus: tsemu matches QEMU${missing.length ? ` (skipped: missing ${missing.join(', ')})` : ''}`, () => {
  const work = makeWorkDir();
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  test.skipIf(missing.length > 0)(
    'every program boots on QEMU and on the tsemu CPU with the same output, line by line',
    { timeout: 240000 },
    async () => {
      const qemu = new Map<string, string>();
      const bins = new Map<string, string>();
      for (let i = 0; i < programs.length; i += 2) {
        await Promise.all(
          programs.slice(i, i + 2).map(async (p) => {
            const bin = await assemble(work, p.name, p.source);
            bins.set(p.name, bin);
            qemu.set(p.name, await runQemu(bin));
          }),
        );
      }
      expect(qemu.get('alu-basic')).toContain('add32 7fffffff+1 80000000 00000894');
      expect(qemu.get('alu-basic')).toContain('bswap 78563412');
      const failures: string[] = [];
      for (const p of programs) {
        const expected = qemu.get(p.name) ?? '';
        const lines = expected.split('\n').filter(Boolean);
        expect(lines.length, p.name).toBe(
          Number(/^; lines: (\d+)$/m.exec(p.source)?.[1] ?? (p.source.match(/RESULT "/g) ?? []).length),
        );
        const r = runMultiboot(new Uint8Array(readFileSync(bins.get(p.name) ?? '')));
        const d = firstDifference(expected, r.output);
        if (d) failures.push(`${p.name}: ${d}`);
        else if (r.exitCode !== 0) failures.push(`${p.name}: exit code ${r.exitCode}`);
      }
      expect(failures.join('\n\n')).toBe('');
    },
  );
});
