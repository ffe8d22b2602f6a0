; Privilege transitions and protection checks (SDM Vol. 3A §5.5-§5.8, Vol. 1 §19.5): ring 0 sets
; up a TSS with an I/O permission bitmap and IRETs to ring 3. Ring 3 then
;  C  calls ring 0 through a DPL-3 call gate with 2 parameters: the handler runs at CPL 0 on the
;     TSS stack and finds EIP, CS, both parameters (copied), the caller's ESP and SS; RETF 8
;     returns to ring 3 and drops the parameters from the caller's stack;
;  S  loads DS with a DPL-0 data selector: #GP(10h) (§5.7), the #GP handler skips the instruction;
;  I  CLI with IOPL 0: #GP(0);
;  O  writes port 80h, whose bitmap bit is set: #GP(0); ports E9h and F4h are allowed, so ring 3
;     prints each letter itself and exits through the exit device;
;  G  a far call through a DPL-0 gate: #GP(gate selector).
;@ boot: flat-real 0x7C00
;@ exit: 0x2B
;@ debugcon: CSIOG
;@ serial:
bits 16
org 0x7C00
%include "flat32.inc"
    ENTER_PROTECTED_MODE 0x9000
    lidt [idtr]
    mov ax, 0x28
    ltr ax
    push dword 0x23               ; user SS
    push dword 0x8800             ; user ESP
    push dword 0x002              ; EFLAGS: IOPL 0, IF 0
    push dword 0x1B               ; user CS
    push dword user
    iretd

user:
    mov ax, 0x23
    mov ds, ax
    mov es, ax
    push dword 0x11111111
    push dword 0x22222222
    call 0x33:0                   ; call gate 30h, RPL 3
    mov bl, 1
    cmp esp, 0x8800               ; RETF 8 removed the parameters
    jne user_fail
    mov ax, cs
    cmp ax, 0x1B
    jne user_fail
    mov al, 'C'
    out 0xE9, al

    mov dword [skip], 2
    mov ax, 0x10
    mov ds, ax                    ; 8E D8: #GP(10h)
    mov bl, 2
    cmp dword [gp_count], 1
    jne user_fail
    cmp dword [last_err], 0x10
    jne user_fail
    mov al, 'S'
    out 0xE9, al

    mov dword [skip], 1
    cli                           ; #GP(0): CPL 3 > IOPL 0
    mov bl, 3
    cmp dword [gp_count], 2
    jne user_fail
    cmp dword [last_err], 0
    jne user_fail
    mov al, 'I'
    out 0xE9, al

    mov dword [skip], 2
    out 0x80, al                  ; E6 80: bit set in the I/O bitmap
    mov bl, 4
    cmp dword [gp_count], 3
    jne user_fail
    mov al, 'O'
    out 0xE9, al

    mov dword [skip], 7
    call 0x40:0                   ; gate DPL 0 < CPL 3
    mov bl, 5
    cmp dword [gp_count], 4
    jne user_fail
    cmp dword [last_err], 0x40
    jne user_fail
    mov al, 'G'
    out 0xE9, al
    mov al, 0x2B
    out 0xF4, al
    jmp $
user_fail:
    mov al, bl
    out 0xF4, al
    jmp $

gate_target:                      ; CPL 0, on the TSS stack
    mov bl, 0x10
    mov ax, cs
    cmp ax, 0x08
    jne kfail
    cmp dword [esp + 4], 0x1B     ; caller CS
    jne kfail
    cmp dword [esp + 8], 0x22222222
    jne kfail
    cmp dword [esp + 12], 0x11111111
    jne kfail
    cmp dword [esp + 16], 0x8800 - 8 ; caller ESP after its two pushes
    jne kfail
    cmp dword [esp + 20], 0x23    ; caller SS
    jne kfail
    cmp esp, 0x9000 - 24
    jne kfail
    retf 8
kfail:
    mov al, bl
    out 0xF4, al
    hlt

gp_handler:                       ; interrupt gate, CPL 0: error code, EIP, CS, EFLAGS, ESP, SS
    push eax
    mov eax, [esp + 4]
    mov [last_err], eax
    inc dword [gp_count]
    mov eax, [skip]
    add [esp + 8], eax
    pop eax
    add esp, 4
    iretd

skip: dd 0
gp_count: dd 0
last_err: dd 0
align 8
gdt:
    dq 0
    dq 0x00CF9A000000FFFF          ; 08: ring-0 code
    dq 0x00CF92000000FFFF          ; 10: ring-0 data
    dq 0x00CFFA000000FFFF          ; 18: ring-3 code
    dq 0x00CFF2000000FFFF          ; 20: ring-3 data
    dw tss_end - tss - 1, tss      ; 28: 32-bit TSS
    db 0, 0x89, 0, 0
    dw gate_target, 0x08           ; 30: call gate, DPL 3, 2 parameters
    db 2, 0xEC
    dw 0
    dq 0                           ; 38: unused
    dw gate_target, 0x08           ; 40: call gate, DPL 0
    db 0, 0x8C
    dw 0
gdt_end:
gdtr: dw gdt_end - gdt - 1
      dd gdt
align 8
idt:
    times 13 dq 0
    dw gp_handler, 0x08            ; 0Dh: interrupt gate, DPL 0
    db 0, 0x8E
    dw 0
idt_end:
idtr: dw idt_end - idt - 1
      dd idt
align 4
tss:
    dd 0, 0x9000, 0x10             ; link, ESP0, SS0
    times 22 dd 0
    dw 0, iomap - tss              ; T, I/O map base
iomap:
    times 29 db 0xFF
    db 0xFF & ~(1 << 1)            ; port E9h allowed
    db 0xFF & ~(1 << 4)            ; port F4h allowed
    db 0xFF
tss_end:
