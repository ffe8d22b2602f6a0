; Real -> protected mode switch : LGDT, MOV CR0 (PE), a far jump through a
; GDT code descriptor into 32-bit code, data-segment loads, then 'P' on port 0xE9 and exit code 0x22
; (status 69). A flat 4 GiB GDT as the SDM's example (Vol. 3A §9.9.1).
;@ boot: flat-real 0x7C00
;@ exit: 0x22
;@ debugcon: P
;@ serial: 
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
    mov es, ax
    mov ss, ax
    mov esp, 0x9000
    push dword 'P'
    pop eax
    out 0xE9, al
    mov ebx, [gdtr + 2]          ; a 32-bit flat data access
    cmp ebx, gdt
    jne bad
    mov al, 0x22
    out 0xF4, al
    hlt
bad:
    mov al, 0x01
    out 0xF4, al
    hlt
gdt: dq 0, 0x00CF9A000000FFFF, 0x00CF92000000FFFF
gdtr: dw 23
      dd gdt
