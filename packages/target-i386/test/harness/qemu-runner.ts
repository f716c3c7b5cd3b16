/** Assemble corpus programs with nasm and run them under qemu-system-i386. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const NASM = '/usr/bin/nasm';
export const QEMU = '/usr/bin/qemu-system-i386';
export const LIB_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'corpus', 'lib');

/** Names of the external tools that are missing (empty when all present). */
export function missingTools(): string[] {
  return [NASM, QEMU].filter((t) => !existsSync(t));
}

export function makeWorkDir(): string {
  return mkdtempSync(join(tmpdir(), 'tsemu-corpus-'));
}

/** Assemble nasm source to a flat multiboot binary; returns the binary path. */
export async function assemble(workDir: string, name: string, source: string): Promise<string> {
  const asm = join(workDir, `${name}.asm`);
  const bin = join(workDir, `${name}.bin`);
  writeFileSync(asm, source);
  await run(NASM, ['-f', 'bin', '-i', `${LIB_DIR}/`, '-o', bin, asm]);
  return bin;
}

/** Boot a binary under QEMU; returns the text written to port 0xe9. */
export async function runQemu(bin: string, timeoutMs = 20000): Promise<string> {
  const out = `${bin}.qemu.txt`;
  writeFileSync(out, '');
  const args = [
    '-M',
    'pc',
    '-accel',
    'tcg',
    '-display',
    'none',
    '-no-reboot',
    '-kernel',
    bin,
    '-chardev',
    `file,id=dbg,path=${out}`,
    '-device',
    'isa-debugcon,iobase=0xe9,chardev=dbg',
    '-device',
    'isa-debug-exit,iobase=0xf4,iosize=4',
    '-serial',
    'none',
    '-monitor',
    'none',
  ];
  try {
    await run(QEMU, args, { timeout: timeoutMs });
  } catch (e) {
    // isa-debug-exit makes qemu exit with (value << 1) | 1; 1 means value 0
    const code = (e as { code?: unknown }).code;
    if (code !== 1) throw e;
  }
  return readFileSync(out, 'utf8');
}
