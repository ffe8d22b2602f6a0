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

    /**
     * Whether VEX-encoded SSE/AVX instructions may execute: CR4.OSXSAVE = 1 and XCR0[2:1] = 11b
     * (SDM Vol. 2A §2.3.10.1 and the "#UD" rows of exception classes 1-12, Table 2-21ff).
     */
    public static boolean avxStateEnabled(CpuState s, CpuModel m) {
        return osxsave(s, m) && (xcr0(s, m) & (CpuState.XCR0_SSE | CpuState.XCR0_AVX)) == (CpuState.XCR0_SSE | CpuState.XCR0_AVX);
    }
}
