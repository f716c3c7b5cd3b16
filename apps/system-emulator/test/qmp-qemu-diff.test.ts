import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QmpClient } from '@tsemu/qmp';
import { afterEach, describe, expect, test } from 'vitest';
import { emulatorCommand } from './helpers.js';

// The same QMP session against QEMU 7.2 and tsemu: replies and events (without timestamps) must match.
const QEMU = '/usr/bin/qemu-system-x86_64';
const haveQemu = existsSync(QEMU);
if (!haveQemu) console.warn(`QMP differential test skipped: ${QEMU} is absent`);

const procs: ChildProcess[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) if (p.exitCode === null) p.kill('SIGKILL');
});

async function session(cmd: string, args: string[]): Promise<unknown[]> {
  const sock = join(mkdtempSync(join(tmpdir(), 'tsemu-diff-')), 'qmp.sock');
  const common = ['-M', 'pc', '-accel', 'tcg', '-nodefaults', '-display', 'none', '-S'];
  const p = spawn(cmd, [...args, ...common, '-qmp', `unix:${sock},server=on,wait=off`], { stdio: 'ignore' });
  procs.push(p);
  const closed = new Promise<number | null>((r) => p.on('close', r));
  let qmp: QmpClient | undefined;
  for (let i = 0; i < 400 && !qmp; i++) {
    try {
      qmp = await QmpClient.connect({ path: sock });
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  if (!qmp) throw new Error(`${cmd}: no QMP socket`);
  const log: unknown[] = [];
  const run = async (name: string, args?: Record<string, unknown>) => {
    try {
      log.push([name, await qmp!.execute(name, args)]);
    } catch (e) {
      log.push([name, 'error', (e as { desc?: string }).desc]);
    }
  };
  const event = async (name: string) => {
    const ev = await qmp!.nextEvent(name);
    log.push(['event', ev?.event, ev?.data]);
  };
  await run('query-status');
  await run('stop');
  await run('query-status');
  await run('cont');
  await event('RESUME');
  await run('query-status');
  await run('cont');
  await run('stop');
  await event('STOP');
  await run('query-status');
  await run('system_reset');
  await event('RESET');
  await run('query-status');
  await run('cont');
  await event('RESUME');
  await run('system_reset');
  await event('RESET');
  await run('query-status');
  await run('human-monitor-command', { 'command-line': 'info status' });
  await run('query-name');
  await run('query-cpus-fast').then(() => {
    const last = log.at(-1) as [string, { 'cpu-index': number; target: string }[]];
    log[log.length - 1] = [last[0], last[1].map((c) => [c['cpu-index'], c.target])];
  });
  await run('quit');
  await event('SHUTDOWN');
  log.push(['exit', await closed]);
  return log;
}

describe.skipIf(!haveQemu)('QMP run states: tsemu against QEMU 7.2', () => {
  test('the same session gives the same replies and events', async () => {
    const [tcmd, targs] = emulatorCommand([]);
    const [qemu, tsemu] = await Promise.all([session(QEMU, []), session(tcmd, targs)]);
    expect(tsemu).toEqual(qemu);
  }, 60_000);
});
