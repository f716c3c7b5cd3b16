import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

// `npm start` runs scripts/demo.mjs on the built packages; run it as a user would.
const root = join(import.meta.dirname, '..');
const built = ['qobject', 'qemuopts'].every((p) => existsSync(join(root, 'packages', p, 'dist', 'index.js')));
if (!built) console.warn('demo test skipped: packages are not built (npm test builds them first)');

describe.skipIf(!built)('npm start demo', () => {
  test('runs and shows exact numbers, QEMU order, resync and option parsing', () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'demo.mjs')], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('18446744073709551615n (uint64, not rounded)');
    expect(r.stdout).toContain('{"id": 7, "error": {"class": "CommandNotFound"');
    expect(r.stdout).toContain('value   {"execute": "guest-ping"}');
    expect(r.stdout).toContain("Parameter 'id' expects an identifier");
  });
});
