; Debug exceptions and double fault (SDM Vol. 3A §18.3, §6.15):
;  S  POPFD sets TF; each of the next three instructions ends in a single-step #DB (trap, DR6.BS
;     set, the handler entered with TF clear); the third handler clears TF in the frame;
;  B  DR0 = an instruction's address, DR7.L0 with R/W = 00: #DB (fault) before it with DR6.B0;
;     the handler sets RF in the frame so the instruction then runs once;
;  D  #GP whose IDT gate is not present raises #NP while being delivered, which is #DF
;     (contributory after contributory, Table 6-5) with error code 0 and the faulting EIP.
;@ boot: flat-real 0x7C00
;@ exit: 0x2E
;@ debugcon: SBD
;@ serial:
bits 16
org 0x7C00
%include "flat32.inc"
    ENTER_PROTECTED_MODE 0x9000
    lidt [idtr]

    pushfd
    or dword [esp], 0x100
    popfd                         ; TF from the next instruction on
    nop
    nop
    nop                           ; the third trap clears TF
after3:
    nop
    mov bl, 1
    cmp dword [steps], 3
    jne fail
    mov bl, 2
    cmp dword [step_eip + 8], after3
    jne fail
    mov al, 'S'
    out 0xE9, al

    mov eax, bp_here
    mov dr0, eax
    mov eax, 1                    ; L0, R/W0 = 00 (execute), LEN0 = 00
    mov dr7, eax
    xor ecx, ecx
bp_here:
    inc ecx                       ; #DB before it, then runs once with RF = 1
    xor eax, eax
    mov dr7, eax
    mov bl, 3
    cmp dword [breaks], 1
    jne fail
    cmp ecx, 1
    jne fail
    mov al, 'B'
    out 0xE9, al

    mov ax, 0x1230                ; beyond the GDT limit: #GP(1230h), whose gate is absent
gp_here:
    mov ds, ax
    mov bl, 4
fail:
    mov al, bl
    out 0xF4, al
    hlt

db_handler:                       ; EIP, CS, EFLAGS
    push eax
    mov eax, dr6
    test eax, 1                   ; B0: the breakpoint
    jnz .breakpoint
    mov bl, 0x10
    test eax, 1 << 14             ; BS: single step
    jz fail
    mov bl, 0x11
    test dword [esp + 12], 0x100  ; the frame still has TF
    jz fail
    pushfd
    test dword [esp], 0x100       ; the handler runs with TF clear
    pop eax
    jnz fail
    mov eax, [steps]
    push ebx
    mov ebx, [esp + 8]            ; trap EIP
    mov [step_eip + eax * 4], ebx
    pop ebx
    inc dword [steps]
    cmp dword [steps], 3
    jne .done
    and dword [esp + 12], ~0x100  ; stop stepping
    jmp .done
.breakpoint:
    mov bl, 0x12
    cmp dword [esp + 4], bp_here  ; a fault: EIP at the instruction
    jne fail
    inc dword [breaks]
    or dword [esp + 12], 1 << 16  ; RF
.done:
    xor eax, eax
    mov dr6, eax
    pop eax
    iretd

df_handler:                       ; error code, EIP, CS, EFLAGS
    mov bl, 0x20
    cmp dword [esp], 0
    jne fail
    mov bl, 0x21
    cmp dword [esp + 4], gp_here
    jne fail
    mov al, 'D'
    out 0xE9, al
    mov al, 0x2E
    out 0xF4, al
    hlt

steps: dd 0
breaks: dd 0
step_eip: dd 0, 0, 0
align 8
gdt:
    dq 0
    dq 0x00CF9A000000FFFF          ; 08: code
    dq 0x00CF92000000FFFF          ; 10: data
gdt_end:
gdtr: dw gdt_end - gdt - 1
      dd gdt
align 8
idt:
    dq 0
    dw db_handler, 0x08            ; 01h: #DB, interrupt gate
    db 0, 0x8E
    dw 0
    times 6 dq 0
    dw df_handler, 0x08            ; 08h: #DF
    db 0, 0x8E
    dw 0
    times 4 dq 0
    dw 0, 0x08                     ; 0Dh: #GP, not present
    db 0, 0x0E
    dw 0
idt_end:
idtr: dw idt_end - idt - 1
      dd idt
