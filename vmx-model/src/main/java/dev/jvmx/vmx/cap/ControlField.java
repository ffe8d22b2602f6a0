package dev.jvmx.vmx.cap;

/**
 * The VMX control fields whose legal settings a capability MSR reports (SDM Vol. 3C App. A.3–A.5),
 * with the default1 class of each (bits that are reserved and must be 1 unless the TRUE MSR says
 * otherwise, App. A.2).
 */
public enum ControlField {
    /** §25.6.1, App. A.3.1: default1 bits 1, 2, 4. */
    PIN_BASED(0x481, 0x48D, 0x16L, 0),
    /** §25.6.2, App. A.3.2: default1 bits 1, 4–6, 8, 13–16, 26. */
    PRIMARY_PROCESSOR_BASED(0x482, 0x48E, 0x0401E172L, 0x04006172L),
    /** §25.6.2, App. A.3.3: no default1 bits, no TRUE MSR. */
    SECONDARY_PROCESSOR_BASED(0x48B, 0, 0, 0),
    /** §25.6.2, App. A.3.4: 64-bit allowed-1 only (IA32_VMX_PROCBASED_CTLS3, 0x492). */
    TERTIARY_PROCESSOR_BASED(0x492, 0, 0, 0),
    /** §25.7.1, App. A.4.1: default1 bits 0–8, 10, 11, 13, 14, 16, 17. */
    PRIMARY_VM_EXIT(0x483, 0x48F, 0x00036DFFL, 0x00036DFBL),
    /** §25.7.1, App. A.4.2: 64-bit allowed-1 only (IA32_VMX_EXIT_CTLS2, 0x493). */
    SECONDARY_VM_EXIT(0x493, 0, 0, 0),
    /** §25.8.1, App. A.5: default1 bits 0–8, 12. */
    VM_ENTRY(0x484, 0x490, 0x000011FFL, 0x000011FBL);

    private final int msr;
    private final int trueMsr;
    private final long default1;
    private final long trueDefault1;

    ControlField(int msr, int trueMsr, long default1, long trueDefault1) {
        this.msr = msr;
        this.trueMsr = trueMsr;
        this.default1 = default1;
        this.trueDefault1 = trueDefault1;
    }

    /**
     * Default1 bits the model cannot clear: the TRUE MSR's allowed-0 half. The model lets
     * software clear the pin-based default1 bits, CR3-load / CR3-store exiting (the classic
     * use of the TRUE MSRs, App. A.3.2) and save / load debug controls.
     */
    public long trueDefault1() {
        return trueDefault1;
    }

    /** The capability MSR reporting allowed settings. */
    public int msr() {
        return msr;
    }

    /** The IA32_VMX_TRUE_* MSR, or 0 if the field has none. */
    public int trueMsr() {
        return trueMsr;
    }

    /** Reserved bits that are 1 in the non-TRUE MSR's allowed-0 half (App. A.2). */
    public long default1() {
        return default1;
    }

    /** True for the tertiary and secondary-exit controls, whose MSR lists allowed-1 bits only. */
    public boolean is64Bit() {
        return this == TERTIARY_PROCESSOR_BASED || this == SECONDARY_VM_EXIT;
    }
}
