; Protected-mode segment checks (SDM Vol. 3A §3.4.5.1, §5.3, §5.4.1, Vol. 2 "MOV"): each step
; sets the fault it expects; the #GP/#NP handler checks vector and error code and skips the
; faulting instruction (its length is in [skip]).
;  L  limit: a dword at offset FFEh of a 4-KiB segment is #GP(0), at FFCh it is fine;
;  E  expand-down (limit FFFh, B = 1): offset 800h is #GP(0), offset 2000h is fine;
;  N  an access through a null DS is #GP(0);
;  T  types: an execute-only code selector into DS is #GP(sel), a read-only data selector into
;     SS is #GP(sel), a not-present data segment is #NP(sel).
;@ boot: flat-real 0x7C00
;@ exit: 0x32
;@ debugcon: LENT
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
%macro expect 3                   ; vector, error code, instruction length
    mov dword [want_vec], %1
    mov dword [want_err], %2
    mov dword [skip], %3
%endmacro
%macro faulted 1                  ; the number of faults so far, else exit with the step number
    mov bl, %1
    cmp dword [faults], %1
    jne fail
%endmacro
pm:
    mov ax, 0x10
    mov ds, ax
    mov ss, ax
    mov esp, 0x9000
    lidt [idtr]

    mov ax, 0x18                  ; 4-KiB data segment
    mov es, ax
    expect 13, 0, 6
    mov eax, [es:0xFFE]           ; A1 moffs32 with ES: 6 bytes
    faulted 1
    mov eax, [es:0xFFC]
    faulted 1
    mov al, 'L'
    out 0xE9, al

    mov ax, 0x20                  ; expand-down, limit FFFh
    mov es, ax
    expect 13, 0, 6
    mov eax, [es:0x800]
    faulted 2
    mov eax, [es:0x2000]
    faulted 2
    mov al, 'E'
    out 0xE9, al

    xor ax, ax
    mov es, ax                    ; a null selector loads fine
    expect 13, 0, 6
    mov eax, [es:0x100]
    faulted 3
    mov al, 'N'
    out 0xE9, al

    expect 13, 0x28, 2
    mov ax, 0x28                  ; execute-only code
    mov es, ax
    faulted 4
    expect 13, 0x30, 2
    mov ax, 0x30                  ; read-only data
    mov ss, ax
    faulted 5
    expect 11, 0x38, 2
    mov ax, 0x38                  ; not present
    mov es, ax
    faulted 6
    mov al, 'T'
    out 0xE9, al
    mov al, 0x32
    out 0xF4, al
    hlt
fail:
    mov al, bl
    out 0xF4, al
    hlt

np_handler:
    push dword 11
    jmp handler
gp_handler:
    push dword 13
%include "fault_check.inc"
align 8
gdt:
    dq 0
    dq 0x00CF9A000000FFFF          ; 08: code
    dq 0x00CF92000000FFFF          ; 10: data
    dq 0x0040920000000FFF          ; 18: data, limit FFFh bytes, B = 1
    dq 0x0040960000000FFF          ; 20: data expand-down, limit FFFh, B = 1
    dq 0x00CF98000000FFFF          ; 28: execute-only code
    dq 0x00CF90000000FFFF          ; 30: read-only data
    dq 0x00CF12000000FFFF          ; 38: data, not present
gdt_end:
gdtr: dw gdt_end - gdt - 1
      dd gdt
align 8
idt:
    times 11 dq 0
    dw np_handler, 0x08            ; 0Bh: #NP
    db 0, 0x8E
    dw 0
    dq 0
    dw gp_handler, 0x08            ; 0Dh: #GP
    db 0, 0x8E
    dw 0
idt_end:
idtr: dw idt_end - idt - 1
      dd idt
