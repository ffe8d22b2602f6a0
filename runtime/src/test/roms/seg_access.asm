; Protected-mode access checks after the segment load (SDM Vol. 3A §3.4.5.1 Table 3-1, §5.3, §5.5;
; Vol. 2 "MOV", "MOVS"/"STOS"/"LODS"/"CMPS"/"SCAS"/"INS"/"OUTS", "POP" protected-mode exceptions).
; Each step sets the fault it expects; the handler checks vector and error code and skips the
; faulting instruction (its length is in [skip]).
;  W  writes (MOV and a read-modify-write ADD) through a read-only data segment and through a
;     readable code segment are #GP(0); reads through both are fine;
;  X  a read through an execute-only CS is #GP(0);
;  S  string operands get the limit and type checks, ES:EDI and DS:ESI (with an override) alike:
;     STOS past the limit, LODS past the limit, MOVS into a read-only ES, SCAS and CMPS below an
;     expand-down limit; REP STOSB stops at the first element past the limit, restartable
;     (EDI and ECX count the elements it stored);
;  I  INS into a read-only ES and OUTS past the source limit are #GP(0);
;  P  a POP past the SS limit is #SS(0).
;@ boot: flat-real 0x7C00
;@ exit: 0x33
;@ debugcon: WXSIP
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
    cld

    mov ax, 0x30                  ; read-only data
    mov es, ax
    expect 13, 0, 6
    mov [es:0x10], eax            ; 26 A3 disp32
    faulted 1
    expect 13, 0, 7
    add [es:0x10], eax            ; 26 01 05 disp32
    faulted 2
    mov eax, [es:0x10]
    mov ax, 0x40                  ; readable code
    mov es, ax
    mov eax, [es:0x10]
    expect 13, 0, 6
    mov [es:0x10], eax
    faulted 3
    mov al, 'W'
    out 0xE9, al

    jmp 0x28:xonly                ; execute-only code, same base
xonly:
    expect 13, 0, 6
    mov eax, [cs:0x10]            ; 2E A1 disp32
    faulted 4
    jmp 0x08:back
back:
    mov al, 'X'
    out 0xE9, al

    mov ax, 0x18                  ; 4-KiB data segment
    mov es, ax
    mov fs, ax
    mov edi, 0xFFE
    expect 13, 0, 1
    stosd
    faulted 5
    mov edi, 0xFFC
    stosd
    faulted 5
    mov esi, 0xFFD
    expect 13, 0, 2
    fs lodsd
    faulted 6
    mov ax, 0x30                  ; read-only ES
    mov es, ax
    mov esi, 0x100
    mov edi, 0x100
    expect 13, 0, 1
    movsb
    faulted 7
    mov ax, 0x20                  ; expand-down, limit FFFh
    mov es, ax
    mov fs, ax
    mov edi, 0x800
    expect 13, 0, 1
    scasd
    faulted 8
    mov edi, 0x2000
    scasd
    faulted 8
    mov esi, 0x10
    mov edi, 0x2000
    expect 13, 0, 2
    fs cmpsb
    faulted 9
    mov ax, 0x18
    mov es, ax
    mov edi, 0xFFC
    mov ecx, 8
    expect 13, 0, 2
    rep stosb
    faulted 10
    mov bl, 0x20
    cmp edi, 0x1000
    jne fail
    cmp ecx, 4
    jne fail
    mov al, 'S'
    out 0xE9, al

    mov dx, 0x80
    mov ax, 0x30
    mov es, ax
    mov edi, 0x100
    expect 13, 0, 1
    insb
    faulted 11
    mov esi, 0x1000
    expect 13, 0, 2
    fs outsb                      ; FS is the expand-down segment: 1000h is fine
    faulted 11
    mov ax, 0x18
    mov fs, ax
    expect 13, 0, 2
    fs outsb                      ; past the 4-KiB limit
    faulted 12
    mov al, 'I'
    out 0xE9, al

    mov ax, 0x18                  ; SS with limit FFFh
    mov ss, ax
    mov esp, 0xFFE
    expect 12, 0, 1
    pop eax                       ; FFEh..1001h
    faulted 13
    mov bl, 0x21
    cmp esp, 0xFFE
    jne fail
    mov ax, 0x10
    mov ss, ax
    mov esp, 0x9000
    mov al, 'P'
    out 0xE9, al

    mov al, 0x33
    out 0xF4, al
    hlt
fail:
    mov al, bl
    out 0xF4, al
    hlt

ss_handler:
    push dword 12
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
    dq 0x00CF9A000000FFFF          ; 40: readable code
gdt_end:
gdtr: dw gdt_end - gdt - 1
      dd gdt
align 8
idt:
    times 12 dq 0
    dw ss_handler, 0x08            ; 0Ch: #SS
    db 0, 0x8E
    dw 0
    dw gp_handler, 0x08            ; 0Dh: #GP
    db 0, 0x8E
    dw 0
idt_end:
idtr: dw idt_end - idt - 1
      dd idt
