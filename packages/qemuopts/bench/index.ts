// Parsing a 200-option qemu-system command line (options/s), through the bare QemuOpts path and
// through the full vl.c-style translation into option groups, with a -readconfig write/read round
// trip; a naive split(',')/split('=') pass over the same arguments is the peer measured alongside.
import { parseArgv, parseQemuCommandLine, QemuOptsList } from '../src/index.js';

const argv: string[] = [];
for (let i = 0; i < 60; i++)
  argv.push('-device', `virtio-net-pci,id=net${i},mac=52:54:00:00:00:${(i % 256).toString(16)},bus=pci.0`);
for (let i = 0; i < 40; i++) argv.push('-object', `memory-backend-ram,id=mem${i},size=64M,share=on`);
for (let i = 0; i < 40; i++)
  argv.push('-blockdev', `driver=qcow2,node-name=d${i},file.driver=file,file.filename=/img/${i}.qcow2`);
for (let i = 0; i < 30; i++) argv.push('-chardev', `socket,id=c${i},path=/tmp/c${i}.sock,server=on,wait=off`);
for (let i = 0; i < 29; i++) argv.push('-netdev', `user,id=u${i},hostfwd=tcp::${2000 + i}-:22`);
argv.push('-machine', 'pc,accel=tcg,usb=off');
const OPTIONS = argv.length / 2;

function time(name: string, fn: () => number): number {
  for (let i = 0; i < 50; i++) fn();
  const iters = 500;
  const t0 = process.hrtime.bigint();
  let n = 0;
  for (let i = 0; i < iters; i++) n += fn();
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const rate = n / secs;
  console.log(`${name.padEnd(52)} ${rate.toFixed(0).padStart(10)} options/s`);
  return rate;
}

const naive = time('naive split(",")/split("=") (peer)', () => {
  let keys = 0;
  for (let i = 1; i < argv.length; i += 2) for (const kv of argv[i].split(',')) keys += kv.split('=').length;
  return keys > 0 ? OPTIONS : 0;
});
const opts = time('parseArgv + QemuOptsList.parse (no groups table)', () => {
  const lists = new Map<string, QemuOptsList>();
  for (const name of ['device', 'object', 'blockdev', 'chardev', 'netdev', 'machine'])
    lists.set(name, new QemuOptsList({ name, mergeLists: name === 'machine' }));
  const parsed = parseArgv(
    argv,
    [...lists.keys()].map((name) => ({ name, hasArg: true })),
  );
  for (const p of parsed) lists.get(p.name)!.parse(p.arg ?? '', false);
  return parsed.length;
});
const full = time(
  'parseQemuCommandLine (vl.c groups, keyval, QemuOpts)',
  () => parseQemuCommandLine(argv).entries.length && OPTIONS,
);
const text = parseQemuCommandLine(argv).writeConfig();
const round = time('writeConfig + -readconfig read back', () => {
  const t = parseQemuCommandLine(argv).writeConfig();
  parseQemuCommandLine(['-readconfig', 'x'], { readFile: () => t });
  return OPTIONS;
});
console.log('');
console.log(`QemuOpts path        ${(opts / naive).toFixed(3)}x of the naive split`);
console.log(`full command line    ${(full / naive).toFixed(3)}x of the naive split`);
console.log(`with config round trip ${(round / naive).toFixed(3)}x (config file: ${text.length} bytes)`);
