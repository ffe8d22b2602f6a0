/* startup [N]: prints one line and exits - the cost of starting and ending a glibc process
 * (ELF loading, glibc's start-up: TLS, IRELATIVE relocations, stdio) and nothing else.
 * A baseline, not a benchmark: side-by-side.sh lists it apart and leaves it out of the
 * geometric means. Under jvmx it is mostly the JVM's own start-up. */
#include "bench.h"

int main(int argc, char **argv)
{
    long n = bench_size(argc, argv, 1);
    printf("startup: n=%ld\n", n);
    return 0;
}
