import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QmpClient } from '@tsemu/qmp';
import { afterEach } from 'vitest';
import { spawnEmulator } from './helpers.js';

const procs: ReturnType<typeof spawnEmulator>[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) if (p.exitCode === null) p.kill('SIGKILL');
});

/**
 * Boots a multiboot guest on `-accel <accel>` (and `extra` options) until it prints a line on
 * isa-debugcon (0xe9), then reads HMP `info jit` over QMP and quits: the guest's output, the TB cache
 * figures and what the emulator wrote to stderr until then.
 */
export async function runGuestToLine(
  kernel: string,
  accel: string,
  extra: readonly string[] = [],
): Promise<{ output: string; jit: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tsemu-guest-'));
  const sock = join(dir, 'qmp.sock');
  const out = join(dir, 'debugcon.txt');
  const p = spawnEmulator([
    ...['-M', 'pc', '-nodefaults', '-display', 'none', '-accel', accel, '-kernel', kernel],
    ...['-chardev', `file,id=d,path=${out}`, '-device', 'isa-debugcon,iobase=0xe9,chardev=d'],
    ...['-qmp', `unix:${sock},server=on,wait=off`],
    ...extra,
  ]);
  procs.push(p);
  let stderr = '';
  p.stderr?.on('data', (d) => (stderr += d));
  let output = '';
  for (let i = 0; i < 1200 && !output.endsWith('\n'); i++) {
    await new Promise((r) => setTimeout(r, 50));
    if (p.exitCode !== null) throw new Error(`exited: ${stderr}`);
    output = existsSync(out) ? readFileSync(out, 'latin1') : '';
  }
  const qmp = await QmpClient.connect({ path: sock });
  const jit = (await qmp.execute('human-monitor-command', { 'command-line': 'info jit' })) as string;
  await qmp.execute('quit').catch(() => {});
  qmp.close();
  return { output, jit, stderr };
}
