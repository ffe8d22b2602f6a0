/*
 * hostrun, x86-64 part: system calls, entry point and the snippet trampoline.
 * Included by hostrun.c only; see its header for the design.
 */
typedef unsigned long greg_t;
#define NREGS 16
#define BITS 64

enum {
    SYS_read = 0, SYS_write = 1, SYS_mmap = 9, SYS_rt_sigaction = 13, SYS_rt_sigreturn = 15,
    SYS_getpid = 39, SYS_fork = 57, SYS_wait4 = 61, SYS_kill = 62, SYS_exit_group = 231,
    SYS_setitimer = 38, SYS_sigaltstack = 131
};

/* siginfo: si_addr after signo, errno, code and padding */
#define SI_ADDR_OFFSET 16

/*
 * struct sigcontext_64 inside the ucontext (uc_mcontext at byte 40), in 8-byte slots:
 * r8..r15 0-7, rdi 8, rsi 9, rbp 10, rbx 11, rdx 12, rax 13, rcx 14, rsp 15, rip 16,
 * eflags 17, cs/gs/fs/ss 18, err 19, trapno 20, oldmask 21, cr2 22, fpstate 23.
 */
#define MCONTEXT_OFFSET 40
enum { MC_RSP = 15, MC_RIP = 16, MC_FLAGS = 17, MC_ERR = 19, MC_TRAPNO = 20 };
/* mcontext slot of each GPR in SDM order rax rcx rdx rbx rsp rbp rsi rdi r8..r15 */
static const int mc_slot[NREGS] = {13, 14, 12, 11, 15, 10, 9, 8, 0, 1, 2, 3, 4, 5, 6, 7};

/*
 * Save or restore the x87/SSE(/AVX) state: XSAVE/XRSTOR with EDX:EAX = g_xmask, or FXSAVE/FXRSTOR
 * when g_xmask is 0. Clobbers EAX, EDX and the flags.
 */
#define STATE_OP(xop, fxop, area) \
    "  mov eax, [rip + g_xmask]\n  xor edx, edx\n  test eax, eax\n  jz 8f\n" \
    "  " xop " [rip + " area "]\n  jmp 9f\n8:\n  " fxop " [rip + " area "]\n9:\n"

__asm__(
    ".intel_syntax noprefix\n"
    ".text\n"
    ".globl _start\n"
    "_start:\n"                                   /* [rsp] = argc, argv follows */
    "  mov rdi, rsp\n"
    "  and rsp, -16\n"
    "  call start_main\n"
    "  hlt\n"
    ".globl sys6\n"
    "sys6:\n"                                     /* long sys6(n, a, b, c, d, e, f) */
    "  mov rax, rdi\n  mov rdi, rsi\n  mov rsi, rdx\n  mov rdx, rcx\n"
    "  mov r10, r8\n  mov r8, r9\n  mov r9, [rsp + 8]\n"
    "  syscall\n"
    "  ret\n"
    ".globl sig_restorer\n"
    "sig_restorer:\n"
    "  mov eax, 15\n  syscall\n"
    /*
     * int run_snippet(void): 0 when the snippet ran off its end, 1 when a fault or the timer
     * sent it to fault_resume. The snippet runs with every GPR from g_in, RSP included, so the
     * harness's RSP lives in g_host_sp and state is popped from the g_in block.
     */
    ".globl run_snippet\n"
    "run_snippet:\n"
    "  push rbx\n  push rbp\n  push r12\n  push r13\n  push r14\n  push r15\n"
    STATE_OP("xsave", "fxsave", "g_fx_host")
    "  mov [rip + g_host_sp], rsp\n"
    STATE_OP("xrstor", "fxrstor", "g_fx_in")
    "  mov byte ptr [rip + g_in_snippet], 1\n"
    "  lea rsp, [rip + g_in]\n"
    "  popfq\n"                                   /* no flag writes from here on */
    "  pop rax\n  pop rcx\n  pop rdx\n  pop rbx\n"
    "  lea rsp, [rsp + 8]\n"
    "  pop rbp\n  pop rsi\n  pop rdi\n"
    "  pop r8\n  pop r9\n  pop r10\n  pop r11\n  pop r12\n  pop r13\n  pop r14\n  pop r15\n"
    "  mov rsp, [rip + g_in + 40]\n"
    "  jmp qword ptr [rip + g_code_entry]\n"
    ".globl snippet_exit\n"
    "snippet_exit:\n"                             /* reached by the code page's final jump */
    "  mov byte ptr [rip + g_in_snippet], 0\n"
    "  mov [rip + g_out + 40], rsp\n"
    "  lea rsp, [rip + g_out + 136]\n"
    "  push r15\n  push r14\n  push r13\n  push r12\n  push r11\n  push r10\n  push r9\n  push r8\n"
    "  push rdi\n  push rsi\n  push rbp\n"
    "  lea rsp, [rsp - 8]\n"
    "  push rbx\n  push rdx\n  push rcx\n  push rax\n"
    "  pushfq\n"
    STATE_OP("xsave", "fxsave", "g_fx_out")
    "  xor eax, eax\n"
    "  jmp 1f\n"
    ".globl fault_resume\n"
    "fault_resume:\n"                             /* the kernel restored the snippet's FPU state */
    "  mov rsp, [rip + g_host_sp]\n"
    STATE_OP("xsave", "fxsave", "g_fx_out")
    "  mov eax, 1\n"
    "1:\n"
    "  mov rsp, [rip + g_host_sp]\n"
    "  cld\n"
    "  mov ecx, eax\n"
    STATE_OP("xrstor", "fxrstor", "g_fx_host")
    "  mov eax, ecx\n"
    "  pop r15\n  pop r14\n  pop r13\n  pop r12\n  pop rbp\n  pop rbx\n"
    "  ret\n"
    ".att_syntax prefix\n");

/* the code page's tail: jmp [rip+0]; .quad snippet_exit (touches no register, flag or memory) */
static unsigned put_return_jump(unsigned char *at) {
    unsigned long back = (unsigned long) snippet_exit;
    at[0] = 0xff; at[1] = 0x25; at[2] = at[3] = at[4] = at[5] = 0;
    for (int i = 0; i < 8; i++) at[6 + i] = (unsigned char) (back >> (8 * i));
    return 14;
}
