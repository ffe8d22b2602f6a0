package dev.jvmx.vmx.ept;

/** INVVPID types, the register operand of INVVPID (SDM Vol. 3C §29.4.3.3, §31.3 INVVPID). */
public enum InvvpidType {
    /** Mappings of one linear address tagged with the descriptor's VPID. */
    INDIVIDUAL_ADDRESS(0),
    /** All mappings tagged with the descriptor's VPID. */
    SINGLE_CONTEXT(1),
    /** All mappings tagged with any VPID other than 0000H. */
    ALL_CONTEXT(2),
    /** As single-context, but global translations are kept. */
    SINGLE_CONTEXT_RETAINING_GLOBALS(3);

    private final int value;

    InvvpidType(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** The type with register value {@code value}, or null. */
    public static InvvpidType of(long value) {
        for (InvvpidType t : values()) {
            if (t.value == value) {
                return t;
            }
        }
        return null;
    }
}
