package dev.jvmx.testsuites.diff;

/** The sixteen 64-bit general-purpose registers in SDM encoding order (Vol. 2A Table 2-2). */
public enum Gpr {
    RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15;

    private static final Gpr[] ALL = values();

    /** The register a ModRM/REX field value of 0..15 selects. */
    public static Gpr of(int encoding) {
        return ALL[encoding];
    }

    /** The 4-bit encoding (REX bit and ModRM field). */
    public int encoding() {
        return ordinal();
    }

    /** Intel-syntax lower-case name, e.g. {@code rax}, {@code r8}. */
    public String intelName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
