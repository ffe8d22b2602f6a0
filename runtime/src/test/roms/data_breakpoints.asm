; Data breakpoints (SDM Vol. 3A §18.2.4-§18.2.5, §18.3.1.2): DR0-DR3 with R/W = 01 (writes) or
; 11 (reads and writes) and LEN 1, 2, 4, 8 raise a trap-class #DB after the access, with DR6.Bn
; set and the saved EIP after the instruction; an access next to the range does not. The #DB
; handler saves DR6, the saved EIP and ECX, and clears DR6.
;  1  DR0 write, 4 bytes: a read does not hit, a word written into the middle does (B0);
;  2  DR1 read/write, 1 byte: a dword read covering it hits (B1), the byte after does not;
;  3  DR2 write, 2 bytes: the high byte hits (B2), the byte after does not;
;  4  DR3 write, 8 bytes: the high dword hits (B3), the next qword does not;
;  P  a PUSH onto a watched stack slot hits;
;  R  REP STOSB stops after the iteration that hit, EIP at the instruction, and the rest runs on IRET.
;@ boot: flat-real 0x7C00
;@ exit: 0x35
;@ debugcon: 1234PR
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
%macro arm 2                      ; DRn (0-3), address; then DR7 from %3
    mov eax, %2
    mov dr%1, eax
%endmacro
%macro dr7 1
    mov eax, %1
    mov dr7, eax
%endmacro
%macro hits 3                     ; #DB count so far, DR6 B0-B3, saved EIP
    mov bl, 0x40 + %1
    cmp dword [count], %1
    jne fail
    mov eax, [got_dr6]
    and eax, 0xF
    cmp eax, %2
    jne fail
    cmp dword [got_eip], %3
    jne fail
%endmacro
%macro say 1
    mov al, %1
    out 0xE9, al
%endmacro
pm:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov esp, 0x9000
    lidt [idtr]

    arm 0, var1
    dr7 0x000D0001                ; L0, R/W0 = 01, LEN0 = 11
    mov eax, [var1]
    mov bl, 1
    cmp dword [count], 0
    jne fail
    mov [var1 + 2], ax
after1:
    hits 1, 1, after1
    say '1'

    arm 1, var2 + 1
    dr7 0x00300004                ; L1, R/W1 = 11, LEN1 = 00
    mov al, [var2 + 2]
    mov eax, [var2]
after2:
    hits 2, 2, after2
    say '2'

    arm 2, var3
    dr7 0x05000010                ; L2, R/W2 = 01, LEN2 = 01
    mov byte [var3 + 2], 1
    mov byte [var3 + 1], 1
after3:
    hits 3, 4, after3
    say '3'

    arm 3, var4
    dr7 0x90000040                ; L3, R/W3 = 01, LEN3 = 10 (8 bytes)
    mov [var4 + 8], eax
    mov [var4 + 4], eax
after4:
    hits 4, 8, after4
    say '4'

    arm 0, 0x8FFC
    dr7 0x000D0001
    push eax
afterp:
    hits 5, 1, afterp
    pop eax
    say 'P'

    arm 0, buf + 2
    dr7 0x00010001                ; L0, R/W0 = 01, LEN0 = 00
    mov edi, buf
    mov ecx, 5
    mov al, 0xAA
    cld
reps:
    rep stosb
    hits 6, 1, reps
    mov bl, 0x50
    cmp dword [got_ecx], 2        ; three bytes stored when the #DB came
    jne fail
    cmp ecx, 0                    ; and the other two after it
    jne fail
    cmp dword [buf + 1], 0xAAAAAAAA
    jne fail
    dr7 0
    say 'R'

    mov al, 0x35
    out 0xF4, al
    hlt
fail:
    mov al, bl
    out 0xF4, al
    hlt

db_handler:
    push eax
    mov eax, dr6
    mov [got_dr6], eax
    mov eax, [esp + 4]
    mov [got_eip], eax
    mov [got_ecx], ecx
    inc dword [count]
    xor eax, eax
    mov dr6, eax
    pop eax
    iretd

count: dd 0
got_dr6: dd 0
got_eip: dd 0
got_ecx: dd 0
align 8
var1: dd 0
var2: dd 0
var3: dd 0
      dd 0
var4: dq 0
      dq 0
buf: times 8 db 0
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
    dw db_handler, 0x08            ; 01h: #DB
    db 0, 0x8E
    dw 0
idt_end:
idtr: dw idt_end - idt - 1
      dd idt
