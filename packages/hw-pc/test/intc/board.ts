// The PC's legacy timer/interrupt devices wired as QEMU's pc wires them (PIC pair on the ISA IRQs,
// PIT on IRQ 0 with pcspk, RTC on IRQ 8 with the pc CMOS fields), with the virtual clock stopped
// at 0 as under -S, for differential tests against qemu-system-x86_64 -S.
import {
  clockSetManual,
  type DeviceState,
  deviceColdReset,
  qemuAllocateIrq,
  qemuClockResetAll,
} from '@tsemu/qdev';
import { i8259Init, type PICCommonState, picPrintInfo } from '../../src/intc/i8259.js';
import { isaBusRegisterInputIrqs } from '../../src/isa/isa-bus.js';
import { mc146818RtcInit } from '../../src/rtc/mc146818rtc.js';
import { pcCmosInit, pcCmosInitLate } from '../../src/rtc/pc-cmos.js';
import { configureRtc, type RtcOptions, rtcConfigReset } from '../../src/rtc/rtc-config.js';
import { i8254PitInit } from '../../src/timer/i8254.js';
import { pcspkInit } from '../../src/timer/pcspk.js';
import { isaHarness } from './harness.js';

export type Op = ['o', number, number] | ['i', number] | ['info pic'] | ['system_reset'];

export interface Board {
  run(ops: Op[]): Promise<string[]>;
  /** the devices made, in creation order */
  devices(): DeviceState[];
  close(): Promise<void>;
}

export function tsemuBoard(rtc: RtcOptions = {}, ramMiB = 128): Board {
  qemuClockResetAll();
  clockSetManual(true);
  rtcConfigReset();
  configureRtc(rtc);
  const h = isaHarness();
  const intr = qemuAllocateIrq(() => {}, undefined, 0);
  const { irqs, master, slave } = i8259Init(h.bus, intr);
  isaBusRegisterInputIrqs(h.bus, irqs);
  const pit = i8254PitInit(h.bus);
  const spk = pcspkInit(h.bus, pit);
  const rtcDev = mc146818RtcInit(h.bus);
  pcCmosInit(rtcDev, { belowRamSize: ramMiB << 20 });
  for (const d of [master, slave, pit, spk, rtcDev]) deviceColdReset(d);
  pcCmosInitLate(rtcDev);
  const infoPic = (m: PICCommonState, s: PICCommonState) => picPrintInfo(s) + picPrintInfo(m);
  return {
    devices: () => [master, slave, pit, spk, rtcDev],
    async run(ops) {
      const out: string[] = [];
      for (const op of ops) {
        if (op[0] === 'o') h.out(op[1], op[2]);
        else if (op[0] === 'i') out.push(h.inb(op[1]).toString(16));
        else if (op[0] === 'system_reset') {
          for (const d of [master, slave, pit, spk, rtcDev]) deviceColdReset(d);
          pcCmosInitLate(rtcDev);
        } else out.push(infoPic(master, slave));
      }
      return out;
    },
    async close() {
      qemuClockResetAll();
      rtcConfigReset();
    },
  };
}
