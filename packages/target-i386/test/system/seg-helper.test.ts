import { describe, expect, test } from 'vitest';
import {
  CC_Z,
  CCOp,
  CPUX86State,
  cpu_compute_eflags,
  EXCP0A_TSS,
  EXCP0B_NOSEG,
  EXCP0C_STACK,
  EXCP0D_GPF,
  HF_CPL_MASK,
  HF_CS32_MASK,
  HF_TS_MASK,
  helper_check_io,
  helper_iret_protected,
  helper_iret_real,
  helper_lar,
  helper_lcall_protected,
  helper_lcall_real,
  helper_ljmp_protected,
  helper_lldt,
  helper_load_seg,
  helper_lret_protected,
  helper_lsl,
  helper_ltr,
  helper_sysenter,
  helper_sysexit,
  helper_verr,
  helper_verw,
  IF_MASK,
  NT_MASK,
  R_CS,
  R_DS,
  R_EAX,
  R_ECX,
  R_EDX,
  R_ES,
  R_ESP,
  R_SS,
  x86CpuCreate,
} from '../../src/index.js';
import {
  ACC,
  desc,
  expectFault,
  GDT,
  gate,
  loadFlat,
  protectedMachine,
  RamPhys,
  SEL,
  TSS,
} from './support.js';

describe('helper_load_seg (protected mode)', () => {
  const cases: {
    what: string;
    sel: number;
    seg: number;
    access?: number;
    cpl?: 0 | 3;
    vec: number;
    err: number;
  }[] = [
    { what: 'null SS', sel: 0, seg: R_SS, vec: EXCP0D_GPF, err: 0 },
    { what: 'beyond the GDT limit', sel: 0x80, seg: R_DS, vec: EXCP0D_GPF, err: 0x80 },
    { what: 'LDT selector with an empty LDT', sel: 0x0c, seg: R_DS, vec: EXCP0D_GPF, err: 0x0c },
    { what: 'system descriptor', sel: SEL.tss, seg: R_DS, vec: EXCP0D_GPF, err: SEL.tss },
    { what: 'execute-only code into DS', sel: 0x30, seg: R_DS, access: 0x98, vec: EXCP0D_GPF, err: 0x30 },
    { what: 'code into SS', sel: 0x30, seg: R_SS, access: 0x9a, vec: EXCP0D_GPF, err: 0x30 },
    { what: 'read-only data into SS', sel: 0x30, seg: R_SS, access: 0x90, vec: EXCP0D_GPF, err: 0x30 },
    { what: 'SS with DPL != CPL', sel: 0x33, seg: R_SS, access: 0xf2, vec: EXCP0D_GPF, err: 0x30 },
    { what: 'DPL 0 data at CPL 3', sel: 0x33, seg: R_DS, access: 0x92, cpl: 3, vec: EXCP0D_GPF, err: 0x30 },
    { what: 'not-present data', sel: 0x30, seg: R_ES, access: 0x12, vec: EXCP0B_NOSEG, err: 0x30 },
    { what: 'not-present stack', sel: 0x30, seg: R_SS, access: 0x12, vec: EXCP0C_STACK, err: 0x30 },
  ];
  for (const c of cases) {
    test(`${c.what} -> vector ${c.vec} error ${c.err.toString(16)}`, () => {
      const m = protectedMachine();
      if (c.access !== undefined) m.setDesc(GDT, 6, desc(0, 0xfffff, c.access));
      if (c.cpl) loadFlat(m.env, 3);
      const before = { ...m.env.segs[c.seg] };
      expectFault(m.env, () => helper_load_seg(m.env, c.seg, c.sel), c.vec, c.err);
      expect(m.env.segs[c.seg]).toEqual(before);
    });
  }

  test('loads base/limit/flags, sets the accessed bit, updates ADDSEG and the base slot', () => {
    const m = protectedMachine();
    m.setDesc(GDT, 6, desc(0x12345678, 0x0ffff, 0x92, 0x4)); // byte granular, 32-bit
    helper_load_seg(m.env, R_DS, 0x30);
    expect(m.env.segs[R_DS]).toMatchObject({ selector: 0x30, base: 0x12345678, limit: 0xffff });
    expect(m.getDesc(GDT, 6)[1] & 0x100).toBe(0x100);
    expect(m.env.gs[14 + R_DS]).toBe(0x12345678);
    expect(m.env.hflags & (1 << 6)).not.toBe(0);
  });

  test('conforming readable code may be loaded into DS from any CPL; null DS is allowed', () => {
    const m = protectedMachine();
    loadFlat(m.env, 3);
    m.setDesc(GDT, 6, desc(0, 0xfffff, 0x9e)); // DPL 0 conforming readable
    helper_load_seg(m.env, R_DS, 0x33);
    expect(m.env.segs[R_DS].selector).toBe(0x33);
    helper_load_seg(m.env, R_ES, 0);
    expect(m.env.segs[R_ES].flags).toBe(0);
  });

  test('loading SS sets CPL and SS32 from the descriptor', () => {
    const m = protectedMachine();
    m.setDesc(GDT, 6, desc(0, 0xffff, 0x92, 0)); // 16-bit stack
    helper_load_seg(m.env, R_SS, 0x30);
    expect(m.env.hflags & (1 << 5)).toBe(0);
    expect(m.env.hflags & HF_CPL_MASK).toBe(0);
  });
});

describe('far jumps and calls', () => {
  test('ljmp to a non-conforming code segment keeps CPL in RPL; limit check is #GP(0)', () => {
    const m = protectedMachine();
    m.setDesc(GDT, 6, desc(0x10000, 0xfff, 0x9a, 0x4));
    helper_ljmp_protected(m.env, 0x30, 0x100, 0);
    expect(m.env.segs[R_CS]).toMatchObject({ selector: 0x30, base: 0x10000, limit: 0xfff });
    expect(m.env.eip).toBe(0x100);
    expectFault(m.env, () => helper_ljmp_protected(m.env, 0x30, 0x1000, 0), EXCP0D_GPF, 0);
    m.setDesc(GDT, 7, desc(0, 0xfffff, 0x1a)); // not present
    expectFault(m.env, () => helper_ljmp_protected(m.env, 0x38, 0, 0), EXCP0B_NOSEG, 0x38);
    expectFault(m.env, () => helper_ljmp_protected(m.env, 0x10, 0, 0), EXCP0D_GPF, 0x10);
    expectFault(m.env, () => helper_ljmp_protected(m.env, 0, 0, 0), EXCP0D_GPF, 0);
  });

  test('16-bit and 32-bit real-mode lcall push CS:IP and load CS base', () => {
    const env = x86CpuCreate();
    env.phys = new RamPhys();
    env.regs[R_ESP] = 0x1000;
    helper_lcall_real(env, 0x2000, 0x10, 0, 0x1234);
    expect(env.regs[R_ESP]).toBe(0xffc);
    expect(env.phys.read16(0xffe)).toBe(0xf000);
    expect(env.phys.read16(0xffc)).toBe(0x1234);
    expect(env.segs[R_CS]).toMatchObject({ selector: 0x2000, base: 0x20000 });
    expect(env.gs[14 + R_CS]).toBe(0x20000);
    helper_lcall_real(env, 0x3000, 0x20, 1, 0x5678);
    expect(env.regs[R_ESP]).toBe(0xff4);
    expect(env.phys.read32(0xff8)).toBe(0x2000);
  });

  test('call gate from ring 3 to ring 0 switches to the TSS stack and copies parameters; lret returns', () => {
    const m = protectedMachine();
    const { env, phys } = m;
    m.setDesc(GDT, 6, gate(SEL.code0, 0x400000, 0xec, 2)); // 386 call gate DPL 3, 2 dword params
    phys.write32(TSS + 4, 0x90000); // esp0
    phys.write32(TSS + 8, SEL.data0); // ss0
    loadFlat(env, 3);
    env.regs[R_ESP] = 0x80000;
    phys.write32(0x80000, 0x1111);
    phys.write32(0x80004, 0x2222);
    helper_lcall_protected(env, 0x33, 0, 1, 0x1234);
    expect(env.cpl).toBe(0);
    expect(env.segs[R_CS].selector).toBe(SEL.code0);
    expect(env.segs[R_SS].selector).toBe(SEL.data0);
    expect(env.eip).toBe(0x400000);
    // frame: old SS, old ESP, params (in order), CS, EIP
    const esp = env.regs[R_ESP] >>> 0;
    expect(esp).toBe(0x90000 - 24);
    expect([0, 4, 8, 12, 16, 20].map((o) => phys.read32(esp + o))).toEqual([
      0x1234,
      SEL.code3,
      0x1111,
      0x2222,
      0x80000,
      SEL.data3,
    ]);
    // lret 8 pops the params on both stacks
    helper_lret_protected(env, 1, 8);
    expect(env.cpl).toBe(3);
    expect(env.segs[R_CS].selector).toBe(SEL.code3);
    expect(env.eip).toBe(0x1234);
    expect(env.regs[R_ESP] >>> 0).toBe(0x80008);
  });

  test('call gate checks: DPL < CPL is #GP(gate); not present is #NP(gate); bad TSS SS is #TS', () => {
    const m = protectedMachine();
    const { env, phys } = m;
    m.setDesc(GDT, 6, gate(SEL.code0, 0x1000, 0x8c)); // DPL 0
    loadFlat(env, 3);
    expectFault(env, () => helper_lcall_protected(env, 0x33, 0, 1, 0), EXCP0D_GPF, 0x30);
    m.setDesc(GDT, 6, gate(SEL.code0, 0x1000, 0x6c)); // DPL 3, not present
    expectFault(env, () => helper_lcall_protected(env, 0x33, 0, 1, 0), EXCP0B_NOSEG, 0x30);
    m.setDesc(GDT, 6, gate(SEL.code0, 0x1000, 0xec));
    phys.write32(TSS + 8, SEL.data3); // ss0 with RPL 3
    expectFault(env, () => helper_lcall_protected(env, 0x33, 0, 1, 0), EXCP0A_TSS, SEL.data3 & 0xfffc);
  });
});

describe('task switching', () => {
  function taskMachine() {
    const m = protectedMachine();
    const NEW = 0x5000;
    m.setDesc(GDT, 7, desc(NEW, 0x67, ACC.tss32, 0)); // 0x38: available 32-bit TSS
    m.setDesc(GDT, 8, gate(0x38, 0, 0xe5)); // 0x40: task gate DPL 3
    const p = m.phys;
    p.write32(NEW + 0x1c, 0); // cr3
    p.write32(NEW + 0x20, 0x7777); // eip
    p.write32(NEW + 0x24, 0x2 | IF_MASK | 0x1); // eflags with CF
    for (let i = 0; i < 8; i++) p.write32(NEW + 0x28 + i * 4, 0x100 * (i + 1));
    const segs = [SEL.data0, SEL.code0, SEL.data0, SEL.data0, 0, 0];
    segs.forEach((s, i) => {
      p.write16(NEW + 0x48 + i * 4, s);
    });
    return { m, NEW };
  }

  test('call through a task gate saves state, links back, sets busy/NT/TS; iret returns', () => {
    const { m, NEW } = taskMachine();
    const { env, phys } = m;
    env.regs[R_EAX] = 0xaaaa;
    env.eip = 0x1000;
    helper_lcall_protected(env, 0x40, 0, 1, 0x1005);
    expect(env.tr.selector).toBe(0x38);
    expect(env.eip).toBe(0x7777);
    expect(env.regs[R_EAX]).toBe(0x100);
    expect(env.regs[R_ECX]).toBe(0x200);
    expect(cpu_compute_eflags(env) & 1).toBe(1);
    expect(env.eflags & NT_MASK).toBe(NT_MASK);
    expect(env.cr[0] & 8).toBe(8);
    expect(env.hflags & HF_TS_MASK).toBe(HF_TS_MASK);
    expect(phys.read16(NEW)).toBe(SEL.tss); // back link
    expect(phys.read32(TSS + 0x20)).toBe(0x1005); // old eip saved
    expect(phys.read32(TSS + 0x28)).toBe(0xaaaa); // old eax saved
    expect((m.getDesc(GDT, 7)[1] >>> 8) & 0xf).toBe(11); // new TSS busy
    expect((m.getDesc(GDT, 5)[1] >>> 8) & 0xf).toBe(11); // old stays busy (call)
    // iret with NT=1 goes back through the link
    helper_iret_protected(env, 1, 0x7780);
    expect(env.tr.selector).toBe(SEL.tss);
    expect(env.eip).toBe(0x1005);
    expect(env.regs[R_EAX]).toBe(0xaaaa);
    expect((m.getDesc(GDT, 7)[1] >>> 8) & 0xf).toBe(9); // no longer busy
    expect(phys.read32(NEW + 0x20)).toBe(0x7780);
  });

  test('jmp to a busy TSS is #GP; TSS with too small a limit is #TS', () => {
    const { m } = taskMachine();
    const { env } = m;
    expectFault(env, () => helper_ljmp_protected(env, SEL.tss, 0, 0), EXCP0D_GPF, SEL.tss);
    m.setDesc(GDT, 7, desc(0x5000, 0x20, ACC.tss32, 0));
    expectFault(env, () => helper_ljmp_protected(env, 0x38, 0, 0), EXCP0A_TSS, 0x38);
  });

  test('jmp to a TSS clears the old busy bit and does not link', () => {
    const { m, NEW } = taskMachine();
    helper_ljmp_protected(m.env, 0x38, 0, 0x2000);
    expect((m.getDesc(GDT, 5)[1] >>> 8) & 0xf).toBe(9);
    expect((m.getDesc(GDT, 7)[1] >>> 8) & 0xf).toBe(11);
    expect(m.env.eflags & NT_MASK).toBe(0);
    expect(m.phys.read16(NEW)).toBe(0);
  });
});

describe('iret', () => {
  test('real mode iret pops IP, CS, FLAGS', () => {
    const env = x86CpuCreate();
    env.phys = new RamPhys();
    env.regs[R_ESP] = 0x100;
    env.phys.write16(0x100, 0x1234);
    env.phys.write16(0x102, 0x2000);
    env.phys.write16(0x104, 0x0203 | 0x800);
    helper_iret_real(env, 0);
    expect(env.eip).toBe(0x1234);
    expect(env.segs[R_CS]).toMatchObject({ selector: 0x2000, base: 0x20000 });
    expect(env.eflags & IF_MASK).toBe(IF_MASK);
    expect(cpu_compute_eflags(env) & 0x801).toBe(0x801);
    expect(env.regs[R_ESP]).toBe(0x106);
  });

  test('iret to ring 3 pops SS:ESP, nulls DPL-0 data segments, keeps IOPL at CPL 3 rules', () => {
    const m = protectedMachine();
    const { env, phys } = m;
    env.regs[R_ESP] = 0x9000;
    phys.write32(0x9000, 0x401000); // eip
    phys.write32(0x9004, SEL.code3);
    phys.write32(0x9008, 0x3202); // IF, IOPL 3
    phys.write32(0x900c, 0x70000); // esp
    phys.write32(0x9010, SEL.data3);
    helper_iret_protected(env, 1, 0);
    expect(env.cpl).toBe(3);
    expect(env.regs[R_ESP]).toBe(0x70000);
    expect(env.eip).toBe(0x401000);
    expect(env.segs[R_DS].selector).toBe(0); // DPL 0 data nulled
    expect(env.segs[R_DS].flags & 0x8000).toBe(0);
    expect(env.eflags & 0x3000).toBe(0x3000); // IOPL loaded at old CPL 0
    expect(env.hflags & HF_CS32_MASK).toBe(HF_CS32_MASK);
  });

  test('iret at CPL 3 cannot change IOPL or (with IOPL 0) IF; returning to ring 0 from 3 is #GP', () => {
    const m = protectedMachine();
    const { env, phys } = m;
    loadFlat(env, 3);
    env.regs[R_ESP] = 0x9000;
    phys.write32(0x9000, 0x1000);
    phys.write32(0x9004, SEL.code3);
    phys.write32(0x9008, 0x3202);
    helper_iret_protected(env, 1, 0);
    expect(env.eflags & (0x3000 | IF_MASK)).toBe(0);
    env.regs[R_ESP] = 0x9000;
    phys.write32(0x9004, SEL.code0);
    expectFault(env, () => helper_iret_protected(env, 1, 0), EXCP0D_GPF, SEL.code0);
  });

  test('iret to VM86 is refused with #GP(0) (virtual-8086 mode is not supported)', () => {
    const m = protectedMachine();
    m.env.regs[R_ESP] = 0x9000;
    m.phys.write32(0x9000, 0x1000);
    m.phys.write32(0x9004, 0x1234);
    m.phys.write32(0x9008, 0x20002);
    expectFault(m.env, () => helper_iret_protected(m.env, 1, 0), EXCP0D_GPF, 0);
  });
});

describe('LDT, TR and descriptor queries', () => {
  test('lldt loads an LDT whose entries helper_load_seg then uses; ltr marks the TSS busy', () => {
    const m = protectedMachine();
    m.setDesc(GDT, 6, desc(0x6000, 0x17, ACC.ldt, 0));
    m.setDesc(0x6000, 1, desc(0xabc000, 0xfffff, 0x92));
    helper_lldt(m.env, 0x30);
    expect(m.env.ldt).toMatchObject({ selector: 0x30, base: 0x6000, limit: 0x17 });
    helper_load_seg(m.env, R_ES, 0x0c);
    expect(m.env.segs[R_ES].base).toBe(0xabc000);
    expectFault(m.env, () => helper_lldt(m.env, 0x28), EXCP0D_GPF, 0x28);
    m.setDesc(GDT, 7, desc(0x5000, 0x67, ACC.tss32, 0));
    helper_ltr(m.env, 0x38);
    expect((m.getDesc(GDT, 7)[1] >>> 8) & 0xf).toBe(11);
    expectFault(m.env, () => helper_ltr(m.env, 0x38), EXCP0D_GPF, 0x38); // now busy
  });

  test('lar/lsl/verr/verw set ZF in cc_src with CC_OP_EFLAGS', () => {
    const m = protectedMachine();
    const { env } = m;
    env.ccOp = CCOp.EFLAGS;
    env.ccSrc = 0;
    expect(helper_lsl(env, SEL.data0)).toBe(0xffffffff);
    expect(env.ccSrc & CC_Z).toBe(CC_Z);
    expect(helper_lar(env, SEL.code0)).toBe(0x00c09a00);
    expect(helper_lsl(env, SEL.tss)).toBe(0x67);
    expect(helper_lsl(env, 0x78)).toBe(0); // empty descriptor
    expect(env.ccSrc & CC_Z).toBe(0);
    loadFlat(env, 3);
    helper_lar(env, SEL.code0);
    expect(env.ccSrc & CC_Z).toBe(0); // DPL 0 not visible at CPL 3
    helper_verr(env, SEL.code3);
    expect(env.ccSrc & CC_Z).toBe(CC_Z);
    helper_verw(env, SEL.code3);
    expect(env.ccSrc & CC_Z).toBe(0); // code is never writable
    helper_verw(env, SEL.data3);
    expect(env.ccSrc & CC_Z).toBe(CC_Z);
    helper_verw(env, SEL.data0);
    expect(env.ccSrc & CC_Z).toBe(0);
    expect(env.ccOp).toBe(CCOp.EFLAGS);
  });
});

describe('sysenter / sysexit', () => {
  test('sysenter loads flat ring 0 from the MSRs; sysexit returns to ring 3 at EDX with ESP = ECX', () => {
    const m = protectedMachine();
    const { env } = m;
    loadFlat(env, 3);
    env.eflags |= IF_MASK;
    expectFault(env, () => helper_sysenter(env), EXCP0D_GPF, 0);
    env.sysenterCs = 0x08;
    env.sysenterEsp = 0x9000;
    env.sysenterEip = 0xc0001000;
    helper_sysenter(env);
    expect(env.cpl).toBe(0);
    expect(env.segs[R_CS]).toMatchObject({ selector: 0x08, base: 0, limit: 0xffffffff });
    expect(env.segs[R_SS].selector).toBe(0x10);
    expect(env.eip).toBe(0xc0001000);
    expect(env.regs[R_ESP]).toBe(0x9000);
    expect(env.eflags & IF_MASK).toBe(0);
    env.regs[R_ECX] = 0x7000;
    env.regs[R_EDX] = 0x401234;
    helper_sysexit(env);
    expect(env.cpl).toBe(3);
    expect(env.segs[R_CS].selector).toBe(0x1b);
    expect(env.segs[R_SS].selector).toBe(0x23);
    expect(env.eip).toBe(0x401234);
    expect(env.regs[R_ESP]).toBe(0x7000);
    expectFault(env, () => helper_sysexit(env), EXCP0D_GPF, 0);
  });
});

describe('I/O permission', () => {
  test('CPL <= IOPL always passes; otherwise the TSS bitmap decides, and a short TSS is #GP(0)', () => {
    const m = protectedMachine();
    const { env, phys } = m;
    loadFlat(env, 3);
    phys.write16(TSS + 0x66, 0x68);
    expectFault(env, () => helper_check_io(env, 0x60, 1), EXCP0D_GPF, 0); // TSS limit 0x67: no bitmap
    Object.assign(env.tr, { limit: 0x68 + 0x2000 });
    helper_check_io(env, 0x60, 1);
    phys.write8(TSS + 0x68 + (0x61 >> 3), 1 << (0x61 & 7));
    helper_check_io(env, 0x60, 1);
    expectFault(env, () => helper_check_io(env, 0x60, 2), EXCP0D_GPF, 0);
    expectFault(env, () => helper_check_io(env, 0x61, 1), EXCP0D_GPF, 0);
    env.eflags |= 0x3000;
    helper_check_io(env, 0x61, 4);
  });
});

test('a fresh CPUX86State needs no phys for the real-mode paths that do not touch memory', () => {
  const env = new CPUX86State();
  expect(env.tripleFault).toBe(false);
  expect(() => helper_lcall_real(env, 0, 0, 0, 0)).toThrow(/env.phys is not set/);
});
