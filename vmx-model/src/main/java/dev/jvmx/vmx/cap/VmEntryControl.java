package dev.jvmx.vmx.cap;

/** VM-entry controls (SDM Vol. 3C §25.8.1, Table 25-15). */
public enum VmEntryControl implements VmxControl {
    LOAD_DEBUG_CONTROLS(2, "Load debug controls", true),
    IA32E_MODE_GUEST(9, "IA-32e mode guest", true),
    ENTRY_TO_SMM(10, "Entry to SMM", false),
    DEACTIVATE_DUAL_MONITOR_TREATMENT(11, "Deactivate dual-monitor treatment", false),
    LOAD_IA32_PERF_GLOBAL_CTRL(13, "Load IA32_PERF_GLOBAL_CTRL", false),
    LOAD_IA32_PAT(14, "Load IA32_PAT", true),
    LOAD_IA32_EFER(15, "Load IA32_EFER", true),
    LOAD_IA32_BNDCFGS(16, "Load IA32_BNDCFGS", false),
    CONCEAL_VMX_FROM_PT(17, "Conceal VMX from PT", false),
    LOAD_IA32_RTIT_CTL(18, "Load IA32_RTIT_CTL", false),
    LOAD_UINV(19, "Load UINV", false),
    LOAD_CET_STATE(20, "Load CET state", false),
    LOAD_GUEST_IA32_LBR_CTL(21, "Load guest IA32_LBR_CTL", false),
    LOAD_PKRS(22, "Load PKRS", false),
    LOAD_IA32_FRED(23, "Load IA32_FRED", false);

    private final ControlBit spec;

    VmEntryControl(int bit, String sdmName, boolean implemented) {
        this.spec = new ControlBit(bit, sdmName, implemented);
    }

    @Override
    public ControlBit spec() {
        return spec;
    }

    @Override
    public ControlField field() {
        return ControlField.VM_ENTRY;
    }
}
