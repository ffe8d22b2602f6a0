; Self-modifying code under the physical decode cache (SDM Vol. 3A §9.1.3; DESIGN.md "Memory"):
; an instruction runs, is patched by a store through DS (the write to a fetched-from page drops
; its decoded instructions, mmu.CodePages), runs again with the new immediate, in real mode and
; again in 32-bit protected mode with paging on; prints "SM", exits with 0x34.
;@ boot: flat-real 0x7C00
;@ exit: 0x34
;@ debugcon: SM
;@ serial:
bits 16
org 0x7C00
    cli
    xor ax, ax
    mov ds, ax
    mov cx, 2
again16:
patch16:
    mov ax, 0x1111
    dec cx
    jz done16
    mov word [patch16 + 1], 0x2222
    jmp again16
done16:
    mov bl, 1
    cmp ax, 0x2222
    jne fail16
    mov al, 'S'
    out 0xE9, al
    lgdt [gdtr]
    mov eax, cr0
    or al, 1
    mov cr0, eax
    jmp 0x08:pm
fail16:
    mov al, bl
    out 0xF4, al
    hlt
bits 32
pm:
    mov ax, 0x10
    mov ds, ax
    mov es, ax                    ; STOSD below: the real-mode ES cache has a 64-KiB limit
    mov ss, ax
    mov esp, 0x9000
    mov edi, 0x11000              ; page table: identity 4 MiB
    mov eax, 3
    mov ecx, 1024
.fill:
    stosd
    add eax, 0x1000
    loop .fill
    mov dword [0x10000], 0x11003
    mov eax, 0x10000
    mov cr3, eax
    mov eax, cr0
    or eax, 1 << 31
    mov cr0, eax
    mov ecx, 3
again32:
patch32:
    mov eax, 0x11111111
    dec ecx
    jz done32
    add dword [patch32 + 1], 0x11111111
    jmp again32
done32:
    mov bl, 2
    cmp eax, 0x33333333
    jne fail16
    mov al, 'M'
    out 0xE9, al
    mov al, 0x34
    out 0xF4, al
    hlt
align 8
gdt:
    dq 0
    dq 0x00CF9A000000FFFF
    dq 0x00CF92000000FFFF
gdt_end:
gdtr: dw gdt_end - gdt - 1
      dd gdt
