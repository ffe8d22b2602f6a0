package dev.jvmx.runtime.mmu;

/**
 * An EPT misconfiguration (SDM Vol. 3C §29.3.3.1): VM exit with basic exit reason 49
 * (EPT_MISCONFIG), no qualification, GUEST_PHYSICAL_ADDRESS = {@link #guestPhysical()}.
 */
public final class EptMisconfigurationException extends RuntimeException {
    private final long guestPhysical;
    private final int level;

    public EptMisconfigurationException(long guestPhysical, int level) {
        super(null, null, false, false);
        this.guestPhysical = guestPhysical;
        this.level = level;
    }

    public long guestPhysical() { return guestPhysical; }

    /** Level of the offending EPT entry: 4 = PML4E .. 1 = PTE. */
    public int level() { return level; }

    @Override
    public String getMessage() {
        return String.format("EPT misconfiguration: GPA 0x%x (level %d)", guestPhysical, level);
    }
}
