/**
 * HMP `info pic` on a PC (hmp_info_pic walks the interrupt-stats providers): the I/O APIC first,
 * then the slave and the master 8259, as QEMU 7.2 lists them.
 */
import { type PICCommonState, picPrintInfo } from './i8259.js';
import { type IOAPICCommonState, ioapicPrintRedtbl } from './ioapic.js';

export function pcInfoPic(
  pics: { master: PICCommonState; slave: PICCommonState },
  ioapic?: IOAPICCommonState,
): string {
  return (ioapic ? ioapicPrintRedtbl(ioapic) : '') + picPrintInfo(pics.slave) + picPrintInfo(pics.master);
}
