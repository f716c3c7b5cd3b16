; Paging on: 4 KiB pages identity-mapping 8 MiB; each pass touches 768 pages (load, add, store),
; every 16th pass reloads CR3 (a TLB flush, as a context switch does); 7 instructions a page.
%include "mb.inc"
%ifndef ITERS
%define ITERS 20000
%endif
PD equ 0x400000
PT equ 0x401000
main:
    ; two page tables, 2048 pages present+writable
    mov edi, PT
    mov eax, 0x3
    mov ecx, 2048
.pt: mov [edi], eax
    add eax, 0x1000
    add edi, 4
    loop .pt
    mov edi, PD
    xor eax, eax
    mov ecx, 1024
    rep stosd
    mov dword [PD], PT + 3
    mov dword [PD + 4], PT + 0x1000 + 3
    mov eax, PD
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    mov ebp, ITERS
    xor ebx, ebx
.o: mov esi, ebp
    and esi, 0x3ff
    lea esi, [0x500000 + esi*4]
    mov ecx, 768
.l: mov eax, [esi]
    add eax, ecx
    add ebx, eax
    mov [esi], ebx
    add esi, 4096
    dec ecx
    jnz .l
    test ebp, 15
    jnz .n
    mov eax, cr3
    mov cr3, eax
.n: dec ebp
    jnz .o
    mov eax, ebx
    PRINT "paging "
    call print_hex32
    call print_nl
    ret
%include "end.inc"
