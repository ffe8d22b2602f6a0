package dev.jvmx.vmx.cap;

/** Secondary processor-based VM-execution controls (SDM Vol. 3C §25.6.2, Table 25-7). */
public enum SecondaryProcessorBasedControl implements VmxControl {
    VIRTUALIZE_APIC_ACCESSES(0, "Virtualize APIC accesses", true),
    ENABLE_EPT(1, "Enable EPT", true),
    DESCRIPTOR_TABLE_EXITING(2, "Descriptor-table exiting", true),
    ENABLE_RDTSCP(3, "Enable RDTSCP", true),
    VIRTUALIZE_X2APIC_MODE(4, "Virtualize x2APIC mode", true),
    ENABLE_VPID(5, "Enable VPID", true),
    WBINVD_EXITING(6, "WBINVD exiting", true),
    UNRESTRICTED_GUEST(7, "Unrestricted guest", true),
    APIC_REGISTER_VIRTUALIZATION(8, "APIC-register virtualization", true),
    VIRTUAL_INTERRUPT_DELIVERY(9, "Virtual-interrupt delivery", true),
    PAUSE_LOOP_EXITING(10, "PAUSE-loop exiting", false),
    RDRAND_EXITING(11, "RDRAND exiting", true),
    ENABLE_INVPCID(12, "Enable INVPCID", true),
    ENABLE_VM_FUNCTIONS(13, "Enable VM functions", true),
    VMCS_SHADOWING(14, "VMCS shadowing", false),
    ENABLE_ENCLS_EXITING(15, "Enable ENCLS exiting", true),
    RDSEED_EXITING(16, "RDSEED exiting", true),
    ENABLE_PML(17, "Enable PML", true),
    EPT_VIOLATION_VE(18, "EPT-violation #VE", false),
    CONCEAL_VMX_FROM_PT(19, "Conceal VMX from PT", false),
    ENABLE_XSAVES_XRSTORS(20, "Enable XSAVES/XRSTORS", true),
    PASID_TRANSLATION(21, "PASID translation", false),
    MODE_BASED_EXECUTE_CONTROL_FOR_EPT(22, "Mode-based execute control for EPT", false),
    SUB_PAGE_WRITE_PERMISSIONS_FOR_EPT(23, "Sub-page write permissions for EPT", false),
    INTEL_PT_USES_GUEST_PHYSICAL_ADDRESSES(24, "Intel PT uses guest physical addresses", false),
    USE_TSC_SCALING(25, "Use TSC scaling", false),
    ENABLE_USER_WAIT_AND_PAUSE(26, "Enable user wait and pause", true),
    ENABLE_PCONFIG(27, "Enable PCONFIG", true),
    ENABLE_ENCLV_EXITING(28, "Enable ENCLV exiting", true),
    VMM_BUS_LOCK_DETECTION(30, "VMM bus-lock detection", true),
    INSTRUCTION_TIMEOUT(31, "Instruction timeout", false);

    private final ControlBit spec;

    SecondaryProcessorBasedControl(int bit, String sdmName, boolean implemented) {
        this.spec = new ControlBit(bit, sdmName, implemented);
    }

    @Override
    public ControlBit spec() {
        return spec;
    }

    @Override
    public ControlField field() {
        return ControlField.SECONDARY_PROCESSOR_BASED;
    }
}
