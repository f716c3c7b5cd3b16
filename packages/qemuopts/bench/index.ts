// Parses a 200-option qemu-system-style command line (argv walk + QemuOpts) and reports options/s.
import { parseArgv, QemuOptsList } from '../src/index.js';

const table = [
  { name: 'device', hasArg: true },
  { name: 'object', hasArg: true },
  { name: 'm', hasArg: true },
];
const argv: string[] = [];
for (let i = 0; i < 100; i++)
  argv.push('-device', `virtio-net-pci,id=net${i},mac=52:54:00:00:00:${(i % 256).toString(16)},bus=pci.0`);
for (let i = 0; i < 99; i++) argv.push('-object', `memory-backend-ram,id=mem${i},size=64M,share=on`);
argv.push('-m', 'size=4G');

function run(): number {
  const lists = new Map([
    ['device', new QemuOptsList({ name: 'device', impliedOptName: 'driver' })],
    ['object', new QemuOptsList({ name: 'object', impliedOptName: 'qom-type' })],
    ['m', new QemuOptsList({ name: 'memory', impliedOptName: 'size', mergeLists: true })],
  ]);
  const parsed = parseArgv(argv, table);
  for (const p of parsed) lists.get(p.name)?.parse(p.arg ?? '');
  return parsed.length;
}

for (let i = 0; i < 200; i++) run();
const iters = 2000;
const t0 = process.hrtime.bigint();
let n = 0;
for (let i = 0; i < iters; i++) n += run();
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(
  `200-option command line: ${(n / secs).toFixed(0)} options/s (${((secs / iters) * 1e3).toFixed(3)} ms per command line)`,
);
