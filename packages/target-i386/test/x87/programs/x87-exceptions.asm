; x87 exceptions through an IDT of interrupt gates: #NM from CR0.EM/TS (and fwait with MP+TS),
; #MF from fwait/fnop on a pending unmasked exception with CR0.NE, #UD from an invalid escape.
; Handlers print the vector, the faulting EIP offset and the FPU status word, clear CR0.EM/TS
; and the exception, then continue at [resume].
%include "mb.inc"
%macro HANDLER 1
h%1:
    mov eax, %1
    jmp exc_common
%endmacro
%macro EXPECT 2
    mov dword [resume], %%r
%1:
    %2
%%r:
%endmacro
main:
    mov ecx, 0
    mov edi, idt
.fill:
    mov eax, [handlers + ecx * 4]
    mov [edi], ax
    mov word [edi + 2], cs
    mov word [edi + 4], 0x8e00
    shr eax, 16
    mov [edi + 6], ax
    add edi, 8
    inc ecx
    cmp ecx, 17
    jb .fill
    lidt [idtr]
    fninit
    ; #NM: CR0.TS then an x87 instruction
    mov eax, cr0
    or eax, 8
    mov cr0, eax
    EXPECT .nm1, fld1
    ; CR0.TS alone does not trap fwait; MP+TS does
    mov eax, cr0
    or eax, 8
    mov cr0, eax
    fwait
    PRINT "fwait with TS only"
    call print_nl
    mov eax, cr0
    or eax, 0xa
    mov cr0, eax
    EXPECT .nm2, fwait
    ; #NM: CR0.EM
    mov eax, cr0
    or eax, 4
    mov cr0, eax
    EXPECT .nm3, {fadd st0, st0}
    ; #MF with CR0.NE: the fault waits for fwait; fadd does not deliver it
    mov eax, cr0
    or eax, 0x20
    mov cr0, eax
    fldcw [cw_ze]
    fld1
    fldz
    fdivp st1, st0
    fadd st0, st0
    fnstsw ax
    movzx eax, ax
    push 0
    RESULT "pending", 0
    EXPECT .mf1, fwait
    fld1
    fldz
    fdivp st1, st0
    EXPECT .mf2, fnop
    fld1
    fldz
    fdivp st1, st0
    EXPECT .mf3, {fstsw ax}
    ; (fwait without CR0.NE would assert FERR#: QEMU 7.2 aborts on that path under TCG, an
    ; iothread-lock assertion, so it is covered by the unit tests only)
    ; #UD: DB /4 with a memory operand
    EXPECT .ud1, {db 0xdb, 0x20}
    ret
exc_common:
    mov ebx, [esp]          ; faulting EIP
    sub ebx, 0x100000
    push 0
    RESULT "vector", 0
    mov eax, ebx
    push 0
    RESULT "eip offset", 0
    mov eax, cr0
    and eax, ~0xe
    mov cr0, eax
    fnstsw ax
    movzx eax, ax
    push 0
    RESULT "status", 0
    fnclex
    mov eax, [resume]
    mov [esp], eax
    iret
%assign v 0
%rep 17
HANDLER v
%assign v v + 1
%endrep
section .data
align 4
handlers:
%assign v 0
%rep 17
    dd h %+ v
%assign v v + 1
%endrep
idtr: dw 17 * 8 - 1
      dd idt
resume: dd 0
cw_ze: dw 0x37b
section .bss
idt: resb 17 * 8
%include "end.inc"
