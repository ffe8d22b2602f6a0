; 64-bit flat guest , started by `--flat --load 0x100000 --mode long`: uses a
; 64-bit register and RIP-relative data, prints "L64" on port 0xE9 and exits with code 0x23 (status 71).
;@ boot: flat-long 0x100000
;@ exit: 0x23
;@ debugcon: L64
;@ serial: 
bits 64
org 0x100000
    mov rax, 0x1122334455667788
    shr rax, 32
    cmp eax, 0x11223344
    jne bad
    lea rsi, [rel msg]
.next:
    lodsb
    test al, al
    jz .done
    out 0xE9, al
    jmp .next
.done:
    mov al, 0x23
    out 0xF4, al
    hlt
bad:
    mov al, 1
    out 0xF4, al
    hlt
msg: db "L64", 0
