package dev.jvmx.vmx.cap;

/** Tertiary processor-based VM-execution controls (SDM Vol. 3C §25.6.2, Table 25-8). */
public enum TertiaryProcessorBasedControl implements VmxControl {
    LOADIWKEY_EXITING(0, "LOADIWKEY exiting", true),
    ENABLE_HLAT(1, "Enable HLAT", false),
    EPT_PAGING_WRITE_CONTROL(2, "EPT paging-write control", false),
    GUEST_PAGING_VERIFICATION(3, "Guest-paging verification", false),
    IPI_VIRTUALIZATION(4, "IPI virtualization", false),
    /** Bit 6 (Bochs cpu/vmx.h, 2024: VMX_VM_EXEC_CTRL3_ENABLE_MSRLIST): RDMSRLIST / WRMSRLIST. */
    ENABLE_MSR_LIST_INSTRUCTIONS(6, "Enable MSR-list instructions", false),
    VIRTUALIZE_IA32_SPEC_CTRL(7, "Virtualize IA32_SPEC_CTRL", false),
    /**
     * Bit 8, APIC-timer virtualization (the TSC-deadline timer in the virtual APIC). Source: the
     * Linux KVM series "KVM: VMX: Detect APIC timer virtualization bit" (kvm@vger.kernel.org,
     * Feb 2026, arch/x86/include/asm/vmxfeatures.h: tertiary control bit 8).
     */
    APIC_TIMER_VIRTUALIZATION(8, "APIC-timer virtualization", false);

    private final ControlBit spec;

    TertiaryProcessorBasedControl(int bit, String sdmName, boolean implemented) {
        this.spec = new ControlBit(bit, sdmName, implemented);
    }

    @Override
    public ControlBit spec() {
        return spec;
    }

    @Override
    public ControlField field() {
        return ControlField.TERTIARY_PROCESSOR_BASED;
    }
}
