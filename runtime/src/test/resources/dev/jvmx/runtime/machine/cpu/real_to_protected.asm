; Real -> protected mode switch (not yet run by InterpreterVcpu: protected-mode descriptor loads
; and MOV CR0 are machine-mode work still to do; kept as the next acceptance guest).
bits 16
org 0x7C00
    cli
    lgdt [gdtr]
    mov eax, cr0
    or eax, 1
    mov cr0, eax
    jmp 0x08:pm
bits 32
pm:
    mov ax, 0x10
    mov ds, ax
    mov al, 'P'
    out 0xE9, al
    mov al, 0x22
    out 0xF4, al
    hlt
gdt: dq 0, 0x00CF9A000000FFFF, 0x00CF92000000FFFF
gdtr: dw 23
      dd gdt
