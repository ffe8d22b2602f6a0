package dev.jvmx.vmx.entry;

import static dev.jvmx.vmx.vmcs.VmcsField.*;

import dev.jvmx.vmx.cap.ControlField;
import dev.jvmx.vmx.cap.PinBasedControl;
import dev.jvmx.vmx.cap.PrimaryProcessorBasedControl;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmExitControl;
import dev.jvmx.vmx.cap.VmxMsrs;
import dev.jvmx.vmx.ept.EptPointer;
import dev.jvmx.vmx.exit.MsrArea;

/**
 * Checks on VMX controls (SDM Vol. 3C §27.2.1). Each returns true when the VMCS passes. A failure
 * makes VMLAUNCH / VMRESUME fail with VMfailValid(7), "VM entry with invalid control field(s)".
 */
final class ControlChecks {

    private ControlChecks() {
    }

    /** §27.2.1.1, App. A.3: reserved bits per IA32_VMX_TRUE_*_CTLS (BASIC[55] = 1). */
    static boolean reservedBits(EntryContext c, ControlField field) {
        long value = c.controls(field);
        long must1 = c.caps().trueAllowed0(field);
        long may1 = c.caps().allowed1(field);
        return (value & must1) == must1 && (value & ~may1 & 0xFFFF_FFFFL) == 0;
    }

    /**
     * §27.2.1.1, App. A.3.4: with "activate tertiary controls", no tertiary control may be 1
     * that IA32_VMX_PROCBASED_CTLS3 reports as 0 (all 64 bits; the field has no default1 bits).
     */
    static boolean tertiaryReservedBits(EntryContext c) {
        return (c.controls(ControlField.TERTIARY_PROCESSOR_BASED)
                & ~c.caps().allowed1(ControlField.TERTIARY_PROCESSOR_BASED)) == 0;
    }

    /** §27.2.1.1: CR3-target count not greater than IA32_VMX_MISC[24:16]. */
    static boolean cr3TargetCount(EntryContext c) {
        return c.get(CR3_TARGET_COUNT) <= c.caps().cr3TargetCount();
    }

    /** §27.2.1.1: with "use I/O bitmaps", both bitmap addresses 4-KByte aligned and in width. */
    static boolean ioBitmapAddresses(EntryContext c) {
        return !c.has(PrimaryProcessorBasedControl.USE_IO_BITMAPS)
                || c.pageAddressOk(c.get(IO_BITMAP_A_ADDRESS))
                && c.pageAddressOk(c.get(IO_BITMAP_B_ADDRESS));
    }

    /** §27.2.1.1: with "use MSR bitmaps", the MSR-bitmap address aligned and in width. */
    static boolean msrBitmapAddress(EntryContext c) {
        return !c.has(PrimaryProcessorBasedControl.USE_MSR_BITMAPS)
                || c.pageAddressOk(c.get(MSR_BITMAP_ADDRESS));
    }

    /** §27.2.1.1: with "use TPR shadow", the virtual-APIC address aligned and in width. */
    static boolean virtualApicAddress(EntryContext c) {
        return !c.has(PrimaryProcessorBasedControl.USE_TPR_SHADOW)
                || c.pageAddressOk(c.get(VIRTUAL_APIC_ADDRESS));
    }

    /** §27.2.1.1: with "use TPR shadow" and no virtual-interrupt delivery, TPR threshold[31:4] = 0. */
    static boolean tprThresholdReservedBits(EntryContext c) {
        return !c.has(PrimaryProcessorBasedControl.USE_TPR_SHADOW)
                || c.has(SecondaryProcessorBasedControl.VIRTUAL_INTERRUPT_DELIVERY)
                || (c.get(TPR_THRESHOLD) & ~0xFL) == 0;
    }

    /**
     * §27.2.1.1: with "use TPR shadow" and neither "virtualize APIC accesses" nor virtual-interrupt
     * delivery, TPR threshold[3:0] must not exceed VTPR[7:4] (byte 80H of the virtual-APIC page).
     */
    static boolean tprThresholdBelowVtpr(EntryContext c) {
        if (!c.has(PrimaryProcessorBasedControl.USE_TPR_SHADOW)
                || c.has(SecondaryProcessorBasedControl.VIRTUALIZE_APIC_ACCESSES)
                || c.has(SecondaryProcessorBasedControl.VIRTUAL_INTERRUPT_DELIVERY)) {
            return true;
        }
        int vtpr = c.memory().readInt(c.get(VIRTUAL_APIC_ADDRESS) + 0x80) & 0xFF;
        return (c.get(TPR_THRESHOLD) & 0xF) <= vtpr >>> 4;
    }

    /** §27.2.1.1: if "NMI exiting" is 0, "virtual NMIs" must be 0. */
    static boolean virtualNmisRequireNmiExiting(EntryContext c) {
        return c.has(PinBasedControl.NMI_EXITING) || !c.has(PinBasedControl.VIRTUAL_NMIS);
    }

    /** §27.2.1.1: if "virtual NMIs" is 0, "NMI-window exiting" must be 0. */
    static boolean nmiWindowRequiresVirtualNmis(EntryContext c) {
        return c.has(PinBasedControl.VIRTUAL_NMIS)
                || !c.has(PrimaryProcessorBasedControl.NMI_WINDOW_EXITING);
    }

    /** §27.2.1.1: with "virtualize APIC accesses", the APIC-access address aligned and in width. */
    static boolean apicAccessAddress(EntryContext c) {
        return !c.has(SecondaryProcessorBasedControl.VIRTUALIZE_APIC_ACCESSES)
                || c.pageAddressOk(c.get(APIC_ACCESS_ADDRESS));
    }

    /**
     * §27.2.1.1: if "use TPR shadow" is 0, "virtualize x2APIC mode", "APIC-register
     * virtualization" and "virtual-interrupt delivery" must all be 0.
     */
    static boolean apicVirtualizationRequiresTprShadow(EntryContext c) {
        return c.has(PrimaryProcessorBasedControl.USE_TPR_SHADOW)
                || !c.has(SecondaryProcessorBasedControl.VIRTUALIZE_X2APIC_MODE)
                && !c.has(SecondaryProcessorBasedControl.APIC_REGISTER_VIRTUALIZATION)
                && !c.has(SecondaryProcessorBasedControl.VIRTUAL_INTERRUPT_DELIVERY);
    }

    /** §27.2.1.1: if "virtualize x2APIC mode" is 1, "virtualize APIC accesses" must be 0. */
    static boolean x2apicModeExcludesApicAccesses(EntryContext c) {
        return !c.has(SecondaryProcessorBasedControl.VIRTUALIZE_X2APIC_MODE)
                || !c.has(SecondaryProcessorBasedControl.VIRTUALIZE_APIC_ACCESSES);
    }

    /** §27.2.1.1: if "virtual-interrupt delivery" is 1, "external-interrupt exiting" must be 1. */
    static boolean virtualInterruptDeliveryRequiresExternalInterruptExiting(EntryContext c) {
        return !c.has(SecondaryProcessorBasedControl.VIRTUAL_INTERRUPT_DELIVERY)
                || c.has(PinBasedControl.EXTERNAL_INTERRUPT_EXITING);
    }

    /** §27.2.1.1: with "enable VPID", the VPID must not be 0000H. */
    static boolean vpidNonZero(EntryContext c) {
        return !c.has(SecondaryProcessorBasedControl.ENABLE_VPID)
                || c.get(VIRTUAL_PROCESSOR_IDENTIFIER) != 0;
    }

    /** §27.2.1.1: with "enable EPT", the EPTP must be valid (§25.6.11). */
    static boolean eptPointerValid(EntryContext c) {
        return !c.has(SecondaryProcessorBasedControl.ENABLE_EPT)
                || new EptPointer(c.get(EPT_POINTER)).valid(c.caps());
    }

    /** §27.2.1.1: "unrestricted guest" requires "enable EPT". */
    static boolean unrestrictedGuestRequiresEpt(EntryContext c) {
        return !c.has(SecondaryProcessorBasedControl.UNRESTRICTED_GUEST)
                || c.has(SecondaryProcessorBasedControl.ENABLE_EPT);
    }

    /**
     * §27.2.1.1: "enable PML" requires "enable EPT", and the PML address must be 4-KByte aligned
     * and within the physical-address width.
     */
    static boolean pml(EntryContext c) {
        return !c.has(SecondaryProcessorBasedControl.ENABLE_PML)
                || c.has(SecondaryProcessorBasedControl.ENABLE_EPT) && c.pageAddressOk(c.get(PML_ADDRESS));
    }

    /** §27.2.1.1: with "enable VM functions", VM-function controls only set IA32_VMX_VMFUNC bits. */
    static boolean vmFunctionControlsReservedBits(EntryContext c) {
        if (!c.has(SecondaryProcessorBasedControl.ENABLE_VM_FUNCTIONS)) {
            return true;
        }
        long allowed = new VmxMsrs(c.caps()).vmfunc();
        return (c.get(VM_FUNCTION_CONTROLS) & ~allowed) == 0;
    }

    /**
     * §27.2.1.1: with EPTP switching (VM-function control bit 0), "enable EPT" must be 1 and the
     * EPTP-list address aligned and in width.
     */
    static boolean eptpSwitching(EntryContext c) {
        if (!c.has(SecondaryProcessorBasedControl.ENABLE_VM_FUNCTIONS)
                || (c.get(VM_FUNCTION_CONTROLS) & 1) == 0) {
            return true;
        }
        return c.has(SecondaryProcessorBasedControl.ENABLE_EPT)
                && c.pageAddressOk(c.get(EPTP_LIST_ADDRESS));
    }

    /** §27.2.1.2: "save VMX-preemption timer value" requires "activate VMX-preemption timer". */
    static boolean savePreemptionTimerRequiresTimer(EntryContext c) {
        return c.has(PinBasedControl.ACTIVATE_VMX_PREEMPTION_TIMER)
                || !c.has(VmExitControl.SAVE_VMX_PREEMPTION_TIMER_VALUE);
    }

    /** §27.2.1.2: VM-exit MSR-store area 16-byte aligned, last byte in width. */
    static boolean exitMsrStoreAddress(EntryContext c) {
        return msrArea(c, c.get(VM_EXIT_MSR_STORE_ADDRESS), c.get(VM_EXIT_MSR_STORE_COUNT));
    }

    /** §27.2.1.2: VM-exit MSR-load area 16-byte aligned, last byte in width. */
    static boolean exitMsrLoadAddress(EntryContext c) {
        return msrArea(c, c.get(VM_EXIT_MSR_LOAD_ADDRESS), c.get(VM_EXIT_MSR_LOAD_COUNT));
    }

    /** §27.2.1.3: VM-entry MSR-load area 16-byte aligned, last byte in width. */
    static boolean entryMsrLoadAddress(EntryContext c) {
        return msrArea(c, c.get(VM_ENTRY_MSR_LOAD_ADDRESS), c.get(VM_ENTRY_MSR_LOAD_COUNT));
    }

    private static boolean msrArea(EntryContext c, long address, long count) {
        if (count == 0) {
            return true;
        }
        long last = address + count * MsrArea.ENTRY_SIZE - 1;
        return (address & 0xF) == 0 && c.caps().withinPhysicalWidth(last);
    }
}
