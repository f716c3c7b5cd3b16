// Linux's pit_calibrate_tsc (arch/x86/kernel/tsc.c) run as guest code on the tsemu CPU against the
// PIT and port 0x61: channel 2 in mode 0 with gate high counts CAL_LATCH (50 ms), the guest spins on
// bit 5 of port 0x61 reading the TSC, and the TSC delta must be the 50 ms of virtual time (the TSC
// counts virtual nanoseconds). The virtual clock is stepped between CPU slices so the result is
// exact; on host time the outcome depends on how evenly the CPU runs the loop.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuInb, cpuInl, cpuInw, cpuOutb, cpuOutl, cpuOutw } from '@tsemu/memory';
import { clockSetManual, clockStep, cpuGetTicks, deviceColdReset, qemuClockResetAll } from '@tsemu/qdev';
import {
  cpu_x86_load_seg_cache,
  DESC_A_MASK,
  DESC_CS_MASK,
  DESC_P_MASK,
  DESC_R_MASK,
  DESC_S_MASK,
  R_CS,
  SliceExit,
  X86CPU,
} from '@tsemu/target-i386';
import { afterEach, describe, expect, test } from 'vitest';
import { i8254PitInit, PIT_FREQ } from '../../src/timer/i8254.js';
import { pcspkInit } from '../../src/timer/pcspk.js';
import { isaHarness } from '../intc/harness.js';

const CAL_MS = 50;
const CAL_LATCH = Math.floor(PIT_FREQ / (1000 / CAL_MS));

const SOURCE = `bits 16
org 0x7c00
  cli
  in al, 0x61          ; gate high, speaker off
  and al, 0xfd
  or al, 1
  out 0x61, al
  mov al, 0xb0         ; channel 2, lsb/msb, mode 0, binary
  out 0x43, al
  mov al, ${CAL_LATCH & 0xff}
  out 0x42, al
  mov al, ${CAL_LATCH >> 8}
  out 0x42, al
  rdtsc                ; t1
  mov [0x500], eax
  mov [0x504], edx
  mov esi, eax         ; tsc (low half is enough for per-iteration deltas)
  xor ecx, ecx         ; pitcnt
  mov ebx, 0xffffffff  ; tscmin
  xor ebp, ebp         ; tscmax
.loop:
  in al, 0x61
  test al, 0x20
  jnz .done
  rdtsc                ; t2
  mov [0x508], eax
  mov [0x50c], edx
  mov edi, eax
  sub edi, esi         ; delta = t2 - tsc
  mov esi, eax
  cmp edi, ebx
  jae .notmin
  mov ebx, edi
.notmin:
  cmp edi, ebp
  jbe .notmax
  mov ebp, edi
.notmax:
  inc ecx
  jmp .loop
.done:
  mov [0x510], ecx
  mov [0x514], ebx
  mov [0x518], ebp
  hlt
`;

function haveNasm(): boolean {
  try {
    execFileSync('nasm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function assemble(): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'tsemu-pitcal-'));
  try {
    writeFileSync(join(dir, 'p.asm'), SOURCE);
    execFileSync('nasm', ['-f', 'bin', '-o', join(dir, 'p.bin'), join(dir, 'p.asm')]);
    return new Uint8Array(readFileSync(join(dir, 'p.bin')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the program; `between` runs after each CPU slice (clock stepping or host-time timers). */
function run(between: () => void, slice = 200) {
  const h = isaHarness();
  const pit = i8254PitInit(h.bus, 0x40, 0, undefined);
  const spk = pcspkInit(h.bus, pit);
  deviceColdReset(pit);
  deviceColdReset(spk);
  const ram = new Uint8Array(1 << 20);
  ram.set(assemble(), 0x7c00);
  const io = h.io;
  const cpu = new X86CPU({
    ram,
    io: {
      in: (port, size) => (size === 1 ? cpuInb(io, port) : size === 2 ? cpuInw(io, port) : cpuInl(io, port)),
      out: (port, size, v) =>
        size === 1 ? cpuOutb(io, port, v) : size === 2 ? cpuOutw(io, port, v) : cpuOutl(io, port, v),
    },
  });
  cpu.env.getTscTicks = cpuGetTicks;
  cpu_x86_load_seg_cache(
    cpu.env,
    R_CS,
    0,
    0,
    0xffff,
    DESC_P_MASK | DESC_S_MASK | DESC_CS_MASK | DESC_R_MASK | DESC_A_MASK,
  );
  cpu.env.eip = 0x7c00;
  for (let i = 0; i < 1_000_000; i++) {
    const r = cpu.runSlice(slice);
    if (r === SliceExit.HALTED) break;
    expect(r).not.toBe(SliceExit.RESET);
    between();
  }
  const dv = new DataView(ram.buffer);
  const t0 = dv.getBigUint64(0x500, true);
  const t1 = dv.getBigUint64(0x508, true);
  // Linux: delta = tsc - t1 with tsc the last value read inside the loop
  return {
    delta: Number(t1 - t0),
    pitcnt: dv.getUint32(0x510, true),
    tscmin: dv.getUint32(0x514, true),
    tscmax: dv.getUint32(0x518, true),
  };
}

const calNs = (CAL_LATCH * 1e9) / PIT_FREQ;

afterEach(() => qemuClockResetAll());

describe.skipIf(!haveNasm())('TSC calibration against PIT channel 2 (Linux pit_calibrate_tsc)', () => {
  test('virtual clock stepped 10 us per slice: the TSC delta is 50 ms to within one step', () => {
    qemuClockResetAll();
    clockSetManual(true);
    const { delta, pitcnt, tscmin, tscmax } = run(() => clockStep(10_000));
    // the last TSC read inside the loop is the step before the PIT's terminal count
    expect(delta).toBeGreaterThan(calNs - 10_000);
    expect(delta).toBeLessThanOrEqual(calNs);
    expect(delta % 10_000).toBe(0);
    expect([tscmin, tscmax]).toEqual([0, 10_000]);
    expect(pitcnt).toBeGreaterThanOrEqual(1000); // Linux's loopmin
  });
});
