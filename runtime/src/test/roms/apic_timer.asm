; Local APIC timer interrupts through the xAPIC MMIO page (SDM Vol. 3A §11.5.4): in protected
; mode with flat 4-GiB segments, software-enables the APIC (SVR), divides by 1, programs the LVT
; timer periodic with vector 40h and an initial count, and HLTs with IF = 1 until three timer
; interrupts have arrived (the handler EOIs each); then masks the LVT, prints "APIC", exits 0x31.
;@ boot: flat-real 0x7C00
;@ exit: 0x31
;@ debugcon: APIC
;@ serial:
APIC equ 0xFEE00000
bits 16
org 0x7C00
%include "flat32.inc"
    ENTER_PROTECTED_MODE 0x9000
    lidt [idtr]
    mov dword [APIC + 0xF0], 0x1FF    ; SVR: APIC enabled, spurious vector FFh
    mov dword [APIC + 0x3E0], 0xB     ; divide by 1
    mov dword [APIC + 0x320], (1 << 17) | 0x40 ; LVT timer: periodic, vector 40h
    mov dword [APIC + 0x380], 100000  ; initial count
    sti
.wait:
    hlt
    cmp dword [ticks], 3
    jb .wait
    cli
    mov dword [APIC + 0x320], 1 << 16 ; masked
    mov esi, msg
.print:
    lodsb
    test al, al
    jz .done
    out 0xE9, al
    jmp .print
.done:
    mov al, 0x31
    out 0xF4, al
    hlt
timer:
    inc dword [ticks]
    mov dword [APIC + 0xB0], 0        ; EOI
    iretd
ticks: dd 0
msg: db "APIC", 0
align 8
gdt:
    dq 0
    dq 0x00CF9A000000FFFF
    dq 0x00CF92000000FFFF
gdt_end:
gdtr: dw gdt_end - gdt - 1
      dd gdt
align 8
idt:
    times 0x40 dq 0
    dw timer, 0x08                    ; 40h: interrupt gate
    db 0, 0x8E
    dw 0
idt_end:
idtr: dw idt_end - idt - 1
      dd idt
