; A 64-bit Multiboot (v1, a.out kludge) kernel: entered in 32-bit protected mode with
; EAX = 2BADB002h and EBX = the Multiboot information, it builds identity page tables (2 MiB
; pages), enables PAE, sets EFER.LME with WRMSR, turns on paging and far-jumps into 64-bit code.
; There it drives the 16550 on COM1 (waiting for LSR.THRE before each byte) and prints
; "mb64 cmdline=<the command line> mem=<mem_upper>K ram=<available memory-map entries>", then
; exits with code 0x27 (status 79). Multiboot Specification 0.6.96 §3.3 (the information format).
; cli/.../BootCommandTest boots it with `jvmx boot --kernel`.
;@ boot: kernel
;@ cmdline: console=ttyS0 quiet
;@ exit: 0x27
;@ debugcon:
;@ serial: mb64 cmdline=console=ttyS0 quiet mem=15360K ram=2\n
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
    mov [mbi], ebx
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
    mov rsp, stack_top
    mov ebx, [mbi]                ; Multiboot information (below 4 GiB)
    lea rsi, [rel msg]
    call puts
    test dword [rbx], 1 << 2      ; flags: cmdline valid
    jz bad64
    mov esi, [rbx + 16]
    call puts
    lea rsi, [rel msg_mem]
    call puts
    test dword [rbx], 1 << 0      ; flags: mem_lower/mem_upper valid
    jz bad64
    mov eax, [rbx + 8]
    call putdec
    lea rsi, [rel msg_ram]
    call puts
    test dword [rbx], 1 << 6      ; flags: memory map valid
    jz bad64
    mov esi, [rbx + 48]           ; mmap_addr
    mov ecx, [rbx + 44]           ; mmap_length
    add rcx, rsi
    xor eax, eax
.entry:
    cmp rsi, rcx
    jae .counted
    cmp dword [rsi + 20], 1       ; type 1: available RAM
    jne .skip
    inc eax
.skip:
    mov edx, [rsi]                ; size (not counting itself)
    lea rsi, [rsi + rdx + 4]
    jmp .entry
.counted:
    call putdec
    mov al, 10
    call putc
    mov al, 0x27
    out 0xF4, al
    hlt
bad64:
    mov al, 1
    out 0xF4, al
    hlt

puts:                             ; RSI: a NUL-terminated string
    lodsb
    test al, al
    jz .end
    call putc
    jmp puts
.end:
    ret

putc:                             ; AL to COM1 once the transmitter holding register is empty
    push rdx
    push rax
    mov dx, 0x3FD                 ; LSR
.busy:
    in al, dx
    test al, 1 << 5               ; THRE
    jz .busy
    pop rax
    mov dx, 0x3F8
    out dx, al
    pop rdx
    ret

putdec:                           ; EAX in decimal
    push rbx
    push rcx
    push rdx
    mov ebx, 10
    xor ecx, ecx
.divide:
    xor edx, edx
    div ebx
    push rdx
    inc ecx
    test eax, eax
    jnz .divide
.digit:
    pop rax
    add al, '0'
    call putc
    loop .digit
    pop rdx
    pop rcx
    pop rbx
    ret

mbi: dd 0
msg: db "mb64 cmdline=", 0
msg_mem: db " mem=", 0
msg_ram: db "K ram=", 0
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
