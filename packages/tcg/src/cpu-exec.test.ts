import { describe, expect, it } from 'vitest';
import { BACKENDS, GuestFault, SLOT_EIP, TestMachine } from './__fixtures__/machine.js';
import { ExecExit } from './cpu-exec.js';
import { MO_32, TCG_CALL_NO_RWG_SE, TCG_CALL_NO_SIDE_EFFECTS, TCGCond } from './ir.js';

class HelperFault {}

describe.each(BACKENDS)('execution loop on %s', (backend) => {
  it('chains goto_tb to the successor and unlinks it when the successor is invalidated', () => {
    const m = new TestMachine(backend);
    m.progs.set(0x1000, (s) => {
      const eip = s.global(SLOT_EIP, 'eip');
      const g0 = s.global(0, 'g0');
      s.insnStart(0x1000);
      s.addi(g0, g0, 1);
      s.movi(eip, 0x1100);
      s.gotoTb(0);
    });
    m.progs.set(0x1100, (s) => {
      s.insnStart(0x1100);
      s.exitTb(9);
    });
    expect(m.runAt(0x1000)).toBe(9);
    const a = m.exec.cache.tbsOnPage(0x1000)[0];
    const b = m.exec.cache.tbsOnPage(0x1000)[1];
    expect([a.pc, b.pc]).toEqual([0x1000, 0x1100]);
    expect(a.jmpDest[0]).toBe(b);
    expect(m.runAt(0x1000)).toBe(9);
    expect(m.translations).toBe(2);
    expect(m.env.gs[0]).toBe(2);
    // a device writes over B's code: B is retranslated, A's jump unlinked
    m.exec.cache.invalidatePhysRange(0x1100, 1);
    expect(b.invalid).toBe(true);
    expect(a.jmpDest[0]).toBe(null);
    expect(m.runAt(0x1000)).toBe(9);
    expect(m.translations).toBe(3);
    expect(a.jmpDest[0]?.pc).toBe(0x1100);
  });

  it('invalidates exactly the TBs whose bytes a guest store hits, and stops a TB that rewrote itself', () => {
    const m = new TestMachine(backend);
    let version = 0;
    // 0x2000: insn 0 stores g1 to [g0]; insn 1 sets g2 to the translation version
    m.progs.set(0x2000, (s, tb) => {
      const g = [0, 1, 2].map((i) => s.global(i, `g${i}`));
      s.insnStart(0x2000);
      s.qemuSt(g[1], g[0], MO_32, 0);
      s.insnStart(0x2004);
      s.movi(g[2], ++version);
      s.exitTb(1);
      tb.size = 8;
    });
    m.progs.set(0x2800, (s) => {
      s.insnStart(0x2800);
      s.exitTb(2);
    });
    // the rewritten second instruction, translated on its own
    m.progs.set(0x2004, (s) => {
      s.insnStart(0x2004);
      s.movi(s.global(2, 'g2'), 99);
      s.exitTb(1);
    });
    expect(m.runAt(0x2800)).toBe(2);
    // a store to data on the code page, outside both TBs: nothing invalidated
    m.env.gs.set([0x2400, 5]);
    expect(m.runAt(0x2000)).toBe(1);
    expect([m.env.gs[2], m.translations]).toEqual([1, 2]);
    expect(m.ram[0x2400]).toBe(5);
    // a store into the other TB: it is retranslated next time, this one runs on
    m.env.gs.set([0x2800, 6]);
    expect(m.runAt(0x2000)).toBe(1);
    expect(m.runAt(0x2800)).toBe(2);
    expect(m.translations).toBe(3);
    // a store into its own second instruction: the TB stops there and the instruction is retranslated
    m.env.restored.length = 0;
    m.env.gs.set([0x2004, 7, 0]);
    expect(m.runAt(0x2000)).toBe(1);
    expect(m.env.restored).toEqual([1]);
    expect(m.env.gs[2]).toBe(99);
    expect(m.ram[0x2004]).toBe(7);
    // once no TB is left on a page, stores to it take the fast path again
    m.exec.cache.invalidatePhysRange(0x2000, 0x1000);
    expect(m.exec.cache.isCodePage(0x2000)).toBe(false);
    const idx = (0x2000 >>> 12) & m.tlb.mask;
    expect(m.tlb.tagWrite[idx]).toBe(0x2000);
  });

  it('returns after the instruction budget or on exitRequest, at TB boundaries', () => {
    const m = new TestMachine(backend);
    m.progs.set(0x3000, (s) => {
      const g0 = s.global(0, 'g0');
      s.insnStart(0x3000);
      s.addi(g0, g0, 1);
      s.insnStart(0x3002);
      s.gotoTb(0);
    });
    m.env.gs[0] = 0;
    m.env.gs[SLOT_EIP] = 0x3000;
    expect(m.exec.run(100)).toBe(ExecExit.BUDGET);
    expect(m.env.gs[0]).toBe(50);
    expect(m.exec.insnCount).toBe(100);
    m.exec.exitRequest = true;
    expect(m.exec.run(100)).toBe(ExecExit.REQUEST);
    expect(m.exec.exitRequest).toBe(false);
    expect(m.exec.run(10)).toBe(ExecExit.BUDGET);
    expect(m.env.gs[0]).toBe(55);
  });

  it('with stopAtLookup, runs chained TBs on and returns at the first exit through a lookup', () => {
    const m = new TestMachine(backend);
    // A (0x3800) loops on itself 10 times through goto_tb, then goes on to B with exit_tb 0
    m.progs.set(0x3800, (s) => {
      const [g0, eip] = [s.global(0, 'g0'), s.global(SLOT_EIP, 'eip')];
      s.insnStart(0x3800);
      s.addi(g0, g0, 1);
      const l = s.label();
      s.brcondi(TCGCond.EQ, g0, 10, l);
      s.movi(eip, 0x3800);
      s.gotoTb(0);
      s.setLabel(l);
      s.movi(eip, 0x3900);
      s.exitTb(0);
    });
    m.progs.set(0x3900, (s) => {
      const [g1, eip] = [s.global(1, 'g1'), s.global(SLOT_EIP, 'eip')];
      s.insnStart(0x3900);
      s.addi(g1, g1, 1);
      s.movi(eip, 0x3900);
      s.exitTb(0);
    });
    m.env.gs.set([0, 0]);
    m.env.gs[SLOT_EIP] = 0x3800;
    m.exec.stopAtLookup = true;
    expect(m.exec.run(1000)).toBe(ExecExit.LOOKUP);
    expect([m.env.gs[0], m.env.gs[1], m.env.gs[SLOT_EIP]]).toEqual([10, 0, 0x3900]);
    expect(m.exec.run(1000)).toBe(ExecExit.LOOKUP);
    expect(m.env.gs[1]).toBe(1);
    m.exec.stopAtLookup = false;
    expect(m.exec.run(50)).toBe(ExecExit.BUDGET);
    expect(m.env.gs[1]).toBe(51);
    expect(m.exec.lookupStops).toBe(2);
  });

  it("with stopAtLookup, the target's lookupStop decides at each lookup exit whether run() returns", () => {
    // one TB: g0++, back to itself through exit_tb 0 (a lookup every time); the target stops once g0 is 5
    const m = new TestMachine(backend, { lookupStop: (env) => env.gs[0] >= 5 });
    m.progs.set(0x3a00, (s) => {
      const [g0, eip] = [s.global(0, 'g0'), s.global(SLOT_EIP, 'eip')];
      s.insnStart(0x3a00);
      s.addi(g0, g0, 1);
      s.movi(eip, 0x3a00);
      s.exitTb(0);
    });
    m.env.gs[0] = 0;
    m.env.gs[SLOT_EIP] = 0x3a00;
    m.exec.stopAtLookup = true;
    expect(m.exec.run(1000)).toBe(ExecExit.LOOKUP);
    expect([m.env.gs[0], m.exec.lookupStops, m.exec.insnCount]).toEqual([5, 1, 5]);
    // still true: the next lookup returns again
    expect(m.exec.run(1000)).toBe(ExecExit.LOOKUP);
    expect(m.env.gs[0]).toBe(6);
  });

  it('stops a TB looping on itself within one iteration of an exit request made by a helper', () => {
    const m = new TestMachine(backend);
    let calls = 0;
    function helper_tick(): void {
      if (++calls === 37) m.exec.exitRequest = true;
    }
    m.progs.set(0x3400, (s) => {
      const g0 = s.global(0, 'g0');
      s.insnStart(0x3400);
      s.addi(g0, g0, 1);
      s.call(helper_tick, [], undefined, TCG_CALL_NO_RWG_SE & ~TCG_CALL_NO_SIDE_EFFECTS);
      s.insnStart(0x3402);
      s.gotoTb(0);
    });
    m.env.gs[0] = 0;
    m.env.gs[SLOT_EIP] = 0x3400;
    expect(m.exec.run(1_000_000)).toBe(ExecExit.REQUEST);
    expect(m.env.gs[0]).toBe(37);
    expect(m.exec.insnCount).toBe(74);
  });

  it('calls helpers with synced globals and reloads what they write; a throwing helper restores its insn', () => {
    const m = new TestMachine(backend);
    const seen: number[] = [];
    function helper_sum(env: { gs: Int32Array }, a: number, b: number): number {
      seen.push(env.gs[1]);
      env.gs[3] = 1000;
      return a + b;
    }
    function helper_pure(_env: unknown, a: number): number {
      return a * 2;
    }
    function helper_raise(env: { gs: Int32Array }, a: number): void {
      if (a === 13) {
        env.gs[4] = 4;
        throw new HelperFault();
      }
    }
    m.progs.set(0x4000, (s) => {
      const g = [0, 1, 2, 3, 4].map((i) => s.global(i, `g${i}`));
      s.insnStart(0x4000);
      s.movi(g[1], 41);
      s.call(helper_sum, [g[0], g[1]], g[2]);
      s.call(helper_pure, [g[2]], g[2], TCG_CALL_NO_RWG_SE);
      s.addi(g[3], g[3], 1);
      s.insnStart(0x4004);
      s.call(helper_raise, [g[0]]);
      s.exitTb(1);
    });
    m.env.gs.set([1, 0, 0, 0, 0]);
    expect(m.runAt(0x4000)).toBe(1);
    expect(seen).toEqual([41]);
    expect([m.env.gs[2], m.env.gs[3]]).toEqual([84, 1001]);
    m.env.gs.set([13, 0, 0, 0, 0]);
    expect(() => m.runAt(0x4000)).toThrow(HelperFault);
    expect(m.env.restored).toEqual([1]);
    // what the helper wrote before throwing is kept; eip is the faulting instruction's
    expect([m.env.gs[3], m.env.gs[4], m.env.gs[SLOT_EIP]]).toEqual([1001, 4, 0x4004]);
  });

  it('stays within tb-size by flushing the whole cache, and keeps running correctly', () => {
    const m = new TestMachine(backend, { tbSizeMiB: 4 / 1024 });
    for (let i = 0; i < 64; i++) {
      m.progs.set(0x10000 + i * 16, (s) => {
        const g0 = s.global(0, 'g0');
        const eip = s.global(SLOT_EIP, 'eip');
        s.insnStart(0x10000 + i * 16);
        s.addi(g0, g0, i);
        const l = s.label();
        s.brcondi(TCGCond.EQ, g0, -1, l);
        s.movi(eip, i === 63 ? 0 : 0x10000 + (i + 1) * 16);
        s.gotoTb(0);
        s.setLabel(l);
        s.exitTb(3);
      });
    }
    m.progs.set(0, (s) => {
      s.insnStart(0);
      s.exitTb(2);
    });
    for (let round = 0; round < 3; round++) {
      m.env.gs[0] = 0;
      expect(m.runAt(0x10000)).toBe(2);
      expect(m.env.gs[0]).toBe((63 * 64) / 2);
    }
    expect(m.exec.cache.flushes).toBeGreaterThan(0);
    expect(m.exec.cache.codeBytes).toBeLessThanOrEqual(4096);
  });

  it('finds TBs again after a TLB flush drops the jump cache', () => {
    const m = new TestMachine(backend);
    m.progs.set(0x5000, (s) => {
      s.insnStart(0x5000);
      s.exitTb(5);
    });
    expect(m.runAt(0x5000)).toBe(5);
    m.tlb.flush();
    m.tlb.flushPage(0x5000);
    expect(m.runAt(0x5000)).toBe(5);
    expect(m.translations).toBe(1);
  });

  it('interprets a TB until it is hot, then runs its generated code with the same results', () => {
    const m = new TestMachine(backend, { jsThreshold: 3 });
    m.progs.set(0x7000, (s) => {
      const g0 = s.global(0, 'g0');
      s.insnStart(0x7000);
      s.muli(g0, g0, 3);
      s.exitTb(1);
    });
    m.env.gs[0] = 1;
    for (let i = 0; i < 6; i++) m.runAt(0x7000);
    expect(m.env.gs[0]).toBe(729);
    const tb = m.exec.cache.tbsOnPage(0x7000)[0];
    expect(tb.jsFn !== null).toBe(backend === 'js');
    expect(m.exec.tbsCompiled).toBe(backend === 'js' ? 1 : 0);
    expect(tb.wasmIdx > 0).toBe(backend === 'wasm');
    if (backend === 'wasm') expect(m.exec.wasm?.functions).toBe(1);
  });

  it('runs linked TBs as one group function, exits and faults in any member mapped to that member', () => {
    const m = new TestMachine(backend, { jsThreshold: 2, groupThreshold: 0 });
    m.identity = false;
    m.pages.set(0x8000, { paddr: 0x8000, prot: 7 });
    m.pages.set(0x0000, { paddr: 0x0000, prot: 7 });
    // A (0x8000): g0 += 1, goto B; B (0x8100): g1 += g0; load [g2]; if g0 == g3 exit 7 else goto A
    m.progs.set(0x8000, (s) => {
      const [g0, eip] = [s.global(0, 'g0'), s.global(SLOT_EIP, 'eip')];
      s.insnStart(0x8000);
      s.addi(g0, g0, 1);
      s.movi(eip, 0x8100);
      s.gotoTb(0);
    });
    m.progs.set(0x8100, (s) => {
      const [g0, g1, g2, g3, eip] = [0, 1, 2, 3, SLOT_EIP].map((i) => s.global(i, `g${i}`));
      const t = s.temp();
      s.insnStart(0x8100);
      s.add(g1, g1, g0);
      s.insnStart(0x8104);
      s.qemuLd(t, g2, MO_32, 0);
      s.add(g1, g1, t);
      const l = s.label();
      s.brcond(TCGCond.EQ, g0, g3, l);
      s.movi(eip, 0x8000);
      s.gotoTb(0);
      s.setLabel(l);
      s.exitTb(7);
    });
    m.env.gs.set([0, 0, 0x8800, 1000]);
    m.ram[0x8800] = 1;
    expect(m.runAt(0x8000)).toBe(7);
    expect([m.env.gs[0], m.env.gs[1]]).toEqual([1000, (1000 * 1001) / 2 + 1000]);
    const [a, b] = m.exec.cache.tbsOnPage(0x8000);
    if (backend === 'js') {
      expect(a.group).toEqual([a, b]);
      expect(b.group).toEqual([b, a]);
    }
    // a fault in the load of the second member: restored there, globals of the first member stored
    m.env.restored.length = 0;
    m.env.gs.set([0, 0, 0x9000, 5]);
    expect(() => m.runAt(0x8000)).toThrow(GuestFault);
    expect(m.env.restored).toEqual([1]);
    expect([m.env.gs[0], m.env.gs[1], m.env.gs[SLOT_EIP]]).toEqual([1, 1, 0x8104]);
    // B is rewritten: the group leaves at the broken link and B is translated again
    m.exec.cache.invalidatePhysRange(0x8100, 1);
    m.env.gs.set([0, 0, 0x8800, 3]);
    expect(m.runAt(0x8000)).toBe(7);
    expect([m.env.gs[0], m.env.gs[1]]).toEqual([3, 6 + 3]);
    expect(m.translations).toBe(3);
  });

  it('compiles a TB alone first and as a group head once its dispatches reach groupThreshold', () => {
    const m = new TestMachine(backend, { jsThreshold: 2, groupThreshold: 10 });
    m.progs.set(0x8000, (s) => {
      const [g0, eip] = [s.global(0, 'g0'), s.global(SLOT_EIP, 'eip')];
      s.insnStart(0x8000);
      s.addi(g0, g0, 1);
      s.movi(eip, 0x8100);
      s.gotoTb(0);
    });
    m.progs.set(0x8100, (s) => {
      const [g0, g1, g3, eip] = [0, 1, 3, SLOT_EIP].map((i) => s.global(i, `g${i}`));
      s.insnStart(0x8100);
      s.add(g1, g1, g0);
      const l = s.label();
      s.brcond(TCGCond.EQ, g0, g3, l);
      s.movi(eip, 0x8000);
      s.gotoTb(0);
      s.setLabel(l);
      s.exitTb(7);
    });
    m.env.gs.set([0, 0, 0, 6]);
    expect(m.runAt(0x8000)).toBe(7);
    const [a] = m.exec.cache.tbsOnPage(0x8000);
    if (backend === 'js') {
      expect(a.jsFn).not.toBeNull();
      expect(a.group).toBeNull();
    }
    m.env.gs.set([0, 0, 0, 100]);
    expect(m.runAt(0x8000)).toBe(7);
    expect([m.env.gs[0], m.env.gs[1]]).toEqual([100, (100 * 101) / 2]);
    if (backend === 'js') expect(a.group?.length).toBe(2);
  });

  it('continues an indirect jump to a group member inside the group function (pcSlot)', () => {
    const m = new TestMachine(backend, { jsThreshold: 2, groupThreshold: 0, pcSlot: SLOT_EIP });
    m.progs.set(0x9000, (s) => {
      const [g0, eip] = [s.global(0, 'g0'), s.global(SLOT_EIP, 'eip')];
      s.insnStart(0x9000);
      s.addi(g0, g0, 1);
      s.movi(eip, 0x9100);
      s.gotoTb(0);
    });
    m.progs.set(0x9100, (s) => {
      const [g0, g1, g3, eip] = [0, 1, 3, SLOT_EIP].map((i) => s.global(i, `g${i}`));
      s.insnStart(0x9100);
      s.add(g1, g1, g0);
      const l = s.label();
      s.brcond(TCGCond.EQ, g0, g3, l);
      s.insnStart(0x9104);
      s.movi(eip, 0x9000);
      s.lookupAndGotoPtr(); // as a `ret` would
      s.setLabel(l);
      s.exitTb(7);
    });
    m.env.gs.set([0, 0, 0, 10000]);
    expect(m.runAt(0x9000, 1e9)).toBe(7);
    expect([m.env.gs[0], m.env.gs[1]]).toEqual([10000, (10000 * 10001) / 2]);
    // the dispatcher saw a handful of TB executions, not 20000
    // (wasm: through the jump cache's copy in the arena)
    if (backend !== 'interp') expect(m.exec.tbsExecuted).toBeLessThan(10);
    else expect(m.exec.tbsExecuted).toBe(20000);
  });

  it('reports the translation buffer as HMP info jit does', () => {
    const m = new TestMachine(backend);
    m.progs.set(0xa000, (s, tb) => {
      s.insnStart(0xa000);
      s.movi(s.global(SLOT_EIP, 'eip'), 0xa100);
      s.gotoTb(0);
      tb.size = 10;
    });
    m.progs.set(0xa100, (s, tb) => {
      s.insnStart(0xa100);
      s.exitTb(1);
      tb.size = 30;
    });
    m.runAt(0xa000);
    m.exec.cache.invalidatePhysRange(0xa100, 1);
    m.tlb.flushPage(0xa000);
    const text = m.exec.infoJit();
    expect(text).toMatch(/^Translation buffer state:\ngen code size {7}\d+\/268435456\nTB count {12}1\n/);
    expect(text).toContain('TB avg target size  10 max=10 bytes\n');
    expect(text).toContain('cross page TB count 0 (0%)\ndirect jump count   1 (100%) (2 jumps=0 0%)\n');
    expect(text).toContain(
      'Statistics:\nTB flush count      0\nTB invalidate count 1\nTLB full flushes    0\nTLB partial flushes 1\n',
    );
  });

  it('logs -d op, op_opt, out_asm and exec', () => {
    const m = new TestMachine(backend, { log: { op: true, opOpt: true, outAsm: true, exec: true } });
    m.progs.set(0x6000, (s) => {
      const g0 = s.global(0, 'g0');
      const t = s.temp();
      s.insnStart(0x6000);
      s.movi(t, 2);
      s.addi(g0, t, 3);
      s.exitTb(1);
    });
    m.runAt(0x6000);
    const text = m.logText.join('');
    expect(text).toContain(
      'OP:\n\n ---- 00006000 00000000\n mov_i32 tmp0,$0x2\n add_i32 g0,tmp0,$0x3\n exit_tb $0x1\n',
    );
    expect(text).toContain(
      'OP after optimization and liveness analysis:\n\n ---- 00006000 00000000\n mov_i32 g0,$0x5\n',
    );
    expect(text).toContain('Trace 0: 1 [00000000/00006000/00000000/00000000]');
    if (backend === 'js')
      expect(text).toMatch(/OUT: \[size=\d+\]\n\/\/ generated by @tsemu\/tcg backend-js: pc=0x6000/);
  });
});
