package dev.jvmx.testsuites.diff;

import dev.jvmx.runtime.mem.GuestFault;

/**
 * A jvmx {@link GuestFault} as the {@link Outcome.Faulted} the host harness would report for it:
 * the vector, and the signal and si_code Linux delivers for that vector (arch/x86/kernel/traps.c,
 * the inverse of {@link Vector#guess}), so that a report reads the same on both sides.
 *
 * <pre>
 *   #DE            SIGFPE  FPE_INTDIV (1)     si_addr = RIP
 *   #MF, #XM       SIGFPE  0                  (the kernel derives the code from FSW/MXCSR)
 *   #UD            SIGILL  ILL_ILLOPN (2)     si_addr = RIP
 *   #GP, #NP      SIGSEGV SI_KERNEL (0x80)   si_addr = 0
 *   #SS            SIGBUS  0                  (exc_stack_segment)
 *   #PF            SIGSEGV SEGV_MAPERR (1) when P is clear, SEGV_ACCERR (2) when set; si_addr = CR2
 *   #BP, #DB       SIGTRAP                    RIP after INT3 (trap-like)
 *   #AC            SIGBUS  BUS_ADRALN (1)
 * </pre>
 *
 * {@link StateDiff} compares the vector, RIP, and for #PF the address and P/W/U bits; the signal
 * fields are informative.
 */
public final class JvmxFaults {
    private static final int SI_KERNEL = 0x80;

    private JvmxFaults() {}

    /** The outcome for {@code f} raised by the instruction at {@code rip}, with the state there. */
    public static Outcome.Faulted faulted(GuestFault f, long rip, MachineState state) {
        // Vector has no #NP: the host side reads its SIGSEGV/SI_KERNEL as #GP (Vector.of)
        Vector v = f.vector() == GuestFault.NP ? Vector.GP : Vector.ofNumber(f.vector());
        long errorCode = Math.max(0, f.errorCode());
        return switch (v) {
            case DE -> new Outcome.Faulted(v, Vector.SIGFPE, 1, rip, rip, errorCode, state);
            case MF, XM -> new Outcome.Faulted(v, Vector.SIGFPE, 0, rip, rip, errorCode, state);
            case UD -> new Outcome.Faulted(v, Vector.SIGILL, 2, rip, rip, errorCode, state);
            case PF -> new Outcome.Faulted(v, Vector.SIGSEGV, (errorCode & GuestFault.PF_P) != 0 ? 2 : 1,
                    f.address(), rip, errorCode, state);
            case BP, DB -> new Outcome.Faulted(v, Vector.SIGTRAP, 0x80, 0, rip, errorCode, state);
            case AC -> new Outcome.Faulted(v, Vector.SIGBUS, 1, 0, rip, errorCode, state);
            case SS -> new Outcome.Faulted(v, Vector.SIGBUS, 0, 0, rip, errorCode, state);
            case GP, OF, BR -> new Outcome.Faulted(v, Vector.SIGSEGV, SI_KERNEL, 0, rip, errorCode, state);
            default -> new Outcome.Faulted(v, 0, 0, 0, rip, errorCode, state);
        };
    }
}
