package dev.jvmx.runtime.machine.apic;

/**
 * What one vCPU asks its interrupt logic between instructions (SDM Vol. 3A §6.9 priorities;
 * the CPU side checks RFLAGS.IF, the interrupt shadow and its own priorities before acting):
 * <pre>
 *   if (ic.nmiPending() && !blockedByNmi) { ic.acknowledgeNmi(); deliver vector 2 }
 *   else if (IF == 1 && !shadow && ic.interruptPending()) { deliver ic.acknowledge() }
 * </pre>
 * CONTRACT between the machine platform and the vCPU. Under VT-x the same calls answer "is an
 * external interrupt pending" for external-interrupt exiting and event injection.
 */
public interface InterruptController {
    /** A maskable external interrupt is waiting to be acknowledged. */
    boolean interruptPending();

    /** The INTA cycle: the vector to deliver, now in service (a spurious vector if none). */
    int acknowledge();

    boolean nmiPending();

    void acknowledgeNmi();
}
