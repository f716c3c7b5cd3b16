/** `-d out_asm` on the wasm backend: the generated functions as readable text. */
import { describe, expect, it } from 'vitest';
import { SLOT_EIP, TestMachine } from '../__fixtures__/machine.js';
import { MO_32, TCGCond } from '../ir.js';
import { W } from './encoder.js';
import { wasmBodyToText } from './wat.js';

function helper_double(_env: unknown, v: number): number {
  return v * 2;
}

describe('wasm -d out_asm', () => {
  it('prints each compiled TB: loads, stores, a helper, a branch and goto_tb, with names', () => {
    const m = new TestMachine('wasm', { optimize: false, log: { outAsm: true } });
    m.progs.set(0x1000, (s) => {
      const [eax, ebx, eip] = [s.global(0, 'eax'), s.global(1, 'ebx'), s.global(SLOT_EIP, 'eip')];
      const t = s.temp();
      const skip = s.label();
      s.insnStart(0x1000);
      s.qemuLd(t, s.const(0x30000), MO_32, 0);
      s.call(helper_double, [t], eax);
      s.insnStart(0x1004);
      s.brcond(TCGCond.EQ, eax, s.const(0), skip);
      s.qemuSt(eax, s.const(0x30004), MO_32, 0);
      s.setLabel(skip);
      s.addi(ebx, ebx, 1);
      s.movi(eip, 0x2000);
      s.gotoTb(0);
    });
    m.progs.set(0x2000, (s) => {
      s.insnStart(0x2000);
      s.exitTb(7);
    });
    new DataView(m.ram.buffer, m.ram.byteOffset).setInt32(0x30000, 21, true);
    expect(m.runAt(0x1000)).toBe(7);
    expect(new DataView(m.ram.buffer, m.ram.byteOffset).getInt32(0x30004, true)).toBe(42);
    const log = m.logText.join('');
    const block = log.slice(log.indexOf('OUT: [size='), log.indexOf('\n\n'));
    expect(block).toMatch(/^OUT: \[size=\d+\]\n;; tb_1000_0 table index \d+\n/);
    for (const want of [
      /i32\.load offset=\d+(?: align=4)? {2};; env\.gs\[0\] eax/,
      /local\.set \$ebx/,
      /i32\.load offset=\d+(?: align=4)? {2};; tlb\.tag_read\[tlbe\]/,
      /i32\.load offset=\d+(?: align=4)? {2};; tlb\.addend\[tlbe\]/,
      /i32\.load offset=\d+(?: align=4)? {2};; ram/,
      /i32\.store offset=\d+(?: align=4)? {2};; ram/,
      /call 0 {2};; ld_slow/,
      /call 1 {2};; st_slow/,
      /call \d+ {2};; helper_double/,
      /br_if 0/,
      /\d {2,}if\n/,
      /\d {2,}else\n/,
      /i32\.store offset=\d+(?: align=4)? {2};; ws\.left/,
      /i32\.store offset=\d+(?: align=4)? {2};; env\.gs\[8\] eip/,
      /return\n/,
    ])
      expect(block).toMatch(want);
    // nested blocks are indented deeper than the function body
    expect(block).toMatch(/\n\s+\d+ {4}\S/);
    // the second TB is logged too
    expect(log.match(/OUT: \[size=/g)?.length).toBe(2);
  });

  it('every byte is read, unknown opcodes and truncated bodies are errors', () => {
    const names = { locals: ['env', 'x'], offset: () => undefined, funcs: [] };
    const ok = new Uint8Array([W.i32_const, 0x7f, W.local_set, 1, W.i32_const, 5, W.return, W.end]);
    expect(wasmBodyToText(ok, names)).toBe(
      '    0    i32.const -1\n    2    local.set $x\n    4    i32.const 5\n    6    return\n    7  end\n',
    );
    expect(() => wasmBodyToText(new Uint8Array([0xfe, W.end]), names)).toThrow(
      'wasm disas: unknown opcode 0xfe at +0',
    );
    expect(() => wasmBodyToText(new Uint8Array([W.i32_const, 0x80]), names)).toThrow(
      'wasm disas: body ends inside an immediate',
    );
    expect(() => wasmBodyToText(new Uint8Array([W.end, W.i32_const, 1]), names)).toThrow(
      "wasm disas: bytes after the function's end at +0",
    );
    expect(() => wasmBodyToText(new Uint8Array([W.block]), names)).toThrow(
      'wasm disas: body ends inside an immediate',
    );
    expect(() => wasmBodyToText(new Uint8Array([W.block, 0x40, W.end]), names)).toThrow(
      'wasm disas: 1 block(s) left open at the end of the body',
    );
  });
});
