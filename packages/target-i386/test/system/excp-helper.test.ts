import { describe, expect, test } from 'vitest';
import {
  CPU_INTERRUPT_HARD,
  CPU_INTERRUPT_NMI,
  type CPUX86State,
  CpuLoopExit,
  check_exception,
  EXCP_HLT,
  EXCP0B_NOSEG,
  EXCP0D_GPF,
  EXCP0E_PAGE,
  HF_INHIBIT_IRQ_MASK,
  IF_MASK,
  R_CS,
  R_ESP,
  R_SS,
  raiseExceptionErr,
  raiseInterrupt,
  TF_MASK,
  x86CpuCreate,
  x86CpuDoInterrupt,
  x86CpuExecInterrupt,
  x86CpuHasWork,
} from '../../src/index.js';
import {
  desc,
  GDT,
  gate,
  IDT,
  loadFlat,
  type Machine,
  protectedMachine,
  RamPhys,
  SEL,
  TSS,
} from './support.js';

/** Deliver like the CPU loop: re-deliver while delivery itself faults. */
function deliver(env: CPUX86State, vector: number, errorCode = 0): void {
  try {
    raiseExceptionErr(env, vector, errorCode);
  } catch {}
  for (let i = 0; i < 5; i++) {
    try {
      x86CpuDoInterrupt(env);
      return;
    } catch (e) {
      if (e !== CpuLoopExit.instance) throw e;
    }
  }
  throw new Error('delivery did not settle');
}

function withGates(m: Machine, vectors: number[], access = 0x8e): void {
  for (const v of vectors) m.setDesc(IDT, v, gate(SEL.code0, 0x10000 + v * 0x10, access));
}

describe('real mode delivery', () => {
  test('pushes FLAGS, CS, IP on the 16-bit stack and jumps through the IVT', () => {
    const env = x86CpuCreate();
    const phys = new RamPhys();
    env.phys = phys;
    env.idt.base = 0;
    env.idt.limit = 0x3ff;
    phys.write16(0x21 * 4, 0x1234);
    phys.write16(0x21 * 4 + 2, 0x5000);
    env.regs[R_ESP] = 0x2000;
    env.eflags |= IF_MASK | TF_MASK;
    try {
      raiseInterrupt(env, 0x21, 0xfff2);
    } catch {}
    x86CpuDoInterrupt(env);
    expect(env.segs[R_CS]).toMatchObject({ selector: 0x5000, base: 0x50000 });
    expect(env.eip).toBe(0x1234);
    expect(env.regs[R_ESP]).toBe(0x1ffa);
    expect(phys.read16(0x1ffa)).toBe(0xfff2);
    expect(phys.read16(0x1ffc)).toBe(0xf000);
    expect(phys.read16(0x1ffe) & (IF_MASK | TF_MASK)).toBe(IF_MASK | TF_MASK);
    expect(env.eflags & (IF_MASK | TF_MASK)).toBe(0);
    expect(env.exceptionIndex).toBe(-1);
  });
});

describe('protected mode delivery', () => {
  test('ring 3 -> ring 0 through an interrupt gate: TSS stack, frame with error code, IF cleared', () => {
    const m = protectedMachine();
    const { env, phys } = m;
    withGates(m, [13]);
    phys.write32(TSS + 4, 0x90000);
    phys.write32(TSS + 8, SEL.data0);
    loadFlat(env, 3);
    env.regs[R_ESP] = 0x7000;
    env.eip = 0x401000;
    env.eflags |= IF_MASK;
    deliver(env, EXCP0D_GPF, 0x1234);
    expect(env.cpl).toBe(0);
    expect(env.eip).toBe(0x100d0);
    expect(env.regs[R_ESP]).toBe(0x90000 - 24);
    const f = [0, 4, 8, 12, 16, 20].map((o) => phys.read32(0x90000 - 24 + o));
    expect(f).toEqual([0x1234, 0x401000, SEL.code3, f[3], 0x7000, SEL.data3]);
    // a fault pushes EFLAGS with RF set
    expect(f[3] & (IF_MASK | 0x10000)).toBe(IF_MASK | 0x10000);
    expect(env.eflags & IF_MASK).toBe(0);
  });

  test('int n from ring 3 needs gate DPL 3 (#GP(n*8+2)); a trap gate keeps IF; return address is next_eip', () => {
    const m = protectedMachine();
    const { env, phys } = m;
    withGates(m, [0x80], 0x8f); // trap gate, DPL 0
    phys.write32(TSS + 4, 0x90000);
    phys.write32(TSS + 8, SEL.data0);
    loadFlat(env, 3);
    env.eflags |= IF_MASK;
    env.eip = 0x1000;
    try {
      raiseInterrupt(env, 0x80, 0x1002);
    } catch {}
    expect(() => x86CpuDoInterrupt(env)).toThrow(CpuLoopExit);
    expect([env.exceptionIndex, env.errorCode]).toEqual([EXCP0D_GPF, 0x80 * 8 + 2]);
    withGates(m, [0x80], 0xef);
    try {
      raiseInterrupt(env, 0x80, 0x1002);
    } catch {}
    x86CpuDoInterrupt(env);
    expect(phys.read32(env.regs[R_ESP] >>> 0)).toBe(0x1002);
    expect(env.eflags & IF_MASK).toBe(IF_MASK);
  });

  const gateFaults: { what: string; setup: (m: Machine) => void; vec: number; err: number }[] = [
    {
      what: 'vector beyond the IDT limit',
      setup: (m) => (m.env.idt.limit = 0x7f),
      vec: EXCP0D_GPF,
      err: 0x42 * 8 + 2,
    },
    {
      what: 'not-present gate',
      setup: (m) => m.setDesc(IDT, 0x42, gate(SEL.code0, 0, 0x0e)),
      vec: EXCP0B_NOSEG,
      err: 0x42 * 8 + 2,
    },
    {
      what: 'wrong gate type',
      setup: (m) => m.setDesc(IDT, 0x42, gate(SEL.code0, 0, 0x8c)),
      vec: EXCP0D_GPF,
      err: 0x42 * 8 + 2,
    },
    {
      what: 'gate to a data segment',
      setup: (m) => m.setDesc(IDT, 0x42, gate(SEL.data0, 0, 0x8e)),
      vec: EXCP0D_GPF,
      err: SEL.data0,
    },
    {
      what: 'gate with a null selector',
      setup: (m) => m.setDesc(IDT, 0x42, gate(0, 0, 0x8e)),
      vec: EXCP0D_GPF,
      err: 0,
    },
  ];
  for (const g of gateFaults) {
    test(`hardware-style delivery of 0x42 with ${g.what} -> vector ${g.vec} error ${g.err.toString(16)}`, () => {
      const m = protectedMachine();
      g.setup(m);
      try {
        raiseExceptionErr(m.env, 0x42, 0);
      } catch {}
      expect(() => x86CpuDoInterrupt(m.env)).toThrow(CpuLoopExit);
      expect([m.env.exceptionIndex, m.env.errorCode]).toEqual([g.vec, g.err]);
    });
  }
});

describe('double and triple faults', () => {
  test('#GP whose gate is not present raises #NP, promoted to #DF with error code 0', () => {
    const m = protectedMachine();
    withGates(m, [8]);
    m.setDesc(IDT, 13, gate(SEL.code0, 0, 0x0e)); // not present
    m.env.regs[R_ESP] = 0x8000;
    deliver(m.env, EXCP0D_GPF, 0);
    expect(m.env.eip).toBe(0x10080);
    expect(m.phys.read32(0x8000 - 16)).toBe(0); // error code 0
    expect(m.env.oldException).toBe(-1);
  });

  const matrix: [old: number, next: number, delivered: number][] = [
    [-1, 13, 13],
    [13, 11, 8], // contributory after contributory
    [0, 10, 8],
    [13, 14, 14], // #PF after a contributory one is delivered
    [14, 14, 8], // #PF after #PF
    [14, 13, 8],
    [14, 6, 6], // benign after #PF
    [13, 6, 6],
    [6, 13, 13],
  ];
  for (const [old, next, delivered] of matrix) {
    test(`check_exception: 0x${next.toString(16)} while delivering ${old} -> 0x${delivered.toString(16)}`, () => {
      const env = x86CpuCreate();
      env.oldException = old;
      env.errorCode = 0x55;
      expect(check_exception(env, next)).toBe(delivered);
      expect(env.errorCode).toBe(delivered === 8 ? 0 : 0x55);
    });
  }

  test('a fault while delivering #DF is a triple fault: reset requested, EXCP_HLT', () => {
    const m = protectedMachine();
    m.env.idt.limit = 0; // every vector beyond the limit
    let resets = 0;
    m.env.onResetRequest = () => resets++;
    const lines: string[] = [];
    m.env.intLog = (l) => lines.push(l);
    deliver(m.env, EXCP0D_GPF, 0);
    expect(m.env.tripleFault).toBe(true);
    expect(resets).toBe(1);
    expect(m.env.exceptionIndex).toBe(EXCP_HLT);
    expect(lines.filter((l) => l.startsWith('check_exception'))).toEqual([
      'check_exception old: 0xffffffff new 0xd',
      'check_exception old: 0xd new 0xd',
      'check_exception old: 0x8 new 0xd',
    ]);
  });

  test('-d int line in QEMU format', () => {
    const m = protectedMachine();
    withGates(m, [14]);
    const lines: string[] = [];
    m.env.intLog = (l) => lines.push(l);
    m.env.eip = 0xc0100000;
    m.env.regs[R_ESP] = 0x8000;
    m.env.cr[2] = 0xdeadb000;
    deliver(m.env, EXCP0E_PAGE, 2);
    expect(lines[1]).toBe(
      '     0: v=0e e=0002 i=0 cpl=0 IP=0008:c0100000 pc=c0100000 SP=0010:00008000 CR2=deadb000',
    );
  });
});

describe('external interrupts', () => {
  test('INTR waits for IF and the sti shadow; NMI is taken and then masked until iret', () => {
    const m = protectedMachine();
    withGates(m, [2, 0x30]);
    const { env } = m;
    env.regs[R_ESP] = 0x8000;
    env.interruptRequest |= CPU_INTERRUPT_HARD;
    let acks = 0;
    const ack = () => {
      acks++;
      return 0x30;
    };
    expect(x86CpuExecInterrupt(env, ack)).toBe(false);
    env.eflags |= IF_MASK;
    env.hflags |= HF_INHIBIT_IRQ_MASK;
    expect(x86CpuExecInterrupt(env, ack)).toBe(false);
    env.hflags &= ~HF_INHIBIT_IRQ_MASK;
    expect(x86CpuHasWork(env)).toBe(true);
    expect(x86CpuExecInterrupt(env, ack)).toBe(true);
    expect([acks, env.eip]).toEqual([1, 0x10300]);
    // hardware interrupts push no error code
    expect(env.regs[R_ESP]).toBe(0x8000 - 12);
    env.interruptRequest |= CPU_INTERRUPT_NMI;
    expect(x86CpuExecInterrupt(env, ack)).toBe(true);
    expect(env.eip).toBe(0x10020);
    env.interruptRequest |= CPU_INTERRUPT_NMI;
    expect(x86CpuExecInterrupt(env, ack)).toBe(false);
    expect(x86CpuHasWork(env)).toBe(false);
  });
});

test('descriptor helpers used here are consistent', () => {
  const [e1, e2] = desc(0x12345678, 0xabcde, 0x92, 0xc);
  expect(e1.toString(16)).toBe('5678bcde');
  expect(e2.toString(16)).toBe('12ca9234');
  expect(GDT).toBeLessThan(IDT);
  expect(R_SS).toBe(2);
});
