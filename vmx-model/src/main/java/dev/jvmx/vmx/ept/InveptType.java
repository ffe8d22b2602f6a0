package dev.jvmx.vmx.ept;

/** INVEPT types, the register operand of INVEPT (SDM Vol. 3C §29.4.3.1, §31.3 INVEPT). */
public enum InveptType {
    /** Invalidates mappings tagged with EPTP[51:12] of the descriptor. */
    SINGLE_CONTEXT(1),
    /** Invalidates mappings of every EPTP. */
    ALL_CONTEXT(2);

    private final int value;

    InveptType(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** The type with register value {@code value}, or null. */
    public static InveptType of(long value) {
        for (InveptType t : values()) {
            if (t.value == value) {
                return t;
            }
        }
        return null;
    }
}
