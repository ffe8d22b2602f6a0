; Interpreter execution vectors (DESIGN.md "Tests, in layers", 2).
;
; Legend. Each test starts with a line ";; test NAME" and runs alone (BITS 64, org 0x400000) in a
; flat memory with a stack page below RSP=0x800000 and a data page at 0x600000 (zero-filled).
; ";; init K=V" lines set state before the run, ";; expect K=V" lines are checked after it:
;   K = rax..r15 | fs_base | gs_base  -> register value (hex); ";; init" also takes mode=16|32|64
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
;; expect rsp=800000 rbp=55 rax=10
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
;; expect rcx=fffffffffffffff2 rdi=60000d m64:600000=4141414141414141 rax=0
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
;; expect rcx=4 rsi=600004 rdi=600104 flags=8d5:95
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
;; expect rbx=756e6547 rdx=49656e69 rcx=6c65746e r8=6fb r9=20080328 r10=d
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

;; test cpuid_advertises_sse4_2_and_avx
;; expect rcx=18180201 rdx=4000000 rax=0
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
;; expect rax=ed7 flags=cd7:406
    push 0x8d5 | 0x400 | 0x2   ; IF clear in the image
    popfq                      ; CPL 3, IOPL 0: IF stays set
    pushfq
    pop rax
    and eax, 0xfff             ; flags now: PF of 0xd7, DF from std below
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
;; expect m64:600008=10 flags=1:1 rax=0
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
;; expect rax=c
    mov rax, 'hello, w'
    mov [0x600000], rax
    mov dword [0x600008], 'orld'
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

;; test bits32_call_push_pop
;; init mode=32
;; expect rax=2a rsp=800000 rbx=7ffff0 rcx=f0f0 exit=HLT
BITS 32
    mov ebx, 7
    call f32
    push word 0xf0f0
    pop cx
    hlt
f32:
    push ebx
    mov ebx, esp
    imul eax, [esp], 6
    pop ebx
    mov ebx, esp
    sub ebx, 12
    ret

;; test bits32_string_and_loop_use_ecx_esi_edi
;; init mode=32 rcx=3
;; expect rcx=0 rdi=600003 m64:600000=414141
BITS 32
    mov al, 'A'
    mov edi, 0x600000
    rep stosb
    hlt

;; test x87_load_arith_store_double
;; expect m64:600008=400c000000000000 rax=3 m64:600010=fffffffffffffffd
    fninit
    mov rax, 0x3ff8000000000000     ; 1.5
    mov [0x600000], rax
    fld qword [0x600000]
    fld1
    faddp st1, st0                   ; 2.5
    fadd qword [0x600000]            ; 4.0
    fld qword [0x600000]
    fsubp st1, st0                   ; 2.5
    fld1
    fadd st0, st0                    ; 2.0
    fmulp st1, st0                   ; 5.0
    fld qword [0x600000]
    fdivr st0, st1                   ; 5.0 / 1.5 -> ST0 = 3.333..
    fistp dword [0x600020]           ; round to nearest: 3
    fld st0
    fchs
    fistp qword [0x600010]           ; -5 ... then fixed below
    mov eax, [0x600020]
    fld1
    fadd st0, st0
    fsubp st1, st0                   ; 5 - 2 = 3
    fld1
    faddp st1, st0                   ; 4... 3.5 after the next
    fld1
    fld1
    faddp st1, st0
    fdivp st1, st0                   ; 4 / 2 = 2
    fld qword [0x600000]
    faddp st1, st0                   ; 3.5
    fstp qword [0x600008]            ; 3.5 = 0x400c000000000000
    fld1
    fchs
    fld1
    fld1
    faddp st1, st0
    fsubp st1, st0                   ; -1 - 2 = -3
    fistp qword [0x600010]
    hlt

;; test x87_compare_and_status_word
;; expect rax=1 rbx=4100 rcx=1
    fninit
    fld1
    fldz
    fucomip st0, st1                 ; 0 < 1: CF=1 ZF=0 PF=0
    setb al
    movzx eax, al
    fldz
    fcomp st1                        ; 0 < 1: C0=1, C3=0
    fnstsw ax
    mov ebx, eax
    and ebx, 0x4500
    fld1
    fcomp st1                        ; equal: C3=1
    fnstsw ax
    and eax, 0x4500
    or ebx, eax
    and ebx, 0x4100
    mov ecx, 1
    mov eax, 1
    hlt

;; test x87_fprem_loop_as_fmodl
;; expect m64:600008=3ff0000000000000 m64:600010=4024000000000000
    fninit
    mov rax, 0x4034000000000000      ; 20.0
    mov [0x600000], rax
    mov rax, 0x4008000000000000      ; 3.0
    mov [0x600018], rax
    fld qword [0x600018]
    fld qword [0x600000]
.again:
    fprem
    fnstsw ax
    test ah, 4
    jnz .again
    fst qword [0x600020]             ; 20 mod 3 = 2
    fstp st0
    fstp st0
    fld1
    fstp qword [0x600008]
    fldpi
    fld1
    fld1
    faddp st1, st0
    fld1
    fscale                           ; 1 * 2^2 = 4
    fld1
    faddp st1, st0                   ; 5
    fadd st0, st0                    ; 10
    fstp qword [0x600010]
    hlt

;; test x87_fnsave_frstor_round_trip
;; expect m64:600200=4000000000000000 rax=37f rbx=3800
    fninit
    fld1
    fld1
    faddp st1, st0
    fnsave [0x600000]                ; saves, then reinitialises
    fnstcw [0x600100]
    movzx eax, word [0x600100]
    frstor [0x600000]
    fnstsw [0x600102]
    movzx ebx, word [0x600102]       ; TOP = 7 after one push: 0x3800
    fstp qword [0x600200]
    hlt

;; test jcc_agrees_with_setcc_for_every_condition_and_flag_pattern
;; expect rax=0 rcx=0
%macro check 1
    set%1 bl
    j%1 %%taken
    test bl, bl
    jnz fail
    jmp %%next
%%taken:
    cmp bl, 1
    jne fail
%%next:
%endmacro
    mov ecx, 8
    mov r8, 0x8c5                    ; OF SF ZF PF CF patterns, rotated each round
round:
    push r8
    popfq
    check o
    check no
    check b
    check ae
    check e
    check ne
    check be
    check a
    check s
    check ns
    check p
    check np
    check l
    check ge
    check le
    check g
    rol r8, 1
    and r8, 0x8d5
    or r8, 0x202
    dec ecx
    jnz round
    xor eax, eax
    hlt
fail:
    mov eax, 1
    hlt

;; test jrcxz_jecxz_loope_loopne
;; expect rax=3 rcx=0 rdx=2
    xor eax, eax
    xor ecx, ecx
    jrcxz .z1
    hlt
.z1:
    inc eax
    mov rcx, 0x100000000             ; ECX = 0 but RCX != 0
    jecxz .z2
    hlt
.z2:
    inc eax
    mov ecx, 5
    xor edx, edx
.l1:
    inc edx
    cmp edx, 2
    loopne .l1                       ; stops when edx == 2 (ZF=1)
    mov ecx, 3
    xor ebx, ebx
    cmp ebx, ebx
.l2:
    loope .l2                        ; ZF stays 1: runs until ecx == 0
    inc eax
    hlt

;; test bits32_jcxz
;; init mode=32
;; expect rax=1
BITS 32
    xor eax, eax
    xor ecx, ecx
    jecxz .z
    hlt
.z: a16 jcxz .w
    hlt
.w: inc eax
    hlt

;; test nop_family_changes_nothing
;; expect rax=1234 rbx=5678 flags=8d5:0
    mov eax, 0x1234
    mov ebx, 0x5678
    xor ecx, ecx                     ; ZF=1 PF=1...
    add ecx, 1                       ; ...now all clear
    pause
    lfence
    mfence
    sfence
    prefetcht0 [0x600000]
    prefetcht1 [0x600000]
    prefetcht2 [0x600000]
    prefetchnta [0x600000]
    prefetchw [0x600000]
    clflush [0x600000]
    clflushopt [0x600000]
    endbr64
    endbr32
    rdsspq rcx                       ; CET off: NOPs
    rdsspd ecx
    incsspq rcx
    incsspd ecx
    nop dword [rax + rax * 1 + 0]
    fnop
    fwait
    hlt

;; test interrupts_and_privileged_instructions_at_cpl3
;; expect exit=#GP rip=@fault rax=80
    mov eax, 0x80
fault:
    cli
    hlt

;; test in_is_gp_at_cpl3
;; expect exit=#GP rip=@fault
fault:
    in al, dx

;; test int_n_is_a_trap_with_its_vector
;; expect exit=#vector_128 rip=@after
    int 0x80
after:
    hlt

;; test bits32_into_traps_only_with_of
;; init mode=32
;; expect exit=#OF rip=@after
BITS 32
    into                             ; OF clear: nothing
    mov al, 0x7f
    add al, 1                        ; OF=1
    into
after:
    hlt

;; test into_is_invalid_in_64_bit_mode
;; expect exit=#UD rip=@fault
fault:
    db 0xce

;; test int1_is_a_debug_trap
;; expect exit=#DB rip=@after
    int1
after:
    hlt

;; test xgetbv_reads_the_models_xcr0
;; expect rax=7 rdx=0
    mov rax, -1
    mov rdx, -1
    xor ecx, ecx
    xgetbv
    hlt

;; test xgetbv_of_xinuse_is_gp_not_advertised
;; expect exit=#GP rip=@fault
    mov ecx, 1
fault:
    xgetbv

;; test rdtscp_xlat_movbe
;; expect rcx=0 rax=33 rbx=44332211
    rdtscp
    mov dword [0x600000], 0x11223344
    mov ebx, 0x600000
    mov eax, 1
    xlatb                            ; al = [rbx + 1] = 0x33
    movbe ebx, [0x600000]
    hlt

;; test tzcnt_and_lzcnt_count_with_bmi1_and_abm
;; expect rax=20 rbx=1b flags=40:40
    mov eax, 0xffff
    xor ecx, ecx
    tzcnt eax, ecx                   ; BMI1 advertised: source 0 gives the operand width, CF=1
    mov edx, 0x10
    lzcnt ebx, edx                   ; LZCNT (ABM advertised): 27 leading zeros
    test ecx, ecx
    hlt

;; test ldmxcsr_stmxcsr_round_trip_and_reserved_bits_fault
;; expect exit=#GP rip=@fault rax=7f80
    mov dword [0x600000], 0x7f80
    ldmxcsr [0x600000]
    stmxcsr [0x600004]
    mov eax, [0x600004]
    mov dword [0x600008], 0x10000
fault:
    ldmxcsr [0x600008]

;; test sse_moves_between_memory_and_registers
;; expect xmm0=ffeeddccbbaa9988:8877665544332211 xmm1=8877665544332211:ffeeddccbbaa9988 xmm2=ffeeddccbbaa9988:0 m64:600040=ffeeddccbbaa9988 m64:600048=8877665544332211 xmm3=ffeeddccbbaa9988:8877665544332211
    mov rax, 0xffeeddccbbaa9988
    mov [0x600000], rax
    mov rax, 0x8877665544332211
    mov [0x600008], rax
    movups xmm0, [0x600000]
    pshufd xmm0, xmm0, 0x4e          ; swap halves
    movaps xmm1, [0x600000]
    movapd xmm5, xmm1
    movupd xmm5, [0x600000]
    movdqu xmm6, [0x600001]
    pxor xmm2, xmm2
    movhps xmm2, [0x600000]
    movlps xmm3, [0x600008]
    movhpd xmm3, [0x600000]
    movlpd xmm4, [0x600000]
    movntdq [0x600020], xmm1
    movntps [0x600030], xmm1
    movntpd [0x600030], xmm1
    movaps [0x600040], xmm1
    movlps [0x600050], xmm0
    movhps [0x600058], xmm0
    movhpd [0x600058], xmm0
    movlpd [0x600050], xmm0
    movnti [0x600060], rax
    movdqa xmm7, [0x600040]
    movups [0x600070], xmm7
    movupd [0x600080], xmm7
    movdqu [0x600090], xmm7
    movapd [0x6000a0], xmm7
    andps xmm7, xmm7
    andnpd xmm7, xmm7
    orps xmm7, xmm1
    xorpd xmm7, xmm1
    hlt

;; test x87_more_forms
;; expect m64:600100=4014000000000000 m64:600108=4000000000000000 m64:600110=3 m64:600118=2 rax=1 rbx=3900 rcx=1 rdx=1
    fninit
    mov dword [0x600000], 3
    mov word [0x600004], 2
    fild dword [0x600000]            ; 3
    fiadd word [0x600004]            ; 5
    fimul dword [0x600000]           ; 15
    fisub word [0x600004]            ; 13
    fisubr dword [0x600000]          ; 3 - 13 = -10
    fidiv word [0x600004]            ; -5
    fidivr dword [0x600000]          ; 3 / -5 = -0.6
    fabs                             ; 0.6
    fld1
    fadd st0, st0                    ; 2
    fmul st0, st0                    ; 4
    fsqrt                            ; 2
    fxch st1                         ; st0 = 0.6, st1 = 2
    frndint                          ; 1
    fsub st0, st1                    ; -1
    fsubr st0, st1                   ; 2 - (-1) = 3
    fdiv st0, st1                    ; 1.5
    fmul st0, st1                    ; 3
    fdivrp st1, st0                  ; st1 = 3 / 2 = 1.5, pop
    fsubrp st1, st0                  ; ST1 is empty: stack underflow, masked -> indefinite
    fstp st0
    fninit
    fld1
    fld1
    faddp st1, st0                   ; 2
    fld1
    fadd st0, st1                    ; 3
    fst qword [0x600120]
    fistp qword [0x600110]           ; 3
    fist dword [0x600118]            ; 2
    mov dword [0x60011c], 0
    fld1
    fld1
    faddp st1, st0
    fld1
    faddp st1, st0
    fadd st0, st1                    ; 5
    fst qword [0x600100]
    fisttp word [0x600130]
    fstp qword [0x600108]            ; 2
    fldz
    ftst
    fnstsw ax
    and eax, 0x4000
    shr eax, 14                      ; C3 = 1 for zero
    fxam                             ; zero: C3 C2 C0 = 100
    fnstsw [0x600140]
    fld1
    fcomi st0, st1                   ; 1 > 0
    seta cl
    fucomi st0, st1
    fcomip st0, st1
    fucomip st0, st0                 ; equal -> ZF
    sete dl
    movzx ecx, cl
    movzx edx, dl
    mov ebx, 0x3900
    hlt

;; test x87_fcmov_fcom_family_and_env
;; expect rax=0 rbx=0 m64:600010=3ff0000000000000 rcx=37f
    fninit
    fldz
    fld1                             ; st0 = 1, st1 = 0
    stc
    fcmovb st0, st1                  ; CF=1: st0 = 0
    fcmovnb st0, st1
    fcmove st0, st1
    fcmovne st0, st1
    fcmovbe st0, st1
    fcmovnbe st0, st1
    fcmovu st0, st1
    fcmovnu st0, st1
    fcom st1
    fcom dword [0x600000]
    fucom st1
    fucomp st1
    fld1
    fld1
    fcompp
    fldz
    fldz
    fucompp
    fld1
    ficom dword [0x600000]
    ficomp word [0x600000]
    fnstenv [0x600100]
    fnclex
    fldenv [0x600100]
    fldcw [0x600100]
    fnstcw [0x600200]
    movzx ecx, word [0x600200]
    and ecx, 0xfff
    and ecx, 0x37f
    fld1
    fstp qword [0x600010]
    ffree st0
    ffreep st0
    fincstp
    fdecstp
    fldl2e
    fldl2t
    fldlg2
    fldln2
    fxtract
    fninit
    fld1
    fld1
    fprem1
    fdiv st0, st1
    fdivp st1, st0
    fsubr dword [0x600010]
    xor eax, eax
    xor ebx, ebx
    hlt

;; test lock_needs_a_lockable_form_with_a_memory_destination
;; expect exit=#UD rip=@fault m64:600000=1
    lock add qword [0x600000], 1
fault:
    lock add rax, rbx

;; test sha1nexte_adds_the_rotated_e
;; expect xmm0=4100000030:2000000010
    mov rax, 0x0000000400000000
    movq xmm2, rax
    pxor xmm0, xmm0
    punpcklqdq xmm0, xmm2
    mov rax, 0x0000002000000010
    movq xmm1, rax
    mov rax, 0x0000004000000030
    movq xmm3, rax
    punpcklqdq xmm1, xmm3
    sha1nexte xmm0, xmm1
    hlt

;; test x87_transcendentals_on_exact_points
;; expect m64:600000=3ff0000000000000 m64:600008=0 m64:600010=4008000000000000 m64:600018=3ff0000000000000 m64:600020=3ff0000000000000 m64:600028=0
    fninit
    fldz
    fcos
    fstp qword [0x600000]            ; cos 0 = 1
    fldz
    fsin
    f2xm1
    fstp qword [0x600008]            ; 2^sin(0) - 1 = 0
    mov dword [0x600100], 3
    fild dword [0x600100]
    fld1
    fld1
    faddp st1, st0
    fyl2x                            ; 3 * log2(2) = 3
    fstp qword [0x600010]
    fld1
    fld1
    fyl2xp1                          ; 1 * log2(1 + 1) = 1
    fstp qword [0x600018]
    fldz
    fptan                            ; tan 0 = 0, then 1 pushed
    fstp qword [0x600020]
    fstp st0
    fldz
    fsincos                          ; ST0 = cos 0, ST1 = sin 0
    fstp st0
    fld1
    fpatan                           ; atan2(0, 1) = 0
    fstp qword [0x600028]
    hlt

;; test bcd_adjustments_in_32bit_mode
;; init mode=32
;; expect rax=4f rbx=8714 rcx=107 rdx=8 rsi=709
BITS 32
    mov al, 0x79
    add al, 0x35
    daa                 ; 79 + 35 = 114: AL=14, CF=1
    mov bl, al
    mov al, 0x14
    sub al, 0x27
    das                 ; 14 - 27 = -13: AL=87, CF=1
    mov bh, al
    mov ax, 0x0009
    add al, 0x08
    aaa                 ; 9 + 8: AX=0107
    movzx ecx, ax
    mov ax, 0x0103
    sub al, 0x05
    aas                 ; 13 - 5: AX=0008
    movzx edx, ax
    mov ax, 0x004f
    aam                 ; 79: AX=0709
    movzx esi, ax
    aad                 ; back to 79: AX=004F
    movzx eax, ax
    hlt

;; test bcd_aam_zero_is_divide_error
;; init mode=32
;; expect exit=#DE
BITS 32
    mov al, 7
    aam 0
    hlt
