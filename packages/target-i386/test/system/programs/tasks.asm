; Hardware task switches: far call to a TSS (back link, NT, busy bits, CR0.TS), iret through the
; back link, an IDT task gate, and a far jmp to a task and back.
; expect: task 1 after jmp round trip
%include "mb.inc"
%include "sys.inc"
SEL_TSS2 equ 0x30
SEL_TGATE equ 0x38
main:
    call sys_init
    ; TSS2 descriptor (available 32-bit TSS, limit 0x67) and a task gate to it
    mov eax, tss2
    mov word [sys_gdt + SEL_TSS2], 0x67
    mov [sys_gdt + SEL_TSS2 + 2], ax
    shr eax, 16
    mov [sys_gdt + SEL_TSS2 + 4], al
    mov byte [sys_gdt + SEL_TSS2 + 5], 0x89
    mov [sys_gdt + SEL_TSS2 + 7], ah
    mov dword [sys_gdt + SEL_TGATE], SEL_TSS2 << 16
    mov dword [sys_gdt + SEL_TGATE + 4], 0x8500
    mov dword [sys_idt + 0x50 * 8], SEL_TSS2 << 16
    mov dword [sys_idt + 0x50 * 8 + 4], 0x8500
    call tss2_init
    mov eax, 0x1111aaaa
    mov ebx, 0x2222bbbb
    call SEL_TSS2:0
    PHEX "task 1 eax after call"
    mov eax, ebx
    PHEX "task 1 ebx after call"
    call show_state
    clts
    PRINT "int 0x50 through a task gate"
    call print_nl
    int 0x50
    call show_state
    clts
    PRINT "call through a GDT task gate"
    call print_nl
    call SEL_TGATE:0
    call show_state
    PRINT "jmp to the task"
    call print_nl
    jmp SEL_TSS2:0
after_jmp:
    PRINT "task 1 after jmp round trip"
    call print_nl
    call show_state
    ret

show_state:
    str ax
    movzx eax, ax
    PHEX "tr"
    mov eax, [sys_gdt + SEL_TSS + 4]
    shr eax, 8
    and eax, 0xf
    PHEX "tss1 type"
    mov eax, [sys_gdt + SEL_TSS2 + 4]
    shr eax, 8
    and eax, 0xf
    PHEX "tss2 type"
    mov eax, cr0
    and eax, 8
    PHEX "cr0.ts"
    pushfd
    pop eax
    and eax, 0x4000
    PHEX "nt"
    ret

tss2_init:
    mov dword [tss2 + 0x20], task2
    mov dword [tss2 + 0x24], 0x2
    mov dword [tss2 + 0x28], 0xa0a0a0a0      ; eax
    mov dword [tss2 + 0x2c], 0xc0c0c0c0      ; ecx
    mov dword [tss2 + 0x30], 0xd0d0d0d0      ; edx
    mov dword [tss2 + 0x34], 0xb0b0b0b0      ; ebx
    mov dword [tss2 + 0x38], task2_stack_top ; esp
    mov word [tss2 + 0x48], SEL_DATA0        ; es
    mov word [tss2 + 0x4c], SEL_CODE0        ; cs
    mov word [tss2 + 0x50], SEL_DATA0        ; ss
    mov word [tss2 + 0x54], SEL_DATA0        ; ds
    mov word [tss2 + 0x58], SEL_DATA0        ; fs
    mov word [tss2 + 0x5c], SEL_DATA0        ; gs
    ret

task2:
    PHEX "task 2 eax"
    mov eax, ebx
    PHEX "task 2 ebx"
    movzx eax, word [tss2]
    PHEX "task 2 back link"
    call show_state
    mov eax, [sys_tss + 0x20]
    sub eax, 0x100000
    PHEX "task 1 saved eip offset"
    mov eax, [sys_tss + 0x28]
    PHEX "task 1 saved eax"
    pushfd
    test dword [esp], 0x4000
    pop eax
    jz .jmp_back
    mov eax, 0x5555
    iretd
    PRINT "task 2 resumed"
    call print_nl
    jmp task2
.jmp_back:
    mov dword [sys_tss + 0x20], after_jmp
    jmp SEL_TSS:0

section .data
align 16
tss2: times 0x68 db 0
section .bss
alignb 16
    resb 2048
task2_stack_top:
section .text
%include "end.inc"
