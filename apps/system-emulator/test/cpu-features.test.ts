import { spawnSync } from 'node:child_process';
import { IMPLEMENTED_FEATURES } from '@tsemu/target-i386';
import { describe, expect, test } from 'vitest';
import { runEmulator } from './helpers.js';
import { assembleGuest, CPUID_GUEST, hasNasm, hasQemuI386 } from './nasm-guests.js';

// -cpu model,+feat,-feat,feat=on|off: the CPUID a multiboot guest reads (leaf 1 ECX/EDX, leaf
// 0x80000001 ECX/EDX) against qemu-system-i386 with the same option. tsemu offers only what it
// implements, so QEMU's words are compared through IMPLEMENTED_FEATURES.

if (!hasNasm) console.warn('nasm missing: -cpu feature guest tests skipped');
if (!hasQemuI386) console.warn('qemu-system-i386 missing: -cpu comparison with QEMU skipped');

const ARGS = [
  ...['-M', 'pc', '-nodefaults', '-display', 'none', '-device', 'isa-debug-exit,iobase=0xf4,iosize=4'],
  ...['-chardev', 'stdio,id=d', '-device', 'isa-debugcon,iobase=0xe9,chardev=d'],
];
const MASK = [
  IMPLEMENTED_FEATURES[1],
  IMPLEMENTED_FEATURES[0],
  IMPLEMENTED_FEATURES[3],
  IMPLEMENTED_FEATURES[2],
];

const words = (out: string) =>
  out
    .trim()
    .split(' ')
    .map((h) => Number.parseInt(h, 16) >>> 0);
const masked = (w: number[]) => w.map((v, i) => (v & MASK[i]) >>> 0);
const warnings = (stderr: string, prog: string) =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith(`${prog}: warning:`))
    .map((l) => l.slice(prog.length));

const CASES = [
  'qemu32',
  'qemu32,-pae,+nx',
  'qemu32,cmov=off,pse=off,tsc=on',
  'qemu32,+vmx,+avx512f,-mce',
  'qemu32,pge=off,+nx,-nx,+syscall',
  'qemu32,+nx,nx=off',
  'qemu32,xd=on,-cx8,sse4_2=off',
];

describe.skipIf(!hasNasm)('-cpu features', () => {
  const kernel = hasNasm ? assembleGuest('cpuid', CPUID_GUEST) : '';

  test('the guest sees the features turned on and off', async () => {
    const base = await runEmulator([...ARGS, '-kernel', kernel, '-cpu', 'qemu32']);
    const mod = await runEmulator([...ARGS, '-kernel', kernel, '-cpu', 'qemu32,-pae,+nx,cmov=off']);
    const [, edx0, , extEdx0] = words(base.stdout);
    const [, edx1, , extEdx1] = words(mod.stdout);
    expect(edx0 & (1 << 6)).not.toBe(0); // pae
    expect(edx1 & (1 << 6)).toBe(0);
    expect(edx0 & (1 << 15)).not.toBe(0); // cmov
    expect(edx1 & (1 << 15)).toBe(0);
    expect(extEdx0 & (1 << 20)).toBe(0); // nx
    expect(extEdx1 & (1 << 20)).not.toBe(0);
    expect(mod.stderr).toBe('');
  });

  test.skipIf(!hasQemuI386)(
    'CPUID and warnings as qemu-system-i386 for the same -cpu',
    async () => {
      for (const cpu of CASES) {
        const ours = await runEmulator([...ARGS, '-kernel', kernel, '-cpu', cpu]);
        const q = spawnSync('qemu-system-i386', [...ARGS, '-accel', 'tcg', '-kernel', kernel, '-cpu', cpu], {
          encoding: 'latin1',
          timeout: 30_000,
        });
        expect({ cpu, cpuid: words(ours.stdout) }).toEqual({ cpu, cpuid: masked(words(q.stdout)) });
        expect({ cpu, w: warnings(ours.stderr, 'tsemu-system-x86_64') }).toEqual({
          cpu,
          w: warnings(q.stderr, 'qemu-system-i386'),
        });
      }
    },
    120_000,
  );

  test('a feature tsemu does not implement is refused with the TCG warning', async () => {
    const r = await runEmulator([...ARGS, '-kernel', kernel, '-cpu', 'qemu32,+sse4.2,+popcnt']);
    expect(r.stderr).toBe(
      "tsemu-system-x86_64: warning: TCG doesn't support requested feature: CPUID.01H:ECX.sse4.2 [bit 20]\n" +
        "tsemu-system-x86_64: warning: TCG doesn't support requested feature: CPUID.01H:ECX.popcnt [bit 23]\n",
    );
    const [ecx] = words(r.stdout);
    expect(ecx & ((1 << 20) | (1 << 23))).toBe(0);
  });
});

describe('-cpu option errors (as qemu-system-x86_64 7.2 words them)', () => {
  test.each([
    ['qemu32,+foo', "Property 'qemu32-x86_64-cpu.foo' not found"],
    [
      'qemu32,foo=on',
      "can't apply global qemu32-x86_64-cpu.foo=on: Property 'qemu32-x86_64-cpu.foo' not found",
    ],
    [
      'qemu32,pae=maybe',
      "can't apply global qemu32-x86_64-cpu.pae=maybe: Parameter 'pae' expects 'on' or 'off'",
    ],
    ['qemu32,level=abc', "can't apply global qemu32-x86_64-cpu.level=abc: Parameter 'level' expects uint64"],
    ['qemu32,=on', "can't apply global qemu32-x86_64-cpu.=on: Property 'qemu32-x86_64-cpu.' not found"],
  ])('-cpu %s', async (cpu, msg) => {
    const r = await runEmulator(['-nodefaults', '-display', 'none', '-S', '-cpu', cpu]);
    expect([r.status, r.stderr]).toEqual([1, `tsemu-system-x86_64: ${msg}\n`]);
  });
});
