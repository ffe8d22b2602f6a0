package dev.jvmx.runtime.cpu;

/**
 * SSE/SSE2 floating point on raw IEEE bit patterns (so NaN payloads survive): arithmetic,
 * MIN/MAX, SQRT, compares and conversions, with the x86 NaN rules of SDM Vol. 1 §4.8.3.5
 * (Table 4-7): a NaN operand propagates quieted, the first (destination) operand's NaN wins,
 * and an invalid operation without NaN inputs yields the default "real indefinite" QNaN
 * (0xFFF8000000000000 / 0xFFC00000). Integer results of invalid conversions are the integer
 * indefinite 0x80000000 / 0x8000000000000000.
 *
 * <p>Rounding: arithmetic rounds to nearest even (MXCSR.RC other than 00 is not modelled yet for
 * arithmetic; conversions to integer honour it). MXCSR exception flags and DAZ/FTZ are not
 * modelled yet.
 */
public final class SseFloat {
    private SseFloat() {}

    public enum Op { ADD, SUB, MUL, DIV, MIN, MAX, SQRT }

    public static final long DEFAULT_NAN64 = 0xFFF8_0000_0000_0000L;
    public static final int DEFAULT_NAN32 = 0xFFC0_0000;
    private static final long QUIET64 = 0x0008_0000_0000_0000L;
    private static final int QUIET32 = 0x0040_0000;

    static boolean isNaN64(long b) { return (b & 0x7FFF_FFFF_FFFF_FFFFL) > 0x7FF0_0000_0000_0000L; }

    static boolean isNaN32(int b) { return (b & 0x7FFF_FFFF) > 0x7F80_0000; }

    /** {@code a op b} on doubles; {@code a} is the first (destination) operand. SQRT uses {@code b}. */
    public static long binary64(Op op, long a, long b) {
        if (op == Op.MIN || op == Op.MAX) {
            double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
            return (op == Op.MIN ? x < y : x > y) ? a : b; // NaNs and equal zeros give the source
        }
        if (op == Op.SQRT) {
            if (isNaN64(b)) return b | QUIET64;
            double r = Math.sqrt(Double.longBitsToDouble(b));
            return Double.isNaN(r) ? DEFAULT_NAN64 : Double.doubleToRawLongBits(r);
        }
        if (isNaN64(a)) return a | QUIET64;
        if (isNaN64(b)) return b | QUIET64;
        double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
        double r = switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            default -> x / y;
        };
        return Double.isNaN(r) ? DEFAULT_NAN64 : Double.doubleToRawLongBits(r);
    }

    /** {@code a op b} on floats (bits in the low 32 bits). */
    public static int binary32(Op op, int a, int b) {
        if (op == Op.MIN || op == Op.MAX) {
            float x = Float.intBitsToFloat(a), y = Float.intBitsToFloat(b);
            return (op == Op.MIN ? x < y : x > y) ? a : b;
        }
        if (op == Op.SQRT) {
            if (isNaN32(b)) return b | QUIET32;
            float r = (float) Math.sqrt(Float.intBitsToFloat(b)); // exact: double sqrt then one rounding
            return Float.isNaN(r) ? DEFAULT_NAN32 : Float.floatToRawIntBits(r);
        }
        if (isNaN32(a)) return a | QUIET32;
        if (isNaN32(b)) return b | QUIET32;
        float x = Float.intBitsToFloat(a), y = Float.intBitsToFloat(b);
        float r = switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            default -> x / y;
        };
        return Float.isNaN(r) ? DEFAULT_NAN32 : Float.floatToRawIntBits(r);
    }

    /**
     * CMPxx predicate 0..7 (EQ LT LE UNORD NEQ NLT NLE ORD; SDM "CMPSD", Table 3-1): true when
     * the comparison holds. Unordered operands satisfy only UNORD, NEQ, NLT, NLE.
     */
    public static boolean compare(double x, double y, int predicate) {
        boolean unordered = Double.isNaN(x) || Double.isNaN(y);
        return switch (predicate & 7) {
            case 0 -> x == y;
            case 1 -> x < y;
            case 2 -> x <= y;
            case 3 -> unordered;
            case 4 -> !(x == y);
            case 5 -> !(x < y);
            case 6 -> !(x <= y);
            default -> !unordered;
        };
    }

    /** COMISx/UCOMISx result flags: unordered ZF PF CF = 111, less 001, equal 100, greater 000. */
    public static int comparisonFlags(double x, double y) {
        if (Double.isNaN(x) || Double.isNaN(y)) return dev.jvmx.x86.Flags.ZF | dev.jvmx.x86.Flags.PF | dev.jvmx.x86.Flags.CF;
        if (x < y) return dev.jvmx.x86.Flags.CF;
        return x == y ? dev.jvmx.x86.Flags.ZF : 0;
    }

    /** CVT(T)SD2SI / CVT(T)SS2SI: {@code rc} is MXCSR.RC (0 nearest, 1 down, 2 up, 3 truncate). */
    public static long toInt(double d, int bits, int rc) {
        long indefinite = 1L << (bits - 1);
        if (Double.isNaN(d)) return bits == 64 ? indefinite : indefinite & 0xFFFF_FFFFL;
        double r = switch (rc & 3) {
            case 0 -> Math.rint(d);
            case 1 -> Math.floor(d);
            case 2 -> Math.ceil(d);
            default -> d < 0 ? Math.ceil(d) : Math.floor(d);
        };
        double limit = bits == 64 ? 0x1p63 : 0x1p31;
        if (r < -limit || r >= limit) return bits == 64 ? indefinite : indefinite & 0xFFFF_FFFFL;
        long v = (long) r;
        return bits == 64 ? v : v & 0xFFFF_FFFFL;
    }

    /** CVTSD2SS: one rounding to nearest; a NaN keeps its sign and top payload bits, quieted. */
    public static int toFloat(long bits) {
        if (isNaN64(bits)) {
            return (int) ((bits >>> 32) & 0x8000_0000L) | 0x7FC0_0000 | (int) ((bits >>> 29) & 0x003F_FFFF);
        }
        return Float.floatToRawIntBits((float) Double.longBitsToDouble(bits));
    }

    /** CVTSS2SD: exact; a NaN keeps its sign and payload, quieted. */
    public static long toDouble(int bits) {
        if (isNaN32(bits)) {
            return ((long) (bits & 0x8000_0000) << 32) | 0x7FF8_0000_0000_0000L | ((long) (bits & 0x003F_FFFF) << 29);
        }
        return Double.doubleToRawLongBits(Float.intBitsToFloat(bits));
    }

    /** MXCSR.RC, bits 14:13. */
    public static int roundingControl(CpuState s) {
        return (s.mxcsr >> 13) & 3;
    }
}
