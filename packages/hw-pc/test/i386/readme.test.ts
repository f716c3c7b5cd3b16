import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const pkg = join(import.meta.dirname, '..', '..');
const tsx = join(pkg, '..', '..', 'node_modules', '.bin', 'tsx');

test('the README example runs and prints what its comments say', () => {
  const readme = readFileSync(join(pkg, 'README.md'), 'utf8');
  const block = /```ts\n([\s\S]+?)\n```/.exec(readme)![1];
  const dir = mkdtempSync(join(tmpdir(), 'hw-pc-readme-'));
  try {
    const file = join(dir, 'example.ts');
    writeFileSync(file, block.replace("'@tsemu/hw-pc'", JSON.stringify(join(pkg, 'src', 'index.ts'))));
    const out = execFileSync(tsx, ['--conditions=@tsemu/source', file], { encoding: 'utf8' });
    // every "// value" comment after a console.log is the line it prints
    const expected: string[] = [];
    for (const line of block.split('\n')) {
      const m = /;\s*\/\/ (.+)$/.exec(line);
      if (m) expected.push(m[1]);
      else if (/^\/\/ /.test(line)) expected.push(line.slice(3));
    }
    expect(out.trimEnd().split('\n')).toEqual(expected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
