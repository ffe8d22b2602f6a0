; Interpreter execution vectors (DESIGN.md "Tests, in layers", 2).
;
; Legend. Each test starts with a line ";; test NAME" and runs alone (BITS 64, org 0x400000) in a
; flat memory with a stack page below RSP=0x800000 and a data page at 0x600000 (zero-filled).
; ";; init K=V" lines set state before the run, ";; expect K=V" lines are checked after it:
;   K = rax..r15 | fs_base | gs_base  -> register value (hex)
;   K = flags    -> V is MASK:VALUE, (RFLAGS & MASK) == VALUE (hex)
;   K = exit     -> HLT (default), SYSCALL, or #DE #UD #GP #PF #BP (exception vector)
;   K = rip      -> @label: RIP equals that label's address
;   K = m64:ADDR -> the quadword at ADDR (hex)
;   K = xmm0..15 -> HI:LO quadwords (hex)
; A test ends at HLT unless its exit says otherwise; runs are capped at 100000 instructions.

;; test sum_loop
;; expect rax=13ba rcx=0 exit=HLT
    xor eax, eax
    mov ecx, 100
.l: add rax, rcx
    loop .l
    hlt

;; test call_ret_push_pop
;; expect rax=2a rbx=7 rsp=800000 rbp=1234
    mov rbp, 0x1234
    push rbp
    mov ebx, 7
    call f
    pop rbp
    hlt
f:  push rbx
    mov eax, 6
    imul eax, ebx
    pop rbx
    ret

;; test enter_leave
;; expect rsp=800000 rbp=55 rax=7fff8
    mov rbp, 0x55
    call g
    hlt
g:  enter 16, 0
    lea rax, [rbp - 0x800000]
    neg rax
    leave
    ret

;; test rep_movsb_forward_and_backward
;; expect m64:600100=0807060504030201 m64:600208=0807060504030201 rcx=0 rsi=5fffff rdi=600207
    mov rax, 0x0807060504030201
    mov [0x600000], rax
    mov esi, 0x600000
    mov edi, 0x600100
    mov ecx, 8
    cld
    rep movsb
    std
    mov esi, 0x600007
    mov edi, 0x60020f
    mov ecx, 8
    rep movsb
    cld
    hlt

;; test rep_stosq_and_repne_scasb_strlen
;; expect rcx=fffffffffffffff3 rdi=60000d m64:600000=4141414141414141 rax=0
    mov rax, 0x4141414141414141
    mov edi, 0x600000
    mov ecx, 1
    rep stosq
    mov dword [0x600008], 0x41414141
    xor eax, eax
    mov edi, 0x600000
    mov rcx, -1
    repne scasb
    hlt

;; test repe_cmpsb_finds_difference
;; expect rcx=5 rsi=600004 rdi=600104 flags=8d5:95
    mov dword [0x600000], 0x44332211
    mov dword [0x600100], 0x45332211
    mov esi, 0x600000
    mov edi, 0x600100
    mov ecx, 8
    repe cmpsb
    hlt

;; test div_by_zero_faults_at_the_instruction
;; expect exit=#DE rip=@fault rax=64 rdx=0
    mov eax, 100
    xor edx, edx
    xor ecx, ecx
fault:
    div ecx
    hlt

;; test idiv_overflow_faults
;; expect exit=#DE rip=@fault rax=8000000000000000
    mov rax, 0x8000000000000000
    cqo
    mov rcx, -1
fault:
    idiv rcx
    hlt

;; test int3_is_trap_like
;; expect exit=#BP rip=@after rax=1
    mov eax, 1
    int3
after:
    hlt

;; test ud2_faults
;; expect exit=#UD rip=@fault
    nop
fault:
    ud2

;; test syscall_exit_sets_rcx_r11
;; expect exit=SYSCALL rip=@after rcx=@after r11=202 rax=3c
    mov eax, 60
    syscall
after:
    hlt

;; test page_fault_in_the_middle_of_rep_movsb_is_restartable
;; expect exit=#PF rip=@fault rcx=10 rdi=601000
    mov esi, 0x600000
    mov edi, 0x600ff0
    mov ecx, 0x20
fault:
    rep movsb
    hlt

;; test misaligned_movdqa_is_gp
;; expect exit=#GP rip=@fault
    mov eax, 0x600001
fault:
    movdqa xmm0, [rax]
    hlt

;; test cpuid_vendor_and_features
;; expect rbx=756e6547 rdx=49656e69 rcx=6c65746e r8=6fb r9=200 r10=d
    xor eax, eax
    cpuid
    mov r10, rax
    push rbx
    push rdx
    push rcx
    mov eax, 1
    cpuid
    mov r8d, eax
    mov eax, 7
    xor ecx, ecx
    cpuid
    mov r9d, ebx
    pop rcx
    pop rdx
    pop rbx
    hlt

;; test cpuid_advertises_sse2_not_avx
;; expect rcx=0 rdx=4000000 rax=0
    mov eax, 1
    cpuid
    and ecx, (1 << 28) | (1 << 27) | (1 << 0) | (1 << 9) | (1 << 19) | (1 << 20)
    and edx, 1 << 26
    xor eax, eax
    hlt

;; test rdtsc_advances
;; expect rax=1
    rdtsc
    shl rdx, 32
    or rax, rdx
    mov rbx, rax
    mov ecx, 1000
.w: loop .w
    rdtsc
    shl rdx, 32
    or rax, rdx
    cmp rax, rbx
    seta al
    movzx eax, al
    hlt

;; test popfq_keeps_if_and_sets_status_flags
;; expect rax=ad7 flags=ad7:ad7
    push 0x8d5 | 0x400 | 0x2
    popfq
    pushfq
    pop rax
    and eax, 0xfff & ~0x200 | 0x200
    cld
    std
    hlt

;; test lahf_sahf
;; expect rax=d700 flags=d5:d5
    mov ah, 0xff
    sahf
    mov eax, 0
    lahf
    hlt

;; test cmov_false_still_zero_extends
;; expect rax=ffffffff rbx=ffffffff
    mov rax, -1
    mov rbx, rax
    xor ecx, ecx
    cmp ecx, ecx
    cmovne eax, ecx
    cmove ebx, ebx
    hlt

;; test memory_xadd_xchg_cmpxchg
;; expect m64:600000=e rax=5 rbx=9 rcx=4 flags=40:40
    mov qword [0x600000], 5
    mov eax, 4
    lock xadd [0x600000], rax
    mov ebx, 9
    xchg [0x600000], rbx
    mov ecx, 14
    mov rax, 9
    mov rcx, 0xe
    lock cmpxchg [0x600000], rcx
    mov eax, 5
    mov ecx, 4
    hlt

;; test rip_relative_lea_and_load
;; expect rax=@datum rbx=1122334455667788
    lea rax, [rel datum]
    mov rbx, [rel datum]
    hlt
datum: dq 0x1122334455667788

;; test fs_segment_override
;; init fs_base=600000
;; expect rax=abcd rbx=600000
    mov qword [0x600010], 0xabcd
    mov rax, [fs:0x10]
    mov rbx, 0x600000
    hlt

;; test bt_memory_with_register_offset_beyond_the_operand
;; expect m64:600008=10 flags=1:0 rax=0
    mov rax, 68
    bts [0x600000], rax
    bt qword [0x600000], rax
    setnc al
    movzx eax, al
    hlt

;; test fxsave_fxrstor_round_trip
;; expect xmm3=1111111122222222:3333333344444444 rax=1f80
    mov rax, 0x3333333344444444
    movq xmm3, rax
    mov rax, 0x1111111122222222
    movq xmm4, rax
    punpcklqdq xmm3, xmm4
    fxsave [0x600000]
    pxor xmm3, xmm3
    fxrstor [0x600000]
    mov eax, [0x600018]
    hlt

;; test sse2_strlen_idiom
;; expect rax=b
    mov rax, 'hello, '
    mov [0x600000], rax
    mov dword [0x600008], 'wor'
    mov byte [0x60000a], 'd'
    pxor xmm0, xmm0
    movdqa xmm1, [0x600000]
    pcmpeqb xmm1, xmm0
    pmovmskb ecx, xmm1
    bsf eax, ecx
    hlt

;; test double_arithmetic_and_conversion
;; expect rax=3 rbx=4008000000000000 rcx=ffffffff80000000
    mov eax, 7
    cvtsi2sd xmm0, eax
    mov eax, 2
    cvtsi2sd xmm1, eax
    divsd xmm0, xmm1
    cvttsd2si eax, xmm0
    subsd xmm0, [rel half]
    movq rbx, xmm0
    mov rcx, 0x7ff8000000000000
    movq xmm2, rcx
    cvttsd2si ecx, xmm2
    movsxd rcx, ecx
    hlt
half: dq 0.5
