; Real -> protected -> long mode from the reset vector, then 4-level paging faults (SDM Vol. 3A
; §9.8.5, §4.5, §4.7): a 64 KiB ROM starts at F000:FFF0 ("R"), enters protected mode ("P"),
; builds 4-level tables mapping 2 MiB with 4-KByte pages (page 50000h absent, 51000h NX,
; 52000h read-only), sets CR4.PAE, EFER.LME|NXE, CR0.PG|WP and far-jumps to 64-bit code ("L").
; There, through a 64-bit IDT: a read of the absent page is #PF error 0 ("0"), a write to the
; read-only page #PF error 3 ("3"), a call into the NX page #PF error 11h (P|I/D, "I"), each with
; CR2 = the address; the handler fixes the PTE, INVLPGs and IRETQs to retry. D is then set in
; the written page's PTE. Exits with 0x30.
;@ boot: rom
;@ exit: 0x30
;@ debugcon: RPL03I
;@ serial:
ROM equ 0xF0000
PML4 equ 0x10000
PT equ 0x13000
VARS equ 0x20000                  ; RAM: the ROM is read-only
EXPECT_CR2 equ VARS
EXPECT_ERR equ VARS + 8
FIX_AT equ VARS + 16
FIX_TO equ VARS + 24
FAULTS equ VARS + 32
bits 16
org ROM
align 8
gdt:
    dq 0
    dq 0x00CF9A000000FFFF          ; 08: 32-bit code
    dq 0x00CF92000000FFFF          ; 10: data
    dq 0x00AF9A000000FFFF          ; 18: 64-bit code
gdt_end:
gdtr: dw gdt_end - gdt - 1
      dd gdt
start:
    cli
    xor ax, ax
    mov ss, ax
    mov sp, 0x7000
    mov al, 'R'
    out 0xE9, al
    o32 lgdt [cs:gdtr - $$]
    mov eax, cr0
    or al, 1
    mov cr0, eax
    jmp dword 0x08:pm
bits 32
pm:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov esp, 0x7000
    mov al, 'P'
    out 0xE9, al
    mov edi, PML4                 ; PML4, PDPT, PD, PT: four zeroed pages
    xor eax, eax
    mov ecx, 4 * 1024
    rep stosd
    mov dword [PML4], PML4 + 0x1003
    mov dword [PML4 + 0x1000], PML4 + 0x2003
    mov dword [PML4 + 0x2000], PT + 3
    mov edi, PT
    mov eax, 3
    mov ecx, 512
.fill:
    mov [edi], eax
    add eax, 0x1000
    add edi, 8
    loop .fill
    mov dword [PT + 0x50 * 8], 0              ; absent
    mov dword [PT + 0x51 * 8 + 4], 0x80000000 ; XD
    mov dword [PT + 0x52 * 8], 0x52001        ; read-only
    mov eax, cr4
    or eax, 1 << 5                ; PAE
    mov cr4, eax
    mov eax, PML4
    mov cr3, eax
    mov ecx, 0xC0000080
    rdmsr
    or eax, (1 << 8) | (1 << 11)  ; LME, NXE
    wrmsr
    mov eax, cr0
    or eax, (1 << 31) | (1 << 16) ; PG, WP
    mov cr0, eax
    jmp 0x18:long64
bits 64
long64:
    mov rsp, 0x7000
    lidt [idtr64]
    mov al, 'L'
    out 0xE9, al
    mov qword [FAULTS], 0

    mov qword [EXPECT_CR2], 0x50008
    mov qword [EXPECT_ERR], 0
    mov qword [FIX_AT], PT + 0x50 * 8
    mov qword [FIX_TO], 0x50003
    mov rax, [0x50008]
    mov bl, 1
    cmp qword [FAULTS], 1
    jne fail
    mov al, '0'
    out 0xE9, al

    mov qword [EXPECT_CR2], 0x52010
    mov qword [EXPECT_ERR], 3
    mov qword [FIX_AT], PT + 0x52 * 8
    mov qword [FIX_TO], 0x52003
    mov dword [0x52010], 7
    mov bl, 2
    cmp qword [FAULTS], 2
    jne fail
    mov rax, [PT + 0x52 * 8]
    and eax, 0x60
    cmp eax, 0x60                 ; A and D
    jne fail
    mov al, '3'
    out 0xE9, al

    mov byte [0x51000], 0xC3      ; RET, in a writable but non-executable page
    mov qword [EXPECT_CR2], 0x51000
    mov qword [EXPECT_ERR], 0x11
    mov qword [FIX_AT], PT + 0x51 * 8
    mov qword [FIX_TO], 0x51003
    mov rax, 0x51000
    call rax
    mov bl, 3
    cmp qword [FAULTS], 3
    jne fail
    mov al, 'I'
    out 0xE9, al
    mov al, 0x30
    out 0xF4, al
    hlt
fail:
    mov al, bl
    out 0xF4, al
    hlt

pf64:                             ; error code, RIP, CS, RFLAGS, RSP, SS
    push rax
    push rbx
    mov bl, 0x10
    mov rax, cr2
    cmp rax, [EXPECT_CR2]
    jne fail
    mov bl, 0x11
    mov rax, [rsp + 16]
    cmp rax, [EXPECT_ERR]
    jne fail
    mov rax, [FIX_AT]
    mov rbx, [FIX_TO]
    mov [rax], rbx
    mov rax, cr2
    invlpg [rax]
    inc qword [FAULTS]
    pop rbx
    pop rax
    add rsp, 8
    iretq

align 16
idt64:
    times 14 dq 0, 0
    dw (pf64 - $$ + ROM) & 0xFFFF, 0x18   ; 0Eh: 64-bit interrupt gate
    db 0, 0x8E
    dw (pf64 - $$ + ROM) >> 16
    dd 0, 0
idt64_end:
idtr64: dw idt64_end - idt64 - 1
        dq idt64
    times 0xFFF0 - ($ - $$) db 0xFF
bits 16
reset:
    jmp 0xF000:start - ROM        ; the reset vector (CS = F000h, IP = FFF0h)
    times 0x10000 - ($ - $$) db 0xFF
