/**
 * The A20 gate of the PC (hw/i386/pc.c's handle_a20_line_change and x86_cpu_set_a20): the i8042
 * output port and port 0x92 each drive an IRQ line that sets the CPU's A20 mask.
 */
import { type IRQState, qemuAllocateIrq } from '@tsemu/qdev';
import type { X86CPU } from '@tsemu/target-i386';

/** x86_cpu_set_a20: a change drops every TLB mapping and ends the running TB chain. */
export function x86CpuSetA20(cpu: X86CPU, a20State: number): void {
  const env = cpu.env;
  const state = a20State ? 1 : 0;
  if (state === ((env.a20Mask >> 20) & 1)) return;
  env.a20Mask = ~(1 << 20) | (state << 20);
  cpu.tlb.flush();
  cpu.exec.exitRequest = true;
}

/** The two A20 lines of the pc machine ([0] for the i8042, [1] for port 0x92). */
export function pcA20Lines(cpu: X86CPU): IRQState[] {
  const handler = (_o: unknown, _n: number, level: number) => x86CpuSetA20(cpu, level);
  return [qemuAllocateIrq(handler, cpu, 0), qemuAllocateIrq(handler, cpu, 1)];
}
