package dev.jvmx.x86;

/**
 * Turns the decoded fields of a {@link DecodeContext} into {@link Operand}s for a form, in Intel
 * order, in one pass that also reads the immediate fields (they follow ModRM/SIB/displacement in
 * operand order). Register operands are interned ({@link Regs}), as are small immediates; memory
 * operands resolve the effective segment, displacement and RIP-relative target here, once. The
 * address of the next instruction, which RIP-relative and branch targets need, is known before the
 * immediates are read from {@link Form#immediateBytes}.
 */
final class OperandBuilder {
    private OperandBuilder() {}

    /**
     * The instruction with its operands, or null if the fields name something that does not exist
     * (#UD). Every operand is built even after a #UD one, so the length covers all immediates. The
     * operands stay in locals and go straight into the {@link Instruction}'s fields: no array.
     */
    static Instruction build(DecodeContext c, Form f, OperandSpec[] s, int hot, int opSize, Mnemonic m,
                             int reportedSize) {
        // OperandSpec.index without branches: opSize 16/32/64 -> 0/4/8, + 2 for VEX.L, + 1 in 64-bit mode
        int sizeIndex = ((opSize >> 5) << 2) + (c.vexL() << 1) + (c.m64 ? 1 : 0);
        // the length is known before the immediates are read: it does not wait for the operands
        int length = c.length() + ((hot & Form.HOT_IMM_BY_ADDR) == 0
                ? (hot >> (Form.HOT_IMM + 4 * (opSize >> 5))) & 15 : f.immediateBytes(opSize, c.addrSize));
        long next = c.address + length;
        int n = (hot >> Form.HOT_OPERANDS) & 7;
        Operand a = null, b = null, d = null, e = null;
        boolean ud = false;
        if (n > 0) {
            a = operand(c, f, s[0], opSize, sizeIndex, next);
            ud = a == null;
            if (n > 1) {
                b = operand(c, f, s[1], opSize, sizeIndex, next);
                ud |= b == null;
                if (n > 2) {
                    d = operand(c, f, s[2], opSize, sizeIndex, next);
                    ud |= d == null;
                    if (n > 3) {
                        e = operand(c, f, s[3], opSize, sizeIndex, next);
                        ud |= e == null;
                    }
                }
            }
        }
        if (ud) return null;
        return new Instruction(c.address, length, m, f, c.mode, reportedSize, c.addrSize, c.prefixes(), (hot >>> Form.HOT_COND) - 1,
                n, a, b, d, e, c.encodingHints());
    }

    /** r/m kinds with a memory alternative (E, M, Q, W), by {@link OperandSpec#code()}. */
    private static final boolean[] MEMORY_ALTERNATIVE = new boolean[OperandSpec.Kind.values().length];
    /** Kinds naming a general-purpose register through ModRM, the opcode or VEX.vvvv (E R G Z B). */
    private static final boolean[] GPR_FIELD = new boolean[OperandSpec.Kind.values().length];

    static {
        for (OperandSpec.Kind k : OperandSpec.Kind.values()) {
            MEMORY_ALTERNATIVE[k.ordinal()] = switch (k) { case E, M, Q, W -> true; default -> false; };
            GPR_FIELD[k.ordinal()] = switch (k) { case E, R, G, Z, B -> true; default -> false; };
        }
    }

    /**
     * One operand. Shaped for the JIT: kept under HotSpot's 325-byte limit for inlining hot methods
     * (so it inlines into {@link #build} for the first two operands), the GPR case has a single
     * lookup, and the switch is over {@link OperandSpec#code()} (one load) rather than the enum.
     */
    private static Operand operand(DecodeContext c, Form f, OperandSpec o, int opSize, int sizeIndex, long next) {
        int code = o.code();
        if (c.mod != 3 && MEMORY_ALTERNATIVE[code]) return memory(c, o.memBits(sizeIndex), next);
        if (GPR_FIELD[code]) {
            int num = switch (code) {
                case OperandSpec.K_G -> c.reg | (c.rexR() << 3);
                case OperandSpec.K_Z -> (c.opcode & 7) | (c.rexB() << 3);
                case OperandSpec.K_B -> c.vvvv();
                default -> c.rm | (c.rexB() << 3);
            };
            return Regs.gpr(num, o.regBits(sizeIndex), (c.pfx & Prefix.REX) != 0);
        }
        return switch (code) {
            case OperandSpec.K_I, OperandSpec.K_IS -> immediate(c, o, opSize, sizeIndex);
            case OperandSpec.K_J -> relative(c, o, opSize, next);
            case OperandSpec.K_FIXED_GPR -> Regs.gpr(o.fixed(), o.regBits(sizeIndex), true);
            case OperandSpec.K_M -> null;
            case OperandSpec.K_W, OperandSpec.K_U, OperandSpec.K_V, OperandSpec.K_H -> vector(c, o);
            case OperandSpec.K_Q -> Regs.mmx(c.rm);
            default -> rare(c, f, o, opSize, sizeIndex, next);
        };
    }

    /** XMM/YMM registers named by ModRM.rm (W, U), ModRM.reg (V) or VEX.vvvv (H). */
    private static Operand vector(DecodeContext c, OperandSpec o) {
        int num = switch (o.code()) {
            case OperandSpec.K_V -> c.reg | (c.rexR() << 3);
            case OperandSpec.K_H -> c.vvvv();
            default -> c.rm | (c.rexB() << 3);
        };
        return Regs.vec(num, ymm(o, c));
    }

    /** J: the absolute target, masked to the operand size. */
    private static Operand relative(DecodeContext c, OperandSpec o, int opSize, long next) {
        return new Operand.Rel(mask(next + Immediates.readJ(c, o, opSize), opSize), opSize);
    }

    /** I and Ibs operands, interned when small. */
    private static Operand immediate(DecodeContext c, OperandSpec o, int opSize, int sizeIndex) {
        if (o.code() == OperandSpec.K_IS) return imm((byte) c.read(1), opSize);
        return imm(Immediates.readI(c, o, opSize), o.regSize() == OperandSpec.Size.z ? opSize : o.regBits(sizeIndex));
    }

    /** The less frequent addressing methods, out of the hot switch. */
    private static Operand rare(DecodeContext c, Form f, OperandSpec o, int opSize, int sizeIndex, long next) {
        int regN = c.reg | (c.rexR() << 3);
        return switch (o.kind()) {
            case A -> {
                long off = c.read(opSize == 16 ? 2 : 4);
                yield new Operand.Far((int) c.read(2), off, opSize == 16 ? 32 : 48);
            }
            case O -> new Operand.Mem(dataSeg(c), c.segOverride() >= 0, Operand.Mem.NONE, Operand.Mem.NONE,
                    1, c.read(c.addrSize / 8), o.regBits(sizeIndex), c.addrSize);
            case L -> Regs.vec((int) (c.read(1) >> 4) & (c.m64 ? 15 : 7), ymm(o, c));
            case FIXED_SEG -> Regs.seg(o.fixed());
            case S -> c.reg > 5 || (c.reg == 1 && f.ops[0] == o) ? null : Regs.seg(c.reg);
            case C -> Regs.cr(regN, o.regBits(sizeIndex));
            case D -> Regs.dr(regN, o.regBits(sizeIndex));
            case P -> Regs.mmx(c.reg);
            case N -> Regs.mmx(c.rm);
            case X -> new Operand.Mem(dataSeg(c), c.segOverride() >= 0, 6, Operand.Mem.NONE, 1, 0,
                    o.regBits(sizeIndex), c.addrSize);
            case Y -> new Operand.Mem(Seg.ES, false, 7, Operand.Mem.NONE, 1, 0, o.regBits(sizeIndex), c.addrSize);
            case VSIB -> vsib(c, o.memBits(sizeIndex), next);
            case XLATB -> new Operand.Mem(dataSeg(c), c.segOverride() >= 0, 3, Operand.Mem.NONE, 1, 0, 8, c.addrSize);
            case ONE -> ONE;
            case ST0 -> Regs.st(0);
            case STI -> Regs.st(c.rm);
            case XMM0 -> Regs.vec(0, false);
            default -> throw new IllegalStateException("operand kind " + o.kind());
        };
    }

    /** #UD without SIB, or when destination, index and mask are not all different (SDM VPGATHERDD). */
    private static Operand vsib(DecodeContext c, int bits, long next) {
        int dst = c.reg | (c.rexR() << 3);
        int vvvv = c.vvvv();
        if (c.mod == 3 || c.sibIndex < 0 || dst == c.sibIndex || dst == vvvv || vvvv == c.sibIndex) return null;
        Operand.Mem m = memory(c, bits, next);
        return new Operand.Mem(m.seg(), m.segOverride(), m.base(), c.sibIndex, m.scale(), m.disp(), m.size(),
                m.addrSize());
    }

    static final Operand.Imm ONE = new Operand.Imm(1, 8);
    /** Interned immediates -128..255 for sizes 8, 16, 32, 64 (most immediates are small), by log2(size) - 3. */
    private static final Operand.Imm[][] SMALL = new Operand.Imm[4][384];

    static {
        for (int s = 0; s < 4; s++) {
            for (int v = -128; v < 256; v++) SMALL[s][v + 128] = new Operand.Imm(v, 8 << s);
        }
    }

    static Operand.Imm imm(long v, int size) {
        int s = Integer.numberOfTrailingZeros(size) - 3;
        if (v >= -128 && v < 256 && (s & ~3) == 0 && size == 8 << s) return SMALL[s][(int) v + 128];
        return new Operand.Imm(v, size);
    }

    private static Operand.Reg gpr(DecodeContext c, int num, int bits) {
        return Regs.gpr(num, bits, c.rexPresent());
    }

    private static boolean ymm(OperandSpec o, DecodeContext c) {
        return o.regSize() == OperandSpec.Size.qq || ((c.vex & DecodeContext.VEX_L) != 0 && Decoder.isLSized(o));
    }

    private static Operand.Mem memory(DecodeContext c, int bits, long next) {
        int base = c.base;
        long disp = c.disp;
        if (base == Operand.Mem.RIP) disp = mask(next + disp, c.addrSize);
        int so = (c.pfx >> 12) & 7;
        return new Operand.Mem(segment(so, base), so != 0, base, c.index, c.scale, disp, bits, c.addrSize);
    }

    /** The effective segment for a segment override (0 none, else Sreg + 1) and a base ({@link #SEGMENT}). */
    static Seg segment(int override, int base) { return SEGMENT[override * 18 + base + 1]; }

    /**
     * The effective segment of a memory operand by override (0 none, else Sreg + 1, as in
     * {@code DecodeContext.pfx}) and base ({@code -1..16}, stored + 1): the override if any, else SS
     * for rSP/rBP (and BP) bases, else DS (SDM Vol. 1 §3.7.4, Table 3-5).
     */
    private static final Seg[] SEGMENT = new Seg[7 * 18];

    static {
        for (int so = 0; so < 7; so++) {
            for (int base = -1; base <= Operand.Mem.RIP; base++) {
                SEGMENT[so * 18 + base + 1] = so > 0 ? Seg.ofSreg(so - 1) : base == 4 || base == 5 ? Seg.SS : Seg.DS;
            }
        }
    }

    private static Seg dataSeg(DecodeContext c) {
        int so = c.segOverride();
        return so >= 0 ? Seg.ofSreg(so) : Seg.DS;
    }

    static long mask(long v, int bits) {
        return bits == 64 ? v : v & ((1L << bits) - 1);
    }
}
