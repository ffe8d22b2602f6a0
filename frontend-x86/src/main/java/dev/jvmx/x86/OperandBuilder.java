package dev.jvmx.x86;

/**
 * Turns the decoded fields of a {@link DecodeContext} into {@link Operand}s for a form, in Intel
 * order. Register operands are interned ({@link Regs}); memory operands resolve the effective
 * segment, displacement and RIP-relative target here, once.
 */
final class OperandBuilder {
    private OperandBuilder() {}

    /** The operands, or null if the fields name something that does not exist (#UD). */
    static Operand[] build(DecodeContext c, Form f, int opSize) {
        c.sizeIndex = OperandSpec.index(opSize, c.vexL != 0, c.m64);
        Operand[] out = new Operand[f.ops.length];
        int immIndex = 0;
        for (int i = 0; i < out.length; i++) {
            OperandSpec o = f.ops[i];
            Operand op;
            switch (o.kind()) {
                case I, IS -> {
                    int size = o.kind() == OperandSpec.Kind.IS || o.regSize() == OperandSpec.Size.z
                            ? opSize : o.regBits()[c.sizeIndex];
                    op = imm(c.imm[immIndex++], size);
                }
                case J -> op = new Operand.Rel(mask(c.address + c.length() + c.imm[immIndex++], opSize), opSize);
                case A -> {
                    long off = c.imm[immIndex++];
                    op = new Operand.Far((int) c.imm[immIndex++], off, opSize == 16 ? 32 : 48);
                }
                case O -> op = new Operand.Mem(dataSeg(c), c.segOverride >= 0, Operand.Mem.NONE, Operand.Mem.NONE,
                        1, c.imm[immIndex++], o.regBits()[c.sizeIndex], c.addrSize);
                case L -> op = Regs.vec((int) (c.imm[immIndex++] >> 4) & (c.m64 ? 15 : 7), ymm(o, c));
                default -> op = register(c, f, o, opSize);
            }
            if (op == null) return null;
            out[i] = op;
        }
        return out;
    }

    private static Operand register(DecodeContext c, Form f, OperandSpec o, int opSize) {
        int regN = c.reg | (c.rexR << 3);
        int rmN = c.rm | (c.rexB << 3);
        return switch (o.kind()) {
            case E, M, Q, W -> c.mod != 3 ? memory(c, o.memBits()[c.sizeIndex]) : switch (o.kind()) {
                case E -> gpr(c, rmN, o.regBits()[c.sizeIndex]);
                case Q -> Regs.mmx(c.rm);
                case W -> Regs.vec(rmN, ymm(o, c));
                default -> null;
            };
            case G -> gpr(c, regN, o.regBits()[c.sizeIndex]);
            case R -> gpr(c, rmN, o.regBits()[c.sizeIndex]);
            case Z -> gpr(c, (c.opcode & 7) | (c.rexB << 3), o.regBits()[c.sizeIndex]);
            case B -> gpr(c, c.vvvv, o.regBits()[c.sizeIndex]);
            case FIXED_GPR -> Regs.gpr(o.fixed(), o.regBits()[c.sizeIndex], true);
            case FIXED_SEG -> Regs.seg(o.fixed());
            case S -> c.reg > 5 || (c.reg == 1 && f.ops[0] == o) ? null : Regs.seg(c.reg);
            case C -> Regs.cr(regN, o.regBits()[c.sizeIndex]);
            case D -> Regs.dr(regN, o.regBits()[c.sizeIndex]);
            case P -> Regs.mmx(c.reg);
            case N -> Regs.mmx(c.rm);
            case V -> Regs.vec(regN, ymm(o, c));
            case U -> Regs.vec(rmN, ymm(o, c));
            case H -> Regs.vec(c.vvvv, ymm(o, c));
            case X -> new Operand.Mem(dataSeg(c), c.segOverride >= 0, 6, Operand.Mem.NONE, 1, 0,
                    o.regBits()[c.sizeIndex], c.addrSize);
            case Y -> new Operand.Mem(Seg.ES, false, 7, Operand.Mem.NONE, 1, 0, o.regBits()[c.sizeIndex],
                    c.addrSize);
            case VSIB -> {
                // #UD without SIB, or when destination, index and mask are not all different (SDM VPGATHERDD)
                int dst = c.reg | (c.rexR << 3);
                if (c.mod == 3 || c.sibIndex < 0 || dst == c.sibIndex || dst == c.vvvv || c.vvvv == c.sibIndex) yield null;
                Operand.Mem m = memory(c, o.memBits()[c.sizeIndex]);
                yield new Operand.Mem(m.seg(), m.segOverride(), m.base(), c.sibIndex, m.scale(), m.disp(), m.size(),
                        m.addrSize());
            }
            case XLATB -> new Operand.Mem(dataSeg(c), c.segOverride >= 0, 3, Operand.Mem.NONE, 1, 0, 8, c.addrSize);
            case ONE -> ONE;
            case ST0 -> Regs.st(0);
            case STI -> Regs.st(c.rm);
            case XMM0 -> Regs.vec(0, false);
            default -> throw new IllegalStateException("operand kind " + o.kind());
        };
    }

    private static final Operand.Imm ONE = new Operand.Imm(1, 8);
    /** Interned immediates -128..255 for sizes 8, 16, 32, 64 (most immediates are small). */
    private static final Operand.Imm[][] SMALL = new Operand.Imm[4][384];

    static {
        int[] sizes = {8, 16, 32, 64};
        for (int s = 0; s < 4; s++) {
            for (int v = -128; v < 256; v++) SMALL[s][v + 128] = new Operand.Imm(v, sizes[s]);
        }
    }

    private static Operand.Imm imm(long v, int size) {
        if (v >= -128 && v < 256) {
            int s = switch (size) { case 8 -> 0; case 16 -> 1; case 32 -> 2; case 64 -> 3; default -> -1; };
            if (s >= 0) return SMALL[s][(int) v + 128];
        }
        return new Operand.Imm(v, size);
    }

    private static Operand.Reg gpr(DecodeContext c, int num, int bits) {
        return Regs.gpr(num, bits, c.rexPresent);
    }

    private static boolean ymm(OperandSpec o, DecodeContext c) {
        return o.regSize() == OperandSpec.Size.qq || (c.vexL != 0 && Decoder.isLSized(o));
    }

    static int bits(OperandSpec.Size s, DecodeContext c, int opSize) {
        return s.bits(opSize, c.vexL != 0, c.m64, c.rexW != 0);
    }

    private static Operand.Mem memory(DecodeContext c, int bits) {
        long disp = c.disp;
        if (c.base == Operand.Mem.RIP) disp = mask(c.address + c.length() + disp, c.addrSize);
        Seg seg;
        if (c.segOverride >= 0) seg = Seg.ofSreg(c.segOverride);
        else if (c.base == 4 || c.base == 5) seg = Seg.SS;
        else seg = Seg.DS;
        return new Operand.Mem(seg, c.segOverride >= 0, c.base, c.index, c.scale, disp, bits, c.addrSize);
    }

    private static Seg dataSeg(DecodeContext c) {
        return c.segOverride >= 0 ? Seg.ofSreg(c.segOverride) : Seg.DS;
    }

    static long mask(long v, int bits) {
        return bits == 64 ? v : v & ((1L << bits) - 1);
    }
}
