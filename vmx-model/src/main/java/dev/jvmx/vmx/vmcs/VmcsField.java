package dev.jvmx.vmx.vmcs;

import dev.jvmx.vmx.cap.PinBasedControl;
import dev.jvmx.vmx.cap.PrimaryProcessorBasedControl;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.cap.TertiaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmEntryControl;
import dev.jvmx.vmx.cap.VmExitControl;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.cap.VmxControl;
import java.util.HashMap;
import java.util.Map;

/**
 * Every architectural VMCS field (SDM Vol. 3C App. B, Tables B-1 to B-15), in encoding order.
 * Width and type come from the encoding itself ({@link VmcsFieldEncoding}); the second argument
 * names the control whose allowed-1 setting makes the field exist (SDM Vol. 3C §25.11.2: "a
 * field exists only on processors that support the corresponding feature"), null if every VMX
 * processor has it. Names follow the SDM's field names, upper-cased with underscores.
 */
public enum VmcsField {

    // 16-bit control fields (Table B-1)
    VIRTUAL_PROCESSOR_IDENTIFIER(0x0000, SecondaryProcessorBasedControl.ENABLE_VPID),
    POSTED_INTERRUPT_NOTIFICATION_VECTOR(0x0002, PinBasedControl.PROCESS_POSTED_INTERRUPTS),
    EPTP_INDEX(0x0004, SecondaryProcessorBasedControl.EPT_VIOLATION_VE),
    HLAT_PREFIX_SIZE(0x0006, TertiaryProcessorBasedControl.ENABLE_HLAT),
    LAST_PID_POINTER_INDEX(0x0008, TertiaryProcessorBasedControl.IPI_VIRTUALIZATION),
    // Fields newer than the SDM editions we could read, each confirmed by two sources: the
    // APIC-timer virtualization fields (virtual timer vector 000AH, guest deadline shadow 204EH,
    // guest deadline 2830H) by the Linux KVM series "KVM: VMX: Detect APIC timer virtualization
    // bit" (Feb 2026, arch/x86/include/asm/vmx.h and the nested vmcs12 names) and by Bochs
    // cpu/vmx.h (2024: VMCS_16BIT_CONTROL_VIRTUAL_TIMER_VECTOR, VMCS_64BIT_CONTROL_GUEST_DEADLINE_SHADOW,
    // VMCS_64BIT_GUEST_DEADLINE); MSR data 2402H (MSR-list instructions), guest IA32_SPEC_CTRL
    // 282EH and host IA32_SPEC_CTRL 2C1AH by Bochs cpu/vmx.h and its VM-entry / VM-exit code.
    VIRTUAL_TIMER_VECTOR(0x000A, TertiaryProcessorBasedControl.APIC_TIMER_VIRTUALIZATION),

    // 16-bit guest-state fields (Table B-2)
    GUEST_ES_SELECTOR(0x0800, null),
    GUEST_CS_SELECTOR(0x0802, null),
    GUEST_SS_SELECTOR(0x0804, null),
    GUEST_DS_SELECTOR(0x0806, null),
    GUEST_FS_SELECTOR(0x0808, null),
    GUEST_GS_SELECTOR(0x080A, null),
    GUEST_LDTR_SELECTOR(0x080C, null),
    GUEST_TR_SELECTOR(0x080E, null),
    GUEST_INTERRUPT_STATUS(0x0810, SecondaryProcessorBasedControl.VIRTUAL_INTERRUPT_DELIVERY),
    PML_INDEX(0x0812, SecondaryProcessorBasedControl.ENABLE_PML),
    GUEST_UINV(0x0814, VmEntryControl.LOAD_UINV),

    // 16-bit host-state fields (Table B-3)
    HOST_ES_SELECTOR(0x0C00, null),
    HOST_CS_SELECTOR(0x0C02, null),
    HOST_SS_SELECTOR(0x0C04, null),
    HOST_DS_SELECTOR(0x0C06, null),
    HOST_FS_SELECTOR(0x0C08, null),
    HOST_GS_SELECTOR(0x0C0A, null),
    HOST_TR_SELECTOR(0x0C0C, null),

    // 64-bit control fields (Table B-4)
    IO_BITMAP_A_ADDRESS(0x2000, PrimaryProcessorBasedControl.USE_IO_BITMAPS),
    IO_BITMAP_B_ADDRESS(0x2002, PrimaryProcessorBasedControl.USE_IO_BITMAPS),
    MSR_BITMAP_ADDRESS(0x2004, PrimaryProcessorBasedControl.USE_MSR_BITMAPS),
    VM_EXIT_MSR_STORE_ADDRESS(0x2006, null),
    VM_EXIT_MSR_LOAD_ADDRESS(0x2008, null),
    VM_ENTRY_MSR_LOAD_ADDRESS(0x200A, null),
    EXECUTIVE_VMCS_POINTER(0x200C, null),
    PML_ADDRESS(0x200E, SecondaryProcessorBasedControl.ENABLE_PML),
    TSC_OFFSET(0x2010, PrimaryProcessorBasedControl.USE_TSC_OFFSETTING),
    VIRTUAL_APIC_ADDRESS(0x2012, PrimaryProcessorBasedControl.USE_TPR_SHADOW),
    APIC_ACCESS_ADDRESS(0x2014, SecondaryProcessorBasedControl.VIRTUALIZE_APIC_ACCESSES),
    POSTED_INTERRUPT_DESCRIPTOR_ADDRESS(0x2016, PinBasedControl.PROCESS_POSTED_INTERRUPTS),
    VM_FUNCTION_CONTROLS(0x2018, SecondaryProcessorBasedControl.ENABLE_VM_FUNCTIONS),
    EPT_POINTER(0x201A, SecondaryProcessorBasedControl.ENABLE_EPT),
    EOI_EXIT_BITMAP_0(0x201C, SecondaryProcessorBasedControl.VIRTUAL_INTERRUPT_DELIVERY),
    EOI_EXIT_BITMAP_1(0x201E, SecondaryProcessorBasedControl.VIRTUAL_INTERRUPT_DELIVERY),
    EOI_EXIT_BITMAP_2(0x2020, SecondaryProcessorBasedControl.VIRTUAL_INTERRUPT_DELIVERY),
    EOI_EXIT_BITMAP_3(0x2022, SecondaryProcessorBasedControl.VIRTUAL_INTERRUPT_DELIVERY),
    EPTP_LIST_ADDRESS(0x2024, SecondaryProcessorBasedControl.ENABLE_VM_FUNCTIONS),
    VMREAD_BITMAP_ADDRESS(0x2026, SecondaryProcessorBasedControl.VMCS_SHADOWING),
    VMWRITE_BITMAP_ADDRESS(0x2028, SecondaryProcessorBasedControl.VMCS_SHADOWING),
    VIRTUALIZATION_EXCEPTION_INFORMATION_ADDRESS(0x202A, SecondaryProcessorBasedControl.EPT_VIOLATION_VE),
    XSS_EXITING_BITMAP(0x202C, SecondaryProcessorBasedControl.ENABLE_XSAVES_XRSTORS),
    ENCLS_EXITING_BITMAP(0x202E, SecondaryProcessorBasedControl.ENABLE_ENCLS_EXITING),
    SUB_PAGE_PERMISSION_TABLE_POINTER(0x2030, SecondaryProcessorBasedControl.SUB_PAGE_WRITE_PERMISSIONS_FOR_EPT),
    TSC_MULTIPLIER(0x2032, SecondaryProcessorBasedControl.USE_TSC_SCALING),
    TERTIARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS(0x2034, PrimaryProcessorBasedControl.ACTIVATE_TERTIARY_CONTROLS),
    ENCLV_EXITING_BITMAP(0x2036, SecondaryProcessorBasedControl.ENABLE_ENCLV_EXITING),
    LOW_PASID_DIRECTORY_ADDRESS(0x2038, SecondaryProcessorBasedControl.PASID_TRANSLATION),
    HIGH_PASID_DIRECTORY_ADDRESS(0x203A, SecondaryProcessorBasedControl.PASID_TRANSLATION),
    // Shared EPTP exists only for SEAM (TDX) VMCSs; the model ties it to a tertiary control
    // it never implements, so it stays an unsupported component.
    SHARED_EPTP(0x203C, TertiaryProcessorBasedControl.EPT_PAGING_WRITE_CONTROL),
    PCONFIG_EXITING_BITMAP(0x203E, SecondaryProcessorBasedControl.ENABLE_PCONFIG),
    HLATP(0x2040, TertiaryProcessorBasedControl.ENABLE_HLAT),
    PID_POINTER_TABLE_ADDRESS(0x2042, TertiaryProcessorBasedControl.IPI_VIRTUALIZATION),
    SECONDARY_VM_EXIT_CONTROLS(0x2044, VmExitControl.ACTIVATE_SECONDARY_CONTROLS),
    IA32_SPEC_CTRL_MASK(0x204A, TertiaryProcessorBasedControl.VIRTUALIZE_IA32_SPEC_CTRL),
    IA32_SPEC_CTRL_SHADOW(0x204C, TertiaryProcessorBasedControl.VIRTUALIZE_IA32_SPEC_CTRL),
    GUEST_DEADLINE_SHADOW(0x204E, TertiaryProcessorBasedControl.APIC_TIMER_VIRTUALIZATION),
    INJECTED_EVENT_DATA(0x2052, VmEntryControl.LOAD_IA32_FRED),

    // 64-bit read-only data fields (Table B-5)
    GUEST_PHYSICAL_ADDRESS(0x2400, SecondaryProcessorBasedControl.ENABLE_EPT),
    MSR_DATA(0x2402, TertiaryProcessorBasedControl.ENABLE_MSR_LIST_INSTRUCTIONS),
    ORIGINAL_EVENT_DATA(0x2404, VmEntryControl.LOAD_IA32_FRED),

    // 64-bit guest-state fields (Table B-6)
    VMCS_LINK_POINTER(0x2800, null),
    GUEST_IA32_DEBUGCTL(0x2802, null),
    GUEST_IA32_PAT(0x2804, VmEntryControl.LOAD_IA32_PAT),
    GUEST_IA32_EFER(0x2806, VmEntryControl.LOAD_IA32_EFER),
    GUEST_IA32_PERF_GLOBAL_CTRL(0x2808, VmEntryControl.LOAD_IA32_PERF_GLOBAL_CTRL),
    GUEST_PDPTE0(0x280A, SecondaryProcessorBasedControl.ENABLE_EPT),
    GUEST_PDPTE1(0x280C, SecondaryProcessorBasedControl.ENABLE_EPT),
    GUEST_PDPTE2(0x280E, SecondaryProcessorBasedControl.ENABLE_EPT),
    GUEST_PDPTE3(0x2810, SecondaryProcessorBasedControl.ENABLE_EPT),
    GUEST_IA32_BNDCFGS(0x2812, VmEntryControl.LOAD_IA32_BNDCFGS),
    GUEST_IA32_RTIT_CTL(0x2814, VmEntryControl.LOAD_IA32_RTIT_CTL),
    GUEST_IA32_LBR_CTL(0x2816, VmEntryControl.LOAD_GUEST_IA32_LBR_CTL),
    GUEST_IA32_PKRS(0x2818, VmEntryControl.LOAD_PKRS),
    GUEST_IA32_FRED_CONFIG(0x281A, VmEntryControl.LOAD_IA32_FRED),
    GUEST_IA32_FRED_RSP1(0x281C, VmEntryControl.LOAD_IA32_FRED),
    GUEST_IA32_FRED_RSP2(0x281E, VmEntryControl.LOAD_IA32_FRED),
    GUEST_IA32_FRED_RSP3(0x2820, VmEntryControl.LOAD_IA32_FRED),
    GUEST_IA32_FRED_STKLVLS(0x2822, VmEntryControl.LOAD_IA32_FRED),
    GUEST_IA32_FRED_SSP1(0x2824, VmEntryControl.LOAD_IA32_FRED),
    GUEST_IA32_FRED_SSP2(0x2826, VmEntryControl.LOAD_IA32_FRED),
    GUEST_IA32_FRED_SSP3(0x2828, VmEntryControl.LOAD_IA32_FRED),
    // Guest / host IA32_SPEC_CTRL are loaded under VM-entry / secondary VM-exit controls whose bit
    // positions we could not confirm; "virtualize IA32_SPEC_CTRL" (never allowed-1) stands for them.
    GUEST_IA32_SPEC_CTRL(0x282E, TertiaryProcessorBasedControl.VIRTUALIZE_IA32_SPEC_CTRL),
    GUEST_DEADLINE(0x2830, TertiaryProcessorBasedControl.APIC_TIMER_VIRTUALIZATION),

    // 64-bit host-state fields (Table B-7)
    HOST_IA32_PAT(0x2C00, VmExitControl.LOAD_IA32_PAT),
    HOST_IA32_EFER(0x2C02, VmExitControl.LOAD_IA32_EFER),
    HOST_IA32_PERF_GLOBAL_CTRL(0x2C04, VmExitControl.LOAD_IA32_PERF_GLOBAL_CTRL),
    HOST_IA32_PKRS(0x2C06, VmExitControl.LOAD_PKRS),
    // Host FRED state is loaded under a secondary VM-exit control; the model has no secondary
    // exit controls, so "activate secondary controls" (never allowed-1) stands for it.
    HOST_IA32_FRED_CONFIG(0x2C08, VmExitControl.ACTIVATE_SECONDARY_CONTROLS),
    HOST_IA32_FRED_RSP1(0x2C0A, VmExitControl.ACTIVATE_SECONDARY_CONTROLS),
    HOST_IA32_FRED_RSP2(0x2C0C, VmExitControl.ACTIVATE_SECONDARY_CONTROLS),
    HOST_IA32_FRED_RSP3(0x2C0E, VmExitControl.ACTIVATE_SECONDARY_CONTROLS),
    HOST_IA32_FRED_STKLVLS(0x2C10, VmExitControl.ACTIVATE_SECONDARY_CONTROLS),
    HOST_IA32_FRED_SSP1(0x2C12, VmExitControl.ACTIVATE_SECONDARY_CONTROLS),
    HOST_IA32_FRED_SSP2(0x2C14, VmExitControl.ACTIVATE_SECONDARY_CONTROLS),
    HOST_IA32_FRED_SSP3(0x2C16, VmExitControl.ACTIVATE_SECONDARY_CONTROLS),
    HOST_IA32_SPEC_CTRL(0x2C1A, TertiaryProcessorBasedControl.VIRTUALIZE_IA32_SPEC_CTRL),

    // 32-bit control fields (Table B-8)
    PIN_BASED_VM_EXECUTION_CONTROLS(0x4000, null),
    PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS(0x4002, null),
    EXCEPTION_BITMAP(0x4004, null),
    PAGE_FAULT_ERROR_CODE_MASK(0x4006, null),
    PAGE_FAULT_ERROR_CODE_MATCH(0x4008, null),
    CR3_TARGET_COUNT(0x400A, null),
    PRIMARY_VM_EXIT_CONTROLS(0x400C, null),
    VM_EXIT_MSR_STORE_COUNT(0x400E, null),
    VM_EXIT_MSR_LOAD_COUNT(0x4010, null),
    VM_ENTRY_CONTROLS(0x4012, null),
    VM_ENTRY_MSR_LOAD_COUNT(0x4014, null),
    VM_ENTRY_INTERRUPTION_INFORMATION(0x4016, null),
    VM_ENTRY_EXCEPTION_ERROR_CODE(0x4018, null),
    VM_ENTRY_INSTRUCTION_LENGTH(0x401A, null),
    TPR_THRESHOLD(0x401C, PrimaryProcessorBasedControl.USE_TPR_SHADOW),
    SECONDARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS(0x401E, PrimaryProcessorBasedControl.ACTIVATE_SECONDARY_CONTROLS),
    PLE_GAP(0x4020, SecondaryProcessorBasedControl.PAUSE_LOOP_EXITING),
    PLE_WINDOW(0x4022, SecondaryProcessorBasedControl.PAUSE_LOOP_EXITING),
    INSTRUCTION_TIMEOUT_CONTROL(0x4024, SecondaryProcessorBasedControl.INSTRUCTION_TIMEOUT),

    // 32-bit read-only data fields (Table B-9)
    VM_INSTRUCTION_ERROR(0x4400, null),
    VM_EXIT_REASON(0x4402, null),
    VM_EXIT_INTERRUPTION_INFORMATION(0x4404, null),
    VM_EXIT_INTERRUPTION_ERROR_CODE(0x4406, null),
    IDT_VECTORING_INFORMATION(0x4408, null),
    IDT_VECTORING_ERROR_CODE(0x440A, null),
    VM_EXIT_INSTRUCTION_LENGTH(0x440C, null),
    VM_EXIT_INSTRUCTION_INFORMATION(0x440E, null),

    // 32-bit guest-state fields (Table B-10)
    GUEST_ES_LIMIT(0x4800, null),
    GUEST_CS_LIMIT(0x4802, null),
    GUEST_SS_LIMIT(0x4804, null),
    GUEST_DS_LIMIT(0x4806, null),
    GUEST_FS_LIMIT(0x4808, null),
    GUEST_GS_LIMIT(0x480A, null),
    GUEST_LDTR_LIMIT(0x480C, null),
    GUEST_TR_LIMIT(0x480E, null),
    GUEST_GDTR_LIMIT(0x4810, null),
    GUEST_IDTR_LIMIT(0x4812, null),
    GUEST_ES_ACCESS_RIGHTS(0x4814, null),
    GUEST_CS_ACCESS_RIGHTS(0x4816, null),
    GUEST_SS_ACCESS_RIGHTS(0x4818, null),
    GUEST_DS_ACCESS_RIGHTS(0x481A, null),
    GUEST_FS_ACCESS_RIGHTS(0x481C, null),
    GUEST_GS_ACCESS_RIGHTS(0x481E, null),
    GUEST_LDTR_ACCESS_RIGHTS(0x4820, null),
    GUEST_TR_ACCESS_RIGHTS(0x4822, null),
    GUEST_INTERRUPTIBILITY_STATE(0x4824, null),
    GUEST_ACTIVITY_STATE(0x4826, null),
    GUEST_SMBASE(0x4828, null),
    GUEST_IA32_SYSENTER_CS(0x482A, null),
    VMX_PREEMPTION_TIMER_VALUE(0x482E, PinBasedControl.ACTIVATE_VMX_PREEMPTION_TIMER),

    // 32-bit host-state field (Table B-11)
    HOST_IA32_SYSENTER_CS(0x4C00, null),

    // natural-width control fields (Table B-12)
    CR0_GUEST_HOST_MASK(0x6000, null),
    CR4_GUEST_HOST_MASK(0x6002, null),
    CR0_READ_SHADOW(0x6004, null),
    CR4_READ_SHADOW(0x6006, null),
    CR3_TARGET_VALUE0(0x6008, null),
    CR3_TARGET_VALUE1(0x600A, null),
    CR3_TARGET_VALUE2(0x600C, null),
    CR3_TARGET_VALUE3(0x600E, null),

    // natural-width read-only data fields (Table B-13)
    EXIT_QUALIFICATION(0x6400, null),
    IO_RCX(0x6402, null),
    IO_RSI(0x6404, null),
    IO_RDI(0x6406, null),
    IO_RIP(0x6408, null),
    GUEST_LINEAR_ADDRESS(0x640A, null),

    // natural-width guest-state fields (Table B-14)
    GUEST_CR0(0x6800, null),
    GUEST_CR3(0x6802, null),
    GUEST_CR4(0x6804, null),
    GUEST_ES_BASE(0x6806, null),
    GUEST_CS_BASE(0x6808, null),
    GUEST_SS_BASE(0x680A, null),
    GUEST_DS_BASE(0x680C, null),
    GUEST_FS_BASE(0x680E, null),
    GUEST_GS_BASE(0x6810, null),
    GUEST_LDTR_BASE(0x6812, null),
    GUEST_TR_BASE(0x6814, null),
    GUEST_GDTR_BASE(0x6816, null),
    GUEST_IDTR_BASE(0x6818, null),
    GUEST_DR7(0x681A, null),
    GUEST_RSP(0x681C, null),
    GUEST_RIP(0x681E, null),
    GUEST_RFLAGS(0x6820, null),
    GUEST_PENDING_DEBUG_EXCEPTIONS(0x6822, null),
    GUEST_IA32_SYSENTER_ESP(0x6824, null),
    GUEST_IA32_SYSENTER_EIP(0x6826, null),
    GUEST_IA32_S_CET(0x6828, VmEntryControl.LOAD_CET_STATE),
    GUEST_SSP(0x682A, VmEntryControl.LOAD_CET_STATE),
    GUEST_IA32_INTERRUPT_SSP_TABLE_ADDR(0x682C, VmEntryControl.LOAD_CET_STATE),

    // natural-width host-state fields (Table B-15)
    HOST_CR0(0x6C00, null),
    HOST_CR3(0x6C02, null),
    HOST_CR4(0x6C04, null),
    HOST_FS_BASE(0x6C06, null),
    HOST_GS_BASE(0x6C08, null),
    HOST_TR_BASE(0x6C0A, null),
    HOST_GDTR_BASE(0x6C0C, null),
    HOST_IDTR_BASE(0x6C0E, null),
    HOST_IA32_SYSENTER_ESP(0x6C10, null),
    HOST_IA32_SYSENTER_EIP(0x6C12, null),
    HOST_RSP(0x6C14, null),
    HOST_RIP(0x6C16, null),
    HOST_IA32_S_CET(0x6C18, VmExitControl.LOAD_CET_STATE),
    HOST_SSP(0x6C1A, VmExitControl.LOAD_CET_STATE),
    HOST_IA32_INTERRUPT_SSP_TABLE_ADDR(0x6C1C, VmExitControl.LOAD_CET_STATE);

    private static final Map<Integer, VmcsField> BY_ENCODING = new HashMap<>();

    static {
        for (VmcsField f : values()) {
            BY_ENCODING.put(f.encoding, f);
        }
    }

    private final int encoding;
    private final VmxControl requires;

    VmcsField(int encoding, VmxControl requires) {
        this.encoding = encoding;
        this.requires = requires;
    }

    /** The full-access encoding (bit 0 clear). */
    public int encoding() {
        return encoding;
    }

    /** The HIGH-access encoding of a 64-bit field (bit 0 set); -1 for other widths. */
    public int highEncoding() {
        return width() == FieldWidth.BITS_64 ? encoding | 1 : -1;
    }

    public FieldWidth width() {
        return VmcsFieldEncoding.of(encoding).width();
    }

    public FieldType type() {
        return VmcsFieldEncoding.of(encoding).type();
    }

    public int index() {
        return VmcsFieldEncoding.of(encoding).index();
    }

    /** The control whose allowed-1 setting makes the field exist, or null if always present. */
    public VmxControl requires() {
        return requires;
    }

    /** Whether the field exists on a processor with {@code caps} (VMREAD/VMWRITE accept it). */
    public boolean supportedBy(VmxCapabilities caps) {
        return requires == null || caps.allows(requires);
    }

    /** The field with full-access encoding {@code encoding}, or null. */
    public static VmcsField ofEncoding(int encoding) {
        return BY_ENCODING.get(encoding);
    }

    /** Number of encodings: one per field plus a HIGH one per 64-bit field (App. B). */
    public static int encodingCount() {
        int n = 0;
        for (VmcsField f : values()) {
            n += f.width() == FieldWidth.BITS_64 ? 2 : 1;
        }
        return n;
    }

    /** Highest index of any field {@code caps} supports: IA32_VMX_VMCS_ENUM[9:1] (App. A.9). */
    public static int highestSupportedIndex(VmxCapabilities caps) {
        int max = 0;
        for (VmcsField f : values()) {
            if (f.supportedBy(caps)) {
                max = Math.max(max, f.index());
            }
        }
        return max;
    }

}
