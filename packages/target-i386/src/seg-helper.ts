/**
 * Segmentation helpers: descriptor loads and checks, far jmp/call/ret through call and task gates,
 * task switches, iret, lldt/ltr/lar/lsl/verr/verw, sysenter/sysexit, I/O permission, and interrupt
 * delivery through the IVT or IDT (QEMU's target/i386/tcg/seg_helper.c; facts from the Intel SDM
 * vol. 3). Virtual-8086 mode is not supported: iret to VM=1 and task switches into a VM=1 task
 * raise #GP(0) instead of entering it.
 */
import {
  AC_MASK,
  CC_Z,
  CCOp,
  type CPUX86State,
  CR0_PE_MASK,
  CR0_PG_MASK,
  CR0_TS_MASK,
  DESC_A_MASK,
  DESC_B_MASK,
  DESC_C_MASK,
  DESC_CS_MASK,
  DESC_DPL_SHIFT,
  DESC_G_MASK,
  DESC_P_MASK,
  DESC_R_MASK,
  DESC_S_MASK,
  DESC_TSS_BUSY_MASK,
  DESC_TYPE_SHIFT,
  DESC_W_MASK,
  EXCP0A_TSS,
  EXCP0B_NOSEG,
  EXCP0C_STACK,
  EXCP0D_GPF,
  HF_CPL_MASK,
  HF_TS_MASK,
  HF2_NMI_MASK,
  ID_MASK,
  IF_MASK,
  IOPL_MASK,
  IOPL_SHIFT,
  NT_MASK,
  R_CS,
  R_DS,
  R_ES,
  R_ESP,
  R_FS,
  R_GS,
  R_SS,
  RF_MASK,
  raiseExceptionErr,
  type SegmentCache,
  TF_MASK,
  VM_MASK,
} from './cpu.js';
import {
  cpu_cc_compute_all,
  cpu_compute_eflags,
  cpu_load_eflags,
  cpu_x86_load_seg_cache,
  cpu_x86_update_cr3,
  setSegBase,
} from './hflags.js';
import { dataAccess, kernelAccess } from './mmu.js';

// ---- descriptor access ----

function ldlKernel(env: CPUX86State, addr: number): number {
  return kernelAccess(env).ld32(addr >>> 0) >>> 0;
}
function lduwKernel(env: CPUX86State, addr: number): number {
  return kernelAccess(env).ld16(addr >>> 0) & 0xffff;
}
function stlKernel(env: CPUX86State, addr: number, v: number): void {
  kernelAccess(env).st32(addr >>> 0, v >>> 0);
}
function stwKernel(env: CPUX86State, addr: number, v: number): void {
  kernelAccess(env).st16(addr >>> 0, v & 0xffff);
}

/** A descriptor's two dwords; `null` when the selector is beyond its table's limit. */
export function load_segment(env: CPUX86State, selector: number): [number, number] | null {
  const dt: SegmentCache | { base: number; limit: number } = selector & 4 ? env.ldt : env.gdt;
  const index = selector & ~7;
  if (index + 7 > dt.limit >>> 0) return null;
  const ptr = (dt.base + index) >>> 0;
  return [ldlKernel(env, ptr), ldlKernel(env, ptr + 4)];
}

export function get_seg_limit(e1: number, e2: number): number {
  let limit = (e1 & 0xffff) | (e2 & 0x000f0000);
  if (e2 & DESC_G_MASK) limit = (limit << 12) | 0xfff;
  return limit >>> 0;
}

export function get_seg_base(e1: number, e2: number): number {
  return ((e1 >>> 16) | ((e2 & 0xff) << 16) | (e2 & 0xff000000)) >>> 0;
}

function load_seg_cache_raw_dt(sc: SegmentCache, e1: number, e2: number): void {
  sc.base = get_seg_base(e1, e2);
  sc.limit = get_seg_limit(e1, e2);
  sc.flags = e2 >>> 0;
}

function get_sp_mask(e2: number): number {
  return e2 & DESC_B_MASK ? 0xffffffff : 0xffff;
}

function setEsp(env: CPUX86State, val: number, spMask: number): void {
  env.regs[R_ESP] = (env.regs[R_ESP] & ~spMask) | (val & spMask);
}

const dpl = (e2: number) => (e2 >>> DESC_DPL_SHIFT) & 3;
function gp(env: CPUX86State, err: number): never {
  return raiseExceptionErr(env, EXCP0D_GPF, err & 0xffff);
}

// ---- stack access (QEMU's StackAccess) ----

interface StackAccess {
  ssBase: number;
  sp: number;
  spMask: number;
}

function stackAddr(sa: StackAccess): number {
  return (sa.ssBase + ((sa.sp & sa.spMask) >>> 0)) >>> 0;
}
function pushw(env: CPUX86State, sa: StackAccess, v: number): void {
  sa.sp = (sa.sp - 2) >>> 0;
  stwKernel(env, stackAddr(sa), v);
}
function pushl(env: CPUX86State, sa: StackAccess, v: number): void {
  sa.sp = (sa.sp - 4) >>> 0;
  stlKernel(env, stackAddr(sa), v);
}
function popw(env: CPUX86State, sa: StackAccess): number {
  const v = dataAccess(env).ld16(stackAddr(sa)) & 0xffff;
  sa.sp = (sa.sp + 2) >>> 0;
  return v;
}
function popl(env: CPUX86State, sa: StackAccess): number {
  const v = dataAccess(env).ld32(stackAddr(sa)) >>> 0;
  sa.sp = (sa.sp + 4) >>> 0;
  return v;
}
function currentStack(env: CPUX86State): StackAccess {
  return {
    ssBase: env.segs[R_SS].base,
    sp: env.regs[R_ESP] >>> 0,
    spMask: get_sp_mask(env.segs[R_SS].flags),
  };
}

// ---- TSS ----

function get_ss_esp_from_tss(env: CPUX86State, level: number): [ss: number, esp: number] {
  if (!(env.tr.flags & DESC_P_MASK)) throw new Error('invalid tss');
  const type = (env.tr.flags >>> DESC_TYPE_SHIFT) & 0xf;
  if ((type & 7) !== 1) throw new Error('invalid tss type');
  const shift = type >>> 3;
  const index = (level * 4 + 2) << shift;
  if (index + (4 << shift) - 1 > env.tr.limit) raiseExceptionErr(env, EXCP0A_TSS, env.tr.selector & 0xfffc);
  if (shift === 0) {
    return [lduwKernel(env, env.tr.base + index + 2), lduwKernel(env, env.tr.base + index)];
  }
  return [lduwKernel(env, env.tr.base + index + 4), ldlKernel(env, env.tr.base + index)];
}

function tss_load_seg(env: CPUX86State, seg: number, selector: number, cpl: number): void {
  const ts = () => raiseExceptionErr(env, EXCP0A_TSS, selector & 0xfffc);
  if ((selector & 0xfffc) === 0) {
    if (seg === R_SS || seg === R_CS) ts();
    return;
  }
  const d = load_segment(env, selector);
  if (!d) raiseExceptionErr(env, EXCP0A_TSS, selector & 0xfffc);
  const [e1, e2] = d;
  if (!(e2 & DESC_S_MASK)) ts();
  const rpl = selector & 3;
  const dp = dpl(e2);
  if (seg === R_CS) {
    if (!(e2 & DESC_CS_MASK)) ts();
    if (dp !== rpl) ts();
  } else if (seg === R_SS) {
    if (e2 & DESC_CS_MASK || !(e2 & DESC_W_MASK)) ts();
    if (dp !== cpl || dp !== rpl) ts();
  } else {
    if (e2 & DESC_CS_MASK && !(e2 & DESC_R_MASK)) ts();
    // data or non-conforming code: check the rights
    if (((e2 >>> DESC_TYPE_SHIFT) & 0xf) < 12 && (dp < cpl || dp < rpl)) ts();
  }
  if (!(e2 & DESC_P_MASK)) raiseExceptionErr(env, EXCP0B_NOSEG, selector & 0xfffc);
  cpu_x86_load_seg_cache(env, seg, selector, get_seg_base(e1, e2), get_seg_limit(e1, e2), e2);
}

function tss_set_busy(env: CPUX86State, tssSelector: number, busy: boolean): void {
  const ptr = (env.gdt.base + (tssSelector & ~7)) >>> 0;
  let e2 = ldlKernel(env, ptr + 4);
  e2 = busy ? e2 | DESC_TSS_BUSY_MASK : e2 & ~DESC_TSS_BUSY_MASK;
  stlKernel(env, ptr + 4, e2);
}

export const SWITCH_TSS_JMP = 0;
export const SWITCH_TSS_IRET = 1;
export const SWITCH_TSS_CALL = 2;

/** Task switch (QEMU's switch_tss_ra); returns 1 for a 32-bit TSS, 0 for a 16-bit one. */
export function switch_tss(
  env: CPUX86State,
  tssSelector: number,
  e1: number,
  e2: number,
  source: number,
  nextEip: number,
): number {
  let type = (e2 >>> DESC_TYPE_SHIFT) & 0xf;
  if (type === 5) {
    // task gate: fetch the TSS descriptor it names
    if (!(e2 & DESC_P_MASK)) raiseExceptionErr(env, EXCP0B_NOSEG, tssSelector & 0xfffc);
    tssSelector = e1 >>> 16;
    if (tssSelector & 4) raiseExceptionErr(env, EXCP0A_TSS, tssSelector & 0xfffc);
    const d = load_segment(env, tssSelector);
    if (!d) gp(env, tssSelector & 0xfffc);
    [e1, e2] = d;
    if (e2 & DESC_S_MASK) gp(env, tssSelector & 0xfffc);
    type = (e2 >>> DESC_TYPE_SHIFT) & 0xf;
    if ((type & 7) !== 1) gp(env, tssSelector & 0xfffc);
  }
  if (!(e2 & DESC_P_MASK)) raiseExceptionErr(env, EXCP0B_NOSEG, tssSelector & 0xfffc);
  const tssLimitMax = type & 8 ? 103 : 43;
  const tssLimit = get_seg_limit(e1, e2);
  const tssBase = get_seg_base(e1, e2);
  if (tssSelector & 4 || tssLimit < tssLimitMax) raiseExceptionErr(env, EXCP0A_TSS, tssSelector & 0xfffc);
  const oldType = (env.tr.flags >>> DESC_TYPE_SHIFT) & 0xf;
  const oldTssLimitMax = oldType & 8 ? 103 : 43;

  // read the new task's state
  const newRegs = new Array<number>(8);
  const newSegs = new Array<number>(6);
  let newCr3 = 0;
  let newEip: number;
  let newEflags: number;
  let newLdt: number;
  if (type & 8) {
    newCr3 = ldlKernel(env, tssBase + 0x1c);
    newEip = ldlKernel(env, tssBase + 0x20);
    newEflags = ldlKernel(env, tssBase + 0x24);
    for (let i = 0; i < 8; i++) newRegs[i] = ldlKernel(env, tssBase + 0x28 + i * 4);
    for (let i = 0; i < 6; i++) newSegs[i] = lduwKernel(env, tssBase + 0x48 + i * 4);
    newLdt = lduwKernel(env, tssBase + 0x60);
    ldlKernel(env, tssBase + 0x64); // T bit: read as QEMU does, not implemented
  } else {
    newEip = lduwKernel(env, tssBase + 0x0e);
    newEflags = lduwKernel(env, tssBase + 0x10);
    for (let i = 0; i < 8; i++) newRegs[i] = lduwKernel(env, tssBase + 0x12 + i * 2);
    for (let i = 0; i < 4; i++) newSegs[i] = lduwKernel(env, tssBase + 0x22 + i * 2);
    newLdt = lduwKernel(env, tssBase + 0x2a);
    newSegs[R_FS] = 0;
    newSegs[R_GS] = 0;
  }
  if (newEflags & VM_MASK) gp(env, 0); // virtual-8086 tasks are not supported

  // touch both ends of the old TSS first, so that saving the state cannot fault half way
  const v1 = kernelAccess(env).ld8(env.tr.base);
  const v2 = kernelAccess(env).ld8((env.tr.base + oldTssLimitMax) >>> 0);
  kernelAccess(env).st8(env.tr.base, v1);
  kernelAccess(env).st8((env.tr.base + oldTssLimitMax) >>> 0, v2);

  if (source === SWITCH_TSS_JMP || source === SWITCH_TSS_IRET) tss_set_busy(env, env.tr.selector, false);
  let oldEflags = cpu_compute_eflags(env);
  if (source === SWITCH_TSS_IRET) oldEflags &= ~NT_MASK;

  // save the current state in the old TSS
  const tb = env.tr.base;
  if (oldType & 8) {
    stlKernel(env, tb + 0x20, nextEip);
    stlKernel(env, tb + 0x24, oldEflags);
    for (let i = 0; i < 8; i++) stlKernel(env, tb + 0x28 + i * 4, env.regs[i]);
    for (let i = 0; i < 6; i++) stwKernel(env, tb + 0x48 + i * 4, env.segs[i].selector);
  } else {
    stwKernel(env, tb + 0x0e, nextEip);
    stwKernel(env, tb + 0x10, oldEflags);
    for (let i = 0; i < 8; i++) stwKernel(env, tb + 0x12 + i * 2, env.regs[i]);
    for (let i = 0; i < 4; i++) stwKernel(env, tb + 0x22 + i * 2, env.segs[i].selector);
  }

  // from here on an exception happens in the context of the new task
  if (source === SWITCH_TSS_CALL) {
    stwKernel(env, tssBase, env.tr.selector);
    newEflags |= NT_MASK;
  }
  if (source === SWITCH_TSS_JMP || source === SWITCH_TSS_CALL) tss_set_busy(env, tssSelector, true);

  env.cr[0] = (env.cr[0] | CR0_TS_MASK) >>> 0;
  env.hflags |= HF_TS_MASK;
  env.tr.selector = tssSelector;
  env.tr.base = tssBase;
  env.tr.limit = tssLimit;
  env.tr.flags = (e2 & ~DESC_TSS_BUSY_MASK) >>> 0;

  if (type & 8 && env.cr[0] & CR0_PG_MASK) cpu_x86_update_cr3(env, newCr3);

  // load all registers without exceptions, then reload the segments with checks
  env.eip = newEip;
  const eflagsMask = TF_MASK | AC_MASK | ID_MASK | IF_MASK | IOPL_MASK | VM_MASK | RF_MASK | NT_MASK;
  if (type & 8) {
    cpu_load_eflags(env, newEflags, eflagsMask);
    for (let i = 0; i < 8; i++) env.regs[i] = newRegs[i];
  } else {
    cpu_load_eflags(env, newEflags, eflagsMask & 0xffff);
    for (let i = 0; i < 8; i++) env.regs[i] = (env.regs[i] & 0xffff0000) | newRegs[i];
  }
  for (let i = 0; i < 6; i++) cpu_x86_load_seg_cache(env, i, newSegs[i], 0, 0, 0);

  env.ldt.selector = newLdt & ~4;
  env.ldt.base = 0;
  env.ldt.limit = 0;
  env.ldt.flags = 0;
  if (newLdt & 4) raiseExceptionErr(env, EXCP0A_TSS, newLdt & 0xfffc);
  if ((newLdt & 0xfffc) !== 0) {
    const index = newLdt & ~7;
    if (index + 7 > env.gdt.limit) raiseExceptionErr(env, EXCP0A_TSS, newLdt & 0xfffc);
    const ptr = (env.gdt.base + index) >>> 0;
    const le1 = ldlKernel(env, ptr);
    const le2 = ldlKernel(env, ptr + 4);
    if (le2 & DESC_S_MASK || ((le2 >>> DESC_TYPE_SHIFT) & 0xf) !== 2) {
      raiseExceptionErr(env, EXCP0A_TSS, newLdt & 0xfffc);
    }
    if (!(le2 & DESC_P_MASK)) raiseExceptionErr(env, EXCP0A_TSS, newLdt & 0xfffc);
    load_seg_cache_raw_dt(env.ldt, le1, le2);
  }

  const cpl = newSegs[R_CS] & 3;
  tss_load_seg(env, R_CS, newSegs[R_CS], cpl);
  tss_load_seg(env, R_SS, newSegs[R_SS], cpl);
  tss_load_seg(env, R_ES, newSegs[R_ES], cpl);
  tss_load_seg(env, R_DS, newSegs[R_DS], cpl);
  tss_load_seg(env, R_FS, newSegs[R_FS], cpl);
  tss_load_seg(env, R_GS, newSegs[R_GS], cpl);

  if (newEip >>> 0 > env.segs[R_CS].limit) gp(env, 0);
  // local breakpoints are cleared on a task switch
  if (env.dr[7] & 0x55) env.dr[7] &= ~0x55;
  return type >>> 3;
}

// ---- interrupts ----

/** Whether the exception pushes an error code (QEMU's exception_has_error_code). */
export function exception_has_error_code(intno: number): boolean {
  return intno === 8 || (intno >= 10 && intno <= 14) || intno === 17;
}

function exception_is_fault(intno: number): boolean {
  return !(intno === 1 || intno === 3 || intno === 4 || intno === 8 || intno === 18);
}

export function do_interrupt_real(env: CPUX86State, intno: number, isInt: boolean, nextEip: number): void {
  if (intno * 4 + 3 > env.idt.limit) gp(env, intno * 8 + 2);
  const ptr = (env.idt.base + intno * 4) >>> 0;
  const offset = lduwKernel(env, ptr);
  const selector = lduwKernel(env, ptr + 2);
  const sa: StackAccess = { ssBase: env.segs[R_SS].base, sp: env.regs[R_ESP] >>> 0, spMask: 0xffff };
  const oldEip = isInt ? nextEip : env.eip;
  const oldCs = env.segs[R_CS].selector;
  pushw(env, sa, cpu_compute_eflags(env));
  pushw(env, sa, oldCs);
  pushw(env, sa, oldEip);
  setEsp(env, sa.sp, sa.spMask);
  env.eip = offset;
  env.segs[R_CS].selector = selector;
  setSegBase(env, R_CS, selector << 4);
  env.eflags &= ~(IF_MASK | TF_MASK | AC_MASK | RF_MASK);
}

export function do_interrupt_protected(
  env: CPUX86State,
  intno: number,
  isInt: boolean,
  errorCode: number,
  nextEip: number,
  isHw: boolean,
): void {
  const vm86 = (env.eflags & VM_MASK) !== 0;
  const hasErrorCode = !isInt && !isHw && exception_has_error_code(intno);
  const oldEip = isInt ? nextEip : env.eip;
  const setRf = !isInt && exception_is_fault(intno);
  const idtErr = intno * 8 + 2;

  if (intno * 8 + 7 > env.idt.limit) gp(env, idtErr);
  const ptr = (env.idt.base + intno * 8) >>> 0;
  let e1 = ldlKernel(env, ptr);
  let e2 = ldlKernel(env, ptr + 4);
  const type = (e2 >>> DESC_TYPE_SHIFT) & 0x1f;
  if (type !== 5 && type !== 6 && type !== 7 && type !== 14 && type !== 15) gp(env, idtErr);
  let dp = dpl(e2);
  const cpl = env.hflags & HF_CPL_MASK;
  if (isInt && dp < cpl) gp(env, idtErr);

  if (type === 5) {
    if (!(e2 & DESC_P_MASK)) raiseExceptionErr(env, EXCP0B_NOSEG, idtErr);
    const shift = switch_tss(env, intno * 8, e1, e2, SWITCH_TSS_CALL, oldEip);
    if (hasErrorCode) {
      const sa = currentStack(env);
      if (shift) pushl(env, sa, errorCode);
      else pushw(env, sa, errorCode);
      setEsp(env, sa.sp, sa.spMask);
    }
    return;
  }

  if (!(e2 & DESC_P_MASK)) raiseExceptionErr(env, EXCP0B_NOSEG, idtErr);
  let selector = e1 >>> 16;
  const offset = ((e2 & 0xffff0000) | (e1 & 0xffff)) >>> 0;
  if ((selector & 0xfffc) === 0) gp(env, 0);
  const d = load_segment(env, selector);
  if (!d) gp(env, selector & 0xfffc);
  [e1, e2] = d;
  if (!(e2 & DESC_S_MASK) || !(e2 & DESC_CS_MASK)) gp(env, selector & 0xfffc);
  dp = dpl(e2);
  if (dp > cpl) gp(env, selector & 0xfffc);
  if (!(e2 & DESC_P_MASK)) raiseExceptionErr(env, EXCP0B_NOSEG, selector & 0xfffc);
  if (e2 & DESC_C_MASK) dp = cpl;

  let sa: StackAccess;
  let newStack = false;
  let ss = 0;
  let ssE1 = 0;
  let ssE2 = 0;
  if (dp < cpl) {
    // to an inner privilege level: the stack comes from the TSS
    let esp: number;
    [ss, esp] = get_ss_esp_from_tss(env, dp);
    const ts = () => raiseExceptionErr(env, EXCP0A_TSS, ss & 0xfffc);
    if ((ss & 0xfffc) === 0) ts();
    if ((ss & 3) !== dp) ts();
    const sd = load_segment(env, ss);
    if (!sd) raiseExceptionErr(env, EXCP0A_TSS, ss & 0xfffc);
    [ssE1, ssE2] = sd;
    if (dpl(ssE2) !== dp) ts();
    if (!(ssE2 & DESC_S_MASK) || ssE2 & DESC_CS_MASK || !(ssE2 & DESC_W_MASK)) ts();
    if (!(ssE2 & DESC_P_MASK)) ts();
    newStack = true;
    sa = { sp: esp >>> 0, spMask: get_sp_mask(ssE2), ssBase: get_seg_base(ssE1, ssE2) };
  } else {
    if (vm86) gp(env, selector & 0xfffc);
    sa = currentStack(env);
  }

  const shift = type >>> 3;
  let eflags = cpu_compute_eflags(env);
  if (setRf) eflags |= RF_MASK;
  const push = shift === 1 ? pushl : pushw;
  if (newStack) {
    if (vm86) {
      push(env, sa, env.segs[R_GS].selector);
      push(env, sa, env.segs[R_FS].selector);
      push(env, sa, env.segs[R_DS].selector);
      push(env, sa, env.segs[R_ES].selector);
    }
    push(env, sa, env.segs[R_SS].selector);
    push(env, sa, env.regs[R_ESP]);
  }
  push(env, sa, eflags);
  push(env, sa, env.segs[R_CS].selector);
  push(env, sa, oldEip);
  if (hasErrorCode) push(env, sa, errorCode);

  // an interrupt gate clears IF
  if ((type & 1) === 0) env.eflags &= ~IF_MASK;
  env.eflags &= ~(TF_MASK | VM_MASK | RF_MASK | NT_MASK);

  if (newStack) {
    if (vm86) {
      for (const s of [R_ES, R_DS, R_FS, R_GS]) cpu_x86_load_seg_cache(env, s, 0, 0, 0, 0);
    }
    ss = (ss & ~3) | dp;
    cpu_x86_load_seg_cache(env, R_SS, ss, sa.ssBase, get_seg_limit(ssE1, ssE2), ssE2);
  }
  setEsp(env, sa.sp, sa.spMask);
  selector = (selector & ~3) | dp;
  cpu_x86_load_seg_cache(env, R_CS, selector, get_seg_base(e1, e2), get_seg_limit(e1, e2), e2);
  env.eip = offset;
}

/** Deliver one interrupt or exception in the current mode (QEMU's do_interrupt_all without logging). */
export function do_interrupt_all(
  env: CPUX86State,
  intno: number,
  isInt: boolean,
  errorCode: number,
  nextEip: number,
  isHw: boolean,
): void {
  if (env.cr[0] & CR0_PE_MASK) do_interrupt_protected(env, intno, isInt, errorCode, nextEip, isHw);
  else do_interrupt_real(env, intno, isInt, nextEip);
}

// ---- LDTR / TR ----

export function helper_lldt(env: CPUX86State, selector: number): void {
  selector &= 0xffff;
  if ((selector & 0xfffc) === 0) {
    env.ldt.base = 0;
    env.ldt.limit = 0;
  } else {
    if (selector & 4) gp(env, selector & 0xfffc);
    const index = selector & ~7;
    if (index + 7 > env.gdt.limit) gp(env, selector & 0xfffc);
    const ptr = (env.gdt.base + index) >>> 0;
    const e1 = ldlKernel(env, ptr);
    const e2 = ldlKernel(env, ptr + 4);
    if (e2 & DESC_S_MASK || ((e2 >>> DESC_TYPE_SHIFT) & 0xf) !== 2) gp(env, selector & 0xfffc);
    if (!(e2 & DESC_P_MASK)) raiseExceptionErr(env, EXCP0B_NOSEG, selector & 0xfffc);
    load_seg_cache_raw_dt(env.ldt, e1, e2);
  }
  env.ldt.selector = selector;
}

export function helper_ltr(env: CPUX86State, selector: number): void {
  selector &= 0xffff;
  if ((selector & 0xfffc) === 0) {
    env.tr.base = 0;
    env.tr.limit = 0;
    env.tr.flags = 0;
  } else {
    if (selector & 4) gp(env, selector & 0xfffc);
    const index = selector & ~7;
    if (index + 7 > env.gdt.limit) gp(env, selector & 0xfffc);
    const ptr = (env.gdt.base + index) >>> 0;
    const e1 = ldlKernel(env, ptr);
    let e2 = ldlKernel(env, ptr + 4);
    const type = (e2 >>> DESC_TYPE_SHIFT) & 0xf;
    if (e2 & DESC_S_MASK || (type !== 1 && type !== 9)) gp(env, selector & 0xfffc);
    if (!(e2 & DESC_P_MASK)) raiseExceptionErr(env, EXCP0B_NOSEG, selector & 0xfffc);
    load_seg_cache_raw_dt(env.tr, e1, e2);
    e2 |= DESC_TSS_BUSY_MASK;
    stlKernel(env, ptr + 4, e2);
  }
  env.tr.selector = selector;
}

// ---- segment register loads ----

/** Protected-mode load of a data/stack segment register (seg != CS), with QEMU's checks. */
export function helper_load_seg(env: CPUX86State, seg: number, selector: number): void {
  selector &= 0xffff;
  const cpl = env.hflags & HF_CPL_MASK;
  if ((selector & 0xfffc) === 0) {
    if (seg === R_SS) gp(env, 0);
    cpu_x86_load_seg_cache(env, seg, selector, 0, 0, 0);
    return;
  }
  const dt = selector & 4 ? env.ldt : env.gdt;
  const index = selector & ~7;
  if (index + 7 > dt.limit) gp(env, selector & 0xfffc);
  const ptr = (dt.base + index) >>> 0;
  const e1 = ldlKernel(env, ptr);
  let e2 = ldlKernel(env, ptr + 4);
  if (!(e2 & DESC_S_MASK)) gp(env, selector & 0xfffc);
  const rpl = selector & 3;
  const dp = dpl(e2);
  if (seg === R_SS) {
    if (e2 & DESC_CS_MASK || !(e2 & DESC_W_MASK)) gp(env, selector & 0xfffc);
    if (rpl !== cpl || dp !== cpl) gp(env, selector & 0xfffc);
  } else {
    if ((e2 & (DESC_CS_MASK | DESC_R_MASK)) === DESC_CS_MASK) gp(env, selector & 0xfffc);
    if (!(e2 & DESC_CS_MASK) || !(e2 & DESC_C_MASK)) {
      if (dp < cpl || dp < rpl) gp(env, selector & 0xfffc);
    }
  }
  if (!(e2 & DESC_P_MASK)) {
    raiseExceptionErr(env, seg === R_SS ? EXCP0C_STACK : EXCP0B_NOSEG, selector & 0xfffc);
  }
  if (!(e2 & DESC_A_MASK)) {
    e2 |= DESC_A_MASK;
    stlKernel(env, ptr + 4, e2);
  }
  cpu_x86_load_seg_cache(env, seg, selector, get_seg_base(e1, e2), get_seg_limit(e1, e2), e2);
}

// ---- far jumps, calls, returns ----

export function helper_ljmp_protected(
  env: CPUX86State,
  newCs: number,
  newEip: number,
  nextEip: number,
): void {
  newCs &= 0xffff;
  newEip >>>= 0;
  if ((newCs & 0xfffc) === 0) gp(env, 0);
  const d = load_segment(env, newCs);
  if (!d) gp(env, newCs & 0xfffc);
  let [e1, e2] = d;
  const cpl = env.hflags & HF_CPL_MASK;
  if (e2 & DESC_S_MASK) {
    if (!(e2 & DESC_CS_MASK)) gp(env, newCs & 0xfffc);
    const dp = dpl(e2);
    if (e2 & DESC_C_MASK) {
      if (dp > cpl) gp(env, newCs & 0xfffc);
    } else {
      if ((newCs & 3) > cpl) gp(env, newCs & 0xfffc);
      if (dp !== cpl) gp(env, newCs & 0xfffc);
    }
    if (!(e2 & DESC_P_MASK)) raiseExceptionErr(env, EXCP0B_NOSEG, newCs & 0xfffc);
    const limit = get_seg_limit(e1, e2);
    if (newEip > limit) gp(env, 0);
    cpu_x86_load_seg_cache(env, R_CS, (newCs & 0xfffc) | cpl, get_seg_base(e1, e2), limit, e2);
    env.eip = newEip;
    return;
  }
  // a call gate, task gate or TSS
  const dp = dpl(e2);
  const rpl = newCs & 3;
  const type = (e2 >>> DESC_TYPE_SHIFT) & 0xf;
  switch (type) {
    case 1:
    case 9:
    case 5:
      if (dp < cpl || dp < rpl) gp(env, newCs & 0xfffc);
      switch_tss(env, newCs, e1, e2, SWITCH_TSS_JMP, nextEip);
      break;
    case 4:
    case 12: {
      if (dp < cpl || dp < rpl) gp(env, newCs & 0xfffc);
      if (!(e2 & DESC_P_MASK)) raiseExceptionErr(env, EXCP0B_NOSEG, newCs & 0xfffc);
      const gateCs = e1 >>> 16;
      newEip = e1 & 0xffff;
      if (type === 12) newEip = (newEip | (e2 & 0xffff0000)) >>> 0;
      const gd = load_segment(env, gateCs);
      if (!gd) gp(env, gateCs & 0xfffc);
      [e1, e2] = gd;
      const cdp = dpl(e2);
      if ((e2 & (DESC_S_MASK | DESC_CS_MASK)) !== (DESC_S_MASK | DESC_CS_MASK)) gp(env, gateCs & 0xfffc);
      if ((e2 & DESC_C_MASK && cdp > cpl) || (!(e2 & DESC_C_MASK) && cdp !== cpl)) gp(env, gateCs & 0xfffc);
      if (!(e2 & DESC_P_MASK)) gp(env, gateCs & 0xfffc);
      const limit = get_seg_limit(e1, e2);
      if (newEip > limit) gp(env, 0);
      cpu_x86_load_seg_cache(env, R_CS, (gateCs & 0xfffc) | cpl, get_seg_base(e1, e2), limit, e2);
      env.eip = newEip;
      break;
    }
    default:
      gp(env, newCs & 0xfffc);
  }
}

/** Real-mode (and vm86) far call: push CS:IP, load CS as selector << 4. */
export function helper_lcall_real(
  env: CPUX86State,
  newCs: number,
  newEip: number,
  shift: number,
  nextEip: number,
): void {
  const sa = currentStack(env);
  if (shift) {
    pushl(env, sa, env.segs[R_CS].selector);
    pushl(env, sa, nextEip);
  } else {
    pushw(env, sa, env.segs[R_CS].selector);
    pushw(env, sa, nextEip);
  }
  setEsp(env, sa.sp, sa.spMask);
  env.eip = newEip;
  env.segs[R_CS].selector = newCs & 0xffff;
  setSegBase(env, R_CS, (newCs & 0xffff) << 4);
}

export function helper_lcall_protected(
  env: CPUX86State,
  newCs: number,
  newEip: number,
  shift: number,
  nextEip: number,
): void {
  newCs &= 0xffff;
  newEip >>>= 0;
  if ((newCs & 0xfffc) === 0) gp(env, 0);
  const d = load_segment(env, newCs);
  if (!d) gp(env, newCs & 0xfffc);
  let [e1, e2] = d;
  const cpl = env.hflags & HF_CPL_MASK;
  if (e2 & DESC_S_MASK) {
    if (!(e2 & DESC_CS_MASK)) gp(env, newCs & 0xfffc);
    const dp = dpl(e2);
    if (e2 & DESC_C_MASK) {
      if (dp > cpl) gp(env, newCs & 0xfffc);
    } else {
      if ((newCs & 3) > cpl) gp(env, newCs & 0xfffc);
      if (dp !== cpl) gp(env, newCs & 0xfffc);
    }
    if (!(e2 & DESC_P_MASK)) raiseExceptionErr(env, EXCP0B_NOSEG, newCs & 0xfffc);
    const sa = currentStack(env);
    if (shift) {
      pushl(env, sa, env.segs[R_CS].selector);
      pushl(env, sa, nextEip);
    } else {
      pushw(env, sa, env.segs[R_CS].selector);
      pushw(env, sa, nextEip);
    }
    const limit = get_seg_limit(e1, e2);
    if (newEip > limit) gp(env, newCs & 0xfffc);
    setEsp(env, sa.sp, sa.spMask);
    cpu_x86_load_seg_cache(env, R_CS, (newCs & 0xfffc) | cpl, get_seg_base(e1, e2), limit, e2);
    env.eip = newEip;
    return;
  }

  const type = (e2 >>> DESC_TYPE_SHIFT) & 0x1f;
  let dp = dpl(e2);
  const rpl = newCs & 3;
  switch (type) {
    case 1:
    case 9:
    case 5:
      if (dp < cpl || dp < rpl) gp(env, newCs & 0xfffc);
      switch_tss(env, newCs, e1, e2, SWITCH_TSS_CALL, nextEip);
      return;
    case 4:
    case 12:
      break;
    default:
      gp(env, newCs & 0xfffc);
  }
  shift = type >>> 3;
  if (dp < cpl || dp < rpl) gp(env, newCs & 0xfffc);
  if (!(e2 & DESC_P_MASK)) raiseExceptionErr(env, EXCP0B_NOSEG, newCs & 0xfffc);
  let selector = e1 >>> 16;
  const paramCount = e2 & 0x1f;
  const offset = ((e2 & 0xffff0000) | (e1 & 0xffff)) >>> 0;
  if ((selector & 0xfffc) === 0) gp(env, 0);
  const cd = load_segment(env, selector);
  if (!cd) gp(env, selector & 0xfffc);
  [e1, e2] = cd;
  if (!(e2 & DESC_S_MASK) || !(e2 & DESC_CS_MASK)) gp(env, selector & 0xfffc);
  dp = dpl(e2);
  if (dp > cpl) gp(env, selector & 0xfffc);
  if (!(e2 & DESC_P_MASK)) raiseExceptionErr(env, EXCP0B_NOSEG, selector & 0xfffc);

  let sa: StackAccess;
  let newStack = false;
  let ss = 0;
  let ssE1 = 0;
  let ssE2 = 0;
  const push = shift ? pushl : pushw;
  if (!(e2 & DESC_C_MASK) && dp < cpl) {
    // to an inner privilege level: new stack from the TSS, parameters copied across
    let sp32: number;
    [ss, sp32] = get_ss_esp_from_tss(env, dp);
    const ts = () => raiseExceptionErr(env, EXCP0A_TSS, ss & 0xfffc);
    if ((ss & 0xfffc) === 0) ts();
    if ((ss & 3) !== dp) ts();
    const sd = load_segment(env, ss);
    if (!sd) raiseExceptionErr(env, EXCP0A_TSS, ss & 0xfffc);
    [ssE1, ssE2] = sd;
    if (dpl(ssE2) !== dp) ts();
    if (!(ssE2 & DESC_S_MASK) || ssE2 & DESC_CS_MASK || !(ssE2 & DESC_W_MASK)) ts();
    if (!(ssE2 & DESC_P_MASK)) ts();
    sa = { sp: sp32 >>> 0, spMask: get_sp_mask(ssE2), ssBase: get_seg_base(ssE1, ssE2) };
    const oldSpMask = get_sp_mask(env.segs[R_SS].flags);
    const oldSsp = env.segs[R_SS].base;
    const esp = env.regs[R_ESP];
    push(env, sa, env.segs[R_SS].selector);
    push(env, sa, esp);
    for (let i = paramCount - 1; i >= 0; i--) {
      const a = (oldSsp + (((esp + i * (shift ? 4 : 2)) & oldSpMask) >>> 0)) >>> 0;
      push(env, sa, shift ? dataAccess(env).ld32(a) : dataAccess(env).ld16(a));
    }
    newStack = true;
  } else {
    sa = currentStack(env);
  }
  push(env, sa, env.segs[R_CS].selector);
  push(env, sa, nextEip);

  // not restartable from here on
  if (newStack) {
    ss = (ss & ~3) | dp;
    cpu_x86_load_seg_cache(env, R_SS, ss, sa.ssBase, get_seg_limit(ssE1, ssE2), ssE2);
  }
  selector = (selector & ~3) | dp;
  cpu_x86_load_seg_cache(env, R_CS, selector, get_seg_base(e1, e2), get_seg_limit(e1, e2), e2);
  setEsp(env, sa.sp, sa.spMask);
  env.eip = offset;
}

/** iret in real mode (vm86 is not supported, so only the real-mode form). */
export function helper_iret_real(env: CPUX86State, shift: number): void {
  const sa: StackAccess = { ssBase: env.segs[R_SS].base, sp: env.regs[R_ESP] >>> 0, spMask: 0xffff };
  let newEip: number;
  let newCs: number;
  let newEflags: number;
  if (shift === 1) {
    newEip = popl(env, sa);
    newCs = popl(env, sa) & 0xffff;
    newEflags = popl(env, sa);
  } else {
    newEip = popw(env, sa);
    newCs = popw(env, sa);
    newEflags = popw(env, sa);
  }
  setEsp(env, sa.sp, sa.spMask);
  env.segs[R_CS].selector = newCs;
  setSegBase(env, R_CS, newCs << 4);
  env.eip = newEip;
  let mask =
    env.eflags & VM_MASK
      ? TF_MASK | AC_MASK | ID_MASK | IF_MASK | RF_MASK | NT_MASK
      : TF_MASK | AC_MASK | ID_MASK | IF_MASK | IOPL_MASK | RF_MASK | NT_MASK;
  if (shift === 0) mask &= 0xffff;
  cpu_load_eflags(env, newEflags, mask);
  env.hflags2 &= ~HF2_NMI_MASK;
}

/** Null out a data segment the new, less privileged level may not use (QEMU's validate_seg). */
function validate_seg(env: CPUX86State, seg: number, cpl: number): void {
  const sc = env.segs[seg];
  if ((seg === R_FS || seg === R_GS) && (sc.selector & 0xfffc) === 0) return;
  const e2 = sc.flags;
  if (!(e2 & DESC_CS_MASK) || !(e2 & DESC_C_MASK)) {
    if (dpl(e2) < cpl) cpu_x86_load_seg_cache(env, seg, 0, sc.base, sc.limit, sc.flags & ~DESC_P_MASK);
  }
}

function helper_ret_protected(env: CPUX86State, shift: number, isIret: boolean, addend: number): void {
  const sa = currentStack(env);
  let newEip: number;
  let newCs: number;
  let newEflags = 0;
  if (shift === 1) {
    newEip = popl(env, sa);
    newCs = popl(env, sa) & 0xffff;
    if (isIret) {
      newEflags = popl(env, sa);
      // returning to virtual-8086 mode is not supported
      if (newEflags & VM_MASK) gp(env, 0);
    }
  } else {
    newEip = popw(env, sa);
    newCs = popw(env, sa);
    if (isIret) newEflags = popw(env, sa);
  }
  if ((newCs & 0xfffc) === 0) gp(env, newCs & 0xfffc);
  const d = load_segment(env, newCs);
  if (!d) gp(env, newCs & 0xfffc);
  const [e1, e2] = d;
  if (!(e2 & DESC_S_MASK) || !(e2 & DESC_CS_MASK)) gp(env, newCs & 0xfffc);
  const cpl = env.hflags & HF_CPL_MASK;
  const rpl = newCs & 3;
  if (rpl < cpl) gp(env, newCs & 0xfffc);
  const dp = dpl(e2);
  if (e2 & DESC_C_MASK) {
    if (dp > rpl) gp(env, newCs & 0xfffc);
  } else if (dp !== rpl) gp(env, newCs & 0xfffc);
  if (!(e2 & DESC_P_MASK)) raiseExceptionErr(env, EXCP0B_NOSEG, newCs & 0xfffc);

  sa.sp = (sa.sp + addend) >>> 0;
  if (rpl === cpl) {
    cpu_x86_load_seg_cache(env, R_CS, newCs, get_seg_base(e1, e2), get_seg_limit(e1, e2), e2);
  } else {
    // return to an outer privilege level: SS:ESP come from the stack
    let newEsp: number;
    let newSs: number;
    if (shift === 1) {
      newEsp = popl(env, sa);
      newSs = popl(env, sa) & 0xffff;
    } else {
      newEsp = popw(env, sa);
      newSs = popw(env, sa);
    }
    if ((newSs & 0xfffc) === 0) gp(env, 0);
    if ((newSs & 3) !== rpl) gp(env, newSs & 0xfffc);
    const sd = load_segment(env, newSs);
    if (!sd) gp(env, newSs & 0xfffc);
    const [ssE1, ssE2] = sd;
    if (!(ssE2 & DESC_S_MASK) || ssE2 & DESC_CS_MASK || !(ssE2 & DESC_W_MASK)) gp(env, newSs & 0xfffc);
    if (dpl(ssE2) !== rpl) gp(env, newSs & 0xfffc);
    if (!(ssE2 & DESC_P_MASK)) raiseExceptionErr(env, EXCP0B_NOSEG, newSs & 0xfffc);
    cpu_x86_load_seg_cache(env, R_SS, newSs, get_seg_base(ssE1, ssE2), get_seg_limit(ssE1, ssE2), ssE2);
    cpu_x86_load_seg_cache(env, R_CS, newCs, get_seg_base(e1, e2), get_seg_limit(e1, e2), e2);
    sa.sp = newEsp;
    sa.spMask = get_sp_mask(ssE2);
    validate_seg(env, R_ES, rpl);
    validate_seg(env, R_DS, rpl);
    validate_seg(env, R_FS, rpl);
    validate_seg(env, R_GS, rpl);
    sa.sp = (sa.sp + addend) >>> 0;
  }
  setEsp(env, sa.sp, sa.spMask);
  env.eip = newEip;
  if (isIret) {
    // `cpl` is the old CPL
    let mask = TF_MASK | AC_MASK | ID_MASK | RF_MASK | NT_MASK;
    if (cpl === 0) mask |= IOPL_MASK;
    const iopl = (env.eflags >>> IOPL_SHIFT) & 3;
    if (cpl <= iopl) mask |= IF_MASK;
    if (shift === 0) mask &= 0xffff;
    cpu_load_eflags(env, newEflags, mask);
  }
}

export function helper_iret_protected(env: CPUX86State, shift: number, nextEip: number): void {
  if (env.eflags & NT_MASK) {
    // return from a nested task through the back link
    const tssSelector = lduwKernel(env, env.tr.base);
    if (tssSelector & 4) raiseExceptionErr(env, EXCP0A_TSS, tssSelector & 0xfffc);
    const d = load_segment(env, tssSelector);
    if (!d) raiseExceptionErr(env, EXCP0A_TSS, tssSelector & 0xfffc);
    const [e1, e2] = d;
    // a busy TSS, checking S and type together
    if (((e2 >>> DESC_TYPE_SHIFT) & 0x17) !== 3) raiseExceptionErr(env, EXCP0A_TSS, tssSelector & 0xfffc);
    switch_tss(env, tssSelector, e1, e2, SWITCH_TSS_IRET, nextEip);
  } else {
    helper_ret_protected(env, shift, true, 0);
  }
  env.hflags2 &= ~HF2_NMI_MASK;
}

export function helper_lret_protected(env: CPUX86State, shift: number, addend: number): void {
  helper_ret_protected(env, shift, false, addend);
}

// ---- sysenter / sysexit ----

const FLAT_CODE =
  DESC_G_MASK | DESC_B_MASK | DESC_P_MASK | DESC_S_MASK | DESC_CS_MASK | DESC_R_MASK | DESC_A_MASK;
const FLAT_DATA = DESC_G_MASK | DESC_B_MASK | DESC_P_MASK | DESC_S_MASK | DESC_W_MASK | DESC_A_MASK;

export function helper_sysenter(env: CPUX86State): void {
  if (env.sysenterCs === 0) gp(env, 0);
  env.eflags &= ~(VM_MASK | IF_MASK | RF_MASK);
  cpu_x86_load_seg_cache(env, R_CS, env.sysenterCs & 0xfffc, 0, 0xffffffff, FLAT_CODE);
  cpu_x86_load_seg_cache(env, R_SS, (env.sysenterCs + 8) & 0xfffc, 0, 0xffffffff, FLAT_DATA);
  env.regs[R_ESP] = env.sysenterEsp;
  env.eip = env.sysenterEip;
}

export function helper_sysexit(env: CPUX86State): void {
  const cpl = env.hflags & HF_CPL_MASK;
  if (env.sysenterCs === 0 || cpl !== 0) gp(env, 0);
  const user = 3 << DESC_DPL_SHIFT;
  cpu_x86_load_seg_cache(env, R_CS, ((env.sysenterCs + 16) & 0xfffc) | 3, 0, 0xffffffff, FLAT_CODE | user);
  cpu_x86_load_seg_cache(env, R_SS, ((env.sysenterCs + 24) & 0xfffc) | 3, 0, 0xffffffff, FLAT_DATA | user);
  env.regs[R_ESP] = env.regs[1]; // ECX
  env.eip = env.regs[2]; // EDX
}

// ---- lsl / lar / verr / verw: ZF in cc_src, cc_op is EFLAGS ----

/** Flags as CC_OP_EFLAGS expects them in cc_src, computed if the translator left them lazy. */
function eflagsForZf(env: CPUX86State): number {
  return env.ccOp === CCOp.EFLAGS ? env.ccSrc : cpu_cc_compute_all(env);
}

function setZf(env: CPUX86State, eflags: number, ok: boolean): void {
  env.ccSrc = ok ? eflags | CC_Z : eflags & ~CC_Z;
  env.ccOp = CCOp.EFLAGS;
}

/** Shared accessibility test of lar/lsl; `types` are the system types allowed. */
function larLslDesc(env: CPUX86State, selector: number, types: number[]): [number, number] | null {
  if ((selector & 0xfffc) === 0) return null;
  const d = load_segment(env, selector);
  if (!d) return null;
  const e2 = d[1];
  const rpl = selector & 3;
  const dp = dpl(e2);
  const cpl = env.hflags & HF_CPL_MASK;
  if (e2 & DESC_S_MASK) {
    if (e2 & DESC_CS_MASK && e2 & DESC_C_MASK) return d; // conforming
  } else if (!types.includes((e2 >>> DESC_TYPE_SHIFT) & 0xf)) return null;
  return dp < cpl || dp < rpl ? null : d;
}

export function helper_lsl(env: CPUX86State, selector: number): number {
  const fl = eflagsForZf(env);
  const d = larLslDesc(env, selector & 0xffff, [1, 2, 3, 9, 11]);
  setZf(env, fl, d !== null);
  return d ? get_seg_limit(d[0], d[1]) : 0;
}

export function helper_lar(env: CPUX86State, selector: number): number {
  const fl = eflagsForZf(env);
  const d = larLslDesc(env, selector & 0xffff, [1, 2, 3, 4, 5, 9, 11, 12]);
  setZf(env, fl, d !== null);
  return d ? (d[1] & 0x00f0ff00) >>> 0 : 0;
}

export function helper_verr(env: CPUX86State, selector: number): void {
  selector &= 0xffff;
  const fl = eflagsForZf(env);
  let ok = false;
  const d = (selector & 0xfffc) === 0 ? null : load_segment(env, selector);
  if (d && d[1] & DESC_S_MASK) {
    const e2 = d[1];
    const rpl = selector & 3;
    const dp = dpl(e2);
    const cpl = env.hflags & HF_CPL_MASK;
    if (e2 & DESC_CS_MASK) {
      ok = (e2 & DESC_R_MASK) !== 0 && ((e2 & DESC_C_MASK) !== 0 || !(dp < cpl || dp < rpl));
    } else {
      ok = !(dp < cpl || dp < rpl);
    }
  }
  setZf(env, fl, ok);
}

export function helper_verw(env: CPUX86State, selector: number): void {
  selector &= 0xffff;
  const fl = eflagsForZf(env);
  let ok = false;
  const d = (selector & 0xfffc) === 0 ? null : load_segment(env, selector);
  if (d && d[1] & DESC_S_MASK) {
    const e2 = d[1];
    const dp = dpl(e2);
    const cpl = env.hflags & HF_CPL_MASK;
    ok = !(e2 & DESC_CS_MASK) && !(dp < cpl || dp < (selector & 3)) && (e2 & DESC_W_MASK) !== 0;
  }
  setZf(env, fl, ok);
}

// ---- I/O permission ----

/**
 * #GP(0) unless the port range may be accessed: always allowed in real mode or when CPL <= IOPL,
 * otherwise every bit of the TSS I/O bitmap for the range must be clear (QEMU's check_io).
 */
export function helper_check_io(env: CPUX86State, port: number, size: number): void {
  if (!(env.cr[0] & CR0_PE_MASK)) return;
  if (!(env.eflags & VM_MASK) && (env.hflags & HF_CPL_MASK) <= ((env.eflags >>> IOPL_SHIFT) & 3)) return;
  port &= 0xffff;
  const tr = env.tr;
  if (!(tr.flags & DESC_P_MASK) || ((tr.flags >>> DESC_TYPE_SHIFT) & 0xf) !== 9 || tr.limit < 103) gp(env, 0);
  const ioOffset = lduwKernel(env, tr.base + 0x66) + (port >>> 3);
  // the check reads two bytes
  if (ioOffset + 1 > tr.limit) gp(env, 0);
  const val = lduwKernel(env, tr.base + ioOffset) >>> (port & 7);
  if (val & ((1 << size) - 1)) gp(env, 0);
}
