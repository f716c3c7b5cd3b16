; Exceptions raised while delivering others: IDT limit and gate errors (vector*8+2), #NP promoted
; to #DF, and finally a triple fault (QEMU resets; with -no-reboot both sides stop there).
; expect: before triple fault
%include "mb.inc"
%include "sys.inc"
main:
    call sys_init
    SETDESC 0x30, 0x0000ffff, 0x00cf1200    ; data, not present
    PRINT "int 0x40, empty IDT entry"
    call print_nl
    TRY int 0x40
    PRINT "int 0x41, not a gate"
    call print_nl
    mov dword [sys_idt + 0x41 * 8], 0x0008ffff
    mov dword [sys_idt + 0x41 * 8 + 4], 0x00009200
    TRY int 0x41
    PRINT "int 0x42, gate to a data segment"
    call print_nl
    mov dword [sys_idt + 0x42 * 8], 0x00100000
    mov dword [sys_idt + 0x42 * 8 + 4], 0x00008e00
    TRY int 0x42
    PRINT "int 0x43, gate to a not-present code segment"
    call print_nl
    SETDESC 0x38, 0x0000ffff, 0x00cf1a00
    mov dword [sys_idt + 0x43 * 8], 0x00380000
    mov dword [sys_idt + 0x43 * 8 + 4], 0x00008e00
    TRY int 0x43
    PRINT "int 0x44, DPL 0 gate from CPL 0 (allowed)"
    call print_nl
    mov eax, 0x44
    mov ebx, gate44
    mov cx, SEL_CODE0
    mov dx, 0x8e00
    call set_gate
    TRY int 0x44
    PRINT "int 0xc8 beyond the IDT limit"
    call print_nl
    mov word [sys_idtr], 0x80 * 8 - 1
    lidt [sys_idtr]
    TRY int 0xc8
    PRINT "#NP with the #NP gate not present -> #DF"
    call print_nl
    mov dword [saved_gate], 0
    mov eax, [sys_idt + 11 * 8 + 4]
    mov [saved_gate], eax
    and dword [sys_idt + 11 * 8 + 4], ~0x8000
    mov ax, 0x30
    TRY mov ds, ax
    mov eax, [saved_gate]
    mov [sys_idt + 11 * 8 + 4], eax
    PRINT "#NP with IDT limit 0x3f (#NP, #GP and #DF beyond it) -> triple fault"
    call print_nl
    PRINT "before triple fault"
    call print_nl
    mov dword [resume], 0
    mov word [sys_idtr], 0x3f
    lidt [sys_idtr]
    mov ax, 0x30
    mov ds, ax
    PRINT "after triple fault"
    call print_nl
    ret
gate44:
    PRINT "in gate 0x44"
    call print_nl
    iretd
section .data
saved_gate: dd 0
section .text
%include "end.inc"
