/**
 * TCGContext: the IR builder a target's translator uses to emit one translation block
 * (QEMU's tcg/tcg-op.c front end), and the TranslationBlock it produces.
 */
import {
  type Helper,
  helperFlags,
  type Label,
  OP_DEFS,
  Opc,
  type TCGCond,
  type TCGOp,
  type TCGTemp,
  TempKind,
} from './ir.js';

/** Where a TB jumps through goto_tb slot n: linked successor, or none. */
export type JmpSlot = TranslationBlock | null;

/**
 * A translated block of guest code (QEMU's TranslationBlock). `pc` is the linear address of the first
 * instruction (cs_base included, as QEMU's i386 keeps it); `flags` the CPU mode bits it was translated for.
 */
export class TranslationBlock {
  /** cache generation it belongs to (the cache is flushed whole when full) */
  id = 0;
  /** guest-physical page of the first byte, and of the last byte when it lies on another page (else -1) */
  pageAddr0 = -1;
  pageAddr1 = -1;
  /** guest bytes translated */
  size = 0;
  /** guest instructions (insn_start ops) */
  icount = 0;
  /** insn_start data: 2 words per instruction (e.g. eip and cc_op) */
  insnData: Int32Array = new Int32Array(0);
  ops: TCGOp[] = [];
  temps: TCGTemp[] = [];
  helpers: Helper[] = [];
  nLabels = 0;
  /** goto_tb slots: the TB each jumps to once linked */
  jmpDest: [JmpSlot, JmpSlot] = [null, null];
  /** TBs whose goto_tb slot points here: [tb, slot] pairs, for unlinking on invalidation */
  jmpIncoming: { tb: TranslationBlock; n: number }[] = [];
  /** the optimizer has run on ops */
  optimized = false;
  /** set when the TB is invalidated (its code was written, or the cache was flushed) */
  invalid = false;
  /** the interpreter's encoding of the ops (every TB has one: it is the first tier) */
  compiled: any = undefined;
  /** the generated JavaScript, once the TB is hot (js backend): (env, env.gs) => exit code */
  jsFn: ((env: any, gs: Int32Array) => number) | null = null;
  /** the wasm backend's table index of the TB's WebAssembly function (0: none) */
  wasmIdx = 0;
  /** waiting in the wasm compiler's queue or in an asynchronous compilation */
  wasmQueued = false;
  /** the wasm backend cannot compile it (a backward branch inside): the js backend does */
  noWasm = false;
  /** when jsFn also runs the TBs this one is linked to: the members (this TB first) */
  group: TranslationBlock[] | null = null;
  /** estimated size of the compiled form, for the cache bound (tb-size) */
  codeSize = 0;
  /** next TB in the same physical-hash bucket */
  hashNext: TranslationBlock | null = null;
  /** executions, for tiering: interpreted ones until compiled, then dispatches until grouped */
  execCount = 0;
  /** compiled as a group head (or group selection was tried): no further tier */
  grouped = false;

  constructor(
    readonly pc: number,
    readonly csBase: number,
    readonly flags: number,
    /** QEMU's cflags: bit field of the translation request (e.g. maximum instruction count) */
    readonly cflags = 0,
  ) {}

  /** insn_start word `w` of instruction `i` */
  insnWord(i: number, w: 0 | 1): number {
    return this.insnData[i * 2 + w];
  }
}

/** One per TB being translated; `finish()` hands the ops to a TranslationBlock. */
export class TCGContext {
  readonly ops: TCGOp[] = [];
  readonly temps: TCGTemp[] = [];
  readonly helpers: Helper[] = [];
  private readonly helperIndex = new Map<Helper, number>();
  private readonly globalBySlot = new Map<number, number>();
  private readonly constByValue = new Map<number, number>();
  private readonly insnWords: number[] = [];
  private nLabels = 0;
  private nNormal = 0;
  private nLocal = 0;
  /** number of insn_start ops emitted */
  numInsns = 0;
  /** the translator may stop after this many guest instructions (budget, single-step) */
  maxInsns = 512;

  /** IR global for env.gs[slot]; the same slot always yields the same temp. */
  global(slot: number, name: string): number {
    const t = this.globalBySlot.get(slot);
    if (t !== undefined) return t;
    const idx = this.temps.push({ kind: TempKind.GLOBAL, val: slot, name }) - 1;
    this.globalBySlot.set(slot, idx);
    return idx;
  }

  /** A temp that dies at the end of its basic block (next label or branch). */
  temp(): number {
    return this.temps.push({ kind: TempKind.NORMAL, val: 0, name: `tmp${this.nNormal++}` }) - 1;
  }

  /** A temp that keeps its value across branches and labels within the TB. */
  tempLocal(): number {
    return this.temps.push({ kind: TempKind.LOCAL, val: 0, name: `loc${this.nLocal++}` }) - 1;
  }

  /** A constant temp (read-only); equal values share one temp. */
  const(v: number): number {
    v |= 0;
    const t = this.constByValue.get(v);
    if (t !== undefined) return t;
    const idx = this.temps.push({ kind: TempKind.CONST, val: v, name: `$0x${(v >>> 0).toString(16)}` }) - 1;
    this.constByValue.set(v, idx);
    return idx;
  }

  private emit(opc: Opc, ...args: number[]): void {
    this.ops.push({ opc, args });
  }

  private checkWritable(t: number): void {
    const tt = this.temps[t];
    if (tt === undefined) throw new Error(`tcg: no temp ${t}`);
    if (tt.kind === TempKind.CONST) throw new Error(`tcg: write to constant temp ${tt.name}`);
  }

  // Labels and branches.
  label(): Label {
    return { id: this.nLabels++ };
  }
  setLabel(l: Label): void {
    this.emit(Opc.set_label, l.id);
  }
  br(l: Label): void {
    this.emit(Opc.br, l.id);
  }
  brcond(c: TCGCond, a: number, b: number, l: Label): void {
    this.emit(Opc.brcond, a, b, c, l.id);
  }
  brcondi(c: TCGCond, a: number, imm: number, l: Label): void {
    this.brcond(c, a, this.const(imm), l);
  }

  // Moves.
  mov(d: number, s: number): void {
    this.checkWritable(d);
    if (d !== s) this.emit(Opc.mov, d, s);
  }
  movi(d: number, imm: number): void {
    this.checkWritable(d);
    this.emit(Opc.movi, d, imm | 0);
  }

  private bin(opc: Opc, d: number, a: number, b: number): void {
    this.checkWritable(d);
    this.emit(opc, d, a, b);
  }
  private un(opc: Opc, d: number, a: number): void {
    this.checkWritable(d);
    this.emit(opc, d, a);
  }

  add(d: number, a: number, b: number): void {
    this.bin(Opc.add, d, a, b);
  }
  sub(d: number, a: number, b: number): void {
    this.bin(Opc.sub, d, a, b);
  }
  mul(d: number, a: number, b: number): void {
    this.bin(Opc.mul, d, a, b);
  }
  /** signed division; the translator must rule out b == 0 and INT_MIN / -1 */
  div(d: number, a: number, b: number): void {
    this.bin(Opc.div, d, a, b);
  }
  divu(d: number, a: number, b: number): void {
    this.bin(Opc.divu, d, a, b);
  }
  rem(d: number, a: number, b: number): void {
    this.bin(Opc.rem, d, a, b);
  }
  remu(d: number, a: number, b: number): void {
    this.bin(Opc.remu, d, a, b);
  }
  and(d: number, a: number, b: number): void {
    this.bin(Opc.and, d, a, b);
  }
  or(d: number, a: number, b: number): void {
    this.bin(Opc.or, d, a, b);
  }
  xor(d: number, a: number, b: number): void {
    this.bin(Opc.xor, d, a, b);
  }
  /** a & ~b */
  andc(d: number, a: number, b: number): void {
    this.bin(Opc.andc, d, a, b);
  }
  /** a | ~b */
  orc(d: number, a: number, b: number): void {
    this.bin(Opc.orc, d, a, b);
  }
  /** ~(a ^ b) */
  eqv(d: number, a: number, b: number): void {
    this.bin(Opc.eqv, d, a, b);
  }
  nand(d: number, a: number, b: number): void {
    this.bin(Opc.nand, d, a, b);
  }
  nor(d: number, a: number, b: number): void {
    this.bin(Opc.nor, d, a, b);
  }
  /** shift counts are taken mod 32 */
  shl(d: number, a: number, b: number): void {
    this.bin(Opc.shl, d, a, b);
  }
  shr(d: number, a: number, b: number): void {
    this.bin(Opc.shr, d, a, b);
  }
  sar(d: number, a: number, b: number): void {
    this.bin(Opc.sar, d, a, b);
  }
  rotl(d: number, a: number, b: number): void {
    this.bin(Opc.rotl, d, a, b);
  }
  rotr(d: number, a: number, b: number): void {
    this.bin(Opc.rotr, d, a, b);
  }
  /** count leading zeros of a; b when a == 0 */
  clz(d: number, a: number, b: number): void {
    this.bin(Opc.clz, d, a, b);
  }
  /** count trailing zeros of a; b when a == 0 */
  ctz(d: number, a: number, b: number): void {
    this.bin(Opc.ctz, d, a, b);
  }

  addi(d: number, a: number, imm: number): void {
    this.add(d, a, this.const(imm));
  }
  subi(d: number, a: number, imm: number): void {
    this.sub(d, a, this.const(imm));
  }
  muli(d: number, a: number, imm: number): void {
    this.mul(d, a, this.const(imm));
  }
  andi(d: number, a: number, imm: number): void {
    this.and(d, a, this.const(imm));
  }
  ori(d: number, a: number, imm: number): void {
    this.or(d, a, this.const(imm));
  }
  xori(d: number, a: number, imm: number): void {
    this.xor(d, a, this.const(imm));
  }
  shli(d: number, a: number, imm: number): void {
    this.shl(d, a, this.const(imm & 31));
  }
  shri(d: number, a: number, imm: number): void {
    this.shr(d, a, this.const(imm & 31));
  }
  sari(d: number, a: number, imm: number): void {
    this.sar(d, a, this.const(imm & 31));
  }
  rotli(d: number, a: number, imm: number): void {
    this.rotl(d, a, this.const(imm & 31));
  }
  rotri(d: number, a: number, imm: number): void {
    this.rotr(d, a, this.const(imm & 31));
  }

  neg(d: number, a: number): void {
    this.un(Opc.neg, d, a);
  }
  not(d: number, a: number): void {
    this.un(Opc.not, d, a);
  }
  ext8s(d: number, a: number): void {
    this.un(Opc.ext8s, d, a);
  }
  ext8u(d: number, a: number): void {
    this.un(Opc.ext8u, d, a);
  }
  ext16s(d: number, a: number): void {
    this.un(Opc.ext16s, d, a);
  }
  ext16u(d: number, a: number): void {
    this.un(Opc.ext16u, d, a);
  }
  /** swap the low two bytes; the high half of the result is zero */
  bswap16(d: number, a: number): void {
    this.un(Opc.bswap16, d, a);
  }
  bswap32(d: number, a: number): void {
    this.un(Opc.bswap32, d, a);
  }
  ctpop(d: number, a: number): void {
    this.un(Opc.ctpop, d, a);
  }

  /** d = a with bits [ofs, ofs+len) replaced by the low len bits of b */
  deposit(d: number, a: number, b: number, ofs: number, len: number): void {
    checkField(ofs, len);
    this.checkWritable(d);
    this.emit(Opc.deposit, d, a, b, ofs, len);
  }
  /** d = bits [ofs, ofs+len) of a, zero-extended */
  extract(d: number, a: number, ofs: number, len: number): void {
    checkField(ofs, len);
    this.checkWritable(d);
    this.emit(Opc.extract, d, a, ofs, len);
  }
  /** d = bits [ofs, ofs+len) of a, sign-extended */
  sextract(d: number, a: number, ofs: number, len: number): void {
    checkField(ofs, len);
    this.checkWritable(d);
    this.emit(Opc.sextract, d, a, ofs, len);
  }

  /** (rh:rl) = (ah:al) + (bh:bl), 64-bit */
  add2(rl: number, rh: number, al: number, ah: number, bl: number, bh: number): void {
    this.checkWritable(rl);
    this.checkWritable(rh);
    this.emit(Opc.add2, rl, rh, al, ah, bl, bh);
  }
  /** (rh:rl) = (ah:al) - (bh:bl), 64-bit */
  sub2(rl: number, rh: number, al: number, ah: number, bl: number, bh: number): void {
    this.checkWritable(rl);
    this.checkWritable(rh);
    this.emit(Opc.sub2, rl, rh, al, ah, bl, bh);
  }
  /** (hi:lo) = a * b, unsigned 32x32 -> 64 */
  mulu2(lo: number, hi: number, a: number, b: number): void {
    this.checkWritable(lo);
    this.checkWritable(hi);
    this.emit(Opc.mulu2, lo, hi, a, b);
  }
  /** (hi:lo) = a * b, signed 32x32 -> 64 */
  muls2(lo: number, hi: number, a: number, b: number): void {
    this.checkWritable(lo);
    this.checkWritable(hi);
    this.emit(Opc.muls2, lo, hi, a, b);
  }

  /** d = (a c b) ? 1 : 0 */
  setcond(c: TCGCond, d: number, a: number, b: number): void {
    this.checkWritable(d);
    this.emit(Opc.setcond, d, a, b, c);
  }
  /** d = (c1 c c2) ? v1 : v2 */
  movcond(c: TCGCond, d: number, c1: number, c2: number, v1: number, v2: number): void {
    this.checkWritable(d);
    this.emit(Opc.movcond, d, c1, c2, v1, v2, c);
  }

  /** d = guest memory at linear address addr (memop: MO_8/16/32 | MO_SIGN), through mmu index mmuIdx */
  qemuLd(d: number, addr: number, memop: number, mmuIdx: number): void {
    this.checkWritable(d);
    this.emit(Opc.qemu_ld, d, addr, memop, mmuIdx);
  }
  /** store the low (8 << size) bits of v at linear address addr */
  qemuSt(v: number, addr: number, memop: number, mmuIdx: number): void {
    this.emit(Opc.qemu_st, v, addr, memop, mmuIdx);
  }

  /** ret = fn(env, ...values of args); flags: TCG_CALL_* */
  call(fn: Helper, args: number[], ret?: number, flags = 0): void {
    if (ret !== undefined) this.checkWritable(ret);
    let h = this.helperIndex.get(fn);
    if (h === undefined) {
      h = this.helpers.push(fn) - 1;
      this.helperIndex.set(fn, h);
    }
    this.emit(Opc.call, h, flags | helperFlags(fn), ret ?? -1, ...args);
  }

  /** Marks the start of a guest instruction; the words are what the target needs to restore its state. */
  insnStart(eip: number, ccOp = 0): void {
    this.emit(Opc.insn_start, eip | 0, ccOp | 0);
    this.insnWords.push(eip | 0, ccOp | 0);
    this.numInsns++;
  }
  /** Jumps to the TB linked to slot n (the target has stored the new pc); links it on first use. */
  gotoTb(n: 0 | 1): void {
    this.emit(Opc.goto_tb, n);
  }
  /** Leaves the TB: 0 continues with a lookup of the next TB; other values return them to the CPU loop. */
  exitTb(val = 0): void {
    this.emit(Opc.exit_tb, val | 0);
  }
  /** Leaves the TB and continues at the TB for the current state (found through the jump cache). */
  lookupAndGotoPtr(): void {
    this.emit(Opc.lookup_and_goto_ptr);
  }
  /** The temp's value is no longer needed. */
  discard(t: number): void {
    this.emit(Opc.discard, t);
  }

  /** Moves the IR into `tb` (ops, temps, helpers, insn_start table, icount). */
  finish(tb: TranslationBlock): TranslationBlock {
    tb.ops = this.ops;
    tb.temps = this.temps;
    tb.helpers = this.helpers;
    tb.nLabels = this.nLabels;
    tb.icount = this.numInsns;
    tb.insnData = Int32Array.from(this.insnWords);
    return tb;
  }
}

function checkField(ofs: number, len: number): void {
  if (!(ofs >= 0 && len >= 1 && ofs + len <= 32)) throw new Error(`tcg: bad bit field ofs=${ofs} len=${len}`);
}

/** Number of arguments of an op (call ops are variable). */
export function opArgCount(op: TCGOp): number {
  return op.opc === Opc.call
    ? op.args.length
    : OP_DEFS[op.opc].nOut + OP_DEFS[op.opc].nIn + OP_DEFS[op.opc].nConst;
}
