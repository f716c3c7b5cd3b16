/**
 * `query-pci` and `info pci` (hw/pci/pci.c qmp_query_pci, monitor/hmp-cmds.c hmp_info_pci), in
 * QEMU 7.2's shapes: PciInfo per root bus with PciDeviceInfo per function.
 */

import { PCI_FUNC, PCI_SLOT, type PCIBus, pciBusDevices, pciGetWord } from './pci.js';
import {
  PCI_BASE_ADDRESS_MEM_PREFETCH,
  PCI_BASE_ADDRESS_MEM_TYPE_64,
  PCI_BASE_ADDRESS_SPACE_IO,
  PCI_CLASS_DESCRIPTIONS,
  PCI_CLASS_DEVICE,
  PCI_DEVICE_ID,
  PCI_INTERRUPT_LINE,
  PCI_INTERRUPT_PIN,
  PCI_SUBSYSTEM_ID,
  PCI_SUBSYSTEM_VENDOR_ID,
  PCI_VENDOR_ID,
} from './pci-regs.js';

export interface PciMemoryRegion {
  bar: number;
  type: 'io' | 'memory';
  /** -1 when the BAR is not decoded */
  address: bigint;
  size: number;
  prefetch?: boolean;
  mem_type_64?: boolean;
}

export interface PciDeviceInfo {
  bus: number;
  slot: number;
  function: number;
  class_info: { desc?: string; class: number };
  id: { device: number; vendor: number; subsystem?: number; 'subsystem-vendor'?: number };
  irq?: number;
  irq_pin: number;
  qdev_id: string;
  regions: PciMemoryRegion[];
}

export interface PciInfo {
  bus: number;
  devices: PciDeviceInfo[];
}

/** qmp_query_pci_device */
export function pciDeviceInfo(bus: PCIBus, busNum = 0): PciDeviceInfo[] {
  return pciBusDevices(bus).map((dev) => {
    const c = dev.config;
    const cls = pciGetWord(c, PCI_CLASS_DEVICE);
    const desc = PCI_CLASS_DESCRIPTIONS.get(cls);
    const regions: PciMemoryRegion[] = [];
    dev.ioRegions.forEach((r, i) => {
      if (!r.size) return;
      const io = (r.type & PCI_BASE_ADDRESS_SPACE_IO) !== 0;
      const region: PciMemoryRegion = { bar: i, type: io ? 'io' : 'memory', address: r.addr, size: r.size };
      if (!io) {
        region.prefetch = (r.type & PCI_BASE_ADDRESS_MEM_PREFETCH) !== 0;
        region.mem_type_64 = (r.type & PCI_BASE_ADDRESS_MEM_TYPE_64) !== 0;
      }
      regions.push(region);
    });
    const info: PciDeviceInfo = {
      bus: busNum,
      slot: PCI_SLOT(dev.devfn),
      function: PCI_FUNC(dev.devfn),
      class_info: desc === undefined ? { class: cls } : { desc, class: cls },
      id: {
        device: pciGetWord(c, PCI_DEVICE_ID),
        vendor: pciGetWord(c, PCI_VENDOR_ID),
        subsystem: pciGetWord(c, PCI_SUBSYSTEM_ID),
        'subsystem-vendor': pciGetWord(c, PCI_SUBSYSTEM_VENDOR_ID),
      },
      irq_pin: c[PCI_INTERRUPT_PIN],
      qdev_id: dev.id ?? '',
      regions,
    };
    if (c[PCI_INTERRUPT_PIN]) info.irq = c[PCI_INTERRUPT_LINE];
    return info;
  });
}

/** qmp_query_pci over the root buses. */
export function qmpQueryPci(buses: readonly PCIBus[]): PciInfo[] {
  return buses.map((bus, i) => ({ bus: i, devices: pciDeviceInfo(bus, i) }));
}

const hex = (v: bigint | number, w: number) => BigInt.asUintN(64, BigInt(v)).toString(16).padStart(w, '0');

/** hmp_info_pci: the text of `info pci`. */
export function hmpInfoPci(info: readonly PciInfo[]): string {
  let out = '';
  for (const bus of info)
    for (const dev of bus.devices) {
      out += `  Bus ${String(dev.bus).padStart(2)}, device ${String(dev.slot).padStart(3)}, function ${dev.function}:\n`;
      out += '    ';
      out += dev.class_info.desc ?? `Class ${hex(dev.class_info.class, 4)}`;
      out += `: PCI device ${hex(dev.id.vendor, 4)}:${hex(dev.id.device, 4)}\n`;
      if (dev.id['subsystem-vendor'] !== undefined && dev.id.subsystem !== undefined)
        out += `      PCI subsystem ${hex(dev.id['subsystem-vendor'], 4)}:${hex(dev.id.subsystem, 4)}\n`;
      if (dev.irq !== undefined)
        out += `      IRQ ${dev.irq}, pin ${String.fromCharCode(0x41 + dev.irq_pin - 1)}\n`;
      for (const r of dev.regions) {
        const addr = BigInt.asUintN(64, r.address);
        const last = BigInt.asUintN(64, addr + BigInt(r.size) - 1n);
        out += `      BAR${r.bar}: `;
        if (r.type === 'io') out += `I/O at 0x${hex(addr, 4)} [0x${hex(last, 4)}].\n`;
        else
          out += `${r.mem_type_64 ? 64 : 32} bit${r.prefetch ? ' prefetchable' : ''} memory at 0x${hex(addr, 8)} [0x${hex(last, 8)}].\n`;
      }
      out += `      id "${dev.qdev_id}"\n`;
    }
  return out;
}
