package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;

/**
 * The debug-register breakpoints DR0-DR3 (SDM Vol. 3A §18.2.4, §18.2.5): breakpoint n is enabled
 * when DR7's L or G bit for it is set; its R/W field says what it watches (00 instruction fetch,
 * 01 data writes, 11 data reads and writes; 10, I/O, is not modelled) and its LEN field how many
 * bytes (00 = 1, 01 = 2, 11 = 4, 10 = 8, the range LEN-aligned).
 *
 * <p>Instruction breakpoints ({@link #instruction}) are fault-class: {@link SystemStep} raises #DB
 * before the instruction (§18.3.1.1). Data breakpoints ({@link #access}) are trap-class
 * (§18.3.1.2): a hit is only noted here; {@link SystemStep} raises #DB with DR6.Bn set once the
 * instruction completes (a faulting instruction's hits are dropped), and a REP string
 * instruction stops after the iteration that hit ({@link StringHandlers}). The accesses checked
 * are the data operands ({@link Operands#linear}, {@link Operands#linearWrite}), the stack
 * ({@link Stack}) and string elements.
 */
final class Breakpoints {
    private Breakpoints() {}

    static final int RW_EXECUTE = 0, RW_WRITE = 1, RW_READ_WRITE = 3;

    /** True if some DR0-DR3 is enabled; callers test this first so that accesses stay cheap. */
    static boolean armed(CpuState s) {
        return (s.dr[7] & 0xFF) != 0;
    }

    private static boolean enabled(long dr7, int n) {
        return (dr7 >>> (2 * n) & 3) != 0;
    }

    private static int rw(long dr7, int n) {
        return (int) (dr7 >>> (16 + 4 * n)) & 3;
    }

    /**
     * The enabled execution breakpoints at linear address {@code la}: sets their B bits in DR6 and
     * answers whether there was one.
     */
    static boolean instruction(CpuState s, long la) {
        long dr7 = s.dr[7];
        boolean hit = false;
        for (int n = 0; n < 4; n++) {
            if (enabled(dr7, n) && rw(dr7, n) == RW_EXECUTE && s.dr[n] == la) {
                s.dr[6] |= 1L << n;
                hit = true;
            }
        }
        return hit;
    }

    /** Notes the data breakpoints an access of {@code bits} at linear address {@code la} hits. */
    static void access(CpuState s, long la, int bits, boolean write) {
        long dr7 = s.dr[7];
        long last = la + Math.max(bits, 8) / 8 - 1;
        for (int n = 0; n < 4; n++) {
            if (!enabled(dr7, n)) continue;
            int rw = rw(dr7, n);
            if (rw != RW_READ_WRITE && (rw != RW_WRITE || !write)) continue;
            int len = switch ((int) (dr7 >>> (18 + 4 * n)) & 3) { case 0 -> 1; case 1 -> 2; case 2 -> 8; default -> 4; };
            long start = s.dr[n] & -len;
            if (la <= start + len - 1 && last >= start) s.pendingDataBreakpoints |= 1 << n;
        }
    }
}
