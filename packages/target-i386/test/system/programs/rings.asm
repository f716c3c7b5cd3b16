; Ring 0 <-> 3: iret to ring 3, int 0x80 through a DPL 3 gate with the TSS stack switch, call gate
; with a parameter, sysenter/sysexit, privileged instructions and I/O permission at CPL 3.
; expect: back in ring 0 00000008
%include "mb.inc"
%include "sys.inc"
USER_STACK equ 0x180000
main:
    call sys_init
    mov [saved_esp], esp
    ; int 0x80: DPL 3 interrupt gate; int 0x81: DPL 3 gate that returns to ring 0 for good
    mov eax, 0x80
    mov ebx, int80
    mov cx, SEL_CODE0
    mov dx, 0xee00
    call set_gate
    mov eax, 0x81
    mov ebx, int81
    call set_gate
    ; call gate at 0x30: DPL 3, to ring 0 cg_entry, one dword parameter
    mov eax, cg_entry
    mov [sys_gdt + 0x30], ax
    mov word [sys_gdt + 0x32], SEL_CODE0
    mov word [sys_gdt + 0x34], 0xec01
    shr eax, 16
    mov [sys_gdt + 0x36], ax
    ; sysenter MSRs
    mov ecx, 0x174
    mov eax, SEL_CODE0
    xor edx, edx
    wrmsr
    mov ecx, 0x175
    mov eax, sysenter_stack_top
    wrmsr
    mov ecx, 0x176
    mov eax, sysenter_entry
    wrmsr
    ; deny port 0x80 in the TSS bitmap
    or byte [sys_tss + 0x68 + (0x80 >> 3)], 1
    ; to ring 3 with iret
    push SEL_DATA3
    push USER_STACK
    push 0x2                    ; IF stays clear: no timer interrupts in the output
    push SEL_CODE3
    push user
    iretd

user:
    mov eax, cs
    PHEX "ring 3 cs"
    mov eax, ss
    PHEX "ring 3 ss"
    mov eax, ds
    PHEX "ring 3 ds (nulled by iret)"
    mov ax, SEL_DATA3
    mov ds, ax
    mov es, ax
    mov eax, 0x11111111
    int 0x80
    PHEX "after int 0x80 eax"
    mov eax, esp
    PHEX "after int 0x80 esp"
    push dword 0xcafe
    call 0x33:0
    mov eax, esp
    PHEX "after call gate esp"
    mov ecx, esp
    mov edx, .after_sysexit
    sysenter
.after_sysexit:
    mov eax, cs
    PHEX "after sysexit cs"
    mov eax, esp
    PHEX "after sysexit esp"
    PRINT "cli at cpl 3"
    call print_nl
    TRY cli
    PRINT "hlt at cpl 3"
    call print_nl
    TRY hlt
    PRINT "mov cr0 at cpl 3"
    call print_nl
    TRY mov eax, cr0
    PRINT "load ring 0 data"
    call print_nl
    mov ax, SEL_DATA0
    TRY mov fs, ax
    PRINT "int3 through a DPL 0 gate"
    call print_nl
    TRY int3
    PRINT "in from a denied port"
    call print_nl
    TRY in al, 0x80
    PRINT "out to an allowed port"
    call print_nl
    TRY out 0x84, al
    PRINT "rdmsr at cpl 3"
    call print_nl
    TRY rdmsr
    pushfd
    pop eax
    PHEX "ring 3 eflags"
    int 0x81

int80:
    push eax
    mov eax, [esp + 4]
    PHEX "int80 frame eip-off"
    mov eax, [esp + 8]
    PHEX "int80 frame cs"
    mov eax, [esp + 12]
    PHEX "int80 frame eflags"
    mov eax, [esp + 16]
    PHEX "int80 frame esp"
    mov eax, [esp + 20]
    PHEX "int80 frame ss"
    mov eax, ss
    PHEX "int80 ss"
    mov eax, esp
    PHEX "int80 esp"
    pushfd
    pop eax
    PHEX "int80 eflags"
    pop eax
    PHEX "int80 eax"
    mov eax, 0x22222222
    iretd

cg_entry:
    mov eax, [esp]
    PHEX "cg eip"
    mov eax, [esp + 4]
    PHEX "cg cs"
    mov eax, [esp + 8]
    PHEX "cg param"
    mov eax, [esp + 12]
    PHEX "cg old esp"
    mov eax, [esp + 16]
    PHEX "cg old ss"
    mov eax, cs
    PHEX "cg cs now"
    retf 4

sysenter_entry:
    mov eax, cs
    PHEX "sysenter cs"
    mov eax, ss
    PHEX "sysenter ss"
    mov eax, esp
    PHEX "sysenter esp"
    pushfd
    pop eax
    PHEX "sysenter eflags"
    sysexit

int81:
    mov esp, [saved_esp]
    mov ax, SEL_DATA0
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    mov eax, cs
    PHEX "back in ring 0"
    ret

section .data
saved_esp: dd 0
section .bss
alignb 16
    resb 1024
sysenter_stack_top:
section .text
%include "end.inc"
