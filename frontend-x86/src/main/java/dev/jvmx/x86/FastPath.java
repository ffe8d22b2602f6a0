package dev.jvmx.x86;

/**
 * The decoder's fast path for the most common instruction shapes: no legacy prefix, at most a REX
 * prefix (64-bit mode), an opcode of the one-byte map or of the 0F map, and a form that the
 * definition table selects from the opcode, REX.W, ModRM.reg and whether ModRM.mod is 11 alone.
 * In glibc's code that is about three instructions in four (MOV, ALU, LEA, PUSH/POP, Jcc, CALL,
 * RET, MOVZX, CMOVcc, SETcc, TEST, the NP SSE moves...).
 *
 * <p>All the per-form work the general path does after finding the form (operand size, size-
 * dependent mnemonic, reported size, immediate bytes, which field names each operand and its size)
 * depends only on those four keys here, so it is done once, when the class is initialised, into a
 * {@link Plan} per key, from the same definition table and with the same rules ({@link Decoder},
 * {@link OperandBuilder}). A decode is then: two byte loads to classify REX and the 0F escape
 * (branch-free), one load of the plan, ModRM/SIB/displacement ({@link ModrmReader#address32}) and
 * the operands, with all state in locals; nothing is written to the shared {@link DecodeContext}.
 *
 * <p>Anything else — legacy prefixes, VEX/EVEX, the 0F 38/0F 3A maps, forms chosen by rm, REX.B or
 * a mandatory prefix, 16-bit addressing, operand kinds other than those below, #UD encodings, fewer
 * than 15 bytes of input — returns null, and the general path decodes it. {@code FastPathTest}
 * checks that both paths give equal instructions.
 */
final class FastPath {
    private FastPath() {}

    /** Operand word kinds (bits 0..3). */
    static final int K_NONE = 0, K_CONST = 1, K_MEM = 2, K_GPR_REG = 3, K_GPR_RM = 4, K_GPR_OPC = 5,
            K_XMM_REG = 6, K_XMM_RM = 7, K_IMM = 8, K_REL = 9;

    /** {@link Plan#info} bits. */
    static final int MODRM = 1, MEMORY = 2, INFO_IMM = 2, INFO_COUNT = 6, MEM_OPERAND = 1 << 8, VALID = 1 << 9;

    /**
     * Everything a decode needs once the keys are known. An operand word is:
     * <pre>
     *  bits 0..3    kind (K_*)                       bits 4..7   immediate/relative field bytes
     *  bits 8..11   offset of that field among the immediates
     *  bit 12       the field is sign-extended        bits 16..31 operand size in bits
     * </pre>
     */
    static final class Plan {
        final Form form;
        final Mnemonic mnemonic;
        final Mode mode;
        /**
         * bit 0 ModRM follows, bit 1 it is a memory form (mod != 11), bits 2..5 immediate bytes,
         * bits 6..7 operand count, bit 8 an operand is the memory operand, bit 9 always set.
         */
        final int info;
        final int reportedSize, addrSize, cond, memBits;
        final int op0, op1, op2;
        /** The operand itself where it does not depend on the encoding (fixed registers, the shift count 1). */
        final Operand k0, k1, k2;

        Plan(Form form, Mnemonic mnemonic, Mode mode, int info, int reportedSize, int cond, int memBits,
             int[] ops, Operand[] konst) {
            this.form = form;
            this.mnemonic = mnemonic;
            this.mode = mode;
            this.info = info;
            this.reportedSize = reportedSize;
            this.addrSize = mode.bits();
            this.cond = cond;
            this.memBits = memBits;
            this.op0 = ops[0];
            this.op1 = ops[1];
            this.op2 = ops[2];
            this.k0 = konst[0];
            this.k1 = konst[1];
            this.k2 = konst[2];
        }

        /** Everything the plan says, for sharing equal plans. */
        java.util.List<Object> key() {
            return java.util.Arrays.asList(form, mnemonic, mode, info, reportedSize, cond, memBits, op0, op1, op2, k0, k1, k2);
        }
    }

    /**
     * Plans per mode, indexed {@code (map << 13) | (opcode << 5) | (REX.W << 4) | (ModRM.reg << 1) | (mod == 11)};
     * equal plans are one object (the keys that select the same form with the same sizes share it),
     * so the plans in use stay few and in cache.
     */
    private static final Plan[] PLANS16 = plans(Mode.BITS16), PLANS32 = plans(Mode.BITS32), PLANS64 = plans(Mode.BITS64);
    /** {@link Plan#info} at the same index (0 where there is no plan). */
    private static final int[] INFO16 = info(PLANS16), INFO32 = info(PLANS32), INFO64 = info(PLANS64);

    private static int[] info(Plan[] plans) {
        int[] t = new int[plans.length];
        for (int i = 0; i < t.length; i++) t[i] = plans[i] == null ? 0 : plans[i].info;
        return t;
    }

    /**
     * The instruction at {@code p}, or null if it is not one of the fast shapes. The caller
     * guarantees 15 readable bytes at {@code p} (no fast shape is longer, so no limit is checked).
     */
    static Instruction decode(Mode mode, byte[] b, int p, long address) {
        boolean m64 = mode == Mode.BITS64;
        // the first eight bytes in one load; REX (40..4F, 64-bit mode only) and the 0F escape are
        // taken off it by shifts, without branches (in 64-bit code a REX prefix is a coin toss)
        long bytes = DecodeContext.le64(b, p);
        int x = (int) bytes & 0xFF;
        int isRex = ((x ^ 0x40) - 16) >>> 31 & (m64 ? 1 : 0);
        int rex = x & 15 & -isRex;
        bytes >>>= 8 * isRex;
        int esc = (((int) bytes & 0xFF ^ 0x0F) - 1) >>> 31;
        bytes >>>= 8 * esc;
        int opcode = (int) bytes & 0xFF;
        int m = (int) (bytes >>> 8) & 0xFF;
        int key = (esc << 13) | (opcode << 5) | ((rex & 8) << 1) | ((m >> 2) & 0xE) | ((m + 0x40) >> 8);
        // the attributes the length needs come from an int array, in parallel with the plan
        int info = (m64 ? INFO64 : mode == Mode.BITS32 ? INFO32 : INFO16)[key];
        if (info == 0) return null;
        Plan pl = (m64 ? PLANS64 : mode == Mode.BITS32 ? PLANS32 : PLANS16)[key];
        int q = p + isRex + esc + 1;
        long a = 0;
        if ((info & MEMORY) != 0) {
            a = ModrmReader.address32(b, q + 1, m, rex, m64);
            q += 1 + ModrmReader.addressBytes(a);
        } else {
            q += info & MODRM;
        }
        int length = q - p + ((info >> INFO_IMM) & 15);
        long next = address + length;
        Operand mem = null;
        if ((info & MEM_OPERAND) != 0) {
            int base = ModrmReader.base(a);
            long disp = ModrmReader.disp(a);
            if (base == Operand.Mem.RIP) disp = OperandBuilder.mask(next + disp, pl.addrSize);
            int idx = ModrmReader.sibIndex(a);
            mem = new Operand.Mem(OperandBuilder.segment(0, base), false, base, idx == 4 ? Operand.Mem.NONE : idx,
                    ModrmReader.scale(a), disp, pl.memBits, pl.addrSize);
        }
        boolean hasRex = isRex != 0;
        Operand o0 = operand(pl.op0, pl.k0, mem, m, rex, hasRex, opcode, b, q, next);
        Operand o1 = operand(pl.op1, pl.k1, mem, m, rex, hasRex, opcode, b, q, next);
        Operand o2 = operand(pl.op2, pl.k2, mem, m, rex, hasRex, opcode, b, q, next);
        int prefixes = (Prefix.REX & -isRex) | (x & 8 & -isRex) << 3;
        return new Instruction(address, length, pl.mnemonic, pl.form, pl.mode, pl.reportedSize, pl.addrSize,
                prefixes, pl.cond, (info >> INFO_COUNT) & 3, o0, o1, o2, null, ModrmReader.hints(a));
    }

    /** One operand from its word ({@link Plan}); immediates are read at {@code imm} + their offset. */
    private static Operand operand(int w, Operand k, Operand mem, int m, int rex, boolean hasRex, int opcode,
                                   byte[] b, int imm, long next) {
        int size = w >>> 16;
        return switch (w & 15) {
            case K_NONE -> null;
            case K_CONST -> k;
            case K_MEM -> mem;
            case K_GPR_REG -> Regs.gpr(((m >> 3) & 7) | ((rex & 4) << 1), size, hasRex);
            case K_GPR_RM -> Regs.gpr((m & 7) | ((rex & 1) << 3), size, hasRex);
            case K_GPR_OPC -> Regs.gpr((opcode & 7) | ((rex & 1) << 3), size, hasRex);
            case K_XMM_REG -> Regs.vec(((m >> 3) & 7) | ((rex & 4) << 1), false);
            case K_XMM_RM -> Regs.vec((m & 7) | ((rex & 1) << 3), false);
            case K_IMM -> OperandBuilder.imm(field(w, b, imm), size);
            default -> new Operand.Rel(OperandBuilder.mask(next + field(w, b, imm), size), size);
        };
    }

    /** An immediate or relative field, sign- or zero-extended as its operand word says. */
    private static long field(int w, byte[] b, int imm) {
        int bytes = (w >> 4) & 15;
        long v = DecodeContext.le(b, imm + ((w >> 8) & 15), bytes);
        int shift = 64 - 8 * bytes;
        return (w & (1 << 12)) != 0 ? v << shift >> shift : v;
    }

    // ---- building the plans from the definition table ----

    private static Plan[] plans(Mode mode) {
        Plan[] t = new Plan[2 << 13];
        boolean m64 = mode == Mode.BITS64;
        java.util.Map<java.util.List<Object>, Plan> unique = new java.util.HashMap<>();
        for (int map = 0; map < 2; map++) {
            for (int opcode = 0; opcode < 256; opcode++) {
                if (!fastOpcode(mode, map, opcode)) continue;
                int slot = map * 256 + opcode;
                int slotInfo = DecodeTables.info(slot);
                if (slotInfo == 0 || (slotInfo & DecodeTables.MOD_AS_REG) != 0) continue;
                boolean modrm = (slotInfo & DecodeTables.MODRM) != 0;
                for (int w = 0; w < (m64 ? 2 : 1); w++) {
                    for (int reg = 0; reg < 8; reg++) {
                        for (int modIsReg = 0; modIsReg < 2; modIsReg++) {
                            // without ModRM the decoder reads reg, mod and rm as 0, whatever the next byte is
                            Plan pl = modrm ? plan(mode, slot, w, reg, modIsReg) : plan(mode, slot, w, 0, 0);
                            t[(map << 13) | (opcode << 5) | (w << 4) | (reg << 1) | modIsReg] =
                                    pl == null ? null : unique.computeIfAbsent(pl.key(), k -> pl);
                        }
                    }
                }
            }
        }
        return t;
    }

    /** Whether an opcode byte can start a fast shape: not a prefix, an escape or VEX/EVEX (SDM Vol. 2A §2.1.1, §2.3). */
    private static boolean fastOpcode(Mode mode, int map, int opcode) {
        if (map == 1) return opcode != 0x38 && opcode != 0x3A;
        return switch (opcode) {
            case 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF0, 0xF2, 0xF3, 0x0F, 0xC4, 0xC5, 0x62 -> false;
            default -> mode != Mode.BITS64 || (opcode & 0xF0) != 0x40;
        };
    }

    /** The plan for one key, or null if the key is not a fast shape. */
    private static Plan plan(Mode mode, int slot, int w, int reg, int modIsReg) {
        boolean modrm = (DecodeTables.info(slot) & DecodeTables.MODRM) != 0;
        boolean memory = modrm && modIsReg == 0;
        if (memory && mode == Mode.BITS16) return null; // 16-bit addressing
        Form f = selected(mode, slot, w, reg, modIsReg, modrm);
        if (f == null) return null;
        int hot = f.hot;
        boolean m64 = mode == Mode.BITS64;
        int opSize = Decoder.operandSize(mode, w != 0, false, (f.attrs & Form.F64) != 0, (f.attrs & Form.D64) != 0);
        int addrSize = mode.bits();
        Mnemonic mn = (hot & Form.HOT_BY_SIZE) != 0 ? Decoder.bySize(f, opSize, addrSize) : f.mnemonic;
        int immBytes = f.immediateBytes(opSize, addrSize);
        int sizeIndex = OperandSpec.index(opSize, false, m64);
        if (f.ops.length > 3) return null;
        int[] words = new int[3];
        Operand[] konst = new Operand[3];
        int memBits = 0;
        int immOffset = 0;
        boolean memOperand = false;
        for (int i = 0; i < f.ops.length; i++) {
            OperandSpec o = f.ops[i];
            int word;
            if (memory && o.hasMemAlternative()) {
                word = K_MEM;
                memOperand = true;
                memBits = o.memBits(sizeIndex);
            } else {
                int bits = o.regBits(sizeIndex);
                boolean vector = o.regSize() != OperandSpec.Size.qq;
                word = switch (o.kind()) {
                    case G -> K_GPR_REG | bits << 16;
                    case E, R -> K_GPR_RM | bits << 16;
                    case Z -> K_GPR_OPC | bits << 16;
                    case V -> vector ? K_XMM_REG : -1;
                    case W, U -> vector ? K_XMM_RM : -1;
                    case FIXED_GPR -> { konst[i] = Regs.gpr(o.fixed(), bits, true); yield K_CONST; }
                    case ONE -> { konst[i] = OperandBuilder.ONE; yield K_CONST; }
                    case I, IS, J -> {
                        int bytes = switch (o.kind()) {
                            case IS -> 1;
                            case J -> o.regSize() == OperandSpec.Size.b ? 1 : opSize == 16 ? 2 : 4;
                            default -> Immediates.bytes(o.regSize(), opSize);
                        };
                        boolean signed = o.kind() != OperandSpec.Kind.I || o.regSize() == OperandSpec.Size.z;
                        int size = o.kind() == OperandSpec.Kind.I && o.regSize() != OperandSpec.Size.z ? bits : opSize;
                        int kind = o.kind() == OperandSpec.Kind.J ? K_REL : K_IMM;
                        int wd = kind | bytes << 4 | immOffset << 8 | (signed ? 1 << 12 : 0) | size << 16;
                        immOffset += bytes;
                        yield wd;
                    }
                    default -> -1; // M with mod = 11 (#UD) and the rarer kinds: the general path
                };
                if (word < 0) return null;
            }
            words[i] = word;
        }
        // the longest encoding of the shape: REX, opcode, ModRM, SIB, disp32, immediates (within 15 bytes)
        int longest = (m64 ? 1 : 0) + 1 + (slot >> 8) + (modrm ? 1 : 0) + (memory ? 5 : 0) + immBytes;
        if (immOffset != immBytes || longest > 15) return null;
        int info = (modrm ? MODRM : 0) | (memory ? MEMORY : 0) | immBytes << INFO_IMM | f.ops.length << INFO_COUNT
                | (memOperand ? MEM_OPERAND : 0) | VALID;
        return new Plan(f, mn, mode, info, Decoder.reportedSize(hot, opSize, 0), (hot >>> Form.HOT_COND) - 1, memBits,
                words, konst);
    }

    /**
     * The form the general path selects without prefixes other than REX, if it is the same for
     * every ModRM.rm and REX.B (it then depends only on the plan's keys), else null.
     */
    private static Form selected(Mode mode, int slot, int w, int reg, int modIsReg, boolean modrm) {
        Form[] cands = DecodeTables.candidates(mode.ordinal(), slot, reg);
        if (cands == null) return null;
        Form chosen = null;
        for (int rm = 0; rm < (modrm ? 8 : 1); rm++) {
            for (int b = 0; b < (mode == Mode.BITS64 ? 2 : 1); b++) {
                int sig = Decoder.signature(modIsReg, rm, w, 0, b) | Decoder.mandatoryPrefixBit(Form.PFX_NP);
                Form f = Decoder.match(cands, sig);
                if (f == null || (chosen != null && f != chosen)) return null;
                chosen = f;
            }
        }
        return chosen;
    }
}
