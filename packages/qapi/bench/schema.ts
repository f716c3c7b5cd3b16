// Schema front end timings on QEMU 7.2's whole schema: parse + check, introspection, Markdown docs.
// The peer, measured in the same run, is JSON.parse of the same files turned into plain JSON (quotes
// swapped, comments dropped): the cost of reading the bytes as data with no QAPI semantics at all.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateMarkdown, introspect, QAPISchema } from '../src/index.js';

export interface SchemaBenchResult {
  /** Milliseconds per run (median). */
  loadMs: number;
  introspectMs: number;
  markdownMs: number;
  peerJsonParseMs: number;
  commands: number;
  entities: number;
}

function median(fn: () => unknown, runs: number): number {
  for (let i = 0; i < 3; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Plain JSON texts for the peer: QAPI's syntax is JSON with single quotes and '#' comments. */
function toPlainJSON(src: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const raw of src.split('\n')) {
    const line = raw.replace(/#.*$/, '').replace(/'/g, '"');
    for (const ch of line) {
      if (ch === '{' || ch === '[') depth++;
      if (ch === '}' || ch === ']') depth--;
    }
    cur += `${line}\n`;
    if (depth === 0) {
      if (cur.trim()) out.push(cur);
      cur = '';
    }
  }
  return out;
}

/** Run the benchmark on a qapi-schema directory; `log` receives the printed lines. */
export function benchSchema(
  schemaDir: string,
  log: (line: string) => void = console.log,
  runs = 15,
): SchemaBenchResult {
  const files = new Map<string, string>();
  for (const f of readdirSync(schemaDir))
    files.set(join(schemaDir, f), readFileSync(join(schemaDir, f), 'utf8'));
  // Files come from memory, so the figures are the front end's, not the disk's.
  const readFile = (p: string) => files.get(p) ?? readFileSync(p, 'utf8');
  const root = join(schemaDir, 'qapi-schema.json');

  const schema = QAPISchema.load(root, { readFile });
  const loadMs = median(() => QAPISchema.load(root, { readFile }), runs);
  const introspectMs = median(() => introspect(schema), runs);
  const markdownMs = median(() => generateMarkdown(schema), runs);
  const plain = [...files.entries()]
    .filter(([f]) => !f.endsWith('qga-qapi-schema.json'))
    .flatMap(([, s]) => toPlainJSON(s));
  const peerJsonParseMs = median(() => {
    for (const text of plain) JSON.parse(text);
  }, runs);

  const r: SchemaBenchResult = {
    loadMs,
    introspectMs,
    markdownMs,
    peerJsonParseMs,
    commands: schema.commands.length,
    entities: schema.entities.length,
  };
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  log(`schema: QEMU 7.2 qapi-schema.json, ${r.entities} entities, ${r.commands} commands`);
  log(
    `parse+check ${ms(loadMs)} = ${(loadMs / peerJsonParseMs).toFixed(1)}x JSON.parse of the same files (${ms(peerJsonParseMs)})`,
  );
  log(`introspect ${ms(introspectMs)} | markdown docs ${ms(markdownMs)}`);
  return r;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchSchema(join(import.meta.dirname, '../../../../shared/reference/qemu-7.2/qapi-schema'));
}
