/**
 * The WebAssembly backend: a TB becomes one wasm function `(env: externref) => exit code`, many TBs one
 * module. Everything the code touches lies in one WasmArena memory at offsets known when it is generated:
 *  - IR globals are i32 locals, loaded from env.gs on entry and stored back (as the js backend does)
 *    before helpers that read them, before the memory slow path and at exits;
 *  - guest loads/stores inline the SoftTLB hit path (tag compare, then a plain wasm load/store at
 *    ramBase + vaddr + addend; wasm accesses are little-endian and may be unaligned);
 *  - helpers and the TLB slow path are imported JS functions; helpers get env as an externref, so they
 *    are called directly, without a wrapper;
 *  - forward branches are nested blocks; a goto_tb linked to its own TB loops inside the function while
 *    the slice lasts; one linked to another wasm TB tail-calls it through the table (return_call_indirect),
 *    without going back to JavaScript, after recording it as the running TB. Each TB subtracts its
 *    instruction count from the budget on entry. TBs with backward branches inside stay with the js
 *    backend.
 * The executor's words (slice budget, instruction index for precise exceptions, the self-modified flag,
 * the exit value) are the ExecState's `ws` words in the arena.
 */

import type { TranslationBlock } from '../context.js';
import {
  EXIT_GOTO_TB0,
  EXIT_LOOKUP,
  EXIT_RESTORE,
  EXIT_TB_VALUE,
  WS_EXIT_VALUE,
  WS_INSN,
  WS_LEFT,
  WS_SMC,
} from '../exec-state.js';
import {
  type Helper,
  OP_DEFS,
  OPF_BB_EXIT,
  Opc,
  TCG_CALL_NO_READ_GLOBALS,
  TCG_CALL_NO_SIDE_EFFECTS,
  TCG_CALL_NO_WRITE_GLOBALS,
  TCGCond,
  type TCGOp,
  TempKind,
} from '../ir.js';
import { BLOCK_VOID, ByteWriter, type FuncType, type ModuleImportFunc, T_I32, W } from './encoder.js';
import type { WatNames } from './wat.js';

/** Byte offsets of what generated code addresses, all in one arena. */
export interface WasmLayout {
  gs: number;
  tagRead: number;
  tagWrite: number;
  addend: number;
  ram: number;
  /** the ExecState's words */
  ws: number;
  /** per table index, 2 words: the table index each goto_tb slot is chained to (0: return instead) */
  links: number;
  /** the jump cache's entries [pc, flags, cs_base, table index] (0: indirect jumps return instead) */
  jc: number;
  /** env.gs slot of the pc relative to cs_base (with jc) */
  pcSlot: number;
  tlbBits: number;
}

/**
 * Imports every module has first: the TLB slow paths, and the compiler's entry function (env, table
 * index) that chained TBs tail-call. Importing that function rather than the table itself keeps
 * instantiation cheap: V8's cost of instantiating a module grows with the size of a table it imports.
 */
export const WASM_IMPORT_LD_SLOW = 0;
export const WASM_IMPORT_ST_SLOW = 1;
export const WASM_IMPORT_ENTER = 2;
export const WASM_FIXED_IMPORTS: readonly ModuleImportFunc[] = [
  { module: 'm', name: 'ld', type: { refs: 0, params: 3, results: 1 } },
  { module: 'm', name: 'st', type: { refs: 0, params: 4, results: 0 } },
  { module: 'm', name: 'enter', type: { refs: 1, params: 1, results: 1 } },
];
export const WASM_TB_TYPE: FuncType = { refs: 1, params: 0, results: 1 };
/** the entry module declares WASM_TB_TYPE first (buildModule's `types`), for call_indirect */
export const WASM_TB_TYPE_INDEX = 0;

/** The helper imports of one module being built: each (helper, arity) once. */
export class WasmHelperImports {
  readonly list: { fn: Helper; nargs: number }[] = [];
  private readonly index = new Map<Helper, number[]>();

  indexOf(fn: Helper, nargs: number): number {
    let byArity = this.index.get(fn);
    if (byArity === undefined) {
      byArity = [];
      this.index.set(fn, byArity);
    }
    let i = byArity[nargs];
    if (i === undefined) {
      i = WASM_FIXED_IMPORTS.length + this.list.push({ fn, nargs }) - 1;
      byArity[nargs] = i;
    }
    return i;
  }

  imports(): ModuleImportFunc[] {
    return [
      ...WASM_FIXED_IMPORTS,
      ...this.list.map((h, i) => ({
        module: 'h',
        name: `${i}`,
        type: { refs: 1, params: h.nargs, results: 1 },
      })),
    ];
  }
}

const CMP: Record<number, W> = {
  [TCGCond.EQ]: W.i32_eq,
  [TCGCond.NE]: W.i32_ne,
  [TCGCond.LT]: W.i32_lt_s,
  [TCGCond.GE]: W.i32_ge_s,
  [TCGCond.LE]: W.i32_le_s,
  [TCGCond.GT]: W.i32_gt_s,
  [TCGCond.LTU]: W.i32_lt_u,
  [TCGCond.GEU]: W.i32_ge_u,
  [TCGCond.LEU]: W.i32_le_u,
  [TCGCond.GTU]: W.i32_gt_u,
};

const BIN: Partial<Record<Opc, W>> = {
  [Opc.add]: W.i32_add,
  [Opc.sub]: W.i32_sub,
  [Opc.mul]: W.i32_mul,
  [Opc.and]: W.i32_and,
  [Opc.or]: W.i32_or,
  [Opc.xor]: W.i32_xor,
  [Opc.shl]: W.i32_shl,
  [Opc.shr]: W.i32_shr_u,
  [Opc.sar]: W.i32_shr_s,
  [Opc.rotl]: W.i32_rotl,
  [Opc.rotr]: W.i32_rotr,
};

/**
 * The TB's backward branch targets, each with its tail: the straight-line ops after the label up to and
 * including the first that leaves the TB (or to the TB's end). i386's rep prefix loops back to such an
 * exit (gen_repz); the wasm backend emits a copy of the tail at each backward branch instead of a loop.
 * null: a backward target whose tail is not straight-line (the TB stays with another backend).
 */
export function wasmBackwardTails(tb: TranslationBlock): Map<number, TCGOp[]> | null {
  const ops = tb.ops;
  const pos = new Map<number, number>();
  ops.forEach((op, i) => {
    if (op.opc === Opc.set_label) pos.set(op.args[0], i);
  });
  const tails = new Map<number, TCGOp[]>();
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    const l = op.opc === Opc.br ? op.args[0] : op.opc === Opc.brcond ? op.args[3] : -1;
    const p = l < 0 ? undefined : pos.get(l);
    if (p === undefined || p > i || tails.has(l)) continue;
    const tail: TCGOp[] = [];
    for (let j = p + 1; j < ops.length; j++) {
      const o = ops[j];
      if (o.opc === Opc.set_label || o.opc === Opc.br || o.opc === Opc.brcond || o.opc === Opc.insn_start)
        return null;
      tail.push(o);
      if (OP_DEFS[o.opc].flags & OPF_BB_EXIT) break;
    }
    tails.set(l, tail);
  }
  return tails;
}

/** Whether the wasm backend can compile this TB (backward branches only to exit tails). */
export function wasmCanCompile(tb: TranslationBlock): boolean {
  return wasmBackwardTails(tb) !== null;
}

// control stack entries other than labels
const CTL_LOOP = -1;
const CTL_IF = -2;

/** Generates the body of one TB's function (locals count and code). */
export class WasmGen {
  private readonly w = new ByteWriter();
  /** local index of each temp (-1: constant) */
  private readonly local: Int32Array;
  private nLocals = 1; // local 0 is the env parameter
  /** scratch locals: address, TLB entry byte offset, result, spare */
  private readonly A: number;
  private readonly X: number;
  private readonly R: number;
  private readonly Q: number;
  private readonly ctl: number[] = [];
  private readonly dirty = new Set<number>();
  private readonly allWritten = new Set<number>();
  /** env.gs slot -> local */
  private readonly globalLocal = new Map<number, number>();
  private conservative = false;
  private insn = -1;
  private insnHasStore = false;
  private usesSmc = false;
  private loops = false;
  /** backward branch targets and the ops emitted in their place */
  private tails = new Map<number, TCGOp[]>();

  constructor(
    private readonly tb: TranslationBlock,
    private readonly L: WasmLayout,
    private readonly helpers: WasmHelperImports,
  ) {
    this.local = new Int32Array(tb.temps.length).fill(-1);
    tb.temps.forEach((t, i) => {
      if (t.kind === TempKind.CONST) return;
      if (t.kind === TempKind.GLOBAL) {
        let l = this.globalLocal.get(t.val);
        if (l === undefined) {
          l = this.nLocals++;
          this.globalLocal.set(t.val, l);
        }
        this.local[i] = l;
      } else this.local[i] = this.nLocals++;
    });
    this.A = this.nLocals++;
    this.X = this.nLocals++;
    this.R = this.nLocals++;
    this.Q = this.nLocals++;
  }

  /** the body (ending with `end`) and the number of i32 locals after the parameter */
  generate(): { body: Uint8Array; locals: number } {
    const tb = this.tb;
    const used = new Set<number>();
    for (const op of tb.ops) {
      if (op.opc === Opc.call) {
        if (op.args[2] >= 0) used.add(op.args[2]);
        for (let j = 3; j < op.args.length; j++) used.add(op.args[j]);
        const r = op.args[2];
        if (r >= 0 && tb.temps[r].kind === TempKind.GLOBAL) this.allWritten.add(tb.temps[r].val);
        if (!(op.args[1] & TCG_CALL_NO_SIDE_EFFECTS)) this.usesSmc = true;
        continue;
      }
      const d = OP_DEFS[op.opc];
      for (let j = 0; j < d.nOut + d.nIn; j++) used.add(op.args[j]);
      for (let j = 0; j < d.nOut; j++) {
        const tt = tb.temps[op.args[j]];
        if (tt.kind === TempKind.GLOBAL) this.allWritten.add(tt.val);
      }
      if (op.opc === Opc.qemu_st) this.usesSmc = true;
      if (op.opc === Opc.goto_tb) {
        this.conservative = true;
        if (tb.jmpDest[op.args[0]] === tb) this.loops = true;
      }
    }
    // globals the TB uses start as env.gs; unused globals keep no local traffic
    const usedSlots = new Set<number>();
    for (const t of used) if (tb.temps[t].kind === TempKind.GLOBAL) usedSlots.add(tb.temps[t].val);
    for (const [slot, l] of this.globalLocal) {
      if (usedSlots.has(slot)) this.loadGs(slot, l);
      else this.globalLocal.delete(slot);
    }
    const tails = wasmBackwardTails(tb);
    if (tails === null) throw new Error('tcg wasm backend: a backward branch to code that is not an exit');
    this.tails = tails;
    const w = this.w;
    this.storeWord(this.L.ws + WS_LEFT * 4, () => {
      this.loadWord(this.L.ws + WS_LEFT * 4);
      this.i32(tb.icount);
      this.op(W.i32_sub);
    });
    if (this.loops) {
      w.byte(W.loop);
      w.byte(BLOCK_VOID);
      this.ctl.push(CTL_LOOP);
    }
    const labelPos = new Map<number, number>();
    tb.ops.forEach((op, i) => {
      if (op.opc === Opc.set_label) labelPos.set(op.args[0], i);
    });
    const labels = [...labelPos.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
    for (const id of labels) {
      w.byte(W.block);
      w.byte(BLOCK_VOID);
      this.ctl.push(id);
    }
    for (const op of tb.ops) this.genOp(op);
    this.storeBack(true);
    this.ret(EXIT_LOOKUP);
    if (this.loops) {
      w.byte(W.end);
      this.ctl.pop();
    }
    w.byte(W.unreachable);
    w.byte(W.end);
    return { body: w.view().slice(), locals: this.nLocals - 1 };
  }

  /** Names for `-d out_asm` (wat.ts): locals after the IR temps, offsets after what lies there. */
  watNames(helpers: WasmHelperImports): WatNames {
    const L = this.L;
    const locals: string[] = ['env'];
    const gsName = new Map<number, string>();
    this.tb.temps.forEach((t, i) => {
      const l = this.local[i];
      if (l > 0 && locals[l] === undefined) locals[l] = t.name;
      if (t.kind === TempKind.GLOBAL) gsName.set(t.val, t.name);
    });
    locals[this.A] = 'addr';
    locals[this.X] = 'tlbe';
    locals[this.R] = 'res';
    locals[this.Q] = 'q';
    const wsWords = ['left', 'insn', 'smc', 'exit_value', 'cur'];
    const offset = (off: number): string | undefined => {
      const slot = (off - L.gs) / 4;
      if (gsName.has(slot)) return `env.gs[${slot}] ${gsName.get(slot)}`;
      const w = (off - L.ws) / 4;
      if (w >= 0 && w < wsWords.length && Number.isInteger(w)) return `ws.${wsWords[w]}`;
      if (off === L.tagRead) return 'tlb.tag_read[tlbe]';
      if (off === L.tagWrite) return 'tlb.tag_write[tlbe]';
      if (off === L.addend) return 'tlb.addend[tlbe]';
      if (off === L.ram) return 'ram';
      if (off >= L.links && off < L.links + 8 * (this.tb.wasmIdx + 1)) return 'goto_tb link';
      if (L.jc !== 0 && off >= L.jc && off < L.jc + 16)
        return ['jc.pc', 'jc.flags', 'jc.cs_base', 'jc.tb'][(off - L.jc) >> 2];
      return undefined;
    };
    const funcs = ['ld_slow', 'st_slow', 'enter', ...helpers.list.map((h) => h.fn.name || 'helper')];
    return { locals, offset, funcs };
  }

  // ---- emission helpers

  private op(o: W): void {
    this.w.byte(o);
  }

  private i32(v: number): void {
    this.w.byte(W.i32_const);
    this.w.s32(v);
  }

  private get(l: number): void {
    this.w.byte(W.local_get);
    this.w.u32(l);
  }

  private set(l: number): void {
    this.w.byte(W.local_set);
    this.w.u32(l);
  }

  private tee(l: number): void {
    this.w.byte(W.local_tee);
    this.w.u32(l);
  }

  /** pushes a temp's value */
  private v(t: number): void {
    const tt = this.tb.temps[t];
    if (tt.kind === TempKind.CONST) this.i32(tt.val);
    else this.get(this.local[t]);
  }

  private isConst(t: number): boolean {
    return this.tb.temps[t].kind === TempKind.CONST;
  }

  private constVal(t: number): number {
    return this.tb.temps[t].val;
  }

  /** pops the stack top into temp t */
  private def(t: number): undefined {
    this.set(this.local[t]);
    const tt = this.tb.temps[t];
    if (tt.kind === TempKind.GLOBAL) this.dirty.add(tt.val);
    return undefined;
  }

  private mem(o: W, align: number, offset: number): void {
    this.w.byte(o);
    this.w.u32(align);
    this.w.u32(offset >>> 0);
  }

  private loadGs(slot: number, l: number): void {
    this.i32(0);
    this.mem(W.i32_load, 2, this.L.gs + slot * 4);
    this.set(l);
  }

  private storeWord(offset: number, push: () => void): void {
    this.i32(0);
    push();
    this.mem(W.i32_store, 2, offset);
  }

  private loadWord(offset: number): void {
    this.i32(0);
    this.mem(W.i32_load, 2, offset);
  }

  private storeBack(all = false): void {
    const set = all || this.conservative ? this.allWritten : this.dirty;
    for (const slot of set) {
      const l = this.globalLocal.get(slot);
      if (l !== undefined) this.storeWord(this.L.gs + slot * 4, () => this.get(l));
    }
  }

  private reload(): void {
    for (const [slot, l] of this.globalLocal) this.loadGs(slot, l);
  }

  /** what a throw point records: the instruction executing */
  private at(insn: number): void {
    this.storeWord(this.L.ws + WS_INSN * 4, () => this.i32(insn));
  }

  private ret(code: number): undefined {
    this.i32(code);
    this.op(W.return);
    return undefined;
  }

  private cmp(c: number, a: number, b: number): void {
    this.v(a);
    this.v(b);
    this.op(CMP[c]);
  }

  private depthOf(label: number): number {
    const i = this.ctl.lastIndexOf(label);
    if (i < 0) throw new Error(`tcg wasm backend: label L${label} is not open (backward branch)`);
    return this.ctl.length - 1 - i;
  }

  private ifOpen(resultI32 = false): void {
    this.op(W.if);
    this.w.byte(resultI32 ? T_I32 : BLOCK_VOID);
    this.ctl.push(CTL_IF);
  }

  private ifElse(): void {
    this.op(W.else);
  }

  private ifClose(): void {
    this.op(W.end);
    this.ctl.pop();
  }

  // ---- ops

  private genOp(op: TCGOp): undefined {
    const a = op.args;
    const bin = BIN[op.opc];
    if (bin !== undefined) {
      this.v(a[1]);
      this.v(a[2]);
      this.op(bin);
      return this.def(a[0]);
    }
    switch (op.opc) {
      case Opc.nop:
      case Opc.discard:
        return;
      case Opc.mov:
        this.v(a[1]);
        return this.def(a[0]);
      case Opc.movi:
        this.i32(a[1]);
        return this.def(a[0]);
      case Opc.div:
      case Opc.divu:
      case Opc.rem:
      case Opc.remu:
        return this.genDiv(op.opc, a[0], a[1], a[2]);
      case Opc.andc:
      case Opc.orc:
      case Opc.eqv:
        this.v(a[1]);
        this.v(a[2]);
        if (op.opc !== Opc.eqv) {
          this.i32(-1);
          this.op(W.i32_xor);
        }
        this.op(op.opc === Opc.andc ? W.i32_and : op.opc === Opc.orc ? W.i32_or : W.i32_xor);
        if (op.opc === Opc.eqv) {
          this.i32(-1);
          this.op(W.i32_xor);
        }
        return this.def(a[0]);
      case Opc.nand:
      case Opc.nor:
        this.v(a[1]);
        this.v(a[2]);
        this.op(op.opc === Opc.nand ? W.i32_and : W.i32_or);
        this.i32(-1);
        this.op(W.i32_xor);
        return this.def(a[0]);
      case Opc.clz:
      case Opc.ctz:
        this.v(a[2]);
        this.v(a[1]);
        this.op(op.opc === Opc.clz ? W.i32_clz : W.i32_ctz);
        this.v(a[1]);
        this.op(W.i32_eqz);
        this.op(W.select);
        return this.def(a[0]);
      case Opc.neg:
        this.i32(0);
        this.v(a[1]);
        this.op(W.i32_sub);
        return this.def(a[0]);
      case Opc.not:
        this.v(a[1]);
        this.i32(-1);
        this.op(W.i32_xor);
        return this.def(a[0]);
      case Opc.ext8s:
      case Opc.ext16s:
        this.v(a[1]);
        this.op(op.opc === Opc.ext8s ? W.i32_extend8_s : W.i32_extend16_s);
        return this.def(a[0]);
      case Opc.ext8u:
      case Opc.ext16u:
        this.v(a[1]);
        this.i32(op.opc === Opc.ext8u ? 255 : 65535);
        this.op(W.i32_and);
        return this.def(a[0]);
      case Opc.bswap16:
        this.v(a[1]);
        this.i32(255);
        this.op(W.i32_and);
        this.i32(8);
        this.op(W.i32_shl);
        this.v(a[1]);
        this.i32(8);
        this.op(W.i32_shr_u);
        this.i32(255);
        this.op(W.i32_and);
        this.op(W.i32_or);
        return this.def(a[0]);
      case Opc.bswap32:
        this.v(a[1]);
        this.set(this.Q);
        this.get(this.Q);
        this.i32(24);
        this.op(W.i32_shl);
        this.get(this.Q);
        this.i32(0xff00);
        this.op(W.i32_and);
        this.i32(8);
        this.op(W.i32_shl);
        this.op(W.i32_or);
        this.get(this.Q);
        this.i32(8);
        this.op(W.i32_shr_u);
        this.i32(0xff00);
        this.op(W.i32_and);
        this.op(W.i32_or);
        this.get(this.Q);
        this.i32(24);
        this.op(W.i32_shr_u);
        this.op(W.i32_or);
        return this.def(a[0]);
      case Opc.ctpop:
        this.v(a[1]);
        this.op(W.i32_popcnt);
        return this.def(a[0]);
      case Opc.deposit: {
        const ofs = a[3];
        const len = a[4];
        const m = ((len === 32 ? -1 : (1 << len) - 1) << ofs) | 0;
        this.v(a[1]);
        this.i32(~m);
        this.op(W.i32_and);
        this.v(a[2]);
        this.i32(ofs);
        this.op(W.i32_shl);
        this.i32(m);
        this.op(W.i32_and);
        this.op(W.i32_or);
        return this.def(a[0]);
      }
      case Opc.extract: {
        const ofs = a[2];
        const len = a[3];
        this.v(a[1]);
        if (len !== 32) {
          this.i32(ofs);
          this.op(W.i32_shr_u);
          this.i32((1 << len) - 1);
          this.op(W.i32_and);
        }
        return this.def(a[0]);
      }
      case Opc.sextract: {
        const ofs = a[2];
        const len = a[3];
        this.v(a[1]);
        this.i32(32 - len - ofs);
        this.op(W.i32_shl);
        this.i32(32 - len);
        this.op(W.i32_shr_s);
        return this.def(a[0]);
      }
      case Opc.add2:
        // lo = al + bl, carry = lo <u al
        this.v(a[2]);
        this.v(a[4]);
        this.op(W.i32_add);
        this.tee(this.X);
        this.v(a[2]);
        this.op(W.i32_lt_u);
        this.v(a[3]);
        this.op(W.i32_add);
        this.v(a[5]);
        this.op(W.i32_add);
        this.set(this.R);
        this.get(this.X);
        this.def(a[0]);
        this.get(this.R);
        return this.def(a[1]);
      case Opc.sub2:
        this.v(a[3]);
        this.v(a[5]);
        this.op(W.i32_sub);
        this.v(a[2]);
        this.v(a[4]);
        this.op(W.i32_lt_u);
        this.op(W.i32_sub);
        this.set(this.R);
        this.v(a[2]);
        this.v(a[4]);
        this.op(W.i32_sub);
        this.def(a[0]);
        this.get(this.R);
        return this.def(a[1]);
      case Opc.mulu2:
      case Opc.muls2: {
        const ext = op.opc === Opc.mulu2 ? W.i64_extend_i32_u : W.i64_extend_i32_s;
        this.v(a[2]);
        this.op(ext);
        this.v(a[3]);
        this.op(ext);
        this.op(W.i64_mul);
        this.w.byte(W.i64_const);
        this.w.s32(32);
        this.op(W.i64_shr_u);
        this.op(W.i32_wrap_i64);
        this.set(this.R);
        this.v(a[2]);
        this.v(a[3]);
        this.op(W.i32_mul);
        this.def(a[0]);
        this.get(this.R);
        return this.def(a[1]);
      }
      case Opc.setcond:
        this.cmp(a[3], a[1], a[2]);
        return this.def(a[0]);
      case Opc.movcond:
        this.v(a[3]);
        this.v(a[4]);
        this.cmp(a[5], a[1], a[2]);
        this.op(W.select);
        return this.def(a[0]);
      case Opc.set_label: {
        const top = this.ctl.pop();
        if (top !== a[0]) throw new Error(`tcg wasm backend: label L${a[0]} closes out of order`);
        this.op(W.end);
        return;
      }
      case Opc.br:
        if (this.ctl.lastIndexOf(a[0]) < 0) return this.genTail(a[0]);
        this.op(W.br);
        this.w.u32(this.depthOf(a[0]));
        return;
      case Opc.brcond:
        this.cmp(a[2], a[0], a[1]);
        if (this.ctl.lastIndexOf(a[3]) < 0) {
          this.ifOpen();
          this.genTail(a[3]);
          this.ifClose();
          return;
        }
        this.op(W.br_if);
        this.w.u32(this.depthOf(a[3]));
        return;
      case Opc.insn_start:
        if (this.insnHasStore) this.smcCheck(this.insn + 1);
        this.insn++;
        this.insnHasStore = false;
        return;
      case Opc.qemu_ld:
        return this.genLoad(a[0], a[1], a[2], a[3]);
      case Opc.qemu_st:
        this.insnHasStore = true;
        this.genStore(a[0], a[1], a[2], a[3]);
        return;
      case Opc.call:
        return this.genCall(a);
      case Opc.goto_tb: {
        const n = this.tb.icount;
        if (this.tb.jmpDest[a[0]] === this.tb) {
          // looping onto itself: on while the slice lasts and no store rewrote the TB
          this.loadWord(this.L.ws + WS_LEFT * 4);
          this.i32(n);
          this.op(W.i32_gt_s);
          if (this.usesSmc) {
            this.loadWord(this.L.ws + WS_SMC * 4);
            this.op(W.i32_eqz);
            this.op(W.i32_and);
          }
          this.ifOpen();
          this.storeWord(this.L.ws + WS_LEFT * 4, () => {
            this.loadWord(this.L.ws + WS_LEFT * 4);
            this.i32(n);
            this.op(W.i32_sub);
          });
          this.op(W.br);
          this.w.u32(this.ctl.length - 1 - this.ctl.lastIndexOf(CTL_LOOP));
          this.ifClose();
        }
        this.storeBack();
        if (this.tb.wasmIdx > 0) {
          // chained to another wasm TB (the word is kept by the compiler): on to it while the slice lasts
          this.loadWord(this.L.links + this.tb.wasmIdx * 8 + a[0] * 4);
          this.tee(this.Q);
          this.i32(0);
          this.op(W.i32_ne);
          this.loadWord(this.L.ws + WS_LEFT * 4);
          this.i32(0);
          this.op(W.i32_gt_s);
          this.op(W.i32_and);
          this.ifOpen();
          this.chainTo();
          this.ifClose();
        }
        return this.ret(EXIT_GOTO_TB0 + a[0]);
      }
      case Opc.exit_tb:
        this.storeBack();
        if (a[0] === 0) return this.ret(EXIT_LOOKUP);
        this.storeWord(this.L.ws + WS_EXIT_VALUE * 4, () => this.i32(a[0]));
        return this.ret(EXIT_TB_VALUE);
      case Opc.lookup_and_goto_ptr:
        this.storeBack();
        if (this.L.jc !== 0 && this.tb.wasmIdx > 0) this.jcLookup();
        return this.ret(EXIT_LOOKUP);
      default:
        throw new Error(`tcg wasm backend: unhandled op ${Opc[op.opc]}`);
    }
  }

  /**
   * An indirect jump keeps cs_base and flags: on to the TB the jump cache holds for the new pc when it
   * was compiled for the same cs_base and flags, while the slice lasts.
   */
  private jcLookup(): void {
    const L = this.L;
    const l = this.globalLocal.get(L.pcSlot);
    if (l !== undefined) this.get(l);
    else this.loadWord(L.gs + L.pcSlot * 4);
    this.i32(this.tb.csBase);
    this.op(W.i32_add);
    this.tee(this.A);
    // entry byte offset: ((pc >>> 12) & 63) << 10 | ((pc ^ (pc >>> 6)) & 63) << 4, as jcHash * 16
    this.i32(2);
    this.op(W.i32_shr_u);
    this.i32(63 << 10);
    this.op(W.i32_and);
    this.get(this.A);
    this.get(this.A);
    this.i32(6);
    this.op(W.i32_shr_u);
    this.op(W.i32_xor);
    this.i32(4);
    this.op(W.i32_shl);
    this.i32(63 << 4);
    this.op(W.i32_and);
    this.op(W.i32_or);
    this.set(this.X);
    const field = (k: number) => {
      this.get(this.X);
      this.mem(W.i32_load, 2, L.jc + k * 4);
    };
    field(0);
    this.get(this.A);
    this.op(W.i32_eq);
    field(1);
    this.i32(this.tb.flags);
    this.op(W.i32_eq);
    this.op(W.i32_and);
    field(2);
    this.i32(this.tb.csBase);
    this.op(W.i32_eq);
    this.op(W.i32_and);
    field(3);
    this.tee(this.Q);
    this.i32(0);
    this.op(W.i32_ne);
    this.op(W.i32_and);
    this.loadWord(L.ws + WS_LEFT * 4);
    this.i32(0);
    this.op(W.i32_gt_s);
    this.op(W.i32_and);
    this.ifOpen();
    this.chainTo();
    this.ifClose();
  }

  /** a backward branch: the target's exit tail, emitted here */
  private genTail(label: number): undefined {
    const tail = this.tails.get(label);
    if (tail === undefined)
      throw new Error(`tcg wasm backend: label L${label} is not open (backward branch)`);
    for (const op of tail) this.genOp(op);
    const last = tail[tail.length - 1];
    if (last === undefined || !(OP_DEFS[last.opc].flags & OPF_BB_EXIT)) {
      // the tail runs to the TB's end
      this.storeBack(true);
      this.ret(EXIT_LOOKUP);
    }
    return undefined;
  }

  /** tail-calls the TB at table index Q through the entry function (globals are stored back) */
  private chainTo(): void {
    this.get(0);
    this.get(this.Q);
    this.op(W.return_call);
    this.w.u32(WASM_IMPORT_ENTER);
  }

  /** the previous instruction's store may have rewritten this TB: stop before instruction `next` */
  private smcCheck(next: number): void {
    this.loadWord(this.L.ws + WS_SMC * 4);
    this.ifOpen();
    this.storeBack();
    this.at(next);
    this.ret(EXIT_RESTORE);
    this.ifClose();
  }

  /** JS semantics of `(a / b) | 0` and `(a % b) | 0`: 0 for a zero divisor, no trap for INT_MIN / -1 */
  private genDiv(opc: Opc, d: number, x: number, y: number): undefined {
    const signed = opc === Opc.div || opc === Opc.rem;
    const wop =
      opc === Opc.div
        ? W.i32_div_s
        : opc === Opc.divu
          ? W.i32_div_u
          : opc === Opc.rem
            ? W.i32_rem_s
            : W.i32_rem_u;
    if (this.isConst(y) && this.constVal(y) !== 0 && !(opc === Opc.div && this.constVal(y) === -1)) {
      this.v(x);
      this.v(y);
      this.op(wop);
      return this.def(d);
    }
    this.v(y);
    this.op(W.i32_eqz);
    this.ifOpen(true);
    this.i32(0);
    this.ifElse();
    if (opc === Opc.div && signed) {
      // INT_MIN / -1 traps in wasm; JS gives INT_MIN, which is 0 - a
      this.v(y);
      this.i32(-1);
      this.op(W.i32_eq);
      this.ifOpen(true);
      this.i32(0);
      this.v(x);
      this.op(W.i32_sub);
      this.ifElse();
      this.v(x);
      this.v(y);
      this.op(wop);
      this.ifClose();
    } else {
      this.v(x);
      this.v(y);
      this.op(wop);
    }
    this.ifClose();
    return this.def(d);
  }

  /** X = byte offset of the TLB entry for address local A */
  private tlbEntry(mmuIdx: number): void {
    const bits = this.L.tlbBits;
    this.get(this.A);
    this.i32(10);
    this.op(W.i32_shr_u);
    this.i32(((1 << bits) - 1) << 2);
    this.op(W.i32_and);
    if (mmuIdx !== 0) {
      this.i32(mmuIdx << (bits + 2));
      this.op(W.i32_or);
    }
    this.set(this.X);
  }

  /** pushes tag == page of the access's last byte */
  private tlbHit(tagBase: number, size: number): void {
    this.get(this.X);
    this.mem(W.i32_load, 2, tagBase);
    this.get(this.A);
    const last = (1 << size) - 1;
    if (last) {
      this.i32(last);
      this.op(W.i32_add);
    }
    this.i32(-4096);
    this.op(W.i32_and);
    this.op(W.i32_eq);
  }

  /** pushes the RAM address (arena offset minus L.ram) of a hit */
  private hitAddr(): void {
    this.get(this.A);
    this.get(this.X);
    this.mem(W.i32_load, 2, this.L.addend);
    this.op(W.i32_add);
  }

  private genLoad(d: number, addr: number, memop: number, mmuIdx: number): undefined {
    const size = memop & 3;
    const sign = (memop & 4) !== 0;
    this.v(addr);
    this.set(this.A);
    this.tlbEntry(mmuIdx);
    this.tlbHit(this.L.tagRead, size);
    this.ifOpen(true);
    this.hitAddr();
    const ld =
      size === 0
        ? sign
          ? W.i32_load8_s
          : W.i32_load8_u
        : size === 1
          ? sign
            ? W.i32_load16_s
            : W.i32_load16_u
          : W.i32_load;
    this.mem(ld, 0, this.L.ram);
    this.ifElse();
    this.storeBack();
    this.at(Math.max(this.insn, 0));
    this.get(this.A);
    this.i32(memop);
    this.i32(mmuIdx);
    this.op(W.call);
    this.w.u32(WASM_IMPORT_LD_SLOW);
    this.ifClose();
    return this.def(d);
  }

  private genStore(val: number, addr: number, memop: number, mmuIdx: number): void {
    const size = memop & 3;
    this.v(addr);
    this.set(this.A);
    this.tlbEntry(mmuIdx);
    this.tlbHit(this.L.tagWrite, size);
    this.ifOpen();
    this.hitAddr();
    this.v(val);
    this.mem(size === 0 ? W.i32_store8 : size === 1 ? W.i32_store16 : W.i32_store, 0, this.L.ram);
    this.ifElse();
    this.storeBack();
    this.at(Math.max(this.insn, 0));
    this.get(this.A);
    this.v(val);
    this.i32(memop);
    this.i32(mmuIdx);
    this.op(W.call);
    this.w.u32(WASM_IMPORT_ST_SLOW);
    this.ifClose();
  }

  private genCall(a: readonly number[]): undefined {
    const flags = a[1];
    const fn = this.tb.helpers[a[0]];
    const nargs = a.length - 3;
    if (!(flags & TCG_CALL_NO_READ_GLOBALS)) {
      this.storeBack();
      this.at(Math.max(this.insn, 0));
    }
    this.get(0);
    for (let i = 3; i < a.length; i++) this.v(a[i]);
    this.op(W.call);
    this.w.u32(this.helpers.indexOf(fn, nargs));
    if (a[2] >= 0) this.set(this.R);
    else this.op(W.drop);
    if (!(flags & (TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS))) this.reload();
    // a helper's stores may rewrite this TB too (the executor sets the flag when it is invalidated)
    if (!(flags & TCG_CALL_NO_SIDE_EFFECTS) && this.usesSmc) this.insnHasStore = true;
    if (a[2] >= 0) {
      this.get(this.R);
      this.def(a[2]);
    }
    return undefined;
  }
}
