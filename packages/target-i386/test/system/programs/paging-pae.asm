; PAE paging: PDPT -> PD -> PT and 2 MiB pages, #PF codes including reserved bits, CR0.WP,
; accessed/dirty bits, and EFER.NXE staying clear on a CPU without NX.
; expect: 2M pde A/D after write 00000060
%include "mb.inc"
%include "sys.inc"
%define PTE(a) (pt1 + (((a) - 0x200000) >> 12) * 8)
main:
    call sys_init
    ; PD: 2 MiB identity pages for 0..16 MiB, except 2..4 MiB through a page table
    mov edi, pd
    mov eax, 0x87
    mov ecx, 8
.fill_pd:
    mov [edi], eax
    mov dword [edi + 4], 0
    add eax, 0x200000
    add edi, 8
    loop .fill_pd
    mov eax, pt1
    or eax, 7
    mov [pd + 8], eax
    mov dword [pd + 3 * 8], 0x600087 | 0x2000      ; reserved bit 13 in a 2 MiB PDE
    mov edi, pt1
    mov eax, 0x200007
    mov ecx, 512
.fill_pt:
    mov [edi], eax
    mov dword [edi + 4], 0
    add eax, 0x1000
    add edi, 8
    loop .fill_pt
    mov dword [PTE(0x300000)], 0
    mov dword [PTE(0x301000) + 4], 0x100            ; address bit 40: beyond 36 physical bits
    mov dword [PTE(0x302000)], 0x302005             ; read-only
    mov eax, pd
    or eax, 1
    mov [pdpt], eax
    mov eax, cr4
    or eax, 0x20                                    ; PAE
    mov cr4, eax
    mov eax, pdpt
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    PRINT "pae paging on"
    call print_nl
    mov eax, [pdpt]
    and eax, 0x60
    PHEX "pdpte A/D"
    PRINT "read not present"
    call print_nl
    TRY mov eax, [0x300000]
    PRINT "read with a reserved address bit"
    call print_nl
    TRY mov eax, [0x301000]
    PRINT "write with a reserved address bit"
    call print_nl
    TRY mov dword [0x301000], 0
    PRINT "read a 2M page with reserved bit 13"
    call print_nl
    TRY mov eax, [0x600000]
    PRINT "write read-only, WP=0"
    call print_nl
    TRY mov dword [0x302000], 1
    mov eax, cr0
    or eax, 0x10000
    mov cr0, eax
    PRINT "write read-only, WP=1"
    call print_nl
    TRY mov dword [0x302000], 2
    mov eax, [PTE(0x303000)]
    and eax, 0x60
    PHEX "pte A/D before"
    mov eax, [0x303000]
    mov eax, [PTE(0x303000)]
    and eax, 0x60
    PHEX "pte A/D after read"
    mov eax, [pd + 8]
    and eax, 0x60
    PHEX "pde A/D"
    mov eax, [pd + 5 * 8]
    and eax, 0x60
    PHEX "2M pde A/D before"
    mov eax, [0xa00000]
    mov eax, [pd + 5 * 8]
    and eax, 0x60
    PHEX "2M pde A/D after read"
    mov dword [0xa00010], 1
    mov eax, [pd + 5 * 8]
    and eax, 0x60
    PHEX "2M pde A/D after write"
    mov ecx, 0xc0000080
    rdmsr
    or eax, 0x800
    wrmsr
    rdmsr
    PHEX "efer after setting NXE without NX"
    ret
section .bss
alignb 4096
pd: resb 4096
pt1: resb 4096
pdpt: resb 32
section .text
%include "end.inc"
