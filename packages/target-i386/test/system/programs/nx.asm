; cpu: max
; PAE with EFER.NXE on a CPU that has NX (tsemu 'max', QEMU qemu32 reduced to the same features
; plus nx and mtrr): execute-disable on PTE and PDE, #PF I/D bit, NX reserved while NXE is clear.
; expect: nx mtrrcap 00000508
%include "mb.inc"
%include "sys.inc"
%define PTE(a) (pt1 + (((a) - 0x200000) >> 12) * 8)
main:
    call sys_init
    mov eax, 0x80000001
    cpuid
    and edx, 0x100000
    mov eax, edx
    PHEX "cpuid nx"
    mov ecx, 0xfe
    rdmsr
    PHEX "nx mtrrcap"
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
    mov dword [pd + 3 * 8 + 4], 0x80000000         ; 6..8 MiB: NX 2 MiB page
    mov edi, pt1
    mov eax, 0x200007
    mov ecx, 512
.fill_pt:
    mov [edi], eax
    mov dword [edi + 4], 0
    add eax, 0x1000
    add edi, 8
    loop .fill_pt
    mov dword [PTE(0x300000) + 4], 0x80000000       ; NX 4 KiB page
    mov dword [PTE(0x301000)], 0                    ; not present
    mov eax, pd
    or eax, 1
    mov [pdpt], eax
    mov byte [0x300000], 0xc3                       ; ret
    mov byte [0x600000], 0xc3
    mov byte [0x302000], 0xc3
    mov eax, cr4
    or eax, 0x20
    mov cr4, eax
    mov eax, pdpt
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    PRINT "NXE clear: read of a page with NX set"
    call print_nl
    TRY mov eax, [0x300000]
    PRINT "NXE clear: fetch from a not-present page"
    call print_nl
    TRY jmp 0x301000
    mov ecx, 0xc0000080
    rdmsr
    or eax, 0x800
    wrmsr
    rdmsr
    PHEX "efer"
    mov eax, cr3
    mov cr3, eax
    PRINT "read NX page"
    call print_nl
    TRY mov eax, [0x300000]
    PRINT "write NX page"
    call print_nl
    TRY mov byte [0x300001], 0
    PRINT "fetch NX page"
    call print_nl
    TRY jmp 0x300000
    PRINT "fetch NX 2M page"
    call print_nl
    TRY jmp 0x600000
    PRINT "fetch not present with NXE"
    call print_nl
    TRY jmp 0x301000
    PRINT "call into an executable page"
    call print_nl
    TRY call 0x302000
    ; user mode fetch from the NX page
    push SEL_DATA3
    push 0x180000
    push 0x2
    push SEL_CODE3
    push user
    iretd
user:
    PRINT "user fetch NX page"
    call print_nl
    TRY jmp 0x300000
    mov dword [resume], done
    mov eax, [0x0]          ; fine: user page
    int 0x30                ; gate 0x30 is empty: #GP, resume at done (ring 3)
done:
    PRINT "nx done"
    call print_nl
    ; leave through the exit port from ring 3 (the TSS bitmap allows it)
    mov dx, DEBUG_EXIT
    mov eax, 0
    out dx, eax
    jmp $
section .bss
alignb 4096
pd: resb 4096
pt1: resb 4096
pdpt: resb 32
section .text
%include "end.inc"
