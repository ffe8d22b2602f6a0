package dev.jvmx.vmx.vmcs;

import static dev.jvmx.vmx.vmcs.VmcsField.*;

import dev.jvmx.vmx.Segment;
import dev.jvmx.vmx.SegmentRegister;
import dev.jvmx.vmx.cap.ControlField;
import dev.jvmx.vmx.cap.PinBasedControl;
import dev.jvmx.vmx.cap.PrimaryProcessorBasedControl;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmEntryControl;
import dev.jvmx.vmx.cap.VmExitControl;
import dev.jvmx.vmx.cap.VmxControl;

/**
 * A VMCS a Java monitor can launch: controls that exit on everything a platform monitor must
 * see (external interrupts, NMIs, HLT, all I/O, all MSR accesses, CPUID by architecture), EPT,
 * an optional VPID, a flat 64-bit host, and the architectural reset-like state of the guest in
 * one of three modes. It passes every VM-entry check of ch. 27; the caller sets RIP / RSP and
 * adds controls.
 */
public final class VmcsTemplate {

    /** The guest's starting mode. */
    public enum GuestMode {
        /** Real mode at CS base F0000H (needs "unrestricted guest", §26.6). */
        REAL,
        /** 32-bit protected mode, flat segments, paging off (needs "unrestricted guest"). */
        PROTECTED_FLAT,
        /** 64-bit mode, flat segments, 4-level paging with CR3 from the caller. */
        LONG_FLAT
    }

    private static final long HOST_CR0_VALUE = 0x8005_0033L;
    private static final long HOST_CR4_VALUE = 0x2020L;

    private VmcsTemplate() {
    }

    /**
     * Fills {@code vmcs}. {@code eptp} must be a valid EPTP; {@code vpid} 0 leaves VPIDs off;
     * {@code cr3} is the guest CR3 (used by {@link GuestMode#LONG_FLAT}).
     */
    public static Vmcs initialize(Vmcs vmcs, GuestMode mode, long eptp, int vpid, long cr3) {
        controls(vmcs, mode, eptp, vpid);
        host(vmcs);
        guest(vmcs, mode, cr3);
        return vmcs;
    }

    private static long bits(VmxControl... controls) {
        long v = 0;
        for (VmxControl c : controls) {
            v |= c.mask();
        }
        return v;
    }

    private static void controls(Vmcs v, GuestMode mode, long eptp, int vpid) {
        v.write(PIN_BASED_VM_EXECUTION_CONTROLS, bits(PinBasedControl.EXTERNAL_INTERRUPT_EXITING,
                PinBasedControl.NMI_EXITING));
        v.write(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS,
                ControlField.PRIMARY_PROCESSOR_BASED.trueDefault1()
                        | bits(PrimaryProcessorBasedControl.HLT_EXITING,
                                PrimaryProcessorBasedControl.UNCONDITIONAL_IO_EXITING,
                                PrimaryProcessorBasedControl.ACTIVATE_SECONDARY_CONTROLS));
        long secondary = bits(SecondaryProcessorBasedControl.ENABLE_EPT)
                | (vpid != 0 ? bits(SecondaryProcessorBasedControl.ENABLE_VPID) : 0)
                | (mode != GuestMode.LONG_FLAT
                        ? bits(SecondaryProcessorBasedControl.UNRESTRICTED_GUEST) : 0);
        v.write(SECONDARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, secondary);
        v.write(EPT_POINTER, eptp);
        v.write(VIRTUAL_PROCESSOR_IDENTIFIER, vpid);
        v.write(PRIMARY_VM_EXIT_CONTROLS, ControlField.PRIMARY_VM_EXIT.trueDefault1()
                | bits(VmExitControl.HOST_ADDRESS_SPACE_SIZE, VmExitControl.SAVE_IA32_EFER,
                        VmExitControl.LOAD_IA32_EFER, VmExitControl.ACKNOWLEDGE_INTERRUPT_ON_EXIT));
        v.write(VM_ENTRY_CONTROLS, ControlField.VM_ENTRY.trueDefault1()
                | bits(VmEntryControl.LOAD_IA32_EFER)
                | (mode == GuestMode.LONG_FLAT ? bits(VmEntryControl.IA32E_MODE_GUEST) : 0));
    }

    private static void host(Vmcs v) {
        v.write(HOST_CR0, HOST_CR0_VALUE);
        v.write(HOST_CR4, HOST_CR4_VALUE);
        v.write(HOST_CS_SELECTOR, 0x08);
        v.write(HOST_SS_SELECTOR, 0x10);
        v.write(HOST_DS_SELECTOR, 0x10);
        v.write(HOST_ES_SELECTOR, 0x10);
        v.write(HOST_TR_SELECTOR, 0x18);
        v.write(HOST_IA32_EFER, 0xD01);
    }

    private static void guest(Vmcs v, GuestMode mode, long cr3) {
        switch (mode) {
            case REAL -> realMode(v);
            case PROTECTED_FLAT -> flat(v, 0x31L, 0, 0xC09B, 0);
            case LONG_FLAT -> flat(v, 0x8000_0031L, 0x2020, 0xA09B, 0x500);
        }
        if (mode == GuestMode.LONG_FLAT) {
            v.write(GUEST_CR3, cr3);
        }
        GuestSegmentFields.write(v, SegmentRegister.LDTR, Segment.unusable(0));
        v.write(GUEST_GDTR_LIMIT, 0xFFFF);
        v.write(GUEST_IDTR_LIMIT, 0xFFFF);
        v.write(GUEST_RFLAGS, 0x2);
        v.write(GUEST_DR7, 0x400);
        v.write(VMCS_LINK_POINTER, -1L);
    }

    /** Real mode as after RESET (SDM Vol. 3A §10.1.4), with CR0.NE set as VMX requires. */
    private static void realMode(Vmcs v) {
        v.write(GUEST_CR0, 0x30);
        v.write(GUEST_CR4, 0x2000);
        for (SegmentRegister r : SegmentRegister.values()) {
            GuestSegmentFields.write(v, r, new Segment(0, 0, 0xFFFF, 0x93));
        }
        GuestSegmentFields.write(v, SegmentRegister.CS, new Segment(0xF000, 0xF0000, 0xFFFF, 0x9B));
        GuestSegmentFields.write(v, SegmentRegister.TR, new Segment(0, 0, 0xFFFF, 0x8B));
        v.write(GUEST_IA32_EFER, 0);
        v.write(GUEST_RIP, 0xFFF0);
    }

    private static void flat(Vmcs v, long cr0, long cr4, int csAccessRights, long efer) {
        v.write(GUEST_CR0, cr0);
        v.write(GUEST_CR4, cr4 | 0x2000);
        for (SegmentRegister r : SegmentRegister.values()) {
            GuestSegmentFields.write(v, r, new Segment(0x10, 0, 0xFFFF_FFFF, 0xC093));
        }
        GuestSegmentFields.write(v, SegmentRegister.CS,
                new Segment(0x08, 0, 0xFFFF_FFFF, csAccessRights));
        GuestSegmentFields.write(v, SegmentRegister.TR, new Segment(0x18, 0, 0x67, 0x8B));
        v.write(GUEST_IA32_EFER, efer);
    }
}
