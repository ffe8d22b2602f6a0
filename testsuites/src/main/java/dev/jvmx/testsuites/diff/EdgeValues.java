package dev.jvmx.testsuites.diff;

import java.util.random.RandomGenerator;

/**
 * Operand values biased to where implementations go wrong: 0, ±1, the sign boundaries and
 * all-ones of every operand width, small shift counts; for floating point ±0, ±∞, quiet and
 * signalling NaNs of both signs, denormals, the smallest and largest normals, ±1.
 * Roughly three values in four come from these lists, the rest are uniformly random.
 */
public final class EdgeValues {
    private static final long[] INTEGERS = {
        0, 1, 2, -1, -2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x1_0000,
        0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, 0x1_0000_0000L,
        Long.MAX_VALUE, Long.MIN_VALUE, 0xFFFF_FFFF_FFFF_FF80L, 0xFFFF_FFFF_FFFF_8000L, 0xFFFF_FFFF_8000_0000L,
        0x5555_5555_5555_5555L, 0xAAAA_AAAA_AAAA_AAAAL, 0x8000_0000_0000_0001L,
    };
    private static final int[] FLOATS = {
        0x0000_0000, 0x8000_0000, 0x3F80_0000, 0xBF80_0000, 0x7F80_0000, 0xFF80_0000,
        0x7FC0_0000, 0xFFC0_0000, 0x7FA0_0000, 0xFFA0_0001, 0x0000_0001, 0x007F_FFFF, 0x8000_0001,
        0x0080_0000, 0x7F7F_FFFF, 0xFF7F_FFFF, 0x4F00_0000, 0xCF00_0000, 0x3F00_0000,
    };
    private static final long[] DOUBLES = {
        0, Long.MIN_VALUE, 0x3FF0_0000_0000_0000L, 0xBFF0_0000_0000_0000L, 0x7FF0_0000_0000_0000L,
        0xFFF0_0000_0000_0000L, 0x7FF8_0000_0000_0000L, 0xFFF8_0000_0000_0000L, 0x7FF4_0000_0000_0000L,
        0xFFF0_0000_0000_0001L, 1, 0x000F_FFFF_FFFF_FFFFL, 0x8000_0000_0000_0001L, 0x0010_0000_0000_0000L,
        0x7FEF_FFFF_FFFF_FFFFL, 0x43E0_0000_0000_0000L, 0xC3E0_0000_0000_0000L, 0x41E0_0000_0000_0000L,
    };

    private EdgeValues() {}

    /** A 64-bit integer; edge values appear sign- and zero-extended from every width. */
    public static long integer(RandomGenerator r) {
        int pick = r.nextInt(8);
        if (pick < 2) return r.nextLong();
        if (pick == 2) return r.nextInt(66);                             // shift and rotate counts
        long v = INTEGERS[r.nextInt(INTEGERS.length)];
        return switch (r.nextInt(4)) {                                   // the value at a random width
            case 0 -> v & 0xFF | (r.nextBoolean() ? r.nextLong() & ~0xFFL : 0);
            case 1 -> v & 0xFFFF | (r.nextBoolean() ? r.nextLong() & ~0xFFFFL : 0);
            case 2 -> v & 0xFFFF_FFFFL | (r.nextBoolean() ? r.nextLong() << 32 : 0);
            default -> v;
        };
    }

    /** An immediate of {@code bytes} bytes, as its little-endian value. */
    public static long immediate(RandomGenerator r, int bytes) {
        long v = integer(r);
        return bytes == 8 ? v : v & ((1L << (8 * bytes)) - 1);
    }

    public static int float32(RandomGenerator r) {
        return r.nextInt(4) == 0 ? r.nextInt() : FLOATS[r.nextInt(FLOATS.length)];
    }

    public static long float64(RandomGenerator r) {
        return r.nextInt(4) == 0 ? r.nextLong() : DOUBLES[r.nextInt(DOUBLES.length)];
    }

    /** 128 bits as {low, high}: four floats, two doubles or integer lanes, chosen at random. */
    public static long[] xmm(RandomGenerator r) {
        return switch (r.nextInt(3)) {
            case 0 -> new long[] {pair(float32(r), float32(r)), pair(float32(r), float32(r))};
            case 1 -> new long[] {float64(r), float64(r)};
            default -> new long[] {integer(r), integer(r)};
        };
    }

    /**
     * An MXCSR: usually the reset value 0x1F80 (all exceptions masked, round to nearest); else a
     * random rounding mode (bits 14:13) with DAZ (bit 6) and FTZ (bit 15) at random, and rarely an
     * unmasked exception so that #XM is covered.
     */
    public static int mxcsr(RandomGenerator r) {
        if (r.nextInt(3) != 0) return 0x1F80;
        int m = 0x1F80 | r.nextInt(4) << 13;
        if (r.nextBoolean()) m |= 1 << 6;
        if (r.nextBoolean()) m |= 1 << 15;
        if (r.nextInt(16) == 0) m &= ~(1 << (7 + r.nextInt(6)));
        return m;
    }

    /**
     * An 80-bit extended value as 10 little-endian bytes (SDM Vol. 1 §4.2.2, Table 4-3):
     * usually a {@link #float64} edge value widened exactly, sometimes a raw encoding with a
     * random exponent, including the unsupported pseudo-NaN/unnormal forms (integer bit clear).
     */
    public static byte[] float80(RandomGenerator r) {
        long mantissa;
        int signExp;
        if (r.nextInt(4) == 0) {
            mantissa = r.nextLong();
            signExp = switch (r.nextInt(4)) {
                case 0 -> 0x7FFF;                                     // infinities and NaNs
                case 1 -> 0;                                          // zero, denormals, pseudo-denormals
                default -> 0x3FFF + r.nextInt(129) - 64;              // around 1.0
            } | (r.nextBoolean() ? 0x8000 : 0);
            return encode80(signExp, mantissa);
        }
        return widen(float64(r));
    }

    /** The 80-bit extended value equal to the double with these bits (NaN payloads kept, not quieted). */
    public static byte[] widen(long d) {
        int exp = (int) (d >>> 52) & 0x7FF;
        long frac = d & 0xF_FFFF_FFFF_FFFFL;
        int signExp;
        long mantissa;
        if (exp == 0x7FF) {
            signExp = 0x7FFF;
            mantissa = Long.MIN_VALUE | frac << 11;
        } else if (exp == 0 && frac == 0) {
            signExp = 0;
            mantissa = 0;
        } else if (exp == 0) {                                        // double denormal: normal here
            int shift = Long.numberOfLeadingZeros(frac) - 11;
            signExp = 0x3FFF - 1022 - shift;
            mantissa = frac << (11 + shift);
        } else {
            signExp = exp - 1023 + 0x3FFF;
            mantissa = Long.MIN_VALUE | frac << 11;
        }
        return encode80(signExp | (d < 0 ? 0x8000 : 0), mantissa);
    }

    private static byte[] encode80(int signExp, long mantissa) {
        byte[] b = new byte[10];
        for (int i = 0; i < 8; i++) b[i] = (byte) (mantissa >>> (8 * i));
        b[8] = (byte) signExp;
        b[9] = (byte) (signExp >>> 8);
        return b;
    }

    /**
     * An x87 state: 0..8 values pushed (TOP and the abridged tags consistent with that), and
     * usually the FNINIT control word, else random precision (bits 9:8) and rounding (11:10)
     * control, rarely with an exception unmasked so that #MF is covered.
     */
    public static X87State x87(RandomGenerator r) {
        int depth = r.nextInt(9);
        int top = (8 - depth) & 7;
        byte[] st = new byte[80];
        int tags = 0;
        for (int i = 0; i < depth; i++) {
            System.arraycopy(float80(r), 0, st, 10 * i, 10);
            tags |= 1 << ((top + i) & 7);
        }
        int fcw = 0x037F;
        if (r.nextInt(3) == 0) fcw = 0x007F | r.nextInt(4) << 8 | r.nextInt(4) << 10;
        if (r.nextInt(16) == 0) fcw &= ~(1 << r.nextInt(6));
        return new X87State(fcw, top << 11, tags, st);
    }

    private static long pair(int low, int high) {
        return (low & 0xFFFF_FFFFL) | (long) high << 32;
    }
}
