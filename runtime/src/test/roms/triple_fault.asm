; Shutdown on a triple fault (SDM Vol. 3A §6.15, interrupt 8): with an empty IDT, UD2's #UD
; cannot be delivered (#GP), nor can that #GP (contributory twice: #DF), nor the #DF: the machine
; stops with status 2 after printing "X".
;@ boot: flat-real 0x7C00
;@ stop: triple-fault
;@ debugcon: X
;@ serial:
bits 16
org 0x7C00
    cli
    lgdt [gdtr]
    lidt [idtr]
    mov eax, cr0
    or al, 1
    mov cr0, eax
    jmp 0x08:pm
bits 32
pm:
    mov ax, 0x10
    mov ds, ax
    mov ss, ax
    mov esp, 0x9000
    mov al, 'X'
    out 0xE9, al
    ud2
    mov al, 1
    out 0xF4, al
    hlt
align 8
gdt:
    dq 0
    dq 0x00CF9A000000FFFF
    dq 0x00CF92000000FFFF
gdt_end:
gdtr: dw gdt_end - gdt - 1
      dd gdt
idtr: dw 0
      dd 0
