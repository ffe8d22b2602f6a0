package dev.jvmx.x86;

/**
 * Immediate fields, which follow ModRM/SIB/displacement in operand order (SDM Vol. 2A §2.1.4):
 * their sizes, and reading one with the extension the SDM specifies (sign-extended for Ibs, Iz,
 * Jb, Jz; zero-extended otherwise). {@link OperandBuilder} reads them while it builds operands.
 */
final class Immediates {
    private Immediates() {}

    /** Bytes of an {@code I} operand of size code {@code s}. */
    static int bytes(OperandSpec.Size s, int opSize) {
        return switch (s) {
            case b -> 1;
            case w -> 2;
            case d -> 4;
            case q -> 8;
            case v -> opSize / 8;
            case z -> opSize == 16 ? 2 : 4;
            default -> throw new IllegalStateException("immediate size " + s);
        };
    }

    /** An {@code I} immediate: zero-extended, except Iz which is sign-extended from 16 or 32 bits. */
    static long readI(DecodeContext c, OperandSpec o, int opSize) {
        OperandSpec.Size s = o.regSize();
        if (s == OperandSpec.Size.b) return c.read(1);
        int bytes = bytes(s, opSize);
        long v = c.read(bytes);
        if (s == OperandSpec.Size.z) v = bytes == 2 ? (short) v : (int) v;
        return v;
    }

    /** A {@code J} displacement, sign-extended. */
    static long readJ(DecodeContext c, OperandSpec o, int opSize) {
        if (o.regSize() == OperandSpec.Size.b) return (byte) c.read(1);
        return opSize == 16 ? (short) c.read(2) : (int) c.read(4);
    }
}
