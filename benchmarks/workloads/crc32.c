/* crc32 [PASSES]: table-driven CRC-32 (IEEE 802.3, reflected, poly 0xEDB88320) over a 64 KiB
 * pseudo-random buffer, PASSES times, each pass continuing the previous CRC.
 * Measures: a tight integer loop of loads, shifts, xors and a table lookup (L1-resident). */
#include "bench.h"
#include <string.h>

#define BUF_SIZE (64 * 1024)

static uint32_t table[256];

static void crc32_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
}

static uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    for (size_t i = 0; i < n; i++)
        crc = table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

int main(int argc, char **argv)
{
    long passes = bench_size(argc, argv, 20000);
    static uint8_t buf[BUF_SIZE];
    uint64_t seed = 0x9E3779B97F4A7C15ULL;

    crc32_init();
    BENCH_CHECK(crc32_update(0, (const uint8_t *)"123456789", 9) == 0xCBF43926u,
                "CRC-32 of \"123456789\"");
    for (size_t i = 0; i < BUF_SIZE; i += 8) {
        uint64_t r = bench_rand(&seed);
        memcpy(buf + i, &r, 8);
    }
    uint32_t crc = 0;
    for (long p = 0; p < passes; p++)
        crc = crc32_update(crc, buf, BUF_SIZE);
    printf("crc32: passes=%ld bytes=%ld crc=%08x\n", passes, passes * (long)BUF_SIZE, crc);
    return 0;
}
