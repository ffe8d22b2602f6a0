; Hardware task switches (SDM Vol. 3A §7.3): the main task (TSS at GDT 18h, loaded with LTR)
;  T  CALLs TSS B (GDT 20h): task B starts from its TSS, sees NT = 1, its back link = 18h and both
;     TSS descriptors busy, then IRETs through the back link; the main task resumes after the
;     CALL with its own registers, task B no longer busy;
;  I  INT 40h through an IDT task gate: task B resumes after its IRET, IRETs again;
;  J  JMPs through a GDT task gate (28h): task B resumes with NT = 0 and the main TSS not busy.
;@ boot: flat-real 0x7C00
;@ exit: 0x2C
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
    call 0x20:0                   ; to TSS B
    mov dl, 1
    cmp ebx, 0x12345678           ; restored from the main TSS
    jne fail
    mov dl, 2
    cmp byte [gdt + 0x20 + 5], 0x89 ; task B available again
    jne fail
    pushfd
    mov dl, 3
    test dword [esp], 0x4000      ; NT clear in the main task
    jnz fail
    popfd
    int 0x40                      ; task gate -> task B
    mov dl, 4
    cmp ebx, 0x12345678
    jne fail
    jmp 0x28:0                    ; GDT task gate -> task B (never returns)
fail:
    mov al, dl
    out 0xF4, al
    hlt

task_b:                           ; first entry: from the CALL
    mov ebx, 0xB
    pushfd
    pop eax
    mov dl, 0x10
    test eax, 0x4000              ; NT set by CALL
    jz fail
    mov dl, 0x11
    cmp word [tss_b], 0x18        ; back link
    jne fail
    mov dl, 0x12
    cmp byte [gdt + 0x18 + 5], 0x8B
    jne fail
    cmp byte [gdt + 0x20 + 5], 0x8B
    jne fail
    mov al, 'T'
    out 0xE9, al
    iretd                         ; NT = 1: back to the main task
    mov al, 'I'                   ; second entry: INT 40h
    out 0xE9, al
    iretd
    mov al, 'J'                   ; third entry: JMP, no nesting
    out 0xE9, al
    pushfd
    pop eax
    mov dl, 0x20
    test eax, 0x4000
    jnz fail
    mov dl, 0x21
    cmp byte [gdt + 0x18 + 5], 0x89 ; JMP freed the main task
    jne fail
    mov al, 0x2C
    out 0xF4, al
    hlt

align 8
gdt:
    dq 0
    dq 0x00CF9A000000FFFF          ; 08: code
    dq 0x00CF92000000FFFF          ; 10: data
    dw 103, tss_main               ; 18: main TSS
    db 0, 0x89, 0, 0
    dw 103, tss_b                  ; 20: TSS B
    db 0, 0x89, 0, 0
    dw 0, 0x20                     ; 28: task gate -> 20h
    db 0, 0x85
    dw 0
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
    dd 0, 0, 0, 0, 0, 0, 0         ; link, ESP0..SS2
    dd 0                           ; CR3
    dd task_b                      ; EIP
    dd 2                           ; EFLAGS
    dd 0, 0, 0, 0                  ; EAX ECX EDX EBX
    dd 0x7000, 0, 0, 0             ; ESP EBP ESI EDI
    dd 0x10, 0x08, 0x10, 0x10, 0x10, 0x10 ; ES CS SS DS FS GS
    dd 0                           ; LDT
    dw 0, 104                      ; T, I/O map base (none)
