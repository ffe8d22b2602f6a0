package dev.jvmx.vmx.vmcs;

/** Width of a VMCS field: encoding bits 14:13 (SDM Vol. 3C §25.11.2, Table 25-21). */
public enum FieldWidth {
    BITS_16("16-bit", 0xFFFFL),
    BITS_64("64-bit", -1L),
    BITS_32("32-bit", 0xFFFF_FFFFL),
    /** Natural width: 64 bits on processors that support Intel 64, as this model does. */
    NATURAL("natural", -1L);

    private final String label;
    private final long mask;

    FieldWidth(String label, long mask) {
        this.label = label;
        this.mask = mask;
    }

    /** The width as the field report prints it. */
    public String label() {
        return label;
    }

    /** The bits a VMWRITE keeps (§31.3 VMWRITE: the value is truncated to the field's width). */
    public long mask() {
        return mask;
    }

    /** The width with encoding bits 14:13 equal to {@code code}. */
    public static FieldWidth ofCode(int code) {
        return values()[code & 3];
    }
}
