// Guest-physical access throughput through an AddressSpace, beside a raw Uint8Array/DataView peer
// measured in the same run.
import { AddressSpace, MemoryRegion } from '../src/index.js';

const N = 20_000_000;
const MASK = 0xfffffc; // 16 MiB, 4-byte aligned

function bench(name: string, ops: number, fn: () => number): number {
  fn(); // warm up
  const t0 = performance.now();
  const sink = fn();
  const dt = (performance.now() - t0) / 1000;
  const rate = ops / dt;
  console.log(`${name.padEnd(44)} ${(rate / 1e6).toFixed(1).padStart(8)} Mops/s  (sink ${sink & 0xff})`);
  return rate;
}

const system = new MemoryRegion('system', 2 ** 64);
const ram = MemoryRegion.ram('pc.ram', 16 * 1024 * 1024);
system.addSubregion(0, ram);
let reg = 0;
system.addSubregion(
  0xfe000000,
  MemoryRegion.io('dev', 0x1000, {
    read: () => reg,
    write: (_a, v) => {
      reg = Number(v);
    },
  }),
);
const as = new AddressSpace(system, 'memory');
const raw = new Uint8Array(16 * 1024 * 1024);
const dv = new DataView(raw.buffer);

const rawR = bench('raw DataView read32', N, () => {
  let s = 0;
  for (let i = 0; i < N; i++) s ^= dv.getUint32((i * 4) & MASK, true);
  return s;
});
const asR = bench('AddressSpace.read32 (RAM)', N, () => {
  let s = 0;
  for (let i = 0; i < N; i++) s ^= as.read32((i * 4) & MASK);
  return s;
});
const rawW = bench('raw DataView write32', N, () => {
  for (let i = 0; i < N; i++) dv.setUint32((i * 4) & MASK, i, true);
  return raw[4];
});
const asW = bench('AddressSpace.write32 (RAM)', N, () => {
  for (let i = 0; i < N; i++) as.write32((i * 4) & MASK, i);
  return as.read8(4);
});
const rawB = bench('raw Uint8Array read8', N, () => {
  let s = 0;
  for (let i = 0; i < N; i++) s ^= raw[i & 0xffffff];
  return s;
});
const asB = bench('AddressSpace.read8 (RAM)', N, () => {
  let s = 0;
  for (let i = 0; i < N; i++) s ^= as.read8(i & 0xffffff);
  return s;
});
const M = N / 10;
const mmR = bench('AddressSpace.read32 (MMIO)', M, () => {
  let s = 0;
  for (let i = 0; i < M; i++) s ^= as.read32(0xfe000000 + ((i * 4) & 0xffc));
  return s;
});
const mmW = bench('AddressSpace.write32 (MMIO)', M, () => {
  for (let i = 0; i < M; i++) as.write32(0xfe000000 + ((i * 4) & 0xffc), i);
  return reg;
});
const buf = new Uint8Array(4096);
const K = N / 1000;
const dma = bench('AddressSpace.read 4 KiB (RAM, per call)', K, () => {
  let s = 0;
  for (let i = 0; i < K; i++) {
    as.read((i * 4096) & 0xfff000, buf);
    s ^= buf[0];
  }
  return s;
});
// a PCI BAR moving (one memory transaction) with a 16 MiB RAM and four extra address spaces
for (let i = 0; i < 4; i++) {
  const root = new MemoryRegion('bus master container', 2 ** 64);
  const bm = MemoryRegion.alias('bus master', system, 0, 2 ** 64);
  bm.setEnabled(false);
  root.addSubregion(0, bm);
  new AddressSpace(root, `dev${i}`);
}
const bar = MemoryRegion.io('bar', 0x1000, { read: () => 0 });
system.addSubregion(0xfebf0000, bar);
const C = 500;
const commits = bench('topology commits (BAR moves)', C, () => {
  for (let i = 0; i < C; i++) bar.setAddress(0xfebf0000 + (i % 16) * 0x1000);
  return 0;
});
console.log('');
console.log(`flat view rebuild ${(1e6 / commits).toFixed(0)} us per commit`);
console.log(`RAM read32   ${(asR / rawR).toFixed(2)}x of raw DataView`);
console.log(`RAM write32  ${(asW / rawW).toFixed(2)}x of raw DataView`);
console.log(`RAM read8    ${(asB / rawB).toFixed(2)}x of raw Uint8Array`);
console.log(`MMIO read32  ${(mmR / rawR).toFixed(2)}x of raw DataView, write32 ${(mmW / rawW).toFixed(2)}x`);
console.log(`DMA 4 KiB    ${((dma * 4096) / 1e9).toFixed(2)} GB/s`);
