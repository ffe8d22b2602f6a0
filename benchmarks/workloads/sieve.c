/* sieve [PASSES]: sieve of Eratosthenes over a 4 MiB byte array (numbers below 4,194,304),
 * PASSES times. Measures: memory streaming with large strides (each prime p clears every p-th
 * byte), which defeats caches and a small software TLB, plus a linear counting sweep. */
#include "bench.h"
#include <string.h>

#define LIMIT (4 * 1024 * 1024)

static long sieve(uint8_t *composite, long limit)
{
    memset(composite, 0, (size_t)limit);
    for (long p = 2; p * p < limit; p++)
        if (!composite[p])
            for (long m = p * p; m < limit; m += p)
                composite[m] = 1;
    long count = 0;
    for (long i = 2; i < limit; i++)
        count += !composite[i];
    return count;
}

int main(int argc, char **argv)
{
    long passes = bench_size(argc, argv, 230);
    uint8_t *composite = malloc(LIMIT);
    BENCH_CHECK(composite != NULL, "malloc");
    BENCH_CHECK(sieve(composite, 1000000) == 78498, "pi(10^6) = 78498");
    long count = 0, total = 0;
    for (long p = 0; p < passes; p++) {
        count = sieve(composite, LIMIT);
        total += count;
    }
    BENCH_CHECK(total == count * passes, "every pass counts the same primes");
    /* a digest of which numbers are prime, so a wrong store shows even if the count is right */
    uint64_t digest = 0;
    for (long i = 0; i < LIMIT; i++)
        digest = digest * 31 + composite[i];
    printf("sieve: passes=%ld limit=%d primes=%ld digest=%016llx\n", passes, LIMIT, count,
           (unsigned long long)digest);
    return 0;
}
