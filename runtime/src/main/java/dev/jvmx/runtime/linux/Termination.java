package dev.jvmx.runtime.linux;

/**
 * How the guest ended, as its parent shell sees it: {@code exit(n)} gives status {@code n & 0xFF};
 * death by signal {@code s} gives {@code 128 + s} and a one-line {@code report} for stderr.
 *
 * @param status the exit status jvmx returns
 * @param signal the killing signal, or 0 for a normal exit
 * @param report null for a normal exit, else e.g. "guest killed by SIGSEGV: #PF at 0x0 (rip 0x401000)"
 */
public record Termination(int status, int signal, String report) {
    public static Termination exited(int code) { return new Termination(code & 0xFF, 0, null); }

    /** Death by a signal shells do not report (SIGPIPE): status 128 + signal, no report line. */
    public static Termination quietly(int signal) { return new Termination(128 + signal, signal, null); }

    public static Termination killed(int signal, String why) {
        return new Termination(128 + signal, signal, "guest killed by " + Signals.name(signal) + (why == null ? "" : ": " + why));
    }
}
