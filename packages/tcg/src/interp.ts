/**
 * The IR interpreter (QEMU's tcg/tci.c counterpart). A TB's ops are encoded once into an Int32Array
 * (labels resolved to offsets); execution runs them over a frame of int32 temps. IR globals are copied
 * from env.gs on entry, stored back before anything that may read them or fault (helper calls, the
 * memory slow path, exits) and reloaded after helpers that may write them.
 */

import { clz32, ctz32, mulu2Hi, popcount32 } from './arith.js';
import type { TranslationBlock } from './context.js';
import { EXIT_GOTO_TB0, EXIT_LOOKUP, EXIT_RESTORE, EXIT_TB_VALUE, type ExecState } from './exec-state.js';
import {
  type Helper,
  OP_DEFS,
  Opc,
  TCG_CALL_NO_READ_GLOBALS,
  TCG_CALL_NO_SIDE_EFFECTS,
  TCG_CALL_NO_WRITE_GLOBALS,
  TempKind,
} from './ir.js';

export interface InterpCode {
  code: Int32Array;
  nTemps: number;
  /** frame index of each global, and its env.gs slot */
  globalTemps: Int32Array;
  globalSlots: Int32Array;
  /** the globals some op writes (the others always equal env.gs), for the store-back */
  outTemps: Int32Array;
  outSlots: Int32Array;
  constTemps: Int32Array;
  constVals: Int32Array;
  helpers: Helper[];
}

/** Encodes the TB's ops for the interpreter (sets tb.compiled and tb.codeSize). */
export function interpPrepare(tb: TranslationBlock): InterpCode {
  const labelPos = new Int32Array(tb.nLabels).fill(-1);
  // pass 1: offsets
  let pos = 0;
  for (const op of tb.ops) {
    if (op.opc === Opc.nop || op.opc === Opc.discard) continue;
    if (op.opc === Opc.set_label) {
      labelPos[op.args[0]] = pos;
      continue;
    }
    pos += encodedLength(op.opc, op.args.length);
  }
  const code = new Int32Array(pos + 1);
  let p = 0;
  let insn = 0;
  // an instruction boundary after a store may be where the TB stops (it overwrote its own code)
  let sawStore = false;
  for (const op of tb.ops) {
    const a = op.args;
    switch (op.opc) {
      case Opc.nop:
      case Opc.discard:
      case Opc.set_label:
        continue;
      case Opc.br:
        code[p++] = op.opc;
        code[p++] = resolve(labelPos, a[0]);
        continue;
      case Opc.brcond:
        code[p++] = op.opc;
        code[p++] = a[0];
        code[p++] = a[1];
        code[p++] = a[2];
        code[p++] = resolve(labelPos, a[3]);
        continue;
      case Opc.insn_start:
        code[p++] = op.opc;
        code[p++] = insn++;
        code[p++] = sawStore ? 1 : 0;
        sawStore = false;
        continue;
      case Opc.qemu_st:
        sawStore = true;
        code[p++] = op.opc;
        for (const x of a) code[p++] = x;
        continue;
      case Opc.call:
        if (!(a[1] & TCG_CALL_NO_SIDE_EFFECTS)) sawStore = true;
        code[p++] = op.opc;
        code[p++] = a[0];
        code[p++] = a[1];
        code[p++] = a[2];
        code[p++] = a.length - 3;
        for (let i = 3; i < a.length; i++) code[p++] = a[i];
        continue;
      default:
        code[p++] = op.opc;
        for (const x of a) code[p++] = x;
    }
  }
  // falling off the end leaves through a lookup
  code[p] = Opc.lookup_and_goto_ptr;
  const written = new Set<number>();
  for (const op of tb.ops) {
    if (op.opc === Opc.call) {
      if (op.args[2] >= 0) written.add(op.args[2]);
    } else for (let j = 0; j < OP_DEFS[op.opc].nOut; j++) written.add(op.args[j]);
  }
  const outTemps: number[] = [];
  const outSlots: number[] = [];
  const globals: number[] = [];
  const slots: number[] = [];
  const consts: number[] = [];
  const vals: number[] = [];
  tb.temps.forEach((t, i) => {
    if (t.kind === TempKind.GLOBAL) {
      globals.push(i);
      slots.push(t.val);
      if (written.has(i)) {
        outTemps.push(i);
        outSlots.push(t.val);
      }
    } else if (t.kind === TempKind.CONST) {
      consts.push(i);
      vals.push(t.val);
    }
  });
  const ic: InterpCode = {
    code,
    nTemps: tb.temps.length,
    globalTemps: Int32Array.from(globals),
    globalSlots: Int32Array.from(slots),
    outTemps: Int32Array.from(outTemps),
    outSlots: Int32Array.from(outSlots),
    constTemps: Int32Array.from(consts),
    constVals: Int32Array.from(vals),
    helpers: tb.helpers,
  };
  tb.compiled = ic;
  tb.codeSize = code.byteLength + 64;
  return ic;
}

function resolve(labelPos: Int32Array, id: number): number {
  const p = labelPos[id];
  if (p === undefined || p < 0) throw new Error(`tcg: label L${id} is used but never set`);
  return p;
}

function encodedLength(opc: Opc, nargs: number): number {
  if (opc === Opc.call) return 2 + nargs; // opc, helper, flags, ret, n, args...
  if (opc === Opc.insn_start) return 3;
  return 1 + nargs;
}

let frame = new Int32Array(256);

function syncOut(f: Int32Array, gs: Int32Array, gt: Int32Array, slots: Int32Array): void {
  for (let i = 0; i < gt.length; i++) gs[slots[i]] = f[gt[i]];
}
function syncIn(f: Int32Array, gs: Int32Array, gt: Int32Array, slots: Int32Array): void {
  for (let i = 0; i < gt.length; i++) f[gt[i]] = gs[slots[i]];
}

function callHelper(fn: Helper, env: unknown, f: Int32Array, code: Int32Array, p: number, n: number): number {
  switch (n) {
    case 0:
      return fn(env) as number;
    case 1:
      return fn(env, f[code[p]]) as number;
    case 2:
      return fn(env, f[code[p]], f[code[p + 1]]) as number;
    case 3:
      return fn(env, f[code[p]], f[code[p + 1]], f[code[p + 2]]) as number;
    case 4:
      return fn(env, f[code[p]], f[code[p + 1]], f[code[p + 2]], f[code[p + 3]]) as number;
    default: {
      const args: number[] = [];
      for (let i = 0; i < n; i++) args.push(f[code[p + i]]);
      return fn(env, ...args) as number;
    }
  }
}

/** Runs one TB; returns an EXIT_* code. May throw (a guest exception), with env.gs coherent. */
export function interpExec(tb: TranslationBlock, S: ExecState): number {
  const ic = tb.compiled as InterpCode;
  const env = S.env;
  const gs: Int32Array = env.gs;
  if (frame.length < ic.nTemps) frame = new Int32Array(ic.nTemps * 2);
  const f = frame;
  const code = ic.code;
  const gt = ic.globalTemps;
  const slots = ic.globalSlots;
  const ot = ic.outTemps;
  const oslots = ic.outSlots;
  syncIn(f, gs, gt, slots);
  for (let i = 0; i < ic.constTemps.length; i++) f[ic.constTemps[i]] = ic.constVals[i];
  const tlb = S.tlb;
  const ram = tlb.ram;
  const bits = tlb.bits;
  const mask = tlb.mask;
  let p = 0;
  // the instruction executing; S.insn is written only where something may throw or read it
  let insn = 0;
  for (;;) {
    switch (code[p] as Opc) {
      case Opc.mov:
        f[code[p + 1]] = f[code[p + 2]];
        p += 3;
        break;
      case Opc.movi:
        f[code[p + 1]] = code[p + 2];
        p += 3;
        break;
      case Opc.add:
        f[code[p + 1]] = (f[code[p + 2]] + f[code[p + 3]]) | 0;
        p += 4;
        break;
      case Opc.sub:
        f[code[p + 1]] = (f[code[p + 2]] - f[code[p + 3]]) | 0;
        p += 4;
        break;
      case Opc.mul:
        f[code[p + 1]] = Math.imul(f[code[p + 2]], f[code[p + 3]]);
        p += 4;
        break;
      case Opc.div:
        f[code[p + 1]] = (f[code[p + 2]] / f[code[p + 3]]) | 0;
        p += 4;
        break;
      case Opc.divu:
        f[code[p + 1]] = (f[code[p + 2]] >>> 0) / (f[code[p + 3]] >>> 0);
        p += 4;
        break;
      case Opc.rem:
        f[code[p + 1]] = (f[code[p + 2]] % f[code[p + 3]]) | 0;
        p += 4;
        break;
      case Opc.remu:
        f[code[p + 1]] = (f[code[p + 2]] >>> 0) % (f[code[p + 3]] >>> 0);
        p += 4;
        break;
      case Opc.and:
        f[code[p + 1]] = f[code[p + 2]] & f[code[p + 3]];
        p += 4;
        break;
      case Opc.or:
        f[code[p + 1]] = f[code[p + 2]] | f[code[p + 3]];
        p += 4;
        break;
      case Opc.xor:
        f[code[p + 1]] = f[code[p + 2]] ^ f[code[p + 3]];
        p += 4;
        break;
      case Opc.andc:
        f[code[p + 1]] = f[code[p + 2]] & ~f[code[p + 3]];
        p += 4;
        break;
      case Opc.orc:
        f[code[p + 1]] = f[code[p + 2]] | ~f[code[p + 3]];
        p += 4;
        break;
      case Opc.eqv:
        f[code[p + 1]] = ~(f[code[p + 2]] ^ f[code[p + 3]]);
        p += 4;
        break;
      case Opc.nand:
        f[code[p + 1]] = ~(f[code[p + 2]] & f[code[p + 3]]);
        p += 4;
        break;
      case Opc.nor:
        f[code[p + 1]] = ~(f[code[p + 2]] | f[code[p + 3]]);
        p += 4;
        break;
      case Opc.shl:
        f[code[p + 1]] = f[code[p + 2]] << f[code[p + 3]];
        p += 4;
        break;
      case Opc.shr:
        f[code[p + 1]] = f[code[p + 2]] >>> f[code[p + 3]];
        p += 4;
        break;
      case Opc.sar:
        f[code[p + 1]] = f[code[p + 2]] >> f[code[p + 3]];
        p += 4;
        break;
      case Opc.rotl: {
        const a = f[code[p + 2]];
        const b = f[code[p + 3]];
        f[code[p + 1]] = (a << b) | (a >>> -b);
        p += 4;
        break;
      }
      case Opc.rotr: {
        const a = f[code[p + 2]];
        const b = f[code[p + 3]];
        f[code[p + 1]] = (a >>> b) | (a << -b);
        p += 4;
        break;
      }
      case Opc.clz:
        f[code[p + 1]] = clz32(f[code[p + 2]], f[code[p + 3]]);
        p += 4;
        break;
      case Opc.ctz:
        f[code[p + 1]] = ctz32(f[code[p + 2]], f[code[p + 3]]);
        p += 4;
        break;
      case Opc.neg:
        f[code[p + 1]] = -f[code[p + 2]] | 0;
        p += 3;
        break;
      case Opc.not:
        f[code[p + 1]] = ~f[code[p + 2]];
        p += 3;
        break;
      case Opc.ext8s:
        f[code[p + 1]] = (f[code[p + 2]] << 24) >> 24;
        p += 3;
        break;
      case Opc.ext8u:
        f[code[p + 1]] = f[code[p + 2]] & 0xff;
        p += 3;
        break;
      case Opc.ext16s:
        f[code[p + 1]] = (f[code[p + 2]] << 16) >> 16;
        p += 3;
        break;
      case Opc.ext16u:
        f[code[p + 1]] = f[code[p + 2]] & 0xffff;
        p += 3;
        break;
      case Opc.bswap16: {
        const a = f[code[p + 2]];
        f[code[p + 1]] = ((a & 0xff) << 8) | ((a >>> 8) & 0xff);
        p += 3;
        break;
      }
      case Opc.bswap32: {
        const a = f[code[p + 2]];
        f[code[p + 1]] = (a << 24) | ((a & 0xff00) << 8) | ((a >>> 8) & 0xff00) | (a >>> 24);
        p += 3;
        break;
      }
      case Opc.ctpop:
        f[code[p + 1]] = popcount32(f[code[p + 2]]);
        p += 3;
        break;
      case Opc.deposit: {
        const ofs = code[p + 4];
        const len = code[p + 5];
        const m = (len === 32 ? -1 : (1 << len) - 1) << ofs;
        f[code[p + 1]] = (f[code[p + 2]] & ~m) | ((f[code[p + 3]] << ofs) & m);
        p += 6;
        break;
      }
      case Opc.extract: {
        const len = code[p + 4];
        const v = f[code[p + 2]] >>> code[p + 3];
        f[code[p + 1]] = len === 32 ? v : v & ((1 << len) - 1);
        p += 5;
        break;
      }
      case Opc.sextract: {
        const sh = 32 - code[p + 4];
        f[code[p + 1]] = ((f[code[p + 2]] >>> code[p + 3]) << sh) >> sh;
        p += 5;
        break;
      }
      case Opc.add2: {
        const al = f[code[p + 3]] >>> 0;
        const bl = f[code[p + 5]] >>> 0;
        const lo = al + bl;
        const hi = (f[code[p + 4]] + f[code[p + 6]] + (lo > 0xffffffff ? 1 : 0)) | 0;
        f[code[p + 1]] = lo | 0;
        f[code[p + 2]] = hi;
        p += 7;
        break;
      }
      case Opc.sub2: {
        const al = f[code[p + 3]] >>> 0;
        const bl = f[code[p + 5]] >>> 0;
        const hi = (f[code[p + 4]] - f[code[p + 6]] - (al < bl ? 1 : 0)) | 0;
        f[code[p + 1]] = (al - bl) | 0;
        f[code[p + 2]] = hi;
        p += 7;
        break;
      }
      case Opc.mulu2: {
        const a = f[code[p + 3]];
        const b = f[code[p + 4]];
        f[code[p + 1]] = Math.imul(a, b);
        f[code[p + 2]] = mulu2Hi(a, b);
        p += 5;
        break;
      }
      case Opc.muls2: {
        const a = f[code[p + 3]];
        const b = f[code[p + 4]];
        f[code[p + 1]] = Math.imul(a, b);
        // signed high word = unsigned high word - (a<0 ? b : 0) - (b<0 ? a : 0)
        f[code[p + 2]] = (mulu2Hi(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
        p += 5;
        break;
      }
      case Opc.setcond:
        f[code[p + 1]] = cond(code[p + 4], f[code[p + 2]], f[code[p + 3]]) ? 1 : 0;
        p += 5;
        break;
      case Opc.movcond:
        f[code[p + 1]] = cond(code[p + 6], f[code[p + 2]], f[code[p + 3]]) ? f[code[p + 4]] : f[code[p + 5]];
        p += 7;
        break;
      case Opc.br:
        p = code[p + 1];
        break;
      case Opc.brcond:
        if (cond(code[p + 3], f[code[p + 1]], f[code[p + 2]])) p = code[p + 4];
        else p += 5;
        break;
      case Opc.insn_start:
        if (code[p + 2] !== 0 && tb.invalid) {
          // a store in the previous instruction overwrote this TB's code: stop here
          syncOut(f, gs, ot, oslots);
          S.insn = code[p + 1];
          return EXIT_RESTORE;
        }
        insn = code[p + 1];
        p += 3;
        break;
      case Opc.qemu_ld: {
        const a = f[code[p + 2]];
        const memop = code[p + 3];
        const mmu = code[p + 4];
        const size = memop & 3;
        const idx = (mmu << bits) | ((a >>> 12) & mask);
        let v: number;
        if (tlb.tagRead[idx] === ((a + (1 << size) - 1) & -4096)) {
          const o = (a + tlb.addend[idx]) | 0;
          if (size === 0) v = memop & 4 ? (ram[o] << 24) >> 24 : ram[o];
          else if (size === 1) {
            v = ram[o] | (ram[o + 1] << 8);
            if (memop & 4) v = (v << 16) >> 16;
          } else v = ram[o] | (ram[o + 1] << 8) | (ram[o + 2] << 16) | (ram[o + 3] << 24);
        } else {
          syncOut(f, gs, ot, oslots);
          S.insn = insn;
          v = tlb.ldSlow(a, memop, mmu);
        }
        f[code[p + 1]] = v;
        p += 5;
        break;
      }
      case Opc.qemu_st: {
        const v = f[code[p + 1]];
        const a = f[code[p + 2]];
        const memop = code[p + 3];
        const mmu = code[p + 4];
        const size = memop & 3;
        const idx = (mmu << bits) | ((a >>> 12) & mask);
        if (tlb.tagWrite[idx] === ((a + (1 << size) - 1) & -4096)) {
          const o = (a + tlb.addend[idx]) | 0;
          ram[o] = v;
          if (size >= 1) ram[o + 1] = v >>> 8;
          if (size === 2) {
            ram[o + 2] = v >>> 16;
            ram[o + 3] = v >>> 24;
          }
        } else {
          syncOut(f, gs, ot, oslots);
          S.insn = insn;
          tlb.stSlow(a, v, memop, mmu);
        }
        p += 5;
        break;
      }
      case Opc.call: {
        const fn = ic.helpers[code[p + 1]];
        const flags = code[p + 2];
        const ret = code[p + 3];
        const n = code[p + 4];
        if (!(flags & TCG_CALL_NO_READ_GLOBALS)) syncOut(f, gs, ot, oslots);
        S.insn = insn;
        const r = callHelper(fn, env, f, code, p + 5, n);
        if (!(flags & (TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS))) syncIn(f, gs, gt, slots);
        if (ret >= 0) f[ret] = r | 0;
        p += 5 + n;
        break;
      }
      case Opc.goto_tb:
        syncOut(f, gs, ot, oslots);
        return EXIT_GOTO_TB0 + code[p + 1];
      case Opc.exit_tb: {
        syncOut(f, gs, ot, oslots);
        const v = code[p + 1];
        if (v === 0) return EXIT_LOOKUP;
        S.exitValue = v;
        return EXIT_TB_VALUE;
      }
      case Opc.lookup_and_goto_ptr:
        syncOut(f, gs, ot, oslots);
        return EXIT_LOOKUP;
      default:
        throw new Error(`tcg interpreter: bad opcode ${code[p]} at ${p}`);
    }
  }
}

function cond(c: number, a: number, b: number): boolean {
  switch (c) {
    case 0:
      return a === b;
    case 1:
      return a !== b;
    case 2:
      return a < b;
    case 3:
      return a >= b;
    case 4:
      return a <= b;
    case 5:
      return a > b;
    case 6:
      return a >>> 0 < b >>> 0;
    case 7:
      return a >>> 0 >= b >>> 0;
    case 8:
      return a >>> 0 <= b >>> 0;
    default:
      return a >>> 0 > b >>> 0;
  }
}
