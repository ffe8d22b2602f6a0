/* sort [ROUNDS]: quicksort (median of three, insertion sort below 16) of 1,000,000
 * pseudo-random 32-bit ints, ROUNDS times with fresh data. Measures: unpredictable
 * data-dependent branches, recursion and swaps over a 4 MB array. */
#include "bench.h"

#define N 1000000

static void insertion(int32_t *a, long lo, long hi)
{
    for (long i = lo + 1; i <= hi; i++) {
        int32_t v = a[i];
        long j = i - 1;
        while (j >= lo && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static void swap(int32_t *a, long i, long j)
{
    int32_t t = a[i];
    a[i] = a[j];
    a[j] = t;
}

static void quicksort(int32_t *a, long lo, long hi)
{
    while (hi - lo >= 16) {
        long mid = lo + (hi - lo) / 2;
        if (a[mid] < a[lo]) swap(a, mid, lo);
        if (a[hi] < a[lo]) swap(a, hi, lo);
        if (a[hi] < a[mid]) swap(a, hi, mid);
        int32_t pivot = a[mid];
        long i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j) {
                swap(a, i, j);
                i++;
                j--;
            }
        }
        /* recurse into the smaller side, loop on the larger: stack depth O(log n) */
        if (j - lo < hi - i) {
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
    insertion(a, lo, hi);
}

int main(int argc, char **argv)
{
    long rounds = bench_size(argc, argv, 40);
    int32_t *a = malloc(N * sizeof *a);
    BENCH_CHECK(a != NULL, "malloc");
    uint64_t seed = 0xB7E151628AED2A6BULL, digest = 0;
    for (long r = 0; r < rounds; r++) {
        uint64_t before = 0, after = 0;
        for (long i = 0; i < N; i++) {
            a[i] = (int32_t)bench_rand(&seed);
            before += (uint32_t)a[i];
        }
        quicksort(a, 0, N - 1);
        for (long i = 0; i < N; i++) {
            after += (uint32_t)a[i];
            if (i > 0)
                BENCH_CHECK(a[i - 1] <= a[i], "sorted");
        }
        BENCH_CHECK(before == after, "a permutation of the input");
        digest = digest * 1000003 + (uint32_t)a[N / 3] + ((uint64_t)(uint32_t)a[N / 2] << 32);
    }
    printf("sort: rounds=%ld n=%d min=%d max=%d digest=%016llx\n", rounds, N, a[0], a[N - 1],
           (unsigned long long)digest);
    return 0;
}
