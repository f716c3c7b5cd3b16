/**
 * The i440FX host bridge (hw/pci-host/i440fx.c, hw/pci-host/pam.c): `i440FX-pcihost` on the
 * system bus owns `pci.0` and configuration mechanism #1; its function 00.0 `i440FX` holds the PAM
 * registers (0x59-0x5f) that route the 0xc0000-0xfffff shadow regions to RAM or PCI, and SMRAM
 * (0x72) that decides whether 0xa0000-0xbffff goes to PCI (VGA) or SMRAM.
 */
import { MemoryRegion, memoryRegionTransaction } from '@tsemu/memory';
import {
  definePropBool,
  definePropSize,
  definePropUint32,
  deviceClassSetProps,
  qdevNew,
  qdevRealizeAndUnref,
  sysbusGetDefault,
  typeRegister,
} from '@tsemu/qdev';
import {
  type PCIBus,
  PCIDevice,
  type PCIDeviceClass,
  pciDefaultWriteConfig,
  pciRootBusNew,
  TYPE_PCI_DEVICE,
} from '../pci/pci.js';
import { PCI_CLASS_BRIDGE_HOST, PCI_VENDOR_ID_INTEL } from '../pci/pci-regs.js';
import { PCIHostState, TYPE_PCI_HOST_BRIDGE } from './pci-host.js';

export const TYPE_I440FX_PCI_HOST_BRIDGE = 'i440FX-pcihost';
export const TYPE_I440FX_PCI_DEVICE = 'i440FX';
export const PCI_DEVICE_ID_INTEL_82441 = 0x1237;

export const I440FX_PAM = 0x59;
export const I440FX_PAM_SIZE = 7;
export const I440FX_SMRAM = 0x72;
export const I440FX_COREBOOT_RAM_SIZE = 0x57;
const SMRAM_D_OPEN = 0x40;
const SMRAM_C_BASE_SEG = 0x02;

export const PAM_BIOS_BASE = 0xf0000;
export const PAM_BIOS_SIZE = 0x10000;
export const PAM_EXPAN_BASE = 0xc0000;
export const PAM_EXPAN_SIZE = 0x4000;
export const PAM_REGIONS_COUNT = 13;

/**
 * One PAM-controlled range: four aliases of which exactly one is enabled — 0 all to PCI,
 * 1 read RAM / write PCI (approximated by read-only RAM, as QEMU), 2 write-only, 3 RAM.
 */
export class PAMMemoryRegion {
  readonly alias: MemoryRegion[];
  current = 0;
  constructor(
    systemMemory: MemoryRegion,
    ram: MemoryRegion,
    pci: MemoryRegion,
    start: number,
    size: number,
    owner: unknown,
  ) {
    const pciAlias = MemoryRegion.alias('pam-pci', pci, start, size, { owner });
    const rom = MemoryRegion.alias('pam-rom', ram, start, size, { owner });
    rom.setReadonly(true);
    const wo = MemoryRegion.alias('pam-pci', ram, start, size, { owner });
    const rw = MemoryRegion.alias('pam-ram', ram, start, size, { owner });
    this.alias = [pciAlias, rom, wo, rw];
    memoryRegionTransaction(() => {
      for (const a of this.alias) {
        a.setEnabled(false);
        systemMemory.addSubregionOverlap(start, a, 1);
      }
      this.alias[0].setEnabled(true);
    });
  }
  /** pam_update: the attribute (0-3) of this range */
  update(attr: number): void {
    if (attr === this.current) return;
    memoryRegionTransaction(() => {
      this.alias[this.current].setEnabled(false);
      this.current = attr & 3;
      this.alias[this.current].setEnabled(true);
    });
  }
}

export class PCII440FXState extends PCIDevice {
  systemMemory: MemoryRegion | undefined;
  pciAddressSpace: MemoryRegion | undefined;
  ramMemory: MemoryRegion | undefined;
  pam: PAMMemoryRegion[] = [];
  smramRegion: MemoryRegion | undefined;
  /** RAM size in bytes, for the coreboot RAM size register */
  ramSize = 0;
}

export class I440FXState extends PCIHostState {
  pciHole64Size = 2n ** 31n;
  shortRootBus = 0;
  pciHole64Fix = true;
  configRegMigration = true;
  bypassIommu = false;
}

/** i440fx_update_memory_mappings: PAM and SMRAM registers → enabled aliases. */
export function i440fxUpdateMemoryMappings(d: PCII440FXState): void {
  const c = d.config;
  memoryRegionTransaction(() => {
    d.pam.forEach((p, i) => {
      const reg = I440FX_PAM + ((i + 1) >> 1);
      const nibble = i === 0 ? c[I440FX_PAM] >> 4 : (i - 1) & 1 ? c[reg] >> 4 : c[reg] & 0xf;
      p.update(nibble & 3);
    });
    d.smramRegion?.setEnabled(!(c[I440FX_SMRAM] & SMRAM_D_OPEN));
  });
}

function i440fxWriteConfig(dev: PCIDevice, addr: number, val: number, len: number): void {
  const d = dev as PCII440FXState;
  pciDefaultWriteConfig(d, addr, val, len);
  const overlaps = (a: number, n: number) => addr < a + n && a < addr + len;
  if (overlaps(I440FX_PAM, I440FX_PAM_SIZE) || overlaps(I440FX_SMRAM, 1)) i440fxUpdateMemoryMappings(d);
}

typeRegister<PCII440FXState, PCIDeviceClass>({
  name: TYPE_I440FX_PCI_DEVICE,
  parent: TYPE_PCI_DEVICE,
  instance: PCII440FXState,
  interfaces: ['conventional-pci-device'],
  classInit: (k) => {
    k.desc = 'Host bridge';
    k.vendorId = PCI_VENDOR_ID_INTEL;
    k.deviceId = PCI_DEVICE_ID_INTEL_82441;
    k.revision = 0x02;
    k.classId = PCI_CLASS_BRIDGE_HOST;
    // the host bridge's own function is part of the chipset, not user-creatable
    k.userCreatable = false;
    k.configWrite = i440fxWriteConfig;
    k.pciRealize = (dev) => {
      const d = dev as PCII440FXState;
      // i440fx_realize: the SMRAM control register starts with C_BASE_SEG
      d.config[I440FX_SMRAM] = SMRAM_C_BASE_SEG;
    };
    k.pciReset = (dev) => {
      const d = dev as PCII440FXState;
      d.config.fill(0, I440FX_PAM, I440FX_PAM + I440FX_PAM_SIZE);
      d.config[I440FX_SMRAM] = SMRAM_C_BASE_SEG;
      i440fxUpdateMemoryMappings(d);
    };
  },
});

typeRegister<I440FXState, PCIDeviceClass>({
  name: TYPE_I440FX_PCI_HOST_BRIDGE,
  parent: TYPE_PCI_HOST_BRIDGE,
  instance: I440FXState,
  classInit: (dc) => {
    dc.fwName = 'pci';
    dc.userCreatable = false;
    deviceClassSetProps(dc, [
      definePropSize('pci-hole64-size', 'pciHole64Size', 2n ** 31n),
      definePropUint32('short_root_bus', 'shortRootBus', 0),
      definePropBool('x-pci-hole64-fix', 'pciHole64Fix', true),
      definePropBool('x-config-reg-migration-enabled', 'configRegMigration', true),
      definePropBool('bypass-iommu', 'bypassIommu', false),
    ]);
  },
});

export interface I440fxInitOptions {
  systemMemory: MemoryRegion;
  /** the I/O port space where 0xcf8/0xcfc go */
  systemIo: MemoryRegion;
  /** the PCI memory space ("pci"), mapped by the machine under system memory */
  pciAddressSpace: MemoryRegion;
  /** the I/O space PCI BARs decode in (the same port space on a PC) */
  pciIo?: MemoryRegion;
  /** "pc.ram", for PAM shadowing */
  ramMemory: MemoryRegion;
  ramSize: number;
}

/**
 * i440fx_init: the host bridge on the system bus, `pci.0`, function 00.0 with its PAM and SMRAM
 * aliases. Returns the bridge, its bus and the 00.0 device.
 */
export function i440fxInit(opts: I440fxInitOptions): {
  host: I440FXState;
  bus: PCIBus;
  dev: PCII440FXState;
} {
  const host = qdevNew<I440FXState>(TYPE_I440FX_PCI_HOST_BRIDGE);
  const bus = pciRootBusNew(host, 'pci.0', opts.pciAddressSpace, opts.pciIo ?? opts.systemIo, 0);
  host.bus = bus;
  qdevRealizeAndUnref(host, sysbusGetDefault());
  opts.systemIo.addSubregion(0xcf8, host.confMem);
  opts.systemIo.addSubregion(0xcfc, host.dataMem);

  const dev = qdevNew<PCII440FXState>(TYPE_I440FX_PCI_DEVICE);
  dev.devfn = 0;
  dev.systemMemory = opts.systemMemory;
  dev.pciAddressSpace = opts.pciAddressSpace;
  dev.ramMemory = opts.ramMemory;
  dev.ramSize = opts.ramSize;
  qdevRealizeAndUnref(dev, bus);

  memoryRegionTransaction(() => {
    dev.smramRegion = MemoryRegion.alias('smram-region', opts.pciAddressSpace, 0xa0000, 0x20000, {
      owner: dev,
    });
    opts.systemMemory.addSubregionOverlap(0xa0000, dev.smramRegion, 1);
    dev.smramRegion.setEnabled(true);
    dev.pam.push(
      new PAMMemoryRegion(
        opts.systemMemory,
        opts.ramMemory,
        opts.pciAddressSpace,
        PAM_BIOS_BASE,
        PAM_BIOS_SIZE,
        dev,
      ),
    );
    for (let i = 0; i < 12; i++)
      dev.pam.push(
        new PAMMemoryRegion(
          opts.systemMemory,
          opts.ramMemory,
          opts.pciAddressSpace,
          PAM_EXPAN_BASE + i * PAM_EXPAN_SIZE,
          PAM_EXPAN_SIZE,
          dev,
        ),
      );
  });
  const ramMb = Math.min(255, Math.floor(opts.ramSize / 8 / 1024 / 1024));
  dev.config[I440FX_COREBOOT_RAM_SIZE] = ramMb;
  i440fxUpdateMemoryMappings(dev);
  return { host, bus, dev };
}
