; Translation cost: straight-line code in many small blocks, each run once or a few times
; (boot-like code): 4000 blocks of 6 instructions ending in a jump to the next.
%include "mb.inc"
%ifndef ITERS
%define ITERS 3
%endif
; SALT changes every block's immediates: each run compiles sources V8 has not cached yet
%ifndef SALT
%define SALT 0
%endif
main:
    mov ebp, ITERS
    xor eax, eax
.o:
%assign i 0
%rep 4000
    add eax, i * 8 + SALT
    mov ebx, eax
    shr ebx, 3
    xor eax, ebx
    test eax, 0x100
    jmp .b %+ i
.b %+ i:
%assign i i+1
%endrep
    dec ebp
    jnz .o
    PRINT "trans "
    call print_hex32
    call print_nl
    ret
%include "end.inc"
