package dev.jvmx.x86;

/**
 * The decoder's fast path for the most common instruction shapes: at most one 66, F3 or F2 prefix,
 * then at most a REX prefix (64-bit mode), an opcode of the one-byte map or of the 0F map, and a
 * form that the definition table selects from the prefix, the opcode, REX.W, ModRM.reg and whether
 * ModRM.mod is 11 alone. In glibc's code that is over nine instructions in ten (MOV, ALU, LEA,
 * PUSH/POP, Jcc, CALL, RET, MOVZX, CMOVcc, SETcc, TEST, the SSE2 integer and move forms...).
 *
 * <p>All the per-form work the general path does after finding the form (mandatory-prefix
 * selection, operand size, size-dependent mnemonic, reported size, immediate bytes, which field
 * names each operand and its size, the prefix bits) depends only on those keys here, so it is done
 * once per mode, on first use, into a {@link Plan} per key, from the same definition table and
 * with the same rules ({@link Decoder#select}, {@link Decoder#operandSize}, {@link OperandBuilder}).
 * A decode is then: one 8-byte load from which prefix, REX, the 0F escape, the opcode and ModRM are
 * taken by shifts (a branch only for the rare legacy prefix), one load of the key's packed
 * attributes and one of its plan, SIB/displacement ({@link ModrmReader#address32}) and the operands
 * with one dispatch on the plan's operand shape, all state in locals; nothing is written to the
 * shared {@link DecodeContext}.
 *
 * <p>Anything else (other or more legacy prefixes, VEX/EVEX, the 0F 38/0F 3A maps, forms chosen by
 * rm or REX.B, 16-bit addressing, operand kinds other than those below, #UD encodings, fewer than
 * 15 bytes of input) returns null, and the general path decodes it. {@code FastPathTest} checks
 * that both paths give equal instructions.
 */
final class FastPath {
    private FastPath() {}

    /** Operand word kinds (bits 0..3). */
    static final int K_CONST = 0, K_MEM = 1, K_REG = 2, K_IMM = 3, K_REL = 4;

    /** {@link Plan#info} bits. */
    static final int MODRM = 1, MEMORY = 2, INFO_IMM = 2, INFO_COUNT = 6, MEM_OPERAND = 1 << 8, VALID = 1 << 9,
            INFO_SHAPE = 10;

    /**
     * Everything a decode needs once the keys are known. An operand word is its kind (bits 0..3)
     * and for
     * <pre>
     *  K_CONST      nothing: the operand is {@code k0..k2} (null past the operand count)
     *  K_REG        bits 4..7 where the register number is in ModRM | opcode << 8 (0 rm, 3 reg,
     *               8 opcode), bits 8..9 its REX bit (0 B, 2 R), bit 10 REX presence matters (8-bit
     *               GPRs: AH..BH or SPL..DIL), bits 16..31 the row in {@link Regs#flat}
     *  K_IMM/K_REL  bits 4..7 field bytes, bits 8..11 offset among the immediates, bit 12 sign-
     *               extended, bits 16..31 operand size in bits
     * </pre>
     */
    static final class Plan {
        final Form form;
        final Mnemonic mnemonic;
        /**
         * bit 0 ModRM follows, bit 1 it is a memory form (mod != 11), bits 2..5 immediate bytes,
         * bits 6..7 operand count, bit 8 an operand is the memory operand, bit 9 always set, bits
         * 10..13 the operand shape (S_*).
         */
        final int info;
        /** {@link Instruction#sizes} without the length, {@link Instruction#bits} without prefixes and hints. */
        final int sizes, bits;
        final int addrSize, memBits;
        final int op0, op1, op2;
        /** The operand itself where it does not depend on the encoding (fixed registers, the shift count 1). */
        final Operand k0, k1, k2;

        Plan(Form form, Mnemonic mnemonic, Mode mode, int info, int reportedSize, int cond, int memBits,
             int[] ops, Operand[] konst, int prefixes, int hints) {
            this.form = form;
            this.mnemonic = mnemonic;
            int n = (info >> INFO_COUNT) & 3;
            int shape = shape(n, ops);
            // a memory form without a memory operand (R, U with mod != 11) goes the general way
            boolean mem = shape == S_M || shape == S_RM || shape == S_MR || shape == S_MI || shape == S_MI8
                    || shape == S_MI32;
            if (((info & MEMORY) != 0) != mem) shape = S_ANY;
            this.info = info | shape << INFO_SHAPE;
            this.addrSize = mode.bits();
            this.sizes = Instruction.sizes(reportedSize, mode, addrSize, 0);
            this.bits = Instruction.bits(prefixes, cond, hints, n);
            this.memBits = memBits;
            this.op0 = ops[0];
            this.op1 = ops[1];
            this.op2 = ops[2];
            this.k0 = konst[0];
            this.k1 = konst[1];
            this.k2 = konst[2];
        }
    }

    /** Operand shapes with code of their own in {@link #decode}: registers (R), the memory operand (M), immediates (I), branch targets (J). */
    static final int S_ANY = 0, S_NONE = 1, S_R = 2, S_RR = 3, S_RM = 4, S_MR = 5, S_RI = 6, S_MI = 7, S_M = 8, S_J = 9;
    /**
     * The immediate or branch shapes with a 1- or 4-byte field: the field width is part of the
     * shape, so reading it takes no branch of its own (the dispatch on the shape is the only one).
     */
    static final int S_RI8 = 10, S_RI32 = 11, S_MI8 = 12, S_MI32 = 13, S_J8 = 14, S_J32 = 15;

    private static int shape(int n, int[] ops) {
        String kinds = "";
        for (int i = 0; i < n; i++) {
            kinds += switch (ops[i] & 15) { case K_REG -> "R"; case K_MEM -> "M"; case K_IMM -> "I"; case K_REL -> "J"; default -> "?"; };
        }
        return switch (kinds) {
            case "" -> S_NONE;
            case "R" -> S_R;
            case "RR" -> S_RR;
            case "RM" -> S_RM;
            case "MR" -> S_MR;
            case "RI" -> byWidth(ops[1], S_RI, S_RI8, S_RI32);
            case "MI" -> byWidth(ops[1], S_MI, S_MI8, S_MI32);
            case "M" -> S_M;
            case "J" -> byWidth(ops[0], S_J, S_J8, S_J32);
            default -> S_ANY;
        };
    }

    /** 66, F3, F2 as the legacy-prefix classes of the plan key (1, 2, 3), other bytes 0. */
    private static final byte[] LEGACY_CLASS = new byte[256];

    static {
        LEGACY_CLASS[0x66] = 1;
        LEGACY_CLASS[0xF3] = 2;
        LEGACY_CLASS[0xF2] = 3;
    }

    /** Number of keys per mode. */
    private static final int KEYS = 4 << 14;

    /**
     * Plans per mode, indexed {@code (legacy prefix << 14) | (map << 13) | (opcode << 5) | (REX.W << 4) |
     * (ModRM.reg << 1) | (mod == 11)}, the legacy prefix 0 none, 1 = 66, 2 = F3, 3 = F2;
     * the keys that select the same form with the same prefix and REX.W share one plan, so the plans
     * in use stay few and in cache. Built on first use of a mode (a holder class per mode).
     */
    private static final class Bits64 {
        static final Plan[] PLANS = plans(Mode.BITS64);
        /** {@link Plan#info} at the same index (0 where there is no plan). */
        static final int[] INFO = info(PLANS);
    }

    private static final class Bits32 {
        static final Plan[] PLANS = plans(Mode.BITS32);
        static final int[] INFO = info(PLANS);
    }

    private static final class Bits16 {
        static final Plan[] PLANS = plans(Mode.BITS16);
        static final int[] INFO = info(PLANS);
    }

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
        // one 66, F3 or F2 prefix (class 1, 2, 3): a branch, as it is rare enough to be predicted
        int cls = LEGACY_CLASS[(int) bytes & 0xFF];
        int legacy = 0;
        if (cls != 0) {
            legacy = 1;
            bytes >>>= 8;
        }
        int x = (int) bytes & 0xFF;
        int isRex = ((x ^ 0x40) - 16) >>> 31 & (m64 ? 1 : 0);
        int rex = x & 15 & -isRex;
        bytes >>>= 8 * isRex;
        int esc = (((int) bytes & 0xFF ^ 0x0F) - 1) >>> 31;
        bytes >>>= 8 * esc;
        int opcode = (int) bytes & 0xFF;
        int m = (int) (bytes >>> 8) & 0xFF;
        int key = (cls << 14) | (esc << 13) | (opcode << 5) | ((rex & 8) << 1) | ((m >> 2) & 0xE) | ((m + 0x40) >> 8);
        // the attributes the length needs come from an int array, in parallel with the plan
        int info = (m64 ? Bits64.INFO : mode == Mode.BITS32 ? Bits32.INFO : Bits16.INFO)[key];
        if (info == 0) return null;
        Plan pl = (m64 ? Bits64.PLANS : mode == Mode.BITS32 ? Bits32.PLANS : Bits16.PLANS)[key];
        int q = p + legacy + isRex + esc + 1; // past the opcode
        int imm = (info >> INFO_IMM) & 15;
        // the register forms' end of ModRM, length and next address; a memory form redoes them
        int qr = q + (info & MODRM);
        int length = qr - p + imm;
        long next = address + length;
        long a = 0;
        int fields = m | opcode << 8;
        Operand o0 = null, o1 = null, o2 = null;
        // one dispatch on the operand shape, which also says whether ModRM names memory
        int shape = (info >> INFO_SHAPE) & 15;
        switch (shape) {
            case S_NONE -> { }
            case S_R -> o0 = reg(pl.op0, fields, rex, isRex);
            case S_RR -> { o0 = reg(pl.op0, fields, rex, isRex); o1 = reg(pl.op1, fields, rex, isRex); }
            case S_RI -> { o0 = reg(pl.op0, fields, rex, isRex); o1 = imm(pl.op1, b, qr); }
            case S_RI8 -> { o0 = reg(pl.op0, fields, rex, isRex); o1 = imm8(pl.op1, b, qr); }
            case S_RI32 -> { o0 = reg(pl.op0, fields, rex, isRex); o1 = imm32(pl.op1, b, qr); }
            case S_J -> o0 = rel(pl.op0, b, qr, next);
            case S_J8 -> o0 = new Operand.Rel(OperandBuilder.mask(next + b[qr], pl.op0 >>> 16), pl.op0 >>> 16);
            case S_J32 -> o0 = new Operand.Rel(OperandBuilder.mask(next + DecodeContext.le32(b, qr), pl.op0 >>> 16),
                    pl.op0 >>> 16);
            case S_M -> {
                a = ModrmReader.address32(b, q + 1, m, rex, m64);
                length = q + 1 + ModrmReader.addressBytes(a) - p + imm;
                o0 = memory(a, pl, address + length);
            }
            case S_RM -> {
                a = ModrmReader.address32(b, q + 1, m, rex, m64);
                length = q + 1 + ModrmReader.addressBytes(a) - p + imm;
                o0 = reg(pl.op0, fields, rex, isRex);
                o1 = memory(a, pl, address + length);
            }
            case S_MR -> {
                a = ModrmReader.address32(b, q + 1, m, rex, m64);
                length = q + 1 + ModrmReader.addressBytes(a) - p + imm;
                o0 = memory(a, pl, address + length);
                o1 = reg(pl.op1, fields, rex, isRex);
            }
            case S_MI, S_MI8, S_MI32 -> {
                a = ModrmReader.address32(b, q + 1, m, rex, m64);
                int qm = q + 1 + ModrmReader.addressBytes(a);
                length = qm - p + imm;
                o0 = memory(a, pl, address + length);
                o1 = shape == S_MI8 ? imm8(pl.op1, b, qm) : shape == S_MI32 ? imm32(pl.op1, b, qm) : imm(pl.op1, b, qm);
            }
            default -> {
                Operand mem = null;
                if ((info & MEMORY) != 0) {
                    a = ModrmReader.address32(b, q + 1, m, rex, m64);
                    qr = q + 1 + ModrmReader.addressBytes(a);
                    length = qr - p + imm;
                    next = address + length;
                    if ((info & MEM_OPERAND) != 0) mem = memory(a, pl, next);
                }
                o0 = operand(pl.op0, pl.k0, mem, fields, rex, isRex, b, qr, next);
                o1 = operand(pl.op1, pl.k1, mem, fields, rex, isRex, b, qr, next);
                o2 = operand(pl.op2, pl.k2, mem, fields, rex, isRex, b, qr, next);
            }
        }
        int prefixes = (Prefix.REX & -isRex) | (x & 8 & -isRex) << 3;
        return new Instruction(address, pl.mnemonic, pl.form, o0, o1, o2, null, pl.sizes | length << 24,
                pl.bits | prefixes | ModrmReader.hints(a) << 16);
    }

    /** The memory operand from the packed ModRM/SIB/displacement ({@link ModrmReader#address32}). */
    private static Operand.Mem memory(long a, Plan pl, long next) {
        int base = ModrmReader.base(a);
        long disp = ModrmReader.disp(a);
        if (base == Operand.Mem.RIP) disp = OperandBuilder.mask(next + disp, pl.addrSize);
        int idx = ModrmReader.sibIndex(a);
        return new Operand.Mem(OperandBuilder.segment(0, base), false, base, idx == 4 ? Operand.Mem.NONE : idx,
                ModrmReader.scale(a), disp, pl.memBits, pl.addrSize);
    }

    /** {@code narrow} or {@code wide} if the field of the operand word is 1 or 4 bytes (and first), else {@code any}. */
    private static int byWidth(int w, int any, int narrow, int wide) {
        if (((w >> 8) & 15) != 0) return any;
        return switch ((w >> 4) & 15) { case 1 -> narrow; case 4 -> wide; default -> any; };
    }

    /** A 1-byte immediate, sign- or zero-extended by its word without a branch. */
    private static Operand imm8(int w, byte[] b, int imm) {
        return OperandBuilder.imm(b[imm] & ((long) (w << 19 >> 31) | 0xFFL), w >>> 16);
    }

    /** A 4-byte immediate, sign- or zero-extended by its word without a branch. */
    private static Operand imm32(int w, byte[] b, int imm) {
        return OperandBuilder.imm(DecodeContext.le32(b, imm) & ((long) (w << 19 >> 31) | 0xFFFFFFFFL), w >>> 16);
    }

    /** One operand from its word ({@link Plan}); immediates are read at {@code imm} + their offset. */
    private static Operand operand(int w, Operand k, Operand mem, int fields, int rex, int isRex, byte[] b, int imm,
                                   long next) {
        return switch (w & 15) {
            case K_CONST -> k;
            case K_MEM -> mem;
            case K_REG -> reg(w, fields, rex, isRex);
            case K_IMM -> imm(w, b, imm);
            default -> rel(w, b, imm, next);
        };
    }

    /** A K_REG operand: the register number from ModRM or the opcode and its REX bit. */
    private static Operand reg(int w, int fields, int rex, int isRex) {
        return Regs.flat((w >>> 16) + ((fields >> ((w >> 4) & 15)) & 7) + (((rex >> ((w >> 8) & 3)) & 1) << 3)
                + ((isRex & (w >> 10)) << 6));
    }

    private static Operand imm(int w, byte[] b, int imm) {
        return OperandBuilder.imm(field(w, b, imm), w >>> 16);
    }

    private static Operand rel(int w, byte[] b, int imm, long next) {
        return new Operand.Rel(OperandBuilder.mask(next + field(w, b, imm), w >>> 16), w >>> 16);
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
        Plan[] t = new Plan[KEYS];
        boolean m64 = mode == Mode.BITS64;
        // plans by form, prefix class, REX.W and memory form (the plan depends on nothing else)
        java.util.Map<Integer, java.util.Optional<Plan>> byForm = new java.util.HashMap<>();
        for (int map = 0; map < 2; map++) {
            for (int opcode = 0; opcode < 256; opcode++) {
                if (!fastOpcode(mode, map, opcode)) continue;
                int slot = map * 256 + opcode;
                int slotInfo = DecodeTables.info(slot);
                if (slotInfo == 0 || (slotInfo & DecodeTables.MOD_AS_REG) != 0) continue;
                boolean modrm = (slotInfo & DecodeTables.MODRM) != 0;
                for (int cls = 0; cls < 4; cls++) {
                    for (int w = 0; w < (m64 ? 2 : 1); w++) {
                        for (int reg = 0; reg < 8; reg++) {
                            for (int modIsReg = 0; modIsReg < 2; modIsReg++) {
                                // without ModRM the decoder reads reg, mod and rm as 0, whatever the next byte is
                                int r = modrm ? reg : 0, mr = modrm ? modIsReg : 0;
                                Form f = selected(mode, slot, cls, w, r, mr, modrm);
                                if (f == null) continue;
                                int c = cls, wb = w;
                                Plan pl = byForm.computeIfAbsent(f.id << 5 | c << 2 | wb << 1 | mr,
                                        k -> java.util.Optional.ofNullable(plan(mode, f, c, wb, mr))).orElse(null);
                                t[(cls << 14) | (map << 13) | (opcode << 5) | (w << 4) | (reg << 1) | modIsReg] = pl;
                            }
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

    /** The plan for one key ({@code cls}: no legacy prefix, 66, F3, F2), or null if the key is not a fast shape. */
    private static Plan plan(Mode mode, Form f, int cls, int w, int modIsReg) {
        boolean modrm = f.modrm;
        boolean memory = modrm && modIsReg == 0;
        if (memory && mode == Mode.BITS16) return null; // 16-bit addressing
        int hot = f.hot;
        boolean m64 = mode == Mode.BITS64;
        // 66 changes the operand size unless it is the form's mandatory prefix (Decoder.operandSize)
        boolean opsz = cls == 1 && f.pfx != Form.PFX_66;
        int opSize = Decoder.operandSize(mode, w != 0, opsz, (f.attrs & Form.F64) != 0, (f.attrs & Form.D64) != 0);
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
                int gpr = K_REG | 1 << 10 | Regs.gprRow(bits) << 16;
                int xmm = K_REG | Regs.XMM_ROW << 16;
                word = switch (o.kind()) {
                    case G -> gpr | 3 << 4 | 2 << 8;
                    case E, R -> gpr;
                    case Z -> gpr | 8 << 4;
                    case V -> vector ? xmm | 3 << 4 | 2 << 8 : -1;
                    case W, U -> vector ? xmm : -1;
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
        int longest = (cls != 0 ? 1 : 0) + (m64 ? 1 : 0) + 1 + f.map + (modrm ? 1 : 0) + (memory ? 5 : 0) + immBytes;
        if (immOffset != immBytes || longest > 15) return null;
        int info = (modrm ? MODRM : 0) | (memory ? MEMORY : 0) | immBytes << INFO_IMM | f.ops.length << INFO_COUNT
                | (memOperand ? MEM_OPERAND : 0) | VALID;
        // the prefix bits and the formatter's count of 66 prefixes (DecodeContext.encodingHints)
        int prefixes = switch (cls) { case 1 -> Prefix.OPSIZE; case 2 -> Prefix.REP; case 3 -> Prefix.REPNE; default -> 0; };
        return new Plan(f, mn, mode, info, Decoder.reportedSize(hot, opSize, 0), (hot >>> Form.HOT_COND) - 1, memBits,
                words, konst, prefixes, cls == 1 ? 1 << 8 : 0);
    }

    /**
     * The form the general path selects without prefixes other than REX, if it is the same for
     * every ModRM.rm and REX.B (it then depends only on the plan's keys), else null.
     */
    private static Form selected(Mode mode, int slot, int cls, int w, int reg, int modIsReg, boolean modrm) {
        Form[] cands = DecodeTables.candidates(mode.ordinal(), slot, reg);
        if (cands == null) return null;
        // only the rm and REX.B values some candidate looks at need trying
        int looked = 0;
        for (Form f : cands) looked |= f.matchMask;
        int rms = modrm && (looked & Decoder.signature(0, 7, 0, 0, 0)) != 0 ? 8 : 1;
        int bs = mode == Mode.BITS64 && (looked & Decoder.signature(0, 0, 0, 0, 1)) != 0 ? 2 : 1;
        Form chosen = null;
        for (int rm = 0; rm < rms; rm++) {
            for (int b = 0; b < bs; b++) {
                int rep = cls == 2 ? 1 : cls == 3 ? 2 : 0;
                Form f = Decoder.select(cands, Decoder.signature(modIsReg, rm, w, 0, b),
                        Decoder.legacyMandatoryPrefix(rep, cls == 1), rep != 0);
                if (f == null || (chosen != null && f != chosen)) return null;
                chosen = f;
            }
        }
        return chosen;
    }
}
