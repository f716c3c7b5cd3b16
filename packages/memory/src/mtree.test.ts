import { describe, expect, it } from 'vitest';
import { AddressSpace } from './address-space.js';
import { mtreeInfo } from './mtree.js';
import { MemoryRegion } from './region.js';

function space(build: (root: MemoryRegion) => void, name = 'test') {
  const root = new MemoryRegion('root', 0x100000);
  build(root);
  return new AddressSpace(root, name);
}

describe('info mtree layout', () => {
  it('prints types, priorities, aliases with their target window, nesting by two spaces', () => {
    const as = space((root) => {
      const ram = MemoryRegion.ram('ram', 0x10000);
      const c = new MemoryRegion('box', 0x1000);
      c.addSubregion(0x10, MemoryRegion.io('reg', 4));
      root.addSubregion(0, ram);
      root.addSubregionOverlap(0x20000, MemoryRegion.alias('win', ram, 0x8000, 0x100), -3);
      root.addSubregionOverlap(0x30000, c, 7);
      root.addSubregion(0x40000, MemoryRegion.rom('rom', 0x1000));
      root.addSubregion(0x50000, MemoryRegion.romDevice('flash', 0x1000, {}));
    });
    expect(mtreeInfo({ addressSpaces: [as] })).toBe(
      [
        'address-space: test',
        '  0000000000000000-00000000000fffff (prio 0, i/o): root',
        '    0000000000000000-000000000000ffff (prio 0, ram): ram',
        '    0000000000020000-00000000000200ff (prio -3, ram): alias win @ram 0000000000008000-00000000000080ff',
        '    0000000000030000-0000000000030fff (prio 7, i/o): box',
        '      0000000000030010-0000000000030013 (prio 0, i/o): reg',
        '    0000000000040000-0000000000040fff (prio 0, rom): rom',
        '    0000000000050000-0000000000050fff (prio 0, romd): flash',
        '',
        'memory-region: ram',
        '  0000000000000000-000000000000ffff (prio 0, ram): ram',
        '',
        '',
      ].join('\n'),
    );
    as.destroy();
  });

  it('sorts children by address, then higher priority first', () => {
    const as = space((root) => {
      root.addSubregion(0x2000, MemoryRegion.io('b', 0x10));
      root.addSubregionOverlap(0x1000, MemoryRegion.io('low', 0x10), 1);
      root.addSubregionOverlap(0x1000, MemoryRegion.io('high', 0x10), 2);
    });
    const lines = mtreeInfo({ addressSpaces: [as] }).split('\n');
    expect(lines.slice(2, 5).map((l) => l.split(': ')[1])).toEqual(['high', 'low', 'b']);
    as.destroy();
  });

  it('hides disabled regions but not their children; -D shows them marked', () => {
    const as = space((root) => {
      const c = new MemoryRegion('off', 0x100);
      c.addSubregion(0, MemoryRegion.io('child', 4));
      c.setEnabled(false);
      root.addSubregion(0x100, c);
      const nv = MemoryRegion.ram('nvram', 0x100);
      nv.setNonvolatile(true);
      root.addSubregion(0x1000, nv);
    });
    const plain = mtreeInfo({ addressSpaces: [as] }).split('\n');
    expect(plain[2]).toBe('      0000000000000100-0000000000000103 (prio 0, i/o): child');
    expect(plain[3]).toBe('    0000000000001000-00000000000010ff (prio 0, nv-ram): nvram');
    const all = mtreeInfo({ addressSpaces: [as], disabled: true }).split('\n');
    expect(all[2]).toBe('    0000000000000100-00000000000001ff (prio 0, i/o): off [disabled]');
    as.destroy();
  });

  it('prints owners with -o, "orphan" without one', () => {
    const as = space((root) => {
      root.addSubregion(0, MemoryRegion.io('a', 4, undefined, { owner: { id: 'dev0' } }));
      root.addSubregion(
        8,
        MemoryRegion.io('b', 4, undefined, { owner: { path: '/machine/unattached/device[3]' } }),
      );
    });
    const lines = mtreeInfo({ addressSpaces: [as], owner: true }).split('\n');
    expect(lines[1]).toMatch(/: root orphan$/);
    expect(lines[2]).toMatch(/: a owner:\{dev id=dev0\}$/);
    expect(lines[3]).toMatch(/: b owner:\{obj path=\/machine\/unattached\/device\[3\]\}$/);
    as.destroy();
  });

  it('flags a region whose end overflows 64 bits', () => {
    const as = space((root) => {
      const big = new MemoryRegion('big', 2 ** 64);
      big.addSubregion(0xfffffffffffff000n, MemoryRegion.io('wrap', 0x2000));
      root.addSubregion(0, big);
    });
    expect(mtreeInfo({ addressSpaces: [as] })).toContain(
      '[DETECTED OVERFLOW!]       fffffffffffff000-0000000000000fff (prio 0, i/o): wrap',
    );
    as.destroy();
  });

  it('-f: ranges with their offset in the region, read-only ranges as rom', () => {
    const as = space((root) => {
      const ram = MemoryRegion.ram('ram', 0x10000);
      root.addSubregion(0, ram);
      const ro = MemoryRegion.alias('ro', ram, 0x4000, 0x1000);
      ro.setReadonly(true);
      root.addSubregionOverlap(0x4000, ro, 1);
    }, 'fv');
    expect(mtreeInfo({ addressSpaces: [as], flatview: true })).toBe(
      [
        'FlatView #0',
        ' AS "fv", root: root',
        ' Root memory region: root',
        '  0000000000000000-0000000000003fff (prio 0, ram): ram',
        '  0000000000004000-0000000000004fff (prio 0, rom): ram @0000000000004000',
        '  0000000000005000-000000000000ffff (prio 0, ram): ram @0000000000005000',
        '',
        '',
      ].join('\n'),
    );
    as.destroy();
  });

  it('-f: an address space whose root is an alias names it', () => {
    const ram = MemoryRegion.ram('ram', 0x1000);
    const top = MemoryRegion.alias('view', ram, 0x800, 0x800);
    const as = new AddressSpace(top, 'aliased');
    expect(
      mtreeInfo({ addressSpaces: [as], flatview: true })
        .split('\n')
        .slice(0, 4),
    ).toEqual([
      'FlatView #0',
      ' AS "aliased", root: view, alias ram',
      ' Root memory region: view',
      '  0000000000000000-00000000000007ff (prio 0, ram): ram @0000000000000800',
    ]);
    as.destroy();
  });
});
