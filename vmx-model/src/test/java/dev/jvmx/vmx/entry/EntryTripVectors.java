package dev.jvmx.vmx.entry;

import static dev.jvmx.vmx.entry.VmEntryCheck.*;
import static dev.jvmx.vmx.vmcs.VmcsField.*;

import dev.jvmx.vmx.ActivityState;
import dev.jvmx.vmx.FakeCpu;
import dev.jvmx.vmx.Segment;
import dev.jvmx.vmx.SegmentRegister;
import dev.jvmx.vmx.ValidVmcs;
import dev.jvmx.vmx.cap.PinBasedControl;
import dev.jvmx.vmx.cap.PrimaryProcessorBasedControl;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmEntryControl;
import dev.jvmx.vmx.cap.VmExitControl;
import dev.jvmx.vmx.exit.InterruptionInfo;
import dev.jvmx.vmx.vmcs.GuestSegmentFields;
import dev.jvmx.vmx.vmcs.Vmcs;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One mutation per VM-entry check that breaks {@link ValidVmcs} in exactly the way the check
 * catches (the check must be the first to fail). Read as a table: check, then what is broken.
 */
public final class EntryTripVectors {

    public static final Map<VmEntryCheck, BiConsumer<Vmcs, FakeCpu>> TRIPS =
            new EnumMap<>(VmEntryCheck.class);

    private static void trip(VmEntryCheck check, BiConsumer<Vmcs, FakeCpu> mutation) {
        TRIPS.put(check, mutation);
    }

    private static void inject(Vmcs v, int type, int vector, boolean errorCode) {
        v.write(VM_ENTRY_INTERRUPTION_INFORMATION,
                InterruptionInfo.of(type, vector, errorCode).value() & 0xFFFF_FFFFL);
    }

    private static void seg(Vmcs v, SegmentRegister r, int selector, long base, int limit,
            int ar) {
        GuestSegmentFields.write(v, r, new Segment(selector, base, limit, ar));
    }

    private static void v86Segments(Vmcs v) {
        for (SegmentRegister r : new SegmentRegister[] {SegmentRegister.CS, SegmentRegister.SS,
            SegmentRegister.DS, SegmentRegister.ES, SegmentRegister.FS, SegmentRegister.GS}) {
            seg(v, r, 0x100, 0x1000, 0xFFFF, 0xF3);
        }
    }

    static {
        controlTrips();
        hostTrips();
        guestRegisterTrips();
        guestSegmentTrips();
        guestNonRegisterTrips();
    }

    private static void controlTrips() {
        trip(PIN_BASED_RESERVED_BITS, (v, c) ->
                ValidVmcs.set(v, PinBasedControl.PROCESS_POSTED_INTERRUPTS, true));
        trip(PRIMARY_PROCESSOR_BASED_RESERVED_BITS, (v, c) -> v.write(
                PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS,
                v.read(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS) & ~2L));
        trip(SECONDARY_PROCESSOR_BASED_RESERVED_BITS, (v, c) ->
                ValidVmcs.set(v, SecondaryProcessorBasedControl.VMCS_SHADOWING, true));
        trip(TERTIARY_PROCESSOR_BASED_RESERVED_BITS, (v, c) -> {
            ValidVmcs.set(v, PrimaryProcessorBasedControl.ACTIVATE_TERTIARY_CONTROLS, true);
            v.write(TERTIARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, 1L << 40);
        });
        trip(CR3_TARGET_COUNT_LIMIT, (v, c) -> v.write(CR3_TARGET_COUNT, 5));
        trip(IO_BITMAP_ADDRESSES, (v, c) -> v.write(IO_BITMAP_A_ADDRESS, 0x6001));
        trip(MSR_BITMAP_ADDRESS_VALID, (v, c) -> v.write(MSR_BITMAP_ADDRESS, 0x8008));
        trip(VIRTUAL_APIC_ADDRESS_VALID, (v, c) -> v.write(VIRTUAL_APIC_ADDRESS, 0x5100));
        trip(TPR_THRESHOLD_RESERVED_BITS, (v, c) -> v.write(TPR_THRESHOLD, 0x10));
        trip(TPR_THRESHOLD_BELOW_VTPR, (v, c) -> {
            ValidVmcs.set(v, SecondaryProcessorBasedControl.VIRTUALIZE_APIC_ACCESSES, false);
            c.memory.writeInt(0x5080, 0x40);
            v.write(TPR_THRESHOLD, 5);
        });
        trip(VIRTUAL_NMIS_REQUIRE_NMI_EXITING, (v, c) ->
                ValidVmcs.set(v, PinBasedControl.NMI_EXITING, false));
        trip(NMI_WINDOW_EXITING_REQUIRES_VIRTUAL_NMIS, (v, c) -> {
            ValidVmcs.set(v, PinBasedControl.VIRTUAL_NMIS, false);
            ValidVmcs.set(v, PrimaryProcessorBasedControl.NMI_WINDOW_EXITING, true);
        });
        trip(APIC_ACCESS_ADDRESS_VALID, (v, c) -> v.write(APIC_ACCESS_ADDRESS, 0x9001));
        trip(APIC_VIRTUALIZATION_REQUIRES_TPR_SHADOW, (v, c) -> {
            ValidVmcs.set(v, PrimaryProcessorBasedControl.USE_TPR_SHADOW, false);
            ValidVmcs.set(v, SecondaryProcessorBasedControl.APIC_REGISTER_VIRTUALIZATION, true);
        });
        trip(X2APIC_MODE_EXCLUDES_APIC_ACCESSES, (v, c) ->
                ValidVmcs.set(v, SecondaryProcessorBasedControl.VIRTUALIZE_X2APIC_MODE, true));
        trip(VIRTUAL_INTERRUPT_DELIVERY_REQUIRES_EXTERNAL_INTERRUPT_EXITING, (v, c) -> {
            ValidVmcs.set(v, SecondaryProcessorBasedControl.VIRTUAL_INTERRUPT_DELIVERY, true);
            ValidVmcs.set(v, PinBasedControl.EXTERNAL_INTERRUPT_EXITING, false);
        });
        trip(VPID_NON_ZERO, (v, c) -> v.write(VIRTUAL_PROCESSOR_IDENTIFIER, 0));
        trip(EPT_POINTER_VALID, (v, c) -> v.write(EPT_POINTER, ValidVmcs.EPTP & ~7L | 1));
        trip(UNRESTRICTED_GUEST_REQUIRES_EPT, (v, c) -> {
            ValidVmcs.set(v, SecondaryProcessorBasedControl.UNRESTRICTED_GUEST, true);
            ValidVmcs.set(v, SecondaryProcessorBasedControl.ENABLE_EPT, false);
        });
        trip(PML_ADDRESS_VALID, (v, c) -> {
            ValidVmcs.set(v, SecondaryProcessorBasedControl.ENABLE_PML, true);
            v.write(PML_ADDRESS, 0xC010);
        });
        trip(VM_FUNCTION_CONTROLS_RESERVED_BITS, (v, c) -> v.write(VM_FUNCTION_CONTROLS, 3));
        trip(EPTP_SWITCHING, (v, c) -> v.write(EPTP_LIST_ADDRESS, 0xA010));
        trip(VM_EXIT_RESERVED_BITS, (v, c) ->
                ValidVmcs.set(v, VmExitControl.LOAD_IA32_PERF_GLOBAL_CTRL, true));
        trip(SAVE_PREEMPTION_TIMER_REQUIRES_TIMER, (v, c) ->
                ValidVmcs.set(v, VmExitControl.SAVE_VMX_PREEMPTION_TIMER_VALUE, true));
        trip(VM_EXIT_MSR_STORE_AREA, (v, c) -> {
            v.write(VM_EXIT_MSR_STORE_COUNT, 1);
            v.write(VM_EXIT_MSR_STORE_ADDRESS, 0xB004);
        });
        trip(VM_EXIT_MSR_LOAD_AREA, (v, c) -> {
            v.write(VM_EXIT_MSR_LOAD_COUNT, 2);
            v.write(VM_EXIT_MSR_LOAD_ADDRESS, (1L << 39) - 16);
        });
        trip(VM_ENTRY_RESERVED_BITS, (v, c) -> ValidVmcs.set(v, VmEntryControl.ENTRY_TO_SMM, true));
        trip(EVENT_INJECTION_TYPE, (v, c) -> inject(v, InterruptionInfo.TYPE_RESERVED, 3, false));
        trip(EVENT_INJECTION_VECTOR, (v, c) -> inject(v, InterruptionInfo.TYPE_NMI, 3, false));
        trip(EVENT_INJECTION_ERROR_CODE_DELIVERY, (v, c) ->
                inject(v, InterruptionInfo.TYPE_HARDWARE_EXCEPTION, 13, false));
        trip(EVENT_INJECTION_RESERVED_BITS, (v, c) -> v.write(VM_ENTRY_INTERRUPTION_INFORMATION,
                (InterruptionInfo.of(InterruptionInfo.TYPE_HARDWARE_EXCEPTION, 6, false).value()
                        | 1 << 20) & 0xFFFF_FFFFL));
        trip(EVENT_INJECTION_ERROR_CODE_RESERVED_BITS, (v, c) -> {
            inject(v, InterruptionInfo.TYPE_HARDWARE_EXCEPTION, 13, true);
            v.write(VM_ENTRY_EXCEPTION_ERROR_CODE, 0x10000);
        });
        trip(EVENT_INJECTION_INSTRUCTION_LENGTH, (v, c) ->
                inject(v, InterruptionInfo.TYPE_SOFTWARE_INTERRUPT, 0x80, false));
        trip(VM_ENTRY_MSR_LOAD_AREA, (v, c) -> {
            v.write(VM_ENTRY_MSR_LOAD_COUNT, 1);
            v.write(VM_ENTRY_MSR_LOAD_ADDRESS, 0xB008);
        });
    }

    private static void hostTrips() {
        trip(HOST_CR0_FIXED_BITS, (v, c) -> v.write(HOST_CR0, v.read(HOST_CR0) & ~0x20L));
        trip(HOST_CR4_FIXED_BITS, (v, c) -> v.write(HOST_CR4, 0x20));
        trip(HOST_CR3_WIDTH, (v, c) -> v.write(HOST_CR3, 1L << 45));
        trip(HOST_SYSENTER_CANONICAL, (v, c) -> v.write(HOST_IA32_SYSENTER_ESP, 1L << 47));
        trip(HOST_PAT_VALID, (v, c) -> v.write(HOST_IA32_PAT, 2));
        trip(HOST_EFER_VALID, (v, c) -> v.write(HOST_IA32_EFER, 0x101));
        trip(HOST_SELECTOR_RPL_AND_TI, (v, c) -> v.write(HOST_DS_SELECTOR, 0x13));
        trip(HOST_CS_AND_TR_NOT_NULL, (v, c) -> v.write(HOST_TR_SELECTOR, 0));
        trip(HOST_SS_NOT_NULL_FOR_32_BIT_HOST, (v, c) -> {
            ValidVmcs.set(v, VmExitControl.HOST_ADDRESS_SPACE_SIZE, false);
            ValidVmcs.set(v, VmExitControl.LOAD_IA32_EFER, false);
            v.write(HOST_SS_SELECTOR, 0);
        });
        trip(HOST_BASE_ADDRESSES_CANONICAL, (v, c) -> v.write(HOST_GS_BASE, 1L << 50));
        trip(ADDRESS_SPACE_SIZE_MATCHES_PROCESSOR, (v, c) -> {
            ValidVmcs.set(v, VmExitControl.HOST_ADDRESS_SPACE_SIZE, false);
            ValidVmcs.set(v, VmExitControl.LOAD_IA32_EFER, false);
        });
        trip(LEGACY_HOST_RESTRICTIONS, (v, c) -> {
            c.legacy();
            ValidVmcs.set(v, VmExitControl.HOST_ADDRESS_SPACE_SIZE, false);
            ValidVmcs.set(v, VmExitControl.LOAD_IA32_EFER, false);
            ValidVmcs.set(v, VmEntryControl.IA32E_MODE_GUEST, false);
            v.write(HOST_RIP, 1L << 32);
        });
        trip(LONG_MODE_HOST_REQUIREMENTS, (v, c) -> v.write(HOST_CR4, 0x2000));
    }

    private static void guestRegisterTrips() {
        trip(GUEST_CR0_FIXED_BITS, (v, c) -> v.write(GUEST_CR0, 0x8000_0011L));
        trip(GUEST_CR0_PAGING_REQUIRES_PROTECTION, (v, c) -> {
            ValidVmcs.set(v, SecondaryProcessorBasedControl.UNRESTRICTED_GUEST, true);
            v.write(GUEST_CR0, 0x8000_0030L);
        });
        trip(GUEST_CR4_FIXED_BITS, (v, c) -> v.write(GUEST_CR4, 0x20));
        trip(GUEST_DEBUGCTL_RESERVED_BITS, (v, c) -> v.write(GUEST_IA32_DEBUGCTL, 4));
        trip(GUEST_IA32E_MODE_REQUIRES_PAGING, (v, c) -> v.write(GUEST_CR4, 0x2000));
        trip(GUEST_PCIDE_REQUIRES_IA32E_MODE, (v, c) -> {
            ValidVmcs.set(v, VmEntryControl.IA32E_MODE_GUEST, false);
            v.write(GUEST_CR4, 0x22020);
        });
        trip(GUEST_CR3_WIDTH, (v, c) -> v.write(GUEST_CR3, 1L << 45));
        trip(GUEST_DR7_HIGH_BITS, (v, c) -> v.write(GUEST_DR7, 1L << 32));
        trip(GUEST_SYSENTER_CANONICAL, (v, c) -> v.write(GUEST_IA32_SYSENTER_EIP, 1L << 47));
        trip(GUEST_PAT_VALID, (v, c) -> v.write(GUEST_IA32_PAT, 3));
        trip(GUEST_EFER_VALID, (v, c) -> v.write(GUEST_IA32_EFER, 0x100));
        trip(GUEST_DESCRIPTOR_TABLES, (v, c) -> v.write(GUEST_GDTR_LIMIT, 0x10000));
        trip(GUEST_RIP_WIDTH, (v, c) -> v.write(GUEST_RIP, 1L << 47));
        trip(GUEST_RFLAGS_RESERVED_BITS, (v, c) -> v.write(GUEST_RFLAGS, 0));
        trip(GUEST_RFLAGS_VM, (v, c) -> {
            v86Segments(v);
            v.write(GUEST_RFLAGS, 0x20002);
        });
        trip(GUEST_RFLAGS_IF_FOR_EXTERNAL_INTERRUPT, (v, c) ->
                inject(v, InterruptionInfo.TYPE_EXTERNAL_INTERRUPT, 0x20, false));
    }

    private static void guestSegmentTrips() {
        trip(GUEST_TR_TI_FLAG, (v, c) -> seg(v, SegmentRegister.TR, 0x1C, 0, 0x67, 0x8B));
        trip(GUEST_LDTR_TI_FLAG, (v, c) -> seg(v, SegmentRegister.LDTR, 0x24, 0, 0xFF, 0x82));
        trip(GUEST_SS_RPL_EQUALS_CS_RPL, (v, c) ->
                seg(v, SegmentRegister.SS, 0x13, 0, 0xFFFF_FFFF, 0xC093));
        trip(GUEST_VIRTUAL_8086_SEGMENTS, (v, c) -> v.write(GUEST_RFLAGS, 0x20002));
        trip(GUEST_SEGMENT_BASE_ADDRESSES, (v, c) ->
                seg(v, SegmentRegister.FS, 0x10, 1L << 50, 0xFFFF_FFFF, 0xC093));
        trip(GUEST_CS_ACCESS_RIGHTS_VALID, (v, c) ->
                seg(v, SegmentRegister.CS, 0x8, 0, 0xFFFF_FFFF, 0xA093));
        trip(GUEST_SS_ACCESS_RIGHTS_VALID, (v, c) ->
                seg(v, SegmentRegister.SS, 0x10, 0, 0xFFFF_FFFF, 0xC091));
        trip(GUEST_DATA_SEGMENT_ACCESS_RIGHTS_VALID, (v, c) ->
                seg(v, SegmentRegister.DS, 0x10, 0, 0xFFFF_FFFF, 0xC013));
        trip(GUEST_TR_ACCESS_RIGHTS_VALID, (v, c) -> seg(v, SegmentRegister.TR, 0x18, 0, 0x67, 0x89));
        trip(GUEST_LDTR_ACCESS_RIGHTS_VALID, (v, c) -> seg(v, SegmentRegister.LDTR, 0x20, 0, 0xFF, 0x83));
    }

    private static void guestNonRegisterTrips() {
        trip(GUEST_ACTIVITY_STATE_SUPPORTED, (v, c) -> v.write(GUEST_ACTIVITY_STATE, 4));
        trip(GUEST_HLT_REQUIRES_SS_DPL_0, (v, c) -> {
            seg(v, SegmentRegister.CS, 0xB, 0, 0xFFFF_FFFF, 0xA0FB);
            seg(v, SegmentRegister.SS, 0x13, 0, 0xFFFF_FFFF, 0xC0F3);
            v.write(GUEST_ACTIVITY_STATE, ActivityState.HLT.value());
        });
        trip(GUEST_BLOCKING_REQUIRES_ACTIVE_STATE, (v, c) -> {
            v.write(GUEST_RFLAGS, 0x202);
            v.write(GUEST_INTERRUPTIBILITY_STATE, 1);
            v.write(GUEST_ACTIVITY_STATE, ActivityState.HLT.value());
        });
        trip(GUEST_ACTIVITY_STATE_ALLOWS_INJECTION, (v, c) -> {
            v.write(GUEST_RFLAGS, 0x202);
            v.write(GUEST_ACTIVITY_STATE, ActivityState.WAIT_FOR_SIPI.value());
            inject(v, InterruptionInfo.TYPE_EXTERNAL_INTERRUPT, 0x20, false);
        });
        trip(GUEST_INTERRUPTIBILITY_RESERVED_BITS, (v, c) ->
                v.write(GUEST_INTERRUPTIBILITY_STATE, 0x10));
        trip(GUEST_STI_AND_MOV_SS_EXCLUSIVE, (v, c) -> {
            v.write(GUEST_RFLAGS, 0x202);
            v.write(GUEST_INTERRUPTIBILITY_STATE, 3);
        });
        trip(GUEST_STI_BLOCKING_REQUIRES_IF, (v, c) -> v.write(GUEST_INTERRUPTIBILITY_STATE, 1));
        trip(GUEST_EXTERNAL_INTERRUPT_INJECTION_UNBLOCKED, (v, c) -> {
            v.write(GUEST_RFLAGS, 0x202);
            v.write(GUEST_INTERRUPTIBILITY_STATE, 2);
            inject(v, InterruptionInfo.TYPE_EXTERNAL_INTERRUPT, 0x20, false);
        });
        trip(GUEST_NMI_INJECTION_WITHOUT_MOV_SS_BLOCKING, (v, c) -> {
            v.write(GUEST_INTERRUPTIBILITY_STATE, 2);
            inject(v, InterruptionInfo.TYPE_NMI, 2, false);
        });
        trip(GUEST_SMI_BLOCKING_OUTSIDE_SMM, (v, c) -> v.write(GUEST_INTERRUPTIBILITY_STATE, 4));
        trip(GUEST_VIRTUAL_NMI_INJECTION_UNBLOCKED, (v, c) -> {
            v.write(GUEST_INTERRUPTIBILITY_STATE, 8);
            inject(v, InterruptionInfo.TYPE_NMI, 2, false);
        });
        trip(GUEST_PENDING_DEBUG_RESERVED_BITS, (v, c) ->
                v.write(GUEST_PENDING_DEBUG_EXCEPTIONS, 0x10));
        trip(GUEST_PENDING_DEBUG_SINGLE_STEP, (v, c) -> {
            v.write(GUEST_RFLAGS, 0x102);
            v.write(GUEST_INTERRUPTIBILITY_STATE, 2);
        });
        trip(GUEST_VMCS_LINK_POINTER, (v, c) -> v.write(VMCS_LINK_POINTER, 0x12_3000));
        trip(GUEST_PDPTES_VALID, (v, c) -> {
            ValidVmcs.set(v, VmEntryControl.IA32E_MODE_GUEST, false);
            v.write(GUEST_IA32_EFER, 0);
            seg(v, SegmentRegister.CS, 0x8, 0, 0xFFFF_FFFF, 0xC09B);
            v.write(GUEST_PDPTE0, 0x5003);
        });
        trip(GUEST_NMI_INJECTION_WITHOUT_STI_BLOCKING, (v, c) -> {
            v.write(GUEST_RFLAGS, 0x202);
            v.write(GUEST_INTERRUPTIBILITY_STATE, 1);
            inject(v, InterruptionInfo.TYPE_NMI, 2, false);
        });
    }

    private EntryTripVectors() {
    }
}
