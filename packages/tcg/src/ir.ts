/**
 * The IR: TCG-style ops on 32-bit integer values (QEMU's tcg/tcg-opc.h, restricted to a 32-bit host word).
 *
 * An op is an opcode and a flat argument list laid out as QEMU lays it: outputs, then inputs, then constant
 * arguments (condition, memop, mmu index, label id, offsets...). Values are temps: small integers that
 * index the TB's temp table (globals first, then constants, then ordinary temps).
 */

/** Conditions, numbered as the contract lists them (EQ..GTU); signed compares are on int32, unsigned on uint32. */
export enum TCGCond {
  EQ = 0,
  NE = 1,
  LT = 2,
  GE = 3,
  LE = 4,
  GT = 5,
  LTU = 6,
  GEU = 7,
  LEU = 8,
  GTU = 9,
}

export const TCG_COND_NAMES = ['eq', 'ne', 'lt', 'ge', 'le', 'gt', 'ltu', 'geu', 'leu', 'gtu'] as const;

/** The condition that is true exactly when `c` is false. */
export function tcgInvertCond(c: TCGCond): TCGCond {
  return c ^ 1;
}

/** The condition with its operands swapped: a < b  <=>  b > a. */
export function tcgSwapCond(c: TCGCond): TCGCond {
  switch (c) {
    case TCGCond.LT:
      return TCGCond.GT;
    case TCGCond.GT:
      return TCGCond.LT;
    case TCGCond.LE:
      return TCGCond.GE;
    case TCGCond.GE:
      return TCGCond.LE;
    case TCGCond.LTU:
      return TCGCond.GTU;
    case TCGCond.GTU:
      return TCGCond.LTU;
    case TCGCond.LEU:
      return TCGCond.GEU;
    case TCGCond.GEU:
      return TCGCond.LEU;
    default:
      return c;
  }
}

/** Evaluates a condition on two int32 values. */
export function tcgEvalCond(c: TCGCond, a: number, b: number): boolean {
  switch (c) {
    case TCGCond.EQ:
      return a === b;
    case TCGCond.NE:
      return a !== b;
    case TCGCond.LT:
      return (a | 0) < (b | 0);
    case TCGCond.GE:
      return (a | 0) >= (b | 0);
    case TCGCond.LE:
      return (a | 0) <= (b | 0);
    case TCGCond.GT:
      return (a | 0) > (b | 0);
    case TCGCond.LTU:
      return a >>> 0 < b >>> 0;
    case TCGCond.GEU:
      return a >>> 0 >= b >>> 0;
    case TCGCond.LEU:
      return a >>> 0 <= b >>> 0;
    case TCGCond.GTU:
      return a >>> 0 > b >>> 0;
  }
  throw new Error(`bad TCGCond ${c}`);
}

// MemOp (QEMU's include/exec/memop.h): size in the low bits, sign-extension flag. Guest memory is little-endian.
export const MO_8 = 0;
export const MO_16 = 1;
export const MO_32 = 2;
export const MO_SIZE = 3;
export const MO_SIGN = 4;
export const MO_UB = MO_8;
export const MO_UW = MO_16;
export const MO_UL = MO_32;
export const MO_SB = MO_8 | MO_SIGN;
export const MO_SW = MO_16 | MO_SIGN;
export const MO_SL = MO_32 | MO_SIGN;

export function memopName(memop: number): string {
  const size = ['b', 'w', 'l', 'q'][memop & MO_SIZE];
  return `${memop & MO_SIGN ? 's' : 'u'}${size}`;
}

// Helper call flags (QEMU's TCG_CALL_*).
/**
 * The helper neither reads nor writes IR globals, directly or through an exception (as in QEMU, where
 * TCG_CALL_NO_RWG is this flag): globals are not stored back before it nor reloaded after it.
 */
export const TCG_CALL_NO_READ_GLOBALS = 1;
/** The helper writes no IR global: cached copies stay valid after it returns. */
export const TCG_CALL_NO_WRITE_GLOBALS = 2;
/** The helper has no side effects (and cannot raise): the call is removed when its result is unused. */
export const TCG_CALL_NO_SIDE_EFFECTS = 4;
export const TCG_CALL_NO_RWG = TCG_CALL_NO_READ_GLOBALS;
export const TCG_CALL_NO_WG = TCG_CALL_NO_WRITE_GLOBALS;
export const TCG_CALL_NO_SE = TCG_CALL_NO_SIDE_EFFECTS;
export const TCG_CALL_NO_RWG_SE = TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_SIDE_EFFECTS;
export const TCG_CALL_NO_WG_SE = TCG_CALL_NO_WRITE_GLOBALS | TCG_CALL_NO_SIDE_EFFECTS;

const declaredFlags = new WeakMap<Helper, number>();
/**
 * Declares a helper's TCG_CALL_* flags once, where it is defined (QEMU's DEF_HELPER_FLAGS_n in helper.h):
 * every `call` of it then carries them, in addition to the flags given at the call.
 */
export function declareHelperFlags(fn: Helper, flags: number): void {
  declaredFlags.set(fn, flags);
}
/** The flags declared for a helper (0 when none were). */
export function helperFlags(fn: Helper): number {
  return declaredFlags.get(fn) ?? 0;
}

/**
 * A helper: called with the CPU env then the argument values (int32). It may return a value (stored,
 * as int32, into the call's result temp) and may throw to unwind to the CPU loop (a guest exception).
 */
// biome-ignore lint/suspicious/noConfusingVoidType: helpers returning nothing are typed void
export type Helper = (env: any, ...args: number[]) => number | undefined | void;

/** Opcodes. Argument layout per op is in OP_DEFS. */
export enum Opc {
  nop = 0,
  discard,
  mov,
  movi,
  add,
  sub,
  mul,
  div,
  divu,
  rem,
  remu,
  and,
  or,
  xor,
  andc,
  orc,
  eqv,
  nand,
  nor,
  shl,
  shr,
  sar,
  rotl,
  rotr,
  clz,
  ctz,
  neg,
  not,
  ext8s,
  ext8u,
  ext16s,
  ext16u,
  bswap16,
  bswap32,
  ctpop,
  deposit,
  extract,
  sextract,
  add2,
  sub2,
  mulu2,
  muls2,
  setcond,
  movcond,
  br,
  brcond,
  set_label,
  qemu_ld,
  qemu_st,
  call,
  insn_start,
  goto_tb,
  exit_tb,
  lookup_and_goto_ptr,
}

// Op flags (QEMU's TCG_OPF_*).
/** ends a basic block (branches, labels, exits) */
export const OPF_BB_END = 1;
/** leaves the TB */
export const OPF_BB_EXIT = 2;
/** may not be removed even if its outputs are unused */
export const OPF_SIDE_EFFECTS = 4;
/** may raise a guest exception, so IR globals must be in env.gs before it runs */
export const OPF_MAY_FAULT = 8;

export interface OpDef {
  readonly name: string;
  readonly nOut: number;
  readonly nIn: number;
  readonly nConst: number;
  readonly flags: number;
}

function d(name: string, nOut: number, nIn: number, nConst: number, flags = 0): OpDef {
  return { name, nOut, nIn, nConst, flags };
}

/** Per-opcode layout, indexed by Opc. `call` is variable: see TCGContext.call. */
export const OP_DEFS: readonly OpDef[] = [
  d('nop', 0, 0, 0),
  d('discard', 1, 0, 0),
  d('mov', 1, 1, 0),
  d('movi', 1, 0, 1),
  d('add', 1, 2, 0),
  d('sub', 1, 2, 0),
  d('mul', 1, 2, 0),
  d('div', 1, 2, 0),
  d('divu', 1, 2, 0),
  d('rem', 1, 2, 0),
  d('remu', 1, 2, 0),
  d('and', 1, 2, 0),
  d('or', 1, 2, 0),
  d('xor', 1, 2, 0),
  d('andc', 1, 2, 0),
  d('orc', 1, 2, 0),
  d('eqv', 1, 2, 0),
  d('nand', 1, 2, 0),
  d('nor', 1, 2, 0),
  d('shl', 1, 2, 0),
  d('shr', 1, 2, 0),
  d('sar', 1, 2, 0),
  d('rotl', 1, 2, 0),
  d('rotr', 1, 2, 0),
  d('clz', 1, 2, 0),
  d('ctz', 1, 2, 0),
  d('neg', 1, 1, 0),
  d('not', 1, 1, 0),
  d('ext8s', 1, 1, 0),
  d('ext8u', 1, 1, 0),
  d('ext16s', 1, 1, 0),
  d('ext16u', 1, 1, 0),
  d('bswap16', 1, 1, 0),
  d('bswap32', 1, 1, 0),
  d('ctpop', 1, 1, 0),
  d('deposit', 1, 2, 2),
  d('extract', 1, 1, 2),
  d('sextract', 1, 1, 2),
  d('add2', 2, 4, 0),
  d('sub2', 2, 4, 0),
  d('mulu2', 2, 2, 0),
  d('muls2', 2, 2, 0),
  d('setcond', 1, 2, 1),
  d('movcond', 1, 4, 1),
  d('br', 0, 0, 1, OPF_BB_END),
  d('brcond', 0, 2, 2, OPF_BB_END),
  d('set_label', 0, 0, 1, OPF_BB_END),
  d('qemu_ld', 1, 1, 2, OPF_SIDE_EFFECTS | OPF_MAY_FAULT),
  d('qemu_st', 0, 2, 2, OPF_SIDE_EFFECTS | OPF_MAY_FAULT),
  d('call', 0, 0, 0, OPF_SIDE_EFFECTS | OPF_MAY_FAULT),
  d('insn_start', 0, 0, 2),
  d('goto_tb', 0, 0, 1, OPF_BB_END | OPF_BB_EXIT | OPF_SIDE_EFFECTS),
  d('exit_tb', 0, 0, 1, OPF_BB_END | OPF_BB_EXIT | OPF_SIDE_EFFECTS),
  d('lookup_and_goto_ptr', 0, 0, 0, OPF_BB_END | OPF_BB_EXIT | OPF_SIDE_EFFECTS),
];

/**
 * One op. For `call` the args are [helperIndex, flags, ret (-1 for none), ...argTemps];
 * the helper itself is TB.helpers[helperIndex].
 */
export interface TCGOp {
  opc: Opc;
  args: number[];
}

export enum TempKind {
  /** lives in env.gs[slot] between TBs */
  GLOBAL = 0,
  /** dead at the end of a basic block (QEMU's normal temp) */
  NORMAL = 1,
  /** lives across branches within the TB (QEMU's local temp) */
  LOCAL = 2,
  /** a constant value */
  CONST = 3,
}

export interface TCGTemp {
  readonly kind: TempKind;
  /** GLOBAL: the env.gs slot; CONST: the int32 value; others: 0 */
  readonly val: number;
  readonly name: string;
}

/** Branch target inside a TB; created by TCGContext.label(). */
export interface Label {
  readonly id: number;
}
