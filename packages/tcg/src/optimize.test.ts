import { describe, expect, it } from 'vitest';
import { TCGContext, TranslationBlock } from './context.js';
import { dumpOps } from './dump.js';
import { declareHelperFlags, MO_32, TCG_CALL_NO_RWG_SE, TCGCond } from './ir.js';
import { tcgOptimize } from './optimize.js';

function build(f: (s: TCGContext, g: number[]) => void): TranslationBlock {
  const s = new TCGContext();
  const g = ['eax', 'ecx', 'cc_dst', 'cc_src', 'cc_op'].map((n, i) => s.global(i, n));
  f(s, g);
  return s.finish(new TranslationBlock(0, 0, 0));
}

const body = (tb: TranslationBlock) =>
  dumpOps(tb)
    .split('\n')
    .filter((l) => l.startsWith(' ') && !l.startsWith(' ----'))
    .map((l) => l.trim());

function helper_pure(_env: unknown, a: number): number {
  return a;
}
function helper_io(_env: unknown, _a: number): void {}

describe('tcgOptimize', () => {
  it('folds constants and propagates them through temps', () => {
    const tb = build((s, g) => {
      const t = s.temp();
      s.insnStart(0);
      s.movi(t, 3);
      s.addi(t, t, 4);
      s.shli(g[0], t, 2);
      s.exitTb(0);
    });
    tcgOptimize(tb);
    expect(body(tb)).toEqual(['mov_i32 eax,$0x1c', 'exit_tb $0x0']);
  });

  it('propagates copies and drops the dead moves', () => {
    const tb = build((s, g) => {
      const t = s.temp();
      s.insnStart(0);
      s.mov(t, g[1]);
      s.add(g[0], t, t);
      s.xor(g[1], t, t);
      s.exitTb(0);
    });
    tcgOptimize(tb);
    expect(body(tb)).toEqual(['add_i32 eax,ecx,ecx', 'mov_i32 ecx,$0x0', 'exit_tb $0x0']);
  });

  it('removes condition-code writes overwritten before anything observes them', () => {
    const tb = build((s, g) => {
      s.insnStart(0, 8);
      s.add(g[0], g[0], g[1]);
      s.mov(g[2], g[0]);
      s.mov(g[3], g[1]);
      s.movi(g[4], 8);
      s.insnStart(2, 8);
      s.sub(g[0], g[0], g[1]);
      s.mov(g[2], g[0]);
      s.mov(g[3], g[1]);
      s.movi(g[4], 16);
      s.exitTb(0);
    });
    tcgOptimize(tb);
    expect(body(tb)).toEqual([
      'add_i32 eax,eax,ecx',
      'sub_i32 eax,eax,ecx',
      'mov_i32 cc_dst,eax',
      'mov_i32 cc_src,ecx',
      'mov_i32 cc_op,$0x10',
      'exit_tb $0x0',
    ]);
  });

  it('keeps globals written before an op that may fault or a helper that reads them', () => {
    const tb = build((s, g) => {
      const t = s.temp();
      s.insnStart(0);
      s.movi(g[2], 1);
      s.qemuLd(t, g[0], MO_32, 0);
      s.movi(g[2], 2);
      s.movi(g[3], 1);
      s.call(helper_io, [t]);
      s.movi(g[3], 2);
      s.exitTb(0);
    });
    tcgOptimize(tb);
    expect(body(tb)).toEqual([
      'mov_i32 cc_dst,$0x1',
      'qemu_ld_i32 tmp0,eax,leul,0',
      'mov_i32 cc_dst,$0x2',
      'mov_i32 cc_src,$0x1',
      'call helper_io,$0x0,$0,env,tmp0',
      'mov_i32 cc_src,$0x2',
      'exit_tb $0x0',
    ]);
  });

  it('removes unused pure helper calls and folds constant branches', () => {
    const tb = build((s, g) => {
      const t = s.temp();
      s.insnStart(0);
      s.call(helper_pure, [g[0]], t, TCG_CALL_NO_RWG_SE);
      const l = s.label();
      s.brcond(TCGCond.LTU, s.const(1), s.const(2), l);
      s.movi(g[0], 5);
      s.setLabel(l);
      s.exitTb(0);
    });
    tcgOptimize(tb);
    expect(body(tb)).toEqual(['br $L0', 'set_label $L0', 'exit_tb $0x0']);
  });

  it('keeps values live across a branch to a label (CFG liveness)', () => {
    const tb = build((s, g) => {
      const t = s.temp();
      s.insnStart(0);
      s.add(t, g[0], g[1]);
      const l = s.label();
      s.brcondi(TCGCond.EQ, g[0], 0, l);
      s.movi(g[1], 0);
      s.setLabel(l);
      s.mov(g[0], t);
      s.exitTb(0);
    });
    tcgOptimize(tb);
    expect(body(tb)).toEqual([
      'add_i32 tmp0,eax,ecx',
      'brcond_i32 eax,$0x0,eq,$L0',
      'mov_i32 ecx,$0x0',
      'set_label $L0',
      'mov_i32 eax,tmp0',
      'exit_tb $0x0',
    ]);
  });

  it('applies the flags a helper was declared with (DEF_HELPER_FLAGS) to every call of it', () => {
    function helper_declared(_env: unknown, a: number): number {
      return a + 1;
    }
    const emit = () =>
      build((s, g) => {
        const t = s.temp();
        s.insnStart(0);
        s.movi(g[0], 5);
        s.call(helper_declared, [g[1]], t);
        s.movi(g[0], 6);
        s.exitTb(0);
      });
    const plain = emit();
    tcgOptimize(plain);
    // undeclared: the call may read eax (kept stored before it) and has side effects (kept)
    expect(body(plain)).toContain('mov_i32 eax,$0x5');
    expect(body(plain).some((l) => l.startsWith('call'))).toBe(true);
    declareHelperFlags(helper_declared, TCG_CALL_NO_RWG_SE);
    const declared = emit();
    tcgOptimize(declared);
    expect(body(declared)).toEqual(['mov_i32 eax,$0x6', 'exit_tb $0x0']);
  });
});
