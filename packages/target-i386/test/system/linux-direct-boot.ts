/**
 * Boot a Linux bzImage straight into its 32-bit entry (the boot protocol's code32_start, as a
 * bootloader that skips the real-mode setup does) on the bare tsemu CPU: RAM, an e820 map in the
 * zero page, and a serial port stub at 0x3f8 for earlyprintk. No PIC, PIT or disks: the kernel
 * gets through the decompressor and start_kernel into the initcalls; `-d int` style lines go to
 * stdout prefixed with INT.
 *
 *   tsx --conditions=@tsemu/source test/system/linux-direct-boot.ts /path/to/bzImage
 *   env: INSNS (instruction budget, default 4e9), BACKEND (js|interp), DET_TSC=1 (TSC = 3 x insns),
 *   OPTIMIZE=0 (IR optimizer off), MAXGROUP, JS_THRESHOLD (js backend knobs)
 */
import { readFileSync } from 'node:fs';
import type { BackendName } from '@tsemu/tcg';
import {
  cpu_load_eflags,
  cpu_x86_load_seg_cache,
  cpu_x86_update_cr0,
  DESC_A_MASK,
  DESC_B_MASK,
  DESC_CS_MASK,
  DESC_G_MASK,
  DESC_P_MASK,
  DESC_R_MASK,
  DESC_S_MASK,
  DESC_W_MASK,
  R_CS,
  R_DS,
  R_ES,
  R_ESI,
  R_ESP,
  R_FS,
  R_GS,
  R_SS,
  SliceExit,
  X86CPU,
} from '../../src/index.js';

const path = process.argv[2];
if (!path) throw new Error('usage: linux-direct-boot.ts BZIMAGE');
const img = readFileSync(path);
const RAM = 128 << 20;
const ram = new Uint8Array(RAM);
const dv = new DataView(ram.buffer);
// protected-mode kernel after the setup sectors, at 1 MiB
const setupSects = img[0x1f1] || 4;
ram.set(img.subarray((setupSects + 1) * 512), 0x100000);
// zero page: the setup header copied in, loader id, command line, e820
const BP = 0x10000;
ram.set(img.subarray(0x1f1, 0x202 + img[0x201]), BP + 0x1f1);
ram[BP + 0x210] = 0xff;
const CMD = 0x20000;
const cmdline = process.env.CMDLINE ?? 'console=ttyS0 earlyprintk=serial,ttyS0,115200 lpj=1000000';
for (let i = 0; i < cmdline.length; i++) ram[CMD + i] = cmdline.charCodeAt(i);
dv.setUint32(BP + 0x228, CMD, true);
const e820 = [
  [0, 0x9fc00],
  [0x100000, RAM - 0x100000],
];
ram[BP + 0x1e8] = e820.length;
e820.forEach(([addr, len], i) => {
  dv.setUint32(BP + 0x2d0 + i * 20, addr, true);
  dv.setUint32(BP + 0x2d0 + i * 20 + 8, len, true);
  dv.setUint32(BP + 0x2d0 + i * 20 + 16, 1, true);
});

let line = '';
const cpu: X86CPU = new X86CPU({
  ram,
  model: process.env.MODEL ?? 'qemu32',
  backend: (process.env.BACKEND as BackendName | undefined) ?? 'js',
  io: {
    // 16550 stub: LSR says the transmitter is empty
    in: (port, size) =>
      port === 0x3fd ? 0x60 : port === 0x3f9 || port === 0x3fa ? 0 : size === 4 ? -1 : (1 << (8 * size)) - 1,
    out: (port, _size, v) => {
      if (port !== 0x3f8) return;
      line += String.fromCharCode(v & 0xff);
      if ((v & 0xff) === 10) {
        process.stdout.write(line);
        line = '';
      }
    },
  },
});
const env = cpu.env;
if (process.env.OPTIMIZE === '0') cpu.exec.optimize = false;
if (process.env.MAXGROUP) cpu.exec.maxGroup = Number(process.env.MAXGROUP);
if (process.env.JS_THRESHOLD) cpu.exec.jsThreshold = Number(process.env.JS_THRESHOLD);
if (process.env.DET_TSC) env.getTscTicks = () => BigInt(cpu.exec.insnCount) * 3n;
// the boot protocol's GDT: __BOOT_CS = 0x10, __BOOT_DS = 0x18
const GDT = 0x500;
dv.setUint32(GDT + 16, 0x0000ffff, true);
dv.setUint32(GDT + 20, 0x00cf9b00, true);
dv.setUint32(GDT + 24, 0x0000ffff, true);
dv.setUint32(GDT + 28, 0x00cf9300, true);
env.gdt.base = GDT;
env.gdt.limit = 31;
cpu_x86_update_cr0(env, env.cr[0] | 1);
const flat = DESC_G_MASK | DESC_B_MASK | DESC_P_MASK | DESC_S_MASK | DESC_A_MASK;
cpu_x86_load_seg_cache(env, R_CS, 0x10, 0, 0xffffffff, flat | DESC_CS_MASK | DESC_R_MASK);
for (const s of [R_SS, R_DS, R_ES, R_FS, R_GS])
  cpu_x86_load_seg_cache(env, s, 0x18, 0, 0xffffffff, flat | DESC_W_MASK);
cpu_load_eflags(env, 2, ~0);
env.regs[R_ESI] = BP;
env.regs[R_ESP] = 0x9000;
env.eip = dv.getUint32(BP + 0x214, true) || 0x100000;
env.intLog = (l) => console.log(`INT ${l}`);

const t0 = Date.now();
const budget = Number(process.env.INSNS ?? 4e9);
while (cpu.exec.insnCount < budget) {
  const r = cpu.runSlice(1_000_000);
  if (r === SliceExit.RESET) {
    console.log('triple fault: reset requested');
    break;
  }
  if (r === SliceExit.HALTED && !(env.eflags & 0x200)) {
    console.log('halted with interrupts disabled');
    break;
  }
}
console.log(line);
console.log(`${cpu.exec.insnCount} instructions in ${(Date.now() - t0) / 1000}s`);
console.log(cpu.dumpState());
