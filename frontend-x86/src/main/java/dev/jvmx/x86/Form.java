package dev.jvmx.x86;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One row of the definition table ({@code x86.defs}): an instruction form, how it is encoded,
 * and the metadata later stages use (flags, CPUID feature, valid modes, privilege, exit class,
 * control-flow kind). Rows are parsed once by {@link DefinitionTable}; instances are immutable
 * and shared by every decoded {@link Instruction}.
 */
public final class Form {
    /** Opcode maps; VEX forms use the same numbers with {@link #vex()} set. */
    public static final int MAP_1BYTE = 0, MAP_0F = 1, MAP_0F38 = 2, MAP_0F3A = 3;
    /** Mandatory prefix values ({@code pfx}). */
    static final int PFX_ANY = -1, PFX_NP = 0, PFX_66 = 1, PFX_F3 = 2, PFX_F2 = 3;
    static final int MOD_ANY = 0, MOD_MEM = 1, MOD_REG = 2;

    /** attrs bits */
    static final int D64 = 1, F64 = 1 << 1, LOCK = 1 << 2, REP = 1 << 3, NOREXB = 1 << 4,
            ADDR_SIZED = 1 << 5, NOPTR = 1 << 6, VEX_NOV = 1 << 7, IS4 = 1 << 8, BND = 1 << 9,
            MOD_AS_REG = 1 << 10;

    final int id;
    final String source;
    final int map;
    final boolean vex;
    final int opcode;
    /** Position of the operand VEX.vvvv selects as an XMM/YMM register (kind H), or -1. */
    final int vvvvVector;
    final int pfx;
    final boolean modrm;
    final int reg;
    final int mod;
    final int rm;
    final int w;
    final int l;
    final boolean opcodeReg;
    final int cond;
    final Mnemonic mnemonic;
    /** per operand (or address) size 16/32/64 mnemonics, or null */
    final Mnemonic[] bySize;
    final OperandSpec[] ops;
    final int modes;
    final Feature feature;
    /** The feature with VEX.L=1 (AVX2 for the VEX.256 integer forms); {@link #feature} otherwise. */
    final Feature feature256;
    final int flagsRead, flagsWritten, flagsUndefined;
    final Flow flow;
    final int cpl;
    final ExitClass exitClass;
    final int attrs;
    /**
     * What the decoder needs of the form after finding it, packed in one int so that it takes one
     * load (for the common one-candidate slots, from {@link DecodeTables}' array beside the form,
     * without touching the form at all). Read with the {@code HOT_*} constants:
     * <pre>
     *  bits 0..2    size key for {@link Decoder#operandSize}: {@link #D64}, {@link #F64}, and bit 2
     *               set unless 66 is the mandatory prefix (which then does not change the size)
     *  bit 3        {@link #LOCK}: a LOCK prefix is legal
     *  bit 4        {@link #VEX_NOV}: VEX.vvvv must be 1111
     *  bit 5        the mnemonic depends on the operand or address size ({@link #bySize})
     *  bits 6..8    reported size: 0 operand size, 1 = 64, 2 = 128, 3 = 256, 4 = 128/256 by VEX.L
     *  bits 9..20   immediate bytes at operand size 16, 32, 64 (4 bits each)
     *  bit 21       the immediate bytes depend on the address size too (moffs): see {@link #immediateBytes}
     *  bits 22..24  operand count
     *  bits 25..29  condition code + 1 (0 = none)
     * </pre>
     */
    final int hot;
    static final int HOT_LOCK = 1 << 3, HOT_VEX_NOV = 1 << 4, HOT_BY_SIZE = 1 << 5, HOT_REPORTED = 6,
            HOT_IMM = 9, HOT_IMM_BY_ADDR = 1 << 21, HOT_OPERANDS = 22, HOT_COND = 25;
    /**
     * Bytes of immediate fields after ModRM/SIB/displacement, by operand and address size
     * ({@link #immediateBytes}), so RIP-relative and branch targets are known before they are read.
     */
    private final byte[] immBytes;
    /** Operand lists and their immediate-size tables shared between forms (fewer cache lines when decoding). */
    private static final ConcurrentHashMap<List<OperandSpec>, OperandSpec[]> SHARED_OPS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<List<OperandSpec>, byte[]> SHARED_IMM = new ConcurrentHashMap<>();
    /** How {@link Instruction#opSize()} is reported: 0 operand size, 64, 128, 256, or -1 = 128/256 by VEX.L. */
    final int reportedSize;
    /** Match key over {@link Decoder#signature} bits: {@code (sig & matchMask) == matchValue}. */
    final int matchMask, matchValue;

    Form(int id, String source, int map, boolean vex, int opcode, int pfx, boolean modrm, int reg, int mod,
         int rm, int w, int l, boolean opcodeReg, int cond, Mnemonic mnemonic, Mnemonic[] bySize,
         List<OperandSpec> ops, int modes, Feature feature, Feature feature256, int flagsRead, int flagsWritten,
         int flagsUndefined, Flow flow, int cpl, ExitClass exitClass, int attrs) {
        this.id = id;
        this.source = source;
        this.map = map;
        this.vex = vex;
        this.opcode = opcode;
        this.pfx = pfx;
        this.modrm = modrm;
        this.reg = reg;
        this.mod = mod;
        this.rm = rm;
        this.w = w;
        this.l = l;
        this.opcodeReg = opcodeReg;
        this.cond = cond;
        this.mnemonic = mnemonic;
        this.bySize = bySize;
        this.ops = SHARED_OPS.computeIfAbsent(List.copyOf(ops), k -> k.toArray(OperandSpec[]::new));
        this.modes = modes;
        this.feature = feature;
        this.feature256 = feature256;
        this.flagsRead = flagsRead;
        this.flagsWritten = flagsWritten;
        this.flagsUndefined = flagsUndefined;
        this.flow = flow;
        this.cpl = cpl;
        this.exitClass = exitClass;
        this.attrs = attrs;
        this.vvvvVector = position(this.ops, OperandSpec.Kind.H);
        this.immBytes = SHARED_IMM.computeIfAbsent(List.of(this.ops), k -> immediateTable(this.ops));
        int m = 0, v = 0;
        if (pfx >= 0) { m |= 0xF << 3; v |= 1 << (3 + pfx); }
        if (mod == MOD_MEM) m |= 1 << 7;
        if (mod == MOD_REG) { m |= 1 << 7; v |= 1 << 7; }
        if (rm >= 0) { m |= 7 << 8; v |= rm << 8; }
        if (w >= 0) { m |= 1 << 11; v |= w << 11; }
        if (l >= 0) { m |= 1 << 12; v |= l << 12; }
        if ((attrs & NOREXB) != 0) m |= 1 << 13;
        this.reportedSize = reportedSizeKind(this.ops);
        this.hot = hot(attrs, pfx, bySize != null, reportedSize, immBytes, this.ops.length, cond);
        this.matchMask = m;
        this.matchValue = v;
    }

    /** The mnemonic (for size-dependent rows like MOVSW/MOVSD/MOVSQ, the 16-bit one). */
    public Mnemonic mnemonic() { return mnemonic; }

    /** RFLAGS bits this form reads (mask of {@link Flags} bits). */
    public int flagsRead() { return flagsRead; }

    /** RFLAGS bits this form writes with defined values. */
    public int flagsWritten() { return flagsWritten; }

    /** RFLAGS bits this form leaves undefined. */
    public int flagsUndefined() { return flagsUndefined; }

    public Flow flow() { return flow; }

    /** Stable index of this row in the table. */
    public int id() { return id; }

    /** The table row this form came from (for diagnostics and tests). */
    public String source() { return source; }

    /**
     * The CPUID feature the form needs; for forms whose requirement depends on VEX.L, the one for
     * VEX.L=0 (see {@link #feature(boolean)} and {@link Instruction#feature()}).
     */
    public Feature feature() { return feature; }

    /**
     * The CPUID feature the form needs with the given VEX.L: the VEX.256 integer forms (VPADDB
     * ymm...) need AVX2 where their VEX.128 forms need only AVX (SDM Vol. 1 §14.7, Vol. 2 CPUID
     * feature flag column of each instruction).
     */
    public Feature feature(boolean vexL) { return vexL ? feature256 : feature; }

    /** Lowest CPL that may execute it: 0 for privileged forms, 3 otherwise (SDM Vol. 3A §5.9). */
    public int cpl() { return cpl; }

    public ExitClass exitClass() { return exitClass; }

    public boolean validIn(Mode mode) { return (modes & modeBit(mode)) != 0; }

    public boolean isVex() { return vex; }

    public int map() { return map; }

    public int opcode() { return opcode; }

    /** Number of operands in Intel order. */
    public int operandCount() { return ops.length; }

    /** Position (Intel order) of the operand VEX.vvvv selects as an XMM/YMM register (SDM Vol. 2A §2.3.6, operand letter H), or -1. */
    public int vvvvVectorOperand() { return vvvvVector; }

    private static int position(OperandSpec[] ops, OperandSpec.Kind kind) {
        for (int k = 0; k < ops.length; k++) if (ops[k].kind() == kind) return k;
        return -1;
    }

    /** True if a LOCK prefix is legal with a memory destination (SDM Vol. 2A, LOCK). */
    public boolean lockable() { return (attrs & LOCK) != 0; }

    /** Immediate bytes of this form for an operand size and address size of 16, 32 or 64. */
    int immediateBytes(int opSize, int addrSize) {
        return immBytes[(opSize >> 5) * 3 + (addrSize >> 5)];
    }

    private static byte[] immediateTable(OperandSpec[] ops) {
        byte[] t = new byte[9];
        for (int o = 0; o < 3; o++) {
            for (int a = 0; a < 3; a++) t[o * 3 + a] = (byte) countImmediateBytes(ops, 16 << o, 16 << a);
        }
        return t;
    }

    private static int countImmediateBytes(OperandSpec[] ops, int opSize, int addrSize) {
        int n = 0;
        for (OperandSpec o : ops) {
            n += switch (o.kind()) {
                case I -> Immediates.bytes(o.regSize(), opSize);
                case IS, L -> 1;
                case J -> o.regSize() == OperandSpec.Size.b ? 1 : opSize == 16 ? 2 : 4;
                case O -> addrSize / 8;
                case A -> (opSize == 16 ? 2 : 4) + 2;
                default -> 0;
            };
        }
        return n;
    }

    /** {@link #hot} from the form's fields. */
    private static int hot(int attrs, int pfx, boolean bySize, int reportedSize, byte[] immBytes, int operands,
                           int cond) {
        int h = (attrs & (D64 | F64)) | (pfx == PFX_66 ? 0 : 4);
        if ((attrs & LOCK) != 0) h |= HOT_LOCK;
        if ((attrs & VEX_NOV) != 0) h |= HOT_VEX_NOV;
        if (bySize) h |= HOT_BY_SIZE;
        int r = switch (reportedSize) { case 0 -> 0; case 64 -> 1; case 128 -> 2; case 256 -> 3; default -> 4; };
        h |= r << HOT_REPORTED;
        boolean byAddr = false;
        for (int o = 0; o < 3; o++) {
            // immBytes is indexed opSize * 3 + addrSize (16/32/64 as 0/1/2)
            if (immBytes[o * 3] != immBytes[o * 3 + 1] || immBytes[o * 3] != immBytes[o * 3 + 2]) byAddr = true;
            h |= immBytes[o * 3] << (HOT_IMM + 4 * o);
        }
        if (byAddr) h |= HOT_IMM_BY_ADDR;
        return h | operands << HOT_OPERANDS | (cond + 1) << HOT_COND;
    }

    private static int reportedSizeKind(OperandSpec[] ops) {
        if (ops.length == 0) return 0;
        OperandSpec o = ops[0];
        return switch (o.kind()) {
            case P, Q, N -> 64;
            case V, W, U, H, XMM0 -> o.regSize() == OperandSpec.Size.qq ? 256 : Decoder.isLSized(o) ? -1 : 128;
            case M -> switch (o.memSize()) { case x -> -1; case dq -> 128; case qq -> 256; default -> 0; };
            default -> 0;
        };
    }

    static int modeBit(Mode mode) {
        return switch (mode) { case BITS16 -> 1; case BITS32 -> 2; case BITS64 -> 4; };
    }

    @Override
    public String toString() { return "Form#" + id + "[" + source + "]"; }
}
