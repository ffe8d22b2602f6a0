package dev.jvmx.x86;

/**
 * Bytes to {@link Instruction}, driven by the definition table ({@link DefinitionTable}).
 *
 * <p>{@code decode} never throws on guest bytes: an invalid encoding yields {@link Mnemonic#INVALID}
 * with the bytes consumed, more than 15 bytes yields {@link Mnemonic#TOO_LONG}, and running out of
 * {@code available} bytes before the instruction is complete yields {@link Mnemonic#TRUNCATED}
 * (the caller fetches more, or raises the fetch fault of the next page).
 */
public final class Decoder {
    private Decoder() {}

    private static final ThreadLocal<DecodeContext> CONTEXT = ThreadLocal.withInitial(DecodeContext::new);

    /**
     * The context of the thread that decoded last: a plain read and one compare instead of a
     * {@link ThreadLocal} lookup when one thread decodes many instructions in a row (the usual
     * case). The holder is immutable, so a racy read sees either a complete holder or another one.
     */
    private static Owner last = new Owner(null, null);

    private record Owner(Thread thread, DecodeContext context) {}

    private static DecodeContext context() {
        Owner o = last;
        Thread t = Thread.currentThread();
        if (o.thread == t) return o.context;
        DecodeContext c = CONTEXT.get();
        last = new Owner(t, c);
        return c;
    }

    /**
     * The pipeline of package-info.java, as one method: the stages are inlined into it, so the
     * per-decode state can stay in registers (a separate method for the pipeline would be compiled
     * on its own and then be too big for HotSpot to inline here). See {@link DecodeContext}.
     */
    public static Instruction decode(Mode mode, byte[] code, int offset, int available, long address) {
        if (available >= 15 && offset >= 0 && code.length - offset >= 15) {
            Instruction ins = FastPath.decode(mode, code, offset, address);
            if (ins != null) return ins;
        }
        return decodeGeneral(mode, code, offset, available, address);
    }

    /** {@link #decode} without {@link FastPath}: every shape, through the {@link DecodeContext}. */
    static Instruction decodeGeneral(Mode mode, byte[] code, int offset, int available, long address) {
        DecodeContext c = context();
        c.reset(mode, code, offset, available, address);
        try {
            c.readPrefixes();
            c.readOpcode();
            if ((c.vex & DecodeContext.EVEX) != 0) return new Instruction(c.address, c.length(), Mnemonic.UNSUPPORTED_EVEX,
                    null, c.mode, 0, c.addrSize, c.prefixes(), -1, 0, null, null, null, null, c.encodingHints());
            int slot = c.slot;
            int info = DecodeTables.info(slot);
            if (info != 0) ModrmReader.read(c, info);
            else if (c.isVex()) ModrmReader.readModrm(c, false); // undefined VEX slot: #UD after its ModRM
            else c.noModrm();
            // one candidate that constrains nothing (most one-byte opcodes): independent loads of the
            // form, its packed attributes, operands and mnemonic, and no signature
            int si = DecodeTables.soleIndex(c.modeIndex, slot, c.reg);
            Form f = DecodeTables.sole(si);
            int hot = DecodeTables.soleHot(si);
            OperandSpec[] ops = DecodeTables.soleOps(si);
            Mnemonic m = DecodeTables.soleMnemonic(si);
            if (f == null) {
                Form[] cands = DecodeTables.candidates(c.modeIndex, slot, c.reg);
                f = cands == null ? null : select(c, cands);
                if (f == null) return failure(c, Mnemonic.INVALID);
                hot = f.hot;
                ops = f.ops;
                m = f.mnemonic;
            }
            if ((c.vex & DecodeContext.VEX_BAD) != 0 || !legal(c, hot)) return failure(c, Mnemonic.INVALID);
            int opSize = operandSize(c, hot);
            if ((hot & Form.HOT_BY_SIZE) != 0) m = bySize(f, opSize, c.addrSize);
            Instruction ins = OperandBuilder.build(c, f, ops, hot, opSize, m, reportedSize(hot, opSize, c.vexL()));
            return ins != null ? ins : failure(c, Mnemonic.INVALID);
        } catch (DecodeContext.Stop stop) {
            Mnemonic m = stop == DecodeContext.TOO_LONG ? Mnemonic.TOO_LONG : Mnemonic.TRUNCATED;
            return failure(c, m);
        }
    }

    private static Instruction failure(DecodeContext c, Mnemonic m) {
        int len = m == Mnemonic.TOO_LONG ? 15 : Math.max(1, c.length());
        int addrSize = c.addrSize == 0 ? c.mode.bits() : c.addrSize;
        return new Instruction(c.address, len, m, null, c.mode, 0, addrSize, c.prefixes(), -1, 0,
                null, null, null, null, 0);
    }

    private static final int[] VEX_PP_TO_PFX = {Form.PFX_NP, Form.PFX_66, Form.PFX_F3, Form.PFX_F2};

    /** Mandatory-prefix selection: the last F2/F3, else 66, else none; F2/F3 fall back if unused. */
    private static Form select(DecodeContext c, Form[] cands) {
        if (c.isVex()) return select(cands, signature(c), VEX_PP_TO_PFX[c.vexPP()], false);
        int rep = (c.pfx >> 16) & 3;
        return select(cands, signature(c), legacyMandatoryPrefix(rep, c.opsz()), rep != 0);
    }

    /**
     * {@link #select} from its inputs: the signature, the mandatory prefix the instruction offers and
     * whether that is an F2/F3 which, if no form claims it, is a plain REP prefix (then only
     * prefix-agnostic forms remain).
     */
    static Form select(Form[] cands, int sig, int mandatory, boolean repFallback) {
        Form f = match(cands, sig | mandatoryPrefixBit(mandatory));
        if (f == null && repFallback) f = match(cands, sig);
        return f;
    }

    /** The mandatory prefix legacy prefixes offer: the last F2/F3 ({@code rep} 2/1), else 66, else none. */
    static int legacyMandatoryPrefix(int rep, boolean opsz) {
        return rep == 1 ? Form.PFX_F3 : rep == 2 ? Form.PFX_F2 : opsz ? Form.PFX_66 : Form.PFX_NP;
    }

    /** The instruction's side of {@link Form#matchMask}: mod=11, rm, W, L, REX.B (prefix bits added by the caller). */
    static int signature(DecodeContext c) {
        return signature(c.mod == 3 ? 1 : 0, c.rm, c.rexW(), c.vexL(), c.rexB());
    }

    /** {@link #signature(DecodeContext)} from its parts (each 0 or 1, {@code rm} 0..7). */
    static int signature(int modIsReg, int rm, int w, int l, int b) {
        return (modIsReg << 7) | (rm << 8) | (w << 11) | (l << 12) | (b << 13);
    }

    /** The match-key bit of a mandatory prefix ({@link Form#PFX_NP}...), or'ed into a signature. */
    static int mandatoryPrefixBit(int pfx) { return 1 << (3 + pfx); }

    /** The first candidate (all valid in the mode, most specific first) whose match key fits. */
    static Form match(Form[] cands, int sig) {
        for (Form f : cands) {
            if ((sig & f.matchMask) == f.matchValue) return f;
        }
        return null;
    }

    /** #UD conditions that do not depend on operands: LOCK misuse (SDM Vol. 2A LOCK), VEX.vvvv. */
    private static boolean legal(DecodeContext c, int hot) {
        if ((c.pfx & Prefix.LOCK) != 0 && ((hot & Form.HOT_LOCK) == 0 || c.mod == 3)) return false;
        if ((hot & Form.HOT_VEX_NOV) != 0 && c.vvvv() != 0) return false;
        return true;
    }

    /** The size-dependent mnemonic (MOVSW/MOVSD/MOVSQ, CBW/CWDE/CDQE, JCXZ/JECXZ/JRCXZ by address size...). */
    static Mnemonic bySize(Form f, int opSize, int addrSize) {
        int sz = (f.attrs & Form.ADDR_SIZED) != 0 ? addrSize : opSize;
        return f.bySize[sz == 16 ? 0 : sz == 32 ? 1 : 2];
    }

    /** Effective operand size (SDM Vol. 1 §3.6, Vol. 2A §2.2.1.2, Table 2-4). */
    static int operandSize(DecodeContext c, int hot) {
        int k = hot;
        // 66 counts unless it is the form's mandatory prefix or the form is VEX-encoded
        int opsz = (c.pfx >> 3) & (k >> 2) & ~c.vex & 1;
        return OPERAND_SIZE[(c.modeIndex << 4) | (c.rexW() << 3) | (opsz << 2) | (k & 3)];
    }

    /**
     * {@link #operandSize} as a table, so the decoder does not branch on REX.W and the form's
     * attributes: indexed by mode, REX.W, an operand-size prefix that counts, and the form's
     * {@link Form#F64}/{@link Form#D64} bits (the size key of {@link Form#hot}); filled from the rule below.
     */
    private static final byte[] OPERAND_SIZE = new byte[3 << 4];

    static {
        if (Prefix.OPSIZE != 1 << 3 || Form.D64 != 1 || Form.F64 != 2) throw new ExceptionInInitializerError("stale bits");
        for (Mode mode : Mode.values()) {
            for (int i = 0; i < 16; i++) {
                boolean rexW = (i & 8) != 0, opsz = (i & 4) != 0, f64 = (i & 2) != 0, d64 = (i & 1) != 0;
                OPERAND_SIZE[(mode.ordinal() << 4) | i] = (byte) operandSize(mode, rexW, opsz, f64, d64);
            }
        }
    }

    /** The rule itself: F64 forms are 64-bit, REX.W wins over 66, D64 forms default to 64. */
    static int operandSize(Mode mode, boolean rexW, boolean opsz, boolean f64, boolean d64) {
        if (mode == Mode.BITS64) {
            if (f64 || rexW) return 64;
            if (opsz) return 16;
            return d64 ? 64 : 32;
        }
        return (mode == Mode.BITS32 ^ opsz) ? 32 : 16;
    }

    /** The vector width for SIMD forms whose first operand is a vector, else the operand size. */
    static int reportedSize(int hot, int opSize, int vexL) {
        int k = (hot >> Form.HOT_REPORTED) & 7;
        if (k == 0) return opSize;
        if (k < 4) return 32 << k;
        return vexL != 0 ? 256 : 128;
    }

    static boolean isLSized(OperandSpec o) {
        OperandSpec.Size s = o.kind() == OperandSpec.Kind.M ? o.memSize() : o.regSize();
        return s == OperandSpec.Size.x || s == OperandSpec.Size.ps || s == OperandSpec.Size.pd;
    }
}
