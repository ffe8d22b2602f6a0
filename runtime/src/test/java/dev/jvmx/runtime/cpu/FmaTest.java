package dev.jvmx.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link Fma}: one rounding, the rounding modes, the NaN order, invalid operations. */
class FmaTest {
    static long d(double v) { return Double.doubleToRawLongBits(v); }

    @Test
    void fusedMultiplyAddRoundsOnce() {
        CpuState s = new CpuState();
        double a = 1 + 0x1p-52, b = 1 - 0x1p-52;   // a*b = 1 - 2^-104: the separate product rounds to 1
        assertEquals(d(-0x1p-104), Fma.fma64(s, 213, Fma.Kind.ADD, d(b), d(a), d(-1.0)));
        assertEquals(0, s.mxcsr & 0x3F, "the fused result is exact: no flag");
    }

    @Test
    void roundingControlApplies() {
        CpuState s = new CpuState();
        s.mxcsr = 0x1F80 | 1 << 13; // round down
        // 1 * 1 + 2^-60 rounds down to 1 (nearest would too); 1 * 1 - 2^-60 rounds down to 1 - 2^-53
        assertEquals(d(1.0), Fma.fma64(s, 132, Fma.Kind.ADD, d(1.0), d(0x1p-60), d(1.0)));
        assertEquals(d(1 - 0x1p-53), Fma.fma64(s, 132, Fma.Kind.SUB, d(1.0), d(0x1p-60), d(1.0)));
        s.mxcsr = 0x1F80 | 2 << 13; // round up
        assertEquals(d(1 + 0x1p-52), Fma.fma64(s, 132, Fma.Kind.ADD, d(1.0), d(0x1p-60), d(1.0)));
    }

    @Test
    void nanOrderFollowsTheMultiplicandsThenTheAddend() {
        CpuState s = new CpuState();
        long n1 = 0x7FF8_0000_0000_0001L, n2 = 0x7FF8_0000_0000_0002L, n3 = 0x7FF8_0000_0000_0003L;
        assertEquals(n3, Fma.fma64(s, 132, Fma.Kind.ADD, d(1.0), n2, n3));  // 132: src1 * src3 + src2
        assertEquals(n1, Fma.fma64(s, 213, Fma.Kind.ADD, n1, d(1.0), n3));  // 213: src2 * src1 + src3
        assertEquals(n3, Fma.fma64(s, 231, Fma.Kind.NADD, n1, d(1.0), n3)); // 231: src2 * src3 + src1, not negated
        assertEquals(0, s.mxcsr & SseExact.IE);
    }

    @Test
    void zeroTimesInfinityIsInvalidUnlessANanIsThere() {
        CpuState s = new CpuState();
        assertEquals(SseFloat.DEFAULT_NAN64, Fma.fma64(s, 132, Fma.Kind.ADD, 0, d(1.0), d(Double.POSITIVE_INFINITY)));
        assertEquals(SseExact.IE, s.mxcsr & 0x3F);
        s.mxcsr = 0x1F80;
        assertEquals(0x7FF8_0000_0000_0002L, Fma.fma64(s, 132, Fma.Kind.ADD, 0, 0x7FF8_0000_0000_0002L, d(Double.POSITIVE_INFINITY)));
        assertEquals(0, s.mxcsr & 0x3F);
        assertEquals(Float.floatToRawIntBits(7f), Fma.fma32(s, 231, Fma.Kind.ADD, Float.floatToRawIntBits(1f), Float.floatToRawIntBits(2f), Float.floatToRawIntBits(3f)));
    }
}
