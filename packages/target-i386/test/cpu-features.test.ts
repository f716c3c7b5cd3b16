import { describe, expect, test } from 'vitest';
import {
  CPUID_CMOV,
  CPUID_EXT2_NX,
  CPUID_PAE,
  cpu_x86_cpuid,
  FEAT_1_EDX,
  FEAT_8000_0001_EDX,
  x86CpuApplyOption,
  x86CpuCreate,
  x86CpuFeatureNames,
  x86CpuParseOption,
} from '../src/index.js';

// -cpu's feature string as QEMU 7.2's x86_cpu_parse_featurestr and x86_cpu_expand_features take it.

const apply = (option: string) => {
  const opt = x86CpuParseOption(option);
  const env = x86CpuCreate(opt.model);
  const warnings = [...opt.warnings];
  x86CpuApplyOption(env, opt, `${opt.model}-x86_64-cpu`, (w) => warnings.push(w));
  return { env, warnings };
};

describe('-cpu features', () => {
  test('globals first, then +feat, then -feat: the last word is the minus', () => {
    const { env, warnings } = apply('qemu32,pae=off,+nx,-nx,cmov=on,-cmov,+pae');
    expect(env.features[FEAT_1_EDX] & CPUID_PAE).toBe(CPUID_PAE);
    expect(env.features[FEAT_1_EDX] & CPUID_CMOV).toBe(0);
    expect(env.features[FEAT_8000_0001_EDX] & CPUID_EXT2_NX).toBe(0);
    expect(warnings).toEqual([]);
  });

  test('aliases and underscores name the same bits; CPUID reports them', () => {
    const { env } = apply('qemu32,xd=on,sse4_2=off');
    expect(cpu_x86_cpuid(env, 0x80000001, 0)[3] & CPUID_EXT2_NX).toBe(CPUID_EXT2_NX);
  });

  test('ambiguous strings and unsupported features warn as QEMU', () => {
    expect(apply('qemu32,+nx,nx=off,+avx2').warnings).toEqual([
      'warning: Ambiguous CPU model string. Don\'t mix both "+nx" and "nx=off"',
      "warning: Compatibility of ambiguous CPU model strings won't be kept on future QEMU versions",
      "warning: TCG doesn't support requested feature: CPUID.07H:EBX.avx2 [bit 5]",
    ]);
    // check=off silences them; enforce makes them fatal
    expect(apply('qemu32,+avx2,check=off').warnings).toEqual([]);
    expect(() => apply('qemu32,+avx2,enforce=on')).toThrow("TCG doesn't support requested features");
  });

  test('identity properties and their errors', () => {
    const { env } = apply('qemu32,family=15,model=2,stepping=9,model-id=Test CPU');
    const [eax] = cpu_x86_cpuid(env, 1, 0);
    expect(eax).toBe((15 << 8) | (2 << 4) | 9);
    expect(() => apply('qemu32,stepping=16')).toThrow(
      "can't apply global qemu32-x86_64-cpu.stepping=16: Property .stepping doesn't take value 16 (minimum: 0, maximum: 15)",
    );
    expect(() => apply('qemu32,-bogus')).toThrow("Property 'qemu32-x86_64-cpu.bogus' not found");
  });

  test('QEMU feature names are known, sorted', () => {
    const names = x86CpuFeatureNames();
    for (const n of ['sse4.2', 'popcnt', 'pae', 'nx', 'lahf-lm', 'avx512f', 'xsaveopt', 'arat'])
      expect(names).toContain(n);
    expect([...names].sort()).toEqual(names);
  });
});
