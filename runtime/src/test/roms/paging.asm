; 32-bit paging for the machine vCPU: page tables identity-map 4 MiB, with page 0x100000 fresh
; (A = D = 0), page 0x200000 read-only and page 0x300000 not present. Checks: a read sets A in the
; PDE and PTE, a write sets D (SDM Vol. 3A §4.8); a read of the absent page raises #PF with
; CR2 = the address and error code 0 (§4.7); with CR0.WP a supervisor write to the read-only page
; raises #PF with error code 3 (P|W); each handler fixes the entry, INVLPGs and returns to retry.
; Prints "PF" and exits with 0x2A (status 85); any mismatch exits with the failing check's number.
;@ boot: flat-real 0x7C00
;@ exit: 0x2A
;@ debugcon: PF
;@ serial: 
bits 16
org 0x7C00
PD equ 0x10000
PT equ 0x11000
%include "flat32.inc"
    ENTER_PROTECTED_MODE 0x9000
    lidt [idtr]
    ; page table: identity, present + writable
    mov edi, PT
    mov eax, 0x003
    mov ecx, 1024
.fill:
    stosd
    add eax, 0x1000
    loop .fill
    mov dword [PT + 0x100 * 4], 0x100003   ; fresh: A = D = 0
    mov dword [PT + 0x200 * 4], 0x200001   ; read-only
    mov dword [PT + 0x300 * 4], 0          ; not present
    mov dword [PD], PT | 3
    mov eax, PD
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    jmp .paged
.paged:
    mov bl, 1
    test dword [PD], 0x20                  ; PDE.A set by the fetches above
    jz fail
    mov eax, [0x100000]                    ; read: A, not D
    mov bl, 2
    mov eax, [PT + 0x100 * 4]
    and eax, 0x60
    cmp eax, 0x20
    jne fail
    mov dword [0x100000], 5                ; write: D
    mov bl, 3
    mov eax, [PT + 0x100 * 4]
    and eax, 0x60
    cmp eax, 0x60
    jne fail
    ; #PF on a not-present page
    mov dword [expect_cr2], 0x300010
    mov dword [expect_err], 0
    mov dword [fix_pte], PT + 0x300 * 4
    mov dword [fix_bits], 0x300003
    mov eax, [0x300010]
    mov bl, 4
    cmp dword [faults], 1
    jne fail
    ; #PF on a supervisor write to a read-only page with CR0.WP = 1
    mov eax, cr0
    or eax, 1 << 16
    mov cr0, eax
    mov dword [expect_cr2], 0x200004
    mov dword [expect_err], 3
    mov dword [fix_pte], PT + 0x200 * 4
    mov dword [fix_bits], 0x200003
    mov dword [0x200004], 7
    mov bl, 5
    cmp dword [faults], 2
    jne fail
    cmp dword [0x200004], 7
    jne fail
    mov al, 'P'
    out 0xE9, al
    mov al, 'F'
    out 0xE9, al
    mov al, 0x2A
    out 0xF4, al
    hlt
fail:
    mov al, bl
    out 0xF4, al
    hlt

pf_handler:
    push eax
    mov bl, 0x10
    mov eax, cr2
    cmp eax, [expect_cr2]
    jne fail
    mov bl, 0x11
    mov eax, [esp + 4]                     ; error code
    cmp eax, [expect_err]
    jne fail
    mov eax, [fix_pte]
    push ebx
    mov ebx, [fix_bits]
    mov [eax], ebx
    pop ebx
    mov eax, [expect_cr2]
    cmp dword [faults], 0
    jne .by_pcid
    invlpg [eax]
    jmp .done
.by_pcid:
    mov [invpcid_desc + 8], eax            ; INVPCID type 0: this address, PCID 0
    xor eax, eax
    invpcid eax, [invpcid_desc]
.done:
    inc dword [faults]
    pop eax
    add esp, 4                             ; the error code
    iretd

expect_cr2: dd 0
expect_err: dd 0
fix_pte: dd 0
fix_bits: dd 0
faults: dd 0
align 16
invpcid_desc: dq 0, 0
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
    times 14 dq 0
    dw pf_handler, 0x08            ; 0Eh: interrupt gate
    db 0, 0x8E
    dw 0
idt_end:
idtr: dw idt_end - idt - 1
      dd idt
