// The README's example runs and prints what its comments say.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';

test('README example', async () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const path = /console\.log\(objectGetCanonicalPath\(dev\)\); \/\/ (.*)$/m.exec(code)?.[1];
  const qtree = /console\.log\(infoQtree\(\)\);\n((?:\/\/.*\n)+)/
    .exec(code)?.[1]
    .split('\n')
    .filter(Boolean)
    .map((l) => l.replace(/^\/\/ /, ''))
    .join('\n');
  const file = join(__dirname, `readme-example-${process.pid}.tmp.ts`);
  writeFileSync(file, code);
  const logged: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    logged.push(a.map(String).join(' '));
  });
  try {
    await import(file);
  } finally {
    spy.mockRestore();
    rmSync(file, { force: true });
  }
  expect(logged).toEqual([path, `${qtree}\n`]);
});
