package dev.jvmx.runtime.cpu;

/**
 * CPUID leaf 4 (deterministic cache parameters) and leaf 0xB (x2APIC topology) of the
 * {@link CpuModel}: one core, one thread, L1d 32K/8-way, L1i 32K/8-way, L2 1M/16-way,
 * L3 8M/16-way, 64-byte lines. SDM Vol. 2A "CPUID", Table 3-8, leaves 04H and 0BH.
 */
final class CacheLeaves {
    private CacheLeaves() {}

    /**
     * EAX[4:0] type (1 data, 2 instruction, 3 unified), [7:5] level, [8] self-initialising;
     * EBX[11:0] line size - 1, [21:12] partitions - 1, [31:22] ways - 1; ECX sets - 1.
     */
    static int[] leaf4(int subleaf) {
        return switch (subleaf) {
            case 0 -> cache(1, 1, 32 << 10, 8);
            case 1 -> cache(2, 1, 32 << 10, 8);
            case 2 -> cache(3, 2, 1 << 20, 16);
            case 3 -> cache(3, 3, 8 << 20, 16);
            default -> new int[4];
        };
    }

    private static int[] cache(int type, int level, int bytes, int ways) {
        int line = 64;
        int sets = bytes / (ways * line);
        return new int[] {type | level << 5 | 1 << 8, (ways - 1) << 22 | (line - 1), sets - 1, 0};
    }

    /** Leaf 0xB: level 0 SMT (1 thread), level 1 core (1 core), then an invalid level. */
    static int[] leafB(int subleaf) {
        return switch (subleaf) {
            case 0 -> new int[] {0, 1, 1 << 8, 0};
            case 1 -> new int[] {0, 1, 2 << 8 | 1, 0};
            default -> new int[] {0, 0, subleaf & 0xFF, 0};
        };
    }
}
