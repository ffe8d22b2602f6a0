package dev.jvmx.testsuites.diff;

/**
 * How a case ended, on the host CPU or in jvmx. The host reports what Linux told the process;
 * jvmx reports its exception the same way (vector, faulting RIP, CR2-style address).
 */
public sealed interface Outcome {

    /** The snippet ran off its end; {@code rip} is the address after its last byte. */
    record Completed(long rip, MachineState state) implements Outcome {}

    /**
     * An exception stopped the snippet.
     *
     * @param vector  the exception (from the trap number when the host reports one)
     * @param signal  the Linux signal number (SIGSEGV = 11 …), 0 if the side has no signals
     * @param siCode  siginfo si_code (SEGV_MAPERR = 1, FPE_INTDIV = 1, SI_KERNEL = 0x80 …)
     * @param address siginfo si_addr: the faulting data address for #PF, else what Linux puts there
     * @param rip     RIP in the saved context: the faulting instruction for faults, the next one for traps
     * @param errorCode the pushed error code (#PF: P, W/R, U/S bits; 0 when none)
     * @param state   registers and memory at the fault
     */
    record Faulted(Vector vector, int signal, int siCode, long address, long rip, long errorCode,
                   MachineState state) implements Outcome {}

    /** The snippet ran past the time limit; {@code rip} is where it was interrupted. */
    record TimedOut(long rip) implements Outcome {}

    /** The sandbox itself died on this case (the harness was corrupted); no state. */
    record Crashed(String reason) implements Outcome {}

    /** The final or faulting state, null for time-outs and crashes. */
    default MachineState stateOrNull() {
        return switch (this) {
            case Completed c -> c.state();
            case Faulted f -> f.state();
            case TimedOut t -> null;
            case Crashed c -> null;
        };
    }
}
