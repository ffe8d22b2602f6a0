package dev.jvmx.x86;

/**
 * The code-segment size the decoder works in: the D/L bits of CS (SDM Vol. 1 §3.6, Vol. 3A §5.2.1).
 * Real mode and 16-bit protected mode decode alike; that difference is the runtime's business.
 */
public enum Mode {
    BITS16(16), BITS32(32), BITS64(64);

    private final int bits;

    Mode(int bits) { this.bits = bits; }

    /** Default operand and address size in bits (64-bit mode: operand 32, address 64). */
    public int bits() { return bits; }

    public static Mode ofBits(int bits) {
        return switch (bits) {
            case 16 -> BITS16;
            case 32 -> BITS32;
            case 64 -> BITS64;
            default -> throw new IllegalArgumentException("mode must be 16, 32 or 64, not " + bits);
        };
    }
}
