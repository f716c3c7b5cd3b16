import { describe, expect, it } from 'vitest';
import { flatviewRootOf, generateMemoryTopology } from './flatview.js';
import { MemoryRegion } from './region.js';

const names = (root: MemoryRegion) =>
  generateMemoryTopology(root).ranges.map(
    (r) => `${r.start.toString(16)}+${r.size.toString(16)} ${r.mr.name}@${r.offsetInRegion.toString(16)}`,
  );

describe('render_memory_region', () => {
  it('a lower-priority region fills the gaps around higher ones', () => {
    const root = new MemoryRegion('root', 0x10000);
    root.addSubregion(0, MemoryRegion.io('bg', 0x10000));
    root.addSubregionOverlap(0x1000, MemoryRegion.io('a', 0x1000), 1);
    root.addSubregionOverlap(0x3000, MemoryRegion.io('b', 0x800), 1);
    expect(names(root)).toEqual([
      '0+1000 bg@0',
      '1000+1000 a@0',
      '2000+1000 bg@2000',
      '3000+800 b@0',
      '3800+c800 bg@3800',
    ]);
  });

  it('an MMIO region with subregions shows through around them', () => {
    const root = new MemoryRegion('root', 0x100);
    const rtc = MemoryRegion.io('rtc', 2);
    rtc.addSubregion(0, MemoryRegion.io('rtc-index', 1));
    root.addSubregion(0x70, rtc);
    expect(names(root)).toEqual(['70+1 rtc-index@0', '71+1 rtc@1']);
  });

  it('clips regions to their container and aliases to their window', () => {
    const root = new MemoryRegion('root', 0x1000);
    const small = new MemoryRegion('small', 0x100);
    small.addSubregion(0x80, MemoryRegion.io('overhang', 0x200));
    root.addSubregion(0x400, small);
    const ram = MemoryRegion.ram('ram', 0x10000);
    root.addSubregion(0x800, MemoryRegion.alias('win', ram, 0x8000, 0x10));
    expect(names(root)).toEqual(['480+80 overhang@0', '800+10 ram@8000']);
  });

  it('merges adjacent pieces of one region, keeps read-only pieces apart', () => {
    const root = new MemoryRegion('root', 0x10000);
    const ram = MemoryRegion.ram('ram', 0x10000);
    root.addSubregion(0, MemoryRegion.alias('lo', ram, 0, 0x8000));
    root.addSubregion(0x8000, MemoryRegion.alias('hi', ram, 0x8000, 0x8000));
    expect(names(root)).toEqual(['0+10000 ram@0']);
    const ro = MemoryRegion.alias('ro', ram, 0x4000, 0x100);
    ro.setReadonly(true);
    root.addSubregionOverlap(0x4000, ro, 1);
    const view = generateMemoryTopology(root);
    expect(view.ranges.map((r) => r.readonly)).toEqual([false, true, false]);
    expect(view.ranges[1].writeHost).toBeUndefined();
    expect(view.ranges[1].readHost).toBeDefined();
  });

  it('disabled regions and their subtrees are not rendered', () => {
    const root = new MemoryRegion('root', 0x1000);
    const c = new MemoryRegion('c', 0x100);
    c.addSubregion(0, MemoryRegion.io('x', 0x10));
    root.addSubregion(0, c);
    c.setEnabled(false);
    expect(names(root)).toEqual([]);
  });
});

describe('memory_region_get_flatview_root', () => {
  it('descends through whole-covering aliases and single children', () => {
    const sys = new MemoryRegion('system', 2 ** 64);
    sys.addSubregion(0, MemoryRegion.io('dev', 0x10));
    sys.addSubregion(0x100, MemoryRegion.io('dev2', 0x10));
    const top = new MemoryRegion('top', 2 ** 64);
    top.addSubregion(0, MemoryRegion.alias('all', sys, 0, 2 ** 64));
    expect(flatviewRootOf(top)).toBe(sys);
    const partial = MemoryRegion.alias('part', sys, 0x1000, 0x1000);
    expect(flatviewRootOf(partial)).toBe(partial);
    // a lone child at 0 covering no more than its parent stands for it
    const single = new MemoryRegion('single', 0x1000);
    const only = MemoryRegion.io('only', 0x1000);
    single.addSubregion(0, only);
    expect(flatviewRootOf(single)).toBe(only);
    const empty = new MemoryRegion('empty', 0x1000);
    expect(flatviewRootOf(empty)).toBeUndefined();
    sys.setEnabled(false);
    expect(flatviewRootOf(top)).toBeUndefined();
  });
});
