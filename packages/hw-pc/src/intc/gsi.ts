/**
 * The PC's global system interrupts (QEMU's GSIState and gsi_handler in hw/i386/x86.c): 24 lines,
 * the first 16 driving both the 8259 pair (ISA IRQs) and the I/O APIC's pins, the rest the I/O APIC
 * only. ISA devices and PIIX3's PIRQ routing raise these.
 */
import { type IRQState, qemuAllocateIrq, qemuSetIrq } from '@tsemu/qdev';
import { IOAPIC_NUM_PINS } from './ioapic.js';

export const GSI_NUM_PINS = IOAPIC_NUM_PINS;
const ISA_NUM_IRQS = 16;

export interface GSIState {
  i8259Irq: (IRQState | undefined)[];
  ioapicIrq: (IRQState | undefined)[];
}

/** gsi_handler */
function gsiHandler(opaque: unknown, n: number, level: number): void {
  const s = opaque as GSIState;
  if (n < ISA_NUM_IRQS) qemuSetIrq(s.i8259Irq[n], level);
  qemuSetIrq(s.ioapicIrq[n], level);
}

/** The 24 GSI lines over the PIC's 16 inputs and (when there is one) the I/O APIC's 24. */
export function gsiInit(
  i8259Irq: readonly IRQState[],
  ioapicIrq: readonly IRQState[] = [],
): { state: GSIState; gsi: IRQState[] } {
  const state: GSIState = { i8259Irq: [...i8259Irq], ioapicIrq: [...ioapicIrq] };
  const gsi: IRQState[] = [];
  for (let n = 0; n < GSI_NUM_PINS; n++) gsi.push(qemuAllocateIrq(gsiHandler, state, n));
  return { state, gsi };
}
