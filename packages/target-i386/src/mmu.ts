/**
 * The i386 page walk (QEMU's target/i386/tcg/sysemu/excp_helper.c mmu_translate / x86_cpu_tlb_fill):
 * 2-level 4 KiB and 4 MiB (CR4.PSE) pages, PAE 3-level with 2 MiB pages and NX (EFER.NXE), CR0.WP,
 * user/supervisor and read/write rules, accessed/dirty bits, #PF error codes and CR2, the A20 mask.
 * Also a TLB-less linear access path used for descriptor tables and interrupt frames when the CPU
 * loop does not supply one.
 */
import {
  type CPUX86State,
  type CpuPhysMemory,
  CR0_PG_MASK,
  CR0_WP_MASK,
  CR4_PAE_MASK,
  CR4_PSE_MASK,
  EXCP0E_PAGE,
  type GuestAccess,
  raiseExceptionErr,
} from './cpu.js';
import { MSR_EFER_NXE } from './hflags.js';

export const PG_PRESENT_MASK = 1 << 0;
export const PG_RW_MASK = 1 << 1;
export const PG_USER_MASK = 1 << 2;
export const PG_PWT_MASK = 1 << 3;
export const PG_PCD_MASK = 1 << 4;
export const PG_ACCESSED_MASK = 1 << 5;
export const PG_DIRTY_MASK = 1 << 6;
export const PG_PSE_MASK = 1 << 7;
export const PG_GLOBAL_MASK = 1 << 8;
/** NX is bit 63: bit 31 of the high dword of a PAE entry */
export const PG_NX_HI_MASK = 0x80000000;

export const PG_ERROR_P_MASK = 0x01;
export const PG_ERROR_W_MASK = 0x02;
export const PG_ERROR_U_MASK = 0x04;
export const PG_ERROR_RSVD_MASK = 0x08;
export const PG_ERROR_I_D_MASK = 0x10;
/** reserved-bit faults report RSVD without P, as QEMU 7.2 TCG does (checked against qemu-system-i386) */
const PG_ERROR_RSVD = PG_ERROR_RSVD_MASK;

export const PG_MODE_PAE = 1 << 0;
/** paging on (so that 2-level paging without WP/PSE is not mode 0) */
export const PG_MODE_PG = 1 << 1;
export const PG_MODE_WP = 1 << 2;
export const PG_MODE_PSE = 1 << 3;
export const PG_MODE_NXE = 1 << 4;

// QEMU's page protection bits and access types.
export const PAGE_READ = 1;
export const PAGE_WRITE = 2;
export const PAGE_EXEC = 4;
export const MMU_DATA_LOAD = 0;
export const MMU_DATA_STORE = 1;
export const MMU_INST_FETCH = 2;
/** i386 MMU indices: supervisor (CPL 0-2) and user (CPL 3) */
export const MMU_KERNEL_IDX = 0;
export const MMU_USER_IDX = 1;

/** Physical address bits of the modelled CPU (QEMU's TCG default for i386). */
export const PHYS_BITS = 36;
/** reserved bits of a PAE entry's high dword: address bits above PHYS_BITS (up to bit 51) */
const RSVD_HI_ADDR = 0x000fffff & ~((1 << (PHYS_BITS - 32)) - 1);
/** bits 52..62: reserved in a legacy-PAE PDPTE (QEMU's PG_HI_USER_MASK) */
const PG_HI_USER_HI = 0x7ff00000;

export function get_pg_mode(env: CPUX86State): number {
  if (!(env.cr[0] & CR0_PG_MASK)) return 0;
  let mode = PG_MODE_PG;
  if (env.cr[0] & CR0_WP_MASK) mode |= PG_MODE_WP;
  if (env.cr[4] & CR4_PAE_MASK) {
    mode |= PG_MODE_PAE;
    if (env.efer & MSR_EFER_NXE) mode |= PG_MODE_NXE;
  }
  if (env.cr[4] & CR4_PSE_MASK) mode |= PG_MODE_PSE;
  return mode;
}

/** Outcome of a walk: a mapping, or the #PF error code to raise (QEMU's TranslateResult/Fault). */
export type TranslateOutcome =
  | { ok: true; paddr: number; prot: number; pageSize: number }
  | { ok: false; errorCode: number; cr2: number };

function physOf(env: CPUX86State): CpuPhysMemory {
  if (!env.phys) throw new Error('target-i386: env.phys is not set (no physical memory for the page walk)');
  return env.phys;
}

/** 2^32 * hi + lo, for physical addresses above 4 GiB (PAE, PSE-36) */
function joinAddr(hi: number, lo: number): number {
  return (hi >>> 0) * 0x100000000 + (lo >>> 0);
}

/**
 * Translate a linear address (QEMU's get_physical_address). `debug` walks without side effects or
 * permission checks (QEMU's cpu_get_phys_page_debug).
 */
export function x86_translate(
  env: CPUX86State,
  addr: number,
  access: number,
  mmuIdx: number,
  debug = false,
): TranslateOutcome {
  addr >>>= 0;
  const a20 = env.a20Mask >>> 0;
  const mode = get_pg_mode(env);
  if (!mode) {
    return { ok: true, paddr: (addr & a20) >>> 0, prot: PAGE_READ | PAGE_WRITE | PAGE_EXEC, pageSize: 4096 };
  }
  const phys = physOf(env);
  const isUser = mmuIdx === MMU_USER_IDX;
  let rsvdHi = RSVD_HI_ADDR | (mode & PG_MODE_NXE ? 0 : PG_NX_HI_MASK);
  let rsvdLo = 0;
  let pteAddr: number;
  let lo: number;
  let hi = 0;
  let pageSize: number;
  let user = true;
  let rw = true;
  let nx = false;
  const setBits = (a: number, cur: number, bits: number) => {
    if (!debug && bits & ~cur) phys.write32(a, (cur | bits) >>> 0);
  };
  if (mode & PG_MODE_PAE) {
    // level 3: the PDPTE (its U/RW/NX do not restrict in legacy PAE)
    pteAddr = ((env.cr[3] & 0xffffffe0) + ((addr >>> 27) & 0x18)) >>> 0;
    pteAddr = (pteAddr & a20) >>> 0;
    lo = phys.read32(pteAddr) >>> 0;
    hi = phys.read32(pteAddr + 4) >>> 0;
    if (!(lo & PG_PRESENT_MASK)) return fault(env, addr, access, mode, isUser, 0);
    if (hi & (rsvdHi | PG_HI_USER_HI | PG_NX_HI_MASK)) {
      return fault(env, addr, access, mode, isUser, PG_ERROR_RSVD);
    }
    setBits(pteAddr, lo, PG_ACCESSED_MASK);
    // level 2
    pteAddr = joinAddr(hi & 0xfffff, (lo & 0xfffff000) + (((addr >>> 21) & 0x1ff) << 3));
    pteAddr = pteAddr < 0x100000000 ? (pteAddr & a20) >>> 0 : pteAddr;
    lo = phys.read32(pteAddr) >>> 0;
    hi = phys.read32(pteAddr + 4) >>> 0;
    if (!(lo & PG_PRESENT_MASK)) return fault(env, addr, access, mode, isUser, 0);
    if (hi & rsvdHi) return fault(env, addr, access, mode, isUser, PG_ERROR_RSVD);
    user &&= (lo & PG_USER_MASK) !== 0;
    rw &&= (lo & PG_RW_MASK) !== 0;
    nx ||= (hi & PG_NX_HI_MASK) !== 0;
    if (lo & PG_PSE_MASK) {
      pageSize = 2 << 20;
      rsvdLo = 0x1fe000; // address bits 13..20 of a 2 MiB page (bit 12 is PAT)
    } else {
      setBits(pteAddr, lo, PG_ACCESSED_MASK);
      // level 1
      pteAddr = joinAddr(hi & 0xfffff, (lo & 0xfffff000) + (((addr >>> 12) & 0x1ff) << 3));
      pteAddr = pteAddr < 0x100000000 ? (pteAddr & a20) >>> 0 : pteAddr;
      lo = phys.read32(pteAddr) >>> 0;
      hi = phys.read32(pteAddr + 4) >>> 0;
      if (!(lo & PG_PRESENT_MASK)) return fault(env, addr, access, mode, isUser, 0);
      if (hi & rsvdHi) return fault(env, addr, access, mode, isUser, PG_ERROR_RSVD);
      user &&= (lo & PG_USER_MASK) !== 0;
      rw &&= (lo & PG_RW_MASK) !== 0;
      nx ||= (hi & PG_NX_HI_MASK) !== 0;
      pageSize = 4096;
    }
  } else {
    // level 2: the PDE
    pteAddr = (((env.cr[3] & 0xfffff000) + ((addr >>> 20) & 0xffc)) & a20) >>> 0;
    lo = phys.read32(pteAddr) >>> 0;
    if (!(lo & PG_PRESENT_MASK)) return fault(env, addr, access, mode, isUser, 0);
    user = (lo & PG_USER_MASK) !== 0;
    rw = (lo & PG_RW_MASK) !== 0;
    if (lo & PG_PSE_MASK && mode & PG_MODE_PSE) {
      // 4 MiB page: bits 20..13 give address bits 39..32 (PSE-36), bit 21 is reserved
      pageSize = 4 << 20;
      hi = (lo & 0x1fe000) >>> 13;
      rsvdHi = 0;
      rsvdLo = 0x200000;
    } else {
      setBits(pteAddr, lo, PG_ACCESSED_MASK);
      pteAddr = (((lo & 0xfffff000) + ((addr >>> 10) & 0xffc)) & a20) >>> 0;
      lo = phys.read32(pteAddr) >>> 0;
      if (!(lo & PG_PRESENT_MASK)) return fault(env, addr, access, mode, isUser, 0);
      user &&= (lo & PG_USER_MASK) !== 0;
      rw &&= (lo & PG_RW_MASK) !== 0;
      pageSize = 4096;
      rsvdHi = 0;
    }
  }
  if (lo & rsvdLo || hi & rsvdHi) {
    return fault(env, addr, access, mode, isUser, PG_ERROR_RSVD);
  }
  const frame = joinAddr(hi & 0xfffff, lo & 0xfffff000);
  let paddr = frame - (frame % pageSize) + (addr % pageSize);
  if (paddr < 0x100000000) paddr = (paddr & a20) >>> 0;
  if (debug) return { ok: true, paddr, prot: PAGE_READ | PAGE_WRITE | PAGE_EXEC, pageSize };
  if (isUser && !user) return fault(env, addr, access, mode, isUser, PG_ERROR_P_MASK);
  let prot = PAGE_READ;
  if (rw || !(isUser || mode & PG_MODE_WP)) prot |= PAGE_WRITE;
  if (!nx) prot |= PAGE_EXEC;
  if (!(prot & (1 << access))) return fault(env, addr, access, mode, isUser, PG_ERROR_P_MASK);
  let set = PG_ACCESSED_MASK;
  if (access === MMU_DATA_STORE) set |= PG_DIRTY_MASK;
  else if (!(lo & PG_DIRTY_MASK)) prot &= ~PAGE_WRITE; // a later write must come back to set D
  setBits(pteAddr, lo, set);
  return { ok: true, paddr, prot, pageSize };
}

function fault(
  _env: CPUX86State,
  addr: number,
  access: number,
  mode: number,
  isUser: boolean,
  errorCode: number,
): TranslateOutcome {
  if (isUser) errorCode |= PG_ERROR_U_MASK;
  if (access === MMU_DATA_STORE) errorCode |= PG_ERROR_W_MASK;
  else if (access === MMU_INST_FETCH && mode & PG_MODE_NXE) errorCode |= PG_ERROR_I_D_MASK;
  return { ok: false, errorCode, cr2: addr };
}

/** What x86CpuTlbFill needs of the soft-MMU TLB (tcg's SoftTLB.setPage). */
export interface TlbFillTarget {
  setPage(vaddr: number, paddr: number, prot: number, mmuIdx: number, size: number): void;
}

/**
 * Fill one TLB entry for vaddr or raise #PF with CR2 (QEMU's x86_cpu_tlb_fill). The page is entered
 * at 4 KiB granularity with the large-page size passed along so flushPage can cover it.
 */
export function x86CpuTlbFill(
  env: CPUX86State,
  tlb: TlbFillTarget,
  vaddr: number,
  access: number,
  mmuIdx: number,
): void {
  const r = x86_translate(env, vaddr, access, mmuIdx);
  if (!r.ok) raisePageFault(env, r.cr2, r.errorCode);
  // the TLB keeps 32-bit physical pages; tsemu machines have nothing above 4 GiB to map
  if (r.paddr >= 0x100000000) {
    throw new Error(
      `x86CpuTlbFill: 0x${(vaddr >>> 0).toString(16)} maps above 4 GiB (0x${r.paddr.toString(16)})`,
    );
  }
  const pageVaddr = (vaddr & ~0xfff) >>> 0;
  const pagePaddr = r.paddr - (r.paddr % 4096);
  tlb.setPage(pageVaddr, pagePaddr, r.prot, mmuIdx, r.pageSize);
}

export function raisePageFault(env: CPUX86State, cr2: number, errorCode: number): never {
  env.cr[2] = cr2 >>> 0;
  return raiseExceptionErr(env, EXCP0E_PAGE, errorCode);
}

/** Physical address for a linear address, or -1 when unmapped (QEMU's cpu_get_phys_page_debug + offset). */
export function x86_cpu_get_phys_addr_debug(env: CPUX86State, addr: number): number {
  const r = x86_translate(env, addr, MMU_DATA_LOAD, MMU_KERNEL_IDX, true);
  return r.ok ? r.paddr : -1;
}

/** The MMU index for data accesses at the current privilege (QEMU's cpu_mmu_index). */
export function cpu_mmu_index(env: CPUX86State): number {
  return env.cpl === 3 ? MMU_USER_IDX : MMU_KERNEL_IDX;
}

/**
 * Linear accesses translated by a fresh page walk each time (no TLB). A multi-byte access that
 * crosses a page translates both pages before touching memory, so a fault leaves nothing written.
 */
export function walkingAccess(env: CPUX86State, mmuIdx: number | (() => number)): GuestAccess {
  const idx = typeof mmuIdx === 'function' ? mmuIdx : () => mmuIdx;
  const tr = (addr: number, access: number): number => {
    const r = x86_translate(env, addr >>> 0, access, idx());
    if (!r.ok) raisePageFault(env, r.cr2, r.errorCode);
    return r.paddr;
  };
  const ld = (addr: number, size: number): number => {
    addr >>>= 0;
    const phys = physOf(env);
    if ((addr & 0xfff) + size <= 0x1000) {
      const p = tr(addr, MMU_DATA_LOAD);
      return size === 1 ? phys.read8(p) : size === 2 ? phys.read16(p) : phys.read32(p) >>> 0;
    }
    const p1 = tr(addr, MMU_DATA_LOAD);
    const p2 = tr((addr + size - 1) & ~0xfff, MMU_DATA_LOAD); // QEMU probes the second page at its start
    const first = 0x1000 - (addr & 0xfff);
    let v = 0;
    for (let i = 0; i < size; i++) {
      v |= phys.read8(i < first ? p1 + i : p2 + (i - first)) << (8 * i);
    }
    return v >>> 0;
  };
  const st = (addr: number, value: number, size: number): void => {
    addr >>>= 0;
    const phys = physOf(env);
    if ((addr & 0xfff) + size <= 0x1000) {
      const p = tr(addr, MMU_DATA_STORE);
      if (size === 1) phys.write8(p, value & 0xff);
      else if (size === 2) phys.write16(p, value & 0xffff);
      else phys.write32(p, value >>> 0);
      return;
    }
    const p1 = tr(addr, MMU_DATA_STORE);
    const p2 = tr((addr + size - 1) & ~0xfff, MMU_DATA_STORE); // QEMU probes the second page at its start
    const first = 0x1000 - (addr & 0xfff);
    for (let i = 0; i < size; i++) {
      phys.write8(i < first ? p1 + i : p2 + (i - first), (value >>> (8 * i)) & 0xff);
    }
  };
  return {
    ld8: (a) => ld(a, 1),
    ld16: (a) => ld(a, 2),
    ld32: (a) => ld(a, 4),
    st8: (a, v) => st(a, v, 1),
    st16: (a, v) => st(a, v, 2),
    st32: (a, v) => st(a, v, 4),
  };
}

/** env.kernelAccess, or a page-walking one created on first use. */
export function kernelAccess(env: CPUX86State): GuestAccess {
  if (!env.kernelAccess) env.kernelAccess = walkingAccess(env, MMU_KERNEL_IDX);
  return env.kernelAccess;
}

/** env.dataAccess, or a page-walking one at the current CPL created on first use. */
export function dataAccess(env: CPUX86State): GuestAccess {
  if (!env.dataAccess) env.dataAccess = walkingAccess(env, () => cpu_mmu_index(env));
  return env.dataAccess;
}
