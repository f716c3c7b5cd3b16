import { describe, expect, test } from 'vitest';
import {
  CR0_PG_MASK,
  CR0_WP_MASK,
  CR4_PAE_MASK,
  CR4_PGE_MASK,
  CR4_PSE_MASK,
  EXCP0E_PAGE,
  helper_invlpg,
  helper_write_crN,
  MMU_DATA_LOAD,
  MMU_DATA_STORE,
  MMU_INST_FETCH,
  MMU_KERNEL_IDX,
  MMU_USER_IDX,
  MSR_EFER_NXE,
  PAGE_EXEC,
  PAGE_READ,
  PAGE_WRITE,
  walkingAccess,
  x86_cpu_get_phys_addr_debug,
  x86_translate,
  x86CpuCreate,
  x86CpuTlbFill,
} from '../../src/index.js';
import { expectFault, RamPhys } from './support.js';

const P = 1;
const RW = 2;
const US = 4;
const A = 0x20;
const D = 0x40;
const PS = 0x80;

/** 2-level tables: page directory at 0x10000, one page table at 0x11000 covering 0x400000..0x7fffff */
function twoLevel(pdeFlags = P | RW | US) {
  const phys = new RamPhys(16 << 20);
  const env = x86CpuCreate('max');
  env.phys = phys;
  phys.write32(0x10000 + 1 * 4, 0x11000 | pdeFlags);
  env.cr[3] = 0x10000;
  env.cr[0] |= CR0_PG_MASK | 1;
  return { env, phys, pte: (i: number, v: number) => phys.write32(0x11000 + i * 4, v) };
}

describe('2-level paging', () => {
  test('maps a 4 KiB page and sets A on PDE and PTE, D only on a write', () => {
    const { env, phys, pte } = twoLevel();
    pte(5, 0x200000 | P | RW | US);
    const r = x86_translate(env, 0x405123, MMU_DATA_LOAD, MMU_KERNEL_IDX);
    expect(r).toEqual({ ok: true, paddr: 0x200123, prot: PAGE_READ | PAGE_EXEC, pageSize: 4096 });
    expect(phys.read32(0x10004) & A).toBe(A);
    expect(phys.read32(0x11014) & (A | D)).toBe(A);
    const w = x86_translate(env, 0x405123, MMU_DATA_STORE, MMU_KERNEL_IDX);
    expect(w.ok && w.prot).toBe(PAGE_READ | PAGE_WRITE | PAGE_EXEC);
    expect(phys.read32(0x11014) & D).toBe(D);
  });

  const faults: {
    what: string;
    pde?: number;
    pte: number;
    access: number;
    idx: number;
    wp?: boolean;
    err: number;
  }[] = [
    { what: 'PTE not present, read', pte: 0, access: MMU_DATA_LOAD, idx: MMU_KERNEL_IDX, err: 0 },
    { what: 'PTE not present, user write', pte: 0, access: MMU_DATA_STORE, idx: MMU_USER_IDX, err: 6 },
    { what: 'PDE not present', pde: 0, pte: P, access: MMU_DATA_LOAD, idx: MMU_USER_IDX, err: 4 },
    { what: 'user read of a supervisor page', pte: P | RW, access: MMU_DATA_LOAD, idx: MMU_USER_IDX, err: 5 },
    {
      what: 'user write to a read-only page',
      pte: P | US,
      access: MMU_DATA_STORE,
      idx: MMU_USER_IDX,
      err: 7,
    },
    {
      what: 'user page, supervisor-only PDE',
      pde: P | RW,
      pte: P | RW | US,
      access: MMU_DATA_LOAD,
      idx: MMU_USER_IDX,
      err: 5,
    },
    {
      what: 'supervisor write to read-only with CR0.WP',
      pte: P | US,
      access: MMU_DATA_STORE,
      idx: MMU_KERNEL_IDX,
      wp: true,
      err: 3,
    },
    {
      what: 'fetch from a not-present page (no NX: no I/D bit)',
      pte: 0,
      access: MMU_INST_FETCH,
      idx: MMU_USER_IDX,
      err: 4,
    },
  ];
  for (const f of faults) {
    test(`#PF: ${f.what} -> error ${f.err}`, () => {
      const { env, phys, pte } = twoLevel(f.pde ?? P | RW | US);
      pte(5, f.pte === 0 ? 0 : 0x200000 | f.pte);
      if (f.wp) env.cr[0] |= CR0_WP_MASK;
      const tlb = { setPage: () => expect.unreachable() };
      expectFault(env, () => x86CpuTlbFill(env, tlb, 0x405abc, f.access, f.idx), EXCP0E_PAGE, f.err);
      expect(env.cr[2]).toBe(0x405abc);
      expect(phys.read32(0x11014) & D).toBe(0);
    });
  }

  test('supervisor may write a read-only page when CR0.WP is clear', () => {
    const { env, pte } = twoLevel();
    pte(5, 0x200000 | P | US | D);
    const r = x86_translate(env, 0x405000, MMU_DATA_STORE, MMU_KERNEL_IDX);
    expect(r.ok && r.prot & PAGE_WRITE).toBe(PAGE_WRITE);
  });

  test('4 MiB pages need CR4.PSE; without it the PS bit names a page table', () => {
    const { env, phys } = twoLevel();
    phys.write32(0x10000 + 2 * 4, 0x00c00000 | P | RW | PS);
    env.cr[4] |= CR4_PSE_MASK;
    const r = x86_translate(env, 0x00912345, MMU_DATA_STORE, MMU_KERNEL_IDX);
    expect(r).toEqual({ ok: true, paddr: 0xd12345, prot: 7, pageSize: 4 << 20 });
    expect(phys.read32(0x10008) & (A | D)).toBe(A | D);
    env.cr[4] &= ~CR4_PSE_MASK;
    // now 0xc00000 is read as a page table (all zero): not present
    expect(x86_translate(env, 0x00912345, MMU_DATA_LOAD, MMU_KERNEL_IDX)).toMatchObject({
      ok: false,
      errorCode: 0,
    });
  });

  test('a 4 MiB PDE with reserved bit 21 set is a RSVD fault', () => {
    const { env, phys } = twoLevel();
    env.cr[4] |= CR4_PSE_MASK;
    phys.write32(0x10000 + 2 * 4, 0x00c00000 | 0x200000 | P | RW | PS);
    expect(x86_translate(env, 0x800000, MMU_DATA_LOAD, MMU_KERNEL_IDX)).toMatchObject({
      ok: false,
      errorCode: 8,
    });
  });

  test('the A20 mask applies to the final address; paging off is identity', () => {
    const env = x86CpuCreate();
    env.phys = new RamPhys();
    env.a20Mask = ~(1 << 20);
    expect(x86_translate(env, 0x123456, MMU_DATA_LOAD, 0)).toMatchObject({ ok: true, paddr: 0x023456 });
  });
});

describe('PAE paging', () => {
  function pae(nxe: boolean) {
    const phys = new RamPhys(8 << 20);
    const env = x86CpuCreate('max');
    env.phys = phys;
    // PDPT at 0x20000; PD at 0x21000; PT at 0x22000
    phys.write32(0x20000, 0x21000 | P);
    phys.write32(0x21000 + 2 * 8, 0x22000 | P | RW | US); // 0x400000..0x5fffff
    phys.write32(0x21000 + 3 * 8, 0x00600000 | P | RW | US | PS); // 2 MiB page at 0x600000
    phys.write32(0x21000 + 3 * 8 + 4, 0x80000000); // NX
    phys.write32(0x22000 + 1 * 8, 0x300000 | P | RW | US);
    env.cr[3] = 0x20000;
    env.cr[4] |= CR4_PAE_MASK;
    env.cr[0] |= CR0_PG_MASK | 1;
    if (nxe) env.efer |= MSR_EFER_NXE;
    return { env, phys };
  }

  test('3-level walk to a 4 KiB page', () => {
    const { env } = pae(true);
    expect(x86_translate(env, 0x401234, MMU_DATA_LOAD, MMU_USER_IDX)).toEqual({
      ok: true,
      paddr: 0x300234,
      prot: PAGE_READ | PAGE_EXEC,
      pageSize: 4096,
    });
  });

  test('a 2 MiB page with NX: readable, a fetch faults with I/D set', () => {
    const { env } = pae(true);
    expect(x86_translate(env, 0x7fffff, MMU_DATA_LOAD, MMU_USER_IDX)).toMatchObject({
      ok: true,
      paddr: 0x7fffff,
      prot: PAGE_READ,
      pageSize: 2 << 20,
    });
    expect(x86_translate(env, 0x600010, MMU_INST_FETCH, MMU_USER_IDX)).toMatchObject({
      ok: false,
      errorCode: 0x15,
      cr2: 0x600010,
    });
  });

  test('NX set while EFER.NXE is clear is a reserved-bit fault', () => {
    const { env } = pae(false);
    expect(x86_translate(env, 0x600000, MMU_DATA_LOAD, MMU_KERNEL_IDX)).toMatchObject({
      ok: false,
      errorCode: 8,
    });
  });

  test('not-present PDPTE and PDE fault with P clear; with NXE a fetch fault sets I/D', () => {
    const { env } = pae(true);
    expect(x86_translate(env, 0x40000000, MMU_DATA_STORE, MMU_KERNEL_IDX)).toMatchObject({
      ok: false,
      errorCode: 2,
    });
    expect(x86_translate(env, 0x00000000, MMU_INST_FETCH, MMU_USER_IDX)).toMatchObject({
      ok: false,
      errorCode: 0x14,
    });
  });

  test('debug translation has no side effects', () => {
    const { env, phys } = pae(true);
    expect(x86_cpu_get_phys_addr_debug(env, 0x401010)).toBe(0x300010);
    expect(phys.read32(0x22008) & A).toBe(0);
    expect(x86_cpu_get_phys_addr_debug(env, 0x50000000)).toBe(-1);
  });
});

describe('TLB fill and flushes', () => {
  test('x86CpuTlbFill enters the 4 KiB page; a clean page is entered read-only until written', () => {
    const phys = new RamPhys(8 << 20);
    const env = x86CpuCreate('max');
    env.phys = phys;
    phys.write32(0x10000 + 4, 0x11000 | P | RW | US);
    phys.write32(0x11000 + 5 * 4, 0x200000 | P | RW | US);
    env.cr[3] = 0x10000;
    env.cr[0] |= CR0_PG_MASK | 1;
    const pages: number[][] = [];
    const tlb = {
      setPage: (v: number, p: number, prot: number, idx: number, size: number) =>
        pages.push([v, p, prot, idx, size]),
    };
    x86CpuTlbFill(env, tlb, 0x405678, MMU_DATA_LOAD, MMU_USER_IDX);
    x86CpuTlbFill(env, tlb, 0x405678, MMU_DATA_STORE, MMU_USER_IDX);
    expect(pages).toEqual([
      [0x405000, 0x200000, PAGE_READ | PAGE_EXEC, 1, 4096],
      [0x405000, 0x200000, 7, 1, 4096],
    ]);
  });

  test('CR0.PG/WP, CR3 (with PG), CR4.PSE/PAE/PGE writes and invlpg flush as QEMU does', () => {
    const env = x86CpuCreate('max');
    const log: string[] = [];
    env.tlb = { flush: () => log.push('flush'), flushPage: (a) => log.push(`page ${a.toString(16)}`) };
    helper_write_crN(env, 3, 0x1000); // paging off: no flush
    helper_write_crN(env, 0, env.cr[0] | 1); // PE changes: flush
    helper_write_crN(env, 0, env.cr[0] | 8); // TS only: no flush
    helper_write_crN(env, 0, env.cr[0] | CR0_PG_MASK);
    helper_write_crN(env, 3, 0x2000);
    helper_write_crN(env, 4, CR4_PGE_MASK);
    helper_write_crN(env, 4, CR4_PGE_MASK | 4); // TSD only: no flush
    helper_invlpg(env, 0xc0001234);
    expect(log).toEqual(['flush', 'flush', 'flush', 'flush', 'page c0001234']);
  });

  test('walkingAccess: a store crossing into an unmapped page faults before writing anything', () => {
    const phys = new RamPhys(8 << 20);
    const env = x86CpuCreate('max');
    env.phys = phys;
    phys.write32(0x10000 + 4, 0x11000 | P | RW | US);
    phys.write32(0x11000 + 5 * 4, 0x200000 | P | RW | US);
    env.cr[3] = 0x10000;
    env.cr[0] |= CR0_PG_MASK | 1;
    phys.write32(0x11000 + 6 * 4, 0x201000 | P | RW | US);
    const acc = walkingAccess(env, MMU_KERNEL_IDX);
    acc.st32(0x405ffe, 0x11223344);
    expect(acc.ld32(0x405ffe)).toBe(0x11223344);
    phys.write32(0x11000 + 6 * 4, 0);
    phys.write32(0x200ffc, 0);
    expectFault(env, () => acc.st32(0x405ffe, 0xaabbccdd), EXCP0E_PAGE, 2);
    expect(env.cr[2]).toBe(0x406000);
    expect(phys.read32(0x200ffc)).toBe(0);
  });
});

test('a PAE mapping above 4 GiB is refused by the TLB fill rather than aliased', () => {
  const phys = new RamPhys(1 << 20);
  const env = x86CpuCreate('max');
  env.phys = phys;
  phys.write32(0x20000, 0x21000 | P);
  phys.write32(0x21000, 0x00000000 | P | RW | PS);
  phys.write32(0x21004, 0x1); // 2 MiB page at 4 GiB
  env.cr[3] = 0x20000;
  env.cr[4] |= CR4_PAE_MASK;
  env.cr[0] |= CR0_PG_MASK | 1;
  expect(x86_translate(env, 0x1234, MMU_DATA_LOAD, MMU_KERNEL_IDX)).toMatchObject({
    ok: true,
    paddr: 0x100001234,
  });
  expect(() => x86CpuTlbFill(env, { setPage: () => {} }, 0x1234, MMU_DATA_LOAD, MMU_KERNEL_IDX)).toThrow(
    'x86CpuTlbFill: 0x1234 maps above 4 GiB (0x100001234)',
  );
});
