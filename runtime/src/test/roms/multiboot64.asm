; A 64-bit Multiboot (v1, a.out kludge) kernel : entered in 32-bit
; protected mode with EAX = 2BADB002h, it builds identity page tables (2 MiB pages), enables PAE,
; sets EFER.LME with WRMSR, turns on paging, far-jumps into 64-bit code, prints "mb64" on COM1,
; and exits with code 0x27 (status 79).
;@ boot: kernel
;@ exit: 0x27
;@ debugcon: 
;@ serial: mb64\n
bits 32
org 0x100000
MB_MAGIC equ 0x1BADB002
MB_FLAGS equ 1 << 16
header:
    dd MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)
    dd header, header, end, end, entry
entry:
    cmp eax, 0x2BADB002
    jne bad32
    mov esp, stack_top
    mov edi, pml4                 ; PML4[0] -> PDPT, PDPT[0] -> PD, PD[0..511] = 2 MiB pages
    mov dword [edi], pdpt + 3
    mov dword [pdpt], pd + 3
    xor ecx, ecx
.fill:
    mov eax, ecx
    shl eax, 21
    or eax, 0x83                  ; present, writable, page size
    mov [pd + ecx * 8], eax
    inc ecx
    cmp ecx, 512
    jb .fill
    mov eax, cr4
    or eax, 1 << 5                ; PAE
    mov cr4, eax
    mov eax, pml4
    mov cr3, eax
    mov ecx, 0xC0000080           ; IA32_EFER
    rdmsr
    or eax, 1 << 8                ; LME
    wrmsr
    lgdt [gdtr]
    mov eax, cr0
    or eax, 1 << 31               ; PG: IA-32e mode becomes active (LMA)
    mov cr0, eax
    jmp 0x08:long64
bad32:
    mov al, 1
    out 0xF4, al
    hlt
bits 64
long64:
    mov ax, 0x10
    mov ds, ax
    mov ss, ax
    mov rax, 0x123456789
    shr rax, 32
    cmp eax, 1
    jne bad64
    lea rsi, [rel msg]
    mov dx, 0x3F8
.next:
    lodsb
    test al, al
    jz .done
    out dx, al
    jmp .next
.done:
    mov al, 0x27
    out 0xF4, al
    hlt
bad64:
    mov al, 1
    out 0xF4, al
    hlt
msg: db "mb64", 10, 0
align 8
gdt: dq 0, 0x00AF9A000000FFFF, 0x00CF92000000FFFF
gdtr: dw 23
      dd gdt
align 4096
pml4: times 512 dq 0
pdpt: times 512 dq 0
pd:   times 512 dq 0
      times 1024 db 0
stack_top:
end:
