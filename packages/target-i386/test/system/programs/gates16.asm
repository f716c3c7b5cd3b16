; 286 forms: a 16-bit TSS supplying the ring 0 stack, a 286 interrupt gate (16-bit frame, iretw),
; a 286 call gate from ring 3 with a word parameter (16-bit frame, o16 retf 2). The 16-bit gates
; target a 32-bit code segment based at 1 MiB, so that 16-bit offsets reach the code.
; expect: call gate 16 param 000055aa
%include "mb.inc"
%include "sys.inc"
BASE equ 0x100000
%define OFF(x) ((x) - BASE)
SEL_BCODE0 equ 0x30
SEL_BCODE3 equ 0x3b
SEL_TSS16 equ 0x40
SEL_CG16 equ 0x4b
main:
    call sys_init
    mov [saved_esp], esp
    SETDESC SEL_BCODE0, 0x0000ffff, 0x00cf9a10
    SETDESC SEL_BCODE3, 0x0000ffff, 0x00cffa10
    ; 16-bit TSS (type 1), limit 0x2b
    mov eax, tss16
    mov word [sys_gdt + SEL_TSS16], 0x2b
    mov [sys_gdt + SEL_TSS16 + 2], ax
    shr eax, 16
    mov [sys_gdt + SEL_TSS16 + 4], al
    mov byte [sys_gdt + SEL_TSS16 + 5], 0x81
    mov [sys_gdt + SEL_TSS16 + 7], ah
    mov word [tss16 + 2], 0x8000          ; sp0
    mov word [tss16 + 4], SEL_DATA0       ; ss0
    ; 286 call gate, DPL 3, one word parameter
    mov eax, OFF(cg16)
    or eax, SEL_BCODE0 << 16
    mov [sys_gdt + (SEL_CG16 & ~7)], eax
    mov dword [sys_gdt + (SEL_CG16 & ~7) + 4], 0x0000e401
    ; IDT 0x60: 286 interrupt gate; 0x61: 386 interrupt gate DPL 3; 0x62: back to ring 0
    mov eax, OFF(ih16)
    or eax, SEL_BCODE0 << 16
    mov [sys_idt + 0x60 * 8], eax
    mov dword [sys_idt + 0x60 * 8 + 4], 0x0000e600
    mov eax, 0x61
    mov ebx, ih32
    mov cx, SEL_CODE0
    mov dx, 0xee00
    call set_gate
    mov eax, 0x62
    mov ebx, to_ring0
    call set_gate
    mov ax, SEL_TSS16
    ltr ax
    str ax
    movzx eax, ax
    PHEX "tr"
    jmp SEL_BCODE0:OFF(based0)
based0:
    mov eax, cs
    PHEX "based cs"
    mov eax, esp
    mov [esp_before], eax
    int 0x60
    mov eax, [esp_before]
    sub eax, esp
    PHEX "esp change after iretw"
    ; to ring 3 in the based segment
    push SEL_DATA3
    push 0x7800
    push 0x3002                     ; IOPL 3: a 16-bit TSS has no I/O bitmap
    push SEL_BCODE3
    push OFF(user)
    iretd
user:
    mov eax, cs
    PHEX "user cs"
    int 0x61
    mov eax, esp
    PHEX "user esp after int 0x61"
    push word 0x55aa
    call SEL_CG16:0
    mov eax, esp
    PHEX "user esp after call gate"
    int 0x62

ih16:
    movzx eax, word [esp]
    PHEX "ih16 ip"
    movzx eax, word [esp + 2]
    PHEX "ih16 cs"
    movzx eax, word [esp + 4]
    and eax, ~0x0d5                 ; arithmetic flags left undefined by the caller's code
    PHEX "ih16 flags"
    mov eax, [esp_before]
    sub eax, esp
    PHEX "ih16 frame size"
    o16 iret

ih32:
    mov eax, esp
    PHEX "ih32 esp (from the 16-bit TSS)"
    mov eax, [esp]
    PHEX "ih32 eip"
    mov eax, [esp + 4]
    PHEX "ih32 cs"
    mov eax, [esp + 12]
    PHEX "ih32 old esp"
    mov eax, [esp + 16]
    PHEX "ih32 old ss"
    iretd

cg16:
    mov eax, esp
    PHEX "call gate 16 esp"
    movzx eax, word [esp]
    PHEX "call gate 16 ip"
    movzx eax, word [esp + 2]
    PHEX "call gate 16 cs"
    movzx eax, word [esp + 4]
    PHEX "call gate 16 param"
    movzx eax, word [esp + 6]
    PHEX "call gate 16 old sp"
    movzx eax, word [esp + 8]
    PHEX "call gate 16 old ss"
    o16 retf 2

to_ring0:
    mov esp, [saved_esp]
    mov ax, SEL_DATA0
    mov ds, ax
    mov es, ax
    mov eax, cs
    PHEX "back in ring 0"
    ret

section .data
saved_esp: dd 0
esp_before: dd 0
align 16
tss16: times 0x2c db 0
section .text
%include "end.inc"
