; Privilege transitions : protected mode with a TSS (LTR), IRETD to ring 3
; user code, which calls the kernel with INT 80h through a DPL-3 interrupt gate; the CPU switches
; to the ring-0 stack from TSS.ESP0/SS0 and the handler checks the saved CS (RPL 3) and the user
; ESP on its frame, prints "K", and exits with code 0x29 (status 83).
;@ boot: flat-real 0x7C00
;@ exit: 0x29
;@ debugcon: K
;@ serial: 
bits 16
org 0x7C00
%include "flat32.inc"
    ENTER_PROTECTED_MODE 0x9000
    lidt [idtr]
    mov dword [tss + 4], 0x9000   ; ESP0
    mov dword [tss + 8], 0x10     ; SS0
    mov ax, 0x28
    ltr ax
    push dword 0x23               ; user SS (GDT 4, RPL 3)
    push dword 0x8800             ; user ESP
    push dword 0x002              ; EFLAGS
    push dword 0x1B               ; user CS (GDT 3, RPL 3)
    push dword user
    iretd
user:
    mov eax, 0x1234
    int 0x80
    mov al, 1                     ; not reached: the kernel exits
    out 0xF4, al
    hlt
kernel:
    cmp dword [esp + 4], 0x1B     ; saved CS
    jne bad
    cmp dword [esp + 12], 0x8800  ; saved user ESP
    jne bad
    mov bx, ss
    cmp bx, 0x10
    jne bad
    cmp eax, 0x1234
    jne bad
    mov al, 'K'
    out 0xE9, al
    mov al, 0x29
    out 0xF4, al
    hlt
bad:
    mov al, 1
    out 0xF4, al
    hlt
align 8
gdt:
    dq 0
    dq 0x00CF9A000000FFFF          ; 08: ring-0 code
    dq 0x00CF92000000FFFF          ; 10: ring-0 data
    dq 0x00CFFA000000FFFF          ; 18: ring-3 code
    dq 0x00CFF2000000FFFF          ; 20: ring-3 data
    dw 103, tss                    ; 28: 32-bit TSS (available), base = tss (< 64 KiB)
    db 0, 0x89, 0, 0
gdt_end:
gdtr: dw gdt_end - gdt - 1
      dd gdt
align 8
idt:
    times 0x80 dq 0
    dw kernel, 0x08                ; 80h: interrupt gate, DPL 3
    db 0, 0xEE
    dw 0
idt_end:
idtr: dw idt_end - idt - 1
      dd idt
align 4
tss: times 104 db 0
