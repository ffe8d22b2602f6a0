; Task switches with a 16-bit TSS (SDM Vol. 3A §7.6, Figure 7-11): the main task has a 32-bit
; TSS (GDT 18h), task B a 16-bit one (GDT 20h, type 1) with 16-bit code and stack segments.
;  T  CALL to TSS B: task B starts from its word slots (IP, FLAGS, BX, SP, segments), sees NT = 1,
;     back link 18h and both TSS descriptors busy (type 3 and B), then IRETs through the back link
;     (its state saved into its 16-bit TSS); the main task resumes with its own registers, finds
;     B's saved IP after that IRET and B available again;
;  I  INT 40h through an IDT task gate: task B resumes after its IRET with its saved BX, IRETs;
;  J  JMP through a GDT task gate: task B resumes with NT = 0, the main TSS not busy.
;@ boot: flat-real 0x7C00
;@ exit: 0x36
;@ debugcon: TIJ
;@ serial:
bits 16
org 0x7C00
%include "flat32.inc"
    ENTER_PROTECTED_MODE 0x9000
    lidt [idtr]
    mov ax, 0x18
    ltr ax
    mov ebx, 0x12345678
    call 0x20:0                   ; to TSS B (16-bit)
    mov dl, 1
    cmp ebx, 0x12345678           ; restored from the main TSS
    jne fail
    mov dl, 2
    cmp byte [gdt + 0x20 + 5], 0x81 ; task B available again
    jne fail
    mov dl, 3
    cmp word [tss_b + 0x0E], resume1 ; B's IP saved in its 16-bit TSS
    jne fail
    mov dl, 4
    cmp word [tss_b + 0x18], 0xB0B ; and its BX
    jne fail
    int 0x40                      ; task gate -> task B
    mov dl, 5
    cmp ebx, 0x12345678
    jne fail
    jmp 0x28:0                    ; GDT task gate -> task B (never returns)
fail:
    mov al, dl
    out 0xF4, al
    hlt

bits 16
task_b:                           ; first entry: from the CALL
    mov dl, 0x10
    cmp bx, 0xB0B                 ; from the TSS's BX slot
    jne fail16
    pushf
    pop ax
    mov dl, 0x11
    test ax, 0x4000               ; NT set by CALL
    jz fail16
    mov dl, 0x12
    cmp word [tss_b], 0x18        ; back link
    jne fail16
    mov dl, 0x13
    cmp byte [gdt + 0x18 + 5], 0x8B
    jne fail16
    cmp byte [gdt + 0x20 + 5], 0x83
    jne fail16
    mov dl, 0x14
    cmp sp, 0x7000
    jne fail16
    mov al, 'T'
    out 0xE9, al
    iret                          ; NT = 1: back to the main task
resume1:
    mov dl, 0x20                  ; second entry: INT 40h
    cmp bx, 0xB0B
    jne fail16
    mov al, 'I'
    out 0xE9, al
    iret
    mov al, 'J'                   ; third entry: JMP, no nesting
    out 0xE9, al
    pushf
    pop ax
    mov dl, 0x30
    test ax, 0x4000
    jnz fail16
    mov dl, 0x31
    cmp byte [gdt + 0x18 + 5], 0x89 ; JMP freed the main task
    jne fail16
    mov al, 0x36
    out 0xF4, al
    hlt
fail16:
    mov al, dl
    out 0xF4, al
    hlt

align 8
gdt:
    dq 0
    dq 0x00CF9A000000FFFF          ; 08: code
    dq 0x00CF92000000FFFF          ; 10: data
    dw 103, tss_main               ; 18: main TSS (32-bit)
    db 0, 0x89, 0, 0
    dw 43, tss_b                   ; 20: TSS B (16-bit, limit 2Bh)
    db 0, 0x81, 0, 0
    dw 0, 0x20                     ; 28: task gate -> 20h
    db 0, 0x85
    dw 0
    dq 0x00009A000000FFFF          ; 30: 16-bit code
    dq 0x000092000000FFFF          ; 38: 16-bit data
gdt_end:
gdtr: dw gdt_end - gdt - 1
      dd gdt
align 8
idt:
    times 0x40 dq 0
    dw 0, 0x20                     ; 40h: task gate -> 20h
    db 0, 0x85
    dw 0
idt_end:
idtr: dw idt_end - idt - 1
      dd idt
align 4
tss_main: times 104 db 0
tss_b:
    dw 0, 0, 0, 0, 0, 0, 0         ; link, SP0 SS0 .. SP2 SS2
    dw task_b                      ; IP
    dw 2                           ; FLAGS
    dw 0, 0, 0, 0xB0B              ; AX CX DX BX
    dw 0x7000, 0, 0, 0             ; SP BP SI DI
    dw 0x38, 0x30, 0x38, 0x38      ; ES CS SS DS
    dw 0                           ; LDT
