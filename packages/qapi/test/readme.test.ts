import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { makeScratch } from './scratch.js';

// The README's example runs as a user would run it, and prints what its comments say.
const pkgDir = join(import.meta.dirname, '..');

it('README example prints what its comments promise', () => {
  const readme = readFileSync(join(pkgDir, 'README.md'), 'utf8');
  const code = /```ts\n([\s\S]+?)\n```/.exec(readme)![1]!;
  const expected = [...code.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
  expect(expected.length).toBeGreaterThan(1);
  const scratch = makeScratch('qapi-readme-');
  const file = join(scratch.dir, 'example.mts');
  writeFileSync(file, code);
  try {
    const out = execFileSync(process.execPath, ['--conditions=@tsemu/source', '--import', 'tsx', file], {
      cwd: pkgDir,
      encoding: 'utf8',
    });
    const lines = out.trim().split('\n');
    // The example's event line comes first; the commented lines follow in order.
    expect(lines.slice(-expected.length)).toEqual(expected);
    expect(lines[0]).toMatch(
      /^\{"timestamp": \{"seconds": \d+, "microseconds": \d+\}, "event": "PAINTED", "data": \{"color": "red"\}\}$/,
    );
  } finally {
    scratch.remove();
  }
});
