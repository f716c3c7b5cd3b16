import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QmpClient, QmpError } from '@tsemu/qmp';
import { afterEach, describe, expect, test } from 'vitest';
import { runGuestToLine } from './guest-run.js';
import { printToE9, writeKernel } from './guests.js';
import { hasReference, parseCapture, referenceDir, runEmulator, spawnEmulator } from './helpers.js';

// memory-backend-ram (QEMU's backends/hostmem-ram.c) from -object and object-add, as the guest's
// RAM with -machine memory-backend=id, against the real process.

const procs: ReturnType<typeof spawnEmulator>[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) if (p.exitCode === null) p.kill('SIGKILL');
});

const hmp = (qmp: QmpClient, line: string) =>
  qmp.execute('human-monitor-command', { 'command-line': line }) as Promise<string>;

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof QmpError) return e.desc;
    throw e;
  }
  return 'no error';
}

describe('memory-backend-ram', () => {
  test('-machine memory-backend=r0: the guest runs on it, sized by it; it cannot be deleted', async () => {
    const sock = join(mkdtempSync(join(tmpdir(), 'tsemu-memdev-')), 'qmp.sock');
    const p = spawnEmulator([
      ...['-M', 'pc', '-nodefaults', '-display', 'none', '-kernel', writeKernel(printToE9('on r0\n'))],
      ...[
        '-object',
        'memory-backend-ram,id=r0,size=64M,share=on,prealloc=on',
        '-machine',
        'memory-backend=r0',
      ],
      ...['-chardev', 'stdio,id=d', '-device', 'isa-debugcon,iobase=0xe9,chardev=d'],
      ...['-qmp', `unix:${sock},server=on,wait=off`],
    ]);
    procs.push(p);
    let out = '';
    p.stdout?.on('data', (d) => (out += d));
    let qmp: QmpClient | undefined;
    for (let i = 0; i < 300 && !qmp; i++) {
      qmp = await QmpClient.connect({ path: sock }).catch(() => undefined);
      if (!qmp) await new Promise((r) => setTimeout(r, 50));
    }
    if (!qmp) throw new Error('no QMP socket');
    for (let i = 0; i < 200 && !out.includes('\n'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(out).toBe('on r0\n');
    // the RAM is the backend's region, 64 MiB without -m
    const mtree = await hmp(qmp, 'info mtree');
    expect(mtree).toContain(
      '0000000000000000-0000000003ffffff (prio 0, ram): alias ram-below-4g @r0 0000000000000000-0000000003ffffff',
    );
    expect(await qmp.execute('qom-get', { path: '/objects/r0', property: 'size' })).toBe(64 * 1024 * 1024);
    expect(await qmp.execute('qom-get', { path: '/objects/r0', property: 'share' })).toBe(true);
    expect(await errorOf(qmp.execute('object-del', { id: 'r0' }))).toBe(
      "object 'r0' is in use, can not be deleted",
    );
    expect(
      await errorOf(qmp.execute('qom-set', { path: '/objects/r0', property: 'share', value: false })),
    ).toBe('cannot change property value');
    // the setters' checks, as qemu-system-x86_64 7.2 answers qom-set
    const set = (property: string, value: unknown) =>
      errorOf(qmp.execute('qom-set', { path: '/objects/r0', property, value }));
    expect(await set('size', 2097152)).toBe('cannot change property size of memory-backend-ram ');
    expect(await set('reserve', false)).toBe('cannot change property value');
    expect(await set('prealloc-threads', 0)).toBe(
      "property 'prealloc-threads' of memory-backend-ram doesn't take value '0'",
    );
    expect(await set('host-nodes', [200])).toBe('Invalid host-nodes value: 200');
    // object-add / object-del of one that is not mapped
    const types = (await qmp.execute('qom-list-types', { implements: 'memory-backend' })) as {
      name: string;
    }[];
    expect(types.map((t) => t.name)).toContain('memory-backend-ram');
    await qmp.execute('object-add', {
      'qom-type': 'memory-backend-ram',
      id: 'r1',
      size: 1048576,
      'host-nodes': [0],
      policy: 'bind',
    });
    expect(await qmp.execute('qom-get', { path: '/objects/r1', property: 'host-nodes' })).toEqual([0]);
    expect(await qmp.execute('qom-get', { path: '/objects/r1', property: 'policy' })).toBe('bind');
    await qmp.execute('object-del', { id: 'r1' });
    expect(
      await errorOf(qmp.execute('object-add', { 'qom-type': 'memory-backend-ram', id: 'r2', size: 0 })),
    ).toBe("property 'size' of memory-backend-ram doesn't take value '0'");
    expect(await errorOf(qmp.execute('object-add', { 'qom-type': 'memory-backend-ram', id: 'r2' }))).toBe(
      "Parameter 'size' is missing",
    );
    await qmp.execute('quit').catch(() => {});
    qmp.close();
  }, 60_000);

  test.each([
    [
      ['-object', 'memory-backend-ram,id=r0,size=64M', '-machine', 'memory-backend=r0', '-m', '128'],
      'Machine memory size does not match the size of the memory backend',
    ],
    [['-machine', 'memory-backend=nope'], "Memory backend 'nope' not found"],
    [
      ['-object', 'memory-backend-ram,id=r0,size=0'],
      "property 'size' of memory-backend-ram doesn't take value '0'",
    ],
    [
      ['-object', 'memory-backend-ram,id=r0,size=1M,host-nodes=0'],
      'host-nodes must be empty for policy default, or you should explicitly specify a policy other than default',
    ],
    [['-object', 'memory-backend-ram,id=r0,size=1M,policy=bind'], 'host-nodes must be set for policy bind'],
    [
      ['-object', 'memory-backend-ram,id=r0,size=1M,foo=1'],
      "-object memory-backend-ram,id=r0,size=1M,foo=1: Invalid parameter 'foo'",
    ],
    [
      ['-object', 'memory-backend-ram,id=r0,size=1M,share=maybe'],
      "-object memory-backend-ram,id=r0,size=1M,share=maybe: Parameter 'share' expects 'on' or 'off'",
    ],
  ])('%j fails as qemu-system-x86_64 7.2', async (args, msg) => {
    const r = await runEmulator(['-nodefaults', '-display', 'none', '-S', ...args]);
    expect([r.status, r.stderr]).toEqual([1, `tsemu-system-x86_64: ${msg}\n`]);
  });

  test('host-nodes ranges through -object; the RAM follows the backend with -m matching', async () => {
    const r = await runEmulator(
      [
        ...['-nodefaults', '-display', 'none', '-kernel', writeKernel(printToE9('ok\n')), '-m', '32'],
        ...[
          '-object',
          'memory-backend-ram,id=r0,size=32M,host-nodes=0-1,policy=interleave',
          '-machine',
          'memory-backend=r0',
        ],
        ...['-chardev', 'stdio,id=d', '-device', 'isa-debugcon,iobase=0xe9,chardev=d', '-no-shutdown'],
      ],
      5_000,
    );
    expect(r.stdout).toBe('ok\n');
    expect(r.stderr).not.toContain('memory');
  });

  test('on the wasm TCG backend (the default): the backend RAM is in its WebAssembly memory', async () => {
    const kernel = writeKernel(printToE9('on wasm\n'));
    const memdev = (props: string) => ['-object', `memory-backend-ram,id=r0,size=32M${props}`];
    const r = await runGuestToLine(kernel, 'tcg', [...memdev(''), '-machine', 'memory-backend=r0']);
    expect(r.output).toBe('on wasm\n');
    expect(r.stderr).toBe('');
    expect(r.jit).toContain('wasm compiled TBs');
    // share=on is a SharedArrayBuffer: the CPU runs on js, and says so
    const shared = await runGuestToLine(kernel, 'tcg', [
      ...memdev(',share=on'),
      '-machine',
      'memory-backend=r0',
    ]);
    expect(shared.output).toBe('on wasm\n');
    expect(shared.stderr).toBe(
      'tsemu-system-x86_64: warning: memory backend /objects/r0 is not in a WebAssembly memory (share=on); the wasm TCG backend falls back to js\n',
    );
    expect(shared.jit).not.toContain('wasm compiled TBs');
    // backend=js: no WebAssembly memory asked for, no warning
    const js = await runGuestToLine(kernel, 'tcg,backend=js', [
      ...memdev(',share=on'),
      '-machine',
      'memory-backend=r0',
    ]);
    expect([js.output, js.stderr]).toEqual(['on wasm\n', '']);
  }, 60_000);

  test.skipIf(!hasReference)('-object help and -object memory-backend-ram,help as the captures', async () => {
    const cap = (f: string) => parseCapture(readFileSync(join(referenceDir, 'cli', f), 'utf8'));
    const help = await runEmulator(['-object', 'memory-backend-ram,help']);
    expect(help.stdout).toBe(cap('object-memory-backend-ram-help.txt').stdout);
    // tsemu offers fewer object types than QEMU: each one it lists is in QEMU's list
    const list = await runEmulator(['-object', 'help']);
    const ours = list.stdout.split('\n').slice(1).filter(Boolean);
    expect(ours).toContain('  memory-backend-ram');
    const theirs = cap('object-help.txt').stdout.split('\n');
    for (const l of ours) expect(theirs).toContain(l);
  });
});
