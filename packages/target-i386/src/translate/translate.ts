/**
 * The i386 decoder: one guest instruction -> IR (QEMU's disas_insn in target/i386/tcg/translate.c),
 * and the TB loop around it (gen_intermediate_code). Integer set, system instructions through the
 * i386-system helpers, x87 through helper_fpu_exec.
 */
import type { TCGContext, TranslationBlock } from '@tsemu/tcg';
import {
  AC_MASK,
  CC_A,
  CC_C,
  CC_O,
  CC_P,
  CC_S,
  CC_Z,
  CCOp,
  type CPUX86State,
  EXCP0D_GPF,
  EXCP00_DIVZ,
  EXCP01_DB,
  EXCP03_INT3,
  EXCP06_ILLOP,
  HF_INHIBIT_IRQ_MASK,
  HF_MP_MASK,
  ID_MASK,
  IF_MASK,
  IOPL_MASK,
  NT_MASK,
  R_CS,
  R_DS,
  R_EAX,
  R_EBP,
  R_EBX,
  R_ECX,
  R_EDI,
  R_EDX,
  R_ES,
  R_ESI,
  R_ESP,
  R_FS,
  R_GS,
  R_SS,
  TF_MASK,
} from '../cpu.js';
import {
  helper_aaa,
  helper_aad,
  helper_aam,
  helper_aas,
  helper_daa,
  helper_das,
  helper_divb_AL,
  helper_divl_EAX,
  helper_divw_AX,
  helper_idivb_AL,
  helper_idivl_EAX,
  helper_idivw_AX,
  helper_rcl,
  helper_rcr,
} from '../int-helper.js';
import {
  type CodeReader,
  DisasContext,
  DisasJump,
  IllegalOpcode,
  JCC_Z,
  type MemOp,
  MO_8,
  MO_16,
  MO_32,
  MO_SIGN,
  PREFIX_ADR,
  PREFIX_DATA,
  PREFIX_LOCK,
  PREFIX_REPNZ,
  PREFIX_REPZ,
  samePage,
  TCGCond,
} from './context.js';
import * as sys from './sys.js';

const CPUID_CLFLUSH = 1 << 19;
const CPUID_SSE = 1 << 25;
const CPUID_SSE2 = 1 << 26;

// ALU op numbers (QEMU's OP_ADDL..OP_CMPL) and shift ops (OP_ROL..OP_SAR).
const OP_ADD = 0;
const OP_OR = 1;
const OP_ADC = 2;
const OP_SBB = 3;
const OP_AND = 4;
const OP_SUB = 5;
const OP_XOR = 6;
const OP_CMP = 7;
const OP_ROL = 0;
const OP_ROR = 1;
const OP_RCL = 2;
const OP_RCR = 3;
const OP_SHL = 4;
const OP_SHR = 5;
const OP_SAR = 7;

/** register destination or -1 for the memory operand at A0 (QEMU's OR_TMP0) */
const OR_TMP0 = -1;

function illegal(): never {
  throw new IllegalOpcode('illegal opcode');
}

/** QEMU's gen_op: T0 = dest op T1, flags, store to register d or memory at A0 */
function genOp(s: DisasContext, op: number, ot: MemOp, d: number): void {
  const t = s.tcg;
  if (d !== OR_TMP0) s.movVReg(ot, s.T0, d);
  else s.ld(ot, s.T0, s.A0);
  const store = () => {
    if (d !== OR_TMP0) s.movRegV(ot, d, s.T0);
    else s.st(ot, s.T0, s.A0);
  };
  switch (op) {
    case OP_ADC:
    case OP_SBB:
      s.computeEflagsC(s.tmp4);
      if (op === OP_ADC) {
        t.add(s.T0, s.T0, s.T1);
        t.add(s.T0, s.T0, s.tmp4);
      } else {
        t.sub(s.T0, s.T0, s.T1);
        t.sub(s.T0, s.T0, s.tmp4);
      }
      store();
      t.mov(s.ccSrc2, s.tmp4);
      s.update2cc();
      s.setCcOp((op === OP_ADC ? CCOp.ADCB : CCOp.SBBB) + ot);
      break;
    case OP_ADD:
      t.add(s.T0, s.T0, s.T1);
      store();
      s.update2cc();
      s.setCcOp(CCOp.ADDB + ot);
      break;
    case OP_SUB:
      t.mov(s.ccSrcT, s.T0);
      t.sub(s.T0, s.T0, s.T1);
      store();
      s.update2cc();
      s.setCcOp(CCOp.SUBB + ot);
      break;
    case OP_AND:
    case OP_OR:
    case OP_XOR:
      if (op === OP_AND) t.and(s.T0, s.T0, s.T1);
      else if (op === OP_OR) t.or(s.T0, s.T0, s.T1);
      else t.xor(s.T0, s.T0, s.T1);
      store();
      s.update1cc();
      s.setCcOp(CCOp.LOGICB + ot);
      break;
    default:
      // CMP
      t.mov(s.ccSrc, s.T1);
      t.mov(s.ccSrcT, s.T0);
      t.sub(s.ccDst, s.T0, s.T1);
      s.setCcOp(CCOp.SUBB + ot);
      break;
  }
}

/** inc/dec of register d or memory at A0 (QEMU's gen_inc) */
function genInc(s: DisasContext, ot: MemOp, d: number, c: 1 | -1): void {
  const t = s.tcg;
  if (d !== OR_TMP0) s.movVReg(ot, s.T0, d);
  else s.ld(ot, s.T0, s.A0);
  s.computeEflagsC(s.tmp4);
  t.addi(s.T0, s.T0, c);
  if (d !== OR_TMP0) s.movRegV(ot, d, s.T0);
  else s.st(ot, s.T0, s.A0);
  t.mov(s.ccSrc, s.tmp4);
  t.mov(s.ccDst, s.T0);
  s.setCcOp((c > 0 ? CCOp.INCB : CCOp.DECB) + ot);
}

/**
 * Flags of a shift by a run-time count: unchanged when the count is 0 (QEMU's gen_shift_flags).
 * result/shm1 are the result and the value shifted by count-1.
 */
function genShiftFlags(
  s: DisasContext,
  ot: MemOp,
  result: number,
  shm1: number,
  count: number,
  isRight: boolean,
): void {
  const t = s.tcg;
  const z = t.const(0);
  t.movcond(TCGCond.NE, s.ccDst, count, z, result, s.ccDst);
  t.movcond(TCGCond.NE, s.ccSrc, count, z, shm1, s.ccSrc);
  s.updateCcOp();
  const oldop = s.ccOp === CCOp.DYNAMIC ? s.ccOpG : t.const(s.ccOp);
  t.movcond(TCGCond.NE, s.ccOpG, count, z, t.const((isRight ? CCOp.SARB : CCOp.SHLB) + ot), oldop);
  s.setCcOp(CCOp.DYNAMIC);
}

/** Load the shift/rotate destination into T0 (register op1 or memory at A0 when op1 = OR_TMP0). */
function loadOp1(s: DisasContext, ot: MemOp, op1: number): void {
  if (op1 === OR_TMP0) s.ld(ot, s.T0, s.A0);
  else s.movVReg(ot, s.T0, op1);
}
function storeOp1(s: DisasContext, ot: MemOp, op1: number): void {
  if (op1 === OR_TMP0) s.st(ot, s.T0, s.A0);
  else s.movRegV(ot, op1, s.T0);
}

/** shl/shr/sar by T1 (QEMU's gen_shift_rm_T1) */
function genShiftRmT1(s: DisasContext, ot: MemOp, op1: number, isRight: boolean, isArith: boolean): void {
  const t = s.tcg;
  loadOp1(s, ot, op1);
  t.andi(s.T1, s.T1, 0x1f);
  t.subi(s.tmp0, s.T1, 1);
  if (isRight) {
    if (isArith) {
      s.ext(ot, s.T0, s.T0, true);
      t.sar(s.tmp0, s.T0, s.tmp0);
      t.sar(s.T0, s.T0, s.T1);
    } else {
      s.ext(ot, s.T0, s.T0, false);
      t.shr(s.tmp0, s.T0, s.tmp0);
      t.shr(s.T0, s.T0, s.T1);
    }
  } else {
    t.shl(s.tmp0, s.T0, s.tmp0);
    t.shl(s.T0, s.T0, s.T1);
  }
  storeOp1(s, ot, op1);
  genShiftFlags(s, ot, s.T0, s.tmp0, s.T1, isRight);
}

/** shifts by an immediate count (QEMU's gen_shift_rm_im) */
function genShiftRmIm(
  s: DisasContext,
  ot: MemOp,
  op1: number,
  op2: number,
  isRight: boolean,
  isArith: boolean,
): void {
  const t = s.tcg;
  loadOp1(s, ot, op1);
  op2 &= 0x1f;
  if (op2 !== 0) {
    if (isRight) {
      s.ext(ot, s.T0, s.T0, isArith);
      if (isArith) {
        t.sari(s.tmp4, s.T0, op2 - 1);
        t.sari(s.T0, s.T0, op2);
      } else {
        t.shri(s.tmp4, s.T0, op2 - 1);
        t.shri(s.T0, s.T0, op2);
      }
    } else {
      t.shli(s.tmp4, s.T0, op2 - 1);
      t.shli(s.T0, s.T0, op2);
    }
  }
  storeOp1(s, ot, op1);
  if (op2 !== 0) {
    t.mov(s.ccSrc, s.tmp4);
    t.mov(s.ccDst, s.T0);
    s.setCcOp((isRight ? CCOp.SARB : CCOp.SHLB) + ot);
  }
}

/** rol/ror by T1 (run-time count) or by an immediate (QEMU's gen_rot_rm_T1 / gen_rot_rm_im) */
function genRot(s: DisasContext, ot: MemOp, op1: number, isRight: boolean, imm?: number): void {
  const t = s.tcg;
  loadOp1(s, ot, op1);
  const bits = 8 << ot;
  let count = s.T1;
  if (imm !== undefined) {
    imm &= 0x1f;
    if (imm === 0) {
      storeOp1(s, ot, op1);
      return;
    }
  } else t.andi(s.T1, s.T1, 0x1f);
  // replicate narrow operands so a 32-bit rotate by any count is right
  if (ot === MO_8) t.muli(s.T0, s.T0, 0x01010101);
  else if (ot === MO_16) t.deposit(s.T0, s.T0, s.T0, 16, 16);
  if (imm !== undefined) {
    if (isRight) t.rotri(s.T0, s.T0, imm);
    else t.rotli(s.T0, s.T0, imm);
  } else if (isRight) t.rotr(s.T0, s.T0, count);
  else t.rotl(s.T0, s.T0, count);
  storeOp1(s, ot, op1);
  // CF and OF from the rotated value, others unchanged; nothing when the count is 0
  s.computeEflags();
  const cf = s.tmp4;
  const of = s.tmp0;
  if (isRight) {
    t.shri(cf, s.T0, bits - 1);
    t.andi(cf, cf, 1);
    t.shri(of, s.T0, bits - 2);
    t.andi(of, of, 1);
    t.xor(of, of, cf);
  } else {
    t.andi(cf, s.T0, 1);
    t.shri(of, s.T0, bits - 1);
    t.andi(of, of, 1);
    t.xor(of, of, cf);
  }
  const nf = s.tcg.temp();
  t.andi(nf, s.ccSrc, ~(CC_C | CC_O));
  t.or(nf, nf, cf);
  t.shli(of, of, 11);
  t.or(nf, nf, of);
  if (imm !== undefined) t.mov(s.ccSrc, nf);
  else {
    count = s.T1;
    t.movcond(TCGCond.NE, s.ccSrc, count, t.const(0), nf, s.ccSrc);
  }
}

/** rcl/rcr through the helper (flags materialised first) */
function genRotc(s: DisasContext, ot: MemOp, op1: number, isRight: boolean): void {
  loadOp1(s, ot, op1);
  s.computeEflags();
  s.tcg.call(isRight ? helper_rcr : helper_rcl, [s.T0, s.T1, s.tcg.const(ot)], s.T0);
  storeOp1(s, ot, op1);
}

/** one group-2 shift by T1 (run-time) or by imm */
function genShift(s: DisasContext, op: number, ot: MemOp, d: number, imm?: number): void {
  if (imm !== undefined && op !== OP_RCL && op !== OP_RCR && op !== OP_ROL && op !== OP_ROR) {
    genShiftRmIm(s, ot, d, imm, op === OP_SHR || op === OP_SAR, op === OP_SAR);
    return;
  }
  switch (op) {
    case OP_ROL:
      genRot(s, ot, d, false, imm);
      break;
    case OP_ROR:
      genRot(s, ot, d, true, imm);
      break;
    case OP_RCL:
    case OP_RCR:
      if (imm !== undefined) s.tcg.movi(s.T1, imm);
      genRotc(s, ot, d, op === OP_RCR);
      break;
    case OP_SHR:
      genShiftRmT1(s, ot, d, true, false);
      break;
    case OP_SAR:
      genShiftRmT1(s, ot, d, true, true);
      break;
    default:
      // SHL, SAL (6)
      genShiftRmT1(s, ot, d, false, false);
      break;
  }
}

/** shld/shrd: T0 = dest, T1 = source, count (QEMU's gen_shiftd_rm_T1 for a 32-bit target) */
function genShiftd(s: DisasContext, ot: MemOp, op1: number, isRight: boolean, countIn: number): void {
  const t = s.tcg;
  loadOp1(s, ot, op1);
  const count = t.tempLocal();
  t.andi(count, countIn, 0x1f);
  if (ot === MO_16) {
    // Intel behaviour for counts > 16: shrdw C, B, A shifts A:B:A >> C
    if (isRight) {
      t.deposit(s.tmp0, s.T0, s.T1, 16, 16);
      t.mov(s.T1, s.T0);
      t.mov(s.T0, s.tmp0);
    } else {
      t.deposit(s.T1, s.T0, s.T1, 16, 16);
    }
  }
  t.subi(s.tmp0, count, 1);
  if (isRight) {
    t.shr(s.tmp0, s.T0, s.tmp0);
    t.sub(s.tmp4, t.const(32), count);
    t.shr(s.T0, s.T0, count);
    t.shl(s.T1, s.T1, s.tmp4);
  } else {
    t.shl(s.tmp0, s.T0, s.tmp0);
    if (ot === MO_16) {
      t.sub(s.tmp4, t.const(33), count);
      t.shr(s.tmp4, s.T1, s.tmp4);
      t.or(s.tmp0, s.tmp0, s.tmp4);
    }
    t.sub(s.tmp4, t.const(32), count);
    t.shl(s.T0, s.T0, count);
    t.shr(s.T1, s.T1, s.tmp4);
  }
  const z = t.const(0);
  t.movcond(TCGCond.EQ, s.T1, count, z, z, s.T1);
  t.or(s.T0, s.T0, s.T1);
  storeOp1(s, ot, op1);
  genShiftFlags(s, ot, s.T0, s.tmp0, count, isRight);
}

// ---- segment registers --------------------------------------------------------------------

function helper_get_seg_selector(env: CPUX86State, seg: number): number {
  return env.segs[seg].selector;
}
function helper_get_sel(env: CPUX86State, which: number): number {
  return which === 0 ? env.ldt.selector : env.tr.selector;
}
function helper_read_cr0(env: CPUX86State): number {
  return env.cr[0];
}
function helper_store_dt(env: CPUX86State, which: number, limit: number, base: number): void {
  const dt = which === 0 ? env.gdt : env.idt;
  dt.limit = limit & 0xffff;
  dt.base = base >>> 0;
}
function helper_get_dt(env: CPUX86State, which: number, part: number): number {
  const dt = which === 0 ? env.gdt : env.idt;
  return part === 0 ? dt.limit : dt.base;
}

/** T0 = selector of seg (QEMU's gen_op_movl_T0_seg) */
function movT0Seg(s: DisasContext, seg: number): void {
  s.tcg.call(helper_get_seg_selector, [s.tcg.const(seg)], s.T0, sys.NO_WG);
}

/** load seg from T0 (QEMU's gen_movl_seg_T0): ends the TB when mode bits may change */
function movlSegT0(s: DisasContext, seg: number): void {
  const t = s.tcg;
  if (s.pe && !s.vm86) {
    t.call(sys.helper_load_seg, [t.const(seg), s.T0]);
    // SS32/ADDSEG may change: abort translation
    if (seg === R_SS) s.isJmp = DisasJump.EOB_INHIBIT;
    else if (seg < R_FS && s.isJmp === DisasJump.NEXT) s.isJmp = DisasJump.EOB_NEXT;
  } else {
    t.call(sys.helper_load_seg_real, [t.const(seg), s.T0]);
    if (seg === R_SS) s.isJmp = DisasJump.EOB_INHIBIT;
  }
}

// ---- string instructions -------------------------------------------------------------------

/** T0 = df << ot (QEMU's gen_op_movl_T0_Dshift) */
function dshift(s: DisasContext, ot: MemOp): void {
  s.tcg.shli(s.T0, s.dfG, ot);
}

function genMovs(s: DisasContext, ot: MemOp): void {
  s.stringMovA0Esi();
  s.ld(ot, s.T0, s.A0);
  s.stringMovA0Edi();
  s.st(ot, s.T0, s.A0);
  dshift(s, ot);
  s.addRegT0(s.aflag, R_ESI);
  s.addRegT0(s.aflag, R_EDI);
}
function genStos(s: DisasContext, ot: MemOp): void {
  s.movVReg(ot, s.T0, R_EAX);
  s.stringMovA0Edi();
  s.st(ot, s.T0, s.A0);
  dshift(s, ot);
  s.addRegT0(s.aflag, R_EDI);
}
function genLods(s: DisasContext, ot: MemOp): void {
  s.stringMovA0Esi();
  s.ld(ot, s.T0, s.A0);
  s.movRegV(ot, R_EAX, s.T0);
  dshift(s, ot);
  s.addRegT0(s.aflag, R_ESI);
}
function genScas(s: DisasContext, ot: MemOp): void {
  s.stringMovA0Edi();
  s.ld(ot, s.T1, s.A0);
  genOp(s, OP_CMP, ot, R_EAX);
  dshift(s, ot);
  s.addRegT0(s.aflag, R_EDI);
}
function genCmps(s: DisasContext, ot: MemOp): void {
  s.stringMovA0Edi();
  s.ld(ot, s.T1, s.A0);
  s.stringMovA0Esi();
  genOp(s, OP_CMP, ot, OR_TMP0);
  dshift(s, ot);
  s.addRegT0(s.aflag, R_ESI);
  s.addRegT0(s.aflag, R_EDI);
}
function genIns(s: DisasContext, ot: MemOp): void {
  const t = s.tcg;
  s.stringMovA0Edi();
  // dummy write first, so a page fault leaves the port unread
  t.movi(s.T0, 0);
  s.st(ot, s.T0, s.A0);
  t.andi(s.tmp0, s.cpuRegs[R_EDX], 0xffff);
  t.call(sys.IN_HELPERS[ot], [s.tmp0], s.T0);
  s.st(ot, s.T0, s.A0);
  dshift(s, ot);
  s.addRegT0(s.aflag, R_EDI);
}
function genOuts(s: DisasContext, ot: MemOp): void {
  const t = s.tcg;
  s.stringMovA0Esi();
  s.ld(ot, s.T0, s.A0);
  t.andi(s.tmp0, s.cpuRegs[R_EDX], 0xffff);
  t.call(sys.OUT_HELPERS[ot], [s.tmp0, s.T0]);
  dshift(s, ot);
  s.addRegT0(s.aflag, R_ESI);
}

/** ecx (at address size) into tmp0 */
function ecxValue(s: DisasContext): number {
  if (s.aflag === MO_16) {
    s.tcg.ext16u(s.tmp0, s.cpuRegs[R_ECX]);
    return s.tmp0;
  }
  return s.cpuRegs[R_ECX];
}

/** rep prefix: one iteration per pass, looping back to the instruction (QEMU's gen_repz) */
function genRepz(s: DisasContext, ot: MemOp, body: (s: DisasContext, ot: MemOp) => void, nz?: number): void {
  const t = s.tcg;
  const curEip = s.eipCur;
  const nextEip = s.eipNext;
  s.updateCcOp();
  const l1 = t.label();
  const l2 = t.label();
  t.brcond(TCGCond.NE, ecxValue(s), t.const(0), l1);
  t.setLabel(l2);
  s.jmpTb(nextEip, 1);
  t.setLabel(l1);
  body(s, ot);
  s.addRegIm(s.aflag, R_ECX, -1);
  if (nz !== undefined) {
    s.updateCcOp();
    s.jcc1((JCC_Z << 1) | (nz ^ 1), l2);
  }
  if (!s.tf) t.brcond(TCGCond.EQ, ecxValue(s), t.const(0), l2);
  s.jmpTb(curEip, 0);
}

function genString(
  s: DisasContext,
  ot: MemOp,
  body: (s: DisasContext, ot: MemOp) => void,
  cmp: boolean,
): void {
  if (s.prefix & (PREFIX_REPZ | PREFIX_REPNZ)) {
    genRepz(s, ot, body, cmp ? (s.prefix & PREFIX_REPNZ ? 1 : 0) : undefined);
  } else body(s, ot);
}

// ---- I/O -----------------------------------------------------------------------------------

/** QEMU's gen_check_io: the TSS bitmap check when CPL > IOPL or in vm86 */
function genCheckIo(s: DisasContext, ot: MemOp, port: number): void {
  if (s.pe && (s.cpl > s.iopl || s.vm86)) {
    s.tcg.call(sys.helper_check_io, [port, s.tcg.const(1 << ot)]);
  }
}

// ---- privilege checks ----------------------------------------------------------------------

function checkCpl0(s: DisasContext): boolean {
  if (s.cpl === 0) return true;
  s.genException(EXCP0D_GPF);
  return false;
}
function checkIopl(s: DisasContext): boolean {
  if (s.vm86 ? s.iopl === 3 : s.cpl <= s.iopl) return true;
  s.genException(EXCP0D_GPF);
  return false;
}
function checkVm86Iopl(s: DisasContext): boolean {
  if (!s.vm86 || s.iopl === 3) return true;
  s.genException(EXCP0D_GPF);
  return false;
}

// ---- control transfer ----------------------------------------------------------------------

function genJmp(s: DisasContext, eip: number): void {
  s.jmpTb(eip, 0);
}
/** indirect jump to T0 (QEMU's gen_op_jmp_v + gen_jr) */
function genJr(s: DisasContext): void {
  s.tcg.mov(s.eipG, s.T0);
  s.eob(false, true);
}
function genJcc(s: DisasContext, b: number, val: number, nextEip: number): void {
  const l1 = s.tcg.label();
  s.jcc1(b, l1);
  s.jmpTb(nextEip, 1);
  s.tcg.setLabel(l1);
  s.jmpTb(val, 0);
}
/** software interrupt (QEMU's gen_interrupt) */
function genInterrupt(s: DisasContext, intno: number): void {
  s.updateCcOp();
  s.jmpIm(s.eipCur);
  s.tcg.call(sys.helper_raise_interrupt, [s.tcg.const(intno), s.tcg.const(s.eipNext)]);
  s.isJmp = DisasJump.NORETURN;
}

/** far jump to T0:T1 */
function genLjmp(s: DisasContext): void {
  const t = s.tcg;
  if (s.pe && !s.vm86) {
    s.updateCcOp();
    s.jmpIm(s.eipCur);
    t.call(sys.helper_ljmp_protected, [s.T0, s.T1, t.const(s.eipNext)]);
  } else {
    t.call(sys.helper_load_seg_real, [t.const(R_CS), s.T0]);
    t.mov(s.eipG, s.T1);
  }
  s.eob(false, true);
}
function genLcall(s: DisasContext): void {
  const t = s.tcg;
  s.updateCcOp();
  s.jmpIm(s.eipCur);
  const shift = t.const(s.dflag === MO_32 ? 1 : 0);
  if (s.pe && !s.vm86) t.call(sys.helper_lcall_protected, [s.T0, s.T1, shift, t.const(s.eipNext)]);
  else t.call(sys.helper_lcall_real, [s.T0, s.T1, shift, t.const(s.eipNext)]);
  s.eob(false, true);
}

/** pusha/popa/enter/leave (QEMU's gen_pusha, gen_popa, gen_enter, gen_leave) */
function genPusha(s: DisasContext): void {
  const t = s.tcg;
  const sOt = s.stackSize;
  const dOt = s.dflag;
  const size = 1 << dOt;
  for (let i = 0; i < 8; i++) {
    t.addi(s.tmp0, s.cpuRegs[R_ESP], (i - 8) * size);
    s.leaVSeg(sOt, s.tmp0, R_SS, -1);
    s.st(dOt, s.cpuRegs[7 - i], s.A0);
  }
  s.addRegIm(sOt, R_ESP, -8 * size);
}
function genPopa(s: DisasContext): void {
  const t = s.tcg;
  const sOt = s.stackSize;
  const dOt = s.dflag;
  const size = 1 << dOt;
  for (let i = 0; i < 8; i++) {
    if (7 - i === R_ESP) continue;
    t.addi(s.tmp0, s.cpuRegs[R_ESP], i * size);
    s.leaVSeg(sOt, s.tmp0, R_SS, -1);
    s.ld(dOt, s.T0, s.A0);
    s.movRegV(dOt, 7 - i, s.T0);
  }
  s.addRegIm(sOt, R_ESP, 8 * size);
}
function genEnter(s: DisasContext, espAddend: number, level: number): void {
  const t = s.tcg;
  const dOt = s.pushSize;
  const aOt = s.stackSize;
  const size = 1 << dOt;
  t.subi(s.T1, s.cpuRegs[R_ESP], size);
  s.leaVSeg(aOt, s.T1, R_SS, -1);
  s.st(dOt, s.cpuRegs[R_EBP], s.A0);
  level &= 31;
  if (level !== 0) {
    for (let i = 1; i < level; i++) {
      t.subi(s.tmp4, s.cpuRegs[R_EBP], size * i);
      s.leaVSeg(aOt, s.tmp4, R_SS, -1);
      s.ld(dOt, s.tmp0, s.A0);
      t.subi(s.tmp4, s.T1, size * i);
      s.leaVSeg(aOt, s.tmp4, R_SS, -1);
      s.st(dOt, s.tmp0, s.A0);
    }
    t.subi(s.tmp4, s.T1, size * level);
    s.leaVSeg(aOt, s.tmp4, R_SS, -1);
    s.st(dOt, s.T1, s.A0);
  }
  s.movRegV(aOt, R_EBP, s.T1);
  t.subi(s.T1, s.T1, espAddend + size * level);
  s.movRegV(aOt, R_ESP, s.T1);
}
function genLeave(s: DisasContext): void {
  const t = s.tcg;
  const dOt = s.pushSize;
  const aOt = s.stackSize;
  s.leaVSeg(aOt, s.cpuRegs[R_EBP], R_SS, -1);
  s.ld(dOt, s.T0, s.A0);
  t.addi(s.T1, s.cpuRegs[R_EBP], 1 << dOt);
  s.movRegV(dOt, R_EBP, s.T0);
  s.movRegV(aOt, R_ESP, s.T1);
}

// ---- lock prefix ---------------------------------------------------------------------------

/** Whether LOCK is allowed on this opcode (b: 0x000-0x1ff) with this modrm (SDM vol. 2, LOCK). */
function lockAllowed(b: number, modrm: number): boolean {
  const mem = modrm >> 6 !== 3;
  const reg = (modrm >> 3) & 7;
  if (!mem) return false;
  if (b < 0x40 && (b & 7) < 2 && (b & 0x38) !== 0x38) return true; // ALU Ev,Gv forms, not cmp
  switch (b) {
    case 0x80:
    case 0x81:
    case 0x82:
    case 0x83:
      return reg !== 7;
    case 0x86:
    case 0x87:
      return true;
    case 0xf6:
    case 0xf7:
      return reg === 2 || reg === 3;
    case 0xfe:
    case 0xff:
      return reg < 2;
    case 0x1ab:
    case 0x1b3:
    case 0x1bb:
    case 0x1b0:
    case 0x1b1:
    case 0x1c0:
    case 0x1c1:
      return true;
    case 0x1ba:
      return reg >= 5;
    case 0x1c7:
      return reg === 1;
  }
  return false;
}
/** opcodes that take a ModRM byte (for peeking it under LOCK) */
function hasModrm(b: number): boolean {
  if (b < 0x100) {
    if (b < 0x40) return (b & 7) < 4;
    return (
      (b >= 0x80 && b <= 0x8f) ||
      b === 0x62 ||
      b === 0x63 ||
      b === 0x69 ||
      b === 0x6b ||
      b === 0xc0 ||
      b === 0xc1 ||
      b === 0xc4 ||
      b === 0xc5 ||
      b === 0xc6 ||
      b === 0xc7 ||
      (b >= 0xd0 && b <= 0xd3) ||
      (b >= 0xd8 && b <= 0xdf) ||
      b === 0xf6 ||
      b === 0xf7 ||
      b === 0xfe ||
      b === 0xff
    );
  }
  return true;
}

// ---- the decoder ---------------------------------------------------------------------------

/** Translate one instruction at s.pc (QEMU's disas_insn). */
export function disasInsn(s: DisasContext): void {
  const t = s.tcg;
  s.pcStart = s.pc;
  s.prefix = 0;
  s.overrideSeg = -1;
  let prefixes = 0;
  let b: number;
  for (;;) {
    b = s.ldub();
    switch (b) {
      case 0xf3:
        prefixes |= PREFIX_REPZ;
        prefixes &= ~PREFIX_REPNZ;
        continue;
      case 0xf2:
        prefixes |= PREFIX_REPNZ;
        prefixes &= ~PREFIX_REPZ;
        continue;
      case 0xf0:
        prefixes |= PREFIX_LOCK;
        continue;
      case 0x2e:
        s.overrideSeg = R_CS;
        continue;
      case 0x36:
        s.overrideSeg = R_SS;
        continue;
      case 0x3e:
        s.overrideSeg = R_DS;
        continue;
      case 0x26:
        s.overrideSeg = R_ES;
        continue;
      case 0x64:
        s.overrideSeg = R_FS;
        continue;
      case 0x65:
        s.overrideSeg = R_GS;
        continue;
      case 0x66:
        prefixes |= PREFIX_DATA;
        continue;
      case 0x67:
        prefixes |= PREFIX_ADR;
        continue;
    }
    break;
  }
  if (s.pc - s.pcStart > 15) {
    // the 15-byte limit: #GP(0)
    s.genException(EXCP0D_GPF);
    return;
  }
  s.prefix = prefixes;
  s.dflag = s.code32 !== ((prefixes & PREFIX_DATA) !== 0) ? MO_32 : MO_16;
  s.aflag = s.code32 !== ((prefixes & PREFIX_ADR) !== 0) ? MO_32 : MO_16;
  if (b === 0x0f) b = 0x100 | s.ldub();
  if (prefixes & PREFIX_LOCK) {
    const modrm = hasModrm(b) ? s.code.ldub(s.pc >>> 0) : 0xc0;
    if (!lockAllowed(b, modrm)) illegal();
  }
  const dflag = s.dflag;
  const pushOt = s.pushSize;

  // two-operand ALU: 00-3f
  if (b < 0x40 && (b & 7) < 6) {
    const op = (b >> 3) & 7;
    const f = b & 7;
    const ot = f & 1 ? dflag : MO_8;
    switch (f >> 1) {
      case 0: {
        // Ev, Gv
        const modrm = s.ldub();
        const reg = (modrm >> 3) & 7;
        const mod = modrm >> 6;
        const rm = modrm & 7;
        if (mod !== 3) {
          s.leaModrm(modrm);
          s.movVReg(ot, s.T1, reg);
          genOp(s, op, ot, OR_TMP0);
        } else if (op === OP_XOR && rm === reg) {
          // xor r, r: constant zero, flags CLR
          t.movi(s.T0, 0);
          s.movRegV(ot, reg, s.T0);
          s.setCcOp(CCOp.CLR);
        } else {
          s.movVReg(ot, s.T1, reg);
          genOp(s, op, ot, rm);
        }
        return;
      }
      case 1: {
        // Gv, Ev
        const modrm = s.ldub();
        const reg = (modrm >> 3) & 7;
        if (modrm >> 6 !== 3) {
          s.leaModrm(modrm);
          s.ld(ot, s.T1, s.A0);
        } else if (op === OP_XOR && (modrm & 7) === reg) {
          t.movi(s.T0, 0);
          s.movRegV(ot, reg, s.T0);
          s.setCcOp(CCOp.CLR);
          return;
        } else s.movVReg(ot, s.T1, modrm & 7);
        genOp(s, op, ot, reg);
        return;
      }
      default: {
        // AL/eAX, imm
        t.movi(s.T1, s.insnGetImm(ot));
        genOp(s, op, ot, R_EAX);
        return;
      }
    }
  }

  switch (b) {
    case 0x80:
    case 0x81:
    case 0x82:
    case 0x83: {
      const ot = b & 1 ? dflag : MO_8;
      const modrm = s.ldub();
      const op = (modrm >> 3) & 7;
      let d = modrm & 7;
      if (modrm >> 6 !== 3) {
        s.leaModrm(modrm);
        d = OR_TMP0;
      }
      let val: number;
      if (b === 0x83) val = (s.ldub() << 24) >> 24;
      else val = s.insnGetImm(ot);
      t.movi(s.T1, val);
      genOp(s, op, ot, d);
      return;
    }
    // inc/dec/push/pop reg
    case 0x40:
    case 0x41:
    case 0x42:
    case 0x43:
    case 0x44:
    case 0x45:
    case 0x46:
    case 0x47:
      genInc(s, dflag, b & 7, 1);
      return;
    case 0x48:
    case 0x49:
    case 0x4a:
    case 0x4b:
    case 0x4c:
    case 0x4d:
    case 0x4e:
    case 0x4f:
      genInc(s, dflag, b & 7, -1);
      return;
    case 0x50:
    case 0x51:
    case 0x52:
    case 0x53:
    case 0x54:
    case 0x55:
    case 0x56:
    case 0x57:
      s.movVReg(pushOt, s.T0, b & 7);
      s.pushV(pushOt, s.T0);
      return;
    case 0x58:
    case 0x59:
    case 0x5a:
    case 0x5b:
    case 0x5c:
    case 0x5d:
    case 0x5e:
    case 0x5f:
      s.popT(pushOt, s.T0);
      // order matters for pop %esp
      s.popUpdate(pushOt);
      s.movRegV(pushOt, b & 7, s.T0);
      return;
    case 0x60:
      genPusha(s);
      return;
    case 0x61:
      genPopa(s);
      return;
    case 0x68:
    case 0x6a: {
      const val = b === 0x68 ? s.insnGetImm(pushOt) : (s.ldub() << 24) >> 24;
      t.movi(s.T0, val);
      s.pushV(pushOt, s.T0);
      return;
    }
    case 0x8f: {
      const modrm = s.ldub();
      s.popT(pushOt, s.T0);
      if (modrm >> 6 === 3) {
        s.popUpdate(pushOt);
        s.movRegV(pushOt, modrm & 7, s.T0);
      } else {
        // the address uses ESP after the pop
        s.popEspHack = 1 << pushOt;
        s.leaModrm(modrm);
        s.popEspHack = 0;
        s.st(pushOt, s.T0, s.A0);
        s.popUpdate(pushOt);
      }
      return;
    }
    case 0xc8: {
      const val = s.lduw();
      const level = s.ldub();
      genEnter(s, val, level);
      return;
    }
    case 0xc9:
      genLeave(s);
      return;
    case 0x06:
    case 0x0e:
    case 0x16:
    case 0x1e:
      movT0Seg(s, b >> 3);
      s.pushV(pushOt, s.T0);
      return;
    case 0x1a0:
    case 0x1a8:
      movT0Seg(s, ((b >> 3) & 7) === 4 ? R_FS : R_GS);
      s.pushV(pushOt, s.T0);
      return;
    case 0x07:
    case 0x17:
    case 0x1f: {
      const seg = b >> 3;
      s.popT(pushOt, s.T0);
      movlSegT0(s, seg);
      s.popUpdate(pushOt);
      return;
    }
    case 0x1a1:
    case 0x1a9:
      s.popT(pushOt, s.T0);
      movlSegT0(s, ((b >> 3) & 7) === 4 ? R_FS : R_GS);
      s.popUpdate(pushOt);
      return;

    // mov
    case 0x88:
    case 0x89: {
      const ot = b & 1 ? dflag : MO_8;
      const modrm = s.ldub();
      const reg = (modrm >> 3) & 7;
      s.movVReg(ot, s.T0, reg);
      if (modrm >> 6 === 3) s.movRegV(ot, modrm & 7, s.T0);
      else {
        s.leaModrm(modrm);
        s.st(ot, s.T0, s.A0);
      }
      return;
    }
    case 0xc6:
    case 0xc7: {
      const ot = b & 1 ? dflag : MO_8;
      const modrm = s.ldub();
      if (((modrm >> 3) & 7) !== 0) illegal();
      if (modrm >> 6 !== 3) s.leaModrm(modrm);
      t.movi(s.T0, s.insnGetImm(ot));
      if (modrm >> 6 === 3) s.movRegV(ot, modrm & 7, s.T0);
      else s.st(ot, s.T0, s.A0);
      return;
    }
    case 0x8a:
    case 0x8b: {
      const ot = b & 1 ? dflag : MO_8;
      const modrm = s.ldub();
      s.ldRm(ot, modrm, s.T0);
      s.movRegV(ot, (modrm >> 3) & 7, s.T0);
      return;
    }
    case 0x8e: {
      const modrm = s.ldub();
      const reg = (modrm >> 3) & 7;
      if (reg >= 6 || reg === R_CS) illegal();
      s.ldRm(MO_16, modrm, s.T0);
      movlSegT0(s, reg);
      return;
    }
    case 0x8c: {
      const modrm = s.ldub();
      const reg = (modrm >> 3) & 7;
      if (reg >= 6) illegal();
      movT0Seg(s, reg);
      if (modrm >> 6 === 3) s.movRegV(dflag, modrm & 7, s.T0);
      else {
        s.leaModrm(modrm);
        s.st(MO_16, s.T0, s.A0);
      }
      return;
    }
    case 0x1b6:
    case 0x1b7:
    case 0x1be:
    case 0x1bf: {
      const ot = dflag;
      const sot = b & 1 ? MO_16 : MO_8;
      const sign = (b & 8) !== 0;
      const modrm = s.ldub();
      const reg = (modrm >> 3) & 7;
      if (modrm >> 6 === 3) {
        s.movVReg(sot, s.T0, modrm & 7);
        s.ext(sot, s.T0, s.T0, sign);
      } else {
        s.leaModrm(modrm);
        s.ld(sot | (sign ? MO_SIGN : 0), s.T0, s.A0);
      }
      s.movRegV(ot, reg, s.T0);
      return;
    }
    case 0x8d: {
      const modrm = s.ldub();
      if (modrm >> 6 === 3) illegal();
      const reg = (modrm >> 3) & 7;
      const r = s.decodeModrmAddr(modrm);
      s.genLeaAddr(r);
      s.leaVSeg(s.aflag, s.A0, -1, -1);
      s.movRegV(dflag, reg, s.A0);
      return;
    }
    case 0xa0:
    case 0xa1:
    case 0xa2:
    case 0xa3: {
      const ot = b & 1 ? dflag : MO_8;
      const off = s.aflag === MO_32 ? s.ldl() : s.lduw();
      t.movi(s.tmp0, off);
      s.leaVSeg(s.aflag, s.tmp0, R_DS, s.overrideSeg);
      if (b & 2) {
        s.movVReg(ot, s.T0, R_EAX);
        s.st(ot, s.T0, s.A0);
      } else {
        s.ld(ot, s.T0, s.A0);
        s.movRegV(ot, R_EAX, s.T0);
      }
      return;
    }
    case 0xd7:
      t.ext8u(s.T0, s.cpuRegs[R_EAX]);
      t.add(s.tmp0, s.cpuRegs[R_EBX], s.T0);
      s.leaVSeg(s.aflag, s.tmp0, R_DS, s.overrideSeg);
      s.ld(MO_8, s.T0, s.A0);
      s.movRegV(MO_8, R_EAX, s.T0);
      return;
    case 0xb0:
    case 0xb1:
    case 0xb2:
    case 0xb3:
    case 0xb4:
    case 0xb5:
    case 0xb6:
    case 0xb7:
      t.movi(s.T0, s.ldub());
      s.movRegV(MO_8, b & 7, s.T0);
      return;
    case 0xb8:
    case 0xb9:
    case 0xba:
    case 0xbb:
    case 0xbc:
    case 0xbd:
    case 0xbe:
    case 0xbf:
      t.movi(s.T0, s.insnGetImm(dflag));
      s.movRegV(dflag, b & 7, s.T0);
      return;
    case 0x91:
    case 0x92:
    case 0x93:
    case 0x94:
    case 0x95:
    case 0x96:
    case 0x97: {
      const reg = b & 7;
      s.movVReg(dflag, s.T0, reg);
      s.movVReg(dflag, s.T1, R_EAX);
      s.movRegV(dflag, R_EAX, s.T0);
      s.movRegV(dflag, reg, s.T1);
      return;
    }
    case 0x86:
    case 0x87: {
      const ot = b & 1 ? dflag : MO_8;
      const modrm = s.ldub();
      const reg = (modrm >> 3) & 7;
      if (modrm >> 6 === 3) {
        const rm = modrm & 7;
        s.movVReg(ot, s.T0, reg);
        s.movVReg(ot, s.T1, rm);
        s.movRegV(ot, rm, s.T0);
        s.movRegV(ot, reg, s.T1);
      } else {
        s.leaModrm(modrm);
        s.movVReg(ot, s.T0, reg);
        s.ld(ot, s.T1, s.A0);
        s.st(ot, s.T0, s.A0);
        s.movRegV(ot, reg, s.T1);
      }
      return;
    }
    case 0xc4:
    case 0xc5:
    case 0x1b2:
    case 0x1b4:
    case 0x1b5: {
      const seg = b === 0xc4 ? R_ES : b === 0xc5 ? R_DS : b === 0x1b2 ? R_SS : b === 0x1b4 ? R_FS : R_GS;
      const ot = dflag;
      const modrm = s.ldub();
      if (modrm >> 6 === 3) illegal();
      const reg = (modrm >> 3) & 7;
      s.leaModrm(modrm);
      s.ld(ot, s.T1, s.A0);
      t.addi(s.A0, s.A0, 1 << ot);
      s.ld(MO_16, s.T0, s.A0);
      movlSegT0(s, seg);
      s.movRegV(ot, reg, s.T1);
      return;
    }

    // shifts
    case 0xc0:
    case 0xc1:
    case 0xd0:
    case 0xd1:
    case 0xd2:
    case 0xd3: {
      const ot = b & 1 ? dflag : MO_8;
      const modrm = s.ldub();
      const op = (modrm >> 3) & 7;
      let d = modrm & 7;
      if (modrm >> 6 !== 3) {
        s.leaModrm(modrm);
        d = OR_TMP0;
      }
      if (b >= 0xd2) {
        s.movVReg(MO_8, s.T1, R_ECX);
        genShift(s, op, ot, d);
      } else {
        const c = b >= 0xd0 ? 1 : s.ldub();
        genShift(s, op, ot, d, c);
      }
      return;
    }
    case 0x1a4:
    case 0x1a5:
    case 0x1ac:
    case 0x1ad: {
      const ot = dflag;
      const modrm = s.ldub();
      const reg = (modrm >> 3) & 7;
      let d = modrm & 7;
      if (modrm >> 6 !== 3) {
        s.leaModrm(modrm);
        d = OR_TMP0;
      }
      s.movVReg(ot, s.T1, reg);
      let count: number;
      if (b & 1) count = s.cpuRegs[R_ECX];
      else count = t.const(s.ldub());
      genShiftd(s, ot, d, (b & 8) !== 0, count);
      return;
    }

    // unary group 3
    case 0xf6:
    case 0xf7: {
      const ot = b & 1 ? dflag : MO_8;
      const modrm = s.ldub();
      const op = (modrm >> 3) & 7;
      const mod = modrm >> 6;
      const rm = modrm & 7;
      if (mod !== 3) {
        s.leaModrm(modrm);
        s.ld(ot, s.T0, s.A0);
      } else s.movVReg(ot, s.T0, rm);
      switch (op) {
        case 0:
        case 1:
          t.movi(s.T1, s.insnGetImm(ot));
          t.and(s.ccDst, s.T0, s.T1);
          s.setCcOp(CCOp.LOGICB + ot);
          return;
        case 2:
          t.not(s.T0, s.T0);
          s.stRm(ot, modrm, s.T0);
          return;
        case 3:
          t.neg(s.T0, s.T0);
          s.stRm(ot, modrm, s.T0);
          t.neg(s.ccSrc, s.T0);
          t.mov(s.ccDst, s.T0);
          t.movi(s.ccSrcT, 0);
          s.setCcOp(CCOp.SUBB + ot);
          return;
        case 4:
          genMul(s, ot, false);
          return;
        case 5:
          genMul(s, ot, true);
          return;
        case 6:
        case 7: {
          const h =
            op === 6
              ? [helper_divb_AL, helper_divw_AX, helper_divl_EAX][ot]
              : [helper_idivb_AL, helper_idivw_AX, helper_idivl_EAX][ot];
          t.call(h, [s.T0]);
          return;
        }
      }
      return;
    }
    case 0x69:
    case 0x6b:
    case 0x1af: {
      const ot = dflag;
      const modrm = s.ldub();
      const reg = (modrm >> 3) & 7;
      s.ldRm(ot, modrm, s.T0);
      if (b === 0x69) t.movi(s.T1, s.insnGetImm(ot));
      else if (b === 0x6b) t.movi(s.T1, (s.ldub() << 24) >> 24);
      else s.movVReg(ot, s.T1, reg);
      if (ot === MO_32) {
        const lo = s.tmp4;
        const hi = s.tmp0;
        t.muls2(lo, hi, s.T0, s.T1);
        s.movRegV(ot, reg, lo);
        t.mov(s.ccDst, lo);
        t.sari(s.T0, lo, 31);
        t.sub(s.ccSrc, hi, s.T0);
      } else {
        t.ext16s(s.T0, s.T0);
        t.ext16s(s.T1, s.T1);
        t.mul(s.T0, s.T0, s.T1);
        t.mov(s.ccDst, s.T0);
        t.ext16s(s.tmp0, s.T0);
        t.sub(s.ccSrc, s.T0, s.tmp0);
        s.movRegV(ot, reg, s.T0);
      }
      s.setCcOp(CCOp.MULB + ot);
      return;
    }
    case 0xfe:
    case 0xff: {
      const ot = b & 1 ? dflag : MO_8;
      const modrm = s.ldub();
      const op = (modrm >> 3) & 7;
      const mod = modrm >> 6;
      const rm = modrm & 7;
      if (op >= 2 && b === 0xfe) illegal();
      if (op === 7) illegal();
      if (mod === 3 && (op === 3 || op === 5)) illegal();
      const opOt = op === 2 || op === 4 ? pushOt : op === 6 ? pushOt : ot;
      if (mod !== 3) {
        s.leaModrm(modrm);
        if (op >= 2 && op !== 3 && op !== 5) s.ld(opOt, s.T0, s.A0);
      } else if (op >= 2) s.movVReg(opOt, s.T0, rm);
      switch (op) {
        case 0:
          genInc(s, ot, mod !== 3 ? OR_TMP0 : rm, 1);
          return;
        case 1:
          genInc(s, ot, mod !== 3 ? OR_TMP0 : rm, -1);
          return;
        case 2:
          // call Ev
          t.movi(s.T1, s.eipNext);
          s.pushV(pushOt, s.T1);
          genJr(s);
          return;
        case 3:
        case 5:
          // lcall/ljmp Ep
          s.ld(ot, s.T1, s.A0);
          t.addi(s.A0, s.A0, 1 << ot);
          s.ld(MO_16, s.T0, s.A0);
          if (op === 3) genLcall(s);
          else genLjmp(s);
          return;
        case 4:
          genJr(s);
          return;
        default:
          s.pushV(pushOt, s.T0);
          return;
      }
    }
    case 0x84:
    case 0x85: {
      const ot = b & 1 ? dflag : MO_8;
      const modrm = s.ldub();
      s.ldRm(ot, modrm, s.T0);
      s.movVReg(ot, s.T1, (modrm >> 3) & 7);
      t.and(s.ccDst, s.T0, s.T1);
      s.setCcOp(CCOp.LOGICB + ot);
      return;
    }
    case 0xa8:
    case 0xa9: {
      const ot = b & 1 ? dflag : MO_8;
      s.movVReg(ot, s.T0, R_EAX);
      t.movi(s.T1, s.insnGetImm(ot));
      t.and(s.ccDst, s.T0, s.T1);
      s.setCcOp(CCOp.LOGICB + ot);
      return;
    }
    case 0x98:
      if (dflag === MO_32) {
        t.ext16s(s.T0, s.cpuRegs[R_EAX]);
        s.movRegV(MO_32, R_EAX, s.T0);
      } else {
        t.ext8s(s.T0, s.cpuRegs[R_EAX]);
        s.movRegV(MO_16, R_EAX, s.T0);
      }
      return;
    case 0x99:
      if (dflag === MO_32) {
        t.sari(s.T0, s.cpuRegs[R_EAX], 31);
        s.movRegV(MO_32, R_EDX, s.T0);
      } else {
        t.ext16s(s.T0, s.cpuRegs[R_EAX]);
        t.sari(s.T0, s.T0, 15);
        s.movRegV(MO_16, R_EDX, s.T0);
      }
      return;

    // BCD
    case 0x27:
    case 0x2f:
    case 0x37:
    case 0x3f:
      s.computeEflags();
      t.call(b === 0x27 ? helper_daa : b === 0x2f ? helper_das : b === 0x37 ? helper_aaa : helper_aas, []);
      s.setCcOp(CCOp.EFLAGS);
      return;
    case 0xd4: {
      const val = s.ldub();
      if (val === 0) {
        s.genException(EXCP00_DIVZ);
        return;
      }
      t.call(helper_aam, [t.const(val)]);
      s.setCcOp(CCOp.LOGICB);
      return;
    }
    case 0xd5:
      t.call(helper_aad, [t.const(s.ldub())]);
      s.setCcOp(CCOp.LOGICB);
      return;
    case 0xd6:
      s.computeEflagsC(s.T0);
      t.neg(s.T0, s.T0);
      s.movRegV(MO_8, R_EAX, s.T0);
      return;

    // flags
    case 0x9c:
      if (!checkVm86Iopl(s)) return;
      s.updateCcOp();
      t.call(sys.helper_read_eflags, [], s.T0);
      s.pushV(pushOt, s.T0);
      return;
    case 0x9d: {
      if (!checkVm86Iopl(s)) return;
      s.popT(pushOt, s.T0);
      let mask: number;
      if (s.cpl === 0) mask = TF_MASK | AC_MASK | ID_MASK | NT_MASK | IF_MASK | IOPL_MASK;
      else if (s.cpl <= s.iopl) mask = TF_MASK | AC_MASK | ID_MASK | NT_MASK | IF_MASK;
      else mask = TF_MASK | AC_MASK | ID_MASK | NT_MASK;
      if (dflag === MO_16) mask &= 0xffff;
      t.call(sys.helper_write_eflags, [s.T0, t.const(mask)]);
      s.popUpdate(pushOt);
      s.setCcOp(CCOp.EFLAGS);
      // TF/AC/IF may change
      s.isJmp = DisasJump.EOB_NEXT;
      return;
    }
    case 0x9e:
      s.computeEflags();
      s.movVReg(MO_8, s.T0, 4);
      t.andi(s.T0, s.T0, CC_S | CC_Z | CC_A | CC_P | CC_C);
      t.andi(s.ccSrc, s.ccSrc, CC_O);
      t.or(s.ccSrc, s.ccSrc, s.T0);
      return;
    case 0x9f:
      s.computeEflags();
      t.ori(s.T0, s.ccSrc, 0x02);
      s.movRegV(MO_8, 4, s.T0);
      return;
    case 0xf5:
      s.computeEflags();
      t.xori(s.ccSrc, s.ccSrc, CC_C);
      return;
    case 0xf8:
      s.computeEflags();
      t.andi(s.ccSrc, s.ccSrc, ~CC_C);
      return;
    case 0xf9:
      s.computeEflags();
      t.ori(s.ccSrc, s.ccSrc, CC_C);
      return;
    case 0xfc:
      t.movi(s.dfG, 1);
      return;
    case 0xfd:
      t.movi(s.dfG, -1);
      return;
    case 0xfa:
      if (checkIopl(s)) t.call(sys.helper_cli, []);
      return;
    case 0xfb:
      if (checkIopl(s)) {
        t.call(sys.helper_sti, []);
        s.isJmp = DisasJump.EOB_INHIBIT;
      }
      return;

    // string
    case 0xa4:
    case 0xa5:
      genString(s, b & 1 ? dflag : MO_8, genMovs, false);
      return;
    case 0xaa:
    case 0xab:
      genString(s, b & 1 ? dflag : MO_8, genStos, false);
      return;
    case 0xac:
    case 0xad:
      genString(s, b & 1 ? dflag : MO_8, genLods, false);
      return;
    case 0xae:
    case 0xaf:
      genString(s, b & 1 ? dflag : MO_8, genScas, true);
      return;
    case 0xa6:
    case 0xa7:
      genString(s, b & 1 ? dflag : MO_8, genCmps, true);
      return;
    case 0x6c:
    case 0x6d: {
      const ot = b & 1 ? (dflag === MO_32 ? MO_32 : MO_16) : MO_8;
      t.andi(s.T1, s.cpuRegs[R_EDX], 0xffff);
      genCheckIo(s, ot, s.T1);
      genString(s, ot, genIns, false);
      return;
    }
    case 0x6e:
    case 0x6f: {
      const ot = b & 1 ? (dflag === MO_32 ? MO_32 : MO_16) : MO_8;
      t.andi(s.T1, s.cpuRegs[R_EDX], 0xffff);
      genCheckIo(s, ot, s.T1);
      genString(s, ot, genOuts, false);
      return;
    }

    // port I/O
    case 0xe4:
    case 0xe5:
    case 0xe6:
    case 0xe7:
    case 0xec:
    case 0xed:
    case 0xee:
    case 0xef: {
      const ot = b & 1 ? (dflag === MO_32 ? MO_32 : MO_16) : MO_8;
      const port = s.tmp4;
      if (b & 8) t.andi(port, s.cpuRegs[R_EDX], 0xffff);
      else t.movi(port, s.ldub());
      genCheckIo(s, ot, port);
      if (b & 2) {
        s.movVReg(ot, s.T1, R_EAX);
        t.call(sys.OUT_HELPERS[ot], [port, s.T1]);
      } else {
        t.call(sys.IN_HELPERS[ot], [port], s.T1);
        s.movRegV(ot, R_EAX, s.T1);
      }
      return;
    }

    // control transfer
    case 0xc2:
    case 0xc3: {
      const val = b === 0xc2 ? (s.lduw() << 16) >> 16 : 0;
      s.popT(pushOt, s.T0);
      s.addRegIm(s.stackSize, R_ESP, val + (1 << pushOt));
      genJr(s);
      return;
    }
    case 0xca:
    case 0xcb: {
      const val = b === 0xca ? (s.lduw() << 16) >> 16 : 0;
      if (s.pe && !s.vm86) {
        s.updateCcOp();
        s.jmpIm(s.eipCur);
        t.call(sys.helper_lret_protected, [t.const(dflag === MO_32 ? 1 : 0), t.const(val)]);
      } else {
        s.leaVSeg(s.stackSize, s.cpuRegs[R_ESP], R_SS, -1);
        s.ld(dflag, s.T0, s.A0);
        t.addi(s.A0, s.A0, 1 << dflag);
        s.ld(dflag, s.T1, s.A0);
        t.mov(s.eipG, s.T0);
        t.mov(s.T0, s.T1);
        t.call(sys.helper_load_seg_real, [t.const(R_CS), s.T0]);
        s.addRegIm(s.stackSize, R_ESP, val + (2 << dflag));
      }
      s.eob(false, true);
      return;
    }
    case 0xcf:
      if (!s.pe || s.vm86) {
        if (!checkVm86Iopl(s)) return;
        t.call(sys.helper_iret_real, [t.const(dflag === MO_32 ? 1 : 0)]);
      } else {
        s.updateCcOp();
        s.jmpIm(s.eipCur);
        t.call(sys.helper_iret_protected, [t.const(dflag === MO_32 ? 1 : 0), t.const(s.eipNext)]);
      }
      s.setCcOp(CCOp.EFLAGS);
      s.ccOpDirty = false;
      s.eob(false, true);
      return;
    case 0xe8: {
      const disp = dflag === MO_32 ? s.ldl() : (s.lduw() << 16) >> 16;
      const next = s.eipNext;
      let tval = (next + disp) | 0;
      if (dflag === MO_16) tval &= 0xffff;
      t.movi(s.T0, next);
      s.pushV(pushOt, s.T0);
      genJmp(s, tval);
      return;
    }
    case 0x9a: {
      const off = s.insnGetImm(dflag);
      const sel = s.lduw();
      t.movi(s.T0, sel);
      t.movi(s.T1, off);
      genLcall(s);
      return;
    }
    case 0xe9:
    case 0xeb: {
      const disp = b === 0xeb ? (s.ldub() << 24) >> 24 : dflag === MO_32 ? s.ldl() : (s.lduw() << 16) >> 16;
      let tval = (s.eipNext + disp) | 0;
      if (dflag === MO_16) tval &= 0xffff;
      genJmp(s, tval);
      return;
    }
    case 0xea: {
      const off = s.insnGetImm(dflag);
      const sel = s.lduw();
      t.movi(s.T0, sel);
      t.movi(s.T1, off);
      genLjmp(s);
      return;
    }
    case 0xe0:
    case 0xe1:
    case 0xe2:
    case 0xe3: {
      const disp = (s.ldub() << 24) >> 24;
      const next = s.eipNext;
      let tval = (next + disp) | 0;
      if (dflag === MO_16) tval &= 0xffff;
      const l1 = t.label();
      const l3 = t.label();
      s.updateCcOp();
      if (b <= 0xe2) {
        s.addRegIm(s.aflag, R_ECX, -1);
        if (b === 0xe2) t.brcond(TCGCond.NE, ecxValue(s), t.const(0), l1);
        else {
          t.brcond(TCGCond.EQ, ecxValue(s), t.const(0), l3);
          s.jcc1((JCC_Z << 1) | ((b & 1) ^ 1), l1);
        }
      } else t.brcond(TCGCond.EQ, ecxValue(s), t.const(0), l1);
      t.setLabel(l3);
      s.jmpTb(next, 1);
      t.setLabel(l1);
      s.jmpTb(tval, 0);
      return;
    }
    case 0x70:
    case 0x71:
    case 0x72:
    case 0x73:
    case 0x74:
    case 0x75:
    case 0x76:
    case 0x77:
    case 0x78:
    case 0x79:
    case 0x7a:
    case 0x7b:
    case 0x7c:
    case 0x7d:
    case 0x7e:
    case 0x7f: {
      const disp = (s.ldub() << 24) >> 24;
      let tval = (s.eipNext + disp) | 0;
      if (dflag === MO_16) tval &= 0xffff;
      genJcc(s, b, tval, s.eipNext);
      return;
    }
    case 0x180:
    case 0x181:
    case 0x182:
    case 0x183:
    case 0x184:
    case 0x185:
    case 0x186:
    case 0x187:
    case 0x188:
    case 0x189:
    case 0x18a:
    case 0x18b:
    case 0x18c:
    case 0x18d:
    case 0x18e:
    case 0x18f: {
      const disp = dflag === MO_32 ? s.ldl() : (s.lduw() << 16) >> 16;
      let tval = (s.eipNext + disp) | 0;
      if (dflag === MO_16) tval &= 0xffff;
      genJcc(s, b, tval, s.eipNext);
      return;
    }
    case 0x190:
    case 0x191:
    case 0x192:
    case 0x193:
    case 0x194:
    case 0x195:
    case 0x196:
    case 0x197:
    case 0x198:
    case 0x199:
    case 0x19a:
    case 0x19b:
    case 0x19c:
    case 0x19d:
    case 0x19e:
    case 0x19f: {
      const modrm = s.ldub();
      s.setcc1(b, s.T0);
      if (modrm >> 6 === 3) s.movRegV(MO_8, modrm & 7, s.T0);
      else {
        t.mov(s.T1, s.T0);
        s.leaModrm(modrm);
        s.st(MO_8, s.T1, s.A0);
      }
      return;
    }
    case 0x140:
    case 0x141:
    case 0x142:
    case 0x143:
    case 0x144:
    case 0x145:
    case 0x146:
    case 0x147:
    case 0x148:
    case 0x149:
    case 0x14a:
    case 0x14b:
    case 0x14c:
    case 0x14d:
    case 0x14e:
    case 0x14f: {
      const ot = dflag;
      const modrm = s.ldub();
      const reg = (modrm >> 3) & 7;
      s.ldRm(ot, modrm, s.T0);
      const cc = s.prepareCc(b, s.T1);
      // not tmp0: cc.a/cc.b may live there (16/8-bit SUB/ADD carry compares zero-extend cc_src into it)
      const old = t.temp();
      s.movVReg(ot, old, reg);
      t.movcond(cc.cond, s.T0, cc.a, cc.b, s.T0, old);
      s.movRegV(ot, reg, s.T0);
      return;
    }

    // bit ops
    case 0x1ba: {
      const ot = dflag;
      const modrm = s.ldub();
      const op = (modrm >> 3) & 7;
      if (op < 4) illegal();
      if (modrm >> 6 !== 3) {
        s.leaModrm(modrm);
        s.ld(ot, s.T0, s.A0);
      } else s.movVReg(ot, s.T0, modrm & 7);
      t.movi(s.T1, s.ldub());
      genBt(s, ot, modrm, op - 4);
      return;
    }
    case 0x1a3:
    case 0x1ab:
    case 0x1b3:
    case 0x1bb: {
      const ot = dflag;
      const op = (b >> 3) & 3;
      const modrm = s.ldub();
      const reg = (modrm >> 3) & 7;
      s.movVReg(MO_32, s.T1, reg);
      if (modrm >> 6 !== 3) {
        s.leaModrm(modrm);
        // bit offset addresses memory beyond the operand: signed displacement in operand units
        if (ot === MO_16) t.ext16s(s.tmp0, s.T1);
        else t.mov(s.tmp0, s.T1);
        t.sari(s.tmp0, s.tmp0, 3 + ot);
        t.shli(s.tmp0, s.tmp0, ot);
        t.add(s.A0, s.A0, s.tmp0);
        s.ld(ot, s.T0, s.A0);
      } else s.movVReg(ot, s.T0, modrm & 7);
      genBt(s, ot, modrm, op);
      return;
    }
    case 0x1bc:
    case 0x1bd: {
      const ot = dflag;
      const modrm = s.ldub();
      const reg = (modrm >> 3) & 7;
      s.ldRm(ot, modrm, s.T0);
      s.ext(ot, s.T0, s.T0, false);
      t.mov(s.ccDst, s.T0);
      s.setCcOp(CCOp.LOGICB + ot);
      // zero input leaves the destination unchanged, as real hardware
      if (b & 1) {
        t.xori(s.T1, s.cpuRegs[reg], 31);
        t.clz(s.T0, s.T0, s.T1);
        t.xori(s.T0, s.T0, 31);
      } else t.ctz(s.T0, s.T0, s.cpuRegs[reg]);
      s.movRegV(ot, reg, s.T0);
      return;
    }
    case 0x1c8:
    case 0x1c9:
    case 0x1ca:
    case 0x1cb:
    case 0x1cc:
    case 0x1cd:
    case 0x1ce:
    case 0x1cf:
      t.bswap32(s.cpuRegs[b & 7], s.cpuRegs[b & 7]);
      return;

    // atomics
    case 0x1c0:
    case 0x1c1: {
      const ot = b & 1 ? dflag : MO_8;
      const modrm = s.ldub();
      const reg = (modrm >> 3) & 7;
      s.movVReg(ot, s.T0, reg);
      if (modrm >> 6 === 3) {
        const rm = modrm & 7;
        s.movVReg(ot, s.T1, rm);
        t.add(s.T0, s.T0, s.T1);
        s.movRegV(ot, reg, s.T1);
        s.movRegV(ot, rm, s.T0);
      } else {
        s.leaModrm(modrm);
        s.ld(ot, s.T1, s.A0);
        t.add(s.T0, s.T0, s.T1);
        s.st(ot, s.T0, s.A0);
        s.movRegV(ot, reg, s.T1);
      }
      s.update2cc();
      s.setCcOp(CCOp.ADDB + ot);
      return;
    }
    case 0x1b0:
    case 0x1b1: {
      const ot = b & 1 ? dflag : MO_8;
      const modrm = s.ldub();
      const reg = (modrm >> 3) & 7;
      const oldv = t.tempLocal();
      const newv = s.T0;
      const cmpv = s.T1;
      s.movVReg(ot, newv, reg);
      s.movVReg(ot, cmpv, R_EAX);
      if (modrm >> 6 === 3) {
        const rm = modrm & 7;
        s.movVReg(ot, oldv, rm);
        t.movcond(TCGCond.EQ, newv, oldv, cmpv, newv, oldv);
        s.movRegV(ot, R_EAX, oldv);
        s.movRegV(ot, rm, newv);
      } else {
        s.leaModrm(modrm);
        s.ld(ot, oldv, s.A0);
        t.movcond(TCGCond.EQ, newv, oldv, cmpv, newv, oldv);
        // unconditional store cycle, before the accumulator changes (restartable)
        s.st(ot, newv, s.A0);
        s.movRegV(ot, R_EAX, oldv);
      }
      t.mov(s.ccSrc, oldv);
      t.mov(s.ccSrcT, cmpv);
      t.sub(s.ccDst, cmpv, oldv);
      s.setCcOp(CCOp.SUBB + ot);
      return;
    }
    case 0x1c7: {
      const modrm = s.ldub();
      if (modrm >> 6 === 3 || ((modrm >> 3) & 7) !== 1) illegal();
      s.leaModrm(modrm);
      s.computeEflags();
      const lo = t.tempLocal();
      const hi = t.tempLocal();
      const eq = t.tempLocal();
      s.ld(MO_32, lo, s.A0);
      t.addi(s.tmp4, s.A0, 4);
      s.ld(MO_32, hi, s.tmp4);
      t.setcond(TCGCond.EQ, eq, lo, s.cpuRegs[R_EAX]);
      t.setcond(TCGCond.EQ, s.tmp0, hi, s.cpuRegs[R_EDX]);
      t.and(eq, eq, s.tmp0);
      const z = t.const(0);
      t.movcond(TCGCond.NE, s.T0, eq, z, s.cpuRegs[R_EBX], lo);
      t.movcond(TCGCond.NE, s.T1, eq, z, s.cpuRegs[R_ECX], hi);
      s.st(MO_32, s.T0, s.A0);
      s.st(MO_32, s.T1, s.tmp4);
      t.mov(s.cpuRegs[R_EAX], lo);
      t.mov(s.cpuRegs[R_EDX], hi);
      t.deposit(s.ccSrc, s.ccSrc, eq, 6, 1);
      return;
    }

    // interrupts and system
    case 0xcc:
      genInterrupt(s, EXCP03_INT3);
      return;
    case 0xcd: {
      const val = s.ldub();
      if (s.vm86 && s.iopl !== 3) s.genException(EXCP0D_GPF);
      else genInterrupt(s, val);
      return;
    }
    case 0xce:
      s.updateCcOp();
      s.jmpIm(s.eipCur);
      t.call(sys.helper_into, [t.const(s.eipNext)]);
      return;
    case 0xf1:
      genInterrupt(s, EXCP01_DB);
      return;
    case 0x62: {
      const ot = dflag;
      const modrm = s.ldub();
      if (modrm >> 6 === 3) illegal();
      s.movVReg(ot, s.T0, (modrm >> 3) & 7);
      s.leaModrm(modrm);
      t.call(ot === MO_16 ? sys.helper_boundw : sys.helper_boundl, [s.A0, s.T0]);
      return;
    }
    case 0x63: {
      if (!s.pe || s.vm86) illegal();
      const modrm = s.ldub();
      const reg = (modrm >> 3) & 7;
      const t0 = t.tempLocal();
      s.ldRm(MO_16, modrm, t0);
      s.movVReg(MO_16, s.T1, reg);
      t.andi(s.tmp0, t0, 3);
      t.andi(s.T1, s.T1, 3);
      // if RPL(dest) < RPL(src): dest.RPL = src.RPL, ZF = 1
      t.setcond(TCGCond.LT, s.tmp4, s.tmp0, s.T1);
      t.andi(s.T0, t0, ~3);
      t.or(s.T0, s.T0, s.T1);
      t.movcond(TCGCond.NE, t0, s.tmp4, t.const(0), s.T0, t0);
      s.stRm(MO_16, modrm, t0);
      s.computeEflags();
      t.andi(s.ccSrc, s.ccSrc, ~CC_Z);
      t.shli(s.tmp4, s.tmp4, 6);
      t.or(s.ccSrc, s.ccSrc, s.tmp4);
      return;
    }
    case 0xf4:
      if (checkCpl0(s)) {
        s.updateCcOp();
        s.jmpIm(s.eipCur);
        t.call(sys.helper_hlt, [t.const(s.eipNext)]);
        s.isJmp = DisasJump.NORETURN;
      }
      return;
    case 0x90:
      // nop; f3 90 is pause
      return;
    case 0x9b:
      // CR0.MP and TS: #NM before waiting
      if ((s.flags & (HF_MP_MASK | sys.HF_TS_MASK)) === (HF_MP_MASK | sys.HF_TS_MASK)) s.genException(7);
      else {
        s.updateCcOp();
        s.jmpIm(s.eipCur);
        t.call(sys.helper_fwait, []);
      }
      return;
    case 0xd8:
    case 0xd9:
    case 0xda:
    case 0xdb:
    case 0xdc:
    case 0xdd:
    case 0xde:
    case 0xdf: {
      const modrm = s.ldub();
      if (s.flags & (sys.HF_EM_MASK | sys.HF_TS_MASK)) {
        // #NM (device not available)
        s.genException(7);
        return;
      }
      let seg = R_DS;
      if (modrm >> 6 !== 3) {
        const r = s.decodeModrmAddr(modrm);
        s.genLeaAddr(r);
        s.leaVSeg(s.aflag, s.A0, r.defSeg, s.overrideSeg);
        seg = s.overrideSeg >= 0 ? s.overrideSeg : r.defSeg;
      } else t.movi(s.A0, 0);
      s.updateCcOp();
      s.jmpIm(s.eipCur);
      const fpuFlags = (dflag === MO_32 ? sys.FPU_EXEC_DATA32 : 0) | (seg << sys.FPU_EXEC_SEG_SHIFT);
      t.call(sys.helper_fpu_exec, [
        t.const(((b & 7) << 8) | modrm),
        s.A0,
        t.const(s.eipCur),
        t.const(fpuFlags),
      ]);
      // fcomi/fucomi(p) write ZF/PF/CF: the helper leaves cc_op = EFLAGS
      if (
        (b === 0xdb || b === 0xdf) &&
        modrm >> 6 === 3 &&
        ((modrm >> 3) & 7) >= 5 &&
        ((modrm >> 3) & 7) <= 6
      ) {
        s.setCcOp(CCOp.DYNAMIC);
      }
      return;
    }
    case 0x1a2:
      s.updateCcOp();
      s.jmpIm(s.eipCur);
      t.call(sys.helper_cpuid, []);
      return;
    case 0x131:
      s.updateCcOp();
      s.jmpIm(s.eipCur);
      t.call(sys.helper_rdtsc, []);
      return;
    case 0x130:
    case 0x132:
      if (checkCpl0(s)) {
        s.updateCcOp();
        s.jmpIm(s.eipCur);
        t.call(b === 0x132 ? sys.helper_rdmsr : sys.helper_wrmsr, []);
        if (b === 0x130) s.isJmp = DisasJump.EOB_NEXT;
      }
      return;
    case 0x134:
      if (!s.pe) s.genException(EXCP0D_GPF);
      else {
        s.updateCcOp();
        s.jmpIm(s.eipCur);
        t.call(sys.helper_sysenter, []);
        s.eob(false, true);
      }
      return;
    case 0x135:
      if (!s.pe) s.genException(EXCP0D_GPF);
      else {
        s.updateCcOp();
        s.jmpIm(s.eipCur);
        t.call(sys.helper_sysexit, [t.const(dflag === MO_32 ? 1 : 0)]);
        s.eob(false, true);
      }
      return;
    case 0x106:
      if (checkCpl0(s)) {
        t.call(sys.helper_clts, []);
        s.isJmp = DisasJump.EOB_NEXT;
      }
      return;
    case 0x108:
    case 0x109:
      checkCpl0(s);
      return;
    case 0x10b:
    case 0x1b9:
    case 0x1ff:
      illegal();
      break;
    case 0x10d:
    case 0x118:
    case 0x119:
    case 0x11a:
    case 0x11b:
    case 0x11c:
    case 0x11d:
    case 0x11e:
    case 0x11f: {
      // hint nops with a ModRM operand (no access)
      const modrm = s.ldub();
      if (modrm >> 6 !== 3) s.decodeModrmAddr(modrm);
      return;
    }
    case 0x120:
    case 0x122: {
      if (!checkCpl0(s)) return;
      const modrm = s.ldub();
      const reg = (modrm >> 3) & 7;
      const rm = modrm & 7;
      if (reg !== 0 && reg !== 2 && reg !== 3 && reg !== 4) illegal();
      s.updateCcOp();
      s.jmpIm(s.eipCur);
      if (b & 2) {
        s.movVReg(MO_32, s.T0, rm);
        t.call(sys.helper_write_crN, [t.const(reg), s.T0]);
        s.isJmp = DisasJump.EOB_NEXT;
      } else {
        t.call(sys.helper_read_crN, [t.const(reg)], s.T0);
        s.movRegV(MO_32, rm, s.T0);
      }
      return;
    }
    case 0x121:
    case 0x123: {
      if (!checkCpl0(s)) return;
      const modrm = s.ldub();
      const reg = (modrm >> 3) & 7;
      const rm = modrm & 7;
      s.updateCcOp();
      s.jmpIm(s.eipCur);
      if (b & 2) {
        s.movVReg(MO_32, s.T0, rm);
        t.call(sys.helper_set_dr, [t.const(reg), s.T0]);
        s.isJmp = DisasJump.EOB_NEXT;
      } else {
        t.call(sys.helper_get_dr, [t.const(reg)], s.T0);
        s.movRegV(MO_32, rm, s.T0);
      }
      return;
    }
    case 0x100: {
      const modrm = s.ldub();
      const op = (modrm >> 3) & 7;
      switch (op) {
        case 0:
        case 1: {
          if (!s.pe || s.vm86) illegal();
          t.call(helper_get_sel, [t.const(op)], s.T0, sys.NO_WG);
          const ot = modrm >> 6 === 3 ? dflag : MO_16;
          if (modrm >> 6 === 3) s.movRegV(ot, modrm & 7, s.T0);
          else {
            t.mov(s.T1, s.T0);
            s.leaModrm(modrm);
            s.st(ot, s.T1, s.A0);
          }
          return;
        }
        case 2:
        case 3:
          if (!s.pe || s.vm86) illegal();
          if (!checkCpl0(s)) return;
          s.ldRm(MO_16, modrm, s.T0);
          s.updateCcOp();
          s.jmpIm(s.eipCur);
          t.call(op === 2 ? sys.helper_lldt : sys.helper_ltr, [s.T0]);
          return;
        case 4:
        case 5:
          if (!s.pe || s.vm86) illegal();
          s.ldRm(MO_16, modrm, s.T0);
          s.updateCcOp();
          t.call(op === 4 ? sys.helper_verr : sys.helper_verw, [s.T0]);
          s.setCcOp(CCOp.EFLAGS);
          s.ccOpDirty = false;
          return;
      }
      illegal();
      break;
    }
    case 0x101: {
      const modrm = s.ldub();
      const op = (modrm >> 3) & 7;
      const mod = modrm >> 6;
      switch (op) {
        case 0:
        case 1: {
          if (mod === 3) illegal();
          s.leaModrm(modrm);
          t.call(helper_get_dt, [t.const(op), t.const(0)], s.T0, sys.NO_WG);
          s.st(MO_16, s.T0, s.A0);
          t.addi(s.A0, s.A0, 2);
          t.call(helper_get_dt, [t.const(op), t.const(1)], s.T0, sys.NO_WG);
          if (dflag === MO_16) t.andi(s.T0, s.T0, 0xffffff);
          s.st(MO_32, s.T0, s.A0);
          return;
        }
        case 2:
        case 3: {
          if (mod === 3) illegal();
          if (!checkCpl0(s)) return;
          s.leaModrm(modrm);
          s.ld(MO_16, s.T1, s.A0);
          t.addi(s.A0, s.A0, 2);
          s.ld(MO_32, s.T0, s.A0);
          if (dflag === MO_16) t.andi(s.T0, s.T0, 0xffffff);
          t.call(helper_store_dt, [t.const(op - 2), s.T1, s.T0], undefined, sys.NO_WG);
          return;
        }
        case 4: {
          t.call(helper_read_cr0, [], s.T0, sys.NO_WG);
          if (mod === 3) s.movRegV(dflag, modrm & 7, s.T0);
          else {
            t.mov(s.T1, s.T0);
            s.leaModrm(modrm);
            s.st(MO_16, s.T1, s.A0);
          }
          return;
        }
        case 6:
          if (!checkCpl0(s)) return;
          s.ldRm(MO_16, modrm, s.T0);
          s.updateCcOp();
          s.jmpIm(s.eipCur);
          t.call(sys.helper_lmsw, [s.T0]);
          s.isJmp = DisasJump.EOB_NEXT;
          return;
        case 7:
          if (mod === 3) illegal();
          if (!checkCpl0(s)) return;
          s.leaModrm(modrm);
          t.call(sys.helper_invlpg, [s.A0]);
          s.isJmp = DisasJump.EOB_NEXT;
          return;
      }
      illegal();
      break;
    }
    case 0x102:
    case 0x103: {
      if (!s.pe || s.vm86) illegal();
      const ot = dflag;
      const modrm = s.ldub();
      const reg = (modrm >> 3) & 7;
      s.ldRm(MO_16, modrm, s.T0);
      s.updateCcOp();
      const res = t.tempLocal();
      t.call(b === 0x102 ? sys.helper_lar : sys.helper_lsl, [s.T0], res);
      const l = t.label();
      t.andi(s.tmp0, s.ccSrc, CC_Z);
      t.brcond(TCGCond.EQ, s.tmp0, t.const(0), l);
      s.movRegV(ot, reg, res);
      t.setLabel(l);
      s.setCcOp(CCOp.EFLAGS);
      s.ccOpDirty = false;
      return;
    }
    case 0x1ae: {
      const modrm = s.ldub();
      const op = (modrm >> 3) & 7;
      const edx = s.env.features[0];
      if (modrm >> 6 === 3) {
        // lfence / mfence need SSE2, sfence SSE (as CPUID advertises them)
        if ((op === 5 || op === 6) && edx & CPUID_SSE2) return;
        if (op === 7 && edx & CPUID_SSE) return;
        illegal();
      }
      if (op === 7 && edx & CPUID_CLFLUSH) {
        // clflush: address computed, no access
        s.decodeModrmAddr(modrm);
        return;
      }
      illegal();
      break;
    }
  }
  illegal();
}

/** bt/bts/btr/btc on T0 (value), bit T1; op: 0 bt, 1 bts, 2 btr, 3 btc (QEMU's bt_op) */
function genBt(s: DisasContext, ot: MemOp, modrm: number, op: number): void {
  const t = s.tcg;
  t.andi(s.T1, s.T1, (8 << ot) - 1);
  t.shr(s.tmp4, s.T0, s.T1);
  if (op !== 0) {
    t.shl(s.tmp0, t.const(1), s.T1);
    if (op === 1) t.or(s.T0, s.T0, s.tmp0);
    else if (op === 2) t.andc(s.T0, s.T0, s.tmp0);
    else t.xor(s.T0, s.T0, s.tmp0);
    s.stRm(ot, modrm, s.T0);
  }
  // C is the tested bit, Z unchanged, others undefined
  if (s.ccOp >= CCOp.MULB && s.ccOp <= CCOp.SARL) {
    t.mov(s.ccSrc, s.tmp4);
    s.setCcOp(((s.ccOp - CCOp.MULB) & 3) + CCOp.SARB);
  } else {
    s.computeEflags();
    t.deposit(s.ccSrc, s.ccSrc, s.tmp4, 0, 1);
  }
}

/** mul/imul of AL/AX/EAX by T0 (group 3 /4 /5) */
function genMul(s: DisasContext, ot: MemOp, signed: boolean): void {
  const t = s.tcg;
  switch (ot) {
    case MO_8:
      s.movVReg(MO_8, s.T1, R_EAX);
      if (signed) {
        t.ext8s(s.T0, s.T0);
        t.ext8s(s.T1, s.T1);
      }
      t.mul(s.T0, s.T0, s.T1);
      s.movRegV(MO_16, R_EAX, s.T0);
      t.mov(s.ccDst, s.T0);
      if (signed) {
        t.ext8s(s.tmp0, s.T0);
        t.sub(s.ccSrc, s.T0, s.tmp0);
      } else t.andi(s.ccSrc, s.T0, 0xff00);
      break;
    case MO_16:
      s.movVReg(MO_16, s.T1, R_EAX);
      if (signed) {
        t.ext16s(s.T0, s.T0);
        t.ext16s(s.T1, s.T1);
      }
      t.mul(s.T0, s.T0, s.T1);
      s.movRegV(MO_16, R_EAX, s.T0);
      t.mov(s.ccDst, s.T0);
      if (signed) {
        t.ext16s(s.tmp0, s.T0);
        t.sub(s.ccSrc, s.T0, s.tmp0);
      }
      t.shri(s.T0, s.T0, 16);
      s.movRegV(MO_16, R_EDX, s.T0);
      if (!signed) t.mov(s.ccSrc, s.T0);
      break;
    default: {
      const lo = s.tmp4;
      const hi = s.tmp0;
      if (signed) t.muls2(lo, hi, s.T0, s.cpuRegs[R_EAX]);
      else t.mulu2(lo, hi, s.T0, s.cpuRegs[R_EAX]);
      t.mov(s.cpuRegs[R_EAX], lo);
      t.mov(s.cpuRegs[R_EDX], hi);
      t.mov(s.ccDst, lo);
      if (signed) {
        t.sari(s.T1, lo, 31);
        t.sub(s.ccSrc, hi, s.T1);
      } else t.mov(s.ccSrc, hi);
      break;
    }
  }
  s.setCcOp(CCOp.MULB + ot);
}

// ---- the TB loop ---------------------------------------------------------------------------

export interface TranslateOptions {
  /** at most this many guest instructions (1 for single-step) */
  maxInsns: number;
}

/**
 * Translate guest code at tb.pc (linear) into tcg's IR (QEMU's gen_intermediate_code with the
 * i386 translator ops). Returns the number of guest bytes covered.
 */
export function genIntermediateCode(
  tcg: TCGContext,
  env: CPUX86State,
  tb: TranslationBlock,
  code: CodeReader,
  maxInsns: number,
): number {
  const s = new DisasContext(tcg, env, code, tb.pc, tb.csBase, tb.flags);
  if (s.flags & (HF_INHIBIT_IRQ_MASK | sys.HF_TF_MASK)) maxInsns = 1;
  tcg.maxInsns = maxInsns;
  for (;;) {
    const pcInsn = s.pc;
    tcg.insnStart((pcInsn - s.csBase) | 0, s.ccOp);
    s.numInsns++;
    try {
      disasInsn(s);
    } catch (e) {
      if (!(e instanceof IllegalOpcode)) throw e;
      // illegal_op: #UD at this instruction (state before it)
      const end = s.pc;
      s.pcStart = pcInsn;
      s.genException(EXCP06_ILLOP);
      s.pc = end;
    }
    if (s.isJmp !== DisasJump.NEXT) break;
    // stop at max insns, or before the next insn may cross into another page
    if (s.numInsns >= maxInsns || !samePage(s.pc, tb.pc) || (s.pc & 0xfff) > 0xff0) {
      s.isJmp = DisasJump.TOO_MANY;
      break;
    }
  }
  switch (s.isJmp) {
    case DisasJump.TOO_MANY:
      s.gotoTb(0, s.eipNext);
      break;
    case DisasJump.EOB_NEXT:
      s.updateCcOp();
      s.jmpIm(s.eipNext);
      s.eob(false, false);
      break;
    case DisasJump.EOB_INHIBIT:
      s.updateCcOp();
      s.jmpIm(s.eipNext);
      s.eob(true, false);
      break;
    case DisasJump.EOB_ONLY:
      s.eob(false, false);
      break;
    case DisasJump.JUMP:
      s.eob(false, true);
      break;
    default:
      break;
  }
  return (s.pc - tb.pc) | 0;
}

export {
  CC_A,
  CC_O,
  CC_P,
  IF_MASK,
  NT_MASK,
  OP_ADC,
  OP_ADD,
  OP_AND,
  OP_CMP,
  OP_OR,
  OP_RCL,
  OP_RCR,
  OP_ROL,
  OP_ROR,
  OP_SAR,
  OP_SBB,
  OP_SHL,
  OP_SHR,
  OP_SUB,
  OP_XOR,
  R_EBP,
  R_EDI,
};
