package dev.jvmx.x86;

/**
 * One decoded operand. Sizes are in bits. Everything the executor needs is resolved here once:
 * segment defaults, displacement sign extension, immediate extension, branch targets.
 */
public sealed interface Operand {

    /** Operand size in bits (0 when meaningless, e.g. a LEA/INVLPG memory operand has its own size rules). */
    int size();

    /** A register. For GPR the size says which part (8/16/32/64); XMM 128, YMM 256, MMX 64, ST 80. */
    record Reg(RegClass cls, int num, int size) implements Operand {}

    /**
     * A memory operand. {@code base}/{@code index} are GPR numbers or {@link #NONE};
     * {@code base == RIP} means RIP-relative, in which case {@code disp} is already the absolute
     * address (next-instruction RIP + disp32, masked to the address size).
     * {@code seg} is the effective segment (default DS, or SS for RSP/RBP-based forms, or the override).
     */
    record Mem(Seg seg, boolean segOverride, int base, int index, int scale, long disp, int size, int addrSize)
            implements Operand {
        public static final int NONE = -1;
        public static final int RIP = 16;
    }

    /** An immediate, already sign- or zero-extended as the form requires, to {@code size} bits. */
    record Imm(long value, int size) implements Operand {}

    /** A relative branch; {@code target} is the absolute target, masked to the operand size. */
    record Rel(long target, int size) implements Operand {}

    /** A far pointer ptr16:16 / ptr16:32 (JMP FAR / CALL FAR direct). */
    record Far(int selector, long offset, int size) implements Operand {}
}
