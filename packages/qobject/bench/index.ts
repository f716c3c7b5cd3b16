// Parse and write throughput on a large real QMP reply, as ratios to JSON.parse / JSON.stringify
// measured in the same run.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJSON, toJSON } from '../src/index.js';

const file = join(
  import.meta.dirname,
  '../../../../shared/reference/qemu-7.2/qmp/nodefaults/query-qmp-schema.json',
);
if (!existsSync(file)) {
  console.log(`qobject bench skipped: ${file} not found`);
  process.exit(0);
}
const text = readFileSync(file, 'utf8');
const bytes = Buffer.from(text);

function rate(fn: () => unknown): number {
  for (let i = 0; i < 5; i++) fn();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < 1500) {
    fn();
    n++;
  }
  return (n * text.length) / ((performance.now() - start) / 1000) / 1e6;
}

const q = parseJSON(text);
const plain = JSON.parse(text);
const jsParse = rate(() => JSON.parse(text));
const qParse = rate(() => parseJSON(text));
const qParseBytes = rate(() => parseJSON(bytes));
const jsWrite = rate(() => JSON.stringify(plain));
const qWrite = rate(() => toJSON(q));
const f = (x: number) => `${x.toFixed(1)} MB/s`;
console.log(`input: query-qmp-schema reply, ${(text.length / 1e6).toFixed(2)} MB`);
console.log(
  `parse  JSON.parse ${f(jsParse)} | parseJSON(string) ${f(qParse)} = ${(qParse / jsParse).toFixed(2)}x | parseJSON(bytes) ${f(qParseBytes)} = ${(qParseBytes / jsParse).toFixed(2)}x`,
);
console.log(`write  JSON.stringify ${f(jsWrite)} | toJSON ${f(qWrite)} = ${(qWrite / jsWrite).toFixed(2)}x`);
