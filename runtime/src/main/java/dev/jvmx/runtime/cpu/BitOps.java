package dev.jvmx.runtime.cpu;

import static dev.jvmx.runtime.cpu.LazyFlags.mask;
import static dev.jvmx.runtime.cpu.LazyFlags.szp;
import static dev.jvmx.x86.Flags.CF;
import static dev.jvmx.x86.Flags.STATUS;
import static dev.jvmx.x86.Flags.ZF;

/**
 * Bit tests and scans, population count, byte swap (SDM Vol. 2A "BT/BTS/BTR/BTC", "BSF", "BSR",
 * "POPCNT", "LZCNT", "TZCNT", "BSWAP").
 */
public final class BitOps {
    private BitOps() {}

    /** BT/BTS/BTR/BTC kinds, in the /digit order of 0F BA /4../7. */
    public enum BitTest { BT, BTS, BTR, BTC }

    /**
     * Tests bit {@code bit} (already reduced to the operand width) of {@code v}: CF = the bit;
     * returns the new value (unchanged for BT). OF SF AF PF are undefined: Intel leaves them.
     */
    public static long bitTest(CpuState s, BitTest kind, long v, int bit) {
        s.setStatus(CF, (v >>> bit & 1) != 0 ? CF : 0);
        return switch (kind) {
            case BT -> v;
            case BTS -> bts(v, bit);
            case BTR -> btr(v, bit);
            case BTC -> btc(v, bit);
        };
    }

    /*
     * The value BTS, BTR, BTC leave: pure, so generated code calls them with the bit tested
     * apart (CF is bit {@code bit} of {@code v} before).
     */

    public static long bts(long v, int bit) {
        return v | 1L << bit;
    }

    public static long btr(long v, int bit) {
        return v & ~(1L << bit);
    }

    public static long btc(long v, int bit) {
        return v ^ 1L << bit;
    }

    /**
     * BSF: index of the lowest set bit; for a zero source ZF=1 and the destination is unchanged
     * ({@code old} is returned). CF OF SF AF PF undefined (Intel: see {@link #scanStatus}).
     */
    public static long bsf(CpuState s, long src, long old, int size) {
        src &= mask(size);
        s.setStatus(STATUS, bsfStatus(src, size));
        return src == 0 ? old : Long.numberOfTrailingZeros(src);
    }

    /** BSR: index of the highest set bit; zero source as for {@link #bsf}. */
    public static long bsr(CpuState s, long src, long old, int size) {
        src &= mask(size);
        s.setStatus(STATUS, bsrStatus(src, size));
        return src == 0 ? old : 63 - Long.numberOfLeadingZeros(src);
    }

    /*
     * The status flags of BSF/BSR/TZCNT/LZCNT/POPCNT of a source masked to its size: pure, so
     * generated code computes them only where something reads them.
     */

    public static int bsfStatus(long src, int size) {
        return scanStatus(src == 0, src == 0 ? 0 : Long.numberOfTrailingZeros(src), size);
    }

    public static int bsrStatus(long src, int size) {
        return scanStatus(src == 0, src == 0 ? 0 : 63 - Long.numberOfLeadingZeros(src), size);
    }

    /** Undefined flags of BSF/BSR as Intel cores set them: ZF = (source == 0), PF from the index (0 if none), rest clear. */
    private static int scanStatus(boolean zero, long index, int size) {
        return (zero ? ZF : 0) | (szp(index, size) & dev.jvmx.x86.Flags.PF);
    }

    /** TZCNT (BMI1): count of trailing zeros, {@code size} for 0; CF = (src == 0), ZF = (result == 0). */
    public static long tzcnt(CpuState s, long src, int size) {
        src &= mask(size);
        s.setStatus(STATUS, tzcntStatus(src, size));
        return src == 0 ? size : Long.numberOfTrailingZeros(src);
    }

    public static int tzcntStatus(long src, int size) {
        return (src == 0 ? CF : 0) | ((src & 1) != 0 ? ZF : 0);
    }

    /** LZCNT (ABM): count of leading zeros, {@code size} for 0; CF = (src == 0), ZF = (result == 0). */
    public static long lzcnt(CpuState s, long src, int size) {
        src &= mask(size);
        s.setStatus(STATUS, lzcntStatus(src, size));
        return src == 0 ? size : Long.numberOfLeadingZeros(src) - (64 - size);
    }

    public static int lzcntStatus(long src, int size) {
        return (src == 0 ? CF : 0) | (((src >>> (size - 1)) & 1) != 0 ? ZF : 0);
    }

    /** POPCNT: OF SF AF CF PF cleared, ZF = (src == 0). */
    public static long popcnt(CpuState s, long src, int size) {
        src &= mask(size);
        s.setStatus(STATUS, popcntStatus(src));
        return Long.bitCount(src);
    }

    public static int popcntStatus(long src) {
        return src == 0 ? ZF : 0;
    }

    /** BSWAP r32/r64 (a 16-bit operand gives an undefined result; Intel zeroes it). */
    public static long bswap(long v, int size) {
        return switch (size) {
            case 64 -> Long.reverseBytes(v);
            case 32 -> Integer.reverseBytes((int) v) & 0xFFFF_FFFFL;
            default -> 0;
        };
    }

    /** Parity/zero/sign helper kept for callers that need SETcc-style flags of a value. */
    public static int flagsOf(long v, int size) { return szp(v, size); }
}
