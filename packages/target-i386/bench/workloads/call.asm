; Call/branch loop: direct and indirect calls, returns, conditional and unconditional jumps;
; 11 or 12 instructions an iteration.
%include "mb.inc"
%ifndef ITERS
%define ITERS 10000000
%endif
main:
    mov ecx, ITERS
    xor eax, eax
.l: call f1
    test ecx, 1
    jz .e
    call f2
    jmp .n
.e: mov edx, f3
    call edx
.n: dec ecx
    jnz .l
    PRINT "call "
    call print_hex32
    call print_nl
    ret
f1: add eax, ecx
    ret
f2: xor eax, 0x55
    rol eax, 1
    ret
f3: sub eax, 3
    ret
%include "end.inc"
