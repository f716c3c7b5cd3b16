/** Runs corpus programs on QEMU and on tsemu and collects the differences (the differential check). */
import { readFileSync } from 'node:fs';
import type { BackendName } from '@tsemu/tcg';
import type { GeneratedProgram } from '../corpus/generator/gen-alu.js';
import { firstDifference } from './compare.js';
import { assemble, runQemu } from './qemu-runner.js';
import { runMultiboot } from './tsemu-runner.js';

/** Number of result lines a program prints (a `; lines: N` comment overrides the count). */
export function expectedLines(source: string): number {
  return Number(/^; lines: (\d+)$/m.exec(source)?.[1] ?? (source.match(/(RESULT|REGS) "/g) ?? []).length);
}

export interface CorpusReport {
  qemu: Map<string, string>;
  /** one entry per program whose outputs differ, line count is off, or tsemu did not exit with 0 */
  failures: string[];
}

/** QEMU runs go first, `jobs` at a time (they are mostly idle); then tsemu runs each program. */
export async function checkCorpus(
  work: string,
  programs: readonly GeneratedProgram[],
  jobs = 4,
  /** tsemu runs each program on each of these TCG backends */
  backends: readonly BackendName[] = ['interp', 'js', 'wasm'],
): Promise<CorpusReport> {
  const bins = new Map<string, string>();
  for (const p of programs) bins.set(p.name, await assemble(work, p.name, p.source));
  const qemu = new Map<string, string>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < programs.length) {
      const p = programs[next++];
      qemu.set(p.name, await runQemu(bins.get(p.name) ?? ''));
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  const failures: string[] = [];
  for (const p of programs) {
    const expected = qemu.get(p.name) ?? '';
    const n = expected.split('\n').filter(Boolean).length;
    if (n !== expectedLines(p.source))
      failures.push(`${p.name}: QEMU printed ${n} lines, expected ${expectedLines(p.source)}`);
    const image = new Uint8Array(readFileSync(bins.get(p.name) ?? ''));
    for (const backend of backends) {
      const r = runMultiboot(image, { backend });
      const d = firstDifference(expected, r.output);
      if (d) failures.push(`${p.name} (${backend} backend): ${d}`);
      else if (r.exitCode !== 0) failures.push(`${p.name} (${backend} backend): exit code ${r.exitCode}`);
    }
  }
  return { qemu, failures };
}
