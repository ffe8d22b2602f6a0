/*
 * hostrun, i386 part (gcc -m32, static, no libc): system calls, entry point and trampoline.
 * Included by hostrun.c only; see its header for the design.
 */
typedef unsigned long greg_t;
#define NREGS 8
#define BITS 32

enum {
    SYS_read = 3, SYS_write = 4, SYS_mmap = 192 /* mmap2: offset in pages */, SYS_rt_sigaction = 174,
    SYS_rt_sigreturn = 173, SYS_getpid = 20, SYS_fork = 2, SYS_wait4 = 114, SYS_kill = 37,
    SYS_exit_group = 252, SYS_setitimer = 104, SYS_sigaltstack = 186
};

#define SI_ADDR_OFFSET 12

/*
 * struct sigcontext_32 inside the ucontext (uc_mcontext at byte 20), in 4-byte slots:
 * gs 0, fs 1, es 2, ds 3, edi 4, esi 5, ebp 6, esp 7, ebx 8, edx 9, ecx 10, eax 11,
 * trapno 12, err 13, eip 14, cs 15, eflags 16, esp_at_signal 17, ss 18, fpstate 19.
 */
#define MCONTEXT_OFFSET 20
enum { MC_RSP = 7, MC_RIP = 14, MC_FLAGS = 16, MC_ERR = 13, MC_TRAPNO = 12 };
static const int mc_slot[NREGS] = {11, 10, 9, 8, 7, 6, 5, 4};

/*
 * Save or restore the x87/SSE(/AVX) state: XSAVE/XRSTOR with EDX:EAX = g_xmask, or FXSAVE/FXRSTOR
 * when g_xmask is 0. Clobbers EAX, EDX and the flags.
 */
#define STATE_OP(xop, fxop, area) \
    "  mov eax, [g_xmask]\n  xor edx, edx\n  test eax, eax\n  jz 8f\n" \
    "  " xop " [" area "]\n  jmp 9f\n8:\n  " fxop " [" area "]\n9:\n"

__asm__(
    ".intel_syntax noprefix\n"
    ".text\n"
    ".globl _start\n"
    "_start:\n"
    "  mov eax, esp\n"
    "  and esp, -16\n"
    "  sub esp, 12\n"
    "  push eax\n"
    "  call start_main\n"
    "  hlt\n"
    ".globl sys6\n"
    "sys6:\n"                                     /* long sys6(n, a, b, c, d, e, f), cdecl */
    "  push ebp\n  push edi\n  push esi\n  push ebx\n"
    "  mov eax, [esp + 20]\n  mov ebx, [esp + 24]\n  mov ecx, [esp + 28]\n  mov edx, [esp + 32]\n"
    "  mov esi, [esp + 36]\n  mov edi, [esp + 40]\n  mov ebp, [esp + 44]\n"
    "  int 0x80\n"
    "  pop ebx\n  pop esi\n  pop edi\n  pop ebp\n"
    "  ret\n"
    ".globl sig_restorer\n"
    "sig_restorer:\n"
    "  mov eax, 173\n  int 0x80\n"
    ".globl run_snippet\n"
    "run_snippet:\n"
    "  push ebx\n  push ebp\n  push esi\n  push edi\n"
    STATE_OP("xsave", "fxsave", "g_fx_host")
    "  mov [g_host_sp], esp\n"
    STATE_OP("xrstor", "fxrstor", "g_fx_in")
    "  mov byte ptr [g_in_snippet], 1\n"
    "  mov esp, offset g_in\n"
    "  popfd\n"                                   /* no flag writes from here on */
    "  pop eax\n  pop ecx\n  pop edx\n  pop ebx\n"
    "  lea esp, [esp + 4]\n"
    "  pop ebp\n  pop esi\n  pop edi\n"
    "  mov esp, [g_in + 20]\n"
    "  jmp dword ptr [g_code_entry]\n"
    ".globl snippet_exit\n"
    "snippet_exit:\n"
    "  mov byte ptr [g_in_snippet], 0\n"
    "  mov [g_out + 20], esp\n"
    "  mov esp, offset g_out + 36\n"
    "  push edi\n  push esi\n  push ebp\n"
    "  lea esp, [esp - 4]\n"
    "  push ebx\n  push edx\n  push ecx\n  push eax\n"
    "  pushfd\n"
    STATE_OP("xsave", "fxsave", "g_fx_out")
    "  xor eax, eax\n"
    "  jmp 1f\n"
    ".globl fault_resume\n"
    "fault_resume:\n"
    "  mov esp, [g_host_sp]\n"
    STATE_OP("xsave", "fxsave", "g_fx_out")
    "  mov eax, 1\n"
    "1:\n"
    "  mov esp, [g_host_sp]\n"
    "  cld\n"
    "  mov ecx, eax\n"
    STATE_OP("xrstor", "fxrstor", "g_fx_host")
    "  mov eax, ecx\n"
    "  pop edi\n  pop esi\n  pop ebp\n  pop ebx\n"
    "  ret\n"
    ".att_syntax prefix\n");

/* the code page's tail: jmp rel32 to snippet_exit (the binary is static, not PIE) */
static unsigned put_return_jump(unsigned char *at) {
    unsigned long rel = (unsigned long) snippet_exit - ((unsigned long) at + 5);
    at[0] = 0xe9;
    for (int i = 0; i < 4; i++) at[1 + i] = (unsigned char) (rel >> (8 * i));
    return 5;
}
