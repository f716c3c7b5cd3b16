// A scratch directory outside the checkout that resolves @tsemu/qapi and @tsemu/qobject as a
// dependent package does (node_modules symlinks to the workspace packages).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const pkgDir = join(import.meta.dirname, '..');

export function makeScratch(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, 'package.json'), '{ "name": "scratch", "private": true, "type": "module" }\n');
  mkdirSync(join(dir, 'node_modules', '@tsemu'), { recursive: true });
  symlinkSync(pkgDir, join(dir, 'node_modules', '@tsemu', 'qapi'), 'dir');
  symlinkSync(join(pkgDir, '..', 'qobject'), join(dir, 'node_modules', '@tsemu', 'qobject'), 'dir');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
