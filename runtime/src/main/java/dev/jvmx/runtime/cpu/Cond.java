package dev.jvmx.runtime.cpu;

import static dev.jvmx.x86.Flags.CF;
import static dev.jvmx.x86.Flags.OF;
import static dev.jvmx.x86.Flags.PF;
import static dev.jvmx.x86.Flags.SF;
import static dev.jvmx.x86.Flags.ZF;

/**
 * Condition codes tttn (SDM Vol. 1 App. B, Table B-1), shared by Jcc, SETcc and CMOVcc:
 * bits 3:1 pick the test, bit 0 negates it.
 */
public final class Cond {
    private Cond() {}

    public static boolean test(CpuState s, int tttn) {
        return holds(s.statusFlags(), tttn);
    }

    /** Condition {@code tttn} of the status flags {@code f}. */
    public static boolean holds(int f, int tttn) {
        boolean r = switch (tttn >> 1) {
            case 0 -> (f & OF) != 0;                               // O
            case 1 -> (f & CF) != 0;                               // B
            case 2 -> (f & ZF) != 0;                               // E
            case 3 -> (f & (CF | ZF)) != 0;                        // BE
            case 4 -> (f & SF) != 0;                               // S
            case 5 -> (f & PF) != 0;                               // P
            case 6 -> ((f & SF) != 0) != ((f & OF) != 0);          // L
            default -> (f & ZF) != 0 || ((f & SF) != 0) != ((f & OF) != 0); // LE
        };
        return r ^ ((tttn & 1) != 0);
    }
}
