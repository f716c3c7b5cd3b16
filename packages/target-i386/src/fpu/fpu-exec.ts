/**
 * The translator's single entry into the x87: decode an escape opcode (D8..DF) with its ModRM
 * byte and run it on env.fpu, as QEMU 7.2's translate.c does for `case 0xd8 ... 0xdf` plus the
 * helpers it calls. Memory operands go through env.dataAccess (linear addresses); 64- and 80-bit
 * operands are built from 32/16-bit accesses. Loads happen before the stack changes and stores
 * before any pop, so a fault leaves the FPU state as it was.
 */
import { cpuCcComputeAll } from '../cc-helper.js';
import {
  CC_C,
  CC_P,
  CC_Z,
  CCOp,
  type CPUX86State,
  EXCP06_ILLOP,
  EXCP07_PREX,
  HF_EM_MASK,
  HF_TS_MASK,
  R_CS,
  R_DS,
  R_EAX,
  raiseException,
} from '../cpu.js';
import { FloatRelation } from './floatx80-ops.js';
import { helper_fldenv, helper_frstor, helper_fsave, helper_fstenv, helper_fwait } from './x87-env.js';
import {
  fcomiRelation,
  helper_fabs_ST0,
  helper_fbld_ST0,
  helper_fbst_ST0,
  helper_fchs_ST0,
  helper_fclex,
  helper_fcom_ST0_FT0,
  helper_fdecstp,
  helper_ffree_STN,
  helper_fildl_FT0,
  helper_fildl_ST0,
  helper_fildll_ST0,
  helper_fincstp,
  helper_fist_ST0,
  helper_fistl_ST0,
  helper_fistll_ST0,
  helper_fistt_ST0,
  helper_fisttl_ST0,
  helper_fisttll_ST0,
  helper_fld1_ST0,
  helper_fldl_FT0,
  helper_fldl_ST0,
  helper_fldl2e_ST0,
  helper_fldl2t_ST0,
  helper_fldlg2_ST0,
  helper_fldln2_ST0,
  helper_fldpi_ST0,
  helper_flds_FT0,
  helper_flds_ST0,
  helper_fldt_ST0,
  helper_fldz_ST0,
  helper_fmov_FT0_STN,
  helper_fmov_ST0_STN,
  helper_fmov_STN_ST0,
  helper_fninit,
  helper_fp_arith_ST0_FT0,
  helper_fp_arith_STN_ST0,
  helper_fprem,
  helper_fprem1,
  helper_frndint,
  helper_fscale,
  helper_fsqrt,
  helper_fstl_ST0,
  helper_fsts_ST0,
  helper_ftst,
  helper_fucom_ST0_FT0,
  helper_fxam_ST0,
  helper_fxchg_ST0_STN,
  helper_fxtract,
} from './x87-helpers.js';
import { fpuDataAccess, ld64, ld80, st64, st80 } from './x87-mem.js';
import { fldcw, fnstsw, fpop, fpush, st, type X87State } from './x87-state.js';
import {
  helper_f2xm1,
  helper_fcos,
  helper_fpatan,
  helper_fptan,
  helper_fsin,
  helper_fsincos,
  helper_fyl2x,
  helper_fyl2xp1,
} from './x87-transcendental.js';

/** flags argument of helper_fpu_exec: 32-bit operand size (fnstenv/fldenv/fnsave/frstor layout) */
export const FPU_EXEC_DATA32 = 1;
/** flags bits 1-3: the segment register of the memory operand (for fpds); default DS */
export const FPU_EXEC_SEG_SHIFT = 1;

// CPUID bits the x87 decoder checks (CPUID.1.EDX / CPUID.1.ECX).
const CPUID_CMOV = 1 << 15;
const CPUID_EXT_SSE3 = 1 << 0;

/** Run a store-producing helper, write its result, and only then keep its status-word effects. */
function storeThen(s: X87State, compute: () => () => void, pop: boolean): void {
  const fpus = s.fpus;
  const write = compute();
  try {
    write();
  } catch (e) {
    s.fpus = fpus;
    throw e;
  }
  if (pop) fpop(s);
}

/** fcomi/fucomi: ZF PF CF from the compare, other flags kept; leaves cc_op = EFLAGS (as QEMU). */
function fcomi(env: CPUX86State, quiet: boolean): void {
  const r = fcomiRelation(env.fpu, quiet);
  const cc =
    r === FloatRelation.less
      ? CC_C
      : r === FloatRelation.equal
        ? CC_Z
        : r === FloatRelation.greater
          ? 0
          : CC_Z | CC_P | CC_C;
  const eflags = cpuCcComputeAll(env);
  env.ccSrc = (eflags & ~(CC_Z | CC_P | CC_C)) | cc;
  env.ccOp = CCOp.EFLAGS;
}

/** fcmovcc condition from the lazy flags: B, E, BE, U (bit 3 of the op negates, DB = "not"). */
function fcmovTaken(env: CPUX86State, op: number): boolean {
  const f = cpuCcComputeAll(env);
  let c: boolean;
  switch (op & 3) {
    case 0:
      c = (f & CC_C) !== 0;
      break;
    case 1:
      c = (f & CC_Z) !== 0;
      break;
    case 2:
      c = (f & (CC_C | CC_Z)) !== 0;
      break;
    default:
      c = (f & CC_P) !== 0;
  }
  return op & 8 ? !c : c;
}

/**
 * Execute one x87 escape instruction.
 * @param opcodeModrm ((opcode & 7) << 8) | modrm, for opcodes D8..DF
 * @param ea linear address of the memory operand (mod != 3)
 * @param eip the instruction's EIP (recorded as fpip); defaults to env.eip
 * @param flags FPU_EXEC_DATA32 | (segment register << FPU_EXEC_SEG_SHIFT); defaults to 32-bit, DS
 */
export function helper_fpu_exec(
  env: CPUX86State,
  opcodeModrm: number,
  ea: number,
  eip: number = env.eip,
  flags: number = FPU_EXEC_DATA32 | (R_DS << FPU_EXEC_SEG_SHIFT),
): void {
  if (env.hflags & (HF_EM_MASK | HF_TS_MASK)) raiseException(env, EXCP07_PREX);
  const s = env.fpu;
  const modrm = opcodeModrm & 0xff;
  const mod = modrm >> 6;
  const rm = modrm & 7;
  const op = ((opcodeModrm >> 5) & 0x38) | ((modrm >> 3) & 7);
  const ud = (): never => raiseException(env, EXCP06_ILLOP);
  let updateFip = true;
  if (mod !== 3) {
    const data32 = (flags & FPU_EXEC_DATA32) !== 0;
    const seg = (flags >> FPU_EXEC_SEG_SHIFT) & 7;
    let updateFdp = true;
    const m = fpuDataAccess(env);
    switch (op) {
      case 0x00:
      case 0x01:
      case 0x02:
      case 0x03:
      case 0x04:
      case 0x05:
      case 0x06:
      case 0x07: // prettier-ignore
        helper_flds_FT0(s, m.ld32(ea) >>> 0);
        fpArith(s, op);
        break;
      case 0x10:
      case 0x11:
      case 0x12:
      case 0x13:
      case 0x14:
      case 0x15:
      case 0x16:
      case 0x17: // prettier-ignore
        helper_fildl_FT0(s, m.ld32(ea) | 0);
        fpArith(s, op);
        break;
      case 0x20:
      case 0x21:
      case 0x22:
      case 0x23:
      case 0x24:
      case 0x25:
      case 0x26:
      case 0x27: // prettier-ignore
        helper_fldl_FT0(s, ld64(m, ea));
        fpArith(s, op);
        break;
      case 0x30:
      case 0x31:
      case 0x32:
      case 0x33:
      case 0x34:
      case 0x35:
      case 0x36:
      case 0x37: // prettier-ignore
        helper_fildl_FT0(s, (m.ld16(ea) << 16) >> 16);
        fpArith(s, op);
        break;
      case 0x08:
        helper_flds_ST0(s, m.ld32(ea) >>> 0);
        break;
      case 0x18:
        helper_fildl_ST0(s, m.ld32(ea) | 0);
        break;
      case 0x28:
        helper_fldl_ST0(s, ld64(m, ea));
        break;
      case 0x38:
        helper_fildl_ST0(s, (m.ld16(ea) << 16) >> 16);
        break;
      case 0x19: // fisttp m32int (SSE3)
      case 0x29: // fisttp m64int
      case 0x39: // fisttp m16int
        if (!((env.features[1] ?? 0) & CPUID_EXT_SSE3)) ud();
        if (op === 0x19)
          storeThen(
            s,
            () =>
              (
                (v) => () =>
                  m.st32(ea, v)
              )(helper_fisttl_ST0(s)),
            true,
          );
        else if (op === 0x29)
          storeThen(
            s,
            () =>
              (
                (v) => () =>
                  st64(m, ea, v)
              )(helper_fisttll_ST0(s)),
            true,
          );
        else
          storeThen(
            s,
            () =>
              (
                (v) => () =>
                  m.st16(ea, v)
              )(helper_fistt_ST0(s)),
            true,
          );
        break;
      case 0x0a:
      case 0x0b:
        storeThen(
          s,
          () =>
            (
              (v) => () =>
                m.st32(ea, v)
            )(helper_fsts_ST0(s)),
          op === 0x0b,
        );
        break;
      case 0x1a:
      case 0x1b:
        storeThen(
          s,
          () =>
            (
              (v) => () =>
                m.st32(ea, v)
            )(helper_fistl_ST0(s)),
          op === 0x1b,
        );
        break;
      case 0x2a:
      case 0x2b:
        storeThen(
          s,
          () =>
            (
              (v) => () =>
                st64(m, ea, v)
            )(helper_fstl_ST0(s)),
          op === 0x2b,
        );
        break;
      case 0x3a:
      case 0x3b:
        storeThen(
          s,
          () =>
            (
              (v) => () =>
                m.st16(ea, v)
            )(helper_fist_ST0(s)),
          op === 0x3b,
        );
        break;
      case 0x0c: // fldenv
        helper_fldenv(env, ea, data32);
        updateFip = updateFdp = false;
        break;
      case 0x0d: // fldcw
        fldcw(s, m.ld16(ea));
        updateFip = updateFdp = false;
        break;
      case 0x0e: // fnstenv
        helper_fstenv(env, ea, data32);
        updateFip = updateFdp = false;
        break;
      case 0x0f: // fnstcw
        m.st16(ea, s.fpuc);
        updateFip = updateFdp = false;
        break;
      case 0x1d: // fld m80
        helper_fldt_ST0(s, ld80(m, ea));
        break;
      case 0x1f: // fstp m80
        st80(m, ea, st(s, 0));
        fpop(s);
        break;
      case 0x2c: // frstor
        helper_frstor(env, ea, data32);
        updateFip = updateFdp = false;
        break;
      case 0x2e: // fnsave
        helper_fsave(env, ea, data32);
        updateFip = updateFdp = false;
        break;
      case 0x2f: // fnstsw m16
        m.st16(ea, fnstsw(s));
        updateFip = updateFdp = false;
        break;
      case 0x3c: {
        // fbld
        const b = new Uint8Array(10);
        for (let i = 0; i < 10; i++) b[i] = m.ld8((ea + i) | 0);
        helper_fbld_ST0(s, b);
        break;
      }
      case 0x3e: // fbstp
        storeThen(
          s,
          () =>
            ((b) => () => {
              for (let i = 0; i < 10; i++) m.st8((ea + i) | 0, b[i] as number);
            })(helper_fbst_ST0(s)),
          true,
        );
        break;
      case 0x3d: // fild m64
        helper_fildll_ST0(s, ld64(m, ea));
        break;
      case 0x3f: // fistp m64
        storeThen(
          s,
          () =>
            (
              (v) => () =>
                st64(m, ea, v)
            )(helper_fistll_ST0(s)),
          true,
        );
        break;
      default:
        ud();
    }
    if (updateFdp) {
      s.fpds = env.segs[seg]?.selector ?? 0;
      s.fpdp = (ea - (env.segs[seg]?.base ?? 0)) >>> 0;
    }
  } else {
    const opreg = rm;
    switch (op) {
      case 0x08: // fld sti
        fpush(s);
        helper_fmov_ST0_STN(s, (opreg + 1) & 7);
        break;
      case 0x09: // fxch sti
      case 0x29: // fxch4 (undocumented)
      case 0x39: // fxch7 (undocumented)
        helper_fxchg_ST0_STN(s, opreg);
        break;
      case 0x0a: // fnop: checks pending exceptions (FreeBSD's FPU probe relies on it)
        if (rm !== 0) ud();
        helper_fwait(env);
        updateFip = false;
        break;
      case 0x0c:
        if (rm === 0) helper_fchs_ST0(s);
        else if (rm === 1) helper_fabs_ST0(s);
        else if (rm === 4) helper_ftst(s);
        else if (rm === 5) helper_fxam_ST0(s);
        else ud();
        break;
      case 0x0d: {
        const load = [
          helper_fld1_ST0,
          helper_fldl2t_ST0,
          helper_fldl2e_ST0,
          helper_fldpi_ST0,
          helper_fldlg2_ST0,
          helper_fldln2_ST0,
          helper_fldz_ST0,
        ][rm];
        if (!load) ud();
        else {
          fpush(s);
          load(s);
        }
        break;
      }
      case 0x0e:
        [
          helper_f2xm1,
          helper_fyl2x,
          helper_fptan,
          helper_fpatan,
          helper_fxtract,
          helper_fprem1,
          helper_fdecstp,
          helper_fincstp,
        ][rm]?.(s);
        break;
      case 0x0f:
        [
          helper_fprem,
          helper_fyl2xp1,
          helper_fsqrt,
          helper_fsincos,
          helper_frndint,
          helper_fscale,
          helper_fsin,
          helper_fcos,
        ][rm]?.(s);
        break;
      case 0x00:
      case 0x01:
      case 0x04:
      case 0x05:
      case 0x06:
      case 0x07: // prettier-ignore
        helper_fmov_FT0_STN(s, opreg);
        helper_fp_arith_ST0_FT0(s, op);
        break;
      case 0x20:
      case 0x21:
      case 0x24:
      case 0x25:
      case 0x26:
      case 0x27: // prettier-ignore
        helper_fp_arith_STN_ST0(s, op, opreg);
        break;
      case 0x30:
      case 0x31:
      case 0x34:
      case 0x35:
      case 0x36:
      case 0x37: // prettier-ignore
        helper_fp_arith_STN_ST0(s, op, opreg);
        fpop(s);
        break;
      case 0x02: // fcom
      case 0x22: // fcom2 (undocumented)
        helper_fmov_FT0_STN(s, opreg);
        helper_fcom_ST0_FT0(s);
        break;
      case 0x03: // fcomp
      case 0x23: // fcomp3 (undocumented)
      case 0x32: // fcomp5 (undocumented)
        helper_fmov_FT0_STN(s, opreg);
        helper_fcom_ST0_FT0(s);
        fpop(s);
        break;
      case 0x15: // fucompp
        if (rm !== 1) ud();
        helper_fmov_FT0_STN(s, 1);
        helper_fucom_ST0_FT0(s);
        fpop(s);
        fpop(s);
        break;
      case 0x1c:
        if (rm === 2) {
          helper_fclex(s);
          updateFip = false;
        } else if (rm === 3) {
          helper_fninit(s);
          updateFip = false;
        } else if (rm !== 0 && rm !== 1 && rm !== 4) ud(); // feni, fdisi, fsetpm: nops
        break;
      case 0x1d: // fucomi
      case 0x1e: // fcomi
      case 0x3d: // fucomip
      case 0x3e: // fcomip
        if (!((env.features[0] ?? 0) & CPUID_CMOV)) ud();
        helper_fmov_FT0_STN(s, opreg);
        fcomi(env, (op & 7) === 5);
        if (op >= 0x3d) fpop(s);
        break;
      case 0x28: // ffree
        helper_ffree_STN(s, opreg);
        break;
      case 0x2a: // fst sti
        helper_fmov_STN_ST0(s, opreg);
        break;
      case 0x2b: // fstp sti
      case 0x0b: // fstp1 (undocumented)
      case 0x3a: // fstp8 (undocumented)
      case 0x3b: // fstp9 (undocumented)
        helper_fmov_STN_ST0(s, opreg);
        fpop(s);
        break;
      case 0x2c: // fucom
      case 0x2d: // fucomp
        helper_fmov_FT0_STN(s, opreg);
        helper_fucom_ST0_FT0(s);
        if (op === 0x2d) fpop(s);
        break;
      case 0x33: // fcompp
        if (rm !== 1) ud();
        helper_fmov_FT0_STN(s, 1);
        helper_fcom_ST0_FT0(s);
        fpop(s);
        fpop(s);
        break;
      case 0x38: // ffreep (undocumented)
        helper_ffree_STN(s, opreg);
        fpop(s);
        break;
      case 0x3c: // fnstsw ax
        if (rm !== 0) ud();
        env.regs[R_EAX] = (env.regs[R_EAX] & ~0xffff) | fnstsw(s);
        break;
      case 0x10:
      case 0x11:
      case 0x12:
      case 0x13:
      case 0x18:
      case 0x19:
      case 0x1a:
      case 0x1b: // prettier-ignore
        if (!((env.features[0] ?? 0) & CPUID_CMOV)) ud();
        if (fcmovTaken(env, op)) helper_fmov_ST0_STN(s, opreg);
        break;
      default:
        ud();
    }
  }
  if (updateFip) {
    s.fpcs = env.segs[R_CS]?.selector ?? 0;
    s.fpip = eip >>> 0;
  }
}

function fpArith(s: X87State, op: number): void {
  helper_fp_arith_ST0_FT0(s, op);
  if ((op & 7) === 3) fpop(s);
}
