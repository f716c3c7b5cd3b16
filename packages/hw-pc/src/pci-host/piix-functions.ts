/**
 * The other PIIX functions QEMU's pc has even with -nodefaults, as configuration-space devices:
 * 01.1 `piix3-ide` (hw/ide/piix.c; the bus-master BAR4 of 16 ports, not decoded until the guest
 * enables it) and 01.3 `PIIX4_PM` (hw/acpi/piix4.c; interrupt pin A, the PM and SMBus base
 * registers at their reset values). Their I/O functions (IDE channels, ACPI PM timer/SCI,
 * SMBus) are not modelled.
 */
import { MemoryRegion } from '@tsemu/memory';
import {
  definePropBool,
  definePropUint8,
  definePropUint32,
  deviceClassSetProps,
  typeRegister,
} from '@tsemu/qdev';
import {
  PCIDevice,
  type PCIDeviceClass,
  pciRegisterBar,
  pciSetLong,
  pciSetWord,
  TYPE_PCI_DEVICE,
} from '../pci/pci.js';
import {
  PCI_BASE_ADDRESS_SPACE_IO,
  PCI_CLASS_BRIDGE_OTHER,
  PCI_CLASS_PROG,
  PCI_CLASS_STORAGE_IDE,
  PCI_INTERRUPT_PIN,
  PCI_STATUS,
  PCI_STATUS_DEVSEL_MEDIUM,
  PCI_STATUS_FAST_BACK,
  PCI_VENDOR_ID_INTEL,
} from '../pci/pci-regs.js';

export const TYPE_PIIX3_IDE = 'piix3-ide';
export const TYPE_PIIX4_PM = 'PIIX4_PM';
export const PCI_DEVICE_ID_INTEL_82371SB_1 = 0x7010;
export const PCI_DEVICE_ID_INTEL_82371AB_3 = 0x7113;

export class PCIIDEState extends PCIDevice {
  bmdmaBar: MemoryRegion;
  constructor() {
    super();
    // bmdma: two channels of 8 registers; reads of an idle engine give 0
    this.bmdmaBar = MemoryRegion.io(
      'piix-bmdma-container',
      16,
      { read: () => 0, write: () => {} },
      { owner: this },
    );
  }
}

typeRegister<PCIIDEState, PCIDeviceClass>({
  name: TYPE_PIIX3_IDE,
  parent: TYPE_PCI_DEVICE,
  instance: PCIIDEState,
  interfaces: ['conventional-pci-device'],
  classInit: (k) => {
    k.vendorId = PCI_VENDOR_ID_INTEL;
    k.deviceId = PCI_DEVICE_ID_INTEL_82371SB_1;
    k.classId = PCI_CLASS_STORAGE_IDE;
    k.categories = new Set(['storage']);
    k.hotpluggable = false;
    k.pciRealize = (dev) => {
      const d = dev as PCIIDEState;
      d.config[PCI_CLASS_PROG] = 0x80; // legacy ATA mode, bus master capable
      pciRegisterBar(d, 4, PCI_BASE_ADDRESS_SPACE_IO, d.bmdmaBar);
    };
    k.pciReset = (dev) => {
      pciSetWord(dev.config, PCI_STATUS, PCI_STATUS_DEVSEL_MEDIUM | PCI_STATUS_FAST_BACK);
      pciSetLong(dev.config, 0x20, PCI_BASE_ADDRESS_SPACE_IO);
    };
  },
});

export class PIIX4PMState extends PCIDevice {
  smbIoBase = 0xb100;
  disableS3 = 0;
  disableS4 = 0;
  s4Val = 2;
  useAcpiHotplugBridge = true;
  useAcpiRootPciHotplug = true;
  acpiMemoryHotplug = true;
  smmCompat = false;
  smmEnabled = false;
  notMigrateAcpiIndex = false;
}

typeRegister<PIIX4PMState, PCIDeviceClass>({
  name: TYPE_PIIX4_PM,
  parent: TYPE_PCI_DEVICE,
  instance: PIIX4PMState,
  interfaces: ['conventional-pci-device'],
  classInit: (k) => {
    k.vendorId = PCI_VENDOR_ID_INTEL;
    k.deviceId = PCI_DEVICE_ID_INTEL_82371AB_3;
    k.revision = 0x03;
    k.classId = PCI_CLASS_BRIDGE_OTHER;
    k.desc = 'PM';
    k.userCreatable = false;
    k.hotpluggable = false;
    deviceClassSetProps(k, [
      definePropUint32('smb_io_base', 'smbIoBase', 0xb100),
      definePropUint8('disable_s3', 'disableS3', 0),
      definePropUint8('disable_s4', 'disableS4', 0),
      definePropUint8('s4_val', 's4Val', 2),
      definePropBool('acpi-pci-hotplug-with-bridge-support', 'useAcpiHotplugBridge', true),
      definePropBool('acpi-root-pci-hotplug', 'useAcpiRootPciHotplug', true),
      definePropBool('memory-hotplug-support', 'acpiMemoryHotplug', true),
      definePropBool('smm-compat', 'smmCompat', false),
      definePropBool('smm-enabled', 'smmEnabled', false),
      definePropBool('x-not-migrate-acpi-index', 'notMigrateAcpiIndex', false),
    ]);
    k.pciRealize = (dev) => {
      const s = dev as PIIX4PMState;
      s.config[PCI_INTERRUPT_PIN] = 0x01;
      // piix4_pm_realize: APM base, SMBus base with host enable, SMBus interrupt select
      s.config[0x40] = 0x01;
      pciSetLong(s.config, 0x90, s.smbIoBase | 1);
      s.config[0xd2] = 0x09;
    };
    k.pciReset = (dev) => {
      const c = dev.config;
      pciSetWord(c, PCI_STATUS, PCI_STATUS_DEVSEL_MEDIUM | PCI_STATUS_FAST_BACK);
      // piix4_reset
      c.fill(0, 0x58, 0x5c);
      c[0x5c] = 0;
      c[0x5d] = 0;
      c[0x5e] = 0;
      c[0x5f] = 0x10;
      c[0x63] = 0x60;
      c[0x67] = 0;
    };
  },
});
