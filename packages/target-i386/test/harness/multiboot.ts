/** Multiboot v1 loader for the a.out-kludge header (flags bit 16), as QEMU's -kernel. */
export const MULTIBOOT_MAGIC = 0x1badb002;
export const MULTIBOOT_BOOTLOADER_MAGIC = 0x2badb002;

export interface MultibootImage {
  readonly loadAddr: number;
  readonly data: Uint8Array;
  readonly bssEnd: number;
  readonly entry: number;
}

/** Find and parse the header in the first 8 KiB; throws QEMU-like errors. */
export function parseMultiboot(image: Uint8Array): MultibootImage {
  const dv = new DataView(image.buffer, image.byteOffset, image.byteLength);
  for (let off = 0; off + 32 <= Math.min(image.length, 8192); off += 4) {
    const magic = dv.getUint32(off, true);
    if (magic !== MULTIBOOT_MAGIC) continue;
    const flags = dv.getUint32(off + 4, true);
    if ((magic + flags + dv.getUint32(off + 8, true)) >>> 0 !== 0) continue;
    if (!(flags & 0x10000)) throw new Error('multiboot: only the a.out kludge (flags bit 16) is supported');
    const headerAddr = dv.getUint32(off + 12, true);
    const loadAddr = dv.getUint32(off + 16, true);
    const loadEnd = dv.getUint32(off + 20, true);
    const bssEnd = dv.getUint32(off + 24, true);
    const entry = dv.getUint32(off + 28, true);
    const fileStart = off - (headerAddr - loadAddr);
    if (fileStart < 0) throw new Error('invalid load_addr address');
    const size = loadEnd === 0 ? image.length - fileStart : loadEnd - loadAddr;
    if (fileStart + size > image.length) throw new Error('invalid load_end_addr address');
    return { loadAddr, data: image.subarray(fileStart, fileStart + size), bssEnd, entry };
  }
  throw new Error('multiboot: no header in the first 8 KiB');
}

/** Copy the image into RAM, zero its bss, and place an mbi at mbiAddr; returns EBX. */
export function loadMultiboot(ram: Uint8Array, img: MultibootImage, mbiAddr: number): number {
  ram.set(img.data, img.loadAddr);
  const end = img.loadAddr + img.data.length;
  if (img.bssEnd > end) ram.fill(0, end, img.bssEnd);
  const dv = new DataView(ram.buffer, ram.byteOffset, ram.byteLength);
  ram.fill(0, mbiAddr, mbiAddr + 88);
  dv.setUint32(mbiAddr, 0x1 | 0x2, true); // MEM and BOOT_DEVICE valid as QEMU sets
  dv.setUint32(mbiAddr + 4, 640, true); // mem_lower KiB
  dv.setUint32(mbiAddr + 8, Math.max(0, ram.length / 1024 - 1024), true); // mem_upper KiB
  dv.setUint32(mbiAddr + 12, 0x8000ffff, true); // boot device as QEMU reports
  return mbiAddr;
}
