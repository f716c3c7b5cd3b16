; Integer loop: ALU, shifts, lea and a counted branch; 9 instructions an iteration.
%include "mb.inc"
%ifndef ITERS
%define ITERS 20000000
%endif
main:
    mov ecx, ITERS
    mov eax, 1
    mov ebx, 0x12345678
    xor edx, edx
    xor esi, esi
.l: add eax, ebx
    xor edx, eax
    rol eax, 5
    lea ebx, [ebx + edx*2 + 7]
    sub edx, ecx
    and ebx, 0x7fffffff
    inc esi
    dec ecx
    jnz .l
    xor eax, edx
    xor eax, ebx
    PRINT "int "
    call print_hex32
    call print_nl
    ret
%include "end.inc"
