import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  CCOp,
  cpu_x86_cpuid,
  EXCP0D_GPF,
  EXCP06_ILLOP,
  HF_ADDSEG_MASK,
  HF_CPL_MASK,
  HF_CS32_MASK,
  HF_MP_MASK,
  HF_PE_MASK,
  HF_TS_MASK,
  helper_cli,
  helper_clts,
  helper_get_dr,
  helper_lmsw,
  helper_popf,
  helper_rdmsr,
  helper_rdtsc,
  helper_read_eflags,
  helper_set_dr,
  helper_sti,
  helper_write_crN,
  helper_wrmsr,
  IF_MASK,
  MSR_EFER_NXE,
  R_CS,
  R_EAX,
  R_ECX,
  R_EDX,
  R_SS,
  x86_rdmsr,
  x86_wrmsr,
  x86CpuCreate,
  x86CpuDefinitions,
  x86CpuListModels,
  x86CpuReset,
  x86CpuSetModel,
} from '../../src/index.js';
import { expectFault, loadFlat, protectedMachine } from './support.js';

const here = dirname(fileURLToPath(import.meta.url));

function rdmsr(env: ReturnType<typeof x86CpuCreate>, msr: number): string {
  env.regs[R_ECX] = msr;
  helper_rdmsr(env);
  return `${(env.regs[R_EDX] >>> 0).toString(16)}:${(env.regs[R_EAX] >>> 0).toString(16)}`;
}

describe('MSRs (QEMU 7.2 TCG behaviour)', () => {
  test('SYSENTER, PAT, MTRR, MISC_ENABLE and UCODE_REV read back as QEMU reports them', () => {
    const env = x86CpuCreate('qemu32');
    env.regs[R_ECX] = 0x174;
    env.regs[R_EAX] = 0x12345;
    env.regs[R_EDX] = 0;
    helper_wrmsr(env);
    expect(env.sysenterCs).toBe(0x2345);
    expect(rdmsr(env, 0x277)).toBe('70406:70406');
    x86_wrmsr(env, 0x201, 0xfff_fc000800n);
    x86_wrmsr(env, 0x26f, 0x0606060606060606n);
    expect(x86_rdmsr(env, 0x201)).toBe(0xfff_fc000800n);
    expect(x86_rdmsr(env, 0x26f)).toBe(0x0606060606060606n);
    expect(rdmsr(env, 0x1a0)).toBe('0:1');
    expect(rdmsr(env, 0x8b)).toBe('1:0');
    // qemu32 has neither MTRR nor an APIC in tsemu's honest model: both read 0
    expect(rdmsr(env, 0xfe)).toBe('0:0');
    expect(rdmsr(env, 0x1b)).toBe('0:0');
    x86CpuSetModel(env, 'max');
    expect(rdmsr(env, 0xfe)).toBe('0:508');
  });

  test('unknown MSRs and MSR 0x10 read 0 and ignore writes (no #GP in QEMU 7.2); CPL 3 is #GP(0)', () => {
    const env = x86CpuCreate();
    expect(rdmsr(env, 0x12345678)).toBe('0:0');
    x86_wrmsr(env, 0x12345678, 5n);
    expect(rdmsr(env, 0x10)).toBe('0:0');
    const m = protectedMachine();
    loadFlat(m.env, 3);
    m.env.regs[R_ECX] = 0x174;
    expectFault(m.env, () => helper_rdmsr(m.env), EXCP0D_GPF, 0);
  });

  test('EFER.NXE is writable only when the model has NX', () => {
    const env = x86CpuCreate('qemu32');
    x86_wrmsr(env, 0xc0000080, BigInt(MSR_EFER_NXE));
    expect(env.efer).toBe(0);
    x86CpuSetModel(env, 'max');
    x86_wrmsr(env, 0xc0000080, BigInt(MSR_EFER_NXE | 1));
    expect(env.efer).toBe(MSR_EFER_NXE);
  });

  test('rdtsc uses the machine clock plus offset; CR4.TSD makes it #GP at CPL 3', () => {
    const m = protectedMachine();
    m.env.getTscTicks = () => 0x1_0000_0005n;
    m.env.tscOffset = 2n;
    helper_rdtsc(m.env);
    expect([m.env.regs[R_EDX], m.env.regs[R_EAX]]).toEqual([1, 7]);
    helper_write_crN(m.env, 4, 4);
    loadFlat(m.env, 3);
    expectFault(m.env, () => helper_rdtsc(m.env), EXCP0D_GPF, 0);
  });
});

describe('control and debug registers', () => {
  test('CR0 updates PE/MP/EM/TS hflags and keeps ET; lmsw cannot clear PE; clts', () => {
    const env = x86CpuCreate();
    helper_write_crN(env, 0, 0x0000000b); // PE | MP | TS
    expect(env.cr[0]).toBe(0x1b);
    expect(env.hflags & (HF_PE_MASK | HF_MP_MASK | HF_TS_MASK)).toBe(HF_PE_MASK | HF_MP_MASK | HF_TS_MASK);
    helper_lmsw(env, 0);
    expect(env.cr[0] & 1).toBe(1);
    helper_clts(env);
    expect(env.cr[0] & 8).toBe(0);
    expect(env.hflags & HF_TS_MASK).toBe(0);
    helper_write_crN(env, 0, 0x10);
    expect(env.hflags & HF_ADDSEG_MASK).toBe(HF_ADDSEG_MASK);
  });

  test('reserved CR4 bits are #GP(0); DR4/5 alias DR6/7 unless CR4.DE; DR6/DR7 fixed bits', () => {
    const env = x86CpuCreate();
    expectFault(env, () => helper_write_crN(env, 4, 1 << 12), EXCP0D_GPF, 0);
    helper_set_dr(env, 5, 0);
    expect(helper_get_dr(env, 7)).toBe(0x400);
    helper_set_dr(env, 6, 0);
    expect(helper_get_dr(env, 4)).toBe(0xffff0ff0);
    helper_write_crN(env, 4, 8);
    expectFault(env, () => helper_get_dr(env, 4), EXCP06_ILLOP);
  });
});

describe('EFLAGS helpers', () => {
  test('pushf value hides VM/RF; popf at CPL 3 keeps IOPL and (IOPL 0) IF; cli needs CPL <= IOPL', () => {
    const m = protectedMachine();
    const { env } = m;
    env.eflags |= 0x10000 | IF_MASK;
    env.ccOp = CCOp.EFLAGS;
    env.ccSrc = 0x41;
    expect(helper_read_eflags(env).toString(16)).toBe('243');
    loadFlat(env, 3);
    helper_popf(env, 0x3002 | 0x800, false);
    expect(env.eflags & (0x3000 | IF_MASK)).toBe(IF_MASK);
    expect(env.ccSrc).toBe(0x800);
    expectFault(env, () => helper_cli(env), EXCP0D_GPF, 0);
    env.eflags |= 0x3000;
    helper_cli(env);
    expect(env.eflags & IF_MASK).toBe(0);
    helper_sti(env);
    expect(env.eflags & IF_MASK).toBe(IF_MASK);
  });
});

describe('CPUID models', () => {
  // values read from qemu-system-i386 7.2 (-cpu qemu32 / 486) by test/system/programs/cpuid.asm
  test('qemu32 keeps QEMU identity and caches but drops unimplemented features', () => {
    const env = x86CpuCreate('qemu32');
    const hex = (r: number[]) => r.map((v) => (v >>> 0).toString(16).padStart(8, '0')).join(' ');
    expect(hex(cpu_x86_cpuid(env, 0, 0))).toBe('00000004 756e6547 6c65746e 49656e69');
    // QEMU: 00000663 00000800 80000001 0781abfd — minus sse3, apic, mmx, fxsr, sse, sse2
    expect(hex(cpu_x86_cpuid(env, 1, 0))).toBe('00000663 00000800 80000000 0001a9fd');
    expect(hex(cpu_x86_cpuid(env, 2, 0))).toBe('00000001 00000000 0000004d 002c307d');
    expect(hex(cpu_x86_cpuid(env, 4, 3))).toBe('00000163 03c0003f 00003fff 00000006');
    expect(hex(cpu_x86_cpuid(env, 4, 4))).toBe('00000000 00000000 00000000 00000000');
    expect(hex(cpu_x86_cpuid(env, 7, 0))).toBe(hex(cpu_x86_cpuid(env, 4, 0)));
    expect(hex(cpu_x86_cpuid(env, 0x80000000, 0))).toBe('80000004 756e6547 6c65746e 49656e69');
    expect(hex(cpu_x86_cpuid(env, 0x80000001, 0))).toBe('00000663 00000000 00000000 00000000');
    expect(hex(cpu_x86_cpuid(env, 0x80000002, 0))).toBe('554d4551 72695620 6c617574 55504320');
    expect(hex(cpu_x86_cpuid(env, 0x80000003, 0))).toBe('72657620 6e6f6973 352e3220 0000002b');
    expect(hex(cpu_x86_cpuid(env, 0x80000008, 0))).toBe(hex(cpu_x86_cpuid(env, 4, 0)));
    expect(hex(cpu_x86_cpuid(env, 0x40000000, 0))).toBe('40000001 54474354 43544743 47435447');
  });

  test('486 is identical to QEMU TCG (fpu pse); pentium models are not offered', () => {
    const env = x86CpuCreate('486');
    expect(cpu_x86_cpuid(env, 1, 0).map((v) => v >>> 0)).toEqual([0x480, 0x800, 0x80000000, 0x9]);
    expect(cpu_x86_cpuid(env, 0, 0)[0]).toBe(1);
    expect(() => x86CpuSetModel(env, 'pentium')).toThrow(
      "CPU model 'pentium' needs features tsemu does not implement: apic mmx",
    );
    expect(() => x86CpuSetModel(env, 'athlon')).toThrow("unable to find CPU model 'athlon'");
    const defs = x86CpuDefinitions();
    expect(defs.find((d) => d.name === 'pentium3')?.['unavailable-features']).toEqual([
      'apic',
      'mca',
      'pse36',
      'mmx',
      'fxsr',
      'sse',
    ]);
    expect(defs.find((d) => d.name === 'qemu32')?.['unavailable-features']).toEqual([]);
  });

  test('-cpu help lists the offered models in QEMU layout', () => {
    const out = x86CpuListModels();
    const lines = out.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'Available CPUs:',
      'x86 486                   (alias configured by machine type)',
      'x86 486-v1                ',
      'x86 qemu32                (alias configured by machine type)',
      'x86 qemu32-v1             QEMU Virtual CPU version 2.5+',
    ]);
    expect(out).not.toContain('pentium');
    expect(out).toContain(
      'Recognized CPUID flags:\n  cmov cx8 de fpu hypervisor mce msr mtrr nx pae pat pge pse sep tsc\n',
    );
    // the same line layout as QEMU's capture, when present
    const capture = join(
      here,
      '..',
      '..',
      '..',
      '..',
      '..',
      'shared',
      'reference',
      'qemu-7.2',
      'cli',
      'cpu-help.txt',
    );
    let text: string | undefined;
    try {
      text = readFileSync(capture, 'utf8');
    } catch {
      console.warn(`cpu help: QEMU capture not found at ${capture}, layout check skipped`);
    }
    if (text) {
      for (const l of lines.slice(1, 5)) expect(text).toContain(`${l}\n`);
    }
  });
});

describe('reset', () => {
  test('architectural reset state as QEMU x86_cpu_reset', () => {
    const env = x86CpuCreate('qemu32');
    env.regs[R_EAX] = 5;
    helper_write_crN(env, 0, 0x80000011);
    x86CpuReset(env);
    expect(env.cr[0]).toBe(0x60000010);
    expect(env.segs[R_CS]).toEqual({ selector: 0xf000, base: 0xffff0000, limit: 0xffff, flags: 0x9b00 });
    expect(env.segs[R_SS]).toEqual({ selector: 0, base: 0, limit: 0xffff, flags: 0x9300 });
    expect(env.eip).toBe(0xfff0);
    expect(env.regs[R_EDX]).toBe(0x663);
    expect(env.regs[R_EAX]).toBe(0);
    expect(env.eflags).toBe(2);
    expect(env.hflags & (HF_CPL_MASK | HF_CS32_MASK | HF_PE_MASK)).toBe(0);
    expect(env.hflags & HF_ADDSEG_MASK).toBe(HF_ADDSEG_MASK);
    expect(env.gs[14 + R_CS] >>> 0).toBe(0xffff0000);
    expect(env.dr[6]).toBe(0xffff0ff0);
    expect(env.dr[7]).toBe(0x400);
    expect(env.idt.limit).toBe(0xffff);
    expect(env.tr.flags).toBe(0x8b00);
    expect(env.ldt.flags).toBe(0x8200);
  });
});
