import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runEmulator } from './helpers.js';
import { assembleGuest, hasNasm, hasQemuI386, INTERRUPTS_GUEST } from './nasm-guests.js';

// -d in_asm,int,cpu -D file on the pc machine, with a multiboot guest that takes a software
// interrupt, an exception and timer interrupts; the log is compared with qemu-system-i386's.

if (!hasNasm) console.warn('nasm missing: -d logging tests skipped');
if (!hasQemuI386) console.warn('qemu-system-i386 missing: -d log comparison with QEMU skipped');

const GUEST_ARGS = [
  '-M',
  'pc',
  '-nodefaults',
  '-display',
  'none',
  '-device',
  'isa-debug-exit,iobase=0xf4,iosize=4',
];

// register dump lines: their keys must match, their values depend on what firmware ran before
const REG_LINE = /^(EAX|ESI|EIP|ES |CS |SS |DS |FS |GS |LDT|TR |GDT|IDT|CR0|DR0|DR6|CCS|EFER)=/;
const skeleton = (text: string) => text.split('\n').map((l) => (REG_LINE.test(l) ? l.slice(0, 4) : l));

describe.skipIf(!hasNasm)('-d / -D', () => {
  const kernel = hasNasm ? assembleGuest('ints', INTERRUPTS_GUEST) : '';
  const dir = mkdtempSync(join(tmpdir(), 'tsemu-dlog-'));

  test('-d in_asm,int -D file: the guest code, interrupt and exception lines', async () => {
    const log = join(dir, 'tsemu.log');
    writeFileSync(log, 'stale text QEMU truncates\n');
    const r = await runEmulator([...GUEST_ARGS, '-kernel', kernel, '-d', 'in_asm,int', '-D', log]);
    // isa-debug-exit with 0: exit status 1
    expect(r.status).toBe(1);
    const text = readFileSync(log, 'utf8');
    expect(text.startsWith('----------------\nIN: \n0x00100020:  fa                       cli      \n')).toBe(
      true,
    );
    expect(text).not.toContain('stale');
    expect(text).toContain('0x001000af:  cd 30                    int      $0x30\n');
    expect(text).toMatch(
      /\n {5}0: v=30 e=0000 i=1 cpl=0 IP=0008:001000af pc=001000af SP=0010:00100[0-9a-f]{3} env->regs\[R_EAX\]=00000004\nEAX=00000004 /,
    );
    expect(text).toMatch(
      /\ncheck_exception old: 0xffffffff new 0x6\n {5}1: v=06 e=0000 i=0 cpl=0 IP=0008:001000b1 /,
    );
    expect(text).toContain('\nCS =0008 00000000 ffffffff 00cf9b00 DPL=0 CS32 [-RA]\n');
    expect(text).toContain('\nCCS=');
    const serviced = text.match(/\nServicing hardware INT=0x20\n {5}\d: v=20 e=0000 i=0 /g) ?? [];
    expect(serviced.length).toBe(3);
  });

  test.skipIf(!hasQemuI386)('the log has the shape of qemu-system-i386 -d in_asm,int', async () => {
    const ours = join(dir, 'shape-tsemu.log');
    const theirs = join(dir, 'shape-qemu.log');
    await runEmulator([...GUEST_ARGS, '-kernel', kernel, '-d', 'in_asm,int', '-D', ours]);
    spawnSync(
      'qemu-system-i386',
      [...GUEST_ARGS, '-accel', 'tcg', '-kernel', kernel, '-d', 'in_asm,int', '-D', theirs],
      {
        timeout: 30_000,
      },
    );
    const q = readFileSync(theirs, 'utf8');
    // QEMU's log starts with SeaBIOS and the multiboot option ROM: keep what follows the kernel entry
    const entry = q.indexOf('----------------\nIN: \n0x00100020:');
    expect(entry).toBeGreaterThan(0);
    expect(skeleton(readFileSync(ours, 'utf8'))).toEqual(skeleton(q.slice(entry)));
  });

  test('-d cpu,fpu: the state before each TB; -d tid needs a %d template', async () => {
    const log = join(dir, 'cpu.log');
    const r = await runEmulator([...GUEST_ARGS, '-kernel', kernel, '-d', 'cpu,fpu', '-D', log]);
    expect(r.status).toBe(1);
    const text = readFileSync(log, 'utf8');
    expect(text.startsWith('EAX=2badb002 EBX=')).toBe(true);
    expect(text).toContain('\nEIP=00100020 EFL=00000002 [-------] CPL=0 II=0 A20=1 SMM=0 HLT=0\n');
    expect(text).toMatch(/\nCCS=[0-9a-f]{8} CCD=[0-9a-f]{8} CCO=\w+\nEFER=0{16}\nFCW=037f /);
    const tid = await runEmulator(['-d', 'tid', '-D', join(dir, 'x.log')]);
    expect([tid.status, tid.stderr]).toEqual([
      1,
      "tsemu-system-x86_64: Filename template with '%d' required for 'tid'\n",
    ]);
  });
});
