import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

// The docs site's reference pages come from the schemas and the QOM registry; generate them as `pnpm docs` does.
const root = join(import.meta.dirname, '..');

describe('generated references', () => {
  test('QMP, QGA and QOM pages name what the schemas and the registry declare', () => {
    execFileSync(process.execPath, ['--conditions=@tsemu/source', '--import', 'tsx', 'gen-reference.ts'], {
      cwd: join(root, 'docs'),
      stdio: 'pipe',
    });
    const page = (f: string) => readFileSync(join(root, 'docs/reference', f), 'utf8');
    const qmp = page('qmp-reference.md');
    for (const name of [
      'qmp_capabilities',
      'query-status',
      'chardev-add',
      'qom-get',
      'device_add',
      'SHUTDOWN',
    ]) {
      expect(qmp).toContain(name);
    }
    expect(page('qga-reference.md')).toContain('guest-sync-delimited');
    expect(page('qom-reference.md')).toMatch(/GENERATED/);
  }, 60000);
});
