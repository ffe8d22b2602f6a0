package dev.jvmx.runtime.cpu;

/**
 * PCLMULQDQ (SDM Vol. 2B "PCLMULQDQ"): carry-less multiplication of one quadword of each source,
 * chosen by imm8 bit 0 (first source) and bit 4 (second source), into a 128-bit product.
 */
public final class Clmul {
    private Clmul() {}

    public static long[] pclmulqdq(long[] a, long[] b, int imm) {
        return multiply(a[imm & 1], b[(imm >> 4) & 1]);
    }

    /** The 128-bit carry-less product of two quadwords, {@code {lo, hi}}. */
    public static long[] multiply(long x, long y) {
        long lo = 0, hi = 0;
        for (int i = 0; i < 64; i++) {
            if ((y >>> i & 1) != 0) {
                lo ^= x << i;
                if (i != 0) hi ^= x >>> (64 - i);
            }
        }
        return new long[] {lo, hi};
    }
}
