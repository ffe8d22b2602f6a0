; 64 KiB ROM  (`--rom`): starts at the reset vector FFFF:FFF0 with
; CS.base = FFFF0000h, jumps far into F000:0000 (now the copy below 1 MiB), sets up a stack in
; RAM, writes POST codes 0x11 and 0x22 to port 0x80, "ROM" on port 0xE9, exits with code 0x24.
;@ boot: rom
;@ exit: 0x24
;@ debugcon: ROM
;@ serial: 
bits 16
org 0
start:
    cli
    xor ax, ax
    mov ss, ax
    mov sp, 0x7000
    mov al, 0x11
    out 0x80, al
    push cs
    pop ds
    mov si, msg
.next:
    lodsb
    test al, al
    jz .done
    out 0xE9, al
    jmp .next
.done:
    mov al, 0x22
    out 0x80, al
    mov al, 0x24
    out 0xF4, al
    hlt
msg: db "ROM", 0
    times 0xFFF0 - ($ - $$) db 0xFF
reset:
    jmp 0xF000:start              ; the reset vector (CS = F000h, IP = FFF0h)
    times 0x10000 - ($ - $$) db 0xFF
