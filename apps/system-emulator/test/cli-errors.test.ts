import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { captureCommands, hasReference, parseCapture, referenceDir, runEmulator } from './helpers.js';

// Every failing command line QEMU 7.2 was captured with fails the same way in tsemu: same exit
// status, same stderr (with tsemu's program name).
if (!hasReference) console.warn(`CLI error tests skipped: ${referenceDir} is absent`);

const cases = hasReference
  ? [...captureCommands(readFileSync(join(referenceDir, 'README.md'), 'utf8'))]
      .filter(([file]) => file.startsWith('cli/errors/'))
      .map(([file, args]) => ({
        file,
        args,
        capture: parseCapture(readFileSync(join(referenceDir, file), 'utf8')),
      }))
      // exit status None: QEMU accepted it and kept running; writeconfig: tsemu has -writeconfig
      .filter((c) => c.capture.status !== null && !c.file.endsWith('/writeconfig.txt'))
  : [];

describe.skipIf(!hasReference)('command-line errors as QEMU 7.2 reports them', () => {
  test.concurrent.each(cases)('$file', async ({ args, capture }) => {
    const r = await runEmulator(args, 30_000);
    expect({ status: r.status, stderr: r.stderr }).toEqual({
      status: capture.status,
      stderr: capture.stderr.replaceAll('qemu-system-x86_64', 'tsemu-system-x86_64'),
    });
  });
});
