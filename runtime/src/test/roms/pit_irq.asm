; PIT interrupts through the 8259 PIC in real mode, : programs the PIC
; (vector base 08h, only IRQ0 unmasked) and PIT channel 0 (mode 2, ~1 kHz), then waits in HLT
; with IF = 1 until the IRQ0 handler has counted 3 ticks; prints "PIT" on 0xE9, exits 0x26 (status 77).
;@ boot: flat-real 0x7C00
;@ exit: 0x26
;@ debugcon: PIT
;@ serial: 
bits 16
org 0x7C00
    cli
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7C00
    mov word [8 * 4], irq0
    mov word [8 * 4 + 2], 0
    mov al, 0x11                ; ICW1: edge, cascade, ICW4 needed
    out 0x20, al
    mov al, 0x08                ; ICW2: vectors 08h..0Fh
    out 0x21, al
    mov al, 0x04                ; ICW3: slave on IRQ2
    out 0x21, al
    mov al, 0x01                ; ICW4: 8086 mode
    out 0x21, al
    mov al, 0xFE                ; OCW1: only IRQ0
    out 0x21, al
    mov al, 0x34                ; PIT channel 0, lobyte/hibyte, mode 2
    out 0x43, al
    mov ax, 1193
    out 0x40, al
    mov al, ah
    out 0x40, al
    sti
wait_tick:
    hlt
    cmp word [ticks], 3
    jb wait_tick
    cli
    mov al, 'P'
    out 0xE9, al
    mov al, 'I'
    out 0xE9, al
    mov al, 'T'
    out 0xE9, al
    mov al, 0x26
    out 0xF4, al
    hlt
irq0:
    inc word [ticks]
    push ax
    mov al, 0x20                ; non-specific EOI
    out 0x20, al
    pop ax
    iret
ticks: dw 0
