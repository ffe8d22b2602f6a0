/* Shared helpers for the benchmark workloads: size argument, a deterministic PRNG and a
 * self-check that fails the run (exit 1) so a wrong translation cannot pass silently.
 * Every workload prints one result line; side-by-side.sh compares it with the native run. */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* argv[1] as a positive count, or def when absent; exit 2 on a bad argument. */
static long bench_size(int argc, char **argv, long def)
{
    if (argc < 2)
        return def;
    char *end;
    long n = strtol(argv[1], &end, 10);
    if (*argv[1] == '\0' || *end != '\0' || n <= 0) {
        fprintf(stderr, "usage: %s [SIZE]  (SIZE a positive integer, default %ld)\n", argv[0], def);
        exit(2);
    }
    return n;
}

/* xorshift64*: small, fast, the same sequence on every machine. */
static inline uint64_t bench_rand(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

#define BENCH_CHECK(cond, what)                                                  \
    do {                                                                         \
        if (!(cond)) {                                                           \
            fprintf(stderr, "SELF-CHECK FAILED: %s (%s:%d)\n", what, __FILE__,   \
                    __LINE__);                                                   \
            exit(1);                                                             \
        }                                                                        \
    } while (0)

#endif
