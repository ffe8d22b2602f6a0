package dev.jvmx.runtime.linux;

import dev.jvmx.runtime.mem.GuestFault;

/**
 * Signal numbers (x86-64 Linux) and which signal a CPU exception becomes, as
 * arch/x86/kernel/traps.c decides for user mode: #DE/#MF/#XM -> SIGFPE, #UD -> SIGILL,
 * #DB/#BP -> SIGTRAP, #PF/#GP/#OF/#BR -> SIGSEGV, #SS/#NP/#AC -> SIGBUS.
 */
public final class Signals {
    public static final int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7,
            SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13, SIGALRM = 14,
            SIGTERM = 15, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGURG = 23, SIGWINCH = 28;

    private static final String[] NAMES = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
        "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD",
        "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
        "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    private Signals() {}

    public static String name(int sig) {
        return sig > 0 && sig < NAMES.length ? NAMES[sig] : "signal " + sig;
    }

    /** The signal Linux sends a user process for CPU exception {@code vector}. */
    public static int forException(int vector) {
        return switch (vector) {
            case GuestFault.DE, GuestFault.MF, GuestFault.XM -> SIGFPE;
            case GuestFault.UD -> SIGILL;
            case GuestFault.DB, GuestFault.BP -> SIGTRAP;
            case GuestFault.SS, GuestFault.NP, GuestFault.AC -> SIGBUS;
            default -> SIGSEGV;
        };
    }

    /** Signals whose default action is to ignore them. */
    static boolean ignoredByDefault(int sig) {
        return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH;
    }
}
