import { describe, expect, it } from 'vitest';
import { TCGContext, TranslationBlock } from './context.js';
import { dumpOps } from './dump.js';
import { MO_16, MO_32, MO_SIGN, Opc, TCG_CALL_NO_WG, TCGCond, TempKind } from './ir.js';

function helper_demo(_env: unknown, a: number): number {
  return a + 1;
}

describe('TCGContext', () => {
  it('memoizes globals by slot and constants by value', () => {
    const s = new TCGContext();
    const eax = s.global(0, 'eax');
    expect(s.global(0, 'eax')).toBe(eax);
    expect(s.temps[eax]).toEqual({ kind: TempKind.GLOBAL, val: 0, name: 'eax' });
    expect(s.const(5)).toBe(s.const(5));
    expect(s.const(-1)).toBe(s.const(0xffffffff));
    expect(s.temps[s.const(-1)].name).toBe('$0xffffffff');
    expect(s.temp()).not.toBe(s.temp());
  });

  it('rejects writes to constants and bad bit fields', () => {
    const s = new TCGContext();
    const c = s.const(1);
    expect(() => s.mov(c, s.temp())).toThrow(/constant/);
    expect(() => s.extract(s.temp(), s.temp(), 30, 3)).toThrow(/bit field/);
    expect(() => s.deposit(s.temp(), s.temp(), s.temp(), 0, 0)).toThrow(/bit field/);
  });

  it('builds a TB with insn_start records, helpers and labels, and dumps it like QEMU -d op', () => {
    const s = new TCGContext();
    const eax = s.global(0, 'eax');
    const eip = s.global(8, 'eip');
    const t0 = s.temp();
    s.insnStart(0x1000, 8);
    s.qemuLd(t0, eax, MO_32, 0);
    s.addi(eax, t0, 4);
    const l = s.label();
    s.brcondi(TCGCond.LTU, eax, 0x100, l);
    s.insnStart(0x1003);
    s.call(helper_demo, [eax], t0, TCG_CALL_NO_WG);
    s.qemuSt(t0, eax, MO_16 | MO_SIGN, 1);
    s.setLabel(l);
    s.movi(eip, 0x1005);
    s.gotoTb(0);
    s.exitTb(0);
    const tb = s.finish(new TranslationBlock(0x1000, 0, 0x44));
    expect(tb.icount).toBe(2);
    expect(Array.from(tb.insnData)).toEqual([0x1000, 8, 0x1003, 0]);
    expect(tb.insnWord(1, 0)).toBe(0x1003);
    expect(tb.helpers).toEqual([helper_demo]);
    expect(tb.ops.filter((o) => o.opc === Opc.insn_start)).toHaveLength(2);
    expect(dumpOps(tb)).toBe(
      [
        'OP:',
        '',
        ' ---- 00001000 00000008',
        ' qemu_ld_i32 tmp0,eax,leul,0',
        ' add_i32 eax,tmp0,$0x4',
        ' brcond_i32 eax,$0x100,ltu,$L0',
        '',
        ' ---- 00001003 00000000',
        ' call helper_demo,$0x2,$1,tmp0,env,eax',
        ' qemu_st_i32 tmp0,eax,lesw,1',
        ' set_label $L0',
        ' mov_i32 eip,$0x1005',
        ' goto_tb $0x0',
        ' exit_tb $0x0',
        '',
      ].join('\n'),
    );
  });
});
