import { describe, expect, it } from 'vitest';
import { AddressSpace } from './address-space.js';
import { MemoryRegion } from './region.js';

// Random region trees checked against a direct reading of QEMU's rules: at an address, the
// enabled subregions are tried in list order (higher priority first, later-added first among
// equals); a container with nothing there lets the next one try; an alias looks into its target;
// a terminating region (RAM, MMIO) answers for whatever its subregions leave.

/** xorshift32, so every run builds the same trees */
function rng(seed: number) {
  let x = seed || 1;
  return (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

type Answer = { mr: MemoryRegion; offset: number } | undefined;

function resolve(mr: MemoryRegion, addr: number): Answer {
  if (!mr.enabled || addr < 0 || addr >= Number(mr.size)) return undefined;
  if (mr.alias) return resolve(mr.alias, addr + Number(mr.aliasOffset));
  for (const sub of mr.subregions) {
    const r = resolve(sub, addr - Number(sub.addr));
    if (r) return r;
  }
  return mr.terminates ? { mr, offset: addr } : undefined;
}

const SPACE = 0x4000;

function build(seed: number) {
  const r = rng(seed);
  const root = new MemoryRegion('root', SPACE);
  const leaves: MemoryRegion[] = [];
  const all: MemoryRegion[] = [root];
  let n = 0;
  const leaf = (): MemoryRegion => {
    const size = (1 + r(16)) * 0x100;
    const name = `r${n++}`;
    let mr: MemoryRegion;
    if (r(2)) {
      mr = MemoryRegion.ram(name, size);
      const host = mr.getRamPtr();
      for (let i = 0; i < size; i++) host[i] = (n * 37 + i) & 0xff;
    } else {
      const id = n;
      mr = MemoryRegion.io(name, size, { read: (a) => (id * 11 + a) & 0xff, valid: { unaligned: true } });
    }
    leaves.push(mr);
    return mr;
  };
  const fill = (c: MemoryRegion, depth: number) => {
    const count = 1 + r(4);
    for (let i = 0; i < count; i++) {
      let sub: MemoryRegion;
      const kind = r(depth > 1 ? 2 : 4);
      if (kind === 2) {
        sub = new MemoryRegion(`c${n++}`, (1 + r(32)) * 0x100);
        fill(sub, depth + 1);
      } else if (kind === 3 && leaves.length > 0) {
        const target = leaves[r(leaves.length)];
        const off = r(Number(target.size) / 0x100) * 0x100;
        sub = MemoryRegion.alias(`a${n++}`, target, off, (1 + r(8)) * 0x100);
      } else {
        sub = leaf();
        if (r(4) === 0) {
          // an MMIO or RAM region with a subregion of its own
          sub.addSubregion(r(Number(sub.size) / 0x100) * 0x100, leaf());
        }
      }
      const at = r(Number(c.size) / 0x100) * 0x100;
      if (r(3) === 0) c.addSubregionOverlap(at, sub, r(5) - 2);
      else c.addSubregion(at, sub);
      all.push(sub);
    }
  };
  fill(root, 0);
  return { root, all, r };
}

function expected(root: MemoryRegion, addr: number): number {
  const a = resolve(root, addr);
  if (!a) return 0;
  if (a.mr.ram) return a.mr.getRamPtr()[a.offset];
  return a.mr.ops.read!(a.offset, 1) as number;
}

describe('flat view against the region-tree rules', () => {
  it.each(Array.from({ length: 60 }, (_, i) => i + 1))('random tree %i', (seed) => {
    const { root, all, r } = build(seed * 7919);
    const as = new AddressSpace(root, `model-${seed}`);
    const check = () => {
      for (let addr = 0; addr < SPACE; addr += 0x40) {
        expect([addr, as.read8(addr)]).toEqual([addr, expected(root, addr)]);
        expect(as.read8(addr + 0x3f)).toBe(expected(root, addr + 0x3f));
      }
    };
    check();
    // toggle and move a few regions, then check again
    for (let k = 0; k < 4; k++) {
      const mr = all[1 + r(all.length - 1)];
      if (r(2)) mr.setEnabled(!mr.enabled);
      else if (mr.container) mr.setAddress(r(Number(mr.container.size) / 0x100) * 0x100);
      check();
    }
    as.destroy();
  });
});
