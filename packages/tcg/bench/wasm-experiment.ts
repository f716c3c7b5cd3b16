/**
 * Measurement for the backend decision: the same optimized IR of a straight-line TB that loops on
 * itself, compiled to a WebAssembly function (guest state in linear memory, cached in wasm locals,
 * i32 arithmetic) versus the JS backend. Covers the ALU subset the integer-loop TB uses; it is an
 * experiment for the README figures, not a backend.
 */
import type { TranslationBlock } from '../src/context.js';
import { Opc, TCGCond, TempKind } from '../src/ir.js';

// the WebAssembly global, typed here (the project's lib settings have no DOM/wasm declarations)
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_AND = 0x71;
const I32_OR = 0x72;
const I32_XOR = 0x73;
const I32_SHL = 0x74;
const I32_SHR_S = 0x75;
const I32_SHR_U = 0x76;
const I32_ROTL = 0x77;
const I32_ROTR = 0x78;
const BIN: Partial<Record<Opc, number>> = {
  [Opc.add]: I32_ADD,
  [Opc.sub]: I32_SUB,
  [Opc.and]: I32_AND,
  [Opc.or]: I32_OR,
  [Opc.xor]: I32_XOR,
  [Opc.shl]: I32_SHL,
  [Opc.sar]: I32_SHR_S,
  [Opc.shr]: I32_SHR_U,
  [Opc.rotl]: I32_ROTL,
  [Opc.rotr]: I32_ROTR,
};

function leb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];

/**
 * (func (param $iters i32) (result i32)): runs the TB body until its loop condition fails or $iters
 * iterations are done; returns the iterations left. Expects the body to end in
 * `brcond EQ|NE x, y, L` followed by the loop-back path.
 */
export function compileLoopTbToWasm(tb: TranslationBlock): {
  run: (iters: number) => number;
  gs: Int32Array;
} {
  const temps = tb.temps;
  const local = new Map<number, number>();
  const localOf = (t: number) => {
    let l = local.get(t);
    if (l === undefined) {
      l = local.size + 1; // local 0 is the parameter
      local.set(t, l);
    }
    return l;
  };
  const get = (t: number): number[] =>
    temps[t].kind === TempKind.CONST ? [0x41, ...leb(temps[t].val)] : [0x20, ...uleb(localOf(t))];
  const body: number[] = [];
  let exitCond: number[] | undefined;
  for (const op of tb.ops) {
    const a = op.args;
    if (op.opc === Opc.insn_start) continue;
    if (op.opc === Opc.brcond) {
      // loop while the branch (to the exit) is not taken
      const cmp = a[2] === TCGCond.EQ ? 0x47 /* ne */ : 0x46; /* eq */
      exitCond = [...get(a[0]), ...get(a[1]), cmp];
      break;
    }
    const code = BIN[op.opc];
    if (code !== undefined) body.push(...get(a[1]), ...get(a[2]), code, 0x21, ...uleb(localOf(a[0])));
    else if (op.opc === Opc.mov) body.push(...get(a[1]), 0x21, ...uleb(localOf(a[0])));
    else if (op.opc === Opc.movi) body.push(0x41, ...leb(a[1]), 0x21, ...uleb(localOf(a[0])));
    else throw new Error(`wasm experiment: op ${Opc[op.opc]} not covered`);
  }
  if (!exitCond) throw new Error('wasm experiment: no loop condition');
  const globals = [...local.keys()].filter((t) => temps[t].kind === TempKind.GLOBAL);
  const code: number[] = [];
  for (const g of globals) code.push(0x41, 0, 0x28, 2, ...uleb(temps[g].val * 4), 0x21, ...uleb(localOf(g)));
  // loop: body; iters -= 1; br_if (cond && iters != 0)
  code.push(0x03, 0x40, ...body);
  code.push(0x20, 0, 0x41, 1, I32_SUB, 0x22, 0, 0x45, 0x45); // (iters = iters - 1) != 0
  code.push(...exitCond, I32_AND, 0x0d, 0, 0x0b);
  for (const g of globals) code.push(0x41, 0, ...get(g), 0x36, 2, ...uleb(temps[g].val * 4));
  code.push(0x20, 0, 0x0b);
  const fn = [...vec([[...uleb(local.size), 0x7f]]), ...code];
  const bytes = new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    1,
    0,
    0,
    0,
    ...section(1, vec([[0x60, 1, 0x7f, 1, 0x7f]])),
    ...section(3, vec([[0]])),
    ...section(5, vec([[0, 1]])),
    ...section(
      7,
      vec([
        [3, 0x72, 0x75, 0x6e, 0, 0],
        [3, 0x6d, 0x65, 0x6d, 2, 0],
      ]),
    ),
    ...section(10, vec([[...uleb(fn.length), ...fn]])),
  ]);
  const inst = new WA.Instance(new WA.Module(bytes), {});
  const mem = inst.exports.mem as { buffer: ArrayBuffer };
  return { run: inst.exports.run as (n: number) => number, gs: new Int32Array(mem.buffer, 0, 64) };
}
