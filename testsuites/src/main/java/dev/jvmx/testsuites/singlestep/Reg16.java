package dev.jvmx.testsuites.singlestep;

/**
 * The 16-bit register file of the SingleStepTests real-mode sets, in the order of the MOO
 * format's REGS bitmask (bit 0 = ax ... bit 13 = flags); {@link #jsonName()} is the JSON key.
 */
public enum Reg16 {
    AX, BX, CX, DX, CS, SS, DS, ES, SP, BP, SI, DI, IP, FLAGS;

    private static final Reg16[] VALUES = values();

    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public int bit() {
        return 1 << ordinal();
    }

    public static Reg16 ofIndex(int i) {
        return VALUES[i];
    }

    /** The register with JSON key {@code name}, or null. */
    public static Reg16 ofJson(String name) {
        for (Reg16 r : VALUES) {
            if (r.jsonName().equals(name)) return r;
        }
        return null;
    }
}
