/* strings [ROUNDS]: glibc string functions in loops - memcpy, strlen, strcmp, memchr, memset on
 * buffers from 1 byte to 16 KiB with varied lengths and alignments. Measures: glibc's
 * hand-vectorised (SSE2/AVX2, chosen by CPUID through IFUNC) string routines, i.e. vector
 * instructions and how a translator handles them. */
#include "bench.h"
#include <string.h>

#define BUF 16384

int main(int argc, char **argv)
{
    long rounds = bench_size(argc, argv, 140000);
    static char src[BUF + 64], dst[BUF + 64], other[BUF + 64];
    uint64_t seed = 0x3C6EF372FE94F82BULL, sum = 0;
    for (int i = 0; i < BUF + 64; i++)
        src[i] = (char)('a' + bench_rand(&seed) % 26);
    src[BUF + 63] = '\0';
    BENCH_CHECK(strlen("hello, world") == 12 && strcmp("abc", "abd") < 0, "libc sanity");
    for (long r = 0; r < rounds; r++) {
        for (int k = 0; k < 64; k++) {
            /* lengths from 1 to BUF-1, spread over small and large */
            size_t len = (size_t)((k & 7) == 0 ? 1 + bench_rand(&seed) % 64
                                               : 1 + bench_rand(&seed) % (BUF - 1));
            size_t off = (size_t)(bench_rand(&seed) % 64);
            memcpy(dst, src + off, len);
            dst[len] = '\0';
            size_t n = strlen(dst);
            BENCH_CHECK(n == len, "strlen after memcpy");
            memcpy(other, dst, len + 1);
            size_t at = (size_t)(bench_rand(&seed) % len);
            other[at] = (char)(other[at] == 'z' ? 'a' : other[at] + 1);
            int c = strcmp(dst, other);
            BENCH_CHECK(c != 0 && strcmp(dst, dst) == 0, "strcmp");
            sum += (uint64_t)(c < 0) + n;
            char *hit = memchr(dst, '{', len); /* absent: scans the whole buffer */
            BENCH_CHECK(hit == NULL, "memchr of an absent byte");
            dst[at] = '{';
            hit = memchr(dst, '{', len);
            BENCH_CHECK(hit == dst + at, "memchr finds the byte");
            sum += (uint64_t)(hit - dst);
            memset(other, 'q', len);
            sum += (uint64_t)(unsigned char)other[len / 2];
        }
    }
    printf("strings: rounds=%ld sum=%llu\n", rounds, (unsigned long long)sum);
    return 0;
}
