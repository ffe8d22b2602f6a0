package dev.jvmx.vmx.ept;

/** The outcome of an EPT walk (SDM Vol. 3C §29.3.3). */
public sealed interface EptWalkResult {

    /**
     * The access is allowed: host-physical address, EPT memory type (leaf bits 5:3), ignore-PAT
     * (bit 6), page size, and the effective permissions (AND over all levels, bits 2:0).
     */
    record Translation(long hostPhysical, int memoryType, boolean ignorePat, long pageSize,
            int permissions) implements EptWalkResult {
    }

    /** An EPT violation (§29.3.3.2): exit reason 48 with this qualification. */
    record Violation(long qualification) implements EptWalkResult {
    }

    /**
     * An EPT misconfiguration (§29.3.3.1): exit reason 49, no qualification. {@code level} is
     * the level of the offending entry (4 = PML4E .. 1 = PTE).
     */
    record Misconfiguration(int level) implements EptWalkResult {
    }

    /**
     * A page-modification log-full event (§29.3.6): exit reason 62; the flag was not set and the
     * access did not occur.
     */
    record LogFull() implements EptWalkResult {
    }
}
