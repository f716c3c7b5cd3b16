import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const pkg = join(import.meta.dirname, '..');
const tsx = join(pkg, '..', '..', 'node_modules', '.bin', 'tsx');

test('the README example runs and prints what its comments say', () => {
  const block = /```ts\n([\s\S]+?)\n```/.exec(readFileSync(join(pkg, 'README.md'), 'utf8'))![1];
  const dir = mkdtempSync(join(tmpdir(), 'qemuopts-readme-'));
  try {
    const file = join(dir, 'example.ts');
    const src = block
      .replace("'@tsemu/qemuopts'", JSON.stringify(join(pkg, 'src', 'index.ts')))
      .replace("'@tsemu/qobject'", JSON.stringify(join(pkg, '..', 'qobject', 'src', 'index.ts')));
    writeFileSync(file, src);
    const out = execFileSync(tsx, [file], { encoding: 'utf8' });
    const expected = block
      .split('\n')
      .filter((l) => l.startsWith('// '))
      .map((l) => l.slice(3));
    expect(out.trimEnd().split('\n')).toEqual(expected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
