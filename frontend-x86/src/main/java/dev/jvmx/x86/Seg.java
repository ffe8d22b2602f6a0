package dev.jvmx.x86;

/** Segment registers in the SDM's Sreg encoding order (Vol. 2A §3.1.1.3, Table 3-5). */
public enum Seg {
    ES, CS, SS, DS, FS, GS;

    private static final Seg[] VALUES = values();

    public static Seg ofSreg(int sreg) { return VALUES[sreg]; }
}
