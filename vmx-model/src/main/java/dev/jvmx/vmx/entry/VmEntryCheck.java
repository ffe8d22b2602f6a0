package dev.jvmx.vmx.entry;

import dev.jvmx.vmx.cap.ControlField;
import dev.jvmx.vmx.exit.ExitQualification;
import java.util.function.Predicate;

/**
 * Every VM-entry check the model makes, in the order it makes them (SDM Vol. 3C §27.2–§27.3),
 * with its section and its category, which decides how a failure is reported (§27.1, §27.8):
 * control and host-state failures are VMfailValid(7) / VMfailValid(8); guest-state failures
 * are VM exits with basic reason 33, bit 31 set and {@link #qualification()}.
 * MSR loading (§27.4) is not a check but an action; its failure is reason 34.
 */
public enum VmEntryCheck {
    // §27.2.1.1 VM-execution control fields
    PIN_BASED_RESERVED_BITS(Category.CONTROL, "27.2.1.1",
            c -> ControlChecks.reservedBits(c, ControlField.PIN_BASED)),
    PRIMARY_PROCESSOR_BASED_RESERVED_BITS(Category.CONTROL, "27.2.1.1",
            c -> ControlChecks.reservedBits(c, ControlField.PRIMARY_PROCESSOR_BASED)),
    SECONDARY_PROCESSOR_BASED_RESERVED_BITS(Category.CONTROL, "27.2.1.1",
            c -> ControlChecks.reservedBits(c, ControlField.SECONDARY_PROCESSOR_BASED)),
    TERTIARY_PROCESSOR_BASED_RESERVED_BITS(Category.CONTROL, "27.2.1.1",
            ControlChecks::tertiaryReservedBits),
    CR3_TARGET_COUNT_LIMIT(Category.CONTROL, "27.2.1.1", ControlChecks::cr3TargetCount),
    IO_BITMAP_ADDRESSES(Category.CONTROL, "27.2.1.1", ControlChecks::ioBitmapAddresses),
    MSR_BITMAP_ADDRESS_VALID(Category.CONTROL, "27.2.1.1", ControlChecks::msrBitmapAddress),
    VIRTUAL_APIC_ADDRESS_VALID(Category.CONTROL, "27.2.1.1", ControlChecks::virtualApicAddress),
    TPR_THRESHOLD_RESERVED_BITS(Category.CONTROL, "27.2.1.1",
            ControlChecks::tprThresholdReservedBits),
    TPR_THRESHOLD_BELOW_VTPR(Category.CONTROL, "27.2.1.1", ControlChecks::tprThresholdBelowVtpr),
    VIRTUAL_NMIS_REQUIRE_NMI_EXITING(Category.CONTROL, "27.2.1.1",
            ControlChecks::virtualNmisRequireNmiExiting),
    NMI_WINDOW_EXITING_REQUIRES_VIRTUAL_NMIS(Category.CONTROL, "27.2.1.1",
            ControlChecks::nmiWindowRequiresVirtualNmis),
    APIC_ACCESS_ADDRESS_VALID(Category.CONTROL, "27.2.1.1", ControlChecks::apicAccessAddress),
    APIC_VIRTUALIZATION_REQUIRES_TPR_SHADOW(Category.CONTROL, "27.2.1.1",
            ControlChecks::apicVirtualizationRequiresTprShadow),
    X2APIC_MODE_EXCLUDES_APIC_ACCESSES(Category.CONTROL, "27.2.1.1",
            ControlChecks::x2apicModeExcludesApicAccesses),
    VIRTUAL_INTERRUPT_DELIVERY_REQUIRES_EXTERNAL_INTERRUPT_EXITING(Category.CONTROL, "27.2.1.1",
            ControlChecks::virtualInterruptDeliveryRequiresExternalInterruptExiting),
    VPID_NON_ZERO(Category.CONTROL, "27.2.1.1", ControlChecks::vpidNonZero),
    EPT_POINTER_VALID(Category.CONTROL, "27.2.1.1", ControlChecks::eptPointerValid),
    UNRESTRICTED_GUEST_REQUIRES_EPT(Category.CONTROL, "27.2.1.1",
            ControlChecks::unrestrictedGuestRequiresEpt),
    PML_ADDRESS_VALID(Category.CONTROL, "27.2.1.1", ControlChecks::pml),
    VM_FUNCTION_CONTROLS_RESERVED_BITS(Category.CONTROL, "27.2.1.1",
            ControlChecks::vmFunctionControlsReservedBits),
    EPTP_SWITCHING(Category.CONTROL, "27.2.1.1", ControlChecks::eptpSwitching),
    // §27.2.1.2 VM-exit control fields
    VM_EXIT_RESERVED_BITS(Category.CONTROL, "27.2.1.2",
            c -> ControlChecks.reservedBits(c, ControlField.PRIMARY_VM_EXIT)),
    SAVE_PREEMPTION_TIMER_REQUIRES_TIMER(Category.CONTROL, "27.2.1.2",
            ControlChecks::savePreemptionTimerRequiresTimer),
    VM_EXIT_MSR_STORE_AREA(Category.CONTROL, "27.2.1.2", ControlChecks::exitMsrStoreAddress),
    VM_EXIT_MSR_LOAD_AREA(Category.CONTROL, "27.2.1.2", ControlChecks::exitMsrLoadAddress),
    // §27.2.1.3 VM-entry control fields
    VM_ENTRY_RESERVED_BITS(Category.CONTROL, "27.2.1.3",
            c -> ControlChecks.reservedBits(c, ControlField.VM_ENTRY)),
    EVENT_INJECTION_TYPE(Category.CONTROL, "27.2.1.3", EventInjectionChecks::type),
    EVENT_INJECTION_VECTOR(Category.CONTROL, "27.2.1.3", EventInjectionChecks::vector),
    EVENT_INJECTION_ERROR_CODE_DELIVERY(Category.CONTROL, "27.2.1.3",
            EventInjectionChecks::errorCodeDelivery),
    EVENT_INJECTION_RESERVED_BITS(Category.CONTROL, "27.2.1.3",
            EventInjectionChecks::reservedBits),
    EVENT_INJECTION_ERROR_CODE_RESERVED_BITS(Category.CONTROL, "27.2.1.3",
            EventInjectionChecks::errorCodeReservedBits),
    EVENT_INJECTION_INSTRUCTION_LENGTH(Category.CONTROL, "27.2.1.3",
            EventInjectionChecks::instructionLength),
    VM_ENTRY_MSR_LOAD_AREA(Category.CONTROL, "27.2.1.3", ControlChecks::entryMsrLoadAddress),
    // §27.2.2 host control registers and MSRs
    HOST_CR0_FIXED_BITS(Category.HOST_STATE, "27.2.2", HostStateChecks::cr0FixedBits),
    HOST_CR4_FIXED_BITS(Category.HOST_STATE, "27.2.2", HostStateChecks::cr4FixedBits),
    HOST_CR3_WIDTH(Category.HOST_STATE, "27.2.2", HostStateChecks::cr3Width),
    HOST_SYSENTER_CANONICAL(Category.HOST_STATE, "27.2.2", HostStateChecks::sysenterCanonical),
    HOST_PAT_VALID(Category.HOST_STATE, "27.2.2", HostStateChecks::patValid),
    HOST_EFER_VALID(Category.HOST_STATE, "27.2.2", HostStateChecks::eferValid),
    // §27.2.3 host segment and descriptor-table registers
    HOST_SELECTOR_RPL_AND_TI(Category.HOST_STATE, "27.2.3", HostStateChecks::selectorRplAndTi),
    HOST_CS_AND_TR_NOT_NULL(Category.HOST_STATE, "27.2.3", HostStateChecks::csAndTrNotNull),
    HOST_SS_NOT_NULL_FOR_32_BIT_HOST(Category.HOST_STATE, "27.2.3",
            HostStateChecks::ssNotNullFor32BitHost),
    HOST_BASE_ADDRESSES_CANONICAL(Category.HOST_STATE, "27.2.3",
            HostStateChecks::baseAddressesCanonical),
    // §27.2.4 address-space size
    ADDRESS_SPACE_SIZE_MATCHES_PROCESSOR(Category.HOST_STATE, "27.2.4",
            HostStateChecks::addressSpaceSizeMatchesProcessor),
    LEGACY_HOST_RESTRICTIONS(Category.HOST_STATE, "27.2.4",
            HostStateChecks::legacyHostRestrictions),
    LONG_MODE_HOST_REQUIREMENTS(Category.HOST_STATE, "27.2.4",
            HostStateChecks::longModeHostRequirements),
    // §27.3.1.1 guest control registers, debug registers and MSRs
    GUEST_CR0_FIXED_BITS(Category.GUEST_STATE, "27.3.1.1", GuestRegisterChecks::cr0FixedBits),
    GUEST_CR0_PAGING_REQUIRES_PROTECTION(Category.GUEST_STATE, "27.3.1.1",
            GuestRegisterChecks::cr0PagingRequiresProtection),
    GUEST_CR4_FIXED_BITS(Category.GUEST_STATE, "27.3.1.1", GuestRegisterChecks::cr4FixedBits),
    GUEST_DEBUGCTL_RESERVED_BITS(Category.GUEST_STATE, "27.3.1.1",
            GuestRegisterChecks::debugctlReservedBits),
    GUEST_IA32E_MODE_REQUIRES_PAGING(Category.GUEST_STATE, "27.3.1.1",
            GuestRegisterChecks::ia32eGuestPaging),
    GUEST_PCIDE_REQUIRES_IA32E_MODE(Category.GUEST_STATE, "27.3.1.1",
            GuestRegisterChecks::pcideRequiresIa32eGuest),
    GUEST_CR3_WIDTH(Category.GUEST_STATE, "27.3.1.1", GuestRegisterChecks::cr3Width),
    GUEST_DR7_HIGH_BITS(Category.GUEST_STATE, "27.3.1.1", GuestRegisterChecks::dr7HighBits),
    GUEST_SYSENTER_CANONICAL(Category.GUEST_STATE, "27.3.1.1",
            GuestRegisterChecks::sysenterCanonical),
    GUEST_PAT_VALID(Category.GUEST_STATE, "27.3.1.1", GuestRegisterChecks::patValid),
    GUEST_EFER_VALID(Category.GUEST_STATE, "27.3.1.1", GuestRegisterChecks::eferValid),
    // §27.3.1.2 guest segment registers
    GUEST_TR_TI_FLAG(Category.GUEST_STATE, "27.3.1.2", GuestSegmentChecks::trTiFlag),
    GUEST_LDTR_TI_FLAG(Category.GUEST_STATE, "27.3.1.2", GuestSegmentChecks::ldtrTiFlag),
    GUEST_SS_RPL_EQUALS_CS_RPL(Category.GUEST_STATE, "27.3.1.2",
            GuestSegmentChecks::ssRplEqualsCsRpl),
    GUEST_VIRTUAL_8086_SEGMENTS(Category.GUEST_STATE, "27.3.1.2",
            GuestSegmentChecks::virtual8086Segments),
    GUEST_SEGMENT_BASE_ADDRESSES(Category.GUEST_STATE, "27.3.1.2",
            GuestSegmentChecks::baseAddresses),
    GUEST_CS_ACCESS_RIGHTS_VALID(Category.GUEST_STATE, "27.3.1.2", GuestSegmentChecks::csAccessRights),
    GUEST_SS_ACCESS_RIGHTS_VALID(Category.GUEST_STATE, "27.3.1.2", GuestSegmentChecks::ssAccessRights),
    GUEST_DATA_SEGMENT_ACCESS_RIGHTS_VALID(Category.GUEST_STATE, "27.3.1.2",
            GuestSegmentChecks::dataSegmentAccessRights),
    GUEST_TR_ACCESS_RIGHTS_VALID(Category.GUEST_STATE, "27.3.1.2", GuestSegmentChecks::trAccessRights),
    GUEST_LDTR_ACCESS_RIGHTS_VALID(Category.GUEST_STATE, "27.3.1.2",
            GuestSegmentChecks::ldtrAccessRights),
    // §27.3.1.3 descriptor-table registers
    GUEST_DESCRIPTOR_TABLES(Category.GUEST_STATE, "27.3.1.3",
            GuestRegisterChecks::descriptorTables),
    // §27.3.1.4 RIP and RFLAGS
    GUEST_RIP_WIDTH(Category.GUEST_STATE, "27.3.1.4", GuestRegisterChecks::ripWidth),
    GUEST_RFLAGS_RESERVED_BITS(Category.GUEST_STATE, "27.3.1.4",
            GuestRegisterChecks::rflagsReservedBits),
    GUEST_RFLAGS_VM(Category.GUEST_STATE, "27.3.1.4", GuestRegisterChecks::rflagsVm),
    GUEST_RFLAGS_IF_FOR_EXTERNAL_INTERRUPT(Category.GUEST_STATE, "27.3.1.4",
            GuestRegisterChecks::rflagsIfForExternalInterrupt),
    // §27.3.1.5 non-register state
    GUEST_ACTIVITY_STATE_SUPPORTED(Category.GUEST_STATE, "27.3.1.5",
            GuestNonRegisterChecks::activityStateSupported),
    GUEST_HLT_REQUIRES_SS_DPL_0(Category.GUEST_STATE, "27.3.1.5",
            GuestNonRegisterChecks::hltRequiresSsDpl0),
    GUEST_BLOCKING_REQUIRES_ACTIVE_STATE(Category.GUEST_STATE, "27.3.1.5",
            GuestNonRegisterChecks::blockingRequiresActiveState),
    GUEST_ACTIVITY_STATE_ALLOWS_INJECTION(Category.GUEST_STATE, "27.3.1.5",
            GuestNonRegisterChecks::activityStateAllowsInjection),
    GUEST_INTERRUPTIBILITY_RESERVED_BITS(Category.GUEST_STATE, "27.3.1.5",
            GuestNonRegisterChecks::interruptibilityReservedBits),
    GUEST_STI_AND_MOV_SS_EXCLUSIVE(Category.GUEST_STATE, "27.3.1.5",
            GuestNonRegisterChecks::stiAndMovSsExclusive),
    GUEST_STI_BLOCKING_REQUIRES_IF(Category.GUEST_STATE, "27.3.1.5",
            GuestNonRegisterChecks::stiBlockingRequiresIf),
    GUEST_EXTERNAL_INTERRUPT_INJECTION_UNBLOCKED(Category.GUEST_STATE, "27.3.1.5",
            GuestNonRegisterChecks::externalInterruptInjectionUnblocked),
    GUEST_NMI_INJECTION_WITHOUT_MOV_SS_BLOCKING(Category.GUEST_STATE, "27.3.1.5",
            GuestNonRegisterChecks::nmiInjectionWithoutMovSsBlocking),
    GUEST_SMI_BLOCKING_OUTSIDE_SMM(Category.GUEST_STATE, "27.3.1.5",
            GuestNonRegisterChecks::smiBlockingOutsideSmm),
    GUEST_VIRTUAL_NMI_INJECTION_UNBLOCKED(Category.GUEST_STATE, "27.3.1.5",
            GuestNonRegisterChecks::virtualNmiInjectionUnblocked),
    GUEST_PENDING_DEBUG_RESERVED_BITS(Category.GUEST_STATE, "27.3.1.5",
            GuestNonRegisterChecks::pendingDebugReservedBits),
    GUEST_PENDING_DEBUG_SINGLE_STEP(Category.GUEST_STATE, "27.3.1.5",
            GuestNonRegisterChecks::pendingDebugSingleStep),
    GUEST_VMCS_LINK_POINTER(Category.GUEST_STATE, "27.3.1.5",
            GuestNonRegisterChecks::vmcsLinkPointer,
            ExitQualification.ENTRY_FAILURE_VMCS_LINK_POINTER),
    // §27.3.1.6 PDPTEs
    GUEST_PDPTES_VALID(Category.GUEST_STATE, "27.3.1.6", GuestNonRegisterChecks::pdptesValid,
            ExitQualification.ENTRY_FAILURE_PDPTE),
    // §27.8: a processor may refuse NMI injection under blocking by STI (qualification 3)
    GUEST_NMI_INJECTION_WITHOUT_STI_BLOCKING(Category.GUEST_STATE, "27.3.1.5",
            GuestNonRegisterChecks::nmiInjectionWithoutStiBlocking,
            ExitQualification.ENTRY_FAILURE_NMI_INJECTION);

    /** How a failed check is reported. */
    public enum Category {
        /** VMfailValid(7): VM entry with invalid control field(s). */
        CONTROL,
        /** VMfailValid(8): VM entry with invalid host-state field(s). */
        HOST_STATE,
        /** VM exit, basic reason 33, bit 31 set. */
        GUEST_STATE
    }

    private final Category category;
    private final String section;
    private final Predicate<EntryContext> check;
    private final long qualification;

    VmEntryCheck(Category category, String section, Predicate<EntryContext> check) {
        this(category, section, check, ExitQualification.ENTRY_FAILURE_DEFAULT);
    }

    VmEntryCheck(Category category, String section, Predicate<EntryContext> check,
            long qualification) {
        this.category = category;
        this.section = section;
        this.check = check;
        this.qualification = qualification;
    }

    public Category category() {
        return category;
    }

    /** The SDM Vol. 3C section that states the rule. */
    public String section() {
        return section;
    }

    /** Exit qualification of a guest-state failure (§27.8). */
    public long qualification() {
        return qualification;
    }

    /** True if {@code context} passes this check. */
    public boolean passes(EntryContext context) {
        return check.test(context);
    }

    /** The first check {@code context} fails, or null if it passes them all. */
    public static VmEntryCheck firstFailure(EntryContext context) {
        for (VmEntryCheck c : values()) {
            if (!c.passes(context)) {
                return c;
            }
        }
        return null;
    }
}
