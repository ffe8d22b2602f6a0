package dev.jvmx.vmx;

/**
 * VM-instruction error numbers, stored in the VM_INSTRUCTION_ERROR field on VMfailValid
 * (SDM Vol. 3C §31.4, Table 31-1). Numbers 14, 21 and 27 are not defined by the SDM.
 */
public enum VmInstructionError {
    VMCALL_IN_VMX_ROOT_OPERATION(1, "VMCALL executed in VMX root operation"),
    VMCLEAR_INVALID_PHYSICAL_ADDRESS(2, "VMCLEAR with invalid physical address"),
    VMCLEAR_VMXON_POINTER(3, "VMCLEAR with VMXON pointer"),
    VMLAUNCH_NON_CLEAR_VMCS(4, "VMLAUNCH with non-clear VMCS"),
    VMRESUME_NON_LAUNCHED_VMCS(5, "VMRESUME with non-launched VMCS"),
    VMRESUME_AFTER_VMXOFF(6, "VMRESUME after VMXOFF (VMXOFF and VMXON between VMLAUNCH and VMRESUME)"),
    ENTRY_INVALID_CONTROL_FIELD(7, "VM entry with invalid control field(s)"),
    ENTRY_INVALID_HOST_STATE_FIELD(8, "VM entry with invalid host-state field(s)"),
    VMPTRLD_INVALID_PHYSICAL_ADDRESS(9, "VMPTRLD with invalid physical address"),
    VMPTRLD_VMXON_POINTER(10, "VMPTRLD with VMXON pointer"),
    VMPTRLD_INCORRECT_REVISION(11, "VMPTRLD with incorrect VMCS revision identifier"),
    UNSUPPORTED_VMCS_COMPONENT(12, "VMREAD/VMWRITE from/to unsupported VMCS component"),
    VMWRITE_READ_ONLY_COMPONENT(13, "VMWRITE to read-only VMCS component"),
    VMXON_IN_VMX_ROOT_OPERATION(15, "VMXON executed in VMX root operation"),
    ENTRY_INVALID_EXECUTIVE_VMCS_POINTER(16, "VM entry with invalid executive-VMCS pointer"),
    ENTRY_NON_LAUNCHED_EXECUTIVE_VMCS(17, "VM entry with non-launched executive VMCS"),
    ENTRY_EXECUTIVE_VMCS_NOT_VMXON_POINTER(18,
            "VM entry with executive-VMCS pointer not VMXON pointer"),
    VMCALL_NON_CLEAR_VMCS(19, "VMCALL with non-clear VMCS"),
    VMCALL_INVALID_VM_EXIT_CONTROL_FIELDS(20, "VMCALL with invalid VM-exit control fields"),
    VMCALL_INCORRECT_MSEG_REVISION(22, "VMCALL with incorrect MSEG revision identifier"),
    VMXOFF_UNDER_DUAL_MONITOR(23, "VMXOFF under dual-monitor treatment of SMIs and SMM"),
    VMCALL_INVALID_SMM_MONITOR_FEATURES(24, "VMCALL with invalid SMM-monitor features"),
    ENTRY_INVALID_EXECUTIVE_VMCS_CONTROLS(25,
            "VM entry with invalid VM-execution control fields in executive VMCS"),
    ENTRY_EVENTS_BLOCKED_BY_MOV_SS(26, "VM entry with events blocked by MOV SS"),
    INVALID_OPERAND_TO_INVEPT_INVVPID(28, "Invalid operand to INVEPT/INVVPID");

    private final int number;
    private final String description;

    VmInstructionError(int number, String description) {
        this.number = number;
        this.description = description;
    }

    /** The number written to VM_INSTRUCTION_ERROR. */
    public int number() {
        return number;
    }

    /** The SDM's wording (Table 31-1). */
    public String description() {
        return description;
    }

    /** The error with {@code number}, or null if the SDM defines none. */
    public static VmInstructionError ofNumber(int number) {
        for (VmInstructionError e : values()) {
            if (e.number == number) {
                return e;
            }
        }
        return null;
    }
}
