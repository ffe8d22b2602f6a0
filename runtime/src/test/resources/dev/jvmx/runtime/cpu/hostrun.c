/*
 * Differential-test harness: runs x86-64 snippets natively and prints the final state.
 *
 * Input (stdin), one case per line, hexadecimal words separated by spaces:
 *   RAX RCX RDX RBX RSP RBP RSI RDI R8..R15 RFLAGS XMM0.lo XMM0.hi .. XMM3.lo XMM3.hi MXCSR CODEBYTES
 * (CODEBYTES: the snippet as one hex string). Each snippet runs at CODE_ADDR with a data area at
 * DATA_ADDR (DATA_SIZE bytes, refilled with the pattern byte(i) = (i * 131 + 7) before every case),
 * and ends by falling through into a jump back to the harness.
 *
 * Output, one line per case:
 *   RAX ... R15 RFLAGS XMM0.lo .. XMM3.hi MXCSR DATAHASH SIGNAL
 * DATAHASH is FNV-1a 64 over the data area; SIGNAL is 0, or the signal number of a fault, in which
 * case the registers are those at the faulting instruction (from the signal context).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#define CODE_ADDR 0x70000000UL
#define DATA_ADDR 0x71000000UL
#define DATA_SIZE 0x2000UL

struct state { uint64_t r[16]; uint64_t flags; uint64_t x[8]; uint32_t mxcsr; };
struct state in, out;
uint64_t host_rsp;
uint64_t code_addr = CODE_ADDR;
static sigjmp_buf fault_jmp;
static int fault_sig;

void enter_snippet(void);
void exit_stub(void);

__asm__(
    ".text\n"
    ".globl enter_snippet\n"
    "enter_snippet:\n"
    "  push %rbx\n  push %rbp\n  push %r12\n  push %r13\n  push %r14\n  push %r15\n"
    "  mov %rsp, host_rsp(%rip)\n"
    "  lea in(%rip), %rax\n"
    "  pushq 128(%rax)\n  popfq\n"
    "  ldmxcsr 200(%rax)\n"
    "  movdqu 136(%rax), %xmm0\n  movdqu 152(%rax), %xmm1\n  movdqu 168(%rax), %xmm2\n  movdqu 184(%rax), %xmm3\n"
    "  mov 8(%rax), %rcx\n  mov 16(%rax), %rdx\n  mov 24(%rax), %rbx\n"
    "  mov 40(%rax), %rbp\n  mov 48(%rax), %rsi\n  mov 56(%rax), %rdi\n"
    "  mov 64(%rax), %r8\n  mov 72(%rax), %r9\n  mov 80(%rax), %r10\n  mov 88(%rax), %r11\n"
    "  mov 96(%rax), %r12\n  mov 104(%rax), %r13\n  mov 112(%rax), %r14\n  mov 120(%rax), %r15\n"
    "  mov 32(%rax), %rsp\n"
    "  mov 0(%rax), %rax\n"
    "  jmp *code_addr(%rip)\n"
    ".globl exit_stub\n"
    "exit_stub:\n"
    "  mov %rax, out(%rip)\n"
    "  lea out(%rip), %rax\n"
    "  mov %rcx, 8(%rax)\n  mov %rdx, 16(%rax)\n  mov %rbx, 24(%rax)\n  mov %rsp, 32(%rax)\n"
    "  mov %rbp, 40(%rax)\n  mov %rsi, 48(%rax)\n  mov %rdi, 56(%rax)\n"
    "  mov %r8, 64(%rax)\n  mov %r9, 72(%rax)\n  mov %r10, 80(%rax)\n  mov %r11, 88(%rax)\n"
    "  mov %r12, 96(%rax)\n  mov %r13, 104(%rax)\n  mov %r14, 112(%rax)\n  mov %r15, 120(%rax)\n"
    "  stmxcsr 200(%rax)\n"
    "  movdqu %xmm0, 136(%rax)\n  movdqu %xmm1, 152(%rax)\n  movdqu %xmm2, 168(%rax)\n  movdqu %xmm3, 184(%rax)\n"
    "  mov host_rsp(%rip), %rsp\n"
    "  pushfq\n  popq 128(%rax)\n  cld\n"
    "  pop %r15\n  pop %r14\n  pop %r13\n  pop %r12\n  pop %rbp\n  pop %rbx\n"
    "  ret\n");

static void on_fault(int sig, siginfo_t *si, void *ctx) {
    ucontext_t *uc = ctx;
    greg_t *g = uc->uc_mcontext.gregs;
    static const int order[16] = {REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
                                  REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15};
    for (int i = 0; i < 16; i++) out.r[i] = g[order[i]];
    out.flags = g[REG_EFL];
    for (int i = 0; i < 4; i++) memcpy(&out.x[2 * i], &uc->uc_mcontext.fpregs->_xmm[i], 16);
    out.mxcsr = uc->uc_mcontext.fpregs->mxcsr;
    fault_sig = sig;
    (void) si;
    siglongjmp(fault_jmp, 1);
}

static int hexval(int c) { return c <= '9' ? c - '0' : (c | 32) - 'a' + 10; }

static void fill_data(void) {
    uint8_t *d = (uint8_t *) DATA_ADDR;
    for (uint64_t i = 0; i < DATA_SIZE; i++) d[i] = (uint8_t) (i * 131 + 7);
}

static uint64_t hash_data(void) {
    uint64_t h = 0xcbf29ce484222325ULL;
    uint8_t *d = (uint8_t *) DATA_ADDR;
    for (uint64_t i = 0; i < DATA_SIZE; i++) { h ^= d[i]; h *= 0x100000001b3ULL; }
    return h;
}

int main(void) {
    if (mmap((void *) CODE_ADDR, 0x10000, PROT_READ | PROT_WRITE | PROT_EXEC,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != (void *) CODE_ADDR ||
        mmap((void *) DATA_ADDR, DATA_SIZE, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != (void *) DATA_ADDR) {
        perror("mmap");
        return 2;
    }
    /* faults are delivered on their own stack: the snippet's RSP points into the data area */
    static char altstack[1 << 16];
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack};
    sigaltstack(&ss, NULL);
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct sigaction sa = {0};
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    static char line[1 << 16];
    while (fgets(line, sizeof line, stdin)) {
        char *p = line;
        for (int i = 0; i < 26; i++) {
            uint64_t v = strtoull(p, &p, 16);
            if (i < 16) in.r[i] = v; else if (i == 16) in.flags = v; else if (i < 25) in.x[i - 17] = v; else in.mxcsr = (uint32_t) v;
        }
        while (*p == ' ') p++;
        uint8_t *code = (uint8_t *) CODE_ADDR;
        size_t n = 0;
        while (p[0] && p[0] != '\n' && p[1]) { code[n++] = (uint8_t) (hexval(p[0]) << 4 | hexval(p[1])); p += 2; }
        /* jmp [rip+0]; dq exit_stub */
        code[n++] = 0xFF; code[n++] = 0x25; memset(code + n, 0, 4); n += 4;
        uint64_t target = (uint64_t) exit_stub;
        memcpy(code + n, &target, 8);
        fill_data();
        fault_sig = 0;
        if (sigsetjmp(fault_jmp, 1) == 0) enter_snippet();
        __asm__ volatile("pushq $0x202\n\tpopfq" ::: "memory", "cc"); /* no TF/AC/DF left behind by a snippet */
        { uint32_t m = 0x1F80; __asm__ volatile("ldmxcsr %0" :: "m"(m)); }
        for (int i = 0; i < 16; i++) printf("%lx ", (unsigned long) out.r[i]);
        printf("%lx ", (unsigned long) out.flags);
        for (int i = 0; i < 8; i++) printf("%lx ", (unsigned long) out.x[i]);
        printf("%x %lx %d\n", out.mxcsr, (unsigned long) hash_data(), fault_sig);
    }
    return 0;
}
