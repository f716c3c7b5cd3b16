; Hand-written: bt*, cmpxchg/xadd/cmpxchg8b, setcc/cmov, BCD, enter/leave, rep string ops.
%include "mb.inc"
main:
    mov eax, 0x80000001
    bts eax, 31
    pushfd
    RESULT "bts 31", 0x001
    mov eax, 0x80000001
    btr eax, 0
    pushfd
    RESULT "btr 0", 0x001
    mov eax, 0x80000001
    mov ecx, 33
    btc eax, ecx
    pushfd
    RESULT "btc reg 33", 0x001
    mov eax, 5
    mov ebx, 5
    mov ecx, 9
    cmpxchg ebx, ecx
    pushfd
    mov eax, ebx
    RESULT "cmpxchg eq", 0x8d5
    mov eax, 4
    mov ebx, 5
    cmpxchg ebx, ecx
    pushfd
    RESULT "cmpxchg ne", 0x8d5
    mov eax, 0x7fffffff
    mov ebx, 1
    xadd eax, ebx
    pushfd
    RESULT "xadd", 0x8d5
    mov dword [q], 1
    mov dword [q + 4], 2
    mov eax, 1
    mov edx, 2
    mov ebx, 0xaaaa
    mov ecx, 0xbbbb
    cmpxchg8b [q]
    pushfd
    mov eax, [q + 4]
    RESULT "cmpxchg8b", 0x040
    mov eax, 3
    cmp eax, 4
    setl al
    movzx eax, al
    push 0
    RESULT "setl", 0
    mov eax, 1
    mov ebx, 2
    cmp eax, ebx
    cmovb eax, ebx
    push 0
    RESULT "cmovb", 0
    mov eax, 0x0019
    add al, 0x28
    daa
    pushfd
    RESULT "daa", 0x0d5
    mov eax, 0x0009
    add al, 0x08
    aaa
    pushfd
    RESULT "aaa", 0x011
    mov eax, 0x0327
    aad
    pushfd
    RESULT "aad", 0x0c4
    mov eax, 47
    aam
    pushfd
    RESULT "aam", 0x0c4
    mov ebp, 0x1234
    push ebp
    enter 16, 0
    mov eax, esp
    sub eax, ebp
    leave
    pop ebp
    push 0
    RESULT "enter16", 0
    cld
    mov esi, hexdigits
    mov edi, buf
    mov ecx, 16
    rep movsb
    mov eax, [buf + 12]
    push 0
    RESULT "rep movsb", 0
    mov edi, buf
    mov ecx, 16
    mov al, 'a'
    repne scasb
    pushfd
    mov eax, ecx
    RESULT "repne scasb", 0x8d5
    std
    mov edi, buf + 12
    mov ecx, 4
    mov eax, 0x11223344
    rep stosb
    cld
    mov eax, [buf + 8]
    push 0
    RESULT "std rep stosb", 0
    ret
section .bss
q: resd 2
buf: resb 32
%include "end.inc"
