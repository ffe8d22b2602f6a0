; A firmware ROM that meets each kind of VM exit a PC guest causes under the MachineMonitor
; (docs/VMX.md, "Machine guests in VMX non-root operation"): from the reset vector it executes
; CPUID (leaves 0 and 1: exit CPUID, always), port I/O (POST codes, "VMX" on 0xE9, a CMOS read:
; IO_INSTRUCTION, unconditional I/O exiting), RDMSR IA32_APIC_BASE (RDMSR, no MSR bitmaps), waits
; in HLT with IF = 1 for one PIT tick through the 8259 (HLT exiting; the tick is injected at VM
; entry), then switches to protected mode and touches the local APIC and I/O APIC registers,
; which EPT leaves unmapped (EPT_VIOLATION, emulated as MMIO): reads the local APIC version, the
; I/O APIC ID through IOREGSEL / IOWIN, and checks both. `jvmx boot --rom bin/vmx_exits.bin
; --exit-stats` prints the counts. Exits 0x2B (status 87); a failed check exits with its number.
;@ boot: rom
;@ exit: 0x2B
;@ debugcon: VMX
;@ serial: 
%include "pit_irq0.inc"
bits 16
org 0
TICKS equ 0x500                     ; a counter in RAM (the ROM is read-only under EPT)
start:
    cli
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7000
    mov word [TICKS], 0
    xor eax, eax
    cpuid                           ; CPUID leaf 0
    mov eax, 1
    cpuid                           ; CPUID leaf 1
    mov al, 0x11
    out 0x80, al                    ; POST code
    mov al, 'V'
    out 0xE9, al
    mov al, 'M'
    out 0xE9, al
    mov al, 'X'
    out 0xE9, al
    mov al, 0x0A                    ; CMOS status register A
    out 0x70, al
    in al, 0x71
    mov ecx, 0x1B                   ; IA32_APIC_BASE
    rdmsr
    mov bl, 1
    test ah, 0x08                   ; bit 11: APIC global enable
    jz fail16
    ; one PIT tick through the 8259 (vector 08h), waited for in HLT with IF = 1
    mov word [8 * 4], irq0
    mov word [8 * 4 + 2], 0xF000
    START_PIT_IRQ0 0x08               ; IRQ0 at vector 08h, PIT ~1 kHz
    sti
.wait:
    hlt
    cmp word [TICKS], 1
    jb .wait
    cli
    mov al, 0x22
    out 0x80, al
    ; protected mode, flat segments, for the APIC registers at FEE00000h / FEC00000h
    o32 lgdt [cs:gdtr]
    mov eax, cr0
    or al, 1
    mov cr0, eax
    jmp dword 0x08:(0xF0000 + pm)
fail16:
    mov al, bl
    out 0xF4, al
    hlt

irq0:
    inc word [TICKS]
    push ax
    mov al, 0x20                    ; non-specific EOI
    out 0x20, al
    pop ax
    iret

bits 32
pm:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov esp, 0x7000
    mov bl, 2
    mov eax, [0xFEE00030]           ; local APIC version register: MMIO read
    test al, al                     ; version 0x10..0x15 for an xAPIC
    jz fail32
    mov bl, 3
    mov dword [0xFEC00000], 0       ; I/O APIC IOREGSEL = 0 (ID): MMIO write
    mov eax, [0xFEC00010]           ; IOWIN: MMIO read
    cmp eax, -1
    je fail32
    mov al, 0x33
    out 0x80, al
    mov al, 0x2B
    out 0xF4, al
    hlt
fail32:
    mov al, bl
    out 0xF4, al
    hlt

align 8
gdt:
    dq 0
    dq 0x00CF9B000000FFFF           ; 0x08: flat 32-bit code
    dq 0x00CF93000000FFFF           ; 0x10: flat data
gdtr:
    dw gdtr - gdt - 1
    dd 0xF0000 + gdt

    times 0xFFF0 - ($ - $$) db 0xFF
bits 16
reset:
    jmp 0xF000:start                ; the reset vector (CS = F000h, IP = FFF0h)
    times 0x10000 - ($ - $$) db 0xFF
