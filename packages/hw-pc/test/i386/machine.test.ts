import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mtreeInfo } from '@tsemu/memory';
import { infoQtree, objectResolvePath } from '@tsemu/qdev';
import { describe, expect, it } from 'vitest';
import { findMachineClass, pcMachineClasses } from '../../src/i386/pc.js';
import { withMachine } from '../pci/machine.js';

const CAPTURES = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'reference', 'qemu-7.2');
const have = existsSync(CAPTURES);
if (!have) console.warn(`${CAPTURES} absent: info mtree comparison skipped`);

/** One `address-space:` section of an `info mtree` text. */
function section(text: string, name: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const i = lines.indexOf(`address-space: ${name}`);
  if (i < 0) return [];
  const out: string[] = [];
  for (let j = i + 1; j < lines.length && lines[j] !== ''; j++) out.push(lines[j]);
  return out;
}

// what QEMU's pc has that tsemu does not model
const NOT_MODELLED =
  /: (hpet|apic-msi|acpi-\w+|dma-\w+|kvmvapic|apm-io|ide|fdc|vmport|pm-smbus|acpi-pci-hotplug|acpi-cpu-hotplug)$/;

describe('the pc machine', () => {
  it('is pc-i440fx-7.2 with the alias pc, at /machine', () =>
    withMachine(() => {
      expect(findMachineClass('pc')?.name).toBe('pc-i440fx-7.2');
      expect(
        pcMachineClasses()
          .filter((m) => m.isDefault)
          .map((m) => m.name),
      ).toEqual(['pc-i440fx-7.2']);
      expect(objectResolvePath('/machine')?.typename).toBe('pc-i440fx-7.2-machine');
    }));

  it.skipIf(!have)('memory and I/O maps are QEMU 7.2 -nodefaults ones, minus devices not modelled', () =>
    withMachine(() => {
      const want = readFileSync(join(CAPTURES, 'hmp/nodefaults/info-mtree.txt'), 'utf8');
      const got = mtreeInfo();
      for (const as of ['memory', 'I/O'])
        expect(section(got, as)).toEqual(section(want, as).filter((l) => !NOT_MODELLED.test(l)));
    }),
  );

  it('places the PCI functions and ISA devices in the qtree as QEMU', () =>
    withMachine(() => {
      const t = infoQtree();
      expect(t).toMatch(/dev: i440FX-pcihost, id ""\n {4}pci-hole64-size = 2147483648 \(2 GiB\)/);
      for (const d of ['PIIX4_PM', 'piix3-ide', 'PIIX3', 'i440FX'])
        expect(t).toContain(`      dev: ${d}, id ""`);
      expect(t).toContain('class ISA bridge, addr 00:01.0, pci id 8086:7000 (sub 1af4:1100)');
      expect(t).toContain('bar 4: i/o at 0xffffffffffffffff [0xe]');
      for (const d of ['port92', 'i8042', 'isa-pcspk', 'isa-pit', 'mc146818rtc', 'isa-i8259'])
        expect(t).toContain(`          dev: ${d}, id ""`);
    }));

  it('CMOS holds the memory sizes for the BIOS', () =>
    withMachine(
      (m) => {
        const cmos = (i: number) => {
          m.addressSpaceIo.write8(0x70, i);
          return m.addressSpaceIo.read8(0x71);
        };
        expect([cmos(0x15), cmos(0x16)]).toEqual([0x80, 0x02]); // 640 KiB
        expect(cmos(0x34) | (cmos(0x35) << 8)).toBe((256 - 16) * 16); // 64 KiB units above 16 MiB
        expect(cmos(0x14)).toBe(0x06);
      },
      { ramSize: 256 << 20 },
    ));
});
