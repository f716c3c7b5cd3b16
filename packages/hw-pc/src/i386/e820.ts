/**
 * The E820 memory map (hw/i386/e820_memory_layout.c) as a direct-booted kernel sees it: the
 * ranges firmware would report for a pc with the given RAM split.
 */
export const E820_RAM = 1;
export const E820_RESERVED = 2;
export const E820_ACPI = 3;
export const E820_NVS = 4;
export const E820_UNUSABLE = 5;

export interface E820Entry {
  address: number;
  length: number;
  type: number;
}

/**
 * The map for direct boot: conventional memory up to the EBDA, the legacy VGA/ROM hole and the
 * BIOS area reserved, extended memory below 4 GiB, the BIOS flash at the top of 4 GiB, and
 * RAM above 4 GiB when there is any.
 */
export function pcE820Table(belowFourG: number, aboveFourG: number): E820Entry[] {
  const t: E820Entry[] = [
    { address: 0, length: 0x9fc00, type: E820_RAM },
    { address: 0x9fc00, length: 0x400, type: E820_RESERVED },
    { address: 0xf0000, length: 0x10000, type: E820_RESERVED },
    { address: 0x100000, length: belowFourG - 0x100000, type: E820_RAM },
    { address: 0xfffc0000, length: 0x40000, type: E820_RESERVED },
  ];
  if (aboveFourG > 0) t.push({ address: 2 ** 32, length: aboveFourG, type: E820_RAM });
  return t;
}

/** Writes entries in struct boot_e820_entry layout (u64 addr, u64 size, u32 type). */
export function writeE820(buf: DataView, offset: number, entries: readonly E820Entry[]): void {
  entries.forEach((e, i) => {
    const o = offset + i * 20;
    buf.setBigUint64(o, BigInt(e.address), true);
    buf.setBigUint64(o + 8, BigInt(e.length), true);
    buf.setUint32(o + 16, e.type, true);
  });
}
