; Hand-written: a few ALU, mul/div, bsf/bsr and bswap results.
%include "mb.inc"
main:
    mov eax, 0x7fffffff
    add eax, 1
    pushfd
    RESULT "add32 7fffffff+1", 0x8d5
    mov eax, 0
    sub eax, 1
    pushfd
    RESULT "sub32 0-1", 0x8d5
    mov eax, 0x12345678
    bswap eax
    pushfd
    RESULT "bswap", 0
    mov eax, 0x00f00000
    bsf eax, eax
    pushfd
    RESULT "bsf", 0x040
    mov eax, 0x00f00000
    bsr eax, eax
    pushfd
    RESULT "bsr", 0x040
    mov eax, 0x10000
    mov ecx, 0x10001
    mul ecx
    pushfd
    RESULT "mul32 lo", 0x801
    mov eax, edx
    push 0
    RESULT "mul32 hi", 0
    mov edx, 0
    mov eax, 100
    mov ecx, 7
    div ecx
    push 0
    RESULT "div32 q", 0
    mov eax, edx
    push 0
    RESULT "div32 r", 0
    ret
%include "end.inc"
