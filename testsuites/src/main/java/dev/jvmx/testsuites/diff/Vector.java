package dev.jvmx.testsuites.diff;

/**
 * Exception vectors a user-mode snippet can raise (SDM Vol. 3A §6.3.1, Table 6-1), and how
 * Linux reports them to a process (arch/x86/kernel/traps.c: which signal and si_code).
 */
public enum Vector {
    DE(0), DB(1), BP(3), OF(4), BR(5), UD(6), NM(7), SS(12), GP(13), PF(14), MF(16), AC(17), XM(19),
    /** The signal does not pin down a vector. */
    UNKNOWN(-1);

    public static final int SIGILL = 4, SIGTRAP = 5, SIGBUS = 7, SIGFPE = 8, SIGSEGV = 11, SIGALRM = 14;
    private static final int SI_KERNEL = 0x80;

    private final int number;

    Vector(int number) {
        this.number = number;
    }

    /** The vector number, -1 for {@link #UNKNOWN}. */
    public int number() {
        return number;
    }

    /** The vector with this number, {@link #UNKNOWN} if none. */
    public static Vector ofNumber(int n) {
        for (Vector v : values()) if (v.number == n) return v;
        return UNKNOWN;
    }

    /**
     * The vector for a fault reported as {@code signal}/{@code siCode} with the kernel's saved
     * trap number {@code trapNo} (uc_mcontext REG_TRAPNO): the trap number when it is consistent
     * with the signal, else a guess from the signal alone.
     */
    public static Vector of(int signal, int siCode, long trapNo) {
        Vector byTrap = ofNumber((int) trapNo);
        Vector guess = guess(signal, siCode);
        if (byTrap != UNKNOWN && (guess == UNKNOWN || consistent(signal, byTrap))) return byTrap;
        return guess;
    }

    /** The likeliest vector behind a signal (no trap number available). */
    public static Vector guess(int signal, int siCode) {
        return switch (signal) {
            case SIGFPE -> siCode == 1 || siCode == 2 ? DE : XM;   // FPE_INTDIV, FPE_INTOVF
            case SIGILL -> UD;
            case SIGSEGV -> siCode == SI_KERNEL ? GP : PF;          // SEGV_MAPERR/ACCERR from #PF
            case SIGBUS -> AC;
            case SIGTRAP -> siCode == 2 ? DB : BP;                  // TRAP_TRACE
            default -> UNKNOWN;
        };
    }

    private static boolean consistent(int signal, Vector v) {
        return switch (signal) {
            case SIGFPE -> v == DE || v == MF || v == XM;
            case SIGILL -> v == UD;
            case SIGSEGV -> v == GP || v == PF || v == BR || v == OF;
            case SIGBUS -> v == AC || v == SS;                       // Linux: #SS is SIGBUS
            case SIGTRAP -> v == DB || v == BP;
            default -> false;
        };
    }
}
