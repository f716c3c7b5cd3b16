// QMP round trips per second over a unix socket, one request in flight: the same client (QmpClient)
// against tsemu-system-x86_64 and qemu-system-x86_64 in the same run, measured in alternating short
// rounds and compared by their medians, so load on the machine hits both.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QmpClient } from '../src/index.js';

const ROUNDS = 7;
const ROUND_MS = 400;
const root = fileURLToPath(new URL('../../..', import.meta.url));
const appBin = join(root, 'apps/system-emulator/bin/tsemu-system-x86_64');
const appBuilt = existsSync(join(root, 'apps/system-emulator/dist/cli.js'));
const qemu = spawnSync('qemu-system-x86_64', ['--version'], { stdio: 'ignore' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'tsemu-qmp-bench-'));

interface Peer {
  name: string;
  proc: ChildProcess;
  client: QmpClient;
  qom: boolean;
}

async function start(name: string, cmd: string, args: string[], sock: string, qom: boolean): Promise<Peer> {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 600 && !existsSync(sock); i++) {
    if (proc.exitCode !== null) throw new Error(`${name} exited with ${proc.exitCode}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { name, proc, client: await QmpClient.connect({ path: sock }), qom };
}

const peers: Peer[] = [];
try {
  if (qemu) {
    const sock = join(dir, 'qemu.sock');
    const args = ['-M', 'pc', '-accel', 'tcg', '-S', '-nodefaults', '-display', 'none'];
    peers.push(
      await start(
        'qemu',
        'qemu-system-x86_64',
        [...args, '-qmp', `unix:${sock},server=on,wait=off`],
        sock,
        true,
      ),
    );
  } else console.log('qemu-system-x86_64 not installed: tsemu alone');
  const sock = join(dir, 'tsemu.sock');
  if (appBuilt) {
    const args = [
      '-M',
      'pc',
      '-S',
      '-nodefaults',
      '-display',
      'none',
      '-qmp',
      `unix:${sock},server=on,wait=off`,
    ];
    peers.push(await start('tsemu', process.execPath, [appBin, ...args], sock, true));
  } else {
    console.log('tsemu-system-x86_64 is not built: a QmpServer in a child process instead (no qom-get)');
    const fixture = fileURLToPath(new URL('../test/fixtures/server.ts', import.meta.url));
    const args = ['--conditions=@tsemu/source', '--import', 'tsx', fixture, sock, join(dir, 'second.sock')];
    peers.push(await start('tsemu', process.execPath, args, sock, false));
  }

  const requests: [string, string, Record<string, unknown> | undefined][] = [
    ['query-status', 'query-status', undefined],
    ['qom-get /machine type', 'qom-get', { path: '/machine', property: 'type' }],
  ];
  const round = async (p: Peer, cmd: string, args: Record<string, unknown> | undefined, ms: number) => {
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < ms) {
      await p.client.execute(cmd, args);
      n++;
    }
    return n / ((performance.now() - t0) / 1000);
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
  const f = (x: number) => `${Math.round(x).toLocaleString('en-US')}/s`;
  for (const [label, cmd, args] of requests) {
    const on = peers.filter((p) => cmd !== 'qom-get' || p.qom);
    if (on.length === 0 || (cmd === 'qom-get' && !on.some((p) => p.name === 'tsemu'))) {
      console.log(`${label}: skipped (tsemu's stand-in server has no QOM)`);
      continue;
    }
    // both must answer the same before their rates mean anything
    const answers = await Promise.all(on.map((p) => p.client.execute(cmd, args)));
    const shown = answers.map((a) => JSON.stringify(a));
    if (cmd === 'qom-get' && new Set(shown).size !== 1) throw new Error(`${label}: answers differ: ${shown}`);
    for (const p of on) await round(p, cmd, args, 300); // warm-up
    const rates: number[][] = on.map(() => []);
    for (let r = 0; r < ROUNDS; r++)
      for (const [i, p] of on.entries()) rates[i]?.push(await round(p, cmd, args, ROUND_MS));
    const m = rates.map(median);
    const parts = on.map((p, i) => `${p.name} ${f(m[i] as number)}`);
    const ratio = on.length === 2 ? ` = ${((m[1] as number) / (m[0] as number)).toFixed(2)}x qemu` : '';
    console.log(`${label}, 1 in flight (median of ${ROUNDS}): ${parts.join(' | ')}${ratio}`);
  }
} finally {
  for (const p of peers) {
    p.client.close();
    p.proc.kill('SIGKILL');
  }
  rmSync(dir, { recursive: true, force: true });
}
