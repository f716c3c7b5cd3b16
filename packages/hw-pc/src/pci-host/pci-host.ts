/**
 * PCI host bridges (hw/pci/pci_host.c): configuration mechanism #1 — the address latch at 0xcf8
 * (bit 31 enable, bus, devfn, register) and the data window at 0xcfc..0xcff.
 */
import { MemoryRegion } from '@tsemu/memory';
import { type DeviceClass, DeviceState, TYPE_SYS_BUS_DEVICE, typeRegister } from '@tsemu/qdev';
import { type PCIBus, type PCIDevice, pciConfigRead, pciConfigWrite } from '../pci/pci.js';
import { PCI_CONFIG_SPACE_SIZE } from '../pci/pci-regs.js';

export const TYPE_PCI_HOST_BRIDGE = 'pci-host-bridge';

export class PCIHostState extends DeviceState {
  bus: PCIBus | undefined;
  configReg = 0;
  confMem: MemoryRegion;
  dataMem: MemoryRegion;
  constructor() {
    super();
    this.confMem = MemoryRegion.io(
      'pci-conf-idx',
      4,
      {
        read: () => this.configReg,
        write: (addr, val, len) => {
          if (addr !== 0 || len !== 4) return;
          this.configReg = Number(val) >>> 0;
        },
        endianness: 'little',
      },
      { owner: this },
    );
    this.dataMem = MemoryRegion.io(
      'pci-conf-data',
      4,
      {
        read: (addr, len) => {
          if (!(this.configReg & 0x80000000)) return 0xffffffff;
          return pciDataRead(this, (this.configReg | (addr & 3)) >>> 0, len);
        },
        write: (addr, val, len) => {
          if (!(this.configReg & 0x80000000)) return;
          pciDataWrite(this, (this.configReg | (addr & 3)) >>> 0, Number(val) >>> 0, len);
        },
        endianness: 'little',
      },
      { owner: this },
    );
  }
}

typeRegister<PCIHostState, DeviceClass>({
  name: TYPE_PCI_HOST_BRIDGE,
  parent: TYPE_SYS_BUS_DEVICE,
  abstract: true,
  instance: PCIHostState,
});

/** pci_dev_find_by_addr: the function a config address names on the root bus. */
function findDevice(s: PCIHostState, addr: number): PCIDevice | undefined {
  const busNum = (addr >>> 16) & 0xff;
  if (busNum !== 0 || !s.bus) return undefined;
  return s.bus.devices[(addr >>> 8) & 0xff];
}

const ones = (len: number) => (len === 4 ? 0xffffffff : (1 << (8 * len)) - 1);

/** pci_host_config_read_common */
export function pciHostConfigReadCommon(dev: PCIDevice, addr: number, limit: number, len: number): number {
  const lim = Math.min(limit, PCI_CONFIG_SPACE_SIZE);
  if (lim <= addr) return ones(len);
  return pciConfigRead(dev, addr, Math.min(len, lim - addr));
}

/** pci_host_config_write_common */
export function pciHostConfigWriteCommon(
  dev: PCIDevice,
  addr: number,
  limit: number,
  val: number,
  len: number,
): void {
  const lim = Math.min(limit, PCI_CONFIG_SPACE_SIZE);
  if (lim <= addr) return;
  pciConfigWrite(dev, addr, val, Math.min(len, lim - addr));
}

/** pci_data_read */
export function pciDataRead(s: PCIHostState, addr: number, len: number): number {
  const dev = findDevice(s, addr);
  if (!dev) return ones(len);
  return pciHostConfigReadCommon(dev, addr & 0xff, PCI_CONFIG_SPACE_SIZE, len);
}

/** pci_data_write */
export function pciDataWrite(s: PCIHostState, addr: number, val: number, len: number): void {
  const dev = findDevice(s, addr);
  if (!dev) return;
  pciHostConfigWriteCommon(dev, addr & 0xff, PCI_CONFIG_SPACE_SIZE, val, len);
}
