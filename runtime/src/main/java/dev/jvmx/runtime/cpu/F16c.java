package dev.jvmx.runtime.cpu;

/**
 * F16C (SDM Vol. 2 "VCVTPH2PS", "VCVTPS2PH"): IEEE binary16 to and from binary32, one element
 * at a time, through the exact conversion of {@link SseExact#convert} (NaNs quieted with their
 * payload's top bits and IE for a signalling one; PE, OE, UE as for the other conversions).
 * VCVTPS2PH rounds by imm8[1:0] unless imm8[2] selects MXCSR.RC.
 */
public final class F16c {
    private F16c() {}

    /** binary16: 11-bit significand, exponents -14..15, bias 15, 5 exponent bits. */
    static final F80.Format HALF = new F80.Format(11, -14, 15, 15, false, 5);

    /** binary16 to binary32 is exact: no DE for a denormal half and DAZ does not apply (host-checked); IE for an SNaN. */
    public static int halfToSingle(CpuState s, int half) {
        int saved = s.mxcsr;
        s.mxcsr &= ~SseExact.DAZ;
        long r = SseExact.convert(s, half & 0xFFFF, HALF, 10, F80.SINGLE, 23);
        s.mxcsr = saved | (s.mxcsr & 0x3F & ~SseExact.DE);
        return (int) r;
    }

    /**
     * binary32 to binary16 rounded by imm8 (or MXCSR.RC when imm8[2]); FTZ does not apply and
     * tininess is detected after rounding (host-checked).
     */
    public static int singleToHalf(CpuState s, int single, int imm) {
        int saved = s.mxcsr;
        s.mxcsr &= ~SseExact.FTZ;
        if ((imm & 4) == 0) s.mxcsr = (s.mxcsr & ~0x6000) | (imm & 3) << 13;
        int mode = s.mxcsr;
        long r = SseExact.convert(s, single & 0xFFFF_FFFFL, F80.SINGLE, 23, HALF, 10, true);
        int flags = s.mxcsr & 0x3F;
        if ((flags & SseExact.UE) != 0 && (mode & 0x800) == 0 && (mode & SseExact.DAZ) == 0) {
            // unmasked underflow: PE reports whether the denormal result is inexact, unless DAZ is set
            // (host-checked: with DAZ the host reports UE alone)
            s.mxcsr = mode | 0x800;
            SseExact.convert(s, single & 0xFFFF_FFFFL, F80.SINGLE, 23, HALF, 10, true);
            flags = flags & ~SseExact.PE | s.mxcsr & SseExact.PE;
        }
        s.mxcsr = saved | flags;
        return (int) r & 0xFFFF;
    }
}
