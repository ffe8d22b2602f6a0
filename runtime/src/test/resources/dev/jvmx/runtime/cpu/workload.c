/*
 * A mixed C workload for the native-vs-jvmx comparison: setjmp/longjmp, varargs, recursion,
 * switch jump tables, function pointers, 128-bit arithmetic, bit fields, long double formatting,
 * qsort/bsearch, string building. Prints results and a checksum.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static jmp_buf env;
static uint64_t h = 0xcbf29ce484222325ULL;
static void mix(uint64_t v) { h = (h ^ v) * 0x100000001b3ULL; }

static int sum(int n, ...) {
    va_list ap; va_start(ap, n);
    int s = 0;
    for (int i = 0; i < n; i++) s += va_arg(ap, int);
    va_end(ap);
    return s;
}

static long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static int classify(int c) {
    switch (c) {
        case 0: return 10; case 1: return 21; case 2: return 32; case 3: return 43; case 4: return 54;
        case 5: return 65; case 6: return 76; case 7: return 87; case 8: return 98; default: return -1;
    }
}

static void deep(int n) { if (n == 0) longjmp(env, 42); deep(n - 1); }

struct bits { unsigned a : 3, b : 7, c : 13; int d : 9; };

static int cmpu(const void *x, const void *y) {
    uint32_t p = *(const uint32_t *) x, q = *(const uint32_t *) y;
    return p < q ? -1 : p > q;
}

int main(void) {
    int r = setjmp(env);
    if (r == 0) deep(50);
    printf("longjmp returned %d\n", r);
    printf("sum %d fib %ld\n", sum(5, 1, 2, 3, 4, 5), fib(25));
    int (*fp[2])(int) = {classify, abs};
    for (int i = -2; i < 12; i++) mix((uint64_t) fp[i & 1](i));
    unsigned __int128 big = 1;
    for (int i = 0; i < 30; i++) big = big * 0x9E3779B97F4A7C15ULL + i;
    printf("u128 %016llx%016llx\n", (unsigned long long) (big >> 64), (unsigned long long) big);
    __int128 sb = -((__int128) 1 << 100) / 7;
    printf("i128/ %lld %llu\n", (long long) (sb >> 64), (unsigned long long) sb);
    struct bits b = {5, 100, 5000, -77};
    b.c += b.a * 3; b.d -= 1;
    printf("bits %u %u %u %d\n", b.a, b.b, b.c, b.d);
    long double ld = 1.0L;
    for (int i = 1; i < 30; i++) ld = ld * 1.1L + 1.0L / i;
    printf("ld %.18Lg %La\n", ld, ld);
    printf("strtold %.18Lg\n", strtold("2.718281828459045235360287", NULL));
    uint32_t v[500];
    for (int i = 0; i < 500; i++) v[i] = (uint32_t) (i * 2654435761u);
    qsort(v, 500, 4, cmpu);
    uint32_t key = v[123];
    uint32_t *f = bsearch(&key, v, 500, 4, cmpu);
    printf("bsearch %ld\n", (long) (f - v));
    char buf[4096] = "";
    for (int i = 0; i < 200; i++) { char t[32]; snprintf(t, sizeof t, "%x,", i * i); strcat(buf, t); }
    for (size_t i = 0; i < strlen(buf); i++) mix((uint64_t) buf[i]);
    printf("checksum %016llx len %zu\n", (unsigned long long) h, strlen(buf));
    return 0;
}
