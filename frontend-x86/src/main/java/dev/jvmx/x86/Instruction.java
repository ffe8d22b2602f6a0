package dev.jvmx.x86;

import java.util.Arrays;
import java.util.Objects;

/**
 * One decoded instruction: immutable, produced once by the decoder and shared by the
 * interpreter, the block scanner, the translator and the disassembler. Nothing downstream
 * looks at raw bytes again.
 *
 * <p>Operands are in Intel order (destination first). Sizes are in bits. There are at most
 * {@link #MAX_OPERANDS}; they are held in fields rather than an array, which saves the decoder an
 * allocation per instruction.
 */
public final class Instruction {
    private final long address;
    private final Mnemonic mnemonic;
    private final Form form;
    private final Operand op0, op1, op2, op3;
    /**
     * Packed to keep the object small (56 bytes with compressed pointers: one is allocated per
     * decoded instruction):
     * <pre>
     *  bits 0..12   opSize            bits 13..14  mode ({@link Mode#ordinal()})
     *  bits 16..23  addrSize          bits 24..31  length
     * </pre>
     */
    private final int sizes;
    /**
     * <pre>
     *  bits 0..10   prefixes ({@link Prefix} bits)   bits 11..15  cond + 1 (0 = none)
     *  bits 16..27  encoding hints                   bits 28..30  operand count
     * </pre>
     */
    private final int bits;

    private static final Mode[] MODES = Mode.values();

    /** The most operands an instruction form has (VEX forms such as VBLENDVPS). */
    public static final int MAX_OPERANDS = 4;

    /**
     * @throws IllegalArgumentException with more than {@link #MAX_OPERANDS} operands, or a length,
     *     address size, operand size or prefix set that does not fit the fields (0..255, 0..255,
     *     0..8191, the {@link Prefix} bits), or a condition code outside -1..15
     */
    public Instruction(long address, int length, Mnemonic mnemonic, Form form, Mode mode, int opSize,
                       int addrSize, int prefixes, int cond, Operand... operands) {
        this(address, check(length, 0xFF, "length"), mnemonic, form, mode, check(opSize, 0x1FFF, "opSize"),
                check(addrSize, 0xFF, "addrSize"), check(prefixes, 0x7FF, "prefixes"), check(cond + 1, 16, "cond") - 1,
                check(operands.length, MAX_OPERANDS, "operand count"),
                at(operands, 0), at(operands, 1), at(operands, 2), at(operands, 3), 0);
    }

    private static int check(int v, int max, String what) {
        if (v < 0 || v > max) throw new IllegalArgumentException(what + " out of range: " + v);
        return v;
    }

    private static Operand at(Operand[] ops, int i) { return i < ops.length ? ops[i] : null; }

    /** For the decoder: {@code n} operands {@code o0..o3} (unused ones null) and the {@link #encodingHints()}. */
    Instruction(long address, int length, Mnemonic mnemonic, Form form, Mode mode, int opSize, int addrSize,
                int prefixes, int cond, int n, Operand o0, Operand o1, Operand o2, Operand o3, int encodingHints) {
        this(address, mnemonic, form, o0, o1, o2, o3, sizes(opSize, mode, addrSize, length),
                bits(prefixes, cond, encodingHints, n));
    }

    /** For the decoder's fast path: the two packed ints already assembled ({@link #sizes}, {@link #bits}). */
    Instruction(long address, Mnemonic mnemonic, Form form, Operand o0, Operand o1, Operand o2, Operand o3, int sizes,
                int bits) {
        this.address = address;
        this.mnemonic = mnemonic;
        this.form = form;
        this.op0 = o0;
        this.op1 = o1;
        this.op2 = o2;
        this.op3 = o3;
        this.sizes = sizes;
        this.bits = bits;
    }

    /** The packed {@link #sizes} field. */
    static int sizes(int opSize, Mode mode, int addrSize, int length) {
        return opSize | mode.ordinal() << 13 | addrSize << 16 | length << 24;
    }

    /** The packed {@link #bits} field. */
    static int bits(int prefixes, int cond, int encodingHints, int n) {
        return prefixes | (cond + 1) << 11 | encodingHints << 16 | n << 28;
    }

    /** {@link #encodingHints()}: a SIB byte was present (objdump prints {@code riz} for an index of 100b). */
    static final int HINT_SIB = 1;
    /** {@link #encodingHints()}: a displacement field was present (objdump prints {@code +0x0}). */
    static final int HINT_DISP = 2;

    /**
     * How the instruction was encoded, where the decoded operands do not say, for the formatter
     * only (objdump prints these encodings differently); 0 for instructions built by hand:
     * <pre>
     *  bit 0       {@link #HINT_SIB}        bit 1   {@link #HINT_DISP}
     *  bits 4..7   segment-override prefix: 0 none, else Sreg + 1 (the last one)
     *  bits 8..11  number of 66 prefixes (saturated at 15)
     * </pre>
     */
    int encodingHints() { return (bits >>> 16) & 0xFFF; }

    /** Linear address (or offset, for flat binaries) of the first byte. */
    public long address() { return address; }

    /** Bytes consumed, prefixes included (1..15; for {@link Mnemonic#TOO_LONG} the bytes up to the limit). */
    public int length() { return sizes >>> 24; }

    /** Address of the next instruction. */
    public long next() { return address + length(); }

    public Mnemonic mnemonic() { return mnemonic; }

    /** The definition-table entry this instruction was decoded from ({@code null} for INVALID/TRUNCATED/TOO_LONG). */
    public Form form() { return form; }

    public Mode mode() { return MODES[(sizes >> 13) & 3]; }

    /** Effective operand size in bits (8/16/32/64, or the vector length for SIMD forms). */
    public int opSize() { return sizes & 0x1FFF; }

    /** Effective address size in bits (16/32/64). */
    public int addrSize() { return (sizes >>> 16) & 0xFF; }

    /** Bits of {@link Prefix}. */
    public int prefixes() { return bits & 0x7FF; }

    public boolean has(int prefixBit) { return (bits & 0x7FF & prefixBit) != 0; }

    /**
     * Condition code tttn (SDM Vol. 1 App. B) for Jcc, SETcc, CMOVcc, FCMOVcc and LOOPcc-free forms:
     * 0=O 1=NO 2=B 3=AE 4=E 5=NE 6=BE 7=A 8=S 9=NS 10=P 11=NP 12=L 13=GE 14=LE 15=G; -1 if none.
     */
    public int cond() { return ((bits >> 11) & 31) - 1; }

    public int operandCount() { return bits >>> 28; }

    /** @throws IndexOutOfBoundsException unless {@code 0 <= i < operandCount()} */
    public Operand op(int i) {
        Objects.checkIndex(i, operandCount());
        return switch (i) { case 0 -> op0; case 1 -> op1; case 2 -> op2; default -> op3; };
    }

    /** A fresh array of the operands. */
    public Operand[] operands() {
        return Arrays.copyOf(new Operand[] {op0, op1, op2, op3}, operandCount());
    }

    /**
     * The CPUID feature this instruction needs (by VEX.L for forms where that matters, e.g. AVX2
     * for {@code vpaddd ymm}), {@code null} for decode failures; a CPU model without it raises #UD.
     */
    public Feature feature() { return form == null ? null : form.feature(has(Prefix.VEX_L)); }

    /** True for decode failures that raise an exception when executed (#UD, #GP for too long) or need more bytes. */
    public boolean isInvalid() {
        return mnemonic == Mnemonic.INVALID || mnemonic == Mnemonic.TOO_LONG || mnemonic == Mnemonic.TRUNCATED;
    }

    @Override
    public String toString() {
        return String.format("%x: %s %s", address, mnemonic, Arrays.toString(operands()));
    }
}
