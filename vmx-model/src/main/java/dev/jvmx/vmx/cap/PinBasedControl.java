package dev.jvmx.vmx.cap;

/** Pin-based VM-execution controls (SDM Vol. 3C §25.6.1, Table 25-5). */
public enum PinBasedControl implements VmxControl {
    EXTERNAL_INTERRUPT_EXITING(0, "External-interrupt exiting", true),
    NMI_EXITING(3, "NMI exiting", true),
    VIRTUAL_NMIS(5, "Virtual NMIs", true),
    ACTIVATE_VMX_PREEMPTION_TIMER(6, "Activate VMX-preemption timer", true),
    PROCESS_POSTED_INTERRUPTS(7, "Process posted interrupts", false);

    private final ControlBit spec;

    PinBasedControl(int bit, String sdmName, boolean implemented) {
        this.spec = new ControlBit(bit, sdmName, implemented);
    }

    @Override
    public ControlBit spec() {
        return spec;
    }

    @Override
    public ControlField field() {
        return ControlField.PIN_BASED;
    }
}
