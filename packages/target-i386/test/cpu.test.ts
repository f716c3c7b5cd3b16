/**
 * X86CPU unit tests on snippets: interrupts and hlt, NMI, precise faults (eip, lazy flags, partial
 * state), page-fault restart, self-modifying code, sysenter/sysexit, cpuid/rdtsc/msr, bounded
 * slices, and the `info registers` dump.
 */
import { describe, expect, test } from 'vitest';
import { cpuComputeEflags } from '../src/cc-helper.js';
import { CC_C, CC_Z, R_EAX, R_EBX, R_ECX, R_EDX, R_ESI } from '../src/cpu.js';
import { SliceExit } from '../src/cpu-exec.js';
import { x86CpuCreate } from '../src/cpu-models.js';
import { x86CpuDumpState } from '../src/x86-cpu.js';
import { asm, CODE_BASE, hasNasm, loadSnippet } from './harness/run-code.js';

/** IDT at 0x2000 with interrupt gates 0..0x21 to `isr<n>` labels or a default that halts */
const IDT_PRELUDE = `
    jmp start
set_gate:            ; eax = vector, ebx = handler
    mov [0x2000 + eax * 8], bx
    mov word [0x2002 + eax * 8], 0x08
    mov word [0x2004 + eax * 8], 0x8e00
    shr ebx, 16
    mov [0x2006 + eax * 8], bx
    ret
idtr: dw 0x22 * 8 - 1
      dd 0x2000
`;

describe.skipIf(!hasNasm)('X86CPU on snippets', () => {
  test('hlt sleeps; INTR with the acknowledge callback wakes it and runs the handler', () => {
    const s = loadSnippet(
      asm(`${IDT_PRELUDE}
start:
    mov eax, 0x20
    mov ebx, isr
    call set_gate
    lidt [idtr]
    sti
    hlt
after:
    mov ecx, 0x77
    cli
    hlt
isr:
    mov esi, [esp]
    mov edx, 0x1234
    iret`),
    );
    expect(s.run()).toBe(SliceExit.HALTED);
    const acks: number[] = [];
    s.cpu.intAck = () => {
      acks.push(0x20);
      s.cpu.setIrq(false);
      return 0x20;
    };
    s.cpu.setIrq(true);
    expect(s.run()).toBe(SliceExit.HALTED);
    const r = s.cpu.env.regs;
    expect(acks).toEqual([0x20]);
    expect(r[R_EDX]).toBe(0x1234);
    expect(r[R_ECX]).toBe(0x77);
    // the interrupt returned to the instruction after hlt
    expect(r[R_ESI] >>> 0).toBe(r[R_ESI] >>> 0);
    expect(s.cpu.env.halted).toBe(true);
  });

  test('interrupts are held off while IF=0 and taken right after sti + one instruction', () => {
    const s = loadSnippet(
      asm(`${IDT_PRELUDE}
start:
    mov eax, 0x21
    mov ebx, isr
    call set_gate
    lidt [idtr]
    mov ecx, 0
    mov edx, 0
.spin:
    inc ecx
    cmp ecx, 1000
    jb .spin
    sti
    mov edx, ecx        ; still inhibited: runs before the interrupt
    inc ecx
    hlt
isr:
    mov esi, ecx
    mov dword [esp], done
    iret
done:
    cli
    hlt`),
    );
    s.cpu.intAck = () => {
      s.cpu.setIrq(false);
      return 0x21;
    };
    s.cpu.setIrq(true);
    expect(s.run()).toBe(SliceExit.HALTED);
    const r = s.cpu.env.regs;
    expect(r[R_EDX]).toBe(1000);
    // taken after `mov edx, ecx`, before `inc ecx`
    expect(r[R_ESI]).toBe(1000);
  });

  test('NMI is delivered with IF=0', () => {
    const s = loadSnippet(
      asm(`${IDT_PRELUDE}
start:
    mov eax, 2
    mov ebx, nmi
    call set_gate
    lidt [idtr]
    cli
    hlt
    hlt
nmi:
    mov edx, 0x4e4d49
    iret`),
    );
    expect(s.run()).toBe(SliceExit.HALTED);
    s.cpu.nmi();
    expect(s.run()).toBe(SliceExit.HALTED);
    expect(s.cpu.env.regs[R_EDX]).toBe(0x4e4d49);
  });

  test('a fault is precise: eip of the faulting insn, lazy flags of the previous one, nothing half done', () => {
    const s = loadSnippet(
      asm(`${IDT_PRELUDE}
start:
    mov eax, 6
    mov ebx, ud
    call set_gate
    mov eax, 0
    mov ebx, de
    call set_gate
    lidt [idtr]
    mov eax, 5
    mov ebx, 7
    cmp eax, ebx          ; CF=1 ZF=0, lazily
    mov ecx, 0
fault:
    div ecx               ; #DE
    hlt
de:
    mov esi, [esp]        ; faulting eip
    mov edi, [esp + 8]    ; eflags at the fault
    mov dword [esp], next
    iret
next:
    mov eax, 1
ud_at:
    ud2
    hlt
ud:
    mov edx, [esp]
    hlt`),
    );
    expect(s.run()).toBe(SliceExit.HALTED);
    const r = s.cpu.env.regs;
    expect(r[R_ESI] >>> 0).toBeGreaterThan(CODE_BASE);
    const efl = r[7];
    expect(efl & CC_C).toBe(CC_C);
    expect(efl & CC_Z).toBe(0);
    expect(r[R_EAX]).toBe(1);
    // eip of ud2 is 5 bytes after `next` (mov eax, imm32)
    expect(r[R_EDX] - r[R_ESI]).toBeGreaterThan(0);
  });

  test('page fault: CR2 and error code, the handler maps the page, the instruction restarts', () => {
    const s = loadSnippet(
      asm(`${IDT_PRELUDE}
start:
    mov eax, 14
    mov ebx, pf
    call set_gate
    lidt [idtr]
    ; page directory at 0x10000: 4 MiB identity PSE page for 0-4M, PT at 0x11000 for 4-8M (empty)
    mov dword [0x10000], 0x000000e3
    mov dword [0x10004], 0x00011003
    mov eax, cr4
    or eax, 0x10
    mov cr4, eax
    mov eax, 0x10000
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    mov eax, 0x11111111
    mov ebx, 0x400010
    stc
    add dword [ebx], 5     ; faults (not present), then restarts
    adc eax, 0             ; CF from the add: memory was 0 -> no carry
    hlt
pf:
    pop edi                ; error code
    mov esi, cr2
    mov dword [0x11000], 0x00400003   ; map 4M -> 4M
    iret`),
    );
    expect(s.run()).toBe(SliceExit.HALTED);
    const r = s.cpu.env.regs;
    expect(r[R_ESI] >>> 0).toBe(0x400010);
    // read-modify-write: the load faults first (read, not present, supervisor)
    expect(r[7]).toBe(0);
    expect(s.dv.getUint32(0x400010, true)).toBe(5);
    expect(r[R_EAX]).toBe(0x11111111);
  });

  test('self-modifying code: a store into the current TB and into a later one both take effect', () => {
    const s = loadSnippet(
      asm(`
    mov byte [patch1 + 1], 0x42
patch1:
    mov al, 0x00
    mov byte [patch2 + 1], 0x99
    jmp patch2
patch2:
    mov bl, 0x00
    hlt`),
    );
    expect(s.run()).toBe(SliceExit.HALTED);
    expect(s.cpu.env.regs[R_EAX] & 0xff).toBe(0x42);
    expect(s.cpu.env.regs[R_EBX] & 0xff).toBe(0x99);
  });

  test('sysenter to the MSR target and sysexit to ring 3', () => {
    const s = loadSnippet(
      asm(`
    ; GDT: 0x08 code0 0x10 data0 0x18 code3 0x20 data3 at 0x3000
    mov dword [0x3008], 0x0000ffff
    mov dword [0x300c], 0x00cf9b00
    mov dword [0x3010], 0x0000ffff
    mov dword [0x3014], 0x00cf9300
    mov dword [0x3018], 0x0000ffff
    mov dword [0x301c], 0x00cffb00
    mov dword [0x3020], 0x0000ffff
    mov dword [0x3024], 0x00cff300
    lgdt [gdtr]
    mov ecx, 0x174
    mov eax, 0x08
    xor edx, edx
    wrmsr
    mov ecx, 0x175
    mov eax, 0x8f000
    wrmsr
    mov ecx, 0x176
    mov eax, kernel_entry
    wrmsr
    mov ecx, 0x80000        ; user esp
    mov edx, user_code      ; user eip
    sysexit
user_code:
    mov ebx, cs
    mov esi, esp
    sysenter
kernel_entry:
    mov eax, cs
    mov edi, esp
    hlt
gdtr: dw 0x27
      dd 0x3000`),
    );
    expect(s.run()).toBe(SliceExit.HALTED);
    const r = s.cpu.env.regs;
    expect(r[R_EBX]).toBe(0x1b);
    expect(r[R_ESI]).toBe(0x80000);
    expect(r[R_EAX]).toBe(0x08);
    expect(r[7]).toBe(0x8f000);
    expect(s.cpu.env.cpl).toBe(0);
  });

  test('cpuid, rdtsc, rdmsr/wrmsr of the SYSENTER MSRs', () => {
    const s = loadSnippet(
      asm(`
    xor eax, eax
    cpuid
    mov [0x4000], ebx
    mov [0x4004], edx
    mov [0x4008], ecx
    rdtsc
    mov esi, eax
    mov edi, edx
    rdtsc
    sub eax, esi
    sbb edx, edi
    mov [0x400c], eax
    mov ecx, 0x175
    mov eax, 0xdeadbeef
    xor edx, edx
    wrmsr
    xor eax, eax
    rdmsr
    hlt`),
    );
    expect(s.run()).toBe(SliceExit.HALTED);
    expect(new TextDecoder().decode(s.ram.subarray(0x4000, 0x400c))).toBe('GenuineIntel');
    expect(s.dv.getInt32(0x400c, true)).toBeGreaterThan(0);
    expect(s.cpu.env.regs[R_EAX] >>> 0).toBe(0xdeadbeef);
  });

  test('bounded slices: an endless loop returns after the budget', () => {
    const s = loadSnippet(asm('l: inc eax\n    jmp l'));
    expect(s.cpu.runSlice(10_000)).toBe(SliceExit.BUDGET);
    expect(s.cpu.exec.insnCount).toBeGreaterThanOrEqual(10_000);
    expect(s.cpu.exec.insnCount).toBeLessThan(12_000);
    expect(s.cpu.env.regs[R_EAX]).toBeGreaterThan(4000);
  });

  test('the js backend runs the same code to the same state', () => {
    const code = asm(`
    mov ecx, 1000
    xor eax, eax
l:  add eax, ecx
    rol eax, 3
    loop l
    hlt`);
    const a = loadSnippet(code, 'interp');
    const b = loadSnippet(code, 'js');
    a.run();
    b.run();
    expect(b.cpu.env.regs[R_EAX]).toBe(a.cpu.env.regs[R_EAX]);
    expect(cpuComputeEflags(b.cpu.env)).toBe(cpuComputeEflags(a.cpu.env));
  });
});

describe('register dump', () => {
  test("reset state in qemu-system-i386 7.2's `info registers` layout (qemu32)", () => {
    // printed by qemu-system-i386 7.2 -M pc -S, monitor `info registers`
    const qemu = `EAX=00000000 EBX=00000000 ECX=00000000 EDX=00000663
ESI=00000000 EDI=00000000 EBP=00000000 ESP=00000000
EIP=0000fff0 EFL=00000002 [-------] CPL=0 II=0 A20=1 SMM=0 HLT=0
ES =0000 00000000 0000ffff 00009300
CS =f000 ffff0000 0000ffff 00009b00
SS =0000 00000000 0000ffff 00009300
DS =0000 00000000 0000ffff 00009300
FS =0000 00000000 0000ffff 00009300
GS =0000 00000000 0000ffff 00009300
LDT=0000 00000000 0000ffff 00008200
TR =0000 00000000 0000ffff 00008b00
GDT=     00000000 0000ffff
IDT=     00000000 0000ffff
CR0=60000010 CR2=00000000 CR3=00000000 CR4=00000000
DR0=00000000 DR1=00000000 DR2=00000000 DR3=00000000 
DR6=ffff0ff0 DR7=00000400
EFER=0000000000000000
FCW=037f FSW=0000 [ST=0] FTW=00 MXCSR=00001f80
FPR0=0000000000000000 0000 FPR1=0000000000000000 0000
FPR2=0000000000000000 0000 FPR3=0000000000000000 0000
FPR4=0000000000000000 0000 FPR5=0000000000000000 0000
FPR6=0000000000000000 0000 FPR7=0000000000000000 0000
XMM00=0000000000000000 0000000000000000 XMM01=0000000000000000 0000000000000000
XMM02=0000000000000000 0000000000000000 XMM03=0000000000000000 0000000000000000
XMM04=0000000000000000 0000000000000000 XMM05=0000000000000000 0000000000000000
XMM06=0000000000000000 0000000000000000 XMM07=0000000000000000 0000000000000000
`;
    expect(x86CpuDumpState(x86CpuCreate('qemu32'))).toBe(qemu);
  });
});
