import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QmpClient, QmpError } from '@tsemu/qmp';
import { afterEach, describe, expect, test } from 'vitest';
import { HALT_FOREVER, printToE9, TRIPLE_FAULT, writeKernel } from './guests.js';
import { spawnEmulator } from './helpers.js';

// The run-state machine and its events, driven over QMP against the real emulator process.

interface Running {
  proc: ChildProcess;
  qmp: QmpClient;
  exited: Promise<{ status: number | null; stderr: string; stdout: string }>;
}

const procs: ChildProcess[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) if (p.exitCode === null) p.kill('SIGKILL');
});

async function start(kernel: readonly number[], extra: string[] = []): Promise<Running> {
  const sock = join(mkdtempSync(join(tmpdir(), 'tsemu-qmp-')), 'qmp.sock');
  const proc = spawnEmulator([
    '-M',
    'pc',
    '-nodefaults',
    '-display',
    'none',
    '-S',
    '-kernel',
    writeKernel(kernel),
    '-qmp',
    `unix:${sock},server=on,wait=off`,
    ...extra,
  ]);
  procs.push(proc);
  let stderr = '';
  let stdout = '';
  proc.stderr?.on('data', (d) => (stderr += d));
  proc.stdout?.on('data', (d) => (stdout += d));
  const exited = new Promise<{ status: number | null; stderr: string; stdout: string }>((r) =>
    proc.on('close', (status) => r({ status, stderr, stdout })),
  );
  for (let i = 0; ; i++) {
    try {
      const qmp = await QmpClient.connect({ path: sock });
      return { proc, qmp, exited };
    } catch (e) {
      if (i > 300 || proc.exitCode !== null) throw new Error(`no QMP socket: ${stderr}`, { cause: e });
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

const status = async (qmp: QmpClient) => ((await qmp.execute('query-status')) as { status: string }).status;

const hmp = (qmp: QmpClient, line: string) =>
  qmp.execute('human-monitor-command', { 'command-line': line }) as Promise<string>;

describe('QMP on the running machine', () => {
  test('prelaunch → running → paused → running, with STOP/RESUME; reset; quit', async () => {
    const { qmp, exited } = await start(HALT_FOREVER);
    expect(await qmp.execute('query-status')).toEqual({
      status: 'prelaunch',
      singlestep: false,
      running: false,
    });
    await qmp.execute('stop'); // not running: nothing happens, no event
    expect(await status(qmp)).toBe('prelaunch');
    await qmp.execute('cont');
    expect((await qmp.nextEvent())?.event).toBe('RESUME');
    expect(await qmp.execute('query-status')).toEqual({
      status: 'running',
      singlestep: false,
      running: true,
    });
    await qmp.execute('stop');
    expect((await qmp.nextEvent())?.event).toBe('STOP');
    expect(await qmp.execute('query-status')).toEqual({
      status: 'paused',
      singlestep: false,
      running: false,
    });
    // the vCPU ran the kernel's entry and sleeps in hlt
    const regs = await hmp(qmp, 'info registers');
    expect(regs).toMatch(/^EAX=2badb002 /);
    expect(regs).toContain('HLT=1');
    await qmp.execute('cont');
    expect((await qmp.nextEvent())?.event).toBe('RESUME');
    expect(await status(qmp)).toBe('running');

    await qmp.execute('system_reset');
    expect(await qmp.nextEvent('RESET')).toMatchObject({
      data: { guest: false, reason: 'host-qmp-system-reset' },
    });
    expect(await status(qmp)).toBe('running');
    await qmp.execute('quit');
    expect(await qmp.nextEvent('SHUTDOWN')).toMatchObject({
      data: { guest: false, reason: 'host-qmp-quit' },
    });
    expect((await exited).status).toBe(0);
  });

  test('a reset while paused leaves the machine in prelaunch', async () => {
    const { qmp, proc } = await start(HALT_FOREVER);
    await qmp.execute('cont');
    await qmp.execute('stop');
    await qmp.execute('system_reset');
    expect(await qmp.nextEvent('RESET')).toMatchObject({ data: { guest: false } });
    expect(await status(qmp)).toBe('prelaunch');
    proc.kill('SIGKILL');
  });

  test('monitor commands: cpus, PCI, device tree, memory tree, chardevs, QOM', async () => {
    const { qmp, proc } = await start(HALT_FOREVER, [
      '-name',
      'guest1',
      '-uuid',
      '12345678-9ABC-def0-1234-56789abcdef0',
    ]);
    expect(await qmp.execute('query-name')).toEqual({ name: 'guest1' });
    expect(await qmp.execute('query-uuid')).toEqual({ UUID: '12345678-9abc-def0-1234-56789abcdef0' });
    const commands = ((await qmp.execute('query-commands')) as { name: string }[]).map((c) => c.name);
    for (const c of ['query-pci', 'query-cpus-fast', 'chardev-add', 'qom-get', 'device_add', 'system_reset'])
      expect(commands).toContain(c);
    const cpus = (await qmp.execute('query-cpus-fast')) as { 'cpu-index': number; target: string }[];
    expect(cpus.map((c) => [c['cpu-index'], c.target])).toEqual([[0, 'x86_64']]);
    const pci = (await qmp.execute('query-pci')) as {
      bus: number;
      devices: { slot: number; id: { vendor: number } }[];
    }[];
    expect(pci[0].bus).toBe(0);
    expect(pci[0].devices.map((d) => [d.slot, d.id.vendor])).toContainEqual([0, 0x8086]);
    expect(await hmp(qmp, 'info pci')).toContain('Host bridge: PCI device 8086:1237');
    expect(await hmp(qmp, 'info qtree')).toContain('bus: main-system-bus');
    expect(await hmp(qmp, 'info mtree')).toContain('address-space: memory');
    expect(await hmp(qmp, 'info pic')).toContain('pic1:');
    expect(await hmp(qmp, 'info status')).toBe('VM status: paused (prelaunch)\r\n');

    await qmp.execute('chardev-add', { id: 'rb0', backend: { type: 'ringbuf', data: { size: 1024 } } });
    await qmp.execute('ringbuf-write', { device: 'rb0', data: 'hello' });
    const chardevs = (await qmp.execute('query-chardev')) as { label: string }[];
    expect(chardevs.map((c) => c.label)).toContain('rb0');
    await qmp.execute('chardev-remove', { id: 'rb0' });
    const types = (await qmp.execute('qom-list', { path: '/machine' })) as { name: string }[];
    expect(types.map((t) => t.name)).toContain('type');
    await expect(qmp.execute('cont-nope')).rejects.toThrow(QmpError);
    proc.kill('SIGKILL');
  });

  test('-no-reboot: a guest reset (triple fault) shuts down with exit status 0', async () => {
    const { qmp, exited } = await start(TRIPLE_FAULT, ['-no-reboot']);
    await qmp.execute('cont');
    expect(await qmp.nextEvent('SHUTDOWN')).toMatchObject({ data: { guest: true, reason: 'guest-reset' } });
    expect((await exited).status).toBe(0);
  });

  test('without -no-reboot the guest reset is a RESET and the machine runs on', async () => {
    const { qmp, proc } = await start(TRIPLE_FAULT);
    await qmp.execute('cont');
    expect(await qmp.nextEvent('RESET')).toMatchObject({ data: { guest: true, reason: 'guest-reset' } });
    expect(await status(qmp)).toBe('running');
    proc.kill('SIGKILL');
  });

  test('-no-shutdown pauses in the shutdown state; cont needs a reset first', async () => {
    const { qmp, proc } = await start(TRIPLE_FAULT, ['-no-reboot', '-no-shutdown']);
    await qmp.execute('cont');
    expect(await qmp.nextEvent('SHUTDOWN')).toMatchObject({ data: { guest: true, reason: 'guest-reset' } });
    expect(await qmp.nextEvent('STOP')).toBeDefined();
    expect(await qmp.execute('query-status')).toEqual({
      status: 'shutdown',
      singlestep: false,
      running: false,
    });
    await expect(qmp.execute('cont')).rejects.toThrow('Resetting the Virtual Machine is required');
    proc.kill('SIGKILL');
  });

  test("SIGTERM: SHUTDOWN from the host signal, QEMU's message, exit 0", async () => {
    const { qmp, proc, exited } = await start(HALT_FOREVER);
    await qmp.execute('cont');
    await qmp.nextEvent('RESUME');
    proc.kill('SIGTERM');
    expect(await qmp.nextEvent('SHUTDOWN')).toMatchObject({ data: { guest: false, reason: 'host-signal' } });
    const r = await exited;
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('tsemu-system-x86_64: terminating on signal 15\n');
  });

  test('a guest writing to isa-debugcon reaches the chardev', async () => {
    const { qmp, proc } = await start(printToE9('hello e9\n'), [
      '-chardev',
      'ringbuf,id=dbg',
      '-device',
      'isa-debugcon,iobase=0xe9,chardev=dbg',
    ]);
    await qmp.execute('cont');
    let text = '';
    for (let i = 0; i < 100 && !text.includes('\n'); i++) {
      text += (await qmp.execute('ringbuf-read', { device: 'dbg', size: 64 })) as string;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(text).toBe('hello e9\n');
    proc.kill('SIGKILL');
  });
});
