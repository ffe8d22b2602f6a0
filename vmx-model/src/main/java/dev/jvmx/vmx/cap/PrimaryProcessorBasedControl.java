package dev.jvmx.vmx.cap;

/** Primary processor-based VM-execution controls (SDM Vol. 3C §25.6.2, Table 25-6). */
public enum PrimaryProcessorBasedControl implements VmxControl {
    INTERRUPT_WINDOW_EXITING(2, "Interrupt-window exiting", true),
    USE_TSC_OFFSETTING(3, "Use TSC offsetting", true),
    HLT_EXITING(7, "HLT exiting", true),
    INVLPG_EXITING(9, "INVLPG exiting", true),
    MWAIT_EXITING(10, "MWAIT exiting", true),
    RDPMC_EXITING(11, "RDPMC exiting", true),
    RDTSC_EXITING(12, "RDTSC exiting", true),
    CR3_LOAD_EXITING(15, "CR3-load exiting", true),
    CR3_STORE_EXITING(16, "CR3-store exiting", true),
    ACTIVATE_TERTIARY_CONTROLS(17, "Activate tertiary controls", true),
    CR8_LOAD_EXITING(19, "CR8-load exiting", true),
    CR8_STORE_EXITING(20, "CR8-store exiting", true),
    USE_TPR_SHADOW(21, "Use TPR shadow", true),
    NMI_WINDOW_EXITING(22, "NMI-window exiting", true),
    MOV_DR_EXITING(23, "MOV-DR exiting", true),
    UNCONDITIONAL_IO_EXITING(24, "Unconditional I/O exiting", true),
    USE_IO_BITMAPS(25, "Use I/O bitmaps", true),
    MONITOR_TRAP_FLAG(27, "Monitor trap flag", true),
    USE_MSR_BITMAPS(28, "Use MSR bitmaps", true),
    MONITOR_EXITING(29, "MONITOR exiting", true),
    PAUSE_EXITING(30, "PAUSE exiting", true),
    ACTIVATE_SECONDARY_CONTROLS(31, "Activate secondary controls", true);

    private final ControlBit spec;

    PrimaryProcessorBasedControl(int bit, String sdmName, boolean implemented) {
        this.spec = new ControlBit(bit, sdmName, implemented);
    }

    @Override
    public ControlBit spec() {
        return spec;
    }

    @Override
    public ControlField field() {
        return ControlField.PRIMARY_PROCESSOR_BASED;
    }
}
