import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readWorkspace } from '../tools/dependency-rules.js';

// Every package has the shape CONTRIBUTING.md describes, so users get the same thing from each.
const root = join(import.meta.dirname, '..');
const pkgs = readWorkspace(root);

describe.each(pkgs.map((p) => [p.dir, p] as const))('%s', (dir) => {
  const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));

  test('is an ESM package with typed exports, files and sideEffects', () => {
    expect(manifest.type).toBe('module');
    expect(manifest.license).toBe('MIT');
    expect(manifest.sideEffects).toBeDefined();
    expect(manifest.files).toEqual(expect.arrayContaining(['dist']));
    const main = manifest.exports?.['.'];
    expect(main?.types).toMatch(/^\.\/dist\/.*\.d\.ts$/);
    expect(main?.default ?? main?.import).toMatch(/^\.\/dist\/.*\.js$/);
    expect(manifest.exports['./package.json']).toBe('./package.json');
  });

  test('declares workspace dependencies as workspace:*', () => {
    for (const [name, range] of Object.entries<string>(manifest.dependencies ?? {}))
      if (name.startsWith('@tsemu/')) expect(range, name).toBe('workspace:*');
  });

  test('has a README naming its QEMU counterpart, with an example', () => {
    const readme = readFileSync(join(root, dir, 'README.md'), 'utf8');
    expect(readme).toMatch(/QEMU counterpart/i);
    expect(readme).toMatch(/```(ts|typescript|sh|bash|console)\n[\s\S]+?\n```/);
  });

  test('has tests beside it', () => {
    const p = pkgs.find((x) => x.dir === dir)!;
    expect(p.files.some((f) => /\.test\.ts$/.test(f.path))).toBe(true);
    expect(existsSync(join(root, dir, 'tsconfig.build.json'))).toBe(true);
  });
});
