/* Tiny x86-64 Linux system-call wrappers for the freestanding examples (no C library).
 * Arguments in rdi, rsi, rdx, r10, r8, r9; number in rax; SYSCALL clobbers rcx and r11. */
#ifndef JVMX_EXAMPLES_SYS_H
#define JVMX_EXAMPLES_SYS_H

typedef unsigned long size_t;
typedef long ssize_t;

static inline long sys3(long n, long a, long b, long c) {
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
}

static inline ssize_t sys_read(int fd, void *buf, size_t n) { return sys3(0, fd, (long) buf, (long) n); }
static inline ssize_t sys_write(int fd, const void *buf, size_t n) { return sys3(1, fd, (long) buf, (long) n); }
static inline int sys_open(const char *path, int flags) { return (int) sys3(2, (long) path, flags, 0); }
static inline int sys_close(int fd) { return (int) sys3(3, fd, 0, 0); }
static inline __attribute__((noreturn)) void sys_exit(int code) {
    for (;;) sys3(231, code, 0, 0);
}

/* The entry point: the kernel leaves argc at (%rsp), then argv[], NULL, envp[], NULL, auxv. */
#define JVMX_START(main_fn)                                                   \
    __asm__(".globl _start\n"                                                 \
            "_start:\n"                                                       \
            "  xor %ebp, %ebp\n"                                              \
            "  mov %rsp, %rdi\n"                                              \
            "  and $-16, %rsp\n"                                              \
            "  call " #main_fn "_entry\n"                                     \
            "  hlt\n");                                                       \
    __attribute__((used, noreturn)) void main_fn##_entry(long *sp) {          \
        sys_exit(main_fn((int) sp[0], (char **) (sp + 1)));                   \
    }

static inline size_t str_len(const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

static inline void put_str(int fd, const char *s) { sys_write(fd, s, str_len(s)); }

#endif
