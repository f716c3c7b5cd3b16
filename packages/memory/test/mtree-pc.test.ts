import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AddressSpace,
  MemoryRegion,
  type MemoryRegionOps,
  mtreeInfo,
  unassignedIoOps,
} from '../src/index.js';

// The region tree of `qemu-system-x86_64 -M pc -nodefaults` (128 MiB), built the way hw/i386/pc*.c,
// hw/pci-host/i440fx.c and the ISA devices build it, compared with QEMU 7.2's `info mtree [-f]`.
const captures = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'reference', 'qemu-7.2', 'hmp');
const have = existsSync(join(captures, 'nodefaults', 'info-mtree.txt'));
if (!have) console.warn(`skipping mtree capture comparison: ${captures} is absent`);

const MiB = 0x100000;
const dev: MemoryRegionOps = { read: () => 0, write: () => {} };

function buildPc() {
  const system = new MemoryRegion('system', 2 ** 64);
  const io = MemoryRegion.io('io', 0x10000, unassignedIoOps);
  const spaces: AddressSpace[] = [new AddressSpace(system, 'memory'), new AddressSpace(io, 'I/O')];

  // pc_memory_init
  const ram = MemoryRegion.ram('pc.ram', 128 * MiB);
  const pci = new MemoryRegion('pci', 2 ** 64);
  system.addSubregion(0, MemoryRegion.alias('ram-below-4g', ram, 0, 128 * MiB));
  system.addSubregionOverlap(0, pci, -1);
  const bios = MemoryRegion.rom('pc.bios', 0x40000);
  pci.addSubregionOverlap(0xe0000, MemoryRegion.alias('isa-bios', bios, 0x20000, 0x20000), 1);
  pci.addSubregion(0xfffc0000, bios);
  pci.addSubregionOverlap(0xc0000, MemoryRegion.rom('pc.rom', 0x20000), 1);

  // i440fx: SMRAM and the PAM windows (only the PCI alias of each is enabled at reset)
  const smramRegion = MemoryRegion.alias('smram-region', pci, 0xa0000, 0x20000);
  system.addSubregionOverlap(0xa0000, smramRegion, 1);
  const smram = new MemoryRegion('smram', 4 * 1024 * MiB);
  smram.addSubregion(0xa0000, MemoryRegion.alias('smram-low', ram, 0xa0000, 0x20000));
  for (let i = 0; i < 13; i++) {
    const start = i === 0 ? 0xf0000 : 0xc0000 + (i - 1) * 0x4000;
    const size = i === 0 ? 0x10000 : 0x4000;
    const pam = [
      MemoryRegion.alias('pam-ram', ram, start, size),
      MemoryRegion.alias('pam-pci', ram, start, size),
      MemoryRegion.alias('pam-rom', ram, start, size),
      MemoryRegion.alias('pam-pci', pci, start, size),
    ];
    pam[2].setReadonly(true);
    for (const [k, mr] of pam.entries()) {
      mr.setEnabled(k === 3);
      system.addSubregionOverlap(start, mr, 1);
    }
  }
  smram.setEnabled(false);

  system.addSubregion(0xfec00000, MemoryRegion.io('ioapic', 0x1000, dev));
  system.addSubregion(0xfed00000, MemoryRegion.io('hpet', 0x400, dev));
  system.addSubregionOverlap(0xfee00000, MemoryRegion.io('apic-msi', MiB, dev), 4096);

  // the CPU's address spaces
  spaces.push(new AddressSpace(system, 'cpu-memory-0'));
  const smmRoot = new MemoryRegion('memory', 2 ** 64);
  smmRoot.addSubregionOverlap(0, MemoryRegion.alias('smram', smram, 0, 4 * 1024 * MiB), 1);
  smmRoot.addSubregion(0, MemoryRegion.alias('memory', system, 0, 2 ** 64));
  spaces.push(new AddressSpace(smmRoot, 'cpu-smm-0'));

  // PCI bus-master address spaces (bus mastering is off at reset)
  for (const name of ['i440FX', 'PIIX3', 'piix3-ide', 'PIIX4_PM']) {
    const root = new MemoryRegion('bus master container', 2 ** 64);
    const bm = MemoryRegion.alias('bus master', system, 0, 2 ** 64);
    bm.setEnabled(false);
    root.addSubregion(0, bm);
    spaces.push(new AddressSpace(root, name));
  }

  // port I/O, in the order the devices map it
  const ports: [string, number, number, number?][] = [
    ['dma-chan', 0x0, 8],
    ['dma-cont', 0x8, 8],
    ['pic', 0x20, 2],
    ['pit', 0x40, 4],
    ['i8042-data', 0x60, 1],
    ['pcspk', 0x61, 1],
    ['i8042-cmd', 0x64, 1],
    ['kvmvapic', 0x7e, 2],
    ['ioport80', 0x80, 1],
    ['dma-page', 0x81, 3],
    ['dma-page', 0x87, 1],
    ['dma-page', 0x89, 3],
    ['dma-page', 0x8f, 1],
    ['port92', 0x92, 1],
    ['pic', 0xa0, 2],
    ['apm-io', 0xb2, 2],
    ['dma-chan', 0xc0, 16],
    ['dma-cont', 0xd0, 16],
    ['ioportF0', 0xf0, 1],
    ['ide', 0x170, 8],
    ['ide', 0x1f0, 8],
    ['ide', 0x376, 1],
    ['fdc', 0x3f1, 5],
    ['ide', 0x3f6, 1],
    ['fdc', 0x3f7, 1],
    ['elcr', 0x4d0, 1],
    ['elcr', 0x4d1, 1],
    ['fwcfg', 0x510, 2],
    ['fwcfg.dma', 0x514, 8],
    ['pci-conf-idx', 0xcf8, 4],
    ['piix3-reset-control', 0xcf9, 1, 1],
    ['pci-conf-data', 0xcfc, 4],
    ['vmport', 0x5658, 1],
    ['acpi-pci-hotplug', 0xae00, 0x18],
    ['acpi-cpu-hotplug', 0xaf00, 0x20],
    ['acpi-gpe0', 0xafe0, 4],
    ['pm-smbus', 0xb100, 0x40],
  ];
  for (const [name, port, size, prio] of ports) {
    const mr = MemoryRegion.io(name, size, dev);
    if (prio) io.addSubregionOverlap(port, mr, prio);
    else io.addSubregion(port, mr);
  }
  const rtc = MemoryRegion.io('rtc', 2, dev);
  rtc.addSubregion(0, MemoryRegion.io('rtc-index', 1, dev));
  io.addSubregion(0x70, rtc);
  // PIIX4 PM's ACPI registers sit in a container that stays disabled until the guest sets PMBASE
  const pm = new MemoryRegion('piix4-pm', 64);
  pm.addSubregion(0, MemoryRegion.io('acpi-evt', 4, dev));
  pm.addSubregion(4, MemoryRegion.io('acpi-cnt', 2, dev));
  pm.addSubregion(8, MemoryRegion.io('acpi-tmr', 4, dev));
  pm.setEnabled(false);
  io.addSubregion(0, pm);
  return { spaces, ram, system, io };
}

/** the blank-line separated blocks of an `info mtree` text, FlatView numbers dropped */
function blocks(text: string): string[] {
  return text
    .replace(/\r\n/g, '\n')
    .split('\n\n')
    .map((b) => b.replace(/^FlatView #\d+\n/, '').trim())
    .filter((b) => b !== '')
    .sort();
}

describe.skipIf(!have)('info mtree of a pc machine, against QEMU 7.2', () => {
  const pc = buildPc();
  const read = (f: string) => readFileSync(join(captures, 'nodefaults', f), 'utf8');

  it('prints every address space and aliased region block as QEMU does', () => {
    const ours = mtreeInfo({ addressSpaces: pc.spaces });
    // QEMU orders the groups by GLib hash; the blocks themselves must be identical
    expect(blocks(ours).length).toBe(12);
    expect(blocks(ours)).toEqual(blocks(read('info-mtree.txt')));
  });

  it('prints the flat views as `info mtree -f` does', () => {
    const ours = mtreeInfo({ addressSpaces: pc.spaces, flatview: true });
    expect(blocks(ours).length).toBe(4);
    expect(blocks(ours)).toEqual(blocks(read('info-mtree-f.txt')));
  });

  it('routes accesses as those flat views say', () => {
    const mem = pc.spaces[0];
    mem.write32(0xb8000, 0x12345678);
    expect(pc.ram.getRamPtr()[0xb8000]).toBe(0x78);
    // 0xe0000 shows the top half of the BIOS image through isa-bios
    const bios = mem.translate(0xe0000)!;
    expect([bios.mr.name, bios.offsetWithinRegion]).toEqual(['pc.bios', 0x20000]);
    expect(mem.translate(0x8000000)).toBeUndefined();
    // the SMM address space sees the same memory while SMRAM is closed
    expect(pc.spaces[3].read32(0xb8000)).toBe(0x12345678);
    expect(pc.spaces[4].read8(0)).toBe(0);
  });
});
