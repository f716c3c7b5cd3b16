import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LOAD = 0x100000;
const HEADER = 32;

/**
 * A multiboot v1 kernel loaded by the a.out kludge (header flags bit 16): the header at the start
 * of the file, `code` (32-bit, flat protected mode) right after it at 0x100020.
 */
export function multibootKernel(code: readonly number[]): Uint8Array {
  const img = new Uint8Array(HEADER + code.length);
  const dv = new DataView(img.buffer);
  const magic = 0x1badb002;
  const flags = 0x00010000;
  dv.setUint32(0, magic, true);
  dv.setUint32(4, flags, true);
  dv.setUint32(8, (-(magic + flags) >>> 0) & 0xffffffff, true);
  dv.setUint32(12, LOAD, true); // header_addr
  dv.setUint32(16, LOAD, true); // load_addr
  dv.setUint32(20, LOAD + img.length, true); // load_end_addr
  dv.setUint32(24, LOAD + img.length, true); // bss_end_addr
  dv.setUint32(28, LOAD + HEADER, true); // entry_addr
  img.set(code, HEADER);
  return img;
}

const ENTRY = LOAD + HEADER;
const le32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];

/** cli; hlt; jmp $-1: a CPU that sleeps forever. */
export const HALT_FOREVER = [0xfa, 0xf4, 0xeb, 0xfd];

/** lidt with limit 0, then int3: #GP, #DF, triple fault — a guest-initiated reset. */
export const TRIPLE_FAULT = (() => {
  const idtr = ENTRY + 7 + 1;
  return [0x0f, 0x01, 0x1d, ...le32(idtr), 0xcc, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
})();

/** Writes `text` to port 0xe9 (isa-debugcon), then halts. */
export function printToE9(text: string): number[] {
  const out: number[] = [0x66, 0xba, 0xe9, 0x00]; // mov dx, 0xe9
  for (const ch of Buffer.from(text, 'latin1')) out.push(0xb0, ch, 0xee); // mov al, ch; out dx, al
  return [...out, ...HALT_FOREVER];
}

export function writeKernel(code: readonly number[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsemu-mb-'));
  const file = join(dir, 'kernel.bin');
  writeFileSync(file, multibootKernel(code));
  return file;
}
