package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;

/**
 * Data breakpoints (SDM Vol. 3A §18.2.4, §18.2.5, §18.3.1.2): DR0-DR3 enabled in DR7 (L or G)
 * with R/W = 01 (data writes) or 11 (data reads and writes) match an access that touches any
 * byte of the LEN-aligned range at DRn (LEN 00 = 1, 01 = 2, 11 = 4, 10 = 8 bytes). A hit is
 * only noted here; {@link SystemStep} raises the trap-class #DB with DR6.Bn set once the
 * instruction completes (a faulting instruction's hits are dropped), and a REP string
 * instruction stops after the iteration that hit ({@link StringHandlers}). The accesses checked
 * are the data operands ({@link Operands#linear}, {@link Operands#linearWrite}), the stack
 * ({@link Stack}) and string elements. R/W = 10 (I/O) is not modelled.
 */
final class DataBreakpoints {
    private DataBreakpoints() {}

    /** True if some DR0-DR3 is enabled; callers test this first so that accesses stay cheap. */
    static boolean armed(CpuState s) {
        return (s.dr[7] & 0xFF) != 0;
    }

    /** Notes the breakpoints an access of {@code bits} at linear address {@code la} hits. */
    static void access(CpuState s, long la, int bits, boolean write) {
        long dr7 = s.dr[7];
        long last = la + Math.max(bits, 8) / 8 - 1;
        for (int n = 0; n < 4; n++) {
            if ((dr7 >>> (2 * n) & 3) == 0) continue;
            int rw = (int) (dr7 >>> (16 + 4 * n)) & 3;
            if (rw != 3 && (rw != 1 || !write)) continue;
            int len = switch ((int) (dr7 >>> (18 + 4 * n)) & 3) { case 0 -> 1; case 1 -> 2; case 2 -> 8; default -> 4; };
            long start = s.dr[n] & -len;
            if (la <= start + len - 1 && last >= start) s.pendingDataBreakpoints |= 1 << n;
        }
    }
}
