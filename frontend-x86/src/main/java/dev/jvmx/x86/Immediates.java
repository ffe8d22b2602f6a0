package dev.jvmx.x86;

/**
 * Reads the immediate fields that follow ModRM/SIB/displacement, in operand order, into
 * {@link DecodeContext#imm}: values are sign-extended where the SDM says so (Ibs, Iz, Jb, Jz),
 * zero-extended otherwise.
 */
final class Immediates {
    private Immediates() {}

    static void read(DecodeContext c, Form f, int opSize) {
        for (OperandSpec o : f.ops) {
            switch (o.kind()) {
                case I -> {
                    int bytes = immBytes(o.regSize(), opSize);
                    long v = c.read(bytes);
                    if (o.regSize() == OperandSpec.Size.z) v = bytes == 2 ? (short) v : (int) v;
                    c.imm[c.nimm++] = v;
                }
                case IS -> c.imm[c.nimm++] = (byte) c.next();
                case L -> c.imm[c.nimm++] = c.next();
                case J -> {
                    if (o.regSize() == OperandSpec.Size.b) c.imm[c.nimm++] = (byte) c.next();
                    else c.imm[c.nimm++] = opSize == 16 ? (short) c.read(2) : (int) c.read(4);
                }
                case O -> c.imm[c.nimm++] = c.read(c.addrSize / 8);
                case A -> {
                    c.imm[c.nimm++] = c.read(opSize == 16 ? 2 : 4);
                    c.imm[c.nimm++] = c.read(2);
                }
                default -> { }
            }
        }
    }

    private static int immBytes(OperandSpec.Size s, int opSize) {
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
}
