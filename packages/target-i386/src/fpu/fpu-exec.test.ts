import { describe, expect, test } from 'vitest';
import {
  CCOp,
  CPUX86State,
  CpuLoopExit,
  CR0_NE_MASK,
  EXCP0D_GPF,
  EXCP06_ILLOP,
  EXCP07_PREX,
  EXCP10_COPR,
  type GuestAccess,
  HF_EM_MASK,
  HF_MP_MASK,
  HF_TS_MASK,
  R_CS,
  R_ES,
} from '../cpu.js';
import { toHex } from './floatx80.js';
import { FPU_EXEC_DATA32, FPU_EXEC_SEG_SHIFT, helper_fpu_exec } from './fpu-exec.js';
import { cpu_set_ignne, helper_fwait, helper_fxrstor, helper_fxsave } from './x87-env.js';
import { FPUS_ES, fnstsw, st } from './x87-state.js';

/** Flat memory whose accesses at or above `faultFrom` raise #PF, as a soft-MMU would. */
function machine(faultFrom = 0x10000) {
  const mem = new Uint8Array(0x10000);
  const dv = new DataView(mem.buffer);
  const env = new CPUX86State();
  const check = (a: number, n: number) => {
    if ((a >>> 0) + n > faultFrom) {
      env.exceptionIndex = 14;
      throw CpuLoopExit.instance;
    }
  };
  const access: GuestAccess = {
    ld8: (a) => {
      check(a, 1);
      return mem[a] as number;
    },
    ld16: (a) => {
      check(a, 2);
      return dv.getUint16(a, true);
    },
    ld32: (a) => {
      check(a, 4);
      return dv.getUint32(a, true);
    },
    st8: (a, v) => {
      check(a, 1);
      mem[a] = v & 0xff;
    },
    st16: (a, v) => {
      check(a, 2);
      dv.setUint16(a, v, true);
    },
    st32: (a, v) => {
      check(a, 4);
      dv.setUint32(a, v >>> 0, true);
    },
  };
  env.dataAccess = access;
  env.features[0] = (1 << 15) | (1 << 24);
  env.features[1] = 1;
  const exec = (opcode: number, modrm: number, ea = 0, flags?: number) =>
    helper_fpu_exec(env, ((opcode & 7) << 8) | modrm, ea, 0x1234, flags);
  /** the exception vector raised, or -1 */
  const trap = (f: () => void): number => {
    env.exceptionIndex = -1;
    try {
      f();
    } catch (e) {
      if (e !== CpuLoopExit.instance) throw e;
      return env.exceptionIndex;
    }
    return -1;
  };
  return { env, mem, dv, exec, trap };
}

const snapshot = (env: CPUX86State) =>
  JSON.stringify({
    ...env.fpu,
    regs: env.fpu.regs.map(toHex),
    ft0: toHex(env.fpu.ft0),
    fpStatus: env.fpu.fpStatus,
  });

describe('helper_fpu_exec decoding', () => {
  // [opcode, modrm, reason]
  const invalid: [number, number, string][] = [
    [0xd9, 0x08, 'D9 /1 memory'],
    [0xd9, 0xd1, 'D9 D1'],
    [0xd9, 0xe2, 'D9 E2'],
    [0xd9, 0xe6, 'D9 E6'],
    [0xd9, 0xef, 'D9 EF'],
    [0xda, 0xe0, 'DA E0'],
    [0xda, 0xe8, 'DA E8 (only E9 is fucompp)'],
    [0xda, 0xf0, 'DA F0'],
    [0xdb, 0x20, 'DB /4 memory'],
    [0xdb, 0x30, 'DB /6 memory'],
    [0xdb, 0xe5, 'DB E5'],
    [0xdb, 0xf8, 'DB F8'],
    [0xdd, 0x28, 'DD /5 memory'],
    [0xdd, 0xf0, 'DD F0'],
    [0xdd, 0xf8, 'DD F8'],
    [0xde, 0xd8, 'DE D8 (only D9 is fcompp)'],
    [0xdf, 0xe1, 'DF E1'],
    [0xdf, 0xf8, 'DF F8'],
  ];
  test.each(invalid)('%s %s is #UD (%s) and leaves the FPU as it was', (op, modrm) => {
    const { env, exec, trap } = machine();
    const before = snapshot(env);
    expect(trap(() => exec(op, modrm, 0x100))).toBe(EXCP06_ILLOP);
    expect(snapshot(env)).toBe(before);
  });

  test('CR0.EM or CR0.TS (hflags) raise #NM before anything else', () => {
    for (const hf of [HF_EM_MASK, HF_TS_MASK]) {
      const { env, exec, trap } = machine();
      env.hflags |= hf;
      expect(trap(() => exec(0xd9, 0xe8))).toBe(EXCP07_PREX);
      expect(env.fpu.fpstt).toBe(0);
    }
  });

  test('fisttp needs SSE3; fcmov and fcomi need CMOV', () => {
    const { env, exec, trap } = machine();
    env.features[1] = 0;
    expect(trap(() => exec(0xdb, 0x08, 0x100))).toBe(EXCP06_ILLOP);
    env.features[0] = 0;
    expect(trap(() => exec(0xda, 0xc1))).toBe(EXCP06_ILLOP);
    expect(trap(() => exec(0xdb, 0xf1))).toBe(EXCP06_ILLOP);
    expect(trap(() => exec(0xdf, 0xe9))).toBe(EXCP06_ILLOP);
  });

  test('fcomi leaves EFLAGS in cc_src with CC_OP_EFLAGS, keeping OF/SF/AF', () => {
    const { env, exec } = machine();
    env.ccOp = CCOp.EFLAGS;
    env.ccSrc = 0x891; // OF SF AF CF
    exec(0xd9, 0xe8); // fld1
    exec(0xd9, 0xee); // fldz
    exec(0xdb, 0xf1); // fcomi st0, st1: 0 < 1
    expect(env.ccOp).toBe(CCOp.EFLAGS);
    expect(env.ccSrc).toBe(0x891);
    exec(0xdf, 0xe8); // fucomip st0, st0: equal
    expect(env.ccSrc).toBe(0x8d0);
    expect(env.fpu.fpstt).toBe(7);
  });

  test('fpip/fpcs and fpdp/fpds are recorded as QEMU records them', () => {
    const { env, exec } = machine();
    (env.segs[R_CS] as { selector: number }).selector = 0x1b;
    const es = env.segs[R_ES] as { selector: number; base: number };
    es.selector = 0x23;
    es.base = 0x1000;
    exec(0xdd, 0x05, 0x1040, FPU_EXEC_DATA32 | (R_ES << FPU_EXEC_SEG_SHIFT)); // fld qword es:[0x40]
    expect([env.fpu.fpip, env.fpu.fpcs, env.fpu.fpdp, env.fpu.fpds]).toEqual([0x1234, 0x1b, 0x40, 0x23]);
    // control instructions record nothing
    helper_fpu_exec(env, (1 << 8) | 0x3d, 0x2000, 0x5678); // fnstcw
    helper_fpu_exec(env, (3 << 8) | 0xe2, 0, 0x5678); // fnclex
    expect([env.fpu.fpip, env.fpu.fpdp]).toEqual([0x1234, 0x40]);
    // register forms update the IP only
    helper_fpu_exec(env, (1 << 8) | 0xe0, 0, 0x9abc); // fchs
    expect([env.fpu.fpip, env.fpu.fpdp]).toEqual([0x9abc, 0x40]);
  });
});

describe('faults leave the FPU state untouched', () => {
  test('fld m64 whose second half faults', () => {
    const { env, exec, trap } = machine(0x8004);
    exec(0xd9, 0xeb); // fldpi
    const before = snapshot(env);
    expect(trap(() => exec(0xdd, 0x05, 0x8000))).toBe(14);
    expect(snapshot(env)).toBe(before);
  });
  test('fstp m64 and fbstp whose store faults do not pop or set flags', () => {
    for (const [op, modrm] of [
      [0xdd, 0x1d],
      [0xdf, 0x35],
      [0xdb, 0x3d],
    ] as const) {
      const { env, exec, trap } = machine(0x8000);
      exec(0xd9, 0xeb); // fldpi (inexact when stored)
      const before = snapshot(env);
      expect(trap(() => exec(op, modrm, 0x7ffc))).toBe(14);
      expect(snapshot(env)).toBe(before);
    }
  });
  test('frstor and fxrstor read the whole image before changing anything', () => {
    const { env, exec, trap } = machine(0x8000);
    exec(0xd9, 0xe8);
    const before = snapshot(env);
    expect(trap(() => exec(0xdd, 0x25, 0x8000 - 100))).toBe(14); // frstor, 108 bytes
    expect(snapshot(env)).toBe(before);
    expect(trap(() => helper_fxrstor(env, 0x8000 - 32 * 4))).toBe(14);
    expect(snapshot(env)).toBe(before);
  });
});

describe('fwait, #MF and FERR#', () => {
  /** A machine with a pending unmasked divide-by-zero (control word 0x37b at 0x100). */
  function pending() {
    const m = machine();
    m.dv.setUint16(0x100, 0x37b, true);
    m.dv.setUint16(0x200, 0x37f, true); // a 16-bit fldenv image with ES clear
    const divideByZero = () => {
      m.exec(0xd9, 0x2d, 0x100); // fldcw
      m.exec(0xd9, 0xe8); // fld1
      m.exec(0xd9, 0xee); // fldz
      m.exec(0xde, 0xf9); // fdivp: 1/0
    };
    return { ...m, divideByZero };
  }
  test('an unmasked exception sets ES and B; fwait raises #MF when CR0.NE', () => {
    const { env, exec, trap, divideByZero } = pending();
    expect(trap(() => helper_fwait(env))).toBe(-1);
    divideByZero();
    expect(fnstsw(env.fpu) & 0x8084).toBe(0x8084);
    env.cr[0] |= CR0_NE_MASK;
    expect(trap(() => helper_fwait(env))).toBe(EXCP10_COPR);
    expect(trap(() => exec(0xd9, 0xd0))).toBe(EXCP10_COPR); // fnop waits too
    exec(0xdb, 0xe2); // fnclex
    expect(trap(() => helper_fwait(env))).toBe(-1);
    env.hflags |= HF_MP_MASK;
    expect(trap(() => helper_fwait(env))).toBe(-1);
    env.hflags |= HF_TS_MASK;
    expect(trap(() => helper_fwait(env))).toBe(EXCP07_PREX);
  });
  test('without CR0.NE fwait asserts FERR# unless IGNNE#; fldenv clearing ES releases IGNNE', () => {
    const { env, exec, trap, divideByZero } = pending();
    const levels: number[] = [];
    env.ferrIrq = (l) => levels.push(l);
    divideByZero();
    expect(env.fpu.fpus & FPUS_ES).toBe(FPUS_ES);
    expect(trap(() => helper_fwait(env))).toBe(-1);
    expect(levels).toEqual([1]);
    cpu_set_ignne(env);
    expect(levels).toEqual([1, 0]);
    helper_fwait(env);
    expect(levels).toEqual([1, 0]);
    exec(0xd9, 0x25, 0x200, 0); // o16 fldenv: ES clear
    divideByZero();
    helper_fwait(env);
    expect(levels).toEqual([1, 0, 1]);
  });
});

describe('fxsave / fxrstor', () => {
  test('checks FXSR, EM/TS and 16-byte alignment', () => {
    const { env, trap } = machine();
    expect(trap(() => helper_fxsave(env, 0x108))).toBe(EXCP0D_GPF);
    env.hflags |= HF_TS_MASK;
    expect(trap(() => helper_fxsave(env, 0x100))).toBe(EXCP07_PREX);
    env.features[0] = 0;
    expect(trap(() => helper_fxrstor(env, 0x100))).toBe(EXCP06_ILLOP);
  });
  test('layout: control, status, abridged tags, zero IP/DP, registers in 16-byte slots', () => {
    const { env, mem, dv, exec } = machine();
    mem.fill(0x5a, 0x100, 0x300);
    exec(0xd9, 0xe8); // fld1
    exec(0xd9, 0xeb); // fldpi
    helper_fxsave(env, 0x100);
    expect(dv.getUint16(0x100, true)).toBe(0x37f);
    expect(dv.getUint16(0x102, true)).toBe(6 << 11);
    expect(dv.getUint16(0x104, true)).toBe(0xc0);
    expect(dv.getUint16(0x106, true)).toBe(0x5a5a); // fop is not written
    expect(dv.getBigUint64(0x108, true)).toBe(0n);
    expect(dv.getBigUint64(0x110, true)).toBe(0n);
    expect(dv.getUint32(0x118, true)).toBe(0x5a5a5a5a); // MXCSR only with CR4.OSFXSR
    expect(dv.getBigUint64(0x120, true)).toBe(0xc90fdaa22168c235n);
    expect(dv.getUint16(0x128, true)).toBe(0x4000);
    expect(dv.getUint16(0x12a, true)).toBe(0x5a5a);
    expect(dv.getBigUint64(0x130, true)).toBe(0x8000000000000000n);
    exec(0xdb, 0xe3); // fninit
    helper_fxrstor(env, 0x100);
    expect(toHex(st(env.fpu, 0))).toBe('4000c90fdaa22168c235');
    expect(env.fpu.fptags.map(Number)).toEqual([1, 1, 1, 1, 1, 1, 0, 0]);
  });
});
