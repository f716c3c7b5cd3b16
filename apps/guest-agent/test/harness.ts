// Test and bench harness: start qemu-ga or tsemu-ga on a unix socket and talk to it as a host does.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const QEMU_GA = '/usr/sbin/qemu-ga';
export const here = dirname(fileURLToPath(import.meta.url));
export const pkgRoot = join(here, '..');
export const repoRoot = join(pkgRoot, '..', '..');
export const referenceDir = join(repoRoot, '..', 'shared', 'reference', 'qemu-7.2');

export const haveQemuGa = existsSync(QEMU_GA);

/** The command line that runs tsemu-ga from source (no build needed). */
export function tsemuGaCommand(): [string, string[]] {
  return [process.execPath, ['--conditions=@tsemu/source', '--import', 'tsx', join(here, 'run-agent.ts')]];
}

export type AgentKind = 'qemu-ga' | 'tsemu-ga';

export interface RunningAgent {
  kind: AgentKind;
  dir: string;
  socket: string;
  statedir: string;
  proc: ChildProcess;
  stderr(): string;
  stop(): Promise<void>;
}

async function waitFor(
  cond: () => boolean,
  what: string,
  proc: ChildProcess,
  err: () => string,
): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (cond()) return;
    if (proc.exitCode !== null) throw new Error(`${what} exited early (${proc.exitCode}): ${err()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}: ${err()}`);
}

/** Starts an agent with `-m unix-listen -p <dir>/ga.sock -t <dir>/state` plus extra options. */
export async function startAgent(kind: AgentKind, extra: string[] = []): Promise<RunningAgent> {
  const dir = mkdtempSync(join(tmpdir(), `${kind}-`));
  const socket = join(dir, 'ga.sock');
  const statedir = join(dir, 'state');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(statedir);
  const args = ['-m', 'unix-listen', '-p', socket, '-t', statedir, ...extra];
  const [cmd, pre] = kind === 'qemu-ga' ? [QEMU_GA, []] : tsemuGaCommand();
  const proc = spawn(cmd, [...pre, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    // No config file from the host: both agents see only the command line.
    env: { ...process.env, QGA_CONF: join(dir, 'none.conf') },
  });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  await waitFor(
    () => existsSync(socket),
    `${kind} socket`,
    proc,
    () => err,
  );
  return {
    kind,
    dir,
    socket,
    statedir,
    proc,
    stderr: () => err,
    stop: async () => {
      if (proc.exitCode === null) {
        const done = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await done;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A host-side connection: writes raw bytes, reads replies (lines, each maybe after a 0xFF). */
export class HostConnection {
  #buf = Buffer.alloc(0);
  #waiters: (() => void)[] = [];
  closed = false;

  private constructor(readonly sock: net.Socket) {
    sock.on('data', (d: Buffer) => {
      this.#buf = Buffer.concat([this.#buf, d]);
      for (const w of this.#waiters.splice(0)) w();
    });
    sock.on('close', () => {
      this.closed = true;
      for (const w of this.#waiters.splice(0)) w();
    });
  }

  static connect(path: string): Promise<HostConnection> {
    return new Promise((resolve, reject) => {
      const sock = net.connect(path);
      sock.once('connect', () => resolve(new HostConnection(sock)));
      sock.once('error', reject);
    });
  }

  write(data: string | Uint8Array): Promise<void> {
    return new Promise((r) => this.sock.write(data, () => r()));
  }

  /** The next reply line as raw bytes (with its 0xFF, if any, and without the newline). */
  async readLine(): Promise<Buffer> {
    for (;;) {
      const nl = this.#buf.indexOf(0x0a);
      if (nl !== -1) {
        const line = this.#buf.subarray(0, nl);
        this.#buf = this.#buf.subarray(nl + 1);
        return line;
      }
      if (this.closed) throw new Error('connection closed');
      await new Promise<void>((r) => this.#waiters.push(r));
    }
  }

  /** Sends a request and reads one reply as JSON. */
  async call(request: string | object): Promise<any> {
    await this.write(typeof request === 'string' ? request : `${JSON.stringify(request)}\n`);
    return parseReply(await this.readLine());
  }

  close(): Promise<void> {
    return new Promise((r) => {
      if (this.closed) return r();
      this.sock.once('close', () => r());
      this.sock.end();
    });
  }
}

/** A reply line as JSON, big integers kept exact as strings of digits with an `n` suffix. */
export function parseReply(line: Buffer): any {
  const text = (line[0] === 0xff ? line.subarray(1) : line).toString('utf8');
  return JSON.parse(text.replace(/(?<=[:[,]\s*)(-?\d{16,})(?=\s*[,\]}])/g, '"$1n"'));
}
