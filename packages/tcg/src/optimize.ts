/**
 * The IR optimizer (QEMU's tcg/optimize.c and the liveness pass of tcg.c):
 *  1. per basic block, constant propagation and folding, copy propagation and algebraic simplification;
 *  2. liveness over the TB's control-flow graph and removal of ops whose results are never read —
 *     including writes to IR globals (e.g. condition-code globals) that are overwritten before anything can
 *     observe them. Globals are observable at exits, at ops that may fault (the exception path reads env),
 *     at helper calls that read globals, and at instruction boundaries where a TB may stop after a store
 *     (self-modifying code).
 */

import { clz32, ctz32, muls2Hi, mulu2Hi, popcount32 } from './arith.js';
import type { TranslationBlock } from './context.js';
import {
  OP_DEFS,
  OPF_SIDE_EFFECTS,
  Opc,
  TCG_CALL_NO_READ_GLOBALS,
  TCG_CALL_NO_SIDE_EFFECTS,
  TCG_CALL_NO_WRITE_GLOBALS,
  TCGCond,
  type TCGOp,
  type TCGTemp,
  TempKind,
  tcgEvalCond,
} from './ir.js';

export interface OptimizeStats {
  folded: number;
  copiesPropagated: number;
  removed: number;
}

/** Optimizes tb.ops in place (removed ops are dropped). */
export function tcgOptimize(tb: TranslationBlock): OptimizeStats {
  const stats = { folded: 0, copiesPropagated: 0, removed: 0 };
  propagate(tb, stats);
  eliminateDead(tb, stats);
  tb.ops = tb.ops.filter((op) => op.opc !== Opc.nop && !(op.opc === Opc.mov && op.args[0] === op.args[1]));
  return stats;
}

/** Find or add a constant temp. */
function constTemp(tb: TranslationBlock, cache: Map<number, number>, v: number): number {
  v |= 0;
  let t = cache.get(v);
  if (t === undefined) {
    t = tb.temps.push({ kind: TempKind.CONST, val: v, name: `$0x${(v >>> 0).toString(16)}` }) - 1;
    cache.set(v, t);
  }
  return t;
}

function fold1(opc: Opc, a: number): number | undefined {
  switch (opc) {
    case Opc.mov:
      return a;
    case Opc.neg:
      return -a | 0;
    case Opc.not:
      return ~a;
    case Opc.ext8s:
      return (a << 24) >> 24;
    case Opc.ext8u:
      return a & 0xff;
    case Opc.ext16s:
      return (a << 16) >> 16;
    case Opc.ext16u:
      return a & 0xffff;
    case Opc.bswap16:
      return ((a & 0xff) << 8) | ((a >>> 8) & 0xff);
    case Opc.bswap32:
      return (a << 24) | ((a & 0xff00) << 8) | ((a >>> 8) & 0xff00) | (a >>> 24);
    case Opc.ctpop:
      return popcount32(a);
    default:
      return undefined;
  }
}

function fold2(opc: Opc, a: number, b: number): number | undefined {
  switch (opc) {
    case Opc.add:
      return (a + b) | 0;
    case Opc.sub:
      return (a - b) | 0;
    case Opc.mul:
      return Math.imul(a, b);
    case Opc.and:
      return a & b;
    case Opc.or:
      return a | b;
    case Opc.xor:
      return a ^ b;
    case Opc.andc:
      return a & ~b;
    case Opc.orc:
      return a | ~b;
    case Opc.eqv:
      return ~(a ^ b);
    case Opc.nand:
      return ~(a & b);
    case Opc.nor:
      return ~(a | b);
    case Opc.shl:
      return a << b;
    case Opc.shr:
      return (a >>> b) | 0;
    case Opc.sar:
      return a >> b;
    case Opc.rotl:
      return (a << b) | (a >>> -b);
    case Opc.rotr:
      return (a >>> b) | (a << -b);
    case Opc.clz:
      return clz32(a, b);
    case Opc.ctz:
      return ctz32(a, b);
    // division by zero is left to run time (the translator guards it)
    case Opc.div:
      return b === 0 ? undefined : (a / b) | 0;
    case Opc.divu:
      return b === 0 ? undefined : ((a >>> 0) / (b >>> 0)) | 0;
    case Opc.rem:
      return b === 0 ? undefined : (a % b) | 0;
    case Opc.remu:
      return b === 0 ? undefined : ((a >>> 0) % (b >>> 0)) | 0;
    default:
      return undefined;
  }
}

const COMMUTATIVE = new Set<Opc>([Opc.add, Opc.mul, Opc.and, Opc.or, Opc.xor, Opc.eqv, Opc.nand, Opc.nor]);

// Scratch arrays reused across TBs (translation must not feed the GC). Knowledge recorded in them is
// valid only in the epoch (basic block of one TB) it was recorded in; epochs only grow.
let scratchSize = 0;
let sIsConst = new Int32Array(0);
let sCopyEpoch = new Int32Array(0);
let sConstVal = new Int32Array(0);
let sCopyOf = new Int32Array(0);
let sCopyVer = new Int32Array(0);
let sVer = new Int32Array(0);
let globalEpoch = 1;

function growScratch(n: number): void {
  if (n <= scratchSize) return;
  scratchSize = Math.max(n, scratchSize * 2, 1024);
  sIsConst = new Int32Array(scratchSize);
  sCopyEpoch = new Int32Array(scratchSize);
  sConstVal = new Int32Array(scratchSize);
  sCopyOf = new Int32Array(scratchSize);
  sCopyVer = new Int32Array(scratchSize);
  sVer = new Int32Array(scratchSize);
}

function propagate(tb: TranslationBlock, stats: OptimizeStats): void {
  const temps = tb.temps;
  const n0 = temps.length;
  // room for the constants folding may add (at most one per op output)
  growScratch(n0 + tb.ops.length * 4 + 64);
  if (globalEpoch > 0x3fffffff) {
    sIsConst.fill(0);
    sCopyEpoch.fill(0);
    globalEpoch = 1;
  }
  let epoch = ++globalEpoch;
  const isConst = sIsConst;
  const copyEpoch = sCopyEpoch;
  const constVal = sConstVal;
  const copyOf = sCopyOf;
  const copyVer = sCopyVer;
  const ver = sVer;
  const consts = new Map<number, number>();
  temps.forEach((t, i) => {
    if (t.kind === TempKind.CONST) consts.set(t.val, i);
  });
  const globals: number[] = [];
  temps.forEach((t, i) => {
    if (t.kind === TempKind.GLOBAL) globals.push(i);
  });
  const kind = (t: number) => temps[t].kind;
  const known = (t: number): number | undefined => {
    if (kind(t) === TempKind.CONST) return temps[t].val;
    return isConst[t] === epoch ? constVal[t] : undefined;
  };
  const canon = (t: number): number => {
    const c = copyOf[t];
    return c >= 0 && copyEpoch[t] === epoch && copyVer[t] === ver[c] ? c : t;
  };
  const resetAll = () => {
    epoch = ++globalEpoch;
  };
  const written = (t: number) => {
    ver[t]++;
    isConst[t] = 0;
    copyEpoch[t] = 0;
  };
  const setConst = (op: TCGOp, d: number, v: number) => {
    op.opc = Opc.movi;
    op.args = [d, v | 0];
    written(d);
    isConst[d] = epoch;
    constVal[d] = v | 0;
    stats.folded++;
  };
  const setMov = (op: TCGOp, d: number, s: number) => {
    const c = known(s);
    if (c !== undefined) return setConst(op, d, c);
    s = canon(s);
    op.opc = Opc.mov;
    op.args = [d, s];
    written(d);
    if (s !== d) {
      copyOf[d] = s;
      copyVer[d] = ver[s];
      copyEpoch[d] = epoch;
    }
  };
  const subst = (t: number): number => {
    const c = known(t);
    if (c !== undefined) return kind(t) === TempKind.CONST ? t : constTemp(tb, consts, c);
    const s = canon(t);
    if (s !== t) stats.copiesPropagated++;
    return s;
  };

  for (const op of tb.ops) {
    const a = op.args;
    if (op.opc === Opc.set_label) {
      resetAll();
      continue;
    }
    if (op.opc === Opc.call) {
      for (let i = 3; i < a.length; i++) a[i] = subst(a[i]);
      if (!(a[1] & (TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS)))
        for (const g of globals) written(g);
      if (a[2] >= 0) written(a[2]);
      continue;
    }
    const def = OP_DEFS[op.opc];
    for (let i = def.nOut; i < def.nOut + def.nIn; i++) a[i] = subst(a[i]);
    switch (op.opc) {
      case Opc.mov:
        setMov(op, a[0], a[1]);
        continue;
      case Opc.movi:
        written(a[0]);
        isConst[a[0]] = epoch;
        constVal[a[0]] = a[1];
        continue;
      case Opc.brcond: {
        const x = known(a[0]);
        const y = known(a[1]);
        const r =
          x !== undefined && y !== undefined
            ? tcgEvalCond(a[2], x, y)
            : a[0] === a[1]
              ? sameCond(a[2])
              : undefined;
        if (r === true) {
          op.opc = Opc.br;
          op.args = [a[3]];
          stats.folded++;
        } else if (r === false) {
          op.opc = Opc.nop;
          op.args = [];
          stats.folded++;
        }
        continue;
      }
      case Opc.setcond: {
        const x = known(a[1]);
        const y = known(a[2]);
        const r =
          x !== undefined && y !== undefined
            ? tcgEvalCond(a[3], x, y)
            : a[1] === a[2]
              ? sameCond(a[3])
              : undefined;
        if (r !== undefined) setConst(op, a[0], r ? 1 : 0);
        else written(a[0]);
        continue;
      }
      case Opc.movcond: {
        const x = known(a[1]);
        const y = known(a[2]);
        const r =
          x !== undefined && y !== undefined
            ? tcgEvalCond(a[5], x, y)
            : a[1] === a[2]
              ? sameCond(a[5])
              : undefined;
        if (r !== undefined) setMov(op, a[0], r ? a[3] : a[4]);
        else if (a[3] === a[4]) setMov(op, a[0], a[3]);
        else written(a[0]);
        continue;
      }
      case Opc.deposit: {
        const x = known(a[1]);
        const y = known(a[2]);
        if (x !== undefined && y !== undefined) {
          const m = ((a[4] === 32 ? -1 : (1 << a[4]) - 1) << a[3]) | 0;
          setConst(op, a[0], (x & ~m) | ((y << a[3]) & m));
        } else written(a[0]);
        continue;
      }
      case Opc.extract:
      case Opc.sextract: {
        const x = known(a[1]);
        if (x !== undefined) {
          const len = a[3];
          const v =
            op.opc === Opc.extract
              ? len === 32
                ? x
                : (x >>> a[2]) & ((1 << len) - 1)
              : ((x >>> a[2]) << (32 - len)) >> (32 - len);
          setConst(op, a[0], v);
        } else written(a[0]);
        continue;
      }
      case Opc.mulu2:
      case Opc.muls2: {
        const x = known(a[2]);
        const y = known(a[3]);
        if (x !== undefined && y !== undefined) {
          const lo = Math.imul(x, y);
          const hi = op.opc === Opc.mulu2 ? mulu2Hi(x, y) : muls2Hi(x, y);
          // split into two movi ops
          const [dl, dh] = a;
          setConst(op, dl, lo);
          tb.ops.splice(tb.ops.indexOf(op) + 1, 0, { opc: Opc.movi, args: [dh, hi] });
          continue;
        }
        written(a[0]);
        written(a[1]);
        continue;
      }
      default:
        break;
    }
    if (def.nOut === 1 && def.nIn === 1 && def.nConst === 0) {
      const x = known(a[1]);
      const r = x !== undefined ? fold1(op.opc, x) : undefined;
      if (r !== undefined) setConst(op, a[0], r);
      else written(a[0]);
      continue;
    }
    if (def.nOut === 1 && def.nIn === 2 && def.nConst === 0) {
      if (COMMUTATIVE.has(op.opc) && known(a[1]) !== undefined && known(a[2]) === undefined) {
        const t = a[1];
        a[1] = a[2];
        a[2] = t;
      }
      const x = known(a[1]);
      const y = known(a[2]);
      const r = x !== undefined && y !== undefined ? fold2(op.opc, x, y) : undefined;
      if (r !== undefined) {
        setConst(op, a[0], r);
        continue;
      }
      const simple = simplify(op.opc, a[1], a[2], y, temps);
      if (simple !== undefined) {
        if (simple.kind === 'const') setConst(op, a[0], simple.v);
        else setMov(op, a[0], simple.t);
        continue;
      }
      written(a[0]);
      continue;
    }
    for (let i = 0; i < def.nOut; i++) written(a[i]);
  }
}

/** result of `a c a` */
function sameCond(c: TCGCond): boolean {
  return c === TCGCond.EQ || c === TCGCond.GE || c === TCGCond.LE || c === TCGCond.GEU || c === TCGCond.LEU;
}

type Simple = { kind: 'const'; v: number } | { kind: 'mov'; t: number };

/** algebraic identities with a constant second operand, or equal operands */
function simplify(
  opc: Opc,
  a: number,
  b: number,
  bv: number | undefined,
  _temps: readonly TCGTemp[],
): Simple | undefined {
  if (bv !== undefined) {
    switch (opc) {
      case Opc.add:
      case Opc.sub:
      case Opc.or:
      case Opc.xor:
      case Opc.shl:
      case Opc.shr:
      case Opc.sar:
      case Opc.rotl:
      case Opc.rotr:
      case Opc.andc:
        if (bv === 0) return { kind: 'mov', t: a };
        break;
      case Opc.and:
        if (bv === 0) return { kind: 'const', v: 0 };
        if (bv === -1) return { kind: 'mov', t: a };
        break;
      case Opc.mul:
        if (bv === 0) return { kind: 'const', v: 0 };
        if (bv === 1) return { kind: 'mov', t: a };
        break;
      default:
        break;
    }
    if (opc === Opc.or && bv === -1) return { kind: 'const', v: -1 };
  }
  if (a === b) {
    switch (opc) {
      case Opc.sub:
      case Opc.xor:
      case Opc.andc:
        return { kind: 'const', v: 0 };
      case Opc.and:
      case Opc.or:
        return { kind: 'mov', t: a };
      default:
        break;
    }
  }
  return undefined;
}

let dceSize = 0;
let dBlockOf = new Int32Array(0);
let dCidx = new Int32Array(0);
let dLive = new Uint8Array(0);

/** Temps an op reads and writes (call: ret, args). */
function forEachTemp(op: TCGOp, f: (t: number) => void): void {
  const a = op.args;
  if (op.opc === Opc.call) {
    if (a[2] >= 0) f(a[2]);
    for (let j = 3; j < a.length; j++) f(a[j]);
    return;
  }
  const def = OP_DEFS[op.opc];
  for (let j = 0; j < def.nOut + def.nIn; j++) f(a[j]);
}

/**
 * Liveness over the CFG, then removal of side-effect-free ops whose outputs are all dead. The dataflow
 * runs over the temps that cross blocks (globals, and temps seen in more than one block); the others
 * are dead at their block's end.
 */
function eliminateDead(tb: TranslationBlock, stats: OptimizeStats): void {
  // unreachable code: after an unconditional branch or exit until the next label (insn_start ops stay:
  // their order numbers the instructions)
  let unreachable = false;
  for (const op of tb.ops) {
    if (op.opc === Opc.set_label) unreachable = false;
    else if (unreachable && op.opc !== Opc.insn_start && op.opc !== Opc.nop) {
      op.opc = Opc.nop;
      op.args = [];
      stats.removed++;
    } else if (op.opc === Opc.br || OP_DEFS[op.opc].flags & 2) unreachable = true;
  }
  const ops = tb.ops.filter((op) => op.opc !== Opc.nop);
  tb.ops = ops;
  const nT = tb.temps.length;
  const globals: number[] = [];
  tb.temps.forEach((t, i) => {
    if (t.kind === TempKind.GLOBAL) globals.push(i);
  });
  // instruction boundaries where a TB may stop after a store of the previous instruction
  const stopPoint = new Uint8Array(ops.length);
  let sawStore = false;
  ops.forEach((op, i) => {
    if (op.opc === Opc.insn_start) {
      if (sawStore) stopPoint[i] = 1;
      sawStore = false;
    } else if (op.opc === Opc.qemu_st || (op.opc === Opc.call && !(op.args[1] & TCG_CALL_NO_SIDE_EFFECTS))) {
      sawStore = true;
    }
  });
  // basic blocks
  const blockStart: number[] = [0];
  ops.forEach((op, i) => {
    if (op.opc === Opc.set_label && i !== blockStart[blockStart.length - 1]) blockStart.push(i);
    if (
      (op.opc === Opc.br || op.opc === Opc.brcond || OP_DEFS[op.opc].flags & 2) &&
      i + 1 < ops.length &&
      ops[i + 1].opc !== Opc.set_label
    ) {
      blockStart.push(i + 1);
    }
  });
  const nB = blockStart.length;
  const blockEnd = (b: number) => (b + 1 < nB ? blockStart[b + 1] : ops.length);
  const labelBlock = new Map<number, number>();
  let backward = false;
  for (let b = 0; b < nB; b++) {
    for (let i = blockStart[b]; i < blockEnd(b) && ops[i].opc === Opc.set_label; i++)
      labelBlock.set(ops[i].args[0], b);
  }
  const succ: number[][] = [];
  for (let b = 0; b < nB; b++) {
    const last = ops[blockEnd(b) - 1];
    const sl: number[] = [];
    if (last !== undefined) {
      if (last.opc === Opc.br) sl.push(labelBlock.get(last.args[0]) ?? -1);
      else if (!(OP_DEFS[last.opc].flags & 2)) {
        if (last.opc === Opc.brcond) sl.push(labelBlock.get(last.args[3]) ?? -1);
        sl.push(b + 1 < nB ? b + 1 : -1); // -1: falls off the end, an exit
      }
    }
    for (const x of sl) if (x >= 0 && x <= b) backward = true;
    succ.push(sl);
  }
  // cross-block temps get a compact index for the dataflow
  if (dceSize < nT) {
    dceSize = Math.max(nT, dceSize * 2, 1024);
    dBlockOf = new Int32Array(dceSize);
    dCidx = new Int32Array(dceSize);
    dLive = new Uint8Array(dceSize);
  }
  const blockOf = dBlockOf.fill(-1, 0, nT);
  const cidx = dCidx.fill(-1, 0, nT);
  const cross: number[] = [];
  const markCross = (t: number) => {
    if (cidx[t] < 0 && tb.temps[t].kind !== TempKind.CONST) cidx[t] = cross.push(t) - 1;
  };
  for (const g of globals) markCross(g);
  const blockTemps: number[][] = [];
  for (let b = 0; b < nB; b++) {
    const list: number[] = [];
    for (let i = blockStart[b]; i < blockEnd(b); i++) {
      forEachTemp(ops[i], (t) => {
        if (blockOf[t] === -1) {
          blockOf[t] = b;
          list.push(t);
        } else if (blockOf[t] !== b) {
          markCross(t);
          if (blockOf[t] !== -2) list.push(t);
          blockOf[t] = -2; // seen in several blocks
        }
      });
    }
    blockTemps.push(list);
  }
  if (backward) for (let t = 0; t < nT; t++) if (blockOf[t] !== -1) markCross(t);
  const k = cross.length;
  const liveAll = new Uint8Array((nB + 1) * k);
  const liveIn: Uint8Array[] = Array.from({ length: nB }, (_, b) => liveAll.subarray(b * k, (b + 1) * k));
  const exitLive = liveAll.subarray(nB * k);
  for (const g of globals) exitLive[cidx[g]] = 1;
  const live = dLive;
  const scan = (b: number, remove: boolean): boolean => {
    for (const t of blockTemps[b]) live[t] = 0;
    for (let c = 0; c < k; c++) live[cross[c]] = 0;
    for (const s2 of succ[b]) {
      const src = s2 < 0 ? exitLive : liveIn[s2];
      for (let c = 0; c < k; c++) if (src[c]) live[cross[c]] = 1;
    }
    for (let i = blockEnd(b) - 1; i >= blockStart[b]; i--) {
      const op = ops[i];
      const a = op.args;
      if (op.opc === Opc.nop) continue;
      if (op.opc === Opc.call) {
        const flags = a[1];
        if (remove && flags & TCG_CALL_NO_SIDE_EFFECTS && (a[2] < 0 || !live[a[2]])) {
          op.opc = Opc.nop;
          op.args = [];
          stats.removed++;
          continue;
        }
        if (a[2] >= 0) live[a[2]] = 0;
        if (!(flags & TCG_CALL_NO_READ_GLOBALS)) for (const g of globals) live[g] = 1;
        for (let j = 3; j < a.length; j++) live[a[j]] = 1;
        continue;
      }
      const def = OP_DEFS[op.opc];
      if (op.opc === Opc.insn_start) {
        if (stopPoint[i]) for (const g of globals) live[g] = 1;
        continue;
      }
      if (def.flags & 2) for (const g of globals) live[g] = 1;
      if (def.nOut > 0 && !(def.flags & OPF_SIDE_EFFECTS) && op.opc !== Opc.discard) {
        let anyLive = false;
        for (let j = 0; j < def.nOut; j++) if (live[a[j]]) anyLive = true;
        if (!anyLive) {
          if (remove) {
            op.opc = Opc.nop;
            op.args = [];
            stats.removed++;
          }
          continue;
        }
      }
      if (op.opc === Opc.discard) {
        live[a[0]] = 0;
        continue;
      }
      for (let j = 0; j < def.nOut; j++) live[a[j]] = 0;
      if (def.flags & 8) for (const g of globals) live[g] = 1;
      for (let j = def.nOut; j < def.nOut + def.nIn; j++) live[a[j]] = 1;
    }
    let changed = false;
    const li = liveIn[b];
    for (let c = 0; c < k; c++) {
      const v = live[cross[c]];
      if (li[c] !== v) {
        li[c] = v;
        changed = true;
      }
    }
    return changed;
  };
  if (backward || nB > 1) {
    for (let iter = 0; iter < 100; iter++) {
      let changed = false;
      for (let b = nB - 1; b >= 0; b--) if (scan(b, false)) changed = true;
      if (!changed || !backward) break;
    }
  }
  for (let b = nB - 1; b >= 0; b--) scan(b, true);
}
