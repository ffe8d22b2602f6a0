; Virtual-8086 mode (SDM Vol. 3A ch. 20): a ring-0 monitor IRETs to V86 code (VM = 1, IOPL 0)
; with a TSS whose I/O bitmap allows ports E9h and F4h. The V86 code
;  V  uses real-mode segment arithmetic and writes E9h (checked against the bitmap);
;  G  executes CLI: #GP(0) to the monitor, whose frame holds VM = 1 and the V86 ES, DS, FS, GS,
;     with DS null in the handler; the monitor skips the CLI;
;  N  executes INT 21h without CR4.VME: #GP(0); the monitor sets CR4.VME and retries;
;  R  the retried INT 21h is redirected (its bit is clear in the redirection bitmap) through the
;     V86 task's own IVT at linear 0; the handler IRETs (16-bit, IOPL < 3: VIF rules);
;  P  PUSHF under VME pushes IOPL = 3; then exits with 0x2D.
;@ boot: flat-real 0x7C00
;@ exit: 0x2D
;@ debugcon: VGNRP
;@ serial:
bits 16
org 0x7C00
%include "flat32.inc"
    ENTER_PROTECTED_MODE 0x9000
    lidt [idtr]
    mov ax, 0x18
    ltr ax
    mov word [0x21 * 4], v86_int21 ; the V86 task's IVT entry 21h: 0000:v86_int21
    mov word [0x21 * 4 + 2], 0
    push dword 0x0000             ; GS
    push dword 0x0000             ; FS
    push dword 0x07C0             ; DS
    push dword 0x0000             ; ES
    push dword 0x0000             ; SS
    push dword 0x7000             ; ESP
    push dword (1 << 17) | 2      ; EFLAGS: VM, IOPL 0
    push dword 0x0000             ; CS
    push dword v86_code           ; EIP
    iretd

bits 16
v86_code:
    mov bl, 1
    cmp word [v86_word - 0x7C00], 0xBEEF ; DS = 07C0h: linear 7C00h + offset
    jne v86_fail
    xor ax, ax
    mov ds, ax
    mov al, 'V'
    out 0xE9, al
    cli                           ; #GP(0) -> monitor, skipped
    mov bl, 2
    cmp word [gp_count], 1
    jne v86_fail
    int 0x21                      ; #GP, then (VME) redirected to v86_int21
    mov bl, 3
    cmp word [int21_count], 1
    jne v86_fail
    mov al, 'R'
    out 0xE9, al
    pushf
    pop ax
    mov bl, 4
    and ax, 0x3000
    cmp ax, 0x3000                ; IOPL reads 3 under VME
    jne v86_fail
    mov al, 'P'
    out 0xE9, al
    mov al, 0x2D
    out 0xF4, al
    jmp $
v86_fail:
    mov al, bl
    out 0xF4, al
    jmp $
v86_int21:
    inc word [int21_count]
    iret

bits 32
gp_handler:                       ; ring 0: error code, EIP, CS, EFLAGS, ESP, SS, ES, DS, FS, GS
    push ds
    push eax
    mov ax, 0x10
    mov ds, ax
    mov bl, 0x10
    cmp dword [esp + 4], 0        ; DS was nulled on entry from V86
    jne mfail
    mov bl, 0x11
    cmp dword [esp + 8], 0        ; error code
    jne mfail
    mov bl, 0x12
    test dword [esp + 20], 1 << 17 ; EFLAGS.VM in the frame
    jz mfail
    mov bl, 0x13
    cmp dword [esp + 40], 0x0000  ; V86 DS at the time (0 after its MOV DS)
    jne mfail
    inc word [gp_count]
    cmp word [gp_count], 1
    jne .second
    mov al, 'G'
    out 0xE9, al
    inc dword [esp + 12]          ; skip CLI
    jmp .done
.second:
    mov al, 'N'
    out 0xE9, al
    mov eax, cr4
    or eax, 1                     ; VME; the INT 21h is retried
    mov cr4, eax
.done:
    pop eax
    pop ds
    add esp, 4
    iretd
mfail:
    mov al, bl
    out 0xF4, al
    hlt

gp_count: dw 0
int21_count: dw 0
align 16
v86_word: dw 0xBEEF
align 8
gdt:
    dq 0
    dq 0x00CF9A000000FFFF          ; 08: code
    dq 0x00CF92000000FFFF          ; 10: data
    dw tss_end - tss - 1, tss      ; 18: 32-bit TSS
    db 0, 0x89, 0, 0
gdt_end:
gdtr: dw gdt_end - gdt - 1
      dd gdt
align 8
idt:
    times 13 dq 0
    dw gp_handler, 0x08            ; 0Dh: interrupt gate
    db 0, 0x8E
    dw 0
idt_end:
idtr: dw idt_end - idt - 1
      dd idt
align 4
tss:
    dd 0, 0x9000, 0x10             ; link, ESP0, SS0
    times 22 dd 0
    dw 0, iomap - tss              ; T, I/O map base
redirect: times 32 db 0            ; interrupt redirection bitmap: all to the V86 IVT
iomap:
    times 29 db 0xFF
    db 0xFF & ~(1 << 1)            ; E9h
    db 0xFF & ~(1 << 4)            ; F4h
    db 0xFF
tss_end:
