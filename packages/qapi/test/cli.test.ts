import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// tsemu-qapi-gen run as a process, from its bin script (sources through the @tsemu/source condition,
// as `pnpm exec vitest` resolves them; after `build` the same script runs dist/).
const pkgDir = join(import.meta.dirname, '..');
const bin = join(pkgDir, 'bin', 'tsemu-qapi-gen');
const refDir = join(pkgDir, '..', '..', '..', 'shared', 'reference', 'qemu-7.2');
const qemuRoot = join(refDir, 'qapi-schema', 'qapi-schema.json');
const capture = join(refDir, 'qmp', 'nodefaults', 'query-qmp-schema.json');
const X86_64 = [
  'CONFIG_FDT',
  'CONFIG_REPLICATION',
  'CONFIG_SPICE',
  'CONFIG_TCG',
  'CONFIG_TPM',
  'CONFIG_VNC',
  'TARGET_I386',
  'CONFIG_LINUX',
  'CONFIG_POSIX',
];
const tmp = mkdtempSync(join(tmpdir(), 'qapi-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function gen(...args: string[]) {
  const r = spawnSync(process.execPath, ['--conditions=@tsemu/source', '--import', 'tsx', bin, ...args], {
    cwd: pkgDir,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tsemu-qapi-gen', () => {
  it('prints usage; rejects bad usage with status 2', () => {
    const h = gen('--help');
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/^usage: tsemu-qapi-gen /);
    expect(gen('--frobnicate', 'x.json')).toMatchObject({
      status: 2,
      stderr: expect.stringContaining("unrecognized option '--frobnicate'"),
    });
    expect(gen()).toMatchObject({ status: 2, stderr: expect.stringContaining('a schema file is required') });
  });

  it('--check reports schema errors as file:line: message with status 1', () => {
    const file = join(tmp, 'bad.json');
    writeFileSync(file, "{ 'struct': 'Foo',\n  'data': { 'a': 'Nope' } }\n");
    const r = gen('--check', file);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${file}: In struct 'Foo':\n${file}:1: member 'a' uses unknown type 'Nope'\n`);
    expect(r.stdout).toBe('');
    expect(existsSync(join(pkgDir, 'types.ts'))).toBe(false); // --check writes nothing
    expect(gen('--check', join(tmp, 'missing.json'))).toMatchObject({
      status: 1,
      stderr: expect.stringContaining('No such file or directory'),
    });
  });

  it('-o DIR writes the generated TypeScript; -D turns conditions on', () => {
    const out = join(tmp, 'out');
    const schema = join(import.meta.dirname, 'fixtures', 'demo.json');
    expect(gen('-o', out, schema)).toMatchObject({ status: 0, stderr: '' });
    expect(readdirSync(out).sort()).toEqual([
      'commands.ts',
      'events.ts',
      'index.ts',
      'introspect.ts',
      'schema.ts',
      'types.ts',
    ]);
    expect(readFileSync(join(out, 'commands.ts'), 'utf8')).not.toContain('green-only');
    expect(gen('-o', out, '-D', 'CONFIG_GREEN', schema).status).toBe(0);
    expect(readFileSync(join(out, 'commands.ts'), 'utf8')).toContain("'green-only'");
  });

  it.skipIf(!existsSync(qemuRoot) || !existsSync(capture))(
    "--introspect prints the QEMU 7.2 x86_64 build's commands and events",
    () => {
      expect(gen('--check', qemuRoot)).toEqual({ status: 0, stdout: '', stderr: '' });
      const r = gen('--introspect', ...X86_64.flatMap((d) => ['-D', d]), qemuRoot);
      expect(r.status).toBe(0);
      const mine = JSON.parse(r.stdout) as { name: string; 'meta-type': string }[];
      const theirs = (JSON.parse(readFileSync(capture, 'utf8')) as { return: typeof mine }).return;
      const names = (l: typeof mine, meta: string) =>
        l
          .filter((e) => e['meta-type'] === meta)
          .map((e) => e.name)
          .sort();
      expect(names(mine, 'command').length).toBe(216);
      expect(names(mine, 'event').length).toBe(52);
      expect(names(mine, 'command')).toEqual(names(theirs, 'command'));
      expect(names(mine, 'event')).toEqual(names(theirs, 'event'));
    },
  );
});
