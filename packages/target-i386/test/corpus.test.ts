import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { generateAluPrograms, generateShiftPrograms } from './corpus/generator/gen-alu.js';
import { checkCorpus } from './harness/corpus-check.js';
import { makeWorkDir, missingTools } from './harness/qemu-runner.js';

const here = dirname(fileURLToPath(import.meta.url));
const handWritten = readdirSync(join(here, 'corpus', 'programs'))
  .filter((f) => f.endsWith('.asm'))
  .map((f) => ({
    name: f.replace(/\.asm$/, ''),
    source: readFileSync(join(here, 'corpus', 'programs', f), 'utf8'),
  }));
const missing = missingTools();
if (missing.length) console.warn(`corpus: skipping, missing ${missing.join(', ')}`);

describe(`corpus: hand-written, ALU and shifts${missing.length ? ` (skipped: missing ${missing.join(', ')})` : ''}`, () => {
  const work = makeWorkDir();
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  test.skipIf(missing.length > 0)(
    'tsemu prints what qemu-system-i386 prints, line by line',
    { timeout: 240000 },
    async () => {
      const r = await checkCorpus(work, [
        ...handWritten,
        ...generateAluPrograms(),
        ...generateShiftPrograms(),
      ]);
      expect(r.qemu.get('alu-basic')).toContain('add32 7fffffff+1 80000000 00000894');
      expect(r.qemu.get('alu-basic')).toContain('bswap 78563412');
      expect(r.failures.join('\n\n')).toBe('');
    },
  );
});
