package dev.jvmx.vmx.cap;

/**
 * One bit of a VMX control field, named as the SDM names it (Vol. 3C §25.6–§25.8). Implemented by
 * one enum per control field; {@link #implemented()} says whether the model can run a guest with
 * the bit set, which is what makes it allowed-1 in the capability MSRs.
 */
public sealed interface VmxControl
        permits PinBasedControl, PrimaryProcessorBasedControl, SecondaryProcessorBasedControl,
        TertiaryProcessorBasedControl, VmExitControl, VmEntryControl {

    ControlField field();

    /** The bit's position, SDM name and implementation status. */
    ControlBit spec();

    default int bit() {
        return spec().bit();
    }

    /** The SDM's name, e.g. "use TPR shadow". */
    default String sdmName() {
        return spec().sdmName();
    }

    /** Whether the model implements the control (its allowed-1 setting). */
    default boolean implemented() {
        return spec().implemented();
    }

    String name();

    default long mask() {
        return 1L << bit();
    }
}
