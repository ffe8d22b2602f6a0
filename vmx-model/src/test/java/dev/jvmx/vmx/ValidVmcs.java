package dev.jvmx.vmx;

import static dev.jvmx.vmx.vmcs.VmcsField.*;

import dev.jvmx.vmx.cap.PinBasedControl;
import dev.jvmx.vmx.cap.PrimaryProcessorBasedControl;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmEntryControl;
import dev.jvmx.vmx.cap.VmExitControl;
import dev.jvmx.vmx.cap.VmxControl;
import dev.jvmx.vmx.vmcs.GuestSegmentFields;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.vmx.vmcs.VmcsField;

/**
 * A VMCS that passes every VM-entry check: a 64-bit host and a 64-bit guest with EPT (A/D on),
 * VPID, TPR shadow, I/O and MSR bitmaps, APIC-access virtualization and EPTP switching. Each
 * entry-check test breaks exactly one rule of it.
 */
public final class ValidVmcs {

    public static final long EPTP = 0x10000 | 6 | 3 << 3 | 1 << 6;
    public static final long HOST_RIP_VALUE = 0xFFFF_FFFF_8000_1000L;
    public static final long GUEST_RIP_VALUE = 0x1000;

    private ValidVmcs() {
    }

    public static long bits(VmxControl... controls) {
        long v = 0;
        for (VmxControl c : controls) {
            v |= c.mask();
        }
        return v;
    }

    public static Vmcs fill(Vmcs v) {
        controls(v);
        host(v);
        guest(v);
        return v;
    }

    static void controls(Vmcs v) {
        v.write(PIN_BASED_VM_EXECUTION_CONTROLS, bits(PinBasedControl.EXTERNAL_INTERRUPT_EXITING,
                PinBasedControl.NMI_EXITING, PinBasedControl.VIRTUAL_NMIS));
        v.write(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, 0x04006172L
                | bits(PrimaryProcessorBasedControl.HLT_EXITING,
                        PrimaryProcessorBasedControl.USE_TPR_SHADOW,
                        PrimaryProcessorBasedControl.USE_IO_BITMAPS,
                        PrimaryProcessorBasedControl.USE_MSR_BITMAPS,
                        PrimaryProcessorBasedControl.ACTIVATE_SECONDARY_CONTROLS));
        v.write(SECONDARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS,
                bits(SecondaryProcessorBasedControl.ENABLE_EPT,
                        SecondaryProcessorBasedControl.ENABLE_VPID,
                        SecondaryProcessorBasedControl.ENABLE_VM_FUNCTIONS,
                        SecondaryProcessorBasedControl.VIRTUALIZE_APIC_ACCESSES));
        v.write(PRIMARY_VM_EXIT_CONTROLS, 0x00036DFBL
                | bits(VmExitControl.HOST_ADDRESS_SPACE_SIZE, VmExitControl.LOAD_IA32_EFER,
                        VmExitControl.LOAD_IA32_PAT, VmExitControl.SAVE_IA32_EFER,
                        VmExitControl.SAVE_IA32_PAT, VmExitControl.ACKNOWLEDGE_INTERRUPT_ON_EXIT));
        v.write(VM_ENTRY_CONTROLS, 0x000011FBL
                | bits(VmEntryControl.IA32E_MODE_GUEST, VmEntryControl.LOAD_IA32_EFER,
                        VmEntryControl.LOAD_IA32_PAT, VmEntryControl.LOAD_DEBUG_CONTROLS));
        v.write(IO_BITMAP_A_ADDRESS, 0x6000);
        v.write(IO_BITMAP_B_ADDRESS, 0x7000);
        v.write(MSR_BITMAP_ADDRESS, 0x8000);
        v.write(VIRTUAL_APIC_ADDRESS, 0x5000);
        v.write(APIC_ACCESS_ADDRESS, 0x9000);
        v.write(EPT_POINTER, EPTP);
        v.write(VIRTUAL_PROCESSOR_IDENTIFIER, 1);
        v.write(VM_FUNCTION_CONTROLS, 1);
        v.write(EPTP_LIST_ADDRESS, 0xA000);
    }

    static void host(Vmcs v) {
        v.write(HOST_CR0, 0x8005_0033L);
        v.write(HOST_CR3, 0x1000);
        v.write(HOST_CR4, 0x2020);
        v.write(HOST_CS_SELECTOR, 0x8);
        v.write(HOST_SS_SELECTOR, 0x10);
        v.write(HOST_DS_SELECTOR, 0x10);
        v.write(HOST_ES_SELECTOR, 0x10);
        v.write(HOST_TR_SELECTOR, 0x18);
        v.write(HOST_GDTR_BASE, 0x2000);
        v.write(HOST_IDTR_BASE, 0x2800);
        v.write(HOST_TR_BASE, 0x2F00);
        v.write(HOST_IA32_EFER, 0xD01);
        v.write(HOST_IA32_PAT, 0x0007_0406_0007_0406L);
        v.write(HOST_RIP, HOST_RIP_VALUE);
        v.write(HOST_RSP, 0xFFFF_FFFF_8000_8000L);
    }

    static void guest(Vmcs v) {
        v.write(GUEST_CR0, 0x8000_0031L);
        v.write(GUEST_CR3, 0x3000);
        v.write(GUEST_CR4, 0x2020);
        v.write(GUEST_DR7, 0x400);
        v.write(GUEST_IA32_EFER, 0x500);
        v.write(GUEST_IA32_PAT, 0x0007_0406_0007_0406L);
        for (SegmentRegister r : SegmentRegister.values()) {
            GuestSegmentFields.write(v, r, new Segment(0x10, 0, 0xFFFF_FFFF, 0xC093));
        }
        GuestSegmentFields.write(v, SegmentRegister.CS, new Segment(0x8, 0, 0xFFFF_FFFF, 0xA09B));
        GuestSegmentFields.write(v, SegmentRegister.TR, new Segment(0x18, 0x4F00, 0x67, 0x8B));
        GuestSegmentFields.write(v, SegmentRegister.LDTR, Segment.unusable(0));
        v.write(GUEST_GDTR_BASE, 0x4000);
        v.write(GUEST_GDTR_LIMIT, 0xFFFF);
        v.write(GUEST_IDTR_BASE, 0x4800);
        v.write(GUEST_IDTR_LIMIT, 0xFFF);
        v.write(GUEST_RIP, GUEST_RIP_VALUE);
        v.write(GUEST_RSP, 0x8000);
        v.write(GUEST_RFLAGS, 0x2);
        v.write(VMCS_LINK_POINTER, -1L);
    }

    /** Sets {@code control} in its field of {@code v}. */
    public static void set(Vmcs v, VmxControl control, boolean on) {
        VmcsField f = fieldOf(control);
        long value = v.read(f);
        v.write(f, on ? value | control.mask() : value & ~control.mask());
    }

    static VmcsField fieldOf(VmxControl c) {
        return switch (c.field()) {
            case PIN_BASED -> PIN_BASED_VM_EXECUTION_CONTROLS;
            case PRIMARY_PROCESSOR_BASED -> PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS;
            case SECONDARY_PROCESSOR_BASED -> SECONDARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS;
            case PRIMARY_VM_EXIT -> PRIMARY_VM_EXIT_CONTROLS;
            case VM_ENTRY -> VM_ENTRY_CONTROLS;
            default -> throw new IllegalArgumentException(c.name());
        };
    }
}
