import { qemuSetIrq } from '@tsemu/qdev';
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
import { describe, expect, test } from 'vitest';
import { pcA20Lines } from '../../src/misc/a20.js';

/** real mode: mov ax,0xffff; mov ds,ax; mov byte [0x10],v; hlt  (linear 0x100000) */
function storeAt1MiB(cpu: X86CPU, ram: Uint8Array, v: number, at: number): void {
  // a fresh address each time: the bytes are poked behind the translator's back
  ram.set([0xb8, 0xff, 0xff, 0x8e, 0xd8, 0xc6, 0x06, 0x10, 0x00, v, 0xf4], at);
  cpu_x86_load_seg_cache(
    cpu.env,
    R_CS,
    0,
    0,
    0xffff,
    DESC_P_MASK | DESC_S_MASK | DESC_CS_MASK | DESC_R_MASK | DESC_A_MASK,
  );
  cpu.env.eip = at;
  cpu.env.halted = false;
  expect(cpu.runSlice(1000)).toBe(SliceExit.HALTED);
}

describe('A20 gate', () => {
  test('the i8042 and port 0x92 lines set the CPU A20 mask; with A20 off 1 MiB wraps to 0', () => {
    const ram = new Uint8Array(2 << 20);
    const cpu = new X86CPU({ ram });
    const [kbdLine, port92Line] = pcA20Lines(cpu);
    qemuSetIrq(kbdLine, 0);
    expect(cpu.env.a20Mask >>> 0).toBe(0xffefffff);
    storeAt1MiB(cpu, ram, 0x5a, 0x7c00);
    expect([ram[0], ram[0x100000]]).toEqual([0x5a, 0]);
    qemuSetIrq(port92Line, 1);
    expect(cpu.env.a20Mask).toBe(-1);
    storeAt1MiB(cpu, ram, 0x77, 0x8000);
    expect([ram[0], ram[0x100000]]).toEqual([0x5a, 0x77]);
  });
});
