; Hand-written: segment loads with non-zero bases (ADDSEG), push/pop/mov of segment registers,
; lds/les/lfs/lgs/lss, far call/ret/jmp, 16-bit code and stack segments, iret, and faults with
; error codes (#NP, #GP, #SS, #UD) through an IDT; handlers print vector, error code, EIP offset.
; lines: 82
%include "mb.inc"
%define OFF(x) ((x) - 0x100000)
SEL_CODE32 equ 0x08
SEL_DATA32 equ 0x10
SEL_CODE16 equ 0x18
SEL_DATA16 equ 0x20
SEL_DATABUF equ 0x28
SEL_NOTPRESENT equ 0x30
SEL_RODATA equ 0x38
SEL_EXPDOWN equ 0x40

; HANDLER vector, has_error_code
%macro HANDLER 2
h%1:
%if %2
    pop dword [errcode]
%else
    mov dword [errcode], 0xffffffff
%endif
    mov dword [vector], %1
    jmp exc_common
%endmacro

; set_base: gdt entry at EDI gets base EAX
set_base:
    mov [edi + 2], ax
    shr eax, 16
    mov [edi + 4], al
    mov [edi + 7], ah
    ret

main:
    ; flat code 0x08 and data 0x10 as the boot GDT has them, then ours
    mov dword [gdt + 0x08], 0x0000ffff
    mov dword [gdt + 0x0c], 0x00cf9b00
    mov dword [gdt + 0x10], 0x0000ffff
    mov dword [gdt + 0x14], 0x00cf9300
    mov dword [gdt + 0x18], 0x0000ffff        ; code16: base 0x100000, limit 0xffff, D=0
    mov dword [gdt + 0x1c], 0x00009b00
    mov edi, gdt + 0x18
    mov eax, 0x100000
    call set_base
    mov dword [gdt + 0x20], 0x0000ffff        ; data16: base buf16, limit 0xffff, B=0
    mov dword [gdt + 0x24], 0x00009300
    mov edi, gdt + 0x20
    mov eax, buf16
    call set_base
    mov dword [gdt + 0x28], 0x0000ffff        ; data32 with base bufbase, 4 GiB
    mov dword [gdt + 0x2c], 0x00cf9300
    mov edi, gdt + 0x28
    mov eax, bufbase
    call set_base
    mov dword [gdt + 0x30], 0x0000ffff        ; not present
    mov dword [gdt + 0x34], 0x00cf1300
    mov dword [gdt + 0x38], 0x0000ffff        ; read-only data
    mov dword [gdt + 0x3c], 0x00cf9100
    mov dword [gdt + 0x40], 0x00000fff        ; expand-down data, limit 0xfff, B=1
    mov dword [gdt + 0x44], 0x00c09700
    mov edi, gdt + 0x40
    mov eax, bufbase
    call set_base
    lgdt [gdtr]
    ; IDT
    mov ecx, 0
    mov edi, idt
.fill:
    mov eax, [handlers + ecx * 4]
    mov [edi], ax
    mov word [edi + 2], SEL_CODE32
    mov word [edi + 4], 0x8e00
    shr eax, 16
    mov [edi + 6], ax
    add edi, 8
    inc ecx
    cmp ecx, 20
    jb .fill
    lidt [idtr]

    mov eax, esp
    push 0
    RESULT "esp at start", 0
    ; --- DS with a base: addresses add it (ADDSEG) ---
    mov dword [bufbase + 0x10], 0xcafef00d
    mov ax, SEL_DATABUF
    mov ds, ax
    mov eax, [0x10]
    mov bx, SEL_DATA32
    mov ds, bx
    push 0
    RESULT "ds base load", 0
    mov ax, SEL_DATABUF
    mov es, ax
    mov edi, 0x20
    mov eax, 0x600df00d
    stosd
    mov ax, SEL_DATA32
    mov es, ax
    mov eax, [bufbase + 0x20]
    push 0
    RESULT "es base stosd", 0
    mov ax, SEL_DATABUF
    mov fs, ax
    mov eax, [fs:0x10]
    push 0
    RESULT "fs override", 0
    mov ax, SEL_DATABUF
    mov gs, ax
    mov dword [gs:0x30], 0x12345678
    mov eax, [bufbase + 0x30]
    push 0
    RESULT "gs store", 0
    ; esp-relative addressing defaults to SS
    mov ax, SEL_DATABUF
    mov ss, ax
    mov ebx, esp
    mov esp, 0x40
    mov eax, [esp - 0x30]
    mov cx, SEL_DATA32
    mov ss, cx
    mov esp, ebx
    push 0
    RESULT "ss esp base", 0
    ; segment registers to memory / registers / stack
    mov ax, SEL_DATABUF
    mov fs, ax
    push fs
    pop eax
    push 0
    RESULT "push fs pop eax", 0
    mov eax, 0xffffffff
    mov ax, fs
    push 0
    RESULT "mov ax, fs", 0
    mov eax, 0xffffffff
    mov eax, fs
    push 0
    RESULT "mov eax, fs", 0
    mov dword [scratch], 0xffffffff
    mov [scratch], fs
    mov eax, [scratch]
    push 0
    RESULT "mov mem, fs", 0
    push word 0x10
    o16 pop gs
    mov ax, gs
    movzx eax, ax
    push 0
    RESULT "o16 push/pop gs", 0
    ; far pointers
    mov dword [farptr], 0x44
    mov word [farptr + 4], SEL_DATABUF
    mov dword [bufbase + 0x44], 0x77665544
    lds esi, [farptr]
    mov eax, [esi]
    mov bx, SEL_DATA32
    mov ds, bx
    push 0
    RESULT "lds", 0
    les edi, [farptr]
    mov eax, [es:edi]
    mov bx, SEL_DATA32
    mov es, bx
    push 0
    RESULT "les", 0
    lfs ecx, [farptr]
    lgs edx, [farptr]
    mov eax, [fs:ecx]
    add eax, [gs:edx]
    push 0
    RESULT "lfs lgs", 0
    mov [saved_esp], esp
    mov dword [farptr], stack2_top
    mov word [farptr + 4], SEL_DATA32
    lss esp, [farptr]
    mov eax, esp
    mov esp, [saved_esp]
    push 0
    RESULT "lss", 0

    ; --- far call / ret ---
    call SEL_CODE32:farproc
    push 0
    RESULT "call far", 0
    mov dword [farptr], farproc2
    mov word [farptr + 4], SEL_CODE32
    mov eax, esp
    push 0x11
    push 0x22
    call far [farptr]
    sub eax, esp
    push 0
    RESULT "call far [mem] retf 8", 0
    jmp SEL_CODE32:.after_ljmp
.after_ljmp:
    mov eax, 0x1234
    push 0
    RESULT "ljmp", 0
    mov dword [farptr], .after_ljmp2
    mov word [farptr + 4], SEL_CODE32
    jmp far [farptr]
.after_ljmp2:
    push 0
    RESULT "ljmp mem", 0

    ; --- iret to the same level, with flags ---
    pushfd
    push SEL_CODE32
    push .after_iret
    mov eax, 0x8d5
    or dword [esp + 8], 0x8d5
    iretd
.after_iret:
    pushfd
    RESULT "iret flags", 0x8d5

    ; --- 16-bit code and stack ---
    mov [saved_esp], esp
    mov ax, SEL_DATA16
    mov ss, ax
    mov esp, 0x1000
    jmp SEL_CODE16:OFF(code16)
back32:
    mov bx, SEL_DATA32
    mov ds, bx
    mov es, bx
    mov ss, bx
    mov esp, [saved_esp]
    mov eax, [result16]
    push 0
    RESULT "16-bit sum", 0
    mov eax, [result16 + 4]
    push 0
    RESULT "16-bit sp", 0
    mov eax, [result16 + 8]
    push 0
    RESULT "16-bit movsw", 0
    mov eax, [result16 + 12]
    push 0
    RESULT "16-bit loop", 0
    mov eax, [result16 + 16]
    push 0
    RESULT "16-bit pusha", 0
    mov eax, [result16 + 20]
    push 0
    RESULT "16-bit enter", 0

    ; --- faults with error codes ---
    mov dword [resume], .r1
.f1: mov ax, SEL_NOTPRESENT
    mov ds, ax
.r1:
    mov dword [resume], .r2
.f2: mov ax, 0x80
    mov es, ax
.r2:
    mov dword [resume], .r3
.f3: mov ax, 0
    mov ss, ax
.r3:
    mov dword [resume], .r4
.f4: mov ax, SEL_RODATA
    mov ss, ax
.r4:
    mov dword [resume], .r5
    mov ax, SEL_RODATA
    mov fs, ax
.f5: mov dword [fs:0x100], 1
.r5:
    mov ax, SEL_DATA32
    mov fs, ax
    mov dword [resume], .r6
    mov ax, SEL_EXPDOWN
    mov gs, ax
    mov eax, [gs:0x2000]
    push 0
    RESULT "expand-down in range", 0
.f6: mov eax, [gs:0x800]
.r6:
    mov ax, SEL_DATA32
    mov gs, ax
    mov dword [resume], .r7
.f7: jmp SEL_NOTPRESENT:0
.r7:
    mov dword [resume], .r8
.f8: call 0x48:0
.r8:
    mov dword [resume], .r9
.f9: lock add eax, ebx
.r9:
    ; (lock mov: #UD per the SDM; QEMU 7.2 ignores the prefix there, so not compared)
    lock add [scratch], eax
    lock xchg [scratch], eax
    lock bts dword [scratch], 3
    mov dword [resume], .r11
.f11: lock cmp [scratch], eax
.r11:
    mov dword [resume], .r12
.f12: db 0x8d, 0xc0              ; lea eax, eax
.r12:
    mov dword [resume], .r13
.f13: db 0xc4, 0xc0             ; les eax, eax
.r13:
    mov dword [resume], .r14
.f14: db 0xfe, 0xd0             ; fe /2
.r14:
    mov dword [resume], .r15
.f15: db 0xff, 0xf8             ; ff /7
.r15:
    mov dword [resume], .r16
.f16: db 0x8e, 0xc8             ; mov cs, ax
.r16:
    mov dword [resume], .r17
.f17: db 0x0f, 0xff             ; ud0
.r17:
    mov dword [resume], .r18
.f18: int3
.r18:
    mov dword [resume], .r19
    mov eax, 0x7fffffff
    add eax, 1
.f19: into
.r19:
    mov dword [resume], .r20
.f20: int 0x13
.r20:
    mov dword [resume], .r21
.f21: db 0x0f, 0xc7, 0xc8       ; cmpxchg8b eax
.r21:
    mov dword [resume], .r22
.f22: db 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x90, 0x90
.r22:
    mov eax, esp
    push 0
    RESULT "esp at end", 0
    ret

farproc:
    mov eax, 0xfa5
    retf
farproc2:
    retf 8

exc_common:
    mov eax, [vector]
    push 0
    RESULT "vector", 0
    mov eax, [errcode]
    push 0
    RESULT "error code", 0
    mov eax, [esp]
    sub eax, 0x100000
    push 0
    RESULT "eip offset", 0
    mov eax, [resume]
    mov [esp], eax
    mov ax, SEL_DATA32
    mov ds, ax
    mov es, ax
    iret

HANDLER 0, 0
HANDLER 1, 0
HANDLER 2, 0
HANDLER 3, 0
HANDLER 4, 0
HANDLER 5, 0
HANDLER 6, 0
HANDLER 7, 0
HANDLER 8, 1
HANDLER 9, 0
HANDLER 10, 1
HANDLER 11, 1
HANDLER 12, 1
HANDLER 13, 1
HANDLER 14, 1
HANDLER 15, 0
HANDLER 16, 0
HANDLER 17, 1
HANDLER 18, 0
HANDLER 19, 0

bits 16
code16:
    ; ds = data16 (base buf16): 16-bit addressing
    mov ax, SEL_DATA16
    mov ds, ax
    mov es, ax
    mov ax, 0x1234
    mov bx, 0x1111
    add ax, bx
    push ax
    pop cx
    call near .sub16
    mov [0x100], cx
    mov word [0x102], 0
    mov [0x104], sp
    mov word [0x106], 0
    ; rep movsw with si/di
    mov word [0x200], 0xaaaa
    mov word [0x202], 0xbbbb
    mov si, 0x200
    mov di, 0x300
    mov cx, 2
    cld
    rep movsw
    mov ax, [0x302]
    mov [0x108], ax
    mov [0x10a], di
    ; loop with cx
    xor ax, ax
    mov cx, 5
.lp: inc ax
    loop .lp
    mov [0x10c], ax
    mov [0x10e], cx
    ; pusha/popa (16-bit)
    mov ax, 1
    mov cx, 2
    mov dx, 3
    mov bx, 4
    pusha
    mov ax, 0
    mov bx, 0
    popa
    add ax, bx
    mov [0x110], ax
    mov [0x112], sp
    ; enter/leave with a level
    mov bp, 0x0ff0
    enter 8, 2
    mov ax, sp
    mov [0x114], ax
    mov [0x116], bp
    leave
    ; copy results to the 32-bit side's buffer and go back
    mov si, 0x100
    mov ax, SEL_DATA32
    mov es, ax
    mov edi, result16
    mov cx, 12
    a32 rep movsw
    jmp dword SEL_CODE32:back32
.sub16:
    add cx, 1
    ret
bits 32

section .data
align 4
handlers: dd h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, h13, h14, h15, h16, h17, h18, h19
gdtr: dw 0x50 - 1
      dd gdt
idtr: dw 20 * 8 - 1
      dd idt
resume: dd 0
vector: dd 0
errcode: dd 0
saved_esp: dd 0
section .bss
alignb 16
gdt: resb 0x50
idt: resb 20 * 8
farptr: resb 8
scratch: resb 16
result16: resb 32
bufbase: resb 0x4000
buf16: resb 0x1000
stack2: resb 256
stack2_top:
%include "end.inc"
