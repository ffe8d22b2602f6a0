package dev.jvmx.vmx.entry;

import dev.jvmx.vmx.PhysicalMemory;
import dev.jvmx.vmx.ProcessorState;
import dev.jvmx.vmx.cap.ControlField;
import dev.jvmx.vmx.cap.PrimaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.cap.VmxControl;
import dev.jvmx.vmx.exit.InterruptionInfo;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.vmx.vmcs.VmcsField;

/**
 * What a VM-entry check looks at: the VMCS, the capabilities it is checked against, the
 * processor executing VMLAUNCH / VMRESUME, whether that processor is in IA-32e mode (its
 * IA32_EFER.LMA, §27.2.4) and physical memory (virtual-APIC page, VMCS link pointer, PDPTEs).
 * A Java monitor entering a guest directly runs as a 64-bit host: it passes true.
 */
public record EntryContext(Vmcs vmcs, VmxCapabilities caps, ProcessorState cpu,
        PhysicalMemory memory, boolean executingInIa32eMode) {

    /** VM entry by VMLAUNCH / VMRESUME: IA-32e mode is the executing processor's. */
    public EntryContext(Vmcs vmcs, VmxCapabilities caps, ProcessorState cpu,
            PhysicalMemory memory) {
        this(vmcs, caps, cpu, memory, cpu.ia32eMode());
    }

    public long get(VmcsField field) {
        return vmcs.read(field);
    }

    /** The value of a control field as VM entry sees it (secondary is 0 unless activated). */
    public long controls(ControlField field) {
        return switch (field) {
            case PIN_BASED -> get(VmcsField.PIN_BASED_VM_EXECUTION_CONTROLS);
            case PRIMARY_PROCESSOR_BASED ->
                    get(VmcsField.PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS);
            case SECONDARY_PROCESSOR_BASED ->
                    has(PrimaryProcessorBasedControl.ACTIVATE_SECONDARY_CONTROLS)
                            ? get(VmcsField.SECONDARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS) : 0;
            case TERTIARY_PROCESSOR_BASED ->
                    has(PrimaryProcessorBasedControl.ACTIVATE_TERTIARY_CONTROLS)
                            ? get(VmcsField.TERTIARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS) : 0;
            case PRIMARY_VM_EXIT -> get(VmcsField.PRIMARY_VM_EXIT_CONTROLS);
            case VM_ENTRY -> get(VmcsField.VM_ENTRY_CONTROLS);
            default -> 0;
        };
    }

    /** True if {@code control} is 1 in the VMCS. */
    public boolean has(VmxControl control) {
        return (controls(control.field()) & control.mask()) != 0;
    }

    public InterruptionInfo injection() {
        return new InterruptionInfo(vmcs.read32(VmcsField.VM_ENTRY_INTERRUPTION_INFORMATION));
    }

    /** 4-KByte aligned and within the physical-address width. */
    public boolean pageAddressOk(long address) {
        return (address & 0xFFF) == 0 && caps.withinPhysicalWidth(address);
    }

    /** Canonical for 48-bit linear addresses. */
    public static boolean canonical(long address) {
        return (address << 16 >> 16) == address;
    }

    /** Every byte of a PAT value is a valid memory type: 0, 1, 4, 5, 6 or 7 (§27.2.2, §27.3.1.1). */
    public static boolean validPat(long pat) {
        for (int i = 0; i < 8; i++) {
            int type = (int) (pat >>> (8 * i)) & 0xFF;
            if (type == 2 || type == 3 || type > 7) {
                return false;
            }
        }
        return true;
    }
}
