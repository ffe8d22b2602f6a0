/*
 * hostrun: runs x86 instruction snippets natively with a chosen initial state and reports the
 * final state (or the fault), for differential testing of jvmx against the host CPU.
 *
 * Freestanding (raw system calls, no libc), so the 32-bit build needs no gcc-multilib:
 *   gcc -O2 -static -nostdlib -ffreestanding -fno-pie -no-pie -fno-stack-protector \
 *       -fno-asynchronous-unwind-tables [-m32] -o hostrun hostrun.c
 * (HostHarnessBuild.java does this at test time.)  Usage: hostrun [timeout_ms]
 *
 * ---------------------------------------------------------------------------------------------
 * WIRE FORMAT (all integers little-endian; the Java side is HostProtocol.java)
 *
 * hello, written once at start-up:
 *   u32 magic "HRUN"  u32 version (3)  u64 code_base  u64 data_base  u32 data_size  u32 bits
 *   u64 xsave_mask                  state components the harness loads and saves: 0 = FXSAVE
 *                                   only (no OSXSAVE), 3 = x87|SSE by XSAVE, 7 = also the AVX
 *                                   state (YMM upper halves; SDM Vol. 1 §13.3)
 *
 * case, read repeatedly until EOF:
 *   u32 magic "CASE"   u32 id   u16 code_len   u16 chunk_count
 *   u64 rflags                      only CF PF AF ZF SF OF DF are honoured (bit 1, IF forced)
 *   u64 gpr[16]                     SDM order: rax rcx rdx rbx rsp rbp rsi rdi r8 .. r15
 *                                   (32-bit build: the low halves of the first eight)
 *   u8  fx[416]                     bytes 0..415 of an FXSAVE image (SDM Vol. 1 Table 10-2):
 *                                   FCW@0 FSW@2 FTW(abridged)@4 MXCSR@24 ST0-7@32+16i
 *                                   XMM0-15@160+16i; MXCSR is masked with MXCSR_MASK
 *   u8  ymmh[256]                   bits 255:128 of YMM0-15, 16 bytes each (loaded only when
 *                                   xsave_mask has bit 2; 32-bit build: YMM0-7)
 *   chunk_count x { u16 offset  u16 len  u8 bytes[len] }   initial data page; rest is zero
 *   u8  code[code_len]
 *
 * result, one per case, in input order:
 *   u32 magic "RSLT"   u32 id   u32 kind        0 completed, 1 signal, 2 timeout, 3 crash
 *   i32 signo   i32 si_code   u64 si_addr   u64 trapno   u64 err      (signal only, else 0)
 *   u64 rip                         completed: code_base + code_len; else RIP at the fault
 *   u64 rflags   u64 gpr[16]   u8 fx[416]   u8 ymmh[256]   state at the end or at the fault
 *                                   (ymmh all zero when xsave_mask lacks bit 2)
 *   u16 chunk_count x { u16 offset u16 len u8 bytes[len] }  data bytes that differ from the
 *                                   initial page (final page = initial page + these chunks)
 *   kind 3 (the whole sandbox child died) carries zeros after the kind.
 * ---------------------------------------------------------------------------------------------
 *
 * Process model: this process is a supervisor. It forks a child that reads cases, runs them and
 * writes results. The child's I/O buffers live in MAP_SHARED memory, so when the child dies
 * (a snippet scribbled on the harness, or made a system call) the supervisor writes the results
 * the child had finished, a "crash" result for the case in flight, and forks a fresh child that
 * resumes with the next case. Faults are caught in the child by a SA_SIGINFO handler on an
 * alternate stack that records the ucontext and redirects the interrupted context to
 * fault_resume, which restores the harness; runaway snippets are stopped by an interval timer
 * whose handler does the same once one case has run for timeout_ms.
 *
 * The snippet runs with every GPR as given, the stack pointer included, so the trampoline (in
 * arch-*.h) keeps the harness stack pointer in a global and loads all state by popping a
 * global block; the code page ends with a jump back to snippet_exit.
 */
#define CODE_BASE 0x10010000UL
#define DATA_BASE 0x10000000UL
#define DATA_SIZE 4096
#define CODE_SIZE 4096
#define CODE_MAX (CODE_SIZE - 16)
#define FX_BYTES 416
#define YMMH_BYTES 256
#define XSAVE_BYTES 1024                  /* legacy region, header, AVX component (SDM Vol. 1 §13.4) */
#define XSAVE_HEADER 512                  /* XSTATE_BV at 512, XCOMP_BV at 520 */
#define XSAVE_AVX 576                     /* standard-format offset of the AVX component, CPUID.(0DH,2):EBX */
#define TICK_MS 5
#define IN_CAP (1 << 20)
#define OUT_CAP (1 << 20)
#define REC_MAX (64 * 1024)
#define ALLOWED_FLAGS 0x0CD5UL            /* CF PF AF ZF SF DF OF */

enum { KIND_DONE = 0, KIND_SIGNAL = 1, KIND_TIMEOUT = 2, KIND_CRASH = 3 };
enum { SIGILL = 4, SIGTRAP = 5, SIGBUS = 7, SIGFPE = 8, SIGKILL = 9, SIGSEGV = 11, SIGALRM = 14 };
enum { SA_SIGINFO = 4, SA_RESTORER = 0x04000000, SA_ONSTACK = 0x08000000, SA_RESTART = 0x10000000 };
enum { PROT_RW = 3, PROT_RWX = 7, MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_ANON = 0x20, MAP_FIXED_NOREPLACE = 0x100000 };

/* ---- state shared with the trampoline (names referenced from asm) ---- */
int run_snippet(void);
void snippet_exit(void);
void fault_resume(void);
void sig_restorer(void);
long sys6(long n, long a, long b, long c, long d, long e, long f);
void start_main(long *sp);

#if defined(__x86_64__)
#include "arch-x86_64.h"
#elif defined(__i386__)
#include "arch-i386.h"
#else
#error "hostrun runs on x86 only"
#endif

greg_t g_in[1 + NREGS];                 /* flags, then the GPRs in SDM order */
greg_t g_out[1 + NREGS];
greg_t g_host_sp;
greg_t g_code_entry = CODE_BASE;
volatile unsigned char g_in_snippet;
/* XSAVE areas (FXSAVE images in the first 512 bytes when g_xmask is 0) */
unsigned char g_fx_in[XSAVE_BYTES] __attribute__((aligned(64)));
unsigned char g_fx_out[XSAVE_BYTES] __attribute__((aligned(64)));
unsigned char g_fx_host[XSAVE_BYTES] __attribute__((aligned(64)));
unsigned long g_xmask;                  /* read by the trampoline: 0 = FXSAVE/FXRSTOR, else XSAVE's EAX */

/* ---- the few library functions we need (gcc may also emit calls to these) ---- */
void *memcpy(void *d, const void *s, unsigned long n) {
    void *r = d;
    __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
    return r;
}
void *memmove(void *d, const void *s, unsigned long n) {
    unsigned char *dd = d;
    const unsigned char *ss = s;
    if (dd <= ss) return memcpy(d, s, n);
    while (n--) dd[n] = ss[n];
    return d;
}
void *memset(void *d, int c, unsigned long n) {
    void *r = d;
    __asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
    return r;
}
#define sys(n, a, b, c) sys6((n), (long) (a), (long) (b), (long) (c), 0, 0, 0)

static void die(int code) { for (;;) sys(SYS_exit_group, code, 0, 0); }
static unsigned long cstrlen(const char *s) { unsigned long n = 0; while (s[n]) n++; return n; }
static void say(const char *s) { sys(SYS_write, 2, s, cstrlen(s)); }
static void say_hex(unsigned long v) {
    char b[19] = "0x";
    for (int i = 0; i < 16; i++) b[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
    b[18] = 0;
    say(b);
}
static void fail(const char *why) { say("hostrun: "); say(why); say("\n"); die(6); }

/* ---- fault and timeout capture ---- */
static struct {
    long signo, sicode, timed_out;
    unsigned long addr, trapno, err, rip;
    greg_t regs[1 + NREGS];                /* flags, then GPRs */
} g_fault;
static volatile unsigned long g_case_seq, g_seen_seq, g_ticks;
static unsigned long g_timeout_ms = 100;

static void capture(void *uc, int timed_out) {
    greg_t *mc = (greg_t *) ((char *) uc + MCONTEXT_OFFSET);
    g_fault.regs[0] = mc[MC_FLAGS];
    for (int i = 0; i < NREGS; i++) g_fault.regs[1 + i] = mc[mc_slot[i]];
    g_fault.rip = mc[MC_RIP];
    g_fault.trapno = timed_out ? 0 : mc[MC_TRAPNO];   /* a timer tick leaves them stale */
    g_fault.err = timed_out ? 0 : mc[MC_ERR];
    g_fault.timed_out = timed_out;
    mc[MC_RIP] = (greg_t) fault_resume;               /* leave the snippet on return */
    mc[MC_RSP] = g_host_sp;
    mc[MC_FLAGS] = 0x202;
    g_in_snippet = 0;
}

static void on_fault(int sig, void *si, void *uc) {
    if (!g_in_snippet) {                   /* the harness itself broke: die, supervisor reports */
        say("hostrun: harness fault, signal ");
        say_hex((unsigned long) sig);
        say("\n");
        sys(SYS_kill, sys(SYS_getpid, 0, 0, 0), SIGKILL, 0);
    }
    g_fault.signo = sig;
    g_fault.sicode = *(int *) ((char *) si + 8);
    g_fault.addr = *(unsigned long *) ((char *) si + SI_ADDR_OFFSET);
    capture(uc, 0);
}

static void on_tick(int sig, void *si, void *uc) {
    (void) si;
    if (!g_in_snippet) return;
    if (g_seen_seq != g_case_seq) { g_seen_seq = g_case_seq; g_ticks = 0; }
    if (++g_ticks * TICK_MS < g_timeout_ms) return;
    g_fault.signo = sig;
    g_fault.sicode = 0;
    g_fault.addr = 0;
    capture(uc, 1);
}

/* ---- shared I/O state, survives the child ---- */
struct shared {
    unsigned in_pos, in_end;               /* unread input is in[in_pos..in_end) */
    unsigned out_len;                      /* complete result records in out[0..out_len) */
    unsigned active, active_id, active_end;/* case in flight: its id and where it ends */
    unsigned char in[IN_CAP];
    unsigned char out[OUT_CAP];
};
static struct shared *sh;

static void write_all(const unsigned char *p, unsigned long n) {
    while (n > 0) {
        long w = sys(SYS_write, 1, p, n);
        if (w == -4 /* EINTR */) continue;
        if (w <= 0) die(3);
        p += w;
        n -= (unsigned long) w;
    }
}

static void flush_out(void) { write_all(sh->out, sh->out_len); sh->out_len = 0; }

/* ensure n unread bytes are buffered; 0 on clean EOF before any of them */
static int need(unsigned n) {
    if (sh->in_end - sh->in_pos >= n) return 1;
    if (sh->in_pos > 0) {
        memmove(sh->in, sh->in + sh->in_pos, sh->in_end - sh->in_pos);
        sh->in_end -= sh->in_pos;
        sh->in_pos = 0;
    }
    flush_out();                           /* never block on input with results unsent */
    while (sh->in_end < n) {
        long r = sys(SYS_read, 0, sh->in + sh->in_end, IN_CAP - sh->in_end);
        if (r == -4) continue;
        if (r < 0) die(4);
        if (r == 0) {
            if (sh->in_end == 0) return 0;
            fail("truncated case at end of input");
        }
        sh->in_end += (unsigned) r;
    }
    return 1;
}

static unsigned rd16(const unsigned char *p) { return (unsigned) p[0] | (unsigned) p[1] << 8; }
static unsigned rd32(const unsigned char *p) { return rd16(p) | rd16(p + 2) << 16; }

static unsigned char *out_put(const void *p, unsigned long n) {
    unsigned char *dst = sh->out + sh->out_len;
    memcpy(dst, p, n);
    sh->out_len += (unsigned) n;
    return dst;
}

static void out_u32(unsigned v) { out_put(&v, 4); }
static void out_u64(unsigned long v) { unsigned long long w = v; out_put(&w, 8); }

static void put_crash(unsigned id) {
    static const unsigned char zero[8 + 32 + 8 + 8 * 16 + FX_BYTES + YMMH_BYTES + 2];
    out_u32(0x544c5352u /* RSLT */); out_u32(id); out_u32(KIND_CRASH);
    out_put(zero, sizeof zero);
}

static unsigned char g_initial[DATA_SIZE];
static unsigned g_mxcsr_mask = 0xffbf;

static void emit_data_diff(void) {
    unsigned char *count_at = out_put("\0\0", 2);
    unsigned chunks = 0;
    const unsigned char *now = (const unsigned char *) DATA_BASE;
    for (unsigned i = 0; i < DATA_SIZE;) {
        if (now[i] == g_initial[i]) { i++; continue; }
        unsigned j = i;
        while (j < DATA_SIZE && now[j] != g_initial[j]) j++;
        unsigned short head[2] = {(unsigned short) i, (unsigned short) (j - i)};
        out_put(head, 4);
        out_put(now + i, j - i);
        chunks++;
        i = j;
    }
    count_at[0] = (unsigned char) chunks;
    count_at[1] = (unsigned char) (chunks >> 8);
}

static void emit_state(const greg_t *regs) {   /* flags, then NREGS GPRs, widened to 16 x u64 */
    out_u64(regs[0]);
    for (int i = 0; i < 16; i++) out_u64(i < NREGS ? regs[1 + i] : 0);
    out_put(g_fx_out, FX_BYTES);
    /* XSTATE_BV[2] = 0: the AVX state was in its initial configuration (all upper halves zero) */
    if (!(g_xmask & 4) || !(g_fx_out[XSAVE_HEADER] & 4)) memset(g_fx_out + XSAVE_AVX, 0, YMMH_BYTES);
    out_put(g_fx_out + XSAVE_AVX, YMMH_BYTES);
    emit_data_diff();
}

static void run_one(void) {
    const unsigned fixed = 12 + 8 + 128 + FX_BYTES + YMMH_BYTES;
    if (!need(fixed)) die(5);              /* the header and the fixed part, before reading them */
    const unsigned char *p = sh->in + sh->in_pos;
    if (rd32(p) != 0x45534143u /* CASE */) fail("bad case magic");
    unsigned id = rd32(p + 4), code_len = rd16(p + 8), chunk_count = rd16(p + 10);
    if (code_len > CODE_MAX) fail("code too long");

    unsigned len = fixed;                  /* walk the chunks to find the record's length */
    for (unsigned c = 0; c < chunk_count; c++) {
        if (!need(len + 4)) die(5);
        p = sh->in + sh->in_pos;
        unsigned off = rd16(p + len), n = rd16(p + len + 2);
        if (off + n > DATA_SIZE) fail("chunk outside the data page");
        len += 4 + n;
    }
    if (!need(len + code_len)) die(5);
    p = sh->in + sh->in_pos;
    sh->active = 1; sh->active_id = id; sh->active_end = sh->in_pos + len + code_len;

    for (int i = 0; i <= NREGS; i++) g_in[i] = (greg_t) (rd32(p + 12 + 8 * i) | (unsigned long long) rd32(p + 16 + 8 * i) << 32);
    g_in[0] = (g_in[0] & ALLOWED_FLAGS) | 0x202;     /* bit 1 and IF, as user mode always has */
    memset(g_fx_in, 0, sizeof g_fx_in);
    memcpy(g_fx_in, p + 12 + 136, FX_BYTES);
    unsigned mx = rd32(g_fx_in + 24) & g_mxcsr_mask;
    memcpy(g_fx_in + 24, &mx, 4);
    if (g_xmask & 4) memcpy(g_fx_in + XSAVE_AVX, p + 12 + 136 + FX_BYTES, YMMH_BYTES);
    g_fx_in[XSAVE_HEADER] = (unsigned char) g_xmask;   /* XSTATE_BV: load these components, not init */
    memset(g_fx_out, 0, sizeof g_fx_out);  /* the 32-bit FXSAVE leaves XMM8-15 alone */

    memset(g_initial, 0, DATA_SIZE);
    for (unsigned c = 0, at = fixed; c < chunk_count; c++) {
        unsigned off = rd16(p + at), n = rd16(p + at + 2);
        memcpy(g_initial + off, p + at + 4, n);
        at += 4 + n;
    }
    memcpy((void *) DATA_BASE, g_initial, DATA_SIZE);
    unsigned char *code = (unsigned char *) CODE_BASE;
    memcpy(code, p + len, code_len);
    put_return_jump(code + code_len);

    g_case_seq++;
    int faulted = run_snippet();

    out_u32(0x544c5352u); out_u32(id);
    if (faulted) {
        out_u32(g_fault.timed_out ? KIND_TIMEOUT : KIND_SIGNAL);
        out_u32((unsigned) g_fault.signo); out_u32((unsigned) g_fault.sicode);
        out_u64(g_fault.addr); out_u64(g_fault.trapno); out_u64(g_fault.err); out_u64(g_fault.rip);
        emit_state(g_fault.regs);
    } else {
        out_u32(KIND_DONE);
        out_u32(0); out_u32(0); out_u64(0); out_u64(0); out_u64(0);
        out_u64(CODE_BASE + code_len);
        emit_state(g_out);
    }
    sh->in_pos += len + code_len;
    sh->active = 0;
    if (sh->out_len > OUT_CAP - REC_MAX) flush_out();
}

struct ksigaction { void (*handler)(int, void *, void *); unsigned long flags; void (*restorer)(void); unsigned long mask[2]; };

static void on_signal(int sig, void (*handler)(int, void *, void *), int restart) {
    /* the timer never interrupts a handler, so a capture is never itself captured */
    struct ksigaction sa = {handler, SA_SIGINFO | SA_ONSTACK | SA_RESTORER | (restart ? SA_RESTART : 0), sig_restorer,
                            {1UL << (SIGALRM - 1), 0}};
    if (sys6(SYS_rt_sigaction, sig, (long) &sa, 0, 8, 0, 0) != 0) fail("rt_sigaction");
}

static void child_main(void) {
    static unsigned char altstack[64 * 1024] __attribute__((aligned(16)));
    struct { void *sp; int flags; unsigned long size; } ss = {altstack, 0, sizeof altstack};
    if (sys(SYS_sigaltstack, &ss, 0, 0) != 0) fail("sigaltstack");
    const int faults[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP};
    for (unsigned i = 0; i < sizeof faults / sizeof *faults; i++) on_signal(faults[i], on_fault, 0);
    on_signal(SIGALRM, on_tick, 1);
    long it[4] = {0, TICK_MS * 1000, 0, TICK_MS * 1000};   /* interval, value: {sec, usec} */
    if (sys(SYS_setitimer, 0 /* ITIMER_REAL */, it, 0) != 0) fail("setitimer");

    unsigned char probe[512] __attribute__((aligned(16)));
    memset(probe, 0, sizeof probe);
    __asm__ volatile("fxsave %0" : "=m"(probe));
    if (rd32(probe + 28)) g_mxcsr_mask = rd32(probe + 28);

    while (need(4)) run_one();
    flush_out();
    die(0);
}

/*
 * Which state components to load and save with XSAVE/XRSTOR: none without CR4.OSXSAVE
 * (CPUID.1:ECX bit 27), else x87|SSE, plus AVX when XCR0 enables it and its component sits at
 * the standard offset (SDM Vol. 1 §13.2, §13.4.3).
 */
static unsigned long xsave_mask(void) {
    unsigned a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
    if (!(c & (1u << 27))) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0xd), "c"(2));
    return (lo & 6) == 6 && a == YMMH_BYTES && b == XSAVE_AVX ? 7 : 3;
}

static void *map(unsigned long at, unsigned long size, int prot, int flags) {
    return (void *) sys6(SYS_mmap, (long) at, (long) size, prot, flags, -1, 0);
}

void start_main(long *sp) {
    long argc = sp[0];
    char **argv = (char **) (sp + 1);
    if (argc > 1) {
        g_timeout_ms = 0;
        for (const char *s = argv[1]; *s >= '0' && *s <= '9'; s++) g_timeout_ms = g_timeout_ms * 10 + (unsigned long) (*s - '0');
    }
    if (g_timeout_ms < TICK_MS) g_timeout_ms = TICK_MS;
    if (map(DATA_BASE, DATA_SIZE, PROT_RW, MAP_PRIVATE | MAP_ANON | MAP_FIXED_NOREPLACE) != (void *) DATA_BASE
            || map(CODE_BASE, CODE_SIZE, PROT_RWX, MAP_PRIVATE | MAP_ANON | MAP_FIXED_NOREPLACE) != (void *) CODE_BASE) {
        fail("cannot map the code and data pages at their fixed addresses");
    }
    sh = map(0, sizeof *sh, PROT_RW, MAP_SHARED | MAP_ANON);
    if ((unsigned long) sh > (unsigned long) -4096) fail("cannot map the shared buffers");

    g_xmask = xsave_mask();
    struct { unsigned magic, version; unsigned long long code, data; unsigned size, bits; unsigned long long xmask; } __attribute__((packed))
        hello = {0x4e555248u /* HRUN */, 3, CODE_BASE, DATA_BASE, DATA_SIZE, BITS, g_xmask};
    write_all((const unsigned char *) &hello, sizeof hello);

    for (;;) {
        long pid = sys(SYS_fork, 0, 0, 0);
        if (pid < 0) fail("fork");
        if (pid == 0) child_main();
        int status = 0;
        while (sys6(SYS_wait4, pid, (long) &status, 0, 0, 0, 0) == -4) {}
        if ((status & 0x7f) == 0 && ((status >> 8) & 0xff) == 0) die(0);   /* clean exit: EOF */
        /* the child died: send what it finished, fail the case in flight, carry on */
        flush_out();
        if (!sh->active) { say("hostrun: sandbox died outside a case\n"); die(3); }
        say("hostrun: a case killed the sandbox, status ");
        say_hex((unsigned long) status);
        say("; restarting\n");
        put_crash(sh->active_id);
        flush_out();
        sh->in_pos = sh->active_end;
        sh->active = 0;
    }
}
