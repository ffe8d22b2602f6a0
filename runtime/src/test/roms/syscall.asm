; Fast system calls in IA-32e mode (SDM Vol. 3A §5.8.7-§5.8.8): on the flat long-mode loader's
; identity map (user bit added), with its own GDT, the kernel sets EFER.SCE, STAR, LSTAR, FMASK,
; KERNEL_GS_BASE and the SYSENTER MSRs and drops to ring 3 with SYSRETQ (IOPL 3 in R11).
;  S  ring 3 SYSCALLs: the handler runs at CPL 0 with CS = STAR[47:32], RCX = the return RIP,
;     R11 = the user RFLAGS, IF masked by FMASK; SWAPGS makes GS reach KERNEL_GS_BASE;
;  R  SYSRETQ returns to ring 3 (CS = STAR[63:48] + 16 | 3) with the result in RAX;
;  E  ring 3 SYSENTERs: CS = SYSENTER_CS at CPL 0, RSP = SYSENTER_ESP;
;  X  SYSEXITQ returns to RDX/RCX in ring 3 (CS = SYSENTER_CS + 32 | 3);
;  I  INT 80h through a DPL-3 64-bit interrupt gate with IST 1: the handler runs at CPL 0 on the
;     IST stack (16-byte aligned) with SS null (RPL 0) and the ring-3 SS:RSP, RFLAGS, CS:RIP on
;     the frame; IRETQ returns to ring 3; exits with 0x33.
;@ boot: flat-long 0x100000
;@ exit: 0x33
;@ debugcon: SREXI
;@ serial:
bits 64
org 0x100000
KGS equ 0x5000
    or qword [0x2000], 4          ; loader tables (LoaderTables): PML4, PDPT, PD entries for the
    or qword [0x3000], 4          ; first 2 MiB become user-accessible
    or qword [0x4000], 4
    mov rax, 0x2000
    mov cr3, rax
    lgdt [rel gdtr]
    push 0x08
    lea rax, [rel .cs]
    push rax
    retfq
.cs:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov rsp, 0x9000
    mov ax, 0x38
    ltr ax
    lidt [rel idtr]
    mov qword [KGS], 0x4B47       ; what [gs:0] reads once SWAPGS swapped in KERNEL_GS_BASE
    mov ecx, 0xC0000080           ; EFER.SCE
    rdmsr
    or eax, 1
    wrmsr
    mov ecx, 0xC0000081           ; STAR: SYSCALL CS 08h, SYSRET base 18h
    xor eax, eax
    mov edx, 0x00180008
    wrmsr
    mov ecx, 0xC0000082           ; LSTAR
    lea rax, [rel syscall_entry]
    mov rdx, rax
    shr rdx, 32
    wrmsr
    mov ecx, 0xC0000084           ; FMASK: IF
    mov eax, 0x200
    xor edx, edx
    wrmsr
    mov ecx, 0xC0000102           ; KERNEL_GS_BASE
    mov eax, KGS
    wrmsr
    mov ecx, 0x174                ; SYSENTER_CS
    mov eax, 0x08
    wrmsr
    mov ecx, 0x175                ; SYSENTER_ESP
    mov eax, 0x8000
    wrmsr
    mov ecx, 0x176                ; SYSENTER_EIP
    lea rax, [rel sysenter_entry]
    wrmsr
    lea rcx, [rel user]
    mov r11, 0x3202               ; IOPL 3, IF
    mov rsp, 0x7000
    o64 sysret

user:
    mov rax, 42
    syscall
after_syscall:
    mov bl, 1
    cmp rax, 43
    jne fail
    mov ax, cs
    cmp ax, 0x2B
    jne fail
    mov al, 'R'
    out 0xE9, al
    mov r12, rsp
    sysenter
after_sysexit:
    mov bl, 2
    mov ax, cs
    cmp ax, 0x2B
    jne fail
    mov ax, ss
    cmp ax, 0x33
    jne fail
    cmp rsp, r12
    jne fail
    mov al, 'X'
    out 0xE9, al
    mov r13, rsp
    int 0x80
after_int:
    mov bl, 3
    cmp rsp, r13
    jne fail
    mov ax, cs
    cmp ax, 0x2B
    jne fail
    mov al, 'I'
    out 0xE9, al
    mov al, 0x33
    out 0xF4, al
    hlt
fail:
    mov al, bl
    out 0xF4, al
    hlt

syscall_entry:
    mov bl, 0x10
    mov dx, cs
    cmp dx, 0x08
    jne fail
    mov bl, 0x11
    lea rdx, [rel after_syscall]
    cmp rcx, rdx
    jne fail
    mov bl, 0x12
    cmp r11, 0x3202
    jne fail
    mov bl, 0x13
    pushfq
    test qword [rsp], 0x200       ; IF masked
    pop rdx
    jnz fail
    swapgs
    mov bl, 0x14
    cmp qword [gs:0], 0x4B47
    jne fail
    swapgs
    push rax
    mov al, 'S'
    out 0xE9, al
    pop rax
    inc rax
    o64 sysret

sysenter_entry:
    mov bl, 0x20
    mov dx, cs
    cmp dx, 0x08
    jne fail
    cmp rsp, 0x8000
    jne fail
    mov al, 'E'
    out 0xE9, al
    lea rdx, [rel after_sysexit]
    mov rcx, r12
    o64 sysexit

int80:                            ; RIP, CS, RFLAGS, RSP, SS on IST1
    mov bl, 0x30
    cmp rsp, 0xA000 - 40          ; IST1 = A000h
    jne fail
    mov bl, 0x31
    mov dx, ss
    cmp dx, 0                     ; a null SS with RPL = CPL 0
    jne fail
    mov bl, 0x32
    lea rdx, [rel after_int]
    cmp [rsp], rdx
    jne fail
    cmp qword [rsp + 8], 0x2B
    jne fail
    cmp [rsp + 24], r13
    jne fail
    cmp qword [rsp + 32], 0x33    ; ring-3 SS (from SYSEXIT: SYSENTER_CS + 40 | 3)
    jne fail
    iretq

align 16
idt:
    times 0x80 dq 0, 0
    dw (int80 - $$ + 0x100000) & 0xFFFF, 0x08 ; 80h: 64-bit interrupt gate, DPL 3, IST 1
    db 1, 0xEE
    dw (int80 - $$ + 0x100000) >> 16
    dd 0, 0
idt_end:
idtr: dw idt_end - idt - 1
      dq idt
align 16
tss:
    dd 0
    dq 0x8800                      ; RSP0
    dq 0, 0, 0                     ; RSP1, RSP2, reserved
    dq 0xA000                      ; IST1
    times 6 dq 0
    dq 0
    dw 0, 104                      ; I/O map base: none
align 8
gdt:
    dq 0
    dq 0x00AF9A000000FFFF          ; 08: kernel code (64-bit)
    dq 0x00CF92000000FFFF          ; 10: kernel data
    dq 0x00CFFA000000FFFF          ; 18: user code (32-bit, SYSRET without REX.W)
    dq 0x00CFF2000000FFFF          ; 20: user data (SYSRET SS)
    dq 0x00AFFA000000FFFF          ; 28: user code (64-bit)
    dq 0x00CFF2000000FFFF          ; 30: user data (SYSEXIT SS)
    dw 103, (tss - $$ + 0x100000) & 0xFFFF ; 38: 64-bit TSS (16 bytes)
    db ((tss - $$ + 0x100000) >> 16) & 0xFF, 0x89, 0, 0
    dd 0, 0
gdt_end:
gdtr: dw gdt_end - gdt - 1
      dq gdt
