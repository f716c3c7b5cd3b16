/**
 * `-d out_asm` for the WebAssembly backend: a TB function body as text, one instruction a line in the
 * WebAssembly text format's flat syntax, indented by block depth, with locals named after the IR temps
 * and memory offsets and calls annotated (QEMU prints the host disassembly of each TB the same way).
 */

import { W } from './encoder.js';

export interface WatNames {
  /** name of each local (index 0 is the env parameter) */
  locals: readonly string[];
  /** what a constant memory offset is (gs slot, TLB array, ws word...) */
  offset: (offset: number) => string | undefined;
  /** name of each called function index */
  funcs: readonly string[];
}

const NAMES: Record<number, string> = {};
for (const [k, v] of Object.entries(W)) if (typeof v === 'number') NAMES[v] = k.replace(/_/, '.');
NAMES[W.br_if] = 'br_if';
NAMES[W.call_indirect] = 'call_indirect';
NAMES[W.return_call] = 'return_call';
NAMES[W.return_call_indirect] = 'return_call_indirect';
NAMES[W.local_get] = 'local.get';
NAMES[W.local_set] = 'local.set';
NAMES[W.local_tee] = 'local.tee';
for (const op of [W.i64_extend_i32_s, W.i64_extend_i32_u, W.i32_wrap_i64, W.i32_extend8_s, W.i32_extend16_s])
  NAMES[op] = W[op].replace('_', '.');

const MEM = new Set<number>([
  W.i32_load,
  W.i32_load8_s,
  W.i32_load8_u,
  W.i32_load16_s,
  W.i32_load16_u,
  W.i32_store,
  W.i32_store8,
  W.i32_store16,
]);
const BLOCKS = new Set<number>([W.block, W.loop, W.if]);

/** Disassembles a function body (code after the locals declaration, ending with its final `end`). */
export function wasmBodyToText(body: Uint8Array, names: WatNames): string {
  let p = 0;
  /** a LEB128 immediate (signed: i32.const's, sign-extended from its last byte) */
  const leb = (signed: boolean): number => {
    let r = 0;
    let shift = 0;
    for (;;) {
      if (p >= body.length) throw new Error('wasm disas: body ends inside an immediate');
      const b = body[p++];
      r |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) !== 0) continue;
      if (!signed) return r >>> 0;
      return shift < 32 && b & 0x40 ? r | (-1 << shift) : r | 0;
    }
  };
  const u32 = () => leb(false);
  const s32 = () => leb(true);
  const lines: string[] = [];
  let depth = 1;
  while (p < body.length) {
    const at = p;
    const op = body[p++];
    const name = NAMES[op];
    if (name === undefined) throw new Error(`wasm disas: unknown opcode 0x${op.toString(16)} at +${at}`);
    let text = name;
    let note = '';
    if (BLOCKS.has(op)) {
      if (p >= body.length) throw new Error('wasm disas: body ends inside an immediate');
      const bt = body[p++];
      if (bt === 0x7f) text += ' (result i32)';
      else if (bt !== 0x40) throw new Error(`wasm disas: block type 0x${bt.toString(16)} at +${at + 1}`);
    } else if (op === W.br || op === W.br_if) text += ` ${u32()}`;
    else if (op === W.call || op === W.return_call) {
      const f = u32();
      text += ` ${f}`;
      note = names.funcs[f] ?? '';
    } else if (op === W.call_indirect || op === W.return_call_indirect)
      text += ` (type ${u32()}) (table ${u32()})`;
    else if (op === W.local_get || op === W.local_set || op === W.local_tee) {
      const l = u32();
      text += ` $${names.locals[l] ?? l}`;
    } else if (MEM.has(op)) {
      const align = u32();
      const offset = u32();
      text += ` offset=${offset}${align ? ` align=${1 << align}` : ''}`;
      note = names.offset(offset) ?? '';
    } else if (op === W.i32_const || op === W.i64_const) {
      const v = s32();
      text += ` ${v}`;
      if (v > 9 || v < -9) note = `0x${(v >>> 0).toString(16)}`;
    }
    if (op === W.end || op === W.else) depth--;
    if (depth < 0 || (depth === 0 && p < body.length))
      throw new Error(`wasm disas: bytes after the function's end at +${at}`);
    lines.push(
      `${String(at).padStart(5)}  ${'  '.repeat(Math.max(depth, 0))}${text}${note ? `  ;; ${note}` : ''}`,
    );
    if (BLOCKS.has(op) || op === W.else) depth++;
  }
  if (depth !== 0) throw new Error(`wasm disas: ${depth} block(s) left open at the end of the body`);
  return `${lines.join('\n')}\n`;
}
