package dev.jvmx.runtime.cpu;

import dev.jvmx.runtime.mem.GuestFault;

/**
 * The AVX rules translated code (the translator's {@code InlineAvx}) calls besides the quadword
 * arithmetic of {@link SseInt}, and the interpreter's handlers where they share the rule. On
 * {@code CpuState.ymm} directly, no arrays or lambdas per call.
 *
 * <pre>
 *   YMMn in CpuState.ymm: [4n] bits 63:0, [4n+1] 127:64, [4n+2] 191:128, [4n+3] 255:192
 * </pre>
 */
public final class AvxFast {
    private AvxFast() {}

    /**
     * The run-time part of the VEX #UD gate (the CPUID part is known when the code is translated):
     * #UD unless CR4.OSXSAVE = 1 and XCR0[2:1] = 11b (SDM Vol. 2A §2.3.10.1; {@link
     * Xsave#avxStateEnabled}).
     */
    public static void requireEnabled(CpuState s, CpuModel m) {
        if (!Xsave.avxStateEnabled(s, m)) throw GuestFault.of(GuestFault.UD);
    }

    /**
     * The linear address of a VEX aligned-move operand of {@code bytes} (16 or 32: the operand's
     * whole size), else #GP(0) (SDM "VMOVDQA", "VMOVAPS": exception class 1).
     */
    public static long aligned(long a, int bytes) {
        if ((a & (bytes - 1)) != 0) throw GuestFault.of(GuestFault.GP, 0);
        return a;
    }

    /**
     * VZEROUPPER ({@code from} 2) and VZEROALL (0): quadwords {@code from}..3 of YMM0-15, of YMM0-7
     * outside 64-bit mode (SDM "VZEROUPPER"); the AVX state is then in its initial configuration
     * for XSAVE's XINUSE ({@link Xsave#inUse}).
     */
    public static void zero(CpuState s, int from) {
        int regs = s.mode == dev.jvmx.x86.Mode.BITS64 ? 16 : 8;
        for (int r = 0; r < regs; r++) java.util.Arrays.fill(s.ymm, r * 4 + from, r * 4 + 4, 0);
        s.xinuse &= ~CpuState.XCR0_AVX; // the upper halves are in their initial state
    }

    /** VPMOVMSKB of a 256-bit value q0..q3 (low first): the sign bit of each of its 32 bytes. */
    public static long pmovmskb256(long q0, long q1, long q2, long q3) {
        return SseInt.pmovmskb(q0, q1) | SseInt.pmovmskb(q2, q3) << 16;
    }
}
