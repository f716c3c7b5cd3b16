import { rmSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { generateAddrPrograms } from './corpus/generator/gen-addr.js';
import { generateCcPrograms } from './corpus/generator/gen-cc.js';
import { generateOpsPrograms } from './corpus/generator/gen-ops.js';
import { checkCorpus } from './harness/corpus-check.js';
import { makeWorkDir, missingTools } from './harness/qemu-runner.js';

const missing = missingTools();

describe(`corpus: condition codes, integer ops and addressing forms${missing.length ? ` (skipped: missing ${missing.join(', ')})` : ''}`, () => {
  const work = makeWorkDir();
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  test.skipIf(missing.length > 0)(
    'tsemu prints what qemu-system-i386 prints, line by line',
    { timeout: 240000 },
    async () => {
      const r = await checkCorpus(work, [
        ...generateCcPrograms(),
        ...generateOpsPrograms(),
        ...generateAddrPrograms(),
      ]);
      expect(r.qemu.get('gen-ops-div')).toContain('div32 123456789 7fffffff 00000002');
      expect(r.failures.join('\n\n')).toBe('');
    },
  );
});
