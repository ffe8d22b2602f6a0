; SMP start-up with 2 vCPUs: the bootstrap processor switches its local
; APIC to x2APIC mode (IA32_APIC_BASE.EXTD), sends INIT then a start-up IPI with vector 08h to
; APIC ID 1 through the x2APIC ICR (MSR 830h, SDM Vol. 3A §11.12.9, §8.4.4.1). The application
; processor starts in real mode at 0800:0000, prints 'A' and sets a flag; the BSP waits for the
; flag, prints 'B' and exits with code 0x28 (status 81).
;@ boot: flat-real 0x7C00
;@ cpus: 2
;@ exit: 0x28
;@ debugcon: AB
;@ serial: 
bits 16
org 0x7C00
    cli
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7C00
    mov byte [flag], 0
    mov ecx, 0x1B                 ; IA32_APIC_BASE: EN | EXTD
    rdmsr
    or eax, (1 << 11) | (1 << 10)
    wrmsr
    mov ecx, 0x830                ; x2APIC ICR
    mov edx, 1                    ; destination APIC ID 1
    mov eax, 0x4500               ; INIT, assert
    wrmsr
    mov eax, 0x4608               ; start-up, vector 08h -> 0800:0000
    wrmsr
.wait:
    out 0x80, al                  ; a port access each turn (also orders memory with the AP)
    cmp byte [flag], 1
    jne .wait
    mov al, 'B'
    out 0xE9, al
    mov al, 0x28
    out 0xF4, al
    hlt
flag: db 0
    times 0x400 - ($ - $$) db 0   ; the AP trampoline lands at 0x8000
ap:
    xor ax, ax
    mov ds, ax
    mov al, 'A'
    out 0xE9, al
    mov byte [flag], 1
    cli
    hlt
