; Hand-written (expanded by a one-off script): cmovcc/setcc after 8- and 16-bit cmp/sub/add, with the
; destination preloaded so that using its old value as a compare operand flips the outcome. Linux's
; securityfs_create_dentry does `or dx,0x8000; cmp ax,0x1000; cmovae edx,eax` (S_IFREG default): a cmov
; that compared against the destination made every securityfs directory a regular file.
; lines: 384
%include "mb.inc"
main:
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovo edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovo edx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovo dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovo dx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovo edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovo edxm", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovno edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovno edx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovno dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovno dx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovno edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovno edxm", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovb edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovb edx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovb dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovb dx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovb edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovb edxm", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovae edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovae edx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovae dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovae dx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovae edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovae edxm", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmove edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmove edx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmove dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmove dx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    mov [mem_op], eax
    cmove edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16 cmove edxm", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovne edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovne edx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovne dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovne dx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovne edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovne edxm", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovbe edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovbe edx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovbe dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovbe dx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovbe edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovbe edxm", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmova edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmova edx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmova dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmova dx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    mov [mem_op], eax
    cmova edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16 cmova edxm", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovs edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovs edx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovs dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovs dx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovs edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovs edxm", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovns edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovns edx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovns dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovns dx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovns edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovns edxm", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovp edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovp edx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovp dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovp dx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovp edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovp edxm", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovnp edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovnp edx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovnp dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovnp dx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovnp edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovnp edxm", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovl edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovl edx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovl dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovl dx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovl edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovl edxm", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovge edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovge edx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovge dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovge dx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovge edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovge edxm", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovle edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovle edx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovle dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovle dx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovle edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovle edxm", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovg edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovg edx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    cmovg dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovg dx", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovg edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16 cmovg edxm", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    seto dl
    mov eax, edx
    pushfd
    RESULT "cmp16 seto", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    setno dl
    mov eax, edx
    pushfd
    RESULT "cmp16 setno", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    setb dl
    mov eax, edx
    pushfd
    RESULT "cmp16 setb", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    setae dl
    mov eax, edx
    pushfd
    RESULT "cmp16 setae", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    sete dl
    mov eax, edx
    pushfd
    RESULT "cmp16 sete", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    setne dl
    mov eax, edx
    pushfd
    RESULT "cmp16 setne", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    setbe dl
    mov eax, edx
    pushfd
    RESULT "cmp16 setbe", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    seta dl
    mov eax, edx
    pushfd
    RESULT "cmp16 seta", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    sets dl
    mov eax, edx
    pushfd
    RESULT "cmp16 sets", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    setns dl
    mov eax, edx
    pushfd
    RESULT "cmp16 setns", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    setp dl
    mov eax, edx
    pushfd
    RESULT "cmp16 setp", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    setnp dl
    mov eax, edx
    pushfd
    RESULT "cmp16 setnp", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    setl dl
    mov eax, edx
    pushfd
    RESULT "cmp16 setl", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    setge dl
    mov eax, edx
    pushfd
    RESULT "cmp16 setge", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    setle dl
    mov eax, edx
    pushfd
    RESULT "cmp16 setle", 0x8d5
    mov eax, 0x41ed
    mov edx, 0xc1ed
    cmp ax, 0x1000
    setg dl
    mov eax, edx
    pushfd
    RESULT "cmp16 setg", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovo edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovo edx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovo dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovo dx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovo edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovo edxm", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovno edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovno edx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovno dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovno dx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovno edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovno edxm", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovb edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovb edx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovb dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovb dx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovb edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovb edxm", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovae edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovae edx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovae dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovae dx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovae edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovae edxm", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmove edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmove edx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmove dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmove dx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    mov [mem_op], eax
    cmove edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16b cmove edxm", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovne edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovne edx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovne dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovne dx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovne edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovne edxm", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovbe edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovbe edx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovbe dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovbe dx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovbe edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovbe edxm", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmova edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmova edx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmova dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmova dx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    mov [mem_op], eax
    cmova edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16b cmova edxm", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovs edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovs edx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovs dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovs dx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovs edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovs edxm", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovns edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovns edx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovns dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovns dx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovns edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovns edxm", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovp edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovp edx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovp dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovp dx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovp edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovp edxm", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovnp edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovnp edx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovnp dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovnp dx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovnp edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovnp edxm", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovl edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovl edx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovl dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovl dx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovl edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovl edxm", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovge edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovge edx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovge dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovge dx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovge edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovge edxm", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovle edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovle edx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovle dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovle dx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovle edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovle edxm", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovg edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovg edx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    cmovg dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovg dx", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    mov [mem_op], eax
    cmovg edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp16b cmovg edxm", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    seto dl
    mov eax, edx
    pushfd
    RESULT "cmp16b seto", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    setno dl
    mov eax, edx
    pushfd
    RESULT "cmp16b setno", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    setb dl
    mov eax, edx
    pushfd
    RESULT "cmp16b setb", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    setae dl
    mov eax, edx
    pushfd
    RESULT "cmp16b setae", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    sete dl
    mov eax, edx
    pushfd
    RESULT "cmp16b sete", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    setne dl
    mov eax, edx
    pushfd
    RESULT "cmp16b setne", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    setbe dl
    mov eax, edx
    pushfd
    RESULT "cmp16b setbe", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    seta dl
    mov eax, edx
    pushfd
    RESULT "cmp16b seta", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    sets dl
    mov eax, edx
    pushfd
    RESULT "cmp16b sets", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    setns dl
    mov eax, edx
    pushfd
    RESULT "cmp16b setns", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    setp dl
    mov eax, edx
    pushfd
    RESULT "cmp16b setp", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    setnp dl
    mov eax, edx
    pushfd
    RESULT "cmp16b setnp", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    setl dl
    mov eax, edx
    pushfd
    RESULT "cmp16b setl", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    setge dl
    mov eax, edx
    pushfd
    RESULT "cmp16b setge", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    setle dl
    mov eax, edx
    pushfd
    RESULT "cmp16b setle", 0x8d5
    mov eax, 0x0fff
    mov edx, 0x0ffe
    cmp ax, 0x1000
    setg dl
    mov eax, edx
    pushfd
    RESULT "cmp16b setg", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovo edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovo edx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovo dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovo dx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    mov [mem_op], eax
    cmovo edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovo edxm", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovno edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovno edx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovno dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovno dx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    mov [mem_op], eax
    cmovno edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovno edxm", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovb edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovb edx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovb dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovb dx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    mov [mem_op], eax
    cmovb edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovb edxm", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovae edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovae edx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovae dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovae dx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    mov [mem_op], eax
    cmovae edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovae edxm", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmove edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmove edx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmove dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmove dx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    mov [mem_op], eax
    cmove edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp8 cmove edxm", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovne edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovne edx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovne dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovne dx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    mov [mem_op], eax
    cmovne edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovne edxm", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovbe edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovbe edx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovbe dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovbe dx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    mov [mem_op], eax
    cmovbe edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovbe edxm", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmova edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmova edx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmova dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmova dx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    mov [mem_op], eax
    cmova edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp8 cmova edxm", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovs edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovs edx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovs dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovs dx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    mov [mem_op], eax
    cmovs edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovs edxm", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovns edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovns edx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovns dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovns dx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    mov [mem_op], eax
    cmovns edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovns edxm", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovp edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovp edx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovp dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovp dx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    mov [mem_op], eax
    cmovp edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovp edxm", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovnp edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovnp edx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovnp dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovnp dx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    mov [mem_op], eax
    cmovnp edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovnp edxm", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovl edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovl edx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovl dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovl dx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    mov [mem_op], eax
    cmovl edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovl edxm", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovge edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovge edx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovge dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovge dx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    mov [mem_op], eax
    cmovge edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovge edxm", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovle edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovle edx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovle dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovle dx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    mov [mem_op], eax
    cmovle edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovle edxm", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovg edx, eax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovg edx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    cmovg dx, ax
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovg dx", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    mov [mem_op], eax
    cmovg edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "cmp8 cmovg edxm", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    seto dl
    mov eax, edx
    pushfd
    RESULT "cmp8 seto", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    setno dl
    mov eax, edx
    pushfd
    RESULT "cmp8 setno", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    setb dl
    mov eax, edx
    pushfd
    RESULT "cmp8 setb", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    setae dl
    mov eax, edx
    pushfd
    RESULT "cmp8 setae", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    sete dl
    mov eax, edx
    pushfd
    RESULT "cmp8 sete", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    setne dl
    mov eax, edx
    pushfd
    RESULT "cmp8 setne", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    setbe dl
    mov eax, edx
    pushfd
    RESULT "cmp8 setbe", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    seta dl
    mov eax, edx
    pushfd
    RESULT "cmp8 seta", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    sets dl
    mov eax, edx
    pushfd
    RESULT "cmp8 sets", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    setns dl
    mov eax, edx
    pushfd
    RESULT "cmp8 setns", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    setp dl
    mov eax, edx
    pushfd
    RESULT "cmp8 setp", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    setnp dl
    mov eax, edx
    pushfd
    RESULT "cmp8 setnp", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    setl dl
    mov eax, edx
    pushfd
    RESULT "cmp8 setl", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    setge dl
    mov eax, edx
    pushfd
    RESULT "cmp8 setge", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    setle dl
    mov eax, edx
    pushfd
    RESULT "cmp8 setle", 0x8d5
    mov eax, 0x1234
    mov edx, 0x12ff
    cmp al, 0x80
    setg dl
    mov eax, edx
    pushfd
    RESULT "cmp8 setg", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovo edx, eax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovo edx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovo dx, ax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovo dx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    mov [mem_op], eax
    cmovo edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "sub16 cmovo edxm", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovno edx, eax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovno edx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovno dx, ax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovno dx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    mov [mem_op], eax
    cmovno edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "sub16 cmovno edxm", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovb edx, eax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovb edx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovb dx, ax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovb dx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    mov [mem_op], eax
    cmovb edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "sub16 cmovb edxm", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovae edx, eax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovae edx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovae dx, ax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovae dx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    mov [mem_op], eax
    cmovae edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "sub16 cmovae edxm", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmove edx, eax
    mov eax, edx
    pushfd
    RESULT "sub16 cmove edx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmove dx, ax
    mov eax, edx
    pushfd
    RESULT "sub16 cmove dx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    mov [mem_op], eax
    cmove edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "sub16 cmove edxm", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovne edx, eax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovne edx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovne dx, ax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovne dx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    mov [mem_op], eax
    cmovne edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "sub16 cmovne edxm", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovbe edx, eax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovbe edx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovbe dx, ax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovbe dx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    mov [mem_op], eax
    cmovbe edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "sub16 cmovbe edxm", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmova edx, eax
    mov eax, edx
    pushfd
    RESULT "sub16 cmova edx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmova dx, ax
    mov eax, edx
    pushfd
    RESULT "sub16 cmova dx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    mov [mem_op], eax
    cmova edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "sub16 cmova edxm", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovs edx, eax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovs edx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovs dx, ax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovs dx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    mov [mem_op], eax
    cmovs edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "sub16 cmovs edxm", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovns edx, eax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovns edx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovns dx, ax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovns dx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    mov [mem_op], eax
    cmovns edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "sub16 cmovns edxm", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovp edx, eax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovp edx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovp dx, ax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovp dx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    mov [mem_op], eax
    cmovp edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "sub16 cmovp edxm", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovnp edx, eax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovnp edx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovnp dx, ax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovnp dx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    mov [mem_op], eax
    cmovnp edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "sub16 cmovnp edxm", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovl edx, eax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovl edx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovl dx, ax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovl dx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    mov [mem_op], eax
    cmovl edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "sub16 cmovl edxm", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovge edx, eax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovge edx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovge dx, ax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovge dx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    mov [mem_op], eax
    cmovge edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "sub16 cmovge edxm", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovle edx, eax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovle edx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovle dx, ax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovle dx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    mov [mem_op], eax
    cmovle edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "sub16 cmovle edxm", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovg edx, eax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovg edx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    cmovg dx, ax
    mov eax, edx
    pushfd
    RESULT "sub16 cmovg dx", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    mov [mem_op], eax
    cmovg edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "sub16 cmovg edxm", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    seto dl
    mov eax, edx
    pushfd
    RESULT "sub16 seto", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    setno dl
    mov eax, edx
    pushfd
    RESULT "sub16 setno", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    setb dl
    mov eax, edx
    pushfd
    RESULT "sub16 setb", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    setae dl
    mov eax, edx
    pushfd
    RESULT "sub16 setae", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    sete dl
    mov eax, edx
    pushfd
    RESULT "sub16 sete", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    setne dl
    mov eax, edx
    pushfd
    RESULT "sub16 setne", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    setbe dl
    mov eax, edx
    pushfd
    RESULT "sub16 setbe", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    seta dl
    mov eax, edx
    pushfd
    RESULT "sub16 seta", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    sets dl
    mov eax, edx
    pushfd
    RESULT "sub16 sets", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    setns dl
    mov eax, edx
    pushfd
    RESULT "sub16 setns", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    setp dl
    mov eax, edx
    pushfd
    RESULT "sub16 setp", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    setnp dl
    mov eax, edx
    pushfd
    RESULT "sub16 setnp", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    setl dl
    mov eax, edx
    pushfd
    RESULT "sub16 setl", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    setge dl
    mov eax, edx
    pushfd
    RESULT "sub16 setge", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    setle dl
    mov eax, edx
    pushfd
    RESULT "sub16 setle", 0x8d5
    mov eax, 0x00018000
    mov edx, 0x7fff
    mov ecx, 0x8001
    sub ax, cx
    setg dl
    mov eax, edx
    pushfd
    RESULT "sub16 setg", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovo edx, eax
    mov eax, edx
    pushfd
    RESULT "add16 cmovo edx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovo dx, ax
    mov eax, edx
    pushfd
    RESULT "add16 cmovo dx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    mov [mem_op], eax
    cmovo edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add16 cmovo edxm", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovno edx, eax
    mov eax, edx
    pushfd
    RESULT "add16 cmovno edx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovno dx, ax
    mov eax, edx
    pushfd
    RESULT "add16 cmovno dx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    mov [mem_op], eax
    cmovno edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add16 cmovno edxm", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovb edx, eax
    mov eax, edx
    pushfd
    RESULT "add16 cmovb edx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovb dx, ax
    mov eax, edx
    pushfd
    RESULT "add16 cmovb dx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    mov [mem_op], eax
    cmovb edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add16 cmovb edxm", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovae edx, eax
    mov eax, edx
    pushfd
    RESULT "add16 cmovae edx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovae dx, ax
    mov eax, edx
    pushfd
    RESULT "add16 cmovae dx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    mov [mem_op], eax
    cmovae edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add16 cmovae edxm", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmove edx, eax
    mov eax, edx
    pushfd
    RESULT "add16 cmove edx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmove dx, ax
    mov eax, edx
    pushfd
    RESULT "add16 cmove dx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    mov [mem_op], eax
    cmove edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add16 cmove edxm", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovne edx, eax
    mov eax, edx
    pushfd
    RESULT "add16 cmovne edx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovne dx, ax
    mov eax, edx
    pushfd
    RESULT "add16 cmovne dx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    mov [mem_op], eax
    cmovne edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add16 cmovne edxm", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovbe edx, eax
    mov eax, edx
    pushfd
    RESULT "add16 cmovbe edx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovbe dx, ax
    mov eax, edx
    pushfd
    RESULT "add16 cmovbe dx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    mov [mem_op], eax
    cmovbe edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add16 cmovbe edxm", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmova edx, eax
    mov eax, edx
    pushfd
    RESULT "add16 cmova edx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmova dx, ax
    mov eax, edx
    pushfd
    RESULT "add16 cmova dx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    mov [mem_op], eax
    cmova edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add16 cmova edxm", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovs edx, eax
    mov eax, edx
    pushfd
    RESULT "add16 cmovs edx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovs dx, ax
    mov eax, edx
    pushfd
    RESULT "add16 cmovs dx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    mov [mem_op], eax
    cmovs edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add16 cmovs edxm", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovns edx, eax
    mov eax, edx
    pushfd
    RESULT "add16 cmovns edx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovns dx, ax
    mov eax, edx
    pushfd
    RESULT "add16 cmovns dx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    mov [mem_op], eax
    cmovns edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add16 cmovns edxm", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovp edx, eax
    mov eax, edx
    pushfd
    RESULT "add16 cmovp edx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovp dx, ax
    mov eax, edx
    pushfd
    RESULT "add16 cmovp dx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    mov [mem_op], eax
    cmovp edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add16 cmovp edxm", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovnp edx, eax
    mov eax, edx
    pushfd
    RESULT "add16 cmovnp edx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovnp dx, ax
    mov eax, edx
    pushfd
    RESULT "add16 cmovnp dx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    mov [mem_op], eax
    cmovnp edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add16 cmovnp edxm", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovl edx, eax
    mov eax, edx
    pushfd
    RESULT "add16 cmovl edx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovl dx, ax
    mov eax, edx
    pushfd
    RESULT "add16 cmovl dx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    mov [mem_op], eax
    cmovl edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add16 cmovl edxm", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovge edx, eax
    mov eax, edx
    pushfd
    RESULT "add16 cmovge edx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovge dx, ax
    mov eax, edx
    pushfd
    RESULT "add16 cmovge dx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    mov [mem_op], eax
    cmovge edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add16 cmovge edxm", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovle edx, eax
    mov eax, edx
    pushfd
    RESULT "add16 cmovle edx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovle dx, ax
    mov eax, edx
    pushfd
    RESULT "add16 cmovle dx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    mov [mem_op], eax
    cmovle edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add16 cmovle edxm", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovg edx, eax
    mov eax, edx
    pushfd
    RESULT "add16 cmovg edx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    cmovg dx, ax
    mov eax, edx
    pushfd
    RESULT "add16 cmovg dx", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    mov [mem_op], eax
    cmovg edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add16 cmovg edxm", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    seto dl
    mov eax, edx
    pushfd
    RESULT "add16 seto", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    setno dl
    mov eax, edx
    pushfd
    RESULT "add16 setno", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    setb dl
    mov eax, edx
    pushfd
    RESULT "add16 setb", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    setae dl
    mov eax, edx
    pushfd
    RESULT "add16 setae", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    sete dl
    mov eax, edx
    pushfd
    RESULT "add16 sete", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    setne dl
    mov eax, edx
    pushfd
    RESULT "add16 setne", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    setbe dl
    mov eax, edx
    pushfd
    RESULT "add16 setbe", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    seta dl
    mov eax, edx
    pushfd
    RESULT "add16 seta", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    sets dl
    mov eax, edx
    pushfd
    RESULT "add16 sets", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    setns dl
    mov eax, edx
    pushfd
    RESULT "add16 setns", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    setp dl
    mov eax, edx
    pushfd
    RESULT "add16 setp", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    setnp dl
    mov eax, edx
    pushfd
    RESULT "add16 setnp", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    setl dl
    mov eax, edx
    pushfd
    RESULT "add16 setl", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    setge dl
    mov eax, edx
    pushfd
    RESULT "add16 setge", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    setle dl
    mov eax, edx
    pushfd
    RESULT "add16 setle", 0x8d5
    mov eax, 0xfff0
    mov edx, 0x0005
    add ax, 0x20
    setg dl
    mov eax, edx
    pushfd
    RESULT "add16 setg", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovo edx, eax
    mov eax, edx
    pushfd
    RESULT "add8 cmovo edx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovo dx, ax
    mov eax, edx
    pushfd
    RESULT "add8 cmovo dx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    mov [mem_op], eax
    cmovo edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add8 cmovo edxm", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovno edx, eax
    mov eax, edx
    pushfd
    RESULT "add8 cmovno edx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovno dx, ax
    mov eax, edx
    pushfd
    RESULT "add8 cmovno dx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    mov [mem_op], eax
    cmovno edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add8 cmovno edxm", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovb edx, eax
    mov eax, edx
    pushfd
    RESULT "add8 cmovb edx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovb dx, ax
    mov eax, edx
    pushfd
    RESULT "add8 cmovb dx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    mov [mem_op], eax
    cmovb edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add8 cmovb edxm", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovae edx, eax
    mov eax, edx
    pushfd
    RESULT "add8 cmovae edx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovae dx, ax
    mov eax, edx
    pushfd
    RESULT "add8 cmovae dx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    mov [mem_op], eax
    cmovae edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add8 cmovae edxm", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmove edx, eax
    mov eax, edx
    pushfd
    RESULT "add8 cmove edx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmove dx, ax
    mov eax, edx
    pushfd
    RESULT "add8 cmove dx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    mov [mem_op], eax
    cmove edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add8 cmove edxm", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovne edx, eax
    mov eax, edx
    pushfd
    RESULT "add8 cmovne edx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovne dx, ax
    mov eax, edx
    pushfd
    RESULT "add8 cmovne dx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    mov [mem_op], eax
    cmovne edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add8 cmovne edxm", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovbe edx, eax
    mov eax, edx
    pushfd
    RESULT "add8 cmovbe edx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovbe dx, ax
    mov eax, edx
    pushfd
    RESULT "add8 cmovbe dx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    mov [mem_op], eax
    cmovbe edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add8 cmovbe edxm", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmova edx, eax
    mov eax, edx
    pushfd
    RESULT "add8 cmova edx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmova dx, ax
    mov eax, edx
    pushfd
    RESULT "add8 cmova dx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    mov [mem_op], eax
    cmova edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add8 cmova edxm", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovs edx, eax
    mov eax, edx
    pushfd
    RESULT "add8 cmovs edx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovs dx, ax
    mov eax, edx
    pushfd
    RESULT "add8 cmovs dx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    mov [mem_op], eax
    cmovs edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add8 cmovs edxm", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovns edx, eax
    mov eax, edx
    pushfd
    RESULT "add8 cmovns edx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovns dx, ax
    mov eax, edx
    pushfd
    RESULT "add8 cmovns dx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    mov [mem_op], eax
    cmovns edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add8 cmovns edxm", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovp edx, eax
    mov eax, edx
    pushfd
    RESULT "add8 cmovp edx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovp dx, ax
    mov eax, edx
    pushfd
    RESULT "add8 cmovp dx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    mov [mem_op], eax
    cmovp edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add8 cmovp edxm", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovnp edx, eax
    mov eax, edx
    pushfd
    RESULT "add8 cmovnp edx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovnp dx, ax
    mov eax, edx
    pushfd
    RESULT "add8 cmovnp dx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    mov [mem_op], eax
    cmovnp edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add8 cmovnp edxm", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovl edx, eax
    mov eax, edx
    pushfd
    RESULT "add8 cmovl edx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovl dx, ax
    mov eax, edx
    pushfd
    RESULT "add8 cmovl dx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    mov [mem_op], eax
    cmovl edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add8 cmovl edxm", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovge edx, eax
    mov eax, edx
    pushfd
    RESULT "add8 cmovge edx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovge dx, ax
    mov eax, edx
    pushfd
    RESULT "add8 cmovge dx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    mov [mem_op], eax
    cmovge edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add8 cmovge edxm", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovle edx, eax
    mov eax, edx
    pushfd
    RESULT "add8 cmovle edx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovle dx, ax
    mov eax, edx
    pushfd
    RESULT "add8 cmovle dx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    mov [mem_op], eax
    cmovle edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add8 cmovle edxm", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovg edx, eax
    mov eax, edx
    pushfd
    RESULT "add8 cmovg edx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    cmovg dx, ax
    mov eax, edx
    pushfd
    RESULT "add8 cmovg dx", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    mov [mem_op], eax
    cmovg edx, [mem_op]
    mov eax, edx
    pushfd
    RESULT "add8 cmovg edxm", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    seto dl
    mov eax, edx
    pushfd
    RESULT "add8 seto", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    setno dl
    mov eax, edx
    pushfd
    RESULT "add8 setno", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    setb dl
    mov eax, edx
    pushfd
    RESULT "add8 setb", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    setae dl
    mov eax, edx
    pushfd
    RESULT "add8 setae", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    sete dl
    mov eax, edx
    pushfd
    RESULT "add8 sete", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    setne dl
    mov eax, edx
    pushfd
    RESULT "add8 setne", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    setbe dl
    mov eax, edx
    pushfd
    RESULT "add8 setbe", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    seta dl
    mov eax, edx
    pushfd
    RESULT "add8 seta", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    sets dl
    mov eax, edx
    pushfd
    RESULT "add8 sets", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    setns dl
    mov eax, edx
    pushfd
    RESULT "add8 setns", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    setp dl
    mov eax, edx
    pushfd
    RESULT "add8 setp", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    setnp dl
    mov eax, edx
    pushfd
    RESULT "add8 setnp", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    setl dl
    mov eax, edx
    pushfd
    RESULT "add8 setl", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    setge dl
    mov eax, edx
    pushfd
    RESULT "add8 setge", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    setle dl
    mov eax, edx
    pushfd
    RESULT "add8 setle", 0x8d5
    mov eax, 0x01f0
    mov edx, 0x00ff
    add al, 0x0f
    setg dl
    mov eax, edx
    pushfd
    RESULT "add8 setg", 0x8d5
    ret
section .data
    align 4
mem_op: dd 0
%include "end.inc"
