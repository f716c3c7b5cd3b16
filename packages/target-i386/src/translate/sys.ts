/**
 * The helpers translated code calls for system instructions: the i386-system helpers (seg-helper,
 * misc-helper, hflags), the x87 entry points, and the ones the translator owns (port I/O, int n).
 */

import { TCG_CALL_NO_WG } from '@tsemu/tcg';
import { type CPUX86State, raiseInterrupt } from '../cpu.js';
import { helper_lar, helper_lsl, helper_verr, helper_verw } from '../seg-helper.js';

export { HF_EM_MASK, HF_TF_MASK, HF_TS_MASK } from '../cpu.js';
export { helper_load_seg_real } from '../hflags.js';
export {
  helper_boundl,
  helper_boundw,
  helper_cli,
  helper_clts,
  helper_cpuid,
  helper_get_dr,
  helper_hlt,
  helper_into,
  helper_invlpg,
  helper_lmsw,
  helper_rdmsr,
  helper_rdtsc,
  helper_read_crN,
  helper_read_eflags,
  helper_set_dr,
  helper_sti,
  helper_write_crN,
  helper_write_eflags,
  helper_wrmsr,
} from '../misc-helper.js';
export {
  helper_check_io,
  helper_iret_protected,
  helper_iret_real,
  helper_lcall_protected,
  helper_lcall_real,
  helper_ljmp_protected,
  helper_lldt,
  helper_load_seg,
  helper_lret_protected,
  helper_ltr,
  helper_sysenter,
  helper_sysexit,
} from '../seg-helper.js';
export { helper_lar, helper_lsl, helper_verr, helper_verw };

export const NO_WG = TCG_CALL_NO_WG;

// ---- port I/O --------------------------------------------------------------------------------

/** The CPU's view of the I/O address space (QEMU's address_space_io). */
export interface CpuIoSpace {
  in(port: number, size: 1 | 2 | 4): number;
  out(port: number, size: 1 | 2 | 4, value: number): void;
}
const ioSpaces = new WeakMap<CPUX86State, CpuIoSpace>();
export function setCpuIoSpace(env: CPUX86State, io: CpuIoSpace): void {
  ioSpaces.set(env, io);
}
function ioIn(env: CPUX86State, port: number, size: 1 | 2 | 4): number {
  const io = ioSpaces.get(env);
  // unassigned ports read as all ones
  if (!io) return size === 4 ? -1 : (1 << (8 * size)) - 1;
  return io.in(port & 0xffff, size);
}
function ioOut(env: CPUX86State, port: number, size: 1 | 2 | 4, v: number): void {
  ioSpaces.get(env)?.out(port & 0xffff, size, size === 4 ? v >>> 0 : v & ((1 << (8 * size)) - 1));
}
export function helper_inb(env: CPUX86State, port: number): number {
  return ioIn(env, port, 1) & 0xff;
}
export function helper_inw(env: CPUX86State, port: number): number {
  return ioIn(env, port, 2) & 0xffff;
}
export function helper_inl(env: CPUX86State, port: number): number {
  return ioIn(env, port, 4) | 0;
}
export function helper_outb(env: CPUX86State, port: number, v: number): void {
  ioOut(env, port, 1, v);
}
export function helper_outw(env: CPUX86State, port: number, v: number): void {
  ioOut(env, port, 2, v);
}
export function helper_outl(env: CPUX86State, port: number, v: number): void {
  ioOut(env, port, 4, v);
}
export const IN_HELPERS = [helper_inb, helper_inw, helper_inl];
export const OUT_HELPERS = [helper_outb, helper_outw, helper_outl];

// ---- interrupts ----------------------------------------------------------------------------

export function helper_raise_interrupt(env: CPUX86State, intno: number, nextEip: number): void {
  raiseInterrupt(env, intno, nextEip);
}

// x87 entry points (owned by src/fpu): helper_fpu_exec for D8-DF, helper_fwait for 9B
export { FPU_EXEC_DATA32, FPU_EXEC_SEG_SHIFT, helper_fpu_exec, helper_fwait } from '../fpu/index.js';
