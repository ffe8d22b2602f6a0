package dev.jvmx.runtime.cpu;

/**
 * XCR0 and CR4.OSXSAVE as the executing code sees them (SDM Vol. 1 §13.3, Vol. 3A §2.6).
 *
 * <p>System mode: the guest's own CR4 and XSETBV value ({@link CpuState#cr4}, {@link CpuState#xcr0}).
 * Process mode: Linux has set CR4.OSXSAVE and XCR0 = every user state component the CPU offers
 * (x87 | SSE, plus AVX when the model advertises AVX), which is what a user program reads with
 * XGETBV and what its VEX instructions are checked against.
 */
public final class Xsave {
    private Xsave() {}

    /** The XCR0 bits the model supports (CPUID.(EAX=0DH,ECX=0):EAX). */
    public static long supportedXcr0(CpuModel m) {
        return CpuState.XCR0_X87 | CpuState.XCR0_SSE | (m.supports(dev.jvmx.x86.Feature.AVX) ? CpuState.XCR0_AVX : 0);
    }

    public static long xcr0(CpuState s, CpuModel m) {
        return s.systemMode ? s.xcr0 : supportedXcr0(m);
    }

    public static boolean osxsave(CpuState s, CpuModel m) {
        return s.systemMode ? (s.cr4 & CpuState.CR4_OSXSAVE) != 0 : m.supports(dev.jvmx.x86.Feature.XSAVE);
    }

    /** Standard-format XSAVE area (SDM Vol. 1 §13.4): legacy region, header, AVX component; its size with AVX. */
    public static final int HEADER = 512, AVX_OFFSET = 576, AVX_SIZE = 256, SIZE_WITH_AVX = 832, SIZE_LEGACY = 576;

    /** The area size XCR0 {@code xcr0} needs (CPUID.(EAX=0DH,ECX=0):EBX). */
    public static int areaSize(long xcr0) {
        return (xcr0 & CpuState.XCR0_AVX) != 0 ? SIZE_WITH_AVX : SIZE_LEGACY;
    }

    /**
     * XINUSE (SDM Vol. 1 §13.6), which XSAVE writes as XSTATE_BV[i]: a component is in use when
     * XRSTOR loaded it (the host keeps XINUSE[i] = 1 then, even for initial values, as the SDM
     * allows) or when it is not in its initial configuration (x87: FCW 037FH, FSW 0, all tags
     * empty, R0..R7 zero; SSE: XMM all zero; AVX: the YMM upper halves all zero). XRSTOR's initialisation and
     * VZEROUPPER clear the tracked bit ({@link CpuState#xinuse}). Host-checked.
     */
    public static long inUse(CpuState s) {
        long r = s.xinuse;
        long regs = 0;
        for (int k = 0; k < 8; k++) regs |= s.fprSig[k] | s.fprSe[k];
        if (s.fpuControl != 0x037F || s.fpuStatus != 0 || s.fpuTag != 0xFFFF || regs != 0) r |= CpuState.XCR0_X87;
        long xmm = 0, upper = 0;
        for (int n = 0; n < 16; n++) {
            xmm |= s.ymm[n * 4] | s.ymm[n * 4 + 1];
            upper |= s.ymm[n * 4 + 2] | s.ymm[n * 4 + 3];
        }
        if (xmm != 0) r |= CpuState.XCR0_SSE;
        if (upper != 0) r |= CpuState.XCR0_AVX;
        return r;
    }

    /**
     * XSETBV's checks and effect (SDM Vol. 2C "XSETBV"), for the privileged-instruction handler:
     * #GP(0) unless ECX = 0, bit 0 is set, AVX only with SSE, and every bit is supported.
     */
    public static void xsetbv(CpuState s, CpuModel m, long ecx, long value) {
        boolean ok = (ecx & 0xFFFF_FFFFL) == 0 && (value & CpuState.XCR0_X87) != 0 && (value & ~supportedXcr0(m)) == 0
                && ((value & CpuState.XCR0_AVX) == 0 || (value & CpuState.XCR0_SSE) != 0);
        if (!ok) throw dev.jvmx.runtime.mem.GuestFault.of(dev.jvmx.runtime.mem.GuestFault.GP, 0);
        s.xcr0 = value;
    }

    /**
     * Whether VEX-encoded SSE/AVX instructions may execute: CR4.OSXSAVE = 1 and XCR0[2:1] = 11b
     * (SDM Vol. 2A §2.3.10.1 and the "#UD" rows of exception classes 1-12, Table 2-21ff).
     */
    public static boolean avxStateEnabled(CpuState s, CpuModel m) {
        return osxsave(s, m) && (xcr0(s, m) & (CpuState.XCR0_SSE | CpuState.XCR0_AVX)) == (CpuState.XCR0_SSE | CpuState.XCR0_AVX);
    }
}
