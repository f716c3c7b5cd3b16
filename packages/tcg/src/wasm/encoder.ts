/** A minimal WebAssembly binary writer: what backend-wasm emits (MVP + sign extension + externref). */

export enum W {
  unreachable = 0x00,
  block = 0x02,
  loop = 0x03,
  if = 0x04,
  else = 0x05,
  end = 0x0b,
  br = 0x0c,
  br_if = 0x0d,
  return = 0x0f,
  call = 0x10,
  call_indirect = 0x11,
  return_call = 0x12,
  return_call_indirect = 0x13,
  drop = 0x1a,
  select = 0x1b,
  local_get = 0x20,
  local_set = 0x21,
  local_tee = 0x22,
  i32_load = 0x28,
  i32_load8_s = 0x2c,
  i32_load8_u = 0x2d,
  i32_load16_s = 0x2e,
  i32_load16_u = 0x2f,
  i32_store = 0x36,
  i32_store8 = 0x3a,
  i32_store16 = 0x3b,
  i32_const = 0x41,
  i64_const = 0x42,
  i32_eqz = 0x45,
  i32_eq = 0x46,
  i32_ne = 0x47,
  i32_lt_s = 0x48,
  i32_lt_u = 0x49,
  i32_gt_s = 0x4a,
  i32_gt_u = 0x4b,
  i32_le_s = 0x4c,
  i32_le_u = 0x4d,
  i32_ge_s = 0x4e,
  i32_ge_u = 0x4f,
  i32_clz = 0x67,
  i32_ctz = 0x68,
  i32_popcnt = 0x69,
  i32_add = 0x6a,
  i32_sub = 0x6b,
  i32_mul = 0x6c,
  i32_div_s = 0x6d,
  i32_div_u = 0x6e,
  i32_rem_s = 0x6f,
  i32_rem_u = 0x70,
  i32_and = 0x71,
  i32_or = 0x72,
  i32_xor = 0x73,
  i32_shl = 0x74,
  i32_shr_s = 0x75,
  i32_shr_u = 0x76,
  i32_rotl = 0x77,
  i32_rotr = 0x78,
  i64_mul = 0x7e,
  i64_shr_u = 0x88,
  i32_wrap_i64 = 0xa7,
  i64_extend_i32_s = 0xac,
  i64_extend_i32_u = 0xad,
  i32_extend8_s = 0xc0,
  i32_extend16_s = 0xc1,
}

export const T_I32 = 0x7f;
export const T_I64 = 0x7e;
export const T_EXTERNREF = 0x6f;
export const BLOCK_VOID = 0x40;

/** A growable byte buffer with LEB128 writers. */
export class ByteWriter {
  private buf = new Uint8Array(1024);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.length));
    this.buf = b;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }

  bytes(b: Uint8Array | readonly number[]): void {
    this.room(b.length);
    for (let i = 0; i < b.length; i++) this.buf[this.length++] = b[i];
  }

  u32(v: number): void {
    this.room(5);
    v >>>= 0;
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v !== 0) b |= 0x80;
      this.buf[this.length++] = b;
    } while (v !== 0);
  }

  s32(v: number): void {
    this.room(5);
    v |= 0;
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
        this.buf[this.length++] = b;
        return;
      }
      this.buf[this.length++] = b | 0x80;
    }
  }

  name(s: string): void {
    this.u32(s.length);
    for (let i = 0; i < s.length; i++) this.byte(s.charCodeAt(i));
  }

  /** the bytes written so far (a view) */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

/** A function type: i32 parameters after optional leading externref ones, and i32 results. */
export interface FuncType {
  refs: number;
  params: number;
  results: number;
}

export interface ModuleImportFunc {
  module: string;
  name: string;
  type: FuncType;
}

export interface ModuleFunc {
  type: FuncType;
  /** locals after the parameters: i32 count */
  locals: number;
  /** the body's instructions, without the locals header, ending with `end` */
  body: Uint8Array;
  exportName: string;
  /** the name profilers show (default: the export name) */
  debugName?: string;
}

function section(out: ByteWriter, id: number, content: ByteWriter): void {
  out.byte(id);
  out.u32(content.length);
  out.bytes(content.view());
}

/**
 * Builds a module importing memory e.m (and with `table`, a funcref table e.t) and the given functions,
 * defining and exporting `funcs`. `types` are given the first type indices, in order (for call_indirect).
 */
export function buildModule(
  imports: readonly ModuleImportFunc[],
  funcs: readonly ModuleFunc[],
  opts: { table?: boolean; types?: readonly FuncType[] } = {},
): Uint8Array {
  const types: FuncType[] = [...(opts.types ?? [])];
  const typeIndex = (t: FuncType) => {
    let i = types.findIndex((u) => u.refs === t.refs && u.params === t.params && u.results === t.results);
    if (i < 0) i = types.push(t) - 1;
    return i;
  };
  const impTypes = imports.map((f) => typeIndex(f.type));
  const fnTypes = funcs.map((f) => typeIndex(f.type));
  const out = new ByteWriter();
  out.bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  const s = new ByteWriter();
  s.u32(types.length);
  for (const t of types) {
    s.byte(0x60);
    s.u32(t.refs + t.params);
    for (let i = 0; i < t.refs; i++) s.byte(T_EXTERNREF);
    for (let i = 0; i < t.params; i++) s.byte(T_I32);
    s.u32(t.results);
    for (let i = 0; i < t.results; i++) s.byte(T_I32);
  }
  section(out, 1, s);
  const im = new ByteWriter();
  im.u32(imports.length + (opts.table ? 2 : 1));
  im.name('e');
  im.name('m');
  im.byte(0x02);
  im.byte(0x00);
  im.u32(0);
  if (opts.table) {
    im.name('e');
    im.name('t');
    im.byte(0x01);
    im.byte(0x70);
    im.byte(0x00);
    im.u32(0);
  }
  imports.forEach((f, i) => {
    im.name(f.module);
    im.name(f.name);
    im.byte(0x00);
    im.u32(impTypes[i]);
  });
  section(out, 2, im);
  const fs = new ByteWriter();
  fs.u32(funcs.length);
  for (const t of fnTypes) fs.u32(t);
  section(out, 3, fs);
  const ex = new ByteWriter();
  ex.u32(funcs.length);
  funcs.forEach((f, i) => {
    ex.name(f.exportName);
    ex.byte(0x00);
    ex.u32(imports.length + i);
  });
  section(out, 7, ex);
  const code = new ByteWriter();
  code.u32(funcs.length);
  const fb = new ByteWriter();
  for (const f of funcs) {
    fb.length = 0;
    if (f.locals > 0) {
      fb.u32(1);
      fb.u32(f.locals);
      fb.byte(T_I32);
    } else fb.u32(0);
    fb.bytes(f.body);
    code.u32(fb.length);
    code.bytes(fb.view());
  }
  section(out, 10, code);
  // the name section: profilers and stack traces show each function's export name (tb_<pc>)
  const names = new ByteWriter();
  names.name('name');
  const fnames = new ByteWriter();
  fnames.u32(funcs.length);
  funcs.forEach((f, i) => {
    fnames.u32(imports.length + i);
    fnames.name(f.debugName ?? f.exportName);
  });
  names.byte(1);
  names.u32(fnames.length);
  names.bytes(fnames.view());
  section(out, 0, names);
  return out.view().slice();
}
