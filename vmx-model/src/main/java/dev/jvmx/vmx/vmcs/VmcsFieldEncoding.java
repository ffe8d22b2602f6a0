package dev.jvmx.vmx.vmcs;

/**
 * A 32-bit VMCS component encoding, the operand of VMREAD and VMWRITE (SDM Vol. 3C §25.11.2,
 * Table 25-21):
 * <pre>
 *  31           15 14  13 12  11  10 9               1  0
 * +---------------+------+---+------+------------------+---+
 * |   reserved    | width| 0 | type |      index       | A |
 * +---------------+------+---+------+------------------+---+
 *   A (access type): 0 = full, 1 = high (bits 63:32 of a 64-bit field)
 *   type:  0 control, 1 VM-exit information (read-only data), 2 guest state, 3 host state
 *   width: 0 16-bit, 1 64-bit, 2 32-bit, 3 natural width
 * </pre>
 * Bits 31:15 and 12 are reserved; an encoding setting them names no field (VMfailValid(12)).
 */
public record VmcsFieldEncoding(long value) {

    /** The encoding as given; in 64-bit mode VMREAD/VMWRITE take a 64-bit register. */
    public static VmcsFieldEncoding of(long value) {
        return new VmcsFieldEncoding(value);
    }

    /** Bit 0: 1 for the HIGH access to bits 63:32 of a 64-bit field. */
    public boolean highAccess() {
        return (value & 1) != 0;
    }

    /** Bits 9:1. */
    public int index() {
        return (int) (value >>> 1) & 0x1FF;
    }

    /** Bits 11:10. */
    public FieldType type() {
        return FieldType.ofCode((int) (value >>> 10));
    }

    /** Bits 14:13. */
    public FieldWidth width() {
        return FieldWidth.ofCode((int) (value >>> 13));
    }

    /** True if a reserved bit (12, or 63:15) is set. */
    public boolean reservedBitsSet() {
        return (value & ~0x6FFFL) != 0;
    }

    /** The encoding of the full access to the same field (bit 0 cleared). */
    public int fullEncoding() {
        return (int) (value & ~1L);
    }

    /** Builds an encoding from its parts. */
    public static int compose(FieldWidth width, FieldType type, int index, boolean high) {
        return width.ordinal() << 13 | type.ordinal() << 10 | (index & 0x1FF) << 1
                | (high ? 1 : 0);
    }
}
