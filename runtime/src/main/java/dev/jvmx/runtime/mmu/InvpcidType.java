package dev.jvmx.runtime.mmu;

/** INVPCID types, the register operand of INVPCID (SDM Vol. 2A INVPCID; Vol. 3A §4.10.4.1). */
public enum InvpcidType {
    /** Mappings of one linear address tagged with the PCID, except global translations. */
    INDIVIDUAL_ADDRESS(0),
    /** All mappings tagged with the PCID, except global translations. */
    SINGLE_CONTEXT(1),
    /** All mappings of every PCID, global translations included. */
    ALL_CONTEXT_INCLUDING_GLOBALS(2),
    /** All mappings of every PCID, except global translations. */
    ALL_CONTEXT(3);

    private final int value;

    InvpcidType(int value) { this.value = value; }

    public int value() { return value; }

    /** The type with register value {@code value}, or null (the instruction then raises #GP(0)). */
    public static InvpcidType of(long value) {
        for (InvpcidType t : values()) if (t.value == value) return t;
        return null;
    }
}
