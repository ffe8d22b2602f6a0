package dev.jvmx.vmx.cap;

/**
 * Bits of IA32_VMX_EPT_VPID_CAP (MSR 0x48C, SDM Vol. 3C App. A.10) with whether the model
 * implements each. EPT bits are reported only when "enable EPT" is allowed-1, VPID bits only when
 * "enable VPID" is.
 */
public enum EptVpidCapability {
    EXECUTE_ONLY(0, "Execute-only EPT translations", true, true),
    PAGE_WALK_LENGTH_4(6, "Page-walk length 4", true, true),
    PAGE_WALK_LENGTH_5(7, "Page-walk length 5", true, false),
    MEMORY_TYPE_UC(8, "Paging-structure memory type UC", true, true),
    MEMORY_TYPE_WB(14, "Paging-structure memory type WB", true, true),
    PDE_2MB_PAGES(16, "2MB EPT pages", true, true),
    PDPTE_1GB_PAGES(17, "1GB EPT pages", true, true),
    INVEPT(20, "INVEPT supported", true, true),
    ACCESSED_DIRTY_FLAGS(21, "EPT accessed and dirty flags", true, true),
    ADVANCED_EPT_VIOLATION_INFO(22, "Advanced VM-exit information for EPT violations", true, false),
    SUPERVISOR_SHADOW_STACK(23, "Supervisor shadow-stack control", true, false),
    INVEPT_SINGLE_CONTEXT(25, "Single-context INVEPT", true, true),
    INVEPT_ALL_CONTEXT(26, "All-context INVEPT", true, true),
    INVVPID(32, "INVVPID supported", false, true),
    INVVPID_INDIVIDUAL_ADDRESS(40, "Individual-address INVVPID", false, true),
    INVVPID_SINGLE_CONTEXT(41, "Single-context INVVPID", false, true),
    INVVPID_ALL_CONTEXT(42, "All-context INVVPID", false, true),
    INVVPID_SINGLE_CONTEXT_RETAINING_GLOBALS(43, "Single-context-retaining-globals INVVPID",
            false, true);

    private final int bit;
    private final String sdmName;
    private final boolean ept;
    private final boolean implemented;

    EptVpidCapability(int bit, String sdmName, boolean ept, boolean implemented) {
        this.bit = bit;
        this.sdmName = sdmName;
        this.ept = ept;
        this.implemented = implemented;
    }

    public int bit() {
        return bit;
    }

    public String sdmName() {
        return sdmName;
    }

    /** True for EPT bits (reported with "enable EPT"), false for VPID bits. */
    public boolean ept() {
        return ept;
    }

    public boolean implemented() {
        return implemented;
    }
}
