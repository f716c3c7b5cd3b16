/**
 * DisasContext: per-TB translation state and the code-generation building blocks of QEMU's
 * target/i386/tcg/translate.c — register access, ModRM/SIB effective addresses with segment
 * bases, guest loads/stores, lazy condition codes (set_cc_op, gen_compute_eflags, gen_prepare_cc)
 * and TB exits.
 */
import {
  type Label,
  MO_8,
  MO_16,
  MO_32,
  MO_SIGN,
  TCG_CALL_NO_RWG_SE,
  TCGCond,
  type TCGContext,
  tcgInvertCond,
} from '@tsemu/tcg';
import { helper_cc_compute_all, helper_cc_compute_c } from '../cc-helper.js';
import {
  CC_C,
  CC_O,
  CC_P,
  CC_S,
  CC_Z,
  CCOp,
  type CPUX86State,
  GS_CC_DST,
  GS_CC_OP,
  GS_CC_SRC,
  GS_CC_SRC2,
  GS_DF,
  GS_EIP,
  GS_REGS,
  GS_SEG_BASE,
  HF_ADDSEG_MASK,
  HF_CPL_MASK,
  HF_CS32_MASK,
  HF_INHIBIT_IRQ_MASK,
  HF_IOPL_MASK,
  HF_IOPL_SHIFT,
  HF_PE_MASK,
  HF_SS32_MASK,
  HF_TF_MASK,
  HF_VM_MASK,
  R_DS,
  R_ESP,
  R_SS,
  raiseException,
} from '../cpu.js';

export { MO_8, MO_16, MO_32, MO_SIGN, TCGCond };
export type MemOp = number;

// Prefix bits (QEMU's PREFIX_*).
export const PREFIX_REPZ = 0x01;
export const PREFIX_REPNZ = 0x02;
export const PREFIX_LOCK = 0x04;
export const PREFIX_DATA = 0x08;
export const PREFIX_ADR = 0x10;

// Condition codes of jcc/setcc/cmov (opcode bits 3:1).
export const JCC_O = 0;
export const JCC_B = 1;
export const JCC_Z = 2;
export const JCC_BE = 3;
export const JCC_S = 4;
export const JCC_P = 5;
export const JCC_L = 6;
export const JCC_LE = 7;

/** How translation of the TB ended (QEMU's DisasJumpType). */
export enum DisasJump {
  NEXT = 0,
  /** code already exited the TB */
  NORETURN = 1,
  /** max insns or page end: continue at s.pc with a chained exit */
  TOO_MANY = 2,
  /** state changed: store eip and leave through exit_tb(0) */
  EOB_NEXT = 3,
  /** eip already stored; leave without chaining */
  EOB_ONLY = 4,
  /** indirect jump: eip stored; look the next TB up */
  JUMP = 5,
  /** sti / mov ss: as EOB_NEXT, inhibiting interrupts for one instruction */
  EOB_INHIBIT = 6,
}

/** Fetches guest code bytes (raises #PF through the soft MMU); linear addresses. */
export interface CodeReader {
  ldub(linear: number): number;
}

/** Thrown by the decoder to abandon the current instruction as #UD (QEMU's illegal_op). */
export class IllegalOpcode extends Error {}

/** cc_op live-value sets, for the SUB fast paths. */
function ccOpSize(op: number): number {
  return (op - 2) & 3;
}

const SIZE_MASK = [0xff, 0xffff, -1];

function helper_set_hflag(env: CPUX86State, mask: number): void {
  env.hflags |= mask;
}
function helper_reset_hflag(env: CPUX86State, mask: number): void {
  env.hflags &= ~mask;
}
function helper_raise_exception(env: CPUX86State, vec: number): void {
  raiseException(env, vec);
}

/** Result of gen_prepare_cc: the condition holds when `cond(a, b)` (QEMU's CCPrepare). */
interface CCPrepare {
  cond: TCGCond;
  a: number;
  b: number;
}

export class DisasContext {
  readonly cpuRegs: number[];
  readonly segBase: number[];
  readonly ccDst: number;
  readonly ccSrc: number;
  readonly ccSrc2: number;
  readonly ccOpG: number;
  readonly dfG: number;
  readonly eipG: number;
  /** scratch temps, as QEMU's T0/T1/A0/tmp0/tmp4 */
  readonly T0: number;
  readonly T1: number;
  readonly A0: number;
  readonly tmp0: number;
  readonly tmp4: number;
  /** first operand of a SUB/CMP, live while cc_op is SUB* (QEMU's cc_srcT) */
  readonly ccSrcT: number;

  /** linear address of the next code byte */
  pc = 0;
  /** linear address of the current instruction */
  pcStart = 0;
  readonly csBase: number;
  readonly pcFirst: number;
  readonly flags: number;
  prefix = 0;
  aflag: MemOp = MO_32;
  dflag: MemOp = MO_32;
  overrideSeg = -1;
  readonly code32: boolean;
  readonly ss32: boolean;
  readonly addseg: boolean;
  readonly pe: boolean;
  readonly vm86: boolean;
  readonly cpl: number;
  readonly iopl: number;
  readonly tf: boolean;
  readonly memIndex: number;
  ccOp: CCOp = CCOp.DYNAMIC;
  ccOpDirty = false;
  isJmp: DisasJump = DisasJump.NEXT;
  numInsns = 0;
  /** first byte of the modrm-dependent part: set by the decoder */
  modrm = 0;
  /** pop Ev with an ESP-based address: the address uses ESP after the pop (QEMU's popl_esp_hack) */
  popEspHack = 0;

  constructor(
    readonly tcg: TCGContext,
    readonly env: CPUX86State,
    readonly code: CodeReader,
    pc: number,
    csBase: number,
    flags: number,
  ) {
    const t = tcg;
    this.cpuRegs = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'].map((n, i) =>
      t.global(GS_REGS + i, n),
    );
    this.segBase = ['es_base', 'cs_base', 'ss_base', 'ds_base', 'fs_base', 'gs_base'].map((n, i) =>
      t.global(GS_SEG_BASE + i, n),
    );
    this.ccDst = t.global(GS_CC_DST, 'cc_dst');
    this.ccSrc = t.global(GS_CC_SRC, 'cc_src');
    this.ccSrc2 = t.global(GS_CC_SRC2, 'cc_src2');
    this.ccOpG = t.global(GS_CC_OP, 'cc_op');
    this.dfG = t.global(GS_DF, 'df');
    this.eipG = t.global(GS_EIP, 'eip');
    // scratch values never live across a branch or label: normal temps, as QEMU's
    this.T0 = t.temp();
    this.T1 = t.temp();
    this.A0 = t.temp();
    this.tmp0 = t.temp();
    this.tmp4 = t.temp();
    // cc_op SUB keeps it live from one instruction to a later jcc/setcc
    this.ccSrcT = t.tempLocal();
    this.pc = pc;
    this.pcFirst = pc;
    this.csBase = csBase;
    this.flags = flags;
    this.code32 = (flags & HF_CS32_MASK) !== 0;
    this.ss32 = (flags & HF_SS32_MASK) !== 0;
    this.addseg = (flags & HF_ADDSEG_MASK) !== 0;
    this.pe = (flags & HF_PE_MASK) !== 0;
    this.vm86 = (flags & HF_VM_MASK) !== 0;
    this.cpl = flags & HF_CPL_MASK;
    this.iopl = (flags & HF_IOPL_MASK) >> HF_IOPL_SHIFT;
    this.tf = (flags & HF_TF_MASK) !== 0;
    this.memIndex = this.cpl === 3 ? 1 : 0;
  }

  // ---- code fetch ----------------------------------------------------------------------------
  ldub(): number {
    const v = this.code.ldub(this.pc >>> 0);
    this.pc = (this.pc + 1) | 0;
    return v;
  }
  lduw(): number {
    const lo = this.ldub();
    return lo | (this.ldub() << 8);
  }
  ldl(): number {
    const lo = this.lduw();
    return lo | (this.lduw() << 16) | 0;
  }
  /** immediate of size ot (MO_32 for dflag 32), zero-extended below 32 bits */
  insnGetImm(ot: MemOp): number {
    if (ot === MO_8) return this.ldub();
    if (ot === MO_16) return this.lduw();
    return this.ldl();
  }
  /** eip of the next byte to fetch */
  get eipNext(): number {
    return (this.pc - this.csBase) | 0;
  }
  get eipCur(): number {
    return (this.pcStart - this.csBase) | 0;
  }

  // ---- registers -----------------------------------------------------------------------------
  /** QEMU's gen_op_mov_v_reg: t = reg (zero-extended for 8/16 bits) */
  movVReg(ot: MemOp, t: number, reg: number): void {
    const tcg = this.tcg;
    if (ot === MO_8) {
      if (reg >= 4) tcg.extract(t, this.cpuRegs[reg - 4], 8, 8);
      else tcg.ext8u(t, this.cpuRegs[reg]);
    } else if (ot === MO_16) tcg.ext16u(t, this.cpuRegs[reg]);
    else tcg.mov(t, this.cpuRegs[reg]);
  }
  /** QEMU's gen_op_mov_reg_v: reg = t, writing only the operand's bits */
  movRegV(ot: MemOp, reg: number, t: number): void {
    const tcg = this.tcg;
    if (ot === MO_8) {
      if (reg >= 4) tcg.deposit(this.cpuRegs[reg - 4], this.cpuRegs[reg - 4], t, 8, 8);
      else tcg.deposit(this.cpuRegs[reg], this.cpuRegs[reg], t, 0, 8);
    } else if (ot === MO_16) tcg.deposit(this.cpuRegs[reg], this.cpuRegs[reg], t, 0, 16);
    else tcg.mov(this.cpuRegs[reg], t);
  }
  /** reg += imm at the given size (ECX/ESI/EDI updates in 16-bit address mode) */
  addRegIm(size: MemOp, reg: number, imm: number): void {
    this.tcg.addi(this.tmp0, this.cpuRegs[reg], imm);
    this.movRegV(size, reg, this.tmp0);
  }
  addRegT0(size: MemOp, reg: number): void {
    this.tcg.add(this.tmp0, this.cpuRegs[reg], this.T0);
    this.movRegV(size, reg, this.tmp0);
  }
  /** sign- or zero-extend t in place to 32 bits from size */
  ext(ot: MemOp, d: number, s: number, sign: boolean): void {
    const tcg = this.tcg;
    if (ot === MO_8) sign ? tcg.ext8s(d, s) : tcg.ext8u(d, s);
    else if (ot === MO_16) sign ? tcg.ext16s(d, s) : tcg.ext16u(d, s);
    else if (d !== s) tcg.mov(d, s);
  }

  // ---- memory --------------------------------------------------------------------------------
  ld(ot: MemOp, t: number, a: number): void {
    this.tcg.qemuLd(t, a, ot, this.memIndex);
  }
  st(ot: MemOp, t: number, a: number): void {
    this.tcg.qemuSt(t, a, ot, this.memIndex);
  }
  /** QEMU's gen_lea_v_seg: A0 = linear address of a0 in segment (override or default). */
  leaVSeg(aflag: MemOp, a0: number, defSeg: number, ovrSeg: number): void {
    const tcg = this.tcg;
    if (aflag === MO_32) {
      if (ovrSeg < 0 && this.addseg) ovrSeg = defSeg;
      if (ovrSeg < 0) {
        if (a0 !== this.A0) tcg.mov(this.A0, a0);
        return;
      }
      tcg.add(this.A0, a0, this.segBase[ovrSeg]);
      return;
    }
    tcg.ext16u(this.A0, a0);
    if (ovrSeg < 0) {
      if (!this.addseg) return;
      ovrSeg = defSeg;
    }
    tcg.add(this.A0, this.A0, this.segBase[ovrSeg]);
  }
  /** A0 = linear address of string source ESI (DS or override) */
  stringMovA0Esi(): void {
    this.leaVSeg(this.aflag, this.cpuRegs[6], R_DS, this.overrideSeg);
  }
  /** A0 = linear address of ES:EDI (no override) */
  stringMovA0Edi(): void {
    this.leaVSeg(this.aflag, this.cpuRegs[7], 0, -1);
  }

  /**
   * Decode the ModRM memory operand (after the modrm byte) into A0 — QEMU's gen_lea_modrm.
   * Constant-folds absent base/index/displacement.
   */
  leaModrm(modrm: number): void {
    const r = this.decodeModrmAddr(modrm);
    this.genLeaAddr(r);
    this.leaVSeg(this.aflag, this.A0, r.defSeg, this.overrideSeg);
  }
  /** The address expression of a ModRM operand (no segment), QEMU's gen_lea_modrm_0. */
  decodeModrmAddr(modrm: number): {
    base: number;
    index: number;
    scale: number;
    disp: number;
    defSeg: number;
  } {
    const mod = (modrm >> 6) & 3;
    const rm = modrm & 7;
    let defSeg = R_DS;
    let base = -1;
    let index = -1;
    let scale = 0;
    let disp = 0;
    if (this.aflag === MO_32) {
      base = rm;
      if (rm === 4) {
        const sib = this.ldub();
        scale = (sib >> 6) & 3;
        index = (sib >> 3) & 7;
        base = sib & 7;
        if (index === 4) index = -1;
      }
      if (mod === 0) {
        if (base === 5) {
          base = -1;
          disp = this.ldl();
        }
      } else if (mod === 1) disp = (this.ldub() << 24) >> 24;
      else disp = this.ldl();
      if (base === R_ESP || base === 5) defSeg = R_SS;
      if (base === R_ESP) disp = (disp + this.popEspHack) | 0;
    } else {
      if (mod === 0) {
        if (rm === 6) disp = this.lduw();
      } else if (mod === 1) disp = (this.ldub() << 24) >> 24;
      else disp = (this.lduw() << 16) >> 16;
      switch (rm) {
        case 0:
          base = 3;
          index = 6;
          break;
        case 1:
          base = 3;
          index = 7;
          break;
        case 2:
          base = 5;
          index = 6;
          defSeg = R_SS;
          break;
        case 3:
          base = 5;
          index = 7;
          defSeg = R_SS;
          break;
        case 4:
          base = 6;
          break;
        case 5:
          base = 7;
          break;
        case 6:
          if (mod === 0) base = -1;
          else {
            base = 5;
            defSeg = R_SS;
          }
          break;
        default:
          base = 3;
          break;
      }
    }
    return { base, index, scale, disp, defSeg };
  }
  /** A0 = base + (index << scale) + disp, without segment */
  genLeaAddr(r: { base: number; index: number; scale: number; disp: number }): void {
    const tcg = this.tcg;
    const A0 = this.A0;
    if (r.index >= 0) {
      if (r.scale) tcg.shli(A0, this.cpuRegs[r.index], r.scale);
      else tcg.mov(A0, this.cpuRegs[r.index]);
      if (r.base >= 0) tcg.add(A0, A0, this.cpuRegs[r.base]);
      if (r.disp) tcg.addi(A0, A0, r.disp);
    } else if (r.base >= 0) {
      if (r.disp) tcg.addi(A0, this.cpuRegs[r.base], r.disp);
      else tcg.mov(A0, this.cpuRegs[r.base]);
    } else tcg.movi(A0, r.disp);
  }

  /** Load the r/m operand of size ot into t (register or memory; A0 keeps the address). */
  ldRm(ot: MemOp, modrm: number, t: number): void {
    if (modrm >> 6 === 3) this.movVReg(ot, t, modrm & 7);
    else {
      this.leaModrm(modrm);
      this.ld(ot, t, this.A0);
    }
  }
  /** Store t to the r/m operand; for memory the address must already be in A0. */
  stRm(ot: MemOp, modrm: number, t: number): void {
    if (modrm >> 6 === 3) this.movRegV(ot, modrm & 7, t);
    else this.st(ot, t, this.A0);
  }

  // ---- stack ---------------------------------------------------------------------------------
  get stackSize(): MemOp {
    return this.ss32 ? MO_32 : MO_16;
  }
  /** push val of size ot (QEMU's gen_push_v) */
  pushV(ot: MemOp, val: number): void {
    const tcg = this.tcg;
    const d = ot === MO_16 ? 2 : 4;
    const newEsp = this.tmp4;
    tcg.subi(newEsp, this.cpuRegs[R_ESP], d);
    this.leaVSeg(this.stackSize, newEsp, R_SS, -1);
    this.st(ot, val, this.A0);
    this.movRegV(this.stackSize, R_ESP, newEsp);
  }
  /** load the top of stack into t without popping; returns the operand size (QEMU's gen_pop_T0) */
  popT(ot: MemOp, t: number): void {
    this.leaVSeg(this.stackSize, this.cpuRegs[R_ESP], R_SS, -1);
    this.ld(ot, t, this.A0);
  }
  popUpdate(ot: MemOp): void {
    this.addRegIm(this.stackSize, R_ESP, ot === MO_16 ? 2 : 4);
  }
  /** operand size of push/pop: 16 or 32 (no 8-bit stack ops) */
  get pushSize(): MemOp {
    return this.dflag === MO_16 ? MO_16 : MO_32;
  }

  // ---- condition codes -----------------------------------------------------------------------
  setCcOp(op: CCOp): void {
    if (this.ccOp === op) return;
    this.ccOp = op;
    this.ccOpDirty = op !== CCOp.DYNAMIC;
  }
  updateCcOp(): void {
    if (this.ccOpDirty) {
      this.tcg.movi(this.ccOpG, this.ccOp);
      this.ccOpDirty = false;
    }
  }
  /** the cc_op value as an IR operand */
  ccOpValue(): number {
    return this.ccOp === CCOp.DYNAMIC ? this.ccOpG : this.tcg.const(this.ccOp);
  }
  /** Materialise all arithmetic flags in cc_src, cc_op = EFLAGS (QEMU's gen_compute_eflags). */
  computeEflags(): void {
    if (this.ccOp === CCOp.EFLAGS) return;
    if (this.ccOp === CCOp.CLR) {
      this.tcg.movi(this.ccSrc, CC_Z | CC_P);
      this.setCcOp(CCOp.EFLAGS);
      return;
    }
    this.updateCcOp();
    // Pure functions of their arguments: globals stay in registers across the call (QEMU's flags).
    this.tcg.call(
      helper_cc_compute_all,
      [this.ccDst, this.ccSrc, this.ccSrc2, this.ccOpG],
      this.ccSrc,
      TCG_CALL_NO_RWG_SE,
    );
    this.setCcOp(CCOp.EFLAGS);
  }
  /** reg = CF as 0/1 (QEMU's gen_compute_eflags_c) */
  computeEflagsC(reg: number): void {
    const cc = this.prepareEflagsC(reg);
    this.tcg.setcond(cc.cond, reg, cc.a, cc.b);
  }
  private zext(size: number, d: number, s: number): number {
    if (size === 2) return s;
    this.ext(size, d, s, false);
    return d;
  }
  private sext(size: number, d: number, s: number): number {
    this.ext(size, d, s, true);
    return d;
  }
  private masked(v: number, mask: number, reg: number): CCPrepare {
    this.tcg.andi(reg, v, mask);
    return { cond: TCGCond.NE, a: reg, b: this.tcg.const(0) };
  }
  private never(): CCPrepare {
    const z = this.tcg.const(0);
    return { cond: TCGCond.NE, a: z, b: z };
  }
  private always(): CCPrepare {
    const z = this.tcg.const(0);
    return { cond: TCGCond.EQ, a: z, b: z };
  }
  prepareEflagsC(reg: number): CCPrepare {
    const op = this.ccOp;
    const tcg = this.tcg;
    if (op >= CCOp.SUBB && op <= CCOp.SUBL) {
      const size = ccOpSize(op);
      const b = this.zext(size, this.tmp0, this.ccSrc);
      const a = this.zext(size, reg, this.ccSrcT);
      return { cond: TCGCond.LTU, a, b };
    }
    if (op >= CCOp.ADDB && op <= CCOp.ADDL) {
      const size = ccOpSize(op);
      const b = this.zext(size, this.tmp0, this.ccSrc);
      const a = this.zext(size, reg, this.ccDst);
      return { cond: TCGCond.LTU, a, b };
    }
    if ((op >= CCOp.LOGICB && op <= CCOp.LOGICL) || op === CCOp.CLR) return this.never();
    if (op >= CCOp.INCB && op <= CCOp.DECL) return this.masked(this.ccSrc, 1, reg);
    if (op >= CCOp.SHLB && op <= CCOp.SHLL) {
      const size = ccOpSize(op);
      tcg.shri(reg, this.ccSrc, (8 << size) - 1);
      return this.masked(reg, 1, reg);
    }
    if (op >= CCOp.SARB && op <= CCOp.SARL) return this.masked(this.ccSrc, 1, reg);
    if (op >= CCOp.MULB && op <= CCOp.MULL) return { cond: TCGCond.NE, a: this.ccSrc, b: tcg.const(0) };
    if (op === CCOp.EFLAGS) return this.masked(this.ccSrc, CC_C, reg);
    // ADC/SBB and DYNAMIC: ask the helper
    this.updateCcOp();
    tcg.call(
      helper_cc_compute_c,
      [this.ccDst, this.ccSrc, this.ccSrc2, this.ccOpValue()],
      reg,
      TCG_CALL_NO_RWG_SE,
    );
    return { cond: TCGCond.NE, a: reg, b: tcg.const(0) };
  }
  private prepareEflagsS(reg: number): CCPrepare {
    const op = this.ccOp;
    if (op === CCOp.DYNAMIC) this.computeEflags();
    if (this.ccOp === CCOp.EFLAGS) return this.masked(this.ccSrc, CC_S, reg);
    if (this.ccOp === CCOp.CLR) return this.never();
    const size = ccOpSize(this.ccOp);
    const v = this.sext(size, reg, this.ccDst);
    return { cond: TCGCond.LT, a: v, b: this.tcg.const(0) };
  }
  private prepareEflagsZ(reg: number): CCPrepare {
    const op = this.ccOp;
    if (op === CCOp.DYNAMIC) this.computeEflags();
    if (this.ccOp === CCOp.EFLAGS) return this.masked(this.ccSrc, CC_Z, reg);
    if (this.ccOp === CCOp.CLR) return this.always();
    const size = ccOpSize(this.ccOp);
    const v = this.zext(size, reg, this.ccDst);
    return { cond: TCGCond.EQ, a: v, b: this.tcg.const(0) };
  }
  /** Condition b (jcc low nibble) as a comparison (QEMU's gen_prepare_cc). */
  prepareCc(b: number, reg: number): CCPrepare {
    const inv = b & 1;
    const jccOp = (b >> 1) & 7;
    const tcg = this.tcg;
    let cc: CCPrepare | undefined;
    if (this.ccOp >= CCOp.SUBB && this.ccOp <= CCOp.SUBL) {
      const size = ccOpSize(this.ccOp);
      if (jccOp === JCC_BE) {
        const a = this.zext(size, this.tmp4, this.ccSrcT);
        const c = this.zext(size, reg, this.ccSrc);
        cc = { cond: TCGCond.LEU, a, b: c };
      } else if (jccOp === JCC_L || jccOp === JCC_LE) {
        const a = this.sext(size, this.tmp4, this.ccSrcT);
        const c = this.sext(size, reg, this.ccSrc);
        cc = { cond: jccOp === JCC_L ? TCGCond.LT : TCGCond.LE, a, b: c };
      }
    }
    if (!cc) {
      switch (jccOp) {
        case JCC_O:
          this.computeEflags();
          cc = this.masked(this.ccSrc, CC_O, reg);
          break;
        case JCC_B:
          cc = this.prepareEflagsC(reg);
          break;
        case JCC_Z:
          cc = this.prepareEflagsZ(reg);
          break;
        case JCC_BE:
          this.computeEflags();
          cc = this.masked(this.ccSrc, CC_Z | CC_C, reg);
          break;
        case JCC_S:
          cc = this.prepareEflagsS(reg);
          break;
        case JCC_P:
          this.computeEflags();
          cc = this.masked(this.ccSrc, CC_P, reg);
          break;
        case JCC_L:
          this.computeEflags();
          tcg.shri(reg, this.ccSrc, 4);
          tcg.xor(reg, reg, this.ccSrc);
          cc = this.masked(reg, CC_S, reg);
          break;
        default:
          this.computeEflags();
          tcg.shri(reg, this.ccSrc, 4);
          tcg.xor(reg, reg, this.ccSrc);
          cc = this.masked(reg, CC_S | CC_Z, reg);
          break;
      }
    }
    if (inv) cc = { ...cc, cond: tcgInvertCond(cc.cond) };
    return cc;
  }
  /** reg = condition b ? 1 : 0 (QEMU's gen_setcc1) */
  setcc1(b: number, reg: number): void {
    const cc = this.prepareCc(b, reg);
    this.tcg.setcond(cc.cond, reg, cc.a, cc.b);
  }
  /** branch to l when condition b holds; cc_op becomes dynamic (QEMU's gen_jcc1) */
  jcc1(b: number, l: Label): void {
    const cc = this.prepareCc(b, this.T0);
    this.updateCcOp();
    this.setCcOp(CCOp.DYNAMIC);
    this.tcg.brcond(cc.cond, cc.a, cc.b, l);
  }
  /** branch within the TB without ending it: cc_op must stay what it is at translation time */
  jcc1NoEob(b: number, l: Label): void {
    const cc = this.prepareCc(b, this.T0);
    this.tcg.brcond(cc.cond, cc.a, cc.b, l);
  }

  // ---- flag setters for the common ops -------------------------------------------------------
  update1cc(): void {
    this.tcg.mov(this.ccDst, this.T0);
  }
  update2cc(): void {
    this.tcg.mov(this.ccSrc, this.T1);
    this.tcg.mov(this.ccDst, this.T0);
  }

  // ---- exits ---------------------------------------------------------------------------------
  jmpIm(eip: number): void {
    this.tcg.movi(this.eipG, eip);
  }
  /** raise vector at the current instruction (QEMU's gen_exception) */
  genException(vec: number): void {
    this.updateCcOp();
    this.jmpIm(this.eipCur);
    this.tcg.call(helper_raise_exception, [this.tcg.const(vec)]);
    this.isJmp = DisasJump.NORETURN;
  }
  setHflag(mask: number): void {
    if ((this.flags & mask) === 0) this.tcg.call(helper_set_hflag, [this.tcg.const(mask)], undefined);
  }
  resetHflag(mask: number): void {
    if (this.flags & mask) this.tcg.call(helper_reset_hflag, [this.tcg.const(mask)], undefined);
  }
  /** end the TB, eip already stored (QEMU's gen_eob_worker) */
  eob(inhibit: boolean, jr: boolean): void {
    this.updateCcOp();
    if (inhibit) this.setHflag(HF_INHIBIT_IRQ_MASK);
    else this.resetHflag(HF_INHIBIT_IRQ_MASK);
    if (this.tf) {
      this.tcg.call(helper_single_step, []);
    } else if (jr) this.tcg.lookupAndGotoPtr();
    else this.tcg.exitTb(0);
    this.isJmp = DisasJump.NORETURN;
  }
  /** direct jump to eip through chaining slot n (QEMU's gen_goto_tb) */
  gotoTb(n: 0 | 1, eip: number): void {
    const pc = (this.csBase + eip) | 0;
    this.updateCcOp();
    if (!this.tf && (this.flags & HF_INHIBIT_IRQ_MASK) === 0 && samePage(pc, this.pcFirst)) {
      this.jmpIm(eip);
      this.tcg.gotoTb(n);
      this.isJmp = DisasJump.NORETURN;
    } else {
      this.jmpIm(eip);
      this.eob(false, true);
    }
  }
  /** jump to eip ending the TB (QEMU's gen_jmp_tb) */
  jmpTb(eip: number, n: 0 | 1): void {
    this.gotoTb(n, eip);
  }
}

function helper_single_step(env: CPUX86State): void {
  // QEMU's helper_single_step: #DB with DR6.BS
  env.dr[6] |= 0x4000;
  raiseException(env, 1);
}

export function samePage(a: number, b: number): boolean {
  return (a & ~0xfff) === (b & ~0xfff);
}

export const SIZE_MASKS = SIZE_MASK;
export { CC_C, CC_O };
