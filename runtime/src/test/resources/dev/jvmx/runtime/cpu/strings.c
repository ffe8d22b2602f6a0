/*
 * Exercises the C library's string and memory functions (whose variants glibc picks from CPUID)
 * over many lengths and alignments, plus printf formatting, qsort, malloc and 64-bit arithmetic.
 * Prints checksums; the test compares the output with a native run of the same binary.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char a[1024 + 64], b[1024 + 64];
static uint64_t h = 1469598103934665603ULL;

static void mix(uint64_t v) { h = (h ^ v) * 1099511628211ULL; }

static int cmp(const void *x, const void *y) {
    long p = *(const long *) x, q = *(const long *) y;
    return (p > q) - (p < q);
}

int main(int argc, char **argv) {
    for (int i = 0; i < (int) sizeof a; i++) a[i] = (unsigned char) (i * 7 + 1), b[i] = (unsigned char) (i * 7 + 1);
    for (int align = 0; align < 16; align += 3) {
        for (int len = 0; len < 300; len += (len < 40 ? 1 : 17)) {
            unsigned char *p = a + align, *q = b + (align * 5 % 16);
            memset(p, 'x', len);
            p[len] = 0;
            mix(strlen((char *) p));
            memcpy(q, p, len + 1);
            mix(memcmp(p, q, len + 1) == 0);
            mix(strcmp((char *) p, (char *) q) == 0);
            if (len > 0) {
                q[len / 2] = 'y';
                mix(memcmp(p, q, len) > 0);
                mix(strcmp((char *) p, (char *) q) < 0);
                mix((uint64_t) ((char *) memchr(q, 'y', len) - (char *) q));
                mix((uint64_t) (strchr((char *) q, 'y') - (char *) q));
                mix((uint64_t) (strrchr((char *) q, 'x') - (char *) q));
                mix(strncmp((char *) p, (char *) q, len / 2) == 0);
            }
            mix(strchr((char *) p, 'z') == NULL);
            memmove(q + 1, q, len);
            mix(q[len]);
            mix(strnlen((char *) p, len / 2 + 1));
        }
    }
    printf("string checksum %016llx\n", (unsigned long long) h);

    char buf[256];
    snprintf(buf, sizeof buf, "%d %u %ld %lx %o %c %s %5.3s|%-6d|%+d %%", -42, 42u, -1234567890123L, 0xdeadbeefcafeL, 0755, 'Q',
             "str", "truncate", 7, 9);
    puts(buf);
    mix(strtol("-123456", NULL, 10));
    mix(strtoul("ffff", NULL, 16));

    long v[200];
    for (int i = 0; i < 200; i++) v[i] = (long) ((i * 2654435761u) % 1000) - 500;
    qsort(v, 200, sizeof v[0], cmp);
    for (int i = 0; i < 200; i++) mix((uint64_t) v[i]);

    char *m[64];
    for (int i = 0; i < 64; i++) { m[i] = malloc((size_t) i * 37 + 1); memset(m[i], i, (size_t) i * 37 + 1); }
    for (int i = 0; i < 64; i += 2) free(m[i]);
    for (int i = 1; i < 64; i += 2) mix((unsigned char) m[i][i * 37]);

    uint64_t x = 0x123456789abcdefULL;
    for (int i = 0; i < 1000; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        mix(x / (i + 1) + x % 97 + (uint64_t) ((int64_t) x >> 17) + __builtin_popcountll(x) + __builtin_ctzll(x | 1) + __builtin_clzll(x | 1));
        mix((uint64_t) ((__int128) x * (__int128) (int64_t) (x ^ 0x5555) >> 64));
    }
    printf("argc %d argv0-len %zu checksum %016llx\n", argc, strlen(argv[0]) > 0, (unsigned long long) h);
    return (int) (h & 0x3F);
}
