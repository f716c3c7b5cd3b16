// A multiboot guest program that drives the UART (registers, loopback, the THRE interrupt through
// the PIC to the CPU), the i8042 with its PS/2 keyboard and mouse, and port 0x92, printing what it
// reads to the debug console; it runs on QEMU 7.2 (after SeaBIOS, so it sets every state it reads)
// and on tsemu's pc machine, and both must print the same text and exit through isa-debug-exit.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NullChardev } from '@tsemu/chardev';
import { qdevNew, qdevPropSet, qdevRealizeAndUnref, qemuClockResetAll } from '@tsemu/qdev';
import { SliceExit } from '@tsemu/target-i386';
import { afterAll, describe, expect, test } from 'vitest';
import { debugconInit } from '../../src/char/debugcon.js';
import { createPcMachine } from '../../src/i386/pc.js';
import { debugExitSetHandler, TYPE_ISA_DEBUG_EXIT_DEVICE } from '../../src/misc/debugexit.js';
import { LineChardev } from '../char/harness.js';

const tool = (cmd: string, arg: string) => spawnSync(cmd, [arg]).status === 0;
const haveTools = tool('nasm', '-v') && tool('qemu-system-x86_64', '--version');
if (!haveTools) console.warn('nasm or qemu-system-x86_64 missing: guest differential test skipped');

const SOURCE = `bits 32
org 0x100000
MB_MAGIC equ 0x1BADB002
MB_FLAGS equ 0x00010000
header:
  dd MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)
  dd header, header, load_end, bss_end, start

%macro OUTB 2
  mov dx, %1
  mov al, %2
  out dx, al
%endmacro
%macro SHOW 1            ; read a port, print it as two hex digits and a space
  mov dx, %1
  in al, dx
  call hex8
%endmacro
%macro TITLE 1
  jmp %%go
%%s: db %1, 0
%%go:
  mov esi, %%s
  call puts
%endmacro

start:
  cli
  mov esp, stack_top
  ; ---------------- UART registers and loopback
  TITLE 'uart:'
  OUTB 0x3f9, 0x00
  OUTB 0x3fb, 0x80
  OUTB 0x3f8, 0x01
  OUTB 0x3f9, 0x00
  SHOW 0x3f8
  SHOW 0x3f9
  OUTB 0x3fb, 0x03
  OUTB 0x3fa, 0x07
  OUTB 0x3fa, 0xc7
  OUTB 0x3fc, 0x1b
  OUTB 0x3ff, 0x5a
  SHOW 0x3fa
  SHOW 0x3fb
  SHOW 0x3fc
  SHOW 0x3fd
  SHOW 0x3fe
  SHOW 0x3ff
  OUTB 0x3f8, 0x41
  OUTB 0x3f8, 0x42
  SHOW 0x3fd
  SHOW 0x3f8
  SHOW 0x3f8
  SHOW 0x3fd
  OUTB 0x3fa, 0x00
  OUTB 0x3f8, 0x43
  OUTB 0x3f8, 0x44
  SHOW 0x3fd
  SHOW 0x3fd
  SHOW 0x3f8
  OUTB 0x3fc, 0x08
  SHOW 0x3fe
  call nl

  ; ---------------- the THRE interrupt through the PIC: IRQ 4 -> vector 0x24
  TITLE 'irq:'
  mov ax, cs
  mov [gate + 2], ax
  mov eax, isr4
  mov [gate], ax
  shr eax, 16
  mov [gate + 6], ax
  lidt [idtr]
  OUTB 0x20, 0x11
  OUTB 0x21, 0x20
  OUTB 0x21, 0x04
  OUTB 0x21, 0x01
  OUTB 0xa0, 0x11
  OUTB 0xa1, 0x28
  OUTB 0xa1, 0x02
  OUTB 0xa1, 0x01
  OUTB 0x21, 0xef
  OUTB 0xa1, 0xff
  OUTB 0x3f9, 0x02         ; THRI with THR empty: the interrupt is pending at once
  sti
  nop
  nop
  cli
  mov al, [count]
  call hex8
  OUTB 0x3f9, 0x02         ; rewriting THRI does not raise it again
  sti
  nop
  cli
  mov al, [count]
  call hex8
  OUTB 0x3f8, 0x21         ; a transmitted byte does (loopback is off; the byte goes out)
  sti
  nop
  cli
  mov al, [count]
  call hex8
  OUTB 0x3f9, 0x00
  OUTB 0x21, 0xff
  call nl

  ; ---------------- i8042 and PS/2
  TITLE 'kbc:'
  call drain
  OUTB 0x64, 0xaa
  SHOW 0x60
  SHOW 0x64
  OUTB 0x64, 0x60
  OUTB 0x60, 0x44          ; translation, system flag, no interrupts
  OUTB 0x64, 0x20
  SHOW 0x64
  SHOW 0x60
  SHOW 0x64
  OUTB 0x64, 0xd1
  OUTB 0x60, 0xdf
  OUTB 0x64, 0xd0
  SHOW 0x60
  OUTB 0x64, 0xab
  SHOW 0x60
  OUTB 0x64, 0xa9
  SHOW 0x60
  call nl
  TITLE 'kbd:'
  mov bl, 0xff
  call kbd_cmd
  mov bl, 0xf2
  call kbd_cmd
  mov bl, 0xf0
  call kbd_cmd
  mov bl, 0x00
  call kbd_cmd
  mov bl, 0xee
  call kbd_cmd
  mov bl, 0xf5
  call kbd_cmd
  mov bl, 0xf4
  call kbd_cmd
  call nl
  TITLE 'aux:'
  mov bl, 0xff
  call aux_cmd
  mov bl, 0xf3
  call aux_cmd
  mov bl, 200
  call aux_cmd
  mov bl, 0xf3
  call aux_cmd
  mov bl, 100
  call aux_cmd
  mov bl, 0xf3
  call aux_cmd
  mov bl, 80
  call aux_cmd
  mov bl, 0xf2
  call aux_cmd
  mov bl, 0xe9
  call aux_cmd
  mov bl, 0xeb
  call aux_cmd
  call nl
  TITLE 'p92:'
  OUTB 0x92, 0x02
  SHOW 0x92
  call nl

  ; ---------------- fw_cfg through the I/O ports and DMA
  TITLE 'fwc:'
  mov dx, 0x510
  mov ax, 0x0000
  out dx, ax
  mov dx, 0x511
  mov ecx, 4
.sig:
  in al, dx
  out 0xe9, al
  loop .sig
  mov al, ' '
  out 0xe9, al
  mov dword [dma], 0x0a000100   ; big-endian control: key 0x0001 << 16 | SELECT | READ
  mov dword [dma + 4], 0x04000000 ; length 4
  mov dword [dma + 8], 0
  mov eax, dmabuf
  bswap eax
  mov [dma + 12], eax
  call fw_dma
  mov al, [dmabuf]
  call hex8
  mov al, [dma + 3]          ; control's low byte: 0 when done, 1 on error
  call hex8
  mov dword [dma], 0x0a001900   ; select FILE_DIR | SELECT | READ
  mov dword [dma + 4], 0x04000000
  call fw_dma
  mov al, [dma + 3]          ; control's low byte: 0 when done, 1 on error
  call hex8
  mov dword [dma], 0x18000100   ; key 0x0001 | SELECT | WRITE: the ID is read-only
  mov dword [dma + 4], 0x01000000
  call fw_dma
  mov al, [dma + 3]          ; control's low byte: 0 when done, 1 on error
  call hex8
  mov dx, 0x514
  in eax, dx
  call hex8
  call nl
  OUTB 0xf4, 0x00          ; exit status 1
  hlt

fw_dma:                    ; run the FWCfgDmaAccess at dma
  mov dx, 0x514
  xor eax, eax
  out dx, eax
  mov eax, dma
  bswap eax
  mov dx, 0x518
  out dx, eax
  ret

isr4:
  push eax
  push edx
  mov dx, 0x3fa
  in al, dx
  and al, 0x0f
  call hex8
  inc byte [count]
  OUTB 0x20, 0x20
  pop edx
  pop eax
  iret

; send BL to the keyboard, print the reply bytes
kbd_cmd:
  mov al, bl
  out 0x60, al
  jmp show_replies
aux_cmd:
  OUTB 0x64, 0xd4
  mov al, bl
  out 0x60, al
show_replies:
  mov ecx, 16
.l:
  in al, 0x64
  test al, 1
  jz .d
  in al, 0x60
  call hex8
  loop .l
.d:
  mov al, '|'
  out 0xe9, al
  ret

drain:
  mov ecx, 64
.l:
  in al, 0x64
  test al, 1
  jz .d
  in al, 0x60
  loop .l
.d:
  ret

puts:
  lodsb
  test al, al
  jz .d
  out 0xe9, al
  jmp puts
.d:
  ret

nl:
  mov al, 10
  out 0xe9, al
  ret

hex8:                     ; print AL as two hex digits and a space
  push eax
  push ebx
  movzx ebx, al
  shr ebx, 4
  mov bl, [hexdigits + ebx]
  xchg al, bl
  out 0xe9, al
  mov al, bl
  and eax, 0x0f
  mov al, [hexdigits + eax]
  out 0xe9, al
  mov al, ' '
  out 0xe9, al
  pop ebx
  pop eax
  ret

hexdigits: db '0123456789abcdef'
align 16
dma: times 16 db 0
dmabuf: times 16 db 0
count: db 0
align 8
idtr:
  dw 0x25 * 8 - 1
  dd idt
idt:
  times 0x24 dq 0
gate:
  dw 0, 0
  db 0, 0x8e
  dw 0
  align 16
  times 4096 db 0
stack_top:
load_end:
bss_end:
`;

const dir = mkdtempSync(join(tmpdir(), 'tsemu-hwpc-guest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function assemble(): string {
  writeFileSync(join(dir, 'dev.asm'), SOURCE);
  const out = join(dir, 'dev.bin');
  execFileSync('nasm', ['-f', 'bin', '-o', out, join(dir, 'dev.asm')]);
  return out;
}

// the built tsemu-system-x86_64 (or the command in TSEMU_SYSTEM_EMULATOR) runs it too
const repoRoot = join(import.meta.dirname, '..', '..', '..', '..');
const tsemuCmd = process.env.TSEMU_SYSTEM_EMULATOR?.split(' ').filter(Boolean) ?? [
  process.execPath,
  join(repoRoot, 'apps', 'system-emulator', 'bin', 'tsemu-system-x86_64'),
];
const haveTsemuBin =
  !!process.env.TSEMU_SYSTEM_EMULATOR ||
  existsSync(join(repoRoot, 'apps', 'system-emulator', 'dist', 'cli.js'));

function onQemu(
  kernel: string,
  bin: string[] = ['qemu-system-x86_64'],
): { text: string; status: number | null } {
  const log = join(dir, `debugcon-${bin.length}.txt`);
  const r = spawnSync(
    bin[0],
    [
      ...bin.slice(1),
      '-M',
      'pc',
      '-accel',
      'tcg',
      '-nodefaults',
      '-display',
      'none',
      '-kernel',
      kernel,
      '-chardev',
      'null,id=s0',
      '-device',
      'isa-serial,chardev=s0',
      '-chardev',
      `file,id=dbg,path=${log}`,
      '-device',
      'isa-debugcon,chardev=dbg',
      '-device',
      'isa-debug-exit,iobase=0xf4,iosize=4',
    ],
    { timeout: 60000 },
  );
  return { text: readFileSync(log, 'latin1'), status: r.status };
}

function onTsemu(kernel: string): { text: string; status: number | null } {
  qemuClockResetAll();
  const m = createPcMachine({ nodefaults: true, kernel, serial: [new NullChardev('s0')] });
  try {
    const line = new LineChardev('dbg');
    debugconInit(m.isaBus, line);
    const exit = qdevNew(TYPE_ISA_DEBUG_EXIT_DEVICE);
    qdevPropSet(exit, 'iobase', 0xf4);
    qdevPropSet(exit, 'iosize', 4);
    qdevRealizeAndUnref(exit, m.isaBus);
    let status: number | null = null;
    debugExitSetHandler((s) => {
      status = s;
      m.cpu.kick();
    });
    for (let i = 0; i < 10_000 && status === null; i++) {
      const r = m.cpu.runSlice(10_000);
      if (r === SliceExit.HALTED || r === SliceExit.RESET) break;
    }
    return { text: line.text(), status };
  } finally {
    debugExitSetHandler(undefined);
    m.destroy();
  }
}

describe.skipIf(!haveTools)('guest program on the devices, QEMU 7.2 vs tsemu', () => {
  test('UART, THRE interrupt via the PIC, i8042/PS2, port 0x92, fw_cfg ports and DMA print the same', () => {
    const kernel = assemble();
    const qemu = onQemu(kernel);
    expect(qemu.status).toBe(1);
    expect(qemu.text).toMatch(
      /^uart:.*\nirq:.*\nkbc:.*\nkbd:.*\naux:.*\np92:.*\nfwc:QEMU 03 00 00 01 51 \n$/,
    );
    // the interrupt was taken once at sti, not again on rewriting IER, once more after a byte
    expect(qemu.text).toMatch(/\nirq:02 01 01 02 02 \n/);
    const ts = onTsemu(kernel);
    expect(ts.text).toBe(qemu.text);
    expect(ts.status).toBe(1);
    if (haveTsemuBin) expect(onQemu(kernel, tsemuCmd)).toEqual(qemu);
  }, 90000);
});
