; Protected-mode segment loads and their error codes, lar/lsl/verr/verw, far jumps.
; expect: lsl expand-down 00000fff 00000040
%include "mb.inc"
%include "sys.inc"
main:
    call sys_init
    SETDESC 0x30, 0x0000ffff, 0x00cf1200    ; data, not present
    SETDESC 0x38, 0x0000ffff, 0x00cf9000    ; read-only data
    SETDESC 0x40, 0x0000ffff, 0x00cf9800    ; execute-only code
    SETDESC 0x48, 0x0000ffff, 0x00cff200    ; data DPL 3
    SETDESC 0x50, 0x00000fff, 0x00409600    ; expand-down data, limit 0xfff
    SETDESC 0x58, 0x0000ffff, 0x00cf9e00    ; conforming readable code DPL 0
    SETDESC 0x60, 0x00000fff, 0x00409a00    ; code, byte granular, limit 0xfff
    SETDESC 0x68, 0x0000ffff, 0x00cf1a00    ; code, not present
    PRINT "ds not present"
    call print_nl
    mov ax, 0x30
    TRY mov ds, ax
    PRINT "ss read-only"
    call print_nl
    mov ax, 0x38
    TRY mov ss, ax
    PRINT "ss not present"
    call print_nl
    mov ax, 0x30
    TRY mov ss, ax
    PRINT "ds execute-only"
    call print_nl
    mov ax, 0x40
    TRY mov ds, ax
    PRINT "es dpl3 at cpl0"
    call print_nl
    mov ax, 0x48
    TRY mov es, ax
    PRINT "ss dpl3 at cpl0"
    call print_nl
    TRY mov ss, ax
    PRINT "fs beyond gdt"
    call print_nl
    mov ax, 0x80
    TRY mov fs, ax
    PRINT "gs tss"
    call print_nl
    mov ax, 0x28
    TRY mov gs, ax
    PRINT "ss null"
    call print_nl
    xor eax, eax
    TRY mov ss, ax
    PRINT "gs null"
    call print_nl
    TRY mov gs, ax
    PRINT "gs rpl3 selector of dpl0 data"
    call print_nl
    mov ax, 0x13
    TRY mov gs, ax
    PRINT "fs conforming code"
    call print_nl
    mov ax, 0x5b
    TRY mov fs, ax
    mov ax, 0x10
    mov es, ax
    mov fs, ax
    mov gs, ax
    ; accessed bit set by the load
    mov eax, [sys_gdt + 0x48 + 4]
    PHEX "gdt 0x48 high after load"

    mov eax, 0
    lsl eax, [sel_expdown]
    PFLAGS "lsl expand-down", 0x40
    mov eax, 0
    lsl eax, [sel_tss]
    PFLAGS "lsl tss", 0x40
    mov eax, 0x1234
    lsl eax, [sel_notp]
    PFLAGS "lsl bad", 0x40
    lar eax, [sel_code0]
    PFLAGS "lar code0", 0x40
    lar eax, [sel_conf]
    PFLAGS "lar conforming", 0x40
    lar eax, [sel_tss]
    PFLAGS "lar tss", 0x40
    mov eax, 0
    verr word [sel_exec]
    PFLAGS "verr exec-only", 0x40
    verr word [sel_code0]
    PFLAGS "verr code0", 0x40
    verw word [sel_ro]
    PFLAGS "verw read-only", 0x40
    verw word [sel_data3]
    PFLAGS "verw data3", 0x40

    PRINT "jmp to data"
    call print_nl
    TRY jmp 0x10:0
    PRINT "jmp to not-present code"
    call print_nl
    TRY jmp 0x68:0
    PRINT "jmp beyond limit"
    call print_nl
    TRY jmp 0x60:0x2000
    PRINT "call null"
    call print_nl
    TRY call 0x00:0
    PRINT "jmp execute-only code"
    call print_nl
    jmp 0x40:.in40
.in40:
    mov eax, cs
    PHEX "cs"
    jmp 0x5b:.in58
.in58:
    mov eax, cs
    PHEX "cs after jmp to conforming"
    jmp 0x08:.back
.back:
    ; far call and retf through a 16-bit offset code segment view
    call 0x40:.farfn
    mov eax, cs
    PHEX "cs after retf"
    ret
.farfn:
    mov eax, cs
    PHEX "cs in far call"
    mov eax, [esp + 4]
    PHEX "pushed cs"
    retf
section .data
sel_expdown: dw 0x50
sel_tss: dw 0x28
sel_notp: dw 0x30
sel_code0: dw 0x08
sel_conf: dw 0x58
sel_exec: dw 0x40
sel_ro: dw 0x38
sel_data3: dw 0x4b
section .text
%include "end.inc"
