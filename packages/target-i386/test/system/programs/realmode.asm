; Real mode after leaving protected mode: IVT delivery of int n and #DE (frame contents, IF/TF
; cleared, iret), far call/retf, 32-bit iret, then back to protected mode.
; expect: back in protected mode
%include "mb.inc"
%include "sys.inc"
RMBASE equ 0xffff0              ; CS = DS = 0xffff reaches the image at 1 MiB (A20 on)
%define RM(x) ((x) - RMBASE)
%macro RMPRINT 1
    [section .data]
%%s: db %1, 0
    __SECT__
    mov si, RM(%%s)
    call rm_print
%endmacro
%macro RMHEX 1                  ; print "label <ax>"
    RMPRINT %1
    call rm_hex
%endmacro
main:
    call sys_init
    mov [saved_esp], esp
    SETDESC 0x30, 0x0000ffff, 0x00009a0f    ; 16-bit code, base 0xf0000 + ... (patched below)
    SETDESC 0x38, 0x0000ffff, 0x00009200    ; 16-bit data, base 0
    ; 16-bit code segment with base RMBASE, so that offsets match real mode
    mov dword [sys_gdt + 0x30], 0xfff0ffff
    mov dword [sys_gdt + 0x34], 0x00009a0f
    jmp 0x30:RM(pm16)
bits 16
pm16:
    mov ax, 0x38
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov eax, cr0
    and eax, ~1
    mov cr0, eax
    jmp 0xffff:RM(rm)
rm:
    mov ax, 0xffff
    mov ds, ax
    xor ax, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7000
    lidt [RM(rm_idtr)]
    mov word [es:0x80 * 4], RM(h80)
    mov word [es:0x80 * 4 + 2], 0xffff
    mov word [es:0 * 4], RM(hde)
    mov word [es:0 * 4 + 2], 0xffff
    RMPRINT "real mode"
    call rm_nl
    ; IF and TF set before the int: both cleared inside, restored by iret
    pushf
    pop ax
    or ax, 0x0200
    push ax
    popf
    mov ax, 0x1234
    int 0x80
    RMHEX "after int ax"
    pushf
    pop ax
    and ax, 0x0200
    RMHEX "after int IF"
    mov ax, sp
    RMHEX "sp"
    cli
    xor dx, dx
    mov ax, 7
    xor bx, bx
.div:
    div bx
    RMHEX "after #DE ax"
    call 0xffff:RM(farfn)
    RMHEX "after retf ax"
    ; 32-bit iret frame
    pushfd
    push dword 0xffff
    push dword RM(.after32)
    iretd
.after32:
    mov ax, sp
    RMHEX "sp after iretd"
    ; back to protected mode
    cli
    o32 lgdt [RM(rm_gdtr)]
    mov eax, cr0
    or eax, 1
    mov cr0, eax
    jmp dword 0x08:pm32
h80:
    push bp
    mov bp, sp
    mov ax, [bp + 2]
    RMHEX "int80 ip"
    mov ax, [bp + 4]
    RMHEX "int80 cs"
    mov ax, [bp + 6]
    and ax, 0x0200
    RMHEX "int80 pushed IF"
    pushf
    pop ax
    and ax, 0x0300
    RMHEX "int80 IF|TF now"
    pop bp
    mov ax, 0x4321
    iret
hde:
    push bp
    mov bp, sp
    mov ax, [bp + 2]
    sub ax, RM(rm.div)
    RMHEX "#DE ip - div"
    add word [bp + 2], 2
    pop bp
    mov ax, 0xde
    iret
farfn:
    mov bp, sp
    mov ax, [bp + 2]
    RMHEX "far call pushed cs"
    mov ax, 0xfa
    retf
; print NUL-terminated DS:SI
rm_print:
    push ax
    push dx
    mov dx, 0xe9
.l: lodsb
    test al, al
    jz .d
    out dx, al
    jmp .l
.d: pop dx
    pop ax
    ret
rm_nl:
    push ax
    mov al, 10
    out 0xe9, al
    pop ax
    ret
; print " <ax as 4 hex digits>\n"
rm_hex:
    push ax
    push bx
    push cx
    mov bx, ax
    mov al, ' '
    out 0xe9, al
    mov cx, 4
.h: rol bx, 4
    mov al, bl
    and al, 0xf
    add al, '0'
    cmp al, '9'
    jbe .o
    add al, 'a' - '9' - 1
.o: out 0xe9, al
    loop .h
    mov al, 10
    out 0xe9, al
    pop cx
    pop bx
    pop ax
    ret
rm_gdtr: dw 0x7f
         dd sys_gdt
bits 32
pm32:
    mov ax, SEL_DATA0
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    mov ss, ax
    mov esp, [saved_esp]
    lidt [sys_idtr]
    PRINT "back in protected mode"
    call print_nl
    ret
rm_idtr: dw 0x3ff
         dd 0
section .data
saved_esp: dd 0
section .text
%include "end.inc"
