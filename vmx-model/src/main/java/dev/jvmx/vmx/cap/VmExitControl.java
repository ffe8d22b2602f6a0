package dev.jvmx.vmx.cap;

/** Primary VM-exit controls (SDM Vol. 3C §25.7.1, Table 25-13). */
public enum VmExitControl implements VmxControl {
    SAVE_DEBUG_CONTROLS(2, "Save debug controls", true),
    HOST_ADDRESS_SPACE_SIZE(9, "Host address-space size", true),
    LOAD_IA32_PERF_GLOBAL_CTRL(12, "Load IA32_PERF_GLOBAL_CTRL", false),
    ACKNOWLEDGE_INTERRUPT_ON_EXIT(15, "Acknowledge interrupt on exit", true),
    SAVE_IA32_PAT(18, "Save IA32_PAT", true),
    LOAD_IA32_PAT(19, "Load IA32_PAT", true),
    SAVE_IA32_EFER(20, "Save IA32_EFER", true),
    LOAD_IA32_EFER(21, "Load IA32_EFER", true),
    SAVE_VMX_PREEMPTION_TIMER_VALUE(22, "Save VMX-preemption timer value", true),
    CLEAR_IA32_BNDCFGS(23, "Clear IA32_BNDCFGS", false),
    CONCEAL_VMX_FROM_PT(24, "Conceal VMX from PT", false),
    CLEAR_IA32_RTIT_CTL(25, "Clear IA32_RTIT_CTL", false),
    CLEAR_IA32_LBR_CTL(26, "Clear IA32_LBR_CTL", false),
    CLEAR_UINV(27, "Clear UINV", false),
    LOAD_CET_STATE(28, "Load CET state", false),
    LOAD_PKRS(29, "Load PKRS", false),
    SAVE_IA32_PERF_GLOBAL_CTRL(30, "Save IA32_PERF_GLOBAL_CTL", false),
    ACTIVATE_SECONDARY_CONTROLS(31, "Activate secondary controls", false);

    private final ControlBit spec;

    VmExitControl(int bit, String sdmName, boolean implemented) {
        this.spec = new ControlBit(bit, sdmName, implemented);
    }

    @Override
    public ControlBit spec() {
        return spec;
    }

    @Override
    public ControlField field() {
        return ControlField.PRIMARY_VM_EXIT;
    }
}
