; 2-level paging: 4 KiB and 4 MiB (PSE) pages, #PF error codes and CR2 for reads, writes, fetches,
; CR0.WP, user/supervisor, accessed/dirty bits on PDE/PTE, remapping with invlpg.
; expect: user read supervisor
%include "mb.inc"
%include "sys.inc"
%define PTE(a) (pt0 + ((a) >> 12) * 4)
main:
    call sys_init
    mov [saved_esp], esp
    mov eax, 0x81
    mov ebx, int81
    mov cx, SEL_CODE0
    mov dx, 0xee00
    call set_gate
    ; identity map 0..4 MiB with 4 KiB user pages, 4..8 MiB with one 4 MiB page
    mov edi, pt0
    mov eax, 0x007
    mov ecx, 1024
.fill:
    stosd
    add eax, 0x1000
    loop .fill
    mov dword [PTE(0x300000)], 0                  ; not present
    mov dword [PTE(0x301000)], 0x301005           ; user read-only
    mov dword [PTE(0x302000)], 0x302003           ; supervisor read/write
    mov eax, pt0
    or eax, 7
    mov [pd], eax
    mov dword [pd + 4], 0x00400087                ; 4 MiB page
    mov eax, cr4
    or eax, 0x10                                  ; PSE
    mov cr4, eax
    mov eax, pd
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    PRINT "paging on"
    call print_nl

    PRINT "read not present"
    call print_nl
    TRY mov eax, [0x300000]
    PRINT "write not present"
    call print_nl
    TRY mov dword [0x300010], 1
    PRINT "fetch not present"
    call print_nl
    TRY jmp 0x300ff0
    PRINT "supervisor write read-only, WP=0"
    call print_nl
    TRY mov dword [0x301000], 1
    mov eax, cr0
    or eax, 0x10000
    mov cr0, eax
    PRINT "supervisor write read-only, WP=1"
    call print_nl
    TRY mov dword [0x301004], 2
    mov eax, [0x301000]
    PHEX "read-only page word"

    mov eax, [PTE(0x303000)]
    and eax, 0x60
    PHEX "pte A/D before"
    mov eax, [0x303000]
    mov eax, [PTE(0x303000)]
    and eax, 0x60
    PHEX "pte A/D after read"
    mov dword [0x303000], 5
    mov eax, [PTE(0x303000)]
    and eax, 0x60
    PHEX "pte A/D after write"
    mov eax, [pd]
    and eax, 0x60
    PHEX "pde A/D"
    mov eax, [pd + 4]
    and eax, 0x60
    PHEX "4M pde A/D before"
    mov eax, [0x400100]
    mov eax, [pd + 4]
    and eax, 0x60
    PHEX "4M pde A/D after read"
    mov dword [0x7ffffc], 9
    mov eax, [pd + 4]
    and eax, 0x60
    PHEX "4M pde A/D after write"
    mov eax, [0x7ffffc]
    PHEX "4M page readback"

    mov dword [0x305000], 0xabcd0305
    mov dword [0x304000], 0xabcd0304
    mov eax, [0x304000]
    PHEX "before remap"
    mov dword [PTE(0x304000)], 0x305007
    invlpg [0x304000]
    mov eax, [0x304000]
    PHEX "after remap and invlpg"
    mov eax, cr3
    mov cr3, eax
    mov eax, [0x304000]
    PHEX "after cr3 reload"

    ; user mode
    push SEL_DATA3
    push 0x180000
    push 0x2
    push SEL_CODE3
    push user
    iretd
user:
    mov ax, SEL_DATA3
    mov ds, ax
    mov es, ax
    PRINT "user read supervisor"
    call print_nl
    TRY mov eax, [0x302000]
    PRINT "user write read-only"
    call print_nl
    TRY mov dword [0x301000], 3
    PRINT "user read not present"
    call print_nl
    TRY mov eax, [0x300004]
    PRINT "user read read-only"
    call print_nl
    TRY mov eax, [0x301000]
    PHEX "value"
    int 0x81
int81:
    mov esp, [saved_esp]
    mov ax, SEL_DATA0
    mov ds, ax
    mov es, ax
    ret

section .data
saved_esp: dd 0
section .bss
alignb 4096
pd: resb 4096
pt0: resb 4096
section .text
%include "end.inc"
