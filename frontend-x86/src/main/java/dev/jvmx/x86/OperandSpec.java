package dev.jvmx.x86;

/**
 * One operand letter group of the definition table, in the SDM's opcode-map notation
 * (Vol. 2D Appendix A.2.1 addressing methods, A.2.2 operand types).
 *
 * <p>{@code kind} is the addressing method; {@code regSize}/{@code memSize} are size codes
 * ({@link Size}) for the register and the memory alternative ({@code Rd/Mb} gives both);
 * {@code fixed} is the register number for fixed-register operands.
 */
record OperandSpec(Kind kind, Size regSize, Size memSize, int fixed, int code, int regRow, int memRow) {

    OperandSpec(Kind kind, Size regSize, Size memSize, int fixed) {
        this(kind, regSize, memSize, fixed, kind.ordinal(), regSize.ordinal() * 12, memSize.ordinal() * 12);
    }

    /**
     * Bits of every size code for every {@link #index}: one small shared table (about 1 KB, always
     * in cache) instead of an array per operand; {@code regRow}/{@code memRow} are row offsets.
     */
    private static final int[] SIZE_BITS = new int[Size.values().length * 12];

    static {
        for (Size s : Size.values()) System.arraycopy(table(s), 0, SIZE_BITS, s.ordinal() * 12, 12);
    }

    /** Register size in bits for a size index ({@link #index}). */
    int regBits(int sizeIndex) { return SIZE_BITS[regRow + sizeIndex]; }

    /** Memory access size in bits for a size index ({@link #index}). */
    int memBits(int sizeIndex) { return SIZE_BITS[memRow + sizeIndex]; }

    /**
     * {@code code} is {@code kind.ordinal()}; these are the ordinals of the common kinds as constants,
     * so the decoder's per-operand switch is one load and a jump table instead of an enum switch
     * (three dependent loads). Checked against the enum when the class is initialised.
     */
    static final int K_B = 1, K_E = 4, K_G = 5, K_H = 6, K_I = 7, K_IS = 8, K_J = 9, K_M = 11, K_Q = 15,
            K_R = 16, K_U = 18, K_V = 19, K_W = 20, K_Z = 23, K_FIXED_GPR = 24;

    static {
        int[] codes = {K_B, K_E, K_G, K_H, K_I, K_IS, K_J, K_M, K_Q, K_R, K_U, K_V, K_W, K_Z, K_FIXED_GPR};
        Kind[] kinds = {Kind.B, Kind.E, Kind.G, Kind.H, Kind.I, Kind.IS, Kind.J, Kind.M, Kind.Q, Kind.R, Kind.U,
            Kind.V, Kind.W, Kind.Z, Kind.FIXED_GPR};
        for (int i = 0; i < codes.length; i++) {
            if (kinds[i].ordinal() != codes[i]) throw new ExceptionInInitializerError("K_" + kinds[i] + " is stale");
        }
    }

    /** Bits of a size code for every (operand size, VEX.L, 64-bit mode): see {@link #index}. */
    private static int[] table(Size s) {
        int[] t = new int[12];
        int[] op = {16, 32, 64};
        for (int o = 0; o < 3; o++) {
            for (int l = 0; l < 2; l++) {
                for (int m = 0; m < 2; m++) t[o * 4 + l * 2 + m] = s.bits(op[o], l != 0, m != 0, false);
            }
        }
        return t;
    }

    static int index(int opSize, boolean vexL, boolean mode64) {
        return (opSize == 16 ? 0 : opSize == 32 ? 4 : 8) + (vexL ? 2 : 0) + (mode64 ? 1 : 0);
    }

    /** Addressing methods (SDM A.2.1) plus fixed operands. */
    enum Kind {
        /** far pointer in the instruction (ptr16:16/32) */ A,
        /** VEX.vvvv selects a GPR */ B,
        /** reg selects a control register */ C,
        /** reg selects a debug register */ D,
        /** r/m: GPR or memory */ E,
        /** reg selects a GPR */ G,
        /** VEX.vvvv selects an XMM/YMM register */ H,
        /** immediate, zero-extended */ I,
        /** imm8 sign-extended to the operand size */ IS,
        /** relative offset */ J,
        /** imm8[7:4] selects an XMM/YMM register */ L,
        /** r/m: memory only */ M,
        /** r/m: MMX register only */ N,
        /** moffs: absolute offset of address size */ O,
        /** reg selects an MMX register */ P,
        /** r/m: MMX register or memory */ Q,
        /** r/m: GPR only */ R,
        /** reg selects a segment register */ S,
        /** r/m: XMM/YMM register only */ U,
        /** reg selects an XMM/YMM register */ V,
        /** r/m: XMM/YMM register or memory */ W,
        /** DS:rSI (or override) string source */ X,
        /** ES:rDI string destination */ Y,
        /** low 3 opcode bits (+REX.B) select a GPR */ Z,
        /** fixed GPR ({@code fixed}, sized by regSize) */ FIXED_GPR,
        /** fixed low-byte-high GPR AH..BH */ FIXED_GPR8H,
        /** fixed segment register */ FIXED_SEG,
        /** the constant 1 of shift-by-one forms */ ONE,
        /** x87 ST(0) */ ST0,
        /** x87 ST(i) from modrm.rm */ STI,
        /** implicit XMM0 (SSE4.1 BLENDV) */ XMM0,
        /** XLAT's table byte DS:[rBX] (AL is the implicit index) */ XLATB,
        /** VSIB memory (AVX2 gathers): SIB index names an XMM/YMM register; regSize = index width */ VSIB;

        boolean usesModrmRm() {
            return switch (this) { case E, M, N, Q, R, U, W, STI, VSIB -> true; default -> false; };
        }

        boolean usesModrmReg() {
            return switch (this) { case C, D, G, P, S, V -> true; default -> false; };
        }

        boolean isImmediate() {
            return switch (this) { case I, IS, J, A, O, L -> true; default -> false; };
        }
    }

    /** Size codes (SDM A.2.2). */
    enum Size {
        NONE, b, w, d, q, v, z, y, dq, qq, x, p, s, a, t, e, f, fx, ss, sd, ps, pd, zero,
        /** 128 bits printed as OWORD (CMPXCHG16B, INVEPT, INVVPID, INVPCID descriptors) */ o,
        /** half the vector length: 64 (VEX.L=0) or 128 (VEX.L=1), e.g. CVTPS2PD's source */ h,
        /** a quarter / an eighth of the vector length (VPMOVSXBD, VPMOVSXBQ sources) */ h4, h8;

        /** Bits for this code given operand size, vector length and mode; 0 if none. */
        int bits(int opSize, boolean vexL, boolean mode64, boolean rexW) {
            return switch (this) {
                case NONE, zero -> 0;
                case b -> 8;
                case w -> 16;
                case d, ss -> 32;
                case q, sd -> 64;
                case v -> opSize;
                case z -> opSize == 16 ? 16 : 32;
                case y -> opSize == 64 ? 64 : 32;
                case dq, o -> 128;
                case h -> vexL ? 128 : 64;
                case h4 -> vexL ? 64 : 32;
                case h8 -> vexL ? 32 : 16;
                case qq -> 256;
                case x, ps, pd -> vexL ? 256 : 128;
                case p -> opSize == 16 ? 32 : (opSize == 64 ? 80 : 48);
                case s -> mode64 ? 80 : 48;
                case a -> opSize * 2;
                case t -> 80;
                case e -> opSize == 16 ? 14 * 8 : 28 * 8;
                case f -> opSize == 16 ? 94 * 8 : 108 * 8;
                case fx -> 4096;
            };
        }
    }

    boolean hasMemAlternative() {
        return kind == Kind.E || kind == Kind.M || kind == Kind.Q || kind == Kind.W;
    }

    boolean isMemOnly() { return kind == Kind.M || kind == Kind.VSIB; }

    boolean isRegOnlyRm() {
        return kind == Kind.R || kind == Kind.U || kind == Kind.N || kind == Kind.STI;
    }

    private record Key(Kind kind, Size regSize, Size memSize, int fixed) {}

    private static final java.util.concurrent.ConcurrentHashMap<Key, OperandSpec> INTERNED =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * One shared instance per distinct spec (there are a few hundred among ~1,800 rows), so the
     * decoder's working set of specs and size tables stays small enough for the L1 cache.
     */
    static OperandSpec intern(OperandSpec o) {
        return INTERNED.computeIfAbsent(new Key(o.kind, o.regSize, o.memSize, o.fixed), k -> o);
    }

    static OperandSpec parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        if (slash > 0) {
            // "Rd/Mb", "Ux/Mq", "Nq/Md": a register-only r/m letter and a memory size
            OperandSpec r = parse(t.substring(0, slash));
            OperandSpec m = parse(t.substring(slash + 1));
            if (!m.isMemOnly()) throw new IllegalArgumentException("bad combined operand " + t);
            Kind k = switch (r.kind) {
                case R -> Kind.E; case U -> Kind.W; case N -> Kind.Q;
                default -> throw new IllegalArgumentException("bad combined operand " + t);
            };
            return new OperandSpec(k, r.regSize, m.memSize, -1);
        }
        OperandSpec fixed = FixedOperands.lookup(t);
        if (fixed != null) return fixed;
        if (t.equals("Ibs")) return new OperandSpec(Kind.IS, Size.b, Size.v, -1);
        if (t.startsWith("VSIB")) {
            // VSIB<element size><index width>: VSIBdx = dword elements, xmm/ymm index by VEX.L
            return new OperandSpec(Kind.VSIB, t.charAt(5) == 'x' ? Size.x : Size.dq,
                    Size.valueOf(t.substring(4, 5)), -1);
        }
        if (t.equals("STi")) return new OperandSpec(Kind.STI, Size.t, Size.NONE, -1);
        Kind k = Kind.valueOf(t.substring(0, 1));
        String sz = t.substring(1);
        Size s = sz.isEmpty() ? Size.zero : Size.valueOf(sz);
        return switch (k) {
            case M -> new OperandSpec(k, Size.NONE, s, -1);
            case E, Q, W -> new OperandSpec(k, s, s, -1);
            default -> new OperandSpec(k, s, Size.NONE, -1);
        };
    }
}
