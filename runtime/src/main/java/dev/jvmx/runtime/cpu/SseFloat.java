package dev.jvmx.runtime.cpu;

/**
 * SSE/SSE2 floating point on raw IEEE bit patterns (so NaN payloads survive): arithmetic,
 * MIN/MAX, SQRT, compares and conversions, with the x86 NaN rules of SDM Vol. 1 §4.8.3.5
 * (Table 4-7): a NaN operand propagates quieted, the first (destination) operand's NaN wins,
 * and an invalid operation without NaN inputs yields the default "real indefinite" QNaN
 * (0xFFF8000000000000 / 0xFFC00000). Integer results of invalid conversions are the integer
 * indefinite 0x80000000 / 0x8000000000000000.
 *
 * <p>The {@code CpuState} overloads of the arithmetic honour MXCSR (rounding control, DAZ, FTZ,
 * sticky flags): under round-to-nearest without DAZ/FTZ, operands and results of moderate
 * exponent run on Java's IEEE arithmetic with PE from an exact residual (TwoSum/FMA); everything
 * else goes through {@link SseExact}. Compares and conversions
 * record their flags too (IE, DE, PE, OE, UE) and honour RC, DAZ and FTZ. Unmasked exceptions
 * (#XM) are not delivered yet: all six are treated as masked.
 */
public final class SseFloat {
    private SseFloat() {}

    public enum Op { ADD, SUB, MUL, DIV, MIN, MAX, SQRT }

    public static final long DEFAULT_NAN64 = 0xFFF8_0000_0000_0000L;
    public static final int DEFAULT_NAN32 = 0xFFC0_0000;
    private static final long QUIET64 = 0x0008_0000_0000_0000L;
    private static final int QUIET32 = 0x0040_0000;

    /**
     * RCPPS/RCPSS ({@code rsqrt} false) and RSQRTPS/RSQRTSS of one single: the SDM promises only a
     * relative error of at most 1.5 * 2^-12 (Vol. 2B "RCPPS", "RSQRTPS"); jvmx returns the
     * correctly rounded value, which is within that bound of any conforming CPU's (the host
     * differential compares these forms to a documented tolerance). Denormal sources count as
     * zeros of their sign, results below 2^-126 flush to zero; a NaN source is returned quiet;
     * RSQRT of a negative number is the default NaN. No MXCSR flag changes.
     */
    public static int approximate32(int x, boolean rsqrt) {
        if (isNaN32(x)) return x | QUIET32;
        int sign = x & 0x8000_0000;
        if ((x & 0x7F80_0000) == 0) return sign | 0x7F80_0000;                  // +-0 and denormals: +-infinity
        if (rsqrt && sign != 0) return DEFAULT_NAN32;
        if ((x & 0x7FFF_FFFF) == 0x7F80_0000) return sign;                        // +-infinity: +-0
        double v = Math.abs((double) Float.intBitsToFloat(x));
        float r = (float) (rsqrt ? 1 / Math.sqrt(v) : 1 / v);
        if (r < Float.MIN_NORMAL) return sign;                                    // tiny: flushed to zero
        return sign | Float.floatToRawIntBits(r);
    }

    static boolean isNaN64(long b) { return (b & 0x7FFF_FFFF_FFFF_FFFFL) > 0x7FF0_0000_0000_0000L; }

    static boolean isNaN32(int b) { return (b & 0x7FFF_FFFF) > 0x7F80_0000; }

    /** Fast path applies under RC=nearest, FTZ=0, DAZ=0 (flag bits may be anything). */
    private static final int FAST_MXCSR_MASK = 0xE040;

    /** ADD..SQRT on doubles with the MXCSR of {@code s} (flags updated). */
    public static long binary64(CpuState s, Op op, long a, long b) {
        if (op == Op.MIN || op == Op.MAX) return minMax64(s, op, a, b);
        int m = s.mxcsr;
        if ((m & FAST_MXCSR_MASK) == 0 && (moderate64(b) || zero64(b) && op != Op.DIV)
                && (op == Op.SQRT || moderate64(a) || zero64(a))) {
            // zeros (not divisors) join the fast path: with a zero operand, or an ADD/SUB that
            // cancels, the IEEE result is exact and raises no flag (SDM Vol. 1 §4.8.3, §11.5.2);
            // no NaN can arise from such operands. Once PE is set, inexactness need not be known.
            double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
            double z = op == Op.ADD ? x + y : op == Op.SUB ? x - y : op == Op.MUL ? x * y : op == Op.DIV ? x / y : Math.sqrt(y);
            long r = Double.doubleToRawLongBits(z);
            if (moderate64(r) || zero64(r)) {
                if ((m & SseExact.PE) == 0 && inexact(op, x, y, z)) s.mxcsr = m | SseExact.PE;
                return r;
            }
        }
        return SseExact.compute(s, op, a, b, F80.DOUBLE, 52);
    }

    /** ADD..SQRT on floats with the MXCSR of {@code s} (flags updated). */
    public static int binary32(CpuState s, Op op, int a, int b) {
        if (op == Op.MIN || op == Op.MAX) return minMax32(s, op, a, b);
        if ((s.mxcsr & FAST_MXCSR_MASK) == 0 && moderate32(b) && (op == Op.SQRT || moderate32(a))
                && (op != Op.ADD && op != Op.SUB || Math.abs(((a >>> 23) & 0xFF) - ((b >>> 23) & 0xFF)) <= 28)) {
            int r = binary32(op, a, b);
            if (moderate32(r)) {
                if ((s.mxcsr & SseExact.PE) != 0) return r; // PE already set: inexactness need not be known
                double x = Float.intBitsToFloat(a), y = Float.intBitsToFloat(b), z = Float.intBitsToFloat(r);
                boolean inexact = switch (op) { // the double sum/product of two such floats is exact
                    case ADD -> z != x + y;
                    case SUB -> z != x - y;
                    default -> inexact(op, x, y, z);
                };
                if (inexact) s.mxcsr |= SseExact.PE;
                return r;
            }
        }
        return (int) SseExact.compute(s, op, a & 0xFFFF_FFFFL, b & 0xFFFF_FFFFL, F80.SINGLE, 23);
    }

    /**
     * Was {@code z = x op y} rounded? Exact residuals (TwoSum for doubles, FMA) on operands and
     * results whose exponents are far from both ends of the range, so no residual underflows or
     * overflows. MUL/DIV/SQRT of floats use the same FMA residuals on the exactly widened values.
     */
    private static boolean inexact(Op op, double x, double y, double z) {
        if (op == Op.ADD || op == Op.SUB) {
            double yy = op == Op.ADD ? y : -y;
            double bv = z - x, av = z - bv;
            return (x - av) + (yy - bv) != 0;
        }
        return op == Op.MUL ? Math.fma(x, y, -z) != 0 : op == Op.DIV ? Math.fma(z, y, -x) != 0 : Math.fma(z, z, -y) != 0;
    }

    /** Finite, nonzero, and with an exponent within +-500 (doubles). */
    static boolean moderate64(long b) {
        long e = (b >>> 52) & 0x7FF;
        return e > 1023 - 500 && e < 1023 + 500;
    }

    /** Finite, nonzero, exponent within +-60 (floats: products and residuals stay exact in double). */
    static boolean moderate32(int b) {
        int e = (b >>> 23) & 0xFF;
        return e > 127 - 60 && e < 127 + 60;
    }

    private static boolean zero64(long b) { return (b << 1) == 0; }

    private static boolean normal64(long b) {
        long e = (b >>> 52) & 0x7FF;
        return e != 0 && e != 0x7FF;
    }

    /** MIN/MAX: any NaN operand raises IE (they are signalling compares); a denormal raises DE unless DAZ reads it as zero. */
    private static long minMax64(CpuState s, Op op, long a, long b) {
        if (isNaN64(a) || isNaN64(b)) s.mxcsr |= SseExact.IE;
        else if (((s.mxcsr & SseExact.DAZ) == 0) && (isDenormal64(a) || isDenormal64(b))) s.mxcsr |= SseExact.DE;
        if ((s.mxcsr & SseExact.DAZ) != 0) {
            a = isDenormal64(a) ? a & 0x8000_0000_0000_0000L : a;
            b = isDenormal64(b) ? b & 0x8000_0000_0000_0000L : b;
        }
        return binary64(op, a, b);
    }

    private static int minMax32(CpuState s, Op op, int a, int b) {
        if (isNaN32(a) || isNaN32(b)) s.mxcsr |= SseExact.IE;
        else if (((s.mxcsr & SseExact.DAZ) == 0) && (isDenormal32(a) || isDenormal32(b))) s.mxcsr |= SseExact.DE;
        if ((s.mxcsr & SseExact.DAZ) != 0) {
            a = isDenormal32(a) ? a & 0x8000_0000 : a;
            b = isDenormal32(b) ? b & 0x8000_0000 : b;
        }
        return binary32(op, a, b);
    }

    static boolean isDenormal64(long b) { return (b & 0x7FF0_0000_0000_0000L) == 0 && (b << 1) != 0; }

    static boolean isDenormal32(int b) { return (b & 0x7F80_0000) == 0 && (b << 1) != 0; }

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
     * CMPxx predicate 0..31 (SDM "VCMPPS", Table 3-1; legacy SSE encodings have only 0..7: EQ LT
     * LE UNORD NEQ NLT NLE ORD): true when the comparison holds. 8..15 are EQ_UQ NGE NGT FALSE
     * NEQ_OQ GE GT TRUE; 16..31 repeat 0..15 with the other signalling behaviour
     * ({@link #signallingPredicate}). Unordered operands satisfy UNORD, NEQ, NLT, NLE, EQ_UQ, NGE, NGT, TRUE.
     */
    public static boolean compare(double x, double y, int predicate) {
        boolean unordered = Double.isNaN(x) || Double.isNaN(y);
        return switch (predicate & 15) {
            case 0 -> x == y;
            case 1 -> x < y;
            case 2 -> x <= y;
            case 3 -> unordered;
            case 4 -> !(x == y);
            case 5 -> !(x < y);
            case 6 -> !(x <= y);
            case 7 -> !unordered;
            case 8 -> unordered || x == y;
            case 9 -> !(x >= y);
            case 10 -> !(x > y);
            case 11 -> false;
            case 12 -> !unordered && x != y;
            case 13 -> x >= y;
            case 14 -> x > y;
            default -> true;
        };
    }

    /** COMISx/UCOMISx result flags: unordered ZF PF CF = 111, less 001, equal 100, greater 000. */
    public static int comparisonFlags(double x, double y) {
        if (Double.isNaN(x) || Double.isNaN(y)) return dev.jvmx.x86.Flags.ZF | dev.jvmx.x86.Flags.PF | dev.jvmx.x86.Flags.CF;
        if (x < y) return dev.jvmx.x86.Flags.CF;
        return x == y ? dev.jvmx.x86.Flags.ZF : 0;
    }

    /** MXCSR.RC, bits 14:13. */
    public static int roundingControl(CpuState s) {
        return (s.mxcsr >> 13) & 3;
    }

    // ---- MXCSR-aware conversions and compare flags (exec handlers call these) ----------------

    /** CVTSD2SS: double bits to float bits under MXCSR. */
    public static int doubleToFloat(CpuState s, long bits) {
        return (int) SseExact.convert(s, bits, F80.DOUBLE, 52, F80.SINGLE, 23);
    }

    /** CVTSS2SD: float bits to double bits (exact; DE/IE/DAZ as MXCSR says). */
    public static long floatToDouble(CpuState s, int bits) {
        return SseExact.convert(s, bits & 0xFFFF_FFFFL, F80.SINGLE, 23, F80.DOUBLE, 52);
    }

    /** CVTSI2SD: a signed integer to double bits, rounded by MXCSR.RC. */
    public static long intToDouble(CpuState s, long v) {
        if (v > -(1L << 53) && v < 1L << 53) return Double.doubleToRawLongBits(v); // exact: no rounding, no flags
        java.math.BigInteger m = java.math.BigInteger.valueOf(v);
        return SseExact.round(s, v < 0, m.abs(), 0, F80.DOUBLE, 52);
    }

    /** CVTSI2SS / CVTDQ2PS: a signed integer to float bits, rounded by MXCSR.RC. */
    public static int intToFloat(CpuState s, long v) {
        if (v > -(1L << 24) && v < 1L << 24) return Float.floatToRawIntBits(v); // exact
        java.math.BigInteger m = java.math.BigInteger.valueOf(v);
        return (int) SseExact.round(s, v < 0, m.abs(), 0, F80.SINGLE, 23);
    }

    /** CVT(T)SD2SI and CVT(T)PD2DQ lanes: {@code truncate} for the T forms, else MXCSR.RC. */
    public static long doubleToInt(CpuState s, long bits, int intBits, boolean truncate) {
        double d = Double.longBitsToDouble(bits);
        if (truncate && Math.abs(d) < 0x1p31 && normal64(bits)) { // common case: in range, no DAZ question
            long t = (long) d;
            if (t != d) s.mxcsr |= SseExact.PE;
            return intBits == 64 ? t : t & 0xFFFF_FFFFL;
        }
        return SseExact.toInt(s, bits, F80.DOUBLE, 52, intBits, truncate ? 3 : roundingControl(s));
    }

    /** CVT(T)SS2SI and CVT(T)PS2DQ lanes. */
    public static long floatToInt(CpuState s, int bits, int intBits, boolean truncate) {
        return SseExact.toInt(s, bits & 0xFFFF_FFFFL, F80.SINGLE, 23, intBits, truncate ? 3 : roundingControl(s));
    }

    /**
     * CMPxx predicates 1 2 5 6 9 10 13 14 (LT LE NLT NLE NGE NGT GE GT) signal on any NaN, the
     * others only on SNaN; predicates 16..31 swap the two behaviours (SDM Table 3-1).
     */
    public static boolean signallingPredicate(int predicate) {
        int p = predicate & 3;
        return (p == 1 || p == 2) != ((predicate & 16) != 0);
    }

    /** Records a compare's IE/DE and returns the operands after DAZ, as doubles. */
    public static double[] compareOperands64(CpuState s, long a, long b, boolean signalling) {
        SseExact.compareFlags(s, a, b, F80.DOUBLE, 52, signalling);
        return new double[] {Double.longBitsToDouble(SseExact.daz(s, a, F80.DOUBLE, 52)),
            Double.longBitsToDouble(SseExact.daz(s, b, F80.DOUBLE, 52))};
    }

    /** Float version of {@link #compareOperands64}. */
    public static double[] compareOperands32(CpuState s, int a, int b, boolean signalling) {
        SseExact.compareFlags(s, a & 0xFFFF_FFFFL, b & 0xFFFF_FFFFL, F80.SINGLE, 23, signalling);
        return new double[] {Float.intBitsToFloat((int) SseExact.daz(s, a & 0xFFFF_FFFFL, F80.SINGLE, 23)),
            Float.intBitsToFloat((int) SseExact.daz(s, b & 0xFFFF_FFFFL, F80.SINGLE, 23))};
    }
}
