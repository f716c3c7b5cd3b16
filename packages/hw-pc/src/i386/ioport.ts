/**
 * Port I/O as the CPU's in/out perform it (address_space_ldl/stl on address_space_io): the whole
 * access goes to the region the first port falls in — address_space_translate only clamps the
 * length for RAM — so a dword at 0xcf8 reaches pci-conf-idx even though piix3-reset-control
 * overlays 0xcf9. Holes read as all ones.
 */
import { type AddressSpace, dispatchRead, dispatchWrite } from '@tsemu/memory';

const ONES = [0, 0xff, 0xffff, 0, 0xffffffff];

export function ioportRead(io: AddressSpace, port: number, size: 1 | 2 | 4): number {
  const s = io.translate(port & 0xffff);
  if (!s) return ONES[size];
  return dispatchRead(s.mr, s.offsetWithinRegion, size) >>> 0;
}

export function ioportWrite(io: AddressSpace, port: number, size: 1 | 2 | 4, value: number): void {
  const s = io.translate(port & 0xffff);
  if (!s) return;
  dispatchWrite(s.mr, s.offsetWithinRegion, size === 4 ? value >>> 0 : value & ONES[size], size);
}
