package dev.jvmx.runtime.mmu;

/**
 * A page-modification log-full event (SDM Vol. 3C §29.3.6) met while translating a
 * guest-physical address: VM exit with basic exit reason 62, no qualification bits but NMI
 * unblocking (bit 12). Fault-like like an EPT violation (the flag is not set and the access does
 * not occur), so it takes the EPT violation's path out of the interpreter and is told apart only
 * where the vCPU builds the exit.
 */
public final class PageModificationLogFullException extends EptViolationException {
    public PageModificationLogFullException(long guestPhysical, long guestLinear) {
        super(0, guestPhysical, guestLinear);
    }

    @Override
    public String getMessage() {
        return String.format("page-modification log full: GPA 0x%x", guestPhysical());
    }
}
