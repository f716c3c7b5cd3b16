/**
 * PIIX3 (hw/isa/piix3.c): the PCI-to-ISA bridge at 01.0. It owns `isa.0`, routes the four PCI
 * interrupt lines PIRQA-D to ISA IRQs through registers 0x60-0x63 (bit 7 disables a route), and
 * has the reset control register at 0xcf9 (bit 2 resets the system).
 */
import { MemoryRegion } from '@tsemu/memory';
import { type IRQState, qemuSetIrq, typeRegister } from '@tsemu/qdev';
import { qemuSystemResetRequest } from '../i386/runstate.js';
import {
  PCI_SLOT,
  type PCIBus,
  PCIDevice,
  type PCIDeviceClass,
  pciBusIrqs,
  pciDefaultWriteConfig,
  pciSetWord,
  TYPE_PCI_DEVICE,
} from '../pci/pci.js';
import {
  PCI_CLASS_BRIDGE_ISA,
  PCI_HEADER_TYPE,
  PCI_HEADER_TYPE_MULTI_FUNCTION,
  PCI_STATUS,
  PCI_STATUS_DEVSEL_MEDIUM,
  PCI_VENDOR_ID_INTEL,
} from '../pci/pci-regs.js';
import { type ISABus, isaBusNew } from './isa-bus.js';

export const TYPE_PIIX3_PCI_DEVICE = 'pci-piix3';
export const TYPE_PIIX3_DEVICE = 'PIIX3';
export const PCI_DEVICE_ID_INTEL_82371SB_0 = 0x7000;
export const PIIX_NUM_PIC_IRQS = 16;
export const PIIX_NUM_PIRQS = 4;
export const PIIX_PIRQCA = 0x60;
export const PIIX_RCR_IOPORT = 0xcf9;

export class PIIX3State extends PCIDevice {
  /** per PIC IRQ, one bit per PIRQ line asserting it */
  picLevels = 0n;
  /** the ISA interrupt inputs the PIRQs drive */
  isaIrqsIn: (IRQState | undefined)[] = [];
  rcr = 0;
  rcrMem: MemoryRegion;
  isaBus: ISABus | undefined;
  constructor() {
    super();
    this.rcrMem = MemoryRegion.io(
      'piix3-reset-control',
      1,
      {
        read: () => this.rcr,
        write: (_a, v) => {
          const val = Number(v);
          if (val & 4) {
            qemuSystemResetRequest('guest-reset');
            return;
          }
          this.rcr = val & 2;
        },
        valid: { minAccessSize: 1, maxAccessSize: 1 },
        endianness: 'little',
      },
      { owner: this },
    );
  }
}

function setIrqPic(s: PIIX3State, picIrq: number): void {
  const mask = ((1n << BigInt(PIIX_NUM_PIRQS)) - 1n) << BigInt(picIrq * PIIX_NUM_PIRQS);
  qemuSetIrq(s.isaIrqsIn[picIrq], s.picLevels & mask ? 1 : 0);
}

function setIrqLevelInternal(s: PIIX3State, pirq: number, level: number): void {
  const picIrq = s.config[PIIX_PIRQCA + pirq];
  if (picIrq >= PIIX_NUM_PIC_IRQS) return;
  const bit = 1n << BigInt(picIrq * PIIX_NUM_PIRQS + pirq);
  s.picLevels = (s.picLevels & ~bit) | (level ? bit : 0n);
}

/** piix3_set_irq: a PIRQ line changed level. */
export function piix3SetIrq(opaque: unknown, pirq: number, level: number): void {
  const s = opaque as PIIX3State;
  setIrqLevelInternal(s, pirq, level);
  const picIrq = s.config[PIIX_PIRQCA + pirq];
  if (picIrq < PIIX_NUM_PIC_IRQS) setIrqPic(s, picIrq);
}

/** pci_slot_get_pirq: INTA of slot 1 is PIRQA, rotating with the slot. */
export function pciSlotGetPirq(dev: PCIDevice, intx: number): number {
  return (intx + PCI_SLOT(dev.devfn) - 1) & 3;
}

function updateIrqLevels(s: PIIX3State, bus: PCIBus): void {
  s.picLevels = 0n;
  for (let pirq = 0; pirq < PIIX_NUM_PIRQS; pirq++) setIrqLevelInternal(s, pirq, bus.irqCount[pirq] ? 1 : 0);
  for (let i = 0; i < PIIX_NUM_PIC_IRQS; i++) setIrqPic(s, i);
}

typeRegister<PIIX3State, PCIDeviceClass>({
  name: TYPE_PIIX3_PCI_DEVICE,
  parent: TYPE_PCI_DEVICE,
  abstract: true,
  instance: PIIX3State,
  interfaces: ['conventional-pci-device'],
  classInit: (k) => {
    k.desc = 'ISA bridge';
    k.vendorId = PCI_VENDOR_ID_INTEL;
    k.deviceId = PCI_DEVICE_ID_INTEL_82371SB_0;
    k.classId = PCI_CLASS_BRIDGE_ISA;
    // part of the southbridge, not user-creatable (as QEMU)
    k.userCreatable = false;
    k.configWrite = (dev, addr, val, len) => {
      const s = dev as PIIX3State;
      pciDefaultWriteConfig(s, addr, val, len);
      if (addr < PIIX_PIRQCA + 4 && PIIX_PIRQCA < addr + len) updateIrqLevels(s, s.bus);
    };
    k.pciRealize = (dev) => {
      const s = dev as PIIX3State;
      const bus = s.bus;
      if (!bus.addressSpaceMem || !bus.addressSpaceIo) throw new Error('PIIX3 needs the PCI address spaces');
      s.isaBus = isaBusNew(s, bus.addressSpaceMem, bus.addressSpaceIo);
      bus.addressSpaceIo.addSubregionOverlap(PIIX_RCR_IOPORT, s.rcrMem, 1);
    };
    k.pciReset = (dev) => {
      const s = dev as PIIX3State;
      const c = s.config;
      // piix3_reset: the values the chipset comes out of reset with
      pciSetWord(c, 0x04, 0x0007);
      pciSetWord(c, PCI_STATUS, PCI_STATUS_DEVSEL_MEDIUM);
      c.fill(0, 0x4c, 0xb0);
      c[0x4c] = 0x4d;
      c[0x4e] = 0x03;
      c.fill(0x80, PIIX_PIRQCA, PIIX_PIRQCA + 4);
      c[0x69] = 0x02;
      c[0x70] = 0x80;
      c[0x76] = 0x0c;
      c[0x77] = 0x0c;
      c[0x78] = 0x02;
      c[0xa0] = 0x08;
      c[0xa8] = 0x0f;
      s.picLevels = 0n;
      s.rcr = 0;
    };
  },
});

typeRegister<PIIX3State, PCIDeviceClass>({
  name: TYPE_PIIX3_DEVICE,
  parent: TYPE_PIIX3_PCI_DEVICE,
  classInit: (k) => {
    void k;
  },
});

/**
 * piix3 creation as pc_init1 does it: 01.0, multifunction, on `bus`, with the PIRQs routed to
 * `isaIrqs` (the PIC's inputs) and the bus's INTx going through it.
 */
export function piix3Init(s: PIIX3State, bus: PCIBus, isaIrqs: (IRQState | undefined)[]): void {
  s.isaIrqsIn = isaIrqs;
  pciBusIrqs(bus, piix3SetIrq, pciSlotGetPirq, s, PIIX_NUM_PIRQS);
  s.config[PCI_HEADER_TYPE] |= PCI_HEADER_TYPE_MULTI_FUNCTION;
}
