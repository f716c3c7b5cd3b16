// Drives a real qemu-system-x86_64 (-S, so the virtual clock is stopped) over QMP with HMP's
// o/i/info commands, for differential device tests. Skips when QEMU is not installed.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const QEMU = '/usr/bin/qemu-system-x86_64';
const repoRoot = join(import.meta.dirname, '..', '..', '..', '..');

export function haveQemu(): boolean {
  try {
    execFileSync(QEMU, ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export class QemuHmp {
  private buf = '';
  private waiters: ((msg: Record<string, unknown>) => void)[] = [];
  private constructor(
    private readonly proc: ChildProcess,
    private readonly sock: Socket,
    private readonly dir: string,
  ) {
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      this.buf += d;
      for (let i = this.buf.indexOf('\n'); i >= 0; i = this.buf.indexOf('\n')) {
        const line = this.buf.slice(0, i).trim();
        this.buf = this.buf.slice(i + 1);
        if (!line) continue;
        const msg = JSON.parse(line) as Record<string, unknown>;
        if ('return' in msg || 'error' in msg) this.waiters.shift()?.(msg);
      }
    });
  }

  /** `command` is the emulator and its leading arguments (default: QEMU). */
  static async start(extraArgs: string[] = [], command: string[] = [QEMU]): Promise<QemuHmp> {
    const dir = mkdtempSync(join(tmpdir(), 'tsemu-hwa-'));
    const path = join(dir, 'qmp.sock');
    const args = ['-M', 'pc', '-accel', 'tcg', '-S', '-nodefaults', '-display', 'none'];
    const proc = spawn(
      command[0],
      [...command.slice(1), ...args, '-qmp', `unix:${path},server=on,wait=off`, ...extraArgs],
      {
        stdio: 'ignore',
        cwd: repoRoot,
      },
    );
    let sock: Socket | undefined;
    for (let i = 0; i < 600 && !sock; i++) {
      sock = await new Promise<Socket | undefined>((resolve) => {
        const s = connect(path);
        s.once('connect', () => resolve(s));
        s.once('error', () => resolve(undefined));
      });
      if (!sock) await new Promise((r) => setTimeout(r, 50));
    }
    if (!sock) throw new Error('QEMU did not open its QMP socket');
    const q = new QemuHmp(proc, sock, dir);
    await q.execute('qmp_capabilities');
    return q;
  }

  execute(cmd: string, args?: Record<string, unknown>): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.sock.write(`${JSON.stringify(args ? { execute: cmd, arguments: args } : { execute: cmd })}\n`);
    });
  }

  async hmp(line: string): Promise<string> {
    const r = await this.execute('human-monitor-command', { 'command-line': line });
    if ('error' in r) throw new Error(JSON.stringify(r.error));
    return String(r.return).replace(/\r\n/g, '\n');
  }

  async outb(port: number, v: number): Promise<void> {
    await this.hmp(`o /b 0x${port.toString(16)} 0x${v.toString(16)}`);
  }

  async inb(port: number): Promise<number> {
    const r = await this.hmp(`i /b 0x${port.toString(16)}`);
    const m = /= 0x([0-9a-f]+)/.exec(r);
    if (!m) throw new Error(`unexpected i output: ${r}`);
    return Number.parseInt(m[1], 16);
  }

  async close(): Promise<void> {
    this.sock.destroy();
    this.proc.kill('SIGKILL');
    await new Promise((r) => this.proc.once('exit', r));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const cli = join(repoRoot, 'apps', 'system-emulator', 'src', 'cli.ts');

/** tsemu-system-x86_64 run from its sources (tsx, the @tsemu/source condition), when present. */
export const TSEMU = ['node', '--conditions=@tsemu/source', '--import', 'tsx', cli];
export const haveTsemuApp = () => existsSync(cli);

/** The same op scripts as tsemuBoard, on QEMU or another emulator (info pic keeps only the 8259 lines). */
export async function qemuBoard(extraArgs: string[] = [], command: string[] = [QEMU]) {
  const q = await QemuHmp.start(extraArgs, command);
  return {
    async run(
      ops: (['o', number, number] | ['i', number] | ['info pic'] | ['system_reset'])[],
    ): Promise<string[]> {
      const out: string[] = [];
      for (const op of ops) {
        if (op[0] === 'o') await q.outb(op[1], op[2]);
        else if (op[0] === 'i') out.push((await q.inb(op[1])).toString(16));
        else if (op[0] === 'system_reset') {
          // the reset request is served by the main loop after the reply
          await q.execute('system_reset');
          await new Promise((r) => setTimeout(r, 200));
        } else
          out.push(
            (await q.hmp('info pic'))
              .split('\n')
              .filter((l) => l.startsWith('pic'))
              .map((l) => `${l}\n`)
              .join(''),
          );
      }
      return out;
    },
    close: () => q.close(),
  };
}
