; Real-mode flat guest : loaded at 0000:7C00 by `--flat --load 0x7c00 --mode real`.
; Prints over the 0xE9 debug port and COM1, takes a software interrupt through its own IVT entry,
; calls a far procedure, asks CPUID, then exits through the exit device (port 0xF4) with code 0x21
; (jvmx status (0x21 << 1) | 1 = 67).
;@ boot: flat-real 0x7C00
;@ exit: 0x21
;@ debugcon: real mode ok\n
;@ serial: real mode ok\n
bits 16
org 0x7C00
start:
    cli
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7C00
    mov word [0x80 * 4], int80      ; IVT entry 80h -> 0000:int80
    mov word [0x80 * 4 + 2], 0
    mov si, msg
.print:
    lodsb
    test al, al
    jz .done
    out 0xE9, al                    ; debug console
    mov dx, 0x3F8
    out dx, al                      ; COM1 transmit register
    jmp .print
.done:
    mov bx, 0x1234
    int 0x80                        ; doubles BX and returns
    cmp bx, 0x2468
    jne fail
    call 0x0000:farproc             ; far call, RETF back
    cmp cx, 0x55AA
    jne fail
    xor eax, eax
    cpuid                           ; answered by the platform (CPUID exit): max leaf, vendor
    test eax, eax
    jz fail
    mov al, 0x21
    out 0xF4, al                    ; exit device: status (0x21 << 1) | 1
    hlt
fail:
    mov al, 0x01
    out 0xF4, al
    hlt
int80:
    shl bx, 1
    iret
farproc:
    mov cx, 0x55AA
    retf
msg: db "real mode ok", 10, 0
