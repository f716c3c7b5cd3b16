; Hand-written: rarely used encodings and hint opcodes (nop forms, pause, 82 alias, prefetch,
; fences, clflush, rdpmc #UD) against QEMU.
; lines: 5
%include "mb.inc"
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
    cmp ecx, 14
    jb .fill
    lidt [idtr]
    mov dword [resume], .r2
.f2: rdpmc
.r2:
    mov dword [resume], .r3
.f3: db 0x0f, 0x0d, 0x00     ; prefetch (3dnow)
.r3:
    mov dword [resume], .r4
.f4: pause
    mov eax, 0x100
    db 0x82, 0xc0, 0x01      ; add al, 1 (82 alias)
    db 0x66, 0x90            ; xchg ax, ax
    db 0x0f, 0x1f, 0x44, 0x00, 0x00
    db 0x0f, 0x1f, 0xc0
    db 0x0f, 0x18, 0x00      ; prefetchnta [eax]
    db 0x0f, 0x0d, 0x08      ; prefetchw [eax]
    ; (fences and clflush depend on the CPUID model: qemu-system-i386's qemu32 has SSE2, ours does not)
    push 0
    RESULT "hint opcodes", 0
    stc
    db 0xd6                  ; salc
    push 0
    RESULT "salc", 0
    smsw eax
    and eax, 0xf
    push 0
    RESULT "smsw", 0
.r4:
    ret
%macro H 1
h%1:
    mov eax, %1
    jmp exc_common
%endmacro
exc_common:
    mov ebx, [esp]
    sub ebx, 0x100000
    push 0
    RESULT "vector", 0
    mov eax, ebx
    push 0
    RESULT "eip", 0
    mov eax, [resume]
    mov [esp], eax
    iret
H 0
H 1
H 2
H 3
H 4
H 5
H 6
H 7
H 8
H 9
H 10
H 11
H 12
H 13
section .data
handlers: dd h0,h1,h2,h3,h4,h5,h6,h7,h8,h9,h10,h11,h12,h13
idtr: dw 14*8-1
      dd idt
resume: dd 0
section .bss
idt: resb 14*8
%include "end.inc"
