; Hand-written: #DE (div by zero, idiv overflow), #UD (ud2), #BR (bound) through
; lines: 9
; an IDT of interrupt gates; handlers print vector and faulting EIP offset, then
; continue at [resume].
%include "mb.inc"
%macro HANDLER 1
h%1:
    mov eax, %1
    jmp exc_common
%endmacro
main:
    mov ecx, 0
    mov edi, idt
.fill:
    mov eax, [handlers + ecx * 4]
    mov [edi], ax
    mov word [edi + 2], cs
    mov word [edi + 4], 0x8e00
    shr eax, 16
    mov [edi + 6], ax
    add edi, 8
    inc ecx
    cmp ecx, 8
    jb .fill
    lidt [idtr]
    mov dword [resume], .r1
    xor ecx, ecx
    mov eax, 1
    xor edx, edx
.f1: div ecx
.r1:
    mov dword [resume], .r2
    mov eax, 0x80000000
    mov edx, 0xffffffff
    mov ecx, -1
.f2: idiv ecx
.r2:
    mov dword [resume], .r3
.f3: ud2
.r3:
    mov dword [resume], .r4
    mov eax, 5
.f4: bound eax, [bounds]
.r4:
    mov eax, 2
    bound eax, [bounds]
    push 0
    RESULT "bound in range", 0
    ret
exc_common:
    mov ebx, [esp]          ; faulting EIP
    sub ebx, 0x100000
    push 0
    RESULT "vector", 0
    mov eax, ebx
    push 0
    RESULT "eip offset", 0
    mov eax, [resume]
    mov [esp], eax
    iret
HANDLER 0
HANDLER 1
HANDLER 2
HANDLER 3
HANDLER 4
HANDLER 5
HANDLER 6
HANDLER 7
section .data
align 4
handlers: dd h0, h1, h2, h3, h4, h5, h6, h7
bounds: dd 0, 3
idtr: dw 8 * 8 - 1
      dd idt
resume: dd 0
section .bss
idt: resb 64
%include "end.inc"
