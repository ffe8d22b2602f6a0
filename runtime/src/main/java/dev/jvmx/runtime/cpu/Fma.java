package dev.jvmx.runtime.cpu;

/**
 * FMA3 element operations (SDM Vol. 2 "VFMADD132PS" ... "VFNMSUB231SD", Vol. 1 §14.5): one
 * rounding of {@code ±(a * b) ± c} under MXCSR. The operands arrive in instruction order
 * (src1 = the destination, src2 = VEX.vvvv, src3 = r/m); the 132/213/231 suffix picks which two are
 * multiplied: 132 = src1 * src3 + src2, 213 = src2 * src1 + src3, 231 = src2 * src3 + src1.
 *
 * <p>NaNs: an SNaN operand raises IE; the result is the first NaN among the multiplicands in the
 * suffix's order, then the addend (132: src1, src3, src2; 213: src2, src1, src3; 231: src2, src3,
 * src1), quieted and not negated by the FNM/FMSUB variants; 0 * inf + QNaN is that NaN without IE
 * (all host-checked).
 *
 * <p>Fast path: with round-to-nearest, no DAZ/FTZ, PE already set (it is sticky), and operands and
 * result well inside the exponent range, {@link Math#fma} (correctly rounded for nearest) gives the
 * bits and no new flag can arise; otherwise the exact {@link SseExact#fma}.
 */
public final class Fma {
    private Fma() {}

    /** The variants: ADD = a*b + c, SUB = a*b - c, NADD = -(a*b) + c, NSUB = -(a*b) - c. */
    public enum Kind {
        ADD(false, false), SUB(false, true), NADD(true, false), NSUB(true, true);

        final boolean negProduct, negAddend;

        Kind(boolean negProduct, boolean negAddend) {
            this.negProduct = negProduct;
            this.negAddend = negAddend;
        }
    }

    /** Which sources are multiplied: 132, 213 or 231. */
    public static long fma64(CpuState s, int order, Kind k, long src1, long src2, long src3) {
        long a = order == 132 ? src1 : src2, b = order == 213 ? src1 : src3, c = order == 132 ? src2 : order == 213 ? src3 : src1;
        if (SseFloat.isNaN64(a) || SseFloat.isNaN64(b) || SseFloat.isNaN64(c)) return nan(s, a, b, c, 52, 0x7FF0_0000_0000_0000L);
        if ((s.mxcsr & FAST_OFF) == SseExact.PE && SseFloat.moderate64(a) && SseFloat.moderate64(b) && SseFloat.moderate64(c)) {
            double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b), z = Double.longBitsToDouble(c);
            long r = Double.doubleToRawLongBits(Math.fma(k.negProduct ? -x : x, y, k.negAddend ? -z : z));
            if (SseFloat.moderate64(r)) return r;
        }
        return SseExact.fma(s, a, b, c, k.negProduct, k.negAddend, F80.DOUBLE, 52);
    }

    public static int fma32(CpuState s, int order, Kind k, int src1, int src2, int src3) {
        int a = order == 132 ? src1 : src2, b = order == 213 ? src1 : src3, c = order == 132 ? src2 : order == 213 ? src3 : src1;
        if (SseFloat.isNaN32(a) || SseFloat.isNaN32(b) || SseFloat.isNaN32(c)) {
            return (int) nan(s, a & 0xFFFF_FFFFL, b & 0xFFFF_FFFFL, c & 0xFFFF_FFFFL, 23, 0x7F80_0000L);
        }
        if ((s.mxcsr & FAST_OFF) == SseExact.PE && SseFloat.moderate32(a) && SseFloat.moderate32(b) && SseFloat.moderate32(c)) {
            float x = Float.intBitsToFloat(a), y = Float.intBitsToFloat(b), z = Float.intBitsToFloat(c);
            int r = Float.floatToRawIntBits(Math.fma(k.negProduct ? -x : x, y, k.negAddend ? -z : z));
            if (SseFloat.moderate32(r)) return r;
        }
        return (int) SseExact.fma(s, a & 0xFFFF_FFFFL, b & 0xFFFF_FFFFL, c & 0xFFFF_FFFFL, k.negProduct, k.negAddend, F80.SINGLE, 23);
    }

    /** MXCSR bits that must be clear (RC, DAZ, FTZ) and PE that must be set for the fast path. */
    private static final int FAST_OFF = 0x6000 | SseExact.DAZ | SseExact.FTZ | SseExact.PE;

    /** The NaN rules above; {@code expMask} is the exponent field, IE for any signalling NaN. */
    private static long nan(CpuState s, long s1, long s2, long s3, int fracBits, long expMask) {
        long quiet = 1L << (fracBits - 1);
        boolean snan = false;
        long first = 0;
        boolean found = false;
        for (long v : new long[] {s1, s2, s3}) {
            boolean isNan = (v & expMask) == expMask && (v & ((1L << fracBits) - 1)) != 0;
            if (!isNan) continue;
            if ((v & quiet) == 0) snan = true;
            if (!found) { first = v; found = true; }
        }
        if (snan) s.mxcsr |= SseExact.IE;
        return first | quiet;
    }
}
