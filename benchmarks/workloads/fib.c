/* fib [N]: naive doubly recursive Fibonacci fib(N). gcc -O2 turns the second call into a loop,
 * which leaves about fib(N) calls (1.1 billion for N = 45), each doing little else.
 * Measures: call/return, stack traffic and the return-address prediction a translator must do
 * (an indirect branch per return). */
#include "bench.h"

static __attribute__((noinline)) uint64_t fib(int n)
{
    return n < 2 ? (uint64_t)n : fib(n - 1) + fib(n - 2);
}

int main(int argc, char **argv)
{
    long n = bench_size(argc, argv, 45);
    BENCH_CHECK(n <= 90, "N at most 90 (fib(N) fits in 64 bits, and recursion would not end)");
    uint64_t a = 0, b = 1;
    for (long i = 0; i < n; i++) {
        uint64_t t = a + b;
        a = b;
        b = t;
    }
    uint64_t r = fib((int)n);
    BENCH_CHECK(r == a, "recursive fib equals iterative fib");
    printf("fib: n=%ld fib=%llu\n", n, (unsigned long long)r);
    return 0;
}
