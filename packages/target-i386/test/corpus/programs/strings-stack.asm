; Hand-written: string instructions with rep/repe/repne in both address sizes, both directions,
; segment overrides and the ES destination; outs/ins through ports; stack frames (enter levels,
; leave, pusha/popa, ret imm, indirect call/jmp), pushf/popf, 16-bit operand forms.
; lines: 29
%include "mb.inc"
main:
    cld
    ; rep movsd / movsw / movsb, forward
    mov esi, src
    mov edi, dst
    mov ecx, 3
    rep movsd
    mov eax, [dst + 8]
    push 0
    RESULT "rep movsd", 0
    mov eax, edi
    sub eax, dst
    push 0
    RESULT "movsd edi", 0
    ; backwards, overlapping
    std
    mov esi, src + 7
    mov edi, dst + 15
    mov ecx, 8
    rep movsb
    cld
    mov eax, [dst + 8]
    push 0
    RESULT "std rep movsb", 0
    mov eax, ecx
    push 0
    RESULT "ecx after", 0
    ; ss: override on the source
    mov esi, src
    mov edi, dst
    mov ecx, 2
    rep ss movsw
    mov eax, [dst]
    push 0
    RESULT "rep ss movsw", 0
    ; 16-bit addressing: si/di/cx wrap, high halves kept
    mov esi, 0xabcd0000 + (src - 0x100000)
    mov edi, 0x12340000 + (dst - 0x100000)
    mov ecx, 0xffff0003
    mov dword [gsbase], 0
    push ds
    push es
    mov ax, sel_low
    mov ds, ax
    mov es, ax
    a16 rep movsb
    pop es
    pop ds
    mov eax, esi
    push 0
    RESULT "a16 esi", 0
    mov eax, edi
    push 0
    RESULT "a16 edi", 0
    mov eax, ecx
    push 0
    RESULT "a16 ecx", 0
    ; repe cmpsb stops at the first difference
    mov dword [dst], 0x44332211
    mov dword [dst + 4], 0x88775566
    mov dword [src], 0x44332211
    mov dword [src + 4], 0x88776655
    mov esi, src
    mov edi, dst
    mov ecx, 8
    repe cmpsb
    pushfd
    mov eax, ecx
    RESULT "repe cmpsb ecx", 0x8d5
    mov eax, esi
    sub eax, src
    push 0
    RESULT "repe cmpsb esi", 0
    ; repne scasw finds a word
    mov edi, src
    mov eax, 0x8877
    mov ecx, 10
    repne scasw
    pushfd
    mov eax, ecx
    RESULT "repne scasw ecx", 0x8d5
    ; repe scasd over equal data runs out
    mov dword [dst], 7
    mov dword [dst + 4], 7
    mov edi, dst
    mov eax, 7
    mov ecx, 2
    repe scasd
    pushfd
    mov eax, ecx
    RESULT "repe scasd", 0x8d5
    ; rep with ecx = 0 does nothing, flags unchanged
    mov edi, dst
    mov ecx, 0
    stc
    repne scasb
    pushfd
    mov eax, edi
    sub eax, dst
    RESULT "rep ecx=0", 0x8d5
    ; lodsb/lodsw/lodsd, stosw
    mov esi, src
    lodsb
    lodsw
    lodsd
    push 0
    RESULT "lods", 0
    mov edi, dst
    mov ax, 0x5a5a
    mov ecx, 3
    rep stosw
    mov eax, [dst + 2]
    push 0
    RESULT "rep stosw", 0
    ; outs to the debug console; ins from it
    mov esi, msg
    mov ecx, msg_len
    mov dx, DEBUGCON
    rep outsb
    mov edi, dst
    mov ecx, 2
    rep insb
    movzx eax, word [dst]
    push 0
    RESULT "rep insb", 0
    ; stack frames
    mov ebp, 0x11111111
    push ebp
    mov ebx, esp
    enter 12, 3
    mov eax, ebx
    sub eax, esp
    mov ecx, [ebp - 8]
    leave
    pop ebp
    push 0
    RESULT "enter 12,3", 0
    mov eax, ecx
    push 0
    RESULT "enter level ptr", 0
    mov eax, 1
    mov ecx, 2
    mov edx, 3
    mov ebx, 4
    mov esi, 5
    mov edi, 6
    pushad
    mov eax, [esp + 12]
    sub eax, esp
    popad
    push 0
    RESULT "pushad esp slot", 0
    o16 pusha
    o16 popa
    push 0
    RESULT "o16 pusha/popa", 0
    call ret_imm
    push 0
    RESULT "ret 8 balance", 0
    mov eax, proc_ret
    call eax
    push 0
    RESULT "call reg", 0
    mov dword [scratch], proc_ret
    call [scratch]
    push 0
    RESULT "call mem", 0
    mov eax, .j1
    jmp eax
    mov eax, 0xbad
.j1:
    mov dword [scratch], .j2
    jmp [scratch]
    mov eax, 0xbad
.j2:
    push 0
    RESULT "jmp reg/mem", 0
    o16 push 0x1234
    pop ax
    push 0
    RESULT "o16 push imm", 0
    ; pushf/popf: DF, AC, arithmetic flags
    pushfd
    or dword [esp], 0x40400 | 0x8d5
    popfd
    pushfd
    pop eax
    and eax, 0x40cd5
    push eax
    and dword [esp], ~0x40400
    popfd
    cld
    push 0
    RESULT "popfd df ac", 0
    std
    pushfd
    pop eax
    cld
    and eax, 0x400
    push 0
    RESULT "std flag", 0
    o16 pushf
    pop ax
    and eax, 0x2
    push 0
    RESULT "o16 pushf", 0
    ret

ret_imm:
    mov eax, esp
    push 1
    push 2
    call .inner
    sub eax, esp
    ret
.inner:
    ret 8
proc_ret:
    mov eax, 0x600d
    ret

sel_low equ 0x10
msg: db 'outs!', 10
msg_len equ $ - msg
section .data
align 4
src: db 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00
gsbase: dd 0
section .bss
alignb 16
dst: resb 64
scratch: resb 16
%include "end.inc"
