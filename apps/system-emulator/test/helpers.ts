import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const appDir = join(import.meta.dirname, '..');
export const repoRoot = join(appDir, '..', '..');
export const referenceDir = join(repoRoot, '..', 'shared', 'reference', 'qemu-7.2');
export const hasReference = existsSync(join(referenceDir, 'README.md'));

/**
 * The emulator as a user runs it, from the sources (workspace packages resolve to src/ through the
 * @tsemu/source condition, so a stale dist/ is never tested).
 */
export function emulatorCommand(args: readonly string[]): [string, string[]] {
  return [
    process.execPath,
    ['--conditions=@tsemu/source', '--import', 'tsx', join(appDir, 'src', 'cli.ts'), ...args],
  ];
}

export function spawnEmulator(
  args: readonly string[],
  opts: { stdin?: 'pipe' | 'ignore' } = {},
): ChildProcess {
  const [cmd, argv] = emulatorCommand(args);
  return spawn(cmd, argv, { cwd: repoRoot, stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'] });
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run to completion (or kill after `timeoutMs`). */
export function runEmulator(args: readonly string[], timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const p = spawnEmulator(args);
    let stdout = '';
    let stderr = '';
    p.stdout?.on('data', (d) => (stdout += d));
    p.stderr?.on('data', (d) => (stderr += d));
    const t = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', reject);
    p.on('close', (status) => {
      clearTimeout(t);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Read a reference capture: "exit status: N", then stdout and stderr sections. */
export function parseCapture(text: string): RunResult {
  const m = /^exit status: (\S+)\n--- stdout ---\n([\s\S]*?)--- stderr ---\n([\s\S]*)$/.exec(text);
  if (!m) throw new Error('not a capture');
  return { status: m[1] === 'None' ? null : Number(m[1]), stdout: m[2], stderr: m[3] };
}

/** The command lines of the captures, from the reference README's table. */
export function captureCommands(readme: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of readme.split('\n')) {
    const m = /^\| `(cli\/[^`]+\.txt)` \| \d+ \| `\/usr\/bin\/qemu-system-x86_64([^`]*)` \|/.exec(line);
    if (m) out.set(m[1], m[2].trim() === '' ? [] : m[2].trim().split(/\s+/));
  }
  return out;
}
