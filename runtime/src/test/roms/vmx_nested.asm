; A tiny hypervisor (L1) run with `jvmx boot --nested-vmx` (docs/MACHINE.md "Nested VMX"): from
; 32-bit protected mode it enters long mode (4-level paging, 2-MByte pages), checks CPUID.1:ECX.VMX,
; IA32_FEATURE_CONTROL, sets CR0.NE and CR4.VMXE, VMXON, VMCLEAR / VMPTRLD a VMCS (revision from
; IA32_VMX_BASIC), fills it (SDM Vol. 3C ch. 25: host state, a 64-bit L2 sharing L1's paging,
; EPT identity map with 1-GByte pages, I/O bitmaps intercepting port 80h only, controls adjusted
; by IA32_VMX_*_CTLS: allowed-0 bits set, allowed-1 bits kept, App. A.3) and VMLAUNCHes L2.
; L2 executes CPUID (exit 10, unconditional), OUT 80h (exit 30, I/O bitmap), writes "L2 apic ok"
; to COM1 itself (port 3F8h is not in L1's bitmap: the machine's serial port) after reading the
; local APIC version through EPT12 (unmapped by the machine's EPT: MMIO), VMCALL (exit 18) and HLT
; (exit 12, HLT exiting). L1 prints each exit's reason, qualification and instruction length
; (VMREAD), moves GUEST_RIP past the instruction and VMRESUMEs; after HLT it VMLAUNCHes the
; launched VMCS again (VMfailValid, VM-instruction error 4, SDM Vol. 3C §31.4 Table 31-1), then
; VMCLEARs it and VMRESUMEs it (VMfailValid 5), printing both. Last, with external-interrupt
; exiting and "acknowledge interrupt on exit", it VMLAUNCHes L2 into STI; HLT (not intercepted by
; L1: the machine's HLT) and takes the PIT's IRQ0 (vector 20h) as an exit with the vector in the
; VM-exit interruption information, sends EOI and VMXOFF. Exits with 0x3C; a
; failed check exits with its number (and "fail NN" on COM1).
;@ boot: flat-protected 0x100000
;@ nested-vmx: on
;@ exit: 0x3C
;@ serial: L1 vmxon\nexit 0a qual 00000000 len 2\nexit 1e qual 00800040 len 2\nL2 apic ok\nexit 12 qual 00000000 len 3\nexit 0c qual 00000000 len 1\nvmlaunch error 04\nvmresume error 05\nexit 01 qual 00000000 len 0\nirq 80000020\n
%include "pit_irq0.inc"
bits 32
org 0x100000
PML4 equ 0x10000                    ; L1's paging: PML4, PDPT, PD for 0-1 GiB, PD for 3-4 GiB
VMXON_REGION equ 0x20000
VMCS_REGION equ 0x21000
IO_BITMAP_A equ 0x22000
IO_BITMAP_B equ 0x23000
EPT_PML4 equ 0x24000
EPT_PDPT equ 0x25000
TSS equ 0x26000
L2_STACK equ 0x30000
HOST_STACK equ 0x38000
L1_STACK equ 0x40000
COM1 equ 0x3F8
%macro VMW 2                        ; VMWRITE %2 into field %1
    mov rdx, %1
    mov rax, %2
    call vmw
%endmacro

start:
    lgdt [gdtr]
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov esp, L1_STACK
    cld
    mov edi, PML4                   ; clear the tables and the VMX regions
    xor eax, eax
    mov ecx, (EPT_PDPT + 0x1000 - PML4) / 4
    rep stosd
    mov dword [PML4], PML4 + 0x1003
    mov dword [PML4 + 0x1000], PML4 + 0x2003
    mov dword [PML4 + 0x1000 + 3 * 8], PML4 + 0x3003
    mov edi, PML4 + 0x2000          ; 0-1 GiB: 2-MByte pages, write-back
    mov eax, 0x83
    mov ecx, 512
.pd0:
    mov [edi], eax
    add eax, 0x200000
    add edi, 8
    loop .pd0
    mov edi, PML4 + 0x3000          ; 3-4 GiB: 2-MByte pages, uncached (the APICs)
    mov eax, 0xC0000000 | 0x9B
    mov ecx, 512
.pd3:
    mov [edi], eax
    add eax, 0x200000
    add edi, 8
    loop .pd3
    mov eax, PML4
    mov cr3, eax
    mov eax, cr4
    or eax, 0x20                    ; PAE
    mov cr4, eax
    mov ecx, 0xC0000080             ; IA32_EFER.LME
    rdmsr
    or eax, 0x100
    wrmsr
    mov eax, cr0
    or eax, 0x80000021              ; PG, NE (VMXON needs it, App. A.7), PE
    mov cr0, eax
    jmp 0x08:long64

bits 64
long64:
    mov eax, 1
    cpuid
    mov bl, 1
    bt ecx, 5                       ; CPUID.1:ECX.VMX
    jnc fail
    mov bl, 2
    mov ecx, 0x3A                   ; IA32_FEATURE_CONTROL
    rdmsr
    test al, 1
    jnz .locked
    or eax, 5                       ; lock, VMX outside SMX
    wrmsr
    jmp .vmxOk
.locked:
    test al, 4
    jz fail
.vmxOk:
    mov rax, cr4
    bts rax, 13                     ; CR4.VMXE
    mov cr4, rax
    mov ecx, 0x480                  ; IA32_VMX_BASIC[30:0]: the VMCS revision identifier
    rdmsr
    and eax, 0x7FFFFFFF
    mov [VMXON_REGION], eax
    mov [VMCS_REGION], eax
    mov bl, 3
    vmxon [vmxon_ptr]
    jbe fail
    mov rsi, msg_vmxon
    call puts
    mov bl, 4
    vmclear [vmcs_ptr]
    jbe fail
    vmptrld [vmcs_ptr]
    jbe fail
    ; I/O bitmap A: only port 80h; EPT: PML4[0] -> PDPT, 4 x 1-GByte pages RWX, write-back (§29.3.2)
    mov byte [IO_BITMAP_A + 0x80 / 8], 1
    mov qword [EPT_PML4], EPT_PDPT | 7
    mov rax, 0xB7
    mov edi, EPT_PDPT
    mov ecx, 4
.ept:
    mov [rdi], rax
    mov rdx, 1 << 30
    add rax, rdx
    add rdi, 8
    loop .ept
    mov bl, 5                       ; a VMWRITE failed (the field is printed)
    ; controls (§25.6, App. A.3: allowed-0 settings are 1, allowed-1 settings may be 1)
    mov r10d, 0
    mov ecx, 0x481                  ; IA32_VMX_PINBASED_CTLS
    call adjust
    VMW 0x4000, rax
    mov r10d, 1 << 7 | 1 << 25 | 1 << 31 ; HLT exiting, use I/O bitmaps, activate secondary controls
    mov ecx, 0x482
    call adjust
    VMW 0x4002, rax
    mov r10d, 1 << 1                ; enable EPT
    mov ecx, 0x48B
    call adjust
    VMW 0x401E, rax
    mov r10d, 1 << 9                ; host address-space size
    mov ecx, 0x483
    call adjust
    VMW 0x400C, rax
    mov r10d, 1 << 9                ; IA-32e mode guest
    mov ecx, 0x484
    call adjust
    VMW 0x4012, rax
    VMW 0x2000, IO_BITMAP_A
    VMW 0x2002, IO_BITMAP_B
    VMW 0x201A, EPT_PML4 | 3 << 3 | 6 ; 4-level walk, write-back
    VMW 0x2800, -1                  ; VMCS link pointer
    ; host state (§25.5): L1 itself, continuing at exit_handler
    mov rax, cr0
    VMW 0x6C00, rax
    VMW 0x6800, rax                 ; GUEST_CR0
    mov rax, cr3
    VMW 0x6C02, rax
    VMW 0x6802, rax                 ; GUEST_CR3
    mov rax, cr4
    VMW 0x6C04, rax
    VMW 0x6804, rax                 ; GUEST_CR4
    VMW 0x0C00, 0x10
    VMW 0x0C02, 0x08
    VMW 0x0C04, 0x10
    VMW 0x0C06, 0x10
    VMW 0x0C08, 0x10
    VMW 0x0C0A, 0x10
    VMW 0x0C0C, 0x18
    VMW 0x6C0A, TSS
    VMW 0x6C0C, gdt
    VMW 0x6C14, HOST_STACK
    VMW 0x6C16, exit_handler
    ; guest state (§25.4): 64-bit L2, flat segments, the same paging
    VMW 0x0800, 0x10
    VMW 0x0802, 0x08
    VMW 0x0804, 0x10
    VMW 0x0806, 0x10
    VMW 0x0808, 0x10
    VMW 0x080A, 0x10
    VMW 0x080E, 0x18
    mov r11d, 0x4800                ; ES .. GS limits
.limits:
    VMW r11, 0xFFFFFFFF
    add r11d, 2
    cmp r11d, 0x480C
    jb .limits
    VMW 0x480E, 0x67                ; TR limit
    VMW 0x4810, gdt_end - gdt - 1   ; GDTR limit
    mov r11d, 0x4814                ; ES .. GS access rights
.rights:
    VMW r11, 0xC093
    add r11d, 2
    cmp r11d, 0x4820
    jb .rights
    VMW 0x4816, 0xA09B              ; CS: 64-bit code
    VMW 0x4820, 0x10000             ; LDTR unusable
    VMW 0x4822, 0x8B                ; TR: busy 64-bit TSS
    VMW 0x6814, TSS
    VMW 0x6816, gdt
    VMW 0x681A, 0x400               ; DR7
    VMW 0x681C, L2_STACK
    VMW 0x681E, l2
    VMW 0x6820, 2                   ; RFLAGS
    xor r15d, r15d                  ; L2 exits seen
    xor r14d, r14d
    mov bl, 6
    vmlaunch
    mov edx, 0x4400                 ; VM-instruction error
    vmread rax, rdx
    call fail_value

; ---- L1's VM-exit handler (HOST_RIP) ----
exit_handler:
    push rax
    push rbx
    push rcx
    push rdx
    inc r15d
    mov rsi, msg_exit
    call puts
    mov edx, 0x4402                 ; exit reason
    vmread r12, rdx
    mov rax, r12
    mov ecx, 2
    call puthex
    mov rsi, msg_qual
    call puts
    mov edx, 0x6400                 ; exit qualification
    vmread rax, rdx
    mov ecx, 8
    call puthex
    mov rsi, msg_len
    call puts
    mov edx, 0x440C                 ; VM-exit instruction length
    vmread r13, rdx
    mov rax, r13
    mov ecx, 1
    call puthex
    mov al, 10
    mov dx, COM1
    out dx, al
    cmp r14d, 1
    je interrupt_exit
    cmp r12d, 12                    ; HLT: L2 is done
    je l2_done
    mov edx, 0x681E                 ; GUEST_RIP past the instruction
    vmread rax, rdx
    add rax, r13
    vmwrite rdx, rax
    pop rdx
    pop rcx
    pop rbx
    pop rax
    vmresume
    mov bl, 7
    mov edx, 0x4400
    vmread rax, rdx
    call fail_value

l2_done:
    mov bl, 8
    cmp r15d, 4                     ; CPUID, OUT, VMCALL, HLT
    jne fail
    mov bl, 9
    vmlaunch                        ; the VMCS is launched: VMfailValid(4)
    jnz fail
    mov rsi, msg_relaunch
    mov edx, 0x4400                 ; VM-instruction error
    mov ecx, 2
    call print_field
    mov bl, 10
    cmp r12d, 4
    jne fail
    mov bl, 11
    vmclear [vmcs_ptr]              ; launch state clear
    jbe fail
    vmptrld [vmcs_ptr]
    jbe fail
    vmresume                        ; of a clear VMCS: VMfailValid(5)
    jnz fail
    mov rsi, msg_resume
    mov edx, 0x4400                 ; VM-instruction error
    mov ecx, 2
    call print_field
    mov bl, 12
    cmp r12d, 5
    jne fail
    ; an external interrupt L1 asks for (external-interrupt exiting, acknowledge interrupt on
    ; exit, SDM Vol. 3C §26.2, §28.2.2) while L2 waits in HLT with IF = 1 (L1 does not intercept
    ; HLT now: the machine's): it exits to L1 with its vector, never reaching L2's IDT
    mov r10d, 1                     ; external-interrupt exiting
    mov ecx, 0x481
    call adjust
    VMW 0x4000, rax
    mov r10d, 1 << 25 | 1 << 31     ; use I/O bitmaps, activate secondary controls
    mov ecx, 0x482
    call adjust
    VMW 0x4002, rax
    mov r10d, 1 << 9 | 1 << 15      ; host address-space size, acknowledge interrupt on exit
    mov ecx, 0x483
    call adjust
    VMW 0x400C, rax
    VMW 0x681E, l2_wait
    VMW 0x6820, 2
    START_PIT_IRQ0 0x20               ; IRQ0 at vector 20h, PIT ~1 kHz
    mov r14d, 1                     ; the handler's second part
    mov bl, 13
    vmlaunch
    mov edx, 0x4400
    vmread rax, rdx
    call fail_value

interrupt_exit:
    mov bl, 14
    cmp r12d, 1                     ; EXTERNAL_INTERRUPT
    jne fail
    mov rsi, msg_irq
    mov edx, 0x4404                 ; VM-exit interruption information
    mov ecx, 8
    call print_field
    mov al, 0x20                    ; EOI
    out 0x20, al
    mov bl, 15
    cmp r12d, 0x80000020            ; valid, external interrupt, vector 20h
    jne fail
    vmxoff
    mov al, 0x3C
    out 0xF4, al
    hlt

; ---- L2 ----
l2:
    xor eax, eax
    cpuid                           ; exit 10 to L1
    mov al, 0x77
    out 0x80, al                    ; exit 30 to L1 (I/O bitmap A)
    mov rbx, 0xFEE00030             ; local APIC version: MMIO of the machine
    mov eax, [rbx]
    mov rsi, msg_apic_ok
    test al, al
    jnz .print
    mov rsi, msg_apic_bad
.print:
    call puts                       ; COM1 directly (not in L1's bitmap)
    vmcall                          ; exit 18 to L1
    hlt                             ; exit 12 to L1
    jmp $
l2_wait:
    sti
    hlt                             ; the machine's HLT exit: woken by the interrupt
    jmp l2_wait

; ---- helpers ----
; vmw: VMWRITE rax into field rdx; a failure prints the field and exits with BL
vmw:
    vmwrite rdx, rax
    jbe .bad
    ret
.bad:
    mov rax, rdx
    call fail_value

; adjust: ECX = capability MSR, R10D = wanted controls -> EAX = (wanted | allowed-0) & allowed-1
adjust:
    rdmsr
    or r10d, eax
    and r10d, edx
    mov eax, r10d
    ret

; puts: RSI = zero-terminated string to COM1
puts:
    push rdx
    mov dx, COM1
.next:
    lodsb
    test al, al
    jz .done
    out dx, al
    jmp .next
.done:
    pop rdx
    ret

; print_field: RSI = label, EDX = VMCS field, ECX = hex digits: "label value\n" on COM1, value in R12
print_field:
    vmread r12, rdx
    call puts
    mov rax, r12
    call puthex
    mov al, 10
    mov dx, COM1
    out dx, al
    ret

; puthex: RAX = value, ECX = hex digits to COM1
puthex:
    mov r8, rax
    mov r9d, ecx
.digit:
    dec r9d
    mov rax, r8
    lea ecx, [r9 * 4]
    shr rax, cl
    and eax, 0xF
    mov al, [hexdigits + rax]
    mov dx, COM1
    out dx, al
    test r9d, r9d
    jnz .digit
    ret

; fail: "fail BL" on COM1, exit code BL; fail_value also prints RAX
fail_value:
    push rax
    mov rsi, msg_value
    call puts
    pop rax
    mov ecx, 8
    call puthex
fail:
    mov rsi, msg_fail
    call puts
    movzx eax, bl
    mov ecx, 2
    call puthex
    mov al, 10
    mov dx, COM1
    out dx, al
    mov al, bl
    out 0xF4, al
    hlt

align 8
gdt:
    dq 0
    dq 0x00AF9B000000FFFF           ; 08h: 64-bit code
    dq 0x00CF93000000FFFF           ; 10h: flat data
    dq 0x00008B0000000067 | (TSS & 0xFFFFFF) << 16 ; 18h: 64-bit TSS (busy), low half
    dq 0
gdt_end:
gdtr:
    dw gdt_end - gdt - 1
    dq gdt
vmxon_ptr: dq VMXON_REGION
vmcs_ptr: dq VMCS_REGION
hexdigits: db "0123456789abcdef"
msg_vmxon: db "L1 vmxon", 10, 0
msg_exit: db "exit ", 0
msg_qual: db " qual ", 0
msg_len: db " len ", 0
msg_relaunch: db "vmlaunch error ", 0
msg_resume: db "vmresume error ", 0
msg_irq: db "irq ", 0
msg_apic_ok: db "L2 apic ok", 10, 0
msg_apic_bad: db "L2 apic bad", 10, 0
msg_value: db "value ", 0
msg_fail: db " fail ", 0
