; Memory loop: load, add to memory, reload, store over two 1 KiB arrays; 9 instructions an element.
%include "mb.inc"
%ifndef ITERS
%define ITERS 50000
%endif
main:
    mov ebp, ITERS
.o: mov esi, arr_a
    mov edi, arr_b
    mov ecx, 256
.l: mov eax, [esi]
    add [edi], eax
    mov edx, [edi]
    add edx, ecx
    mov [esi], edx
    add esi, 4
    add edi, 4
    dec ecx
    jnz .l
    dec ebp
    jnz .o
    ; checksum of both arrays
    xor eax, eax
    mov esi, arr_a
    mov ecx, 512
.s: add eax, [esi]
    rol eax, 1
    add esi, 4
    loop .s
    PRINT "mem "
    call print_hex32
    call print_nl
    ret
section .bss
    alignb 4096
arr_a: resd 256
arr_b: resd 256
%include "end.inc"
