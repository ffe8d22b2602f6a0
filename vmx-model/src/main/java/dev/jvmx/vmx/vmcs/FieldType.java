package dev.jvmx.vmx.vmcs;

/** Type of a VMCS field: encoding bits 11:10 (SDM Vol. 3C §25.11.2, Table 25-21). */
public enum FieldType {
    CONTROL("control"),
    /** VM-exit information; read-only unless IA32_VMX_MISC[29] is set (App. A.6). */
    READ_ONLY_DATA("read-only data"),
    GUEST_STATE("guest state"),
    HOST_STATE("host state");

    private final String label;

    FieldType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static FieldType ofCode(int code) {
        return values()[code & 3];
    }
}
