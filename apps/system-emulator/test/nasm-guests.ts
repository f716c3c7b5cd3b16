import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const hasNasm = spawnSync('nasm', ['-v']).status === 0;
export const hasQemuI386 = spawnSync('qemu-system-i386', ['--version']).status === 0;

/** Assemble a flat multiboot kernel (nasm -f bin); returns its path. */
export function assembleGuest(name: string, body: string): string {
  const dir = mkdtempSync(join(tmpdir(), `tsemu-${name}-`));
  const src = join(dir, `${name}.asm`);
  const out = join(dir, `${name}.bin`);
  writeFileSync(src, `${MULTIBOOT_HEAD}${body}\n${MULTIBOOT_TAIL}`);
  execFileSync('nasm', ['-f', 'bin', '-o', out, src]);
  return out;
}

const MULTIBOOT_HEAD = `bits 32
org 0x100000
MB_MAGIC equ 0x1BADB002
MB_FLAGS equ 0x00010000
header:
  dd MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)
  dd header, header, load_end, bss_end, start
start:
  cli
  mov esp, stack_top
`;

const MULTIBOOT_TAIL = `
; print EAX as 8 hex digits to the debug console
hex32:
  push ecx
  push edx
  push eax
  mov ecx, 8
.l:
  rol eax, 4
  push eax
  and al, 15
  add al, '0'
  cmp al, '9'
  jbe .d
  add al, 7
.d:
  mov dx, 0xe9
  out dx, al
  pop eax
  loop .l
  pop eax
  pop edx
  pop ecx
  ret
putc:
  push edx
  mov dx, 0xe9
  out dx, al
  pop edx
  ret
align 16
  times 2048 db 0
stack_top:
load_end:
bss_end:
`;

/**
 * Sets up an IDT and the PIC, programs the PIT at about 1 kHz, then: int 0x30, a ud2 (its #UD
 * handler skips it), three timer interrupts out of hlt, "UT" on port 0xe9 and isa-debug-exit.
 */
export const INTERRUPTS_GUEST = `
  mov edi, idt
  mov ecx, 64
.fill:
  mov eax, dflt
  mov [edi], ax
  mov word [edi+2], 0x08
  mov word [edi+4], 0x8e00
  shr eax, 16
  mov [edi+6], ax
  add edi, 8
  loop .fill
  mov eax, ud_handler
  mov [idt + 6*8], ax
  shr eax, 16
  mov [idt + 6*8 + 6], ax
  mov eax, irq0
  mov [idt + 0x20*8], ax
  shr eax, 16
  mov [idt + 0x20*8 + 6], ax
  lidt [idtr]
  mov al, 0x11
  out 0x20, al
  out 0xa0, al
  mov al, 0x20
  out 0x21, al
  mov al, 0x28
  out 0xa1, al
  mov al, 4
  out 0x21, al
  mov al, 2
  out 0xa1, al
  mov al, 1
  out 0x21, al
  out 0xa1, al
  mov al, 0xfe
  out 0x21, al
  mov al, 0xff
  out 0xa1, al
  mov al, 0x34
  out 0x43, al
  mov al, 0xa9
  out 0x40, al
  mov al, 0x04
  out 0x40, al
  int 0x30
  ud2
  mov al, 'U'
  call putc
  sti
.wait:
  hlt
  cmp dword [ticks], 3
  jb .wait
  cli
  mov al, 'T'
  call putc
  mov dx, 0xf4
  mov al, 0
  out dx, al
  hlt
dflt:
  iret
ud_handler:
  add dword [esp], 2
  iret
irq0:
  push eax
  inc dword [ticks]
  mov al, 0x20
  out 0x20, al
  pop eax
  iret
ticks: dd 0
idtr:
  dw 64*8-1
  dd idt
align 16
idt:
  times 64 dq 0
`;

/** Prints CPUID 1 ECX and EDX, then 0x80000001 ECX and EDX (hex, space separated), then exits. */
export const CPUID_GUEST = `
  mov eax, 1
  cpuid
  mov eax, ecx
  call hex32
  mov al, ' '
  call putc
  mov eax, edx
  call hex32
  mov al, ' '
  call putc
  mov eax, 0x80000001
  cpuid
  mov eax, ecx
  call hex32
  mov al, ' '
  call putc
  mov eax, edx
  call hex32
  mov al, 10
  call putc
  mov dx, 0xf4
  mov al, 0
  out dx, al
  hlt
`;
