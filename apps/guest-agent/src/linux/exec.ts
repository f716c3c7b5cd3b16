// guest-exec / guest-exec-status: child processes with optional stdin data and captured output.
import { spawn } from 'node:child_process';
import { qbase64Decode } from './base64.js';
import { gaError } from './errors.js';

export interface GuestExecArgs {
  path: string;
  arg?: string[];
  env?: string[];
  'input-data'?: string;
  'capture-output'?: boolean;
}

export interface GuestExecStatus {
  exited: boolean;
  exitcode?: number;
  signal?: number;
  'out-data'?: string;
  'err-data'?: string;
  'out-truncated'?: boolean;
  'err-truncated'?: boolean;
}

/** Captured output is capped per stream, as in qemu-ga. */
const GUEST_EXEC_MAX_OUTPUT = 16 * 1024 * 1024;

const SIGNALS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGCHLD: 17,
  SIGCONT: 18,
  SIGSTOP: 19,
  SIGTSTP: 20,
  SIGTTIN: 21,
  SIGTTOU: 22,
  SIGURG: 23,
  SIGXCPU: 24,
  SIGXFSZ: 25,
  SIGVTALRM: 26,
  SIGPROF: 27,
  SIGWINCH: 28,
  SIGIO: 29,
  SIGPWR: 30,
  SIGSYS: 31,
};

class Capture {
  readonly chunks: Buffer[] = [];
  size = 0;
  truncated = false;
  add(chunk: Buffer): void {
    const room = GUEST_EXEC_MAX_OUTPUT - this.size;
    if (chunk.length > room) this.truncated = true;
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (part.length) {
      this.chunks.push(part);
      this.size += part.length;
    }
  }
  base64(): string {
    return Buffer.concat(this.chunks).toString('base64');
  }
}

interface ExecInfo {
  exited: boolean;
  status?: { code: number | null; signal: NodeJS.Signals | null };
  out?: Capture;
  err?: Capture;
}

export class GuestExec {
  readonly #procs = new Map<number, ExecInfo>();

  exec(args: GuestExecArgs): Promise<{ pid: number }> {
    const capture = args['capture-output'] === true;
    const input = args['input-data'] === undefined ? undefined : qbase64Decode(args['input-data']);
    // qemu-ga passes exactly the given environment, or its own when none is given.
    let env: NodeJS.ProcessEnv = process.env;
    if (args.env) {
      env = {};
      for (const kv of args.env) {
        const i = kv.indexOf('=');
        if (i > 0) env[kv.slice(0, i)] = kv.slice(i + 1);
      }
    }
    return new Promise((resolve, reject) => {
      const child = spawn(args.path, args.arg ?? [], {
        env,
        stdio: [input ? 'pipe' : 'ignore', capture ? 'pipe' : 'ignore', capture ? 'pipe' : 'ignore'],
        argv0: args.path,
      });
      child.once('error', (err: NodeJS.ErrnoException) => {
        const reason =
          err.code === 'ENOENT'
            ? 'No such file or directory'
            : err.code === 'EACCES'
              ? 'Permission denied'
              : err.message;
        reject(
          gaError(
            `Guest agent command failed, error was 'Failed to execute child process “${args.path}” (${reason})'`,
          ),
        );
      });
      child.once('spawn', () => {
        const info: ExecInfo = { exited: false };
        if (capture) {
          info.out = new Capture();
          info.err = new Capture();
          for (const [stream, cap] of [
            [child.stdout!, info.out],
            [child.stderr!, info.err],
          ] as const) {
            stream.on('data', (c: Buffer) => cap.add(c));
          }
        }
        if (input) {
          child.stdin!.on('error', () => {}); // the child may exit without reading its input
          child.stdin!.end(input);
        }
        // 'close' comes after the process exited and its output streams were drained.
        child.once('close', (code, signal) => {
          info.exited = true;
          info.status = { code, signal };
        });
        this.#procs.set(child.pid!, info);
        resolve({ pid: child.pid! });
      });
    });
  }

  status(pid: number): GuestExecStatus {
    const info = this.#procs.get(pid);
    if (!info) throw gaError("Invalid parameter 'pid'");
    const done = info.exited;
    const st: GuestExecStatus = { exited: done };
    if (!done) return st;
    const { code, signal } = info.status!;
    if (signal) st.signal = SIGNALS[signal] ?? 0;
    else st.exitcode = code ?? 0;
    // Each stream's data and truncation flag are reported only when it produced output.
    if (info.out && info.out.size > 0) {
      st['out-data'] = info.out.base64();
      st['out-truncated'] = info.out.truncated;
    }
    if (info.err && info.err.size > 0) {
      st['err-data'] = info.err.base64();
      st['err-truncated'] = info.err.truncated;
    }
    this.#procs.delete(pid); // reported once, then reaped
    return st;
  }
}
