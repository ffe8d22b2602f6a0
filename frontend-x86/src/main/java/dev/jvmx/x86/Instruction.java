package dev.jvmx.x86;

import java.util.Arrays;

/**
 * One decoded instruction: immutable, produced once by the decoder and shared by the
 * interpreter, the block scanner, the translator and the disassembler. Nothing downstream
 * looks at raw bytes again.
 *
 * <p>Operands are in Intel order (destination first). Sizes are in bits.
 */
public final class Instruction {
    private final long address;
    private final int length;
    private final Mnemonic mnemonic;
    private final Form form;
    private final Mode mode;
    private final int opSize;
    private final int addrSize;
    private final int prefixes;
    private final int cond;
    private final Operand[] operands;
    private final int encodingHints;

    public Instruction(long address, int length, Mnemonic mnemonic, Form form, Mode mode, int opSize,
                       int addrSize, int prefixes, int cond, Operand... operands) {
        this(address, length, mnemonic, form, mode, opSize, addrSize, prefixes, cond, operands.clone(), 0);
    }

    /**
     * For the decoder: takes ownership of {@code operands} (no defensive copy on the hot path) and
     * records the {@link #encodingHints()}.
     */
    Instruction(long address, int length, Mnemonic mnemonic, Form form, Mode mode, int opSize,
                int addrSize, int prefixes, int cond, Operand[] operands, int encodingHints) {
        this.address = address;
        this.length = length;
        this.mnemonic = mnemonic;
        this.form = form;
        this.mode = mode;
        this.opSize = opSize;
        this.addrSize = addrSize;
        this.prefixes = prefixes;
        this.cond = cond;
        this.operands = operands;
        this.encodingHints = encodingHints;
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
    int encodingHints() { return encodingHints; }

    /** Linear address (or offset, for flat binaries) of the first byte. */
    public long address() { return address; }

    /** Bytes consumed, prefixes included (1..15; for {@link Mnemonic#TOO_LONG} the bytes up to the limit). */
    public int length() { return length; }

    /** Address of the next instruction. */
    public long next() { return address + length; }

    public Mnemonic mnemonic() { return mnemonic; }

    /** The definition-table entry this instruction was decoded from ({@code null} for INVALID/TRUNCATED/TOO_LONG). */
    public Form form() { return form; }

    public Mode mode() { return mode; }

    /** Effective operand size in bits (8/16/32/64, or the vector length for SIMD forms). */
    public int opSize() { return opSize; }

    /** Effective address size in bits (16/32/64). */
    public int addrSize() { return addrSize; }

    /** Bits of {@link Prefix}. */
    public int prefixes() { return prefixes; }

    public boolean has(int prefixBit) { return (prefixes & prefixBit) != 0; }

    /**
     * Condition code tttn (SDM Vol. 1 App. B) for Jcc, SETcc, CMOVcc, FCMOVcc and LOOPcc-free forms:
     * 0=O 1=NO 2=B 3=AE 4=E 5=NE 6=BE 7=A 8=S 9=NS 10=P 11=NP 12=L 13=GE 14=LE 15=G; -1 if none.
     */
    public int cond() { return cond; }

    public int operandCount() { return operands.length; }

    public Operand op(int i) { return operands[i]; }

    public Operand[] operands() { return operands.clone(); }

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
        return String.format("%x: %s %s", address, mnemonic, Arrays.toString(operands));
    }
}
