import { cpuInb, cpuInw, MemoryRegion } from '@tsemu/memory';
import { qdevNew, qdevRealizeAndUnref, qemuAllocateIrq, typeRegister } from '@tsemu/qdev';
import { describe, expect, it } from 'vitest';
import type { PcMachine } from '../../src/i386/pc.js';
import type { PIIX3State } from '../../src/isa/piix3.js';
import { PCI_DEVFN, PCIDevice, type PCIDeviceClass, pciRegisterBar, pciSetIrq } from '../../src/pci/pci.js';
import { PCI_BASE_ADDRESS_SPACE_IO } from '../../src/pci/pci-regs.js';
import { cfgRead, cfgWrite, outl, withMachine } from './machine.js';

class TestDev extends PCIDevice {
  bar = MemoryRegion.io('test-bar', 0x20, { read: (a) => 0x40 + Number(a), write: () => {} });
  mmio = MemoryRegion.io('test-mmio', 0x1000, { read: (a) => 0x1000 + Number(a), write: () => {} });
}
typeRegister<TestDev, PCIDeviceClass>({
  name: 'hw-pc-test-pci',
  parent: 'pci-device',
  instance: TestDev,
  classInit: (k) => {
    k.vendorId = 0x1234;
    k.deviceId = 0x5678;
    k.classId = 0x00ff;
    k.pciRealize = (d) => {
      const t = d as TestDev;
      t.config[0x3d] = 1; // INTA
      pciRegisterBar(t, 0, PCI_BASE_ADDRESS_SPACE_IO, t.bar);
      pciRegisterBar(t, 1, 0, t.mmio);
    };
  },
});

function createOn(m: PcMachine, devfn: number): TestDev {
  const dev = qdevNew<TestDev>('hw-pc-test-pci');
  dev.devfn = devfn;
  qdevRealizeAndUnref(dev, m.pciBus);
  return dev;
}

describe('PCI configuration mechanism #1', () => {
  it('reads the i440FX and PIIX3 ids, and all ones for empty slots and when disabled', () =>
    withMachine((m) => {
      expect(cfgRead(m, 0, 0).toString(16)).toBe('12378086');
      expect(cfgRead(m, PCI_DEVFN(1, 0), 0).toString(16)).toBe('70008086');
      expect(cfgRead(m, PCI_DEVFN(1, 0), 0x0c).toString(16)).toBe('800000');
      expect(cfgRead(m, PCI_DEVFN(1, 1), 0x20)).toBe(1);
      expect(cfgRead(m, PCI_DEVFN(1, 3), 0x3c).toString(16)).toBe('100');
      expect(cfgRead(m, PCI_DEVFN(5, 0), 0)).toBe(0xffffffff);
      outl(m, 0xcf8, 0x00000000);
      expect(cpuInw(m.addressSpaceIo, 0xcfc)).toBe(0xffff);
      // byte access within the data window selects the byte of the register
      outl(m, 0xcf8, 0x80000000);
      expect(cpuInb(m.addressSpaceIo, 0xcfe)).toBe(0x37);
    }));

  it('masks writes: read-only ids, writable command bits, the whole device-specific area', () =>
    withMachine((m) => {
      cfgWrite(m, 0, 0, 0);
      expect(cfgRead(m, 0, 0).toString(16)).toBe('12378086');
      cfgWrite(m, 0, 4, 0xffffffff);
      expect(cfgRead(m, 0, 4).toString(16)).toBe('507');
      cfgWrite(m, 0, 0x44, 0xdeadbeef);
      expect(cfgRead(m, 0, 0x44).toString(16)).toBe('deadbeef');
      cfgWrite(m, PCI_DEVFN(1, 1), 0x20, 0xffffffff);
      expect(cfgRead(m, PCI_DEVFN(1, 1), 0x20).toString(16)).toBe('fffffff1');
    }));

  it('PAM 0x59 moves 0xf0000 between PCI (the BIOS alias) and RAM', () =>
    withMachine((m) => {
      const as = m.addressSpaceMemory;
      as.write8(0xf0000, 0x5a);
      expect(as.read8(0xf0000)).toBe(0);
      cfgWrite(m, 0, 0x58, 0x3000); // PAM0 high nibble = 3: RAM read/write
      as.write8(0xf0000, 0x5a);
      expect(as.read8(0xf0000)).toBe(0x5a);
      cfgWrite(m, 0, 0x58, 0x1000); // read-only RAM
      as.write8(0xf0000, 0x11);
      expect(as.read8(0xf0000)).toBe(0x5a);
      cfgWrite(m, 0, 0x58, 0);
      expect(as.read8(0xf0000)).toBe(0);
    }));

  it('maps I/O and memory BARs on enable, and routes INTA through the PIIX3 PIRQ registers', () =>
    withMachine((m) => {
      const d = createOn(m, PCI_DEVFN(3, 0));
      // sizing: write all ones, read back the mask
      cfgWrite(m, PCI_DEVFN(3, 0), 0x10, 0xffffffff);
      expect(cfgRead(m, PCI_DEVFN(3, 0), 0x10).toString(16)).toBe('ffffffe1');
      cfgWrite(m, PCI_DEVFN(3, 0), 0x14, 0xffffffff);
      expect(cfgRead(m, PCI_DEVFN(3, 0), 0x14).toString(16)).toBe('fffff000');
      cfgWrite(m, PCI_DEVFN(3, 0), 0x10, 0xc001);
      cfgWrite(m, PCI_DEVFN(3, 0), 0x14, 0xfebf0000);
      expect(cpuInb(m.addressSpaceIo, 0xc003)).toBe(0xff);
      cfgWrite(m, PCI_DEVFN(3, 0), 0x04, 0x3);
      expect(cpuInb(m.addressSpaceIo, 0xc003)).toBe(0x43);
      expect(m.addressSpaceMemory.read32(0xfebf0010)).toBe(0x1010);
      expect(m.infoPci()).toContain(
        '      BAR0: I/O at 0xc000 [0xc01f].\n      BAR1: 32 bit memory at 0xfebf0000 [0xfebf0fff].\n',
      );
      cfgWrite(m, PCI_DEVFN(3, 0), 0x04, 0x0);
      expect(cpuInb(m.addressSpaceIo, 0xc003)).toBe(0xff);

      // slot 3 INTA is PIRQC (0x62); route it to IRQ 11 and watch the PIC input
      const levels: number[] = [];
      const seen = qemuAllocateIrq((_o, _n, l) => levels.push(l), undefined, 0);
      (m.state.piix3 as PIIX3State).isaIrqsIn[11] = seen;
      pciSetIrq(d, 1);
      expect(levels).toEqual([]); // 0x62 still 0x80: disabled
      cfgWrite(m, PCI_DEVFN(1, 0), 0x60, 0x800b8080);
      expect(levels).toEqual([1]);
      pciSetIrq(d, 0);
      expect(levels).toEqual([1, 0]);
    }));
});
