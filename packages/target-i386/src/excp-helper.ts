/**
 * Exception and interrupt entry for the CPU loop (QEMU's check_exception in tcg/excp_helper.c,
 * x86_cpu_do_interrupt and x86_cpu_exec_interrupt): double-fault promotion, triple fault as a
 * reset request, hardware interrupts and NMI, and `-d int` logging in QEMU's format.
 */
import {
  CPU_INTERRUPT_HARD,
  CPU_INTERRUPT_NMI,
  type CPUX86State,
  CR0_PE_MASK,
  EXCP_HLT,
  EXCP_INTERRUPT,
  EXCP0E_PAGE,
  EXCP02_NMI,
  EXCP08_DBLE,
  HF_CPL_MASK,
  HF_INHIBIT_IRQ_MASK,
  HF2_NMI_MASK,
  IF_MASK,
  R_CS,
  R_EAX,
  R_ESP,
  R_SS,
} from './cpu.js';
import { do_interrupt_all } from './seg-helper.js';

const hex = (v: number, w: number) => (v >>> 0).toString(16).padStart(w, '0');

const contributory = (v: number) => v === 0 || (v >= 10 && v <= 13);

/**
 * Apply the double-fault rules to an exception about to be delivered (QEMU's check_exception):
 * contributory after contributory, or anything but a benign one after #PF, becomes #DF; any
 * exception during #DF delivery is a triple fault. Returns the vector to deliver, or -1 after a
 * triple fault (env.tripleFault set, reset requested).
 */
export function check_exception(env: CPUX86State, intno: number): number {
  const old = env.oldException;
  env.intLog?.(`check_exception old: 0x${(old >>> 0).toString(16)} new 0x${intno.toString(16)}`);
  if (old === EXCP08_DBLE) {
    env.tripleFault = true;
    env.onResetRequest?.();
    return -1;
  }
  const second = contributory(intno);
  if ((contributory(old) && second) || (old === EXCP0E_PAGE && (second || intno === EXCP0E_PAGE))) {
    intno = EXCP08_DBLE;
    env.errorCode = 0;
  }
  if (second || intno === EXCP0E_PAGE || intno === EXCP08_DBLE) env.oldException = intno;
  return intno;
}

const intCount = new WeakMap<CPUX86State, number>();

function logInterrupt(env: CPUX86State, intno: number, isInt: boolean, errorCode: number): void {
  const log = env.intLog;
  if (!log || !(env.cr[0] & CR0_PE_MASK)) return;
  const count = intCount.get(env) ?? 0;
  intCount.set(env, count + 1);
  const cs = env.segs[R_CS];
  const tail = intno === 0x0e ? ` CR2=${hex(env.cr[2], 8)}` : ` env->regs[R_EAX]=${hex(env.regs[R_EAX], 8)}`;
  log(
    `${String(count).padStart(6)}: v=${hex(intno, 2)} e=${hex(errorCode, 4)} i=${isInt ? 1 : 0} ` +
      `cpl=${env.hflags & HF_CPL_MASK} IP=${hex(cs.selector, 4)}:${hex(env.eip, 8)} ` +
      `pc=${hex(cs.base + env.eip, 8)} SP=${hex(env.segs[R_SS].selector, 4)}:${hex(env.regs[R_ESP], 8)}${tail}`,
  );
}

/**
 * Deliver env.exceptionIndex (set by raiseException/raiseInterrupt) — QEMU's x86_cpu_do_interrupt.
 * A fault during delivery throws CpuLoopExit again with the new exception; the loop calls this
 * again, and the double-fault rules apply. After a triple fault exceptionIndex is EXCP_HLT.
 */
export function x86CpuDoInterrupt(env: CPUX86State): void {
  let intno = env.exceptionIndex;
  if (intno < 0 || intno >= EXCP_INTERRUPT) return;
  const isInt = env.exceptionIsInt;
  if (!isInt) {
    intno = check_exception(env, intno);
    if (intno < 0) {
      env.exceptionIndex = EXCP_HLT;
      return;
    }
    env.exceptionIndex = intno;
  }
  logInterrupt(env, intno, isInt, env.errorCode);
  do_interrupt_all(env, intno, isInt, env.errorCode, env.exceptionNextEip, false);
  env.oldException = -1;
  env.exceptionIndex = -1;
}

/** Deliver an external interrupt or NMI (QEMU's do_interrupt_x86_hardirq). */
export function x86CpuDoHardInterrupt(env: CPUX86State, intno: number, isHw = true): void {
  logInterrupt(env, intno, false, 0);
  do_interrupt_all(env, intno, false, 0, 0, isHw);
}

/**
 * Service one pending interrupt request if the CPU can take it (QEMU's x86_cpu_exec_interrupt):
 * NMI unless one is being handled, then INTR when IF=1 and not inhibited by sti/mov ss.
 * `ack` is the interrupt controller's acknowledge (cpu_get_pic_interrupt) returning the vector.
 * Returns true when an interrupt was delivered (the loop must leave the current TB).
 */
export function x86CpuExecInterrupt(env: CPUX86State, ack: () => number): boolean {
  const req = env.interruptRequest;
  if (req & CPU_INTERRUPT_NMI && !(env.hflags2 & HF2_NMI_MASK)) {
    env.interruptRequest &= ~CPU_INTERRUPT_NMI;
    env.hflags2 |= HF2_NMI_MASK;
    env.halted = false;
    x86CpuDoHardInterrupt(env, EXCP02_NMI);
    return true;
  }
  if (req & CPU_INTERRUPT_HARD && env.eflags & IF_MASK && !(env.hflags & HF_INHIBIT_IRQ_MASK)) {
    env.interruptRequest &= ~CPU_INTERRUPT_HARD;
    env.halted = false;
    x86CpuDoHardInterrupt(env, ack() & 0xff);
    return true;
  }
  return false;
}

/** Whether a halted CPU has something to wake it (QEMU's x86_cpu_has_work). */
export function x86CpuHasWork(env: CPUX86State): boolean {
  return (
    ((env.interruptRequest & CPU_INTERRUPT_HARD) !== 0 && (env.eflags & IF_MASK) !== 0) ||
    ((env.interruptRequest & CPU_INTERRUPT_NMI) !== 0 && !(env.hflags2 & HF2_NMI_MASK))
  );
}
