/**
 * Linux x86 boot protocol, 32-bit entry (Documentation/arch/x86/boot.rst, "32-bit boot protocol"):
 * the protected-mode part of a bzImage at 1 MiB, a zero page (boot_params) with the setup header,
 * an e820 map and a command line, flat __BOOT_CS/__BOOT_DS segments, ESI = boot_params.
 * Also finds or builds the test guest (guests/make-linux-guest.sh), caching it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TranslationBlock } from '@tsemu/tcg';
import {
  CC_MASK,
  DESC_A_MASK,
  DESC_B_MASK,
  DESC_CS_MASK,
  DESC_G_MASK,
  DESC_P_MASK,
  DESC_R_MASK,
  DESC_S_MASK,
  DESC_W_MASK,
  DF_MASK,
  R_CS,
  R_DS,
  R_EBP,
  R_EBX,
  R_EDI,
  R_ES,
  R_ESI,
  R_FS,
  R_GS,
  R_SS,
} from '../../src/cpu.js';
import { cpu_load_eflags, cpu_x86_load_seg_cache, cpu_x86_update_cr0 } from '../../src/hflags.js';
import { X86CPU } from '../../src/x86-cpu.js';

export const GUEST_CACHE = '/tmp/tsemu-linux-guest';
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** The bzImage path, building the guest once when possible; or the reason it is unavailable. */
export function linuxGuest(): { bzImage: string } | { missing: string } {
  const bz = join(GUEST_CACHE, 'bzImage');
  if (existsSync(bz)) return { bzImage: bz };
  if (!existsSync('/usr/bin/apt-get') || process.getuid?.() !== 0) {
    return { missing: 'the Linux guest needs root and apt-get to build (guests/make-linux-guest.sh)' };
  }
  try {
    execFileSync('bash', [join(repoRoot, 'guests', 'make-linux-guest.sh'), GUEST_CACHE, 'i386', 'test'], {
      stdio: 'ignore',
      timeout: 600000,
    });
  } catch (e) {
    return { missing: `guests/make-linux-guest.sh failed: ${(e as Error).message}` };
  }
  return existsSync(bz) ? { bzImage: bz } : { missing: 'guests/make-linux-guest.sh produced no bzImage' };
}

export interface SetupHeader {
  setupSects: number;
  version: number;
  code32Start: number;
  prefAddress: number;
  initSize: number;
}

export function parseSetupHeader(image: Uint8Array): SetupHeader {
  const dv = new DataView(image.buffer, image.byteOffset, image.byteLength);
  if (dv.getUint16(0x1fe, true) !== 0xaa55 || dv.getUint32(0x202, true) !== 0x53726448) {
    throw new Error('not a bzImage (no HdrS setup header)');
  }
  const version = dv.getUint16(0x206, true);
  if (version < 0x20c) throw new Error(`boot protocol ${version.toString(16)} too old`);
  return {
    setupSects: image[0x1f1] || 4,
    version,
    code32Start: dv.getUint32(0x214, true),
    prefAddress: Number(dv.getBigUint64(0x258, true)),
    initSize: dv.getUint32(0x260, true),
  };
}

const BOOT_PARAMS = 0x10000;
const CMDLINE = 0x20000;
const GDT = 0x500;

export interface LinuxBoot {
  cpu: X86CPU;
  ram: Uint8Array;
  header: SetupHeader;
  /** bytes written to COM1's data port */
  serial: () => string;
}

/** A CPU at the 32-bit entry of a bzImage; `onTb` sees every translated TB (a breakpoint hook). */
export function setupLinux(
  image: Uint8Array,
  opts: { ramMiB?: number; cmdline?: string; onTb?: (tb: TranslationBlock) => void } = {},
): LinuxBoot {
  const header = parseSetupHeader(image);
  const ramSize = (opts.ramMiB ?? 128) << 20;
  const ram = new Uint8Array(ramSize);
  let serial = '';
  const lcr = { dlab: false };
  const cpu = new X86CPU({
    ram,
    backend: 'js',
    log: { inAsm: (tb) => opts.onTb?.(tb) },
    io: {
      // an idle 16550: transmitter always empty
      in: (port, size) => (port === 0x3fd ? 0x60 : size === 4 ? -1 : (1 << (8 * size)) - 1),
      out: (port, _size, value) => {
        if (port === 0x3fb) lcr.dlab = (value & 0x80) !== 0;
        else if (port === 0x3f8 && !lcr.dlab) serial += String.fromCharCode(value & 0xff);
      },
    },
  });
  const dv = new DataView(ram.buffer);
  // protected-mode kernel
  const pmOffset = (header.setupSects + 1) * 512;
  ram.set(image.subarray(pmOffset), header.code32Start);
  // zero page: the setup header as in the image, then what a boot loader fills in
  const hdrEnd = 0x202 + image[0x201];
  ram.set(image.subarray(0x1f1, hdrEnd), BOOT_PARAMS + 0x1f1);
  ram[BOOT_PARAMS + 0x210] = 0xff; // type_of_loader: undefined
  ram[BOOT_PARAMS + 0x211] |= 0x80; // CAN_USE_HEAP
  dv.setUint16(BOOT_PARAMS + 0x224, 0xfe00, true); // heap_end_ptr
  const cmdline = opts.cmdline ?? 'earlyprintk=ttyS0 console=ttyS0 nokaslr';
  for (let i = 0; i < cmdline.length; i++) ram[CMDLINE + i] = cmdline.charCodeAt(i);
  ram[CMDLINE + cmdline.length] = 0;
  dv.setUint32(BOOT_PARAMS + 0x228, CMDLINE, true);
  const e820: [number, number, number][] = [
    [0, 0x9fc00, 1],
    [0x9fc00, 0x400, 2],
    [0xf0000, 0x10000, 2],
    [0x100000, ramSize - 0x100000, 1],
  ];
  e820.forEach(([addr, size, type], i) => {
    const e = BOOT_PARAMS + 0x2d0 + i * 20;
    dv.setBigUint64(e, BigInt(addr), true);
    dv.setBigUint64(e + 8, BigInt(size), true);
    dv.setUint32(e + 16, type, true);
  });
  ram[BOOT_PARAMS + 0x1e8] = e820.length;
  dv.setUint32(BOOT_PARAMS + 0x1e0, (ramSize >> 10) - 1024, true); // alt_mem_k
  // __BOOT_CS = 0x10, __BOOT_DS = 0x18
  dv.setUint32(GDT + 0x10, 0x0000ffff, true);
  dv.setUint32(GDT + 0x14, 0x00cf9b00, true);
  dv.setUint32(GDT + 0x18, 0x0000ffff, true);
  dv.setUint32(GDT + 0x1c, 0x00cf9300, true);
  const env = cpu.env;
  env.gdt.base = GDT;
  env.gdt.limit = 0x1f;
  cpu_x86_update_cr0(env, env.cr[0] | 1);
  const flat = DESC_G_MASK | DESC_B_MASK | DESC_P_MASK | DESC_S_MASK | DESC_A_MASK;
  cpu_x86_load_seg_cache(env, R_CS, 0x10, 0, 0xffffffff, flat | DESC_CS_MASK | DESC_R_MASK);
  for (const seg of [R_SS, R_DS, R_ES, R_FS, R_GS])
    cpu_x86_load_seg_cache(env, seg, 0x18, 0, 0xffffffff, flat | DESC_W_MASK);
  cpu_load_eflags(env, 0x2, ~(CC_MASK | DF_MASK));
  env.regs[R_ESI] = BOOT_PARAMS;
  env.regs[R_EBP] = 0;
  env.regs[R_EDI] = 0;
  env.regs[R_EBX] = 0;
  env.eip = header.code32Start;
  return { cpu, ram, header, serial: () => serial };
}
