package dev.jvmx.testsuites.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * RFLAGS bits the differential tests care about (SDM Vol. 1 §3.4.3).
 *
 * <pre>
 *  11 10  9  8  7  6  5  4  3  2  1  0
 *  OF DF IF TF SF ZF  0 AF  0 PF  1 CF
 * </pre>
 */
public final class Rflags {
    public static final long CF = 1L << 0;
    public static final long PF = 1L << 2;
    public static final long AF = 1L << 4;
    public static final long ZF = 1L << 6;
    public static final long SF = 1L << 7;
    public static final long TF = 1L << 8;
    public static final long IF = 1L << 9;
    public static final long DF = 1L << 10;
    public static final long OF = 1L << 11;
    /** Bit 1 always reads as one. */
    public static final long FIXED_ONE = 1L << 1;
    /** What user-mode code always runs with: bit 1 and IF (0x202); the harness forces these. */
    public static final long USER_FIXED = FIXED_ONE | IF;
    /** The six arithmetic status flags. */
    public static final long STATUS = CF | PF | AF | ZF | SF | OF;
    /** Everything a user-mode snippet can set and the comparison looks at. */
    public static final long COMPARED = STATUS | DF;

    private static final String[] NAMES = {"CF", "", "PF", "", "AF", "", "ZF", "SF", "TF", "IF", "DF", "OF"};

    private Rflags() {}

    /** The mask named by flag names such as {@code "AF OF"} or {@code "AF|OF"}; blank is 0. */
    public static long parse(String names) {
        long mask = 0;
        for (String n : names.trim().split("[\\s|,]+")) {
            if (n.isEmpty()) continue;
            int bit = List.of(NAMES).indexOf(n.toUpperCase(java.util.Locale.ROOT));
            if (bit < 0 || NAMES[bit].isEmpty()) throw new IllegalArgumentException("unknown flag " + n);
            mask |= 1L << bit;
        }
        return mask;
    }

    /** The names of the set bits among those listed above, e.g. {@code "ZF PF"}; "-" if none. */
    public static String describe(long value) {
        List<String> set = new ArrayList<>();
        for (int bit = NAMES.length - 1; bit >= 0; bit--) {
            if (!NAMES[bit].isEmpty() && (value & (1L << bit)) != 0) set.add(NAMES[bit]);
        }
        return set.isEmpty() ? "-" : String.join(" ", set);
    }
}
