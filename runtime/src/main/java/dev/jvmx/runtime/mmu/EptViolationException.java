package dev.jvmx.runtime.mmu;

/**
 * An EPT violation (SDM Vol. 3C §29.3.3.2) met while translating a guest-physical address: the
 * vCPU turns it into a VM exit with basic exit reason 48 (EPT_VIOLATION), EXIT_QUALIFICATION =
 * {@link #qualification()}, GUEST_PHYSICAL_ADDRESS = {@link #guestPhysical()} and, when
 * qualification bit 7 is set, GUEST_LINEAR_ADDRESS = {@link #guestLinear()} (§28.2.1, Table 28-7).
 * Cheap to throw: no stack trace. The access has not been performed (fault-like).
 */
public class EptViolationException extends RuntimeException {
    private final long qualification;
    private final long guestPhysical;
    private final long guestLinear;

    public EptViolationException(long qualification, long guestPhysical, long guestLinear) {
        super(null, null, false, false);
        this.qualification = qualification;
        this.guestPhysical = guestPhysical;
        this.guestLinear = guestLinear;
    }

    public long qualification() { return qualification; }

    public long guestPhysical() { return guestPhysical; }

    /** Meaningful when qualification bit 7 (guest linear-address field valid) is set. */
    public long guestLinear() { return guestLinear; }

    @Override
    public String getMessage() {
        return String.format("EPT violation: GPA 0x%x, qualification 0x%x, linear 0x%x",
                guestPhysical, qualification, guestLinear);
    }
}
