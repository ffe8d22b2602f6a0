package dev.jvmx.vmx.ept;

/**
 * What cached translations are tagged with (SDM Vol. 3C §29.4): the VPID (§29.1; 0000H in root
 * operation and when "enable VPID" is 0), the EPTRTA (EPTP bits 51:12, §29.4.1; -1 without EPT)
 * and the PCID. INVVPID drops linear mappings by VPID, INVEPT combined mappings by EPTRTA.
 */
public record TlbTag(int vpid, long eptrta, int pcid) {

    /** Linear mappings of VMX root operation (and of a processor outside VMX operation). */
    public static TlbTag root(int pcid) {
        return new TlbTag(0, -1L, pcid);
    }

    /**
     * Mappings of non-root operation: the VPID if "enable VPID" is 1, else 0; the EPTRTA if
     * "enable EPT" is 1.
     */
    public static TlbTag nonRoot(boolean vpidEnabled, int vpid, boolean eptEnabled, long eptp,
            int pcid) {
        return new TlbTag(vpidEnabled ? vpid & 0xFFFF : 0,
                eptEnabled ? new EptPointer(eptp).pml4Address() : -1L, pcid);
    }

    /** True if INVVPID of {@code type} for {@code vpid} drops this tag's mappings. */
    public boolean invalidatedBy(InvvpidType type, int vpid) {
        return switch (type) {
            case ALL_CONTEXT -> this.vpid != 0;
            default -> this.vpid == vpid;
        };
    }

    /** True if INVEPT of {@code type} for {@code eptp} drops this tag's combined mappings. */
    public boolean invalidatedBy(InveptType type, long eptp) {
        return eptrta != -1L && (type == InveptType.ALL_CONTEXT
                || eptrta == new EptPointer(eptp).pml4Address());
    }
}
