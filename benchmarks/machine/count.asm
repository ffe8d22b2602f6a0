; A long-running guest loop for `jvmx boot` (the machine JIT's figure, docs/VMX.md "Translated
; code in non-root operation"): enters flat 32-bit protected mode (flat32.inc), then counts ECX to
; COUNT, storing the counter and adding it back through memory on another page each time (so
; every iteration reaches the MMU with paging off and EPT on), prints 'D' on port 0xE9 and
; exits with code 0 if EBX holds the sum 0 + 1 + ... + (COUNT - 1) mod 2^32.
; Build: nasm -f bin -i ../../runtime/src/test/roms/ -o count.bin count.asm   (-DCOUNT=N to change it)
; Run:   jvmx boot --flat count.bin --load 0x7C00 --mode real --jit=off|block
%ifndef COUNT
%define COUNT 20000000
%endif
%include "flat32.inc"
bits 16
org 0x7C00
    ENTER_PROTECTED_MODE 0x9000
    xor ecx, ecx
    xor ebx, ebx
count:
    mov [0x20000], ecx
    add ebx, [0x20000]
    inc ecx
    cmp ecx, COUNT
    jne count
    mov al, 'D'
    out 0xE9, al
    cmp ebx, (COUNT * (COUNT - 1) / 2) & 0xFFFFFFFF
    setne al                    ; exit code 0 when the sum is right, else 1
    out 0xF4, al
    hlt
gdt: dq 0, 0x00CF9A000000FFFF, 0x00CF92000000FFFF
gdtr: dw 23
      dd gdt
