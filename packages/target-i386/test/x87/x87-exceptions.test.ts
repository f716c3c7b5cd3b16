// #NM, #MF and #UD raised by x87 instructions, delivered through the IDT: the same program on
// qemu-system-i386 and on the tsemu CPU must print the same vectors, EIPs and status words.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { assemble, makeWorkDir, missingTools, runQemu } from '../harness/qemu-runner.js';
import { runMultiboot } from '../harness/tsemu-runner.js';

const here = dirname(fileURLToPath(import.meta.url));
const missing = missingTools();

describe(`x87 exceptions vs qemu-system-i386${missing.length ? ' (skipped: missing tools)' : ''}`, () => {
  test.skipIf(missing.length > 0)(
    'CR0.EM/TS/MP #NM, CR0.NE #MF on fwait/fnop/fstsw, #UD',
    async () => {
      const source = readFileSync(join(here, 'programs', 'x87-exceptions.asm'), 'utf8');
      const bin = await assemble(makeWorkDir(), 'x87-exceptions', source);
      const qemu = await runQemu(bin);
      expect(qemu).toContain('vector 00000010');
      expect(qemu).toContain('vector 00000006');
      for (const backend of ['interp', 'js', 'wasm'] as const) {
        const r = runMultiboot(new Uint8Array(readFileSync(bin)), { backend });
        expect(r.output.split('\n'), `${backend} backend`).toEqual(qemu.split('\n'));
        expect(r.exitCode, `${backend} backend`).toBe(0);
      }
    },
    60000,
  );
});
