// `pnpm bench` for @tsemu/qapi: the schema front end on QEMU 7.2's whole schema (bench/schema.ts),
// the time to parse + check + generate all of it, and dispatch throughput (bench/dispatch.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../src/gen/index.js';
import { QAPISchema } from '../src/index.js';
import { benchDispatch } from './dispatch.js';
import { benchSchema } from './schema.js';

const schemaDir = join(import.meta.dirname, '../../../../shared/reference/qemu-7.2/qapi-schema');
const X86_64 = [
  'CONFIG_FDT',
  'CONFIG_REPLICATION',
  'CONFIG_SPICE',
  'CONFIG_TCG',
  'CONFIG_TPM',
  'CONFIG_VNC',
  'TARGET_I386',
  'CONFIG_LINUX',
  'CONFIG_POSIX',
];

function median(fn: () => unknown, runs: number): number {
  for (let i = 0; i < 2; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

if (existsSync(schemaDir)) {
  benchSchema(schemaDir);
  const files = new Map<string, string>();
  for (const f of readdirSync(schemaDir))
    files.set(join(schemaDir, f), readFileSync(join(schemaDir, f), 'utf8'));
  const readFile = (p: string) => files.get(p) ?? readFileSync(p, 'utf8');
  const root = join(schemaDir, 'qapi-schema.json');
  let bytes = 0;
  const loadMs = median(() => QAPISchema.load(root, { readFile, defined: X86_64 }), 7);
  const model = QAPISchema.load(root, { readFile, defined: X86_64 });
  const genMs = median(() => {
    bytes = generate(model, { defined: X86_64 }).reduce((n, f) => n + f.text.length, 0);
  }, 7);
  const total = loadMs + genMs;
  console.log(
    `generate: whole QEMU 7.2 schema (x86_64 conditions): parse+check ${loadMs.toFixed(0)} ms + generate ${genMs.toFixed(0)} ms (${(bytes / 1e6).toFixed(2)} MB of TypeScript and docs) = ${total.toFixed(0)} ms, ${(total / 2000).toFixed(2)}x the 2 s budget`,
  );
} else {
  console.log(`qapi schema bench skipped: ${schemaDir} not found`);
}
await benchDispatch();
