package dev.jvmx.runtime.mmu;

import dev.jvmx.runtime.mem.GuestFault;

/**
 * #PF error-code bits (SDM Vol. 3A §4.7, Figure 4-12):
 * <pre>
 *  31            6    5    4    3    2    1   0
 * +-------------+----+----+----+----+----+---+
 * |  reserved   | PK |I/D |RSVD|U/S |W/R | P |
 * +-------------+----+----+----+----+----+---+
 *  P    0 = non-present page, 1 = protection or reserved-bit violation
 *  W/R  the access was a write          U/S  the access was a user-mode access
 *  RSVD a reserved bit was set          I/D  instruction fetch (with SMEP, or PAE/4-level + NXE)
 *  PK   protection-key violation (4-level paging, CR4.PKE, data access to a user-mode address)
 * </pre>
 */
public final class PageFaults {
    public static final int P = GuestFault.PF_P, W = GuestFault.PF_W, U = GuestFault.PF_U,
            RSVD = GuestFault.PF_RSVD, I = GuestFault.PF_I, PK = 1 << 5;

    private PageFaults() {}

    public static GuestFault of(long linear, int errorCode) { return GuestFault.pageFault(linear, errorCode); }

    /** A readable rendering such as {@code "P|W|U"} (tests, logs). */
    public static String describe(int errorCode) {
        StringBuilder b = new StringBuilder();
        String[] names = {"P", "W", "U", "RSVD", "I", "PK"};
        for (int i = 0; i < names.length; i++) {
            if ((errorCode & (1 << i)) != 0) b.append(b.isEmpty() ? "" : "|").append(names[i]);
        }
        return b.isEmpty() ? "0" : b.toString();
    }
}
