package dev.jvmx.runtime.cpu;

/**
 * SSE4.1 ROUNDPS/PD/SS/SD (SDM Vol. 2B "ROUNDPD"): round to an integral value in floating-point
 * format. imm8[1:0] is the rounding mode (0 nearest even, 1 down, 2 up, 3 toward zero) unless
 * imm8[2] selects MXCSR.RC; imm8[3] suppresses the precision exception. An SNaN raises IE and is
 * quieted, a QNaN passes through; DAZ reads denormals as signed zeros; no DE, OE or UE.
 */
public final class SseRound {
    private SseRound() {}

    private static int mode(CpuState s, int imm) {
        return (imm & 4) != 0 ? (s.mxcsr >> 13) & 3 : imm & 3;
    }

    public static long round64(CpuState s, long bits, int imm) {
        if ((bits & 0x7FF0_0000_0000_0000L) == 0x7FF0_0000_0000_0000L && (bits & 0x000F_FFFF_FFFF_FFFFL) != 0) {
            if ((bits & 0x0008_0000_0000_0000L) == 0) s.mxcsr |= SseExact.IE;
            return bits | 0x0008_0000_0000_0000L;
        }
        if ((s.mxcsr & SseExact.DAZ) != 0 && (bits & 0x7FF0_0000_0000_0000L) == 0) bits &= 1L << 63;
        double x = Double.longBitsToDouble(bits), r = integral(x, mode(s, imm));
        if (r != x && (imm & 8) == 0) s.mxcsr |= SseExact.PE;
        return Double.doubleToRawLongBits(r);
    }

    public static int round32(CpuState s, int bits, int imm) {
        if ((bits & 0x7F80_0000) == 0x7F80_0000 && (bits & 0x007F_FFFF) != 0) {
            if ((bits & 0x0040_0000) == 0) s.mxcsr |= SseExact.IE;
            return bits | 0x0040_0000;
        }
        if ((s.mxcsr & SseExact.DAZ) != 0 && (bits & 0x7F80_0000) == 0) bits &= 1 << 31;
        double x = Float.intBitsToFloat(bits), r = integral(x, mode(s, imm));
        if (r != x && (imm & 8) == 0) s.mxcsr |= SseExact.PE;
        return Float.floatToRawIntBits((float) r); // exact: an integral value of a float is a float
    }

    /** Exact in Java for every double (infinities and signed zeros kept; -0.5 up gives -0.0). */
    private static double integral(double x, int mode) {
        return switch (mode) {
            case 0 -> Math.rint(x);
            case 1 -> Math.floor(x);
            case 2 -> Math.ceil(x);
            default -> x < 0 ? Math.ceil(x) : Math.floor(x);
        };
    }
}
