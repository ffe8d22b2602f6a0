/* list [LAPS]: pointer chasing. 1,048,576 nodes (24 MiB) linked in a pseudo-random order
 * (Fisher-Yates shuffle); walk the whole ring LAPS times summing the payloads. Measures: a chain
 * of dependent loads that miss the caches - load latency and address translation, not ALU work. */
#include "bench.h"

#define NODES (1L << 20)

struct node {
    struct node *next;
    uint64_t value;
    uint64_t pad; /* 24-byte nodes: neighbours straddle cache lines */
};

int main(int argc, char **argv)
{
    long laps = bench_size(argc, argv, 16);
    struct node *nodes = malloc(NODES * sizeof *nodes);
    uint32_t *order = malloc(NODES * sizeof *order);
    BENCH_CHECK(nodes && order, "malloc");
    uint64_t seed = 0x243F6A8885A308D3ULL;
    for (long i = 0; i < NODES; i++)
        order[i] = (uint32_t)i;
    for (long i = NODES - 1; i > 0; i--) {
        long j = (long)(bench_rand(&seed) % (uint64_t)(i + 1));
        uint32_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (long i = 0; i < NODES; i++) {
        struct node *n = &nodes[order[i]];
        n->next = &nodes[order[(i + 1) % NODES]];
        n->value = order[i];
        n->pad = 0;
    }
    struct node *p = &nodes[order[0]];
    uint64_t sum = 0, hash = 0;
    long steps = 0;
    for (long lap = 0; lap < laps; lap++) {
        do {
            sum += p->value;
            hash = (hash ^ p->value) * 0x100000001B3ULL;
            p = p->next;
            steps++;
        } while (p != &nodes[order[0]]);
    }
    BENCH_CHECK(steps == laps * NODES, "every lap visits every node once");
    BENCH_CHECK(sum == (uint64_t)laps * (uint64_t)(NODES * (NODES - 1) / 2), "sum of payloads");
    printf("list: laps=%ld nodes=%ld steps=%ld hash=%016llx\n", laps, NODES, steps,
           (unsigned long long)hash);
    return 0;
}
