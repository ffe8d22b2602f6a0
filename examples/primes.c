/* primes N: prints the primes up to N (default 100), ten to a line, then how many there are.
 * Freestanding (no C library): a sieve of Eratosthenes and our own number formatting.
 * Exit status 0; 2 with a message when N is not a number from 2 to 10000000. */
#include "sys.h"

#define MAX_N 10000000
static unsigned char composite[MAX_N + 1];
static char out[4096];
static int out_len;

static void flush(void) {
    sys_write(1, out, out_len);
    out_len = 0;
}

static void put_char(char c) {
    if (out_len == sizeof out) flush();
    out[out_len++] = c;
}

static void put_num(unsigned long v) {
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char) ('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) put_char(digits[--n]);
}

static void put_text(const char *s) {
    while (*s) put_char(*s++);
}

static int parse(const char *s, unsigned long *v) {
    unsigned long x = 0;
    if (!*s) return 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || x > MAX_N) return 0;
        x = x * 10 + (unsigned long) (*s - '0');
    }
    *v = x;
    return 1;
}

static int primes_main(int argc, char **argv) {
    unsigned long n = 100, count = 0;
    if (argc > 1 && (!parse(argv[1], &n) || n < 2 || n > MAX_N)) {
        put_str(2, "usage: primes N   (N from 2 to 10000000)\n");
        return 2;
    }
    for (unsigned long i = 2; i * i <= n; i++)
        if (!composite[i])
            for (unsigned long j = i * i; j <= n; j += i) composite[j] = 1;
    for (unsigned long i = 2; i <= n; i++) {
        if (composite[i]) continue;
        if (count) put_char(count % 10 == 0 ? '\n' : ' ');
        put_num(i);
        count++;
    }
    put_text("\n");
    put_num(count);
    put_text(" primes up to ");
    put_num(n);
    put_text("\n");
    flush();
    return 0;
}

JVMX_START(primes_main)
