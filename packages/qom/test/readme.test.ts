// The README's example runs and prints what its comments say.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';

test('README example', async () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const expected = [...code.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) =>
    m[1].split(' (')[0].trim(),
  );
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
  expect(expected.length).toBeGreaterThan(0);
  expect(logged.map((l) => l.trim())).toEqual(expected);
});
