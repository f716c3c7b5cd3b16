// tsemu-ga as a process: daemonizing with pid and log files, and a serial line (a pty) set raw.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, test } from 'vitest';
import { HostConnection, tsemuGaCommand } from './harness.js';

const [node, pre] = tsemuGaCommand();
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), 'tsemu-ga-proc-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('tsemu-ga process', () => {
  test('-d daemonizes: the parent exits, the daemon writes -f and logs to -l', async () => {
    const dir = scratch();
    const [sock, pidfile, logfile] = ['ga.sock', 'ga.pid', 'ga.log'].map((f) => join(dir, f)) as [
      string,
      string,
      string,
    ];
    const args = ['-d', '-v', '-m', 'unix-listen', '-p', sock, '-t', dir, '-f', pidfile, '-l', logfile];
    const parent = spawnSync(node, [...pre, ...args], {
      encoding: 'utf8',
      env: { ...process.env, QGA_CONF: '/nonexistent' },
    });
    expect(parent.status).toBe(0);
    await until(() => existsSync(pidfile) && existsSync(sock), 'the daemon');
    const pid = Number(readFileSync(pidfile, 'utf8').trim());
    cleanups.push(() => {
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    });
    expect(alive(pid)).toBe(true);
    const host = await HostConnection.connect(sock);
    expect(await host.call({ execute: 'guest-ping' })).toEqual({ return: {} });
    await host.close();
    process.kill(pid, 'SIGTERM');
    await until(() => !alive(pid), 'the daemon to stop');
    expect(existsSync(pidfile)).toBe(false);
    const log = readFileSync(logfile, 'utf8');
    expect(log).toMatch(/^\d+\.\d{6}: debug: Guest agent version \S+ started$/m);
    expect(log).toMatch(/: debug: disabling command: guest-get-devices$/m);
  }, 30_000);

  test('-m isa-serial answers on a tty it sets raw (no echo, no line editing)', async () => {
    // A pty pair: python keeps the master and relays it to stdin/stdout; the agent opens the slave.
    const relay = `
import os, pty, select, sys
m, s = pty.openpty()
print(os.ttyname(s), flush=True)
out = sys.stdout.buffer
while True:
    r, _, _ = select.select([m, 0], [], [])
    if m in r:
        try:
            data = os.read(m, 4096)
        except OSError:
            break
        out.write(data); out.flush()
    if 0 in r:
        data = os.read(0, 4096)
        if not data:
            break
        os.write(m, data)
`;
    const py: ChildProcess = spawn('python3', ['-c', relay], { stdio: ['pipe', 'pipe', 'inherit'] });
    cleanups.push(() => py.kill('SIGKILL'));
    const lines = createInterface({ input: py.stdout! });
    const it = lines[Symbol.asyncIterator]();
    const tty = (await it.next()).value as string;
    expect(tty).toMatch(/^\/dev\/pts\/\d+$/);
    const dir = scratch();
    const agent = spawn(node, [...pre, '-m', 'isa-serial', '-p', tty, '-t', dir], {
      stdio: 'ignore',
      env: { ...process.env, QGA_CONF: '/nonexistent' },
    });
    cleanups.push(() => agent.kill('SIGKILL'));
    // Until the agent has the tty open and raw, its line discipline would echo: wait for a sync
    // reply, then check that nothing but replies comes back.
    let reply = '';
    for (let i = 0; i < 200 && !reply.startsWith('{"return": 7}'); i++) {
      py.stdin!.write('\xff{"execute":"guest-sync","arguments":{"id":7}}\n');
      const next = await Promise.race([
        it.next().then((r) => r.value as string),
        new Promise<string>((r) => setTimeout(() => r(''), 100)),
      ]);
      reply = next.replace(/^[^{]*/, '');
    }
    expect(reply).toBe('{"return": 7}');
    // Drain replies to the earlier syncs, then one exchange with nothing echoed.
    py.stdin!.write('{"execute":"guest-sync","arguments":{"id":99}}\n');
    let last = '';
    while (last !== '{"return": 99}') {
      last = ((await it.next()).value as string).replace(/\r$/, '');
      expect(last).toMatch(/^(\{"return": (7|99)\}|\{"error": .*stray.*)$/);
    }
    py.stdin!.write('{"execute":"guest-get-host-name"}\n');
    expect(JSON.parse((await it.next()).value as string)).toHaveProperty(['return', 'host-name']);
  }, 30_000);

  test('a missing path and a bad method fail as qemu-ga does', () => {
    const env = { ...process.env, QGA_CONF: '/nonexistent' };
    const a = spawnSync(node, [...pre, '-m', 'unix-listen'], { encoding: 'utf8', env });
    expect(a.status).toBe(1);
    expect(a.stderr).toMatch(/critical: must specify a path for this channel\n$/);
    const b = spawnSync(node, [...pre, '-m', 'isa-serial', '-p', '/nonexistent/tty', '-t', tmpdir()], {
      encoding: 'utf8',
      env,
    });
    expect(b.status).toBe(1);
    expect(b.stderr).toMatch(
      /critical: error opening channel '\/nonexistent\/tty': No such file or directory\n.*critical: failed to create guest agent channel\n/,
    );
  }, 30_000);
});
