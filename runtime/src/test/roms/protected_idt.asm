; Protected mode with an IDT : switches from real mode, loads an IDT with
; an interrupt gate for INT 30h and a trap gate for #DE (vector 0), takes both (the #DE handler
; skips the 2-byte DIV), prints "IDT" on port 0xE9, exits with code 0x25 (status 75).
;@ boot: flat-real 0x7C00
;@ exit: 0x25
;@ debugcon: IDT
;@ serial: 
bits 16
org 0x7C00
    cli
    lgdt [gdtr]
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
    lidt [idtr]
    mov ebx, 0
    int 0x30                    ; handler prints 'I', sets EBX
    cmp ebx, 0x30
    jne bad
    xor edx, edx
    mov eax, 1
    xor ecx, ecx
    div ecx                     ; #DE -> de_handler, returns past the DIV
    cmp ebx, 0xDE
    jne bad
    mov al, 'T'
    out 0xE9, al
    mov al, 0x25
    out 0xF4, al
    hlt
bad:
    mov al, 1
    out 0xF4, al
    hlt
int30:
    mov al, 'I'
    out 0xE9, al
    mov ebx, 0x30
    iretd
de_handler:
    mov al, 'D'
    out 0xE9, al
    mov ebx, 0xDE
    add dword [esp], 2          ; skip "div ecx" (F7 F1)
    iretd
gdt: dq 0, 0x00CF9A000000FFFF, 0x00CF92000000FFFF
gdtr: dw 23
      dd gdt
align 8
idt:
    ; vector 0: trap gate (type F) to de_handler
    dw de_handler, 0x08
    db 0, 0x8F
    dw 0
    times 47 dq 0
    ; vector 30h: interrupt gate (type E) to int30
    dw int30, 0x08
    db 0, 0x8E
    dw 0
idt_end:
idtr: dw idt_end - idt - 1
      dd idt
