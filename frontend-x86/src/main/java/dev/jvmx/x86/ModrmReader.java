package dev.jvmx.x86;

/**
 * The ModRM stage of {@link DecodeContext}: ModRM, SIB and displacement into the context's
 * {@code mod/reg/rm/base/index/scale/sibIndex/disp} fields (SDM Vol. 2A §2.1.5, Tables 2-1..2-3).
 * Hot path: see {@link DecodeContext} for why it reads the array directly.
 */
final class ModrmReader {
    private ModrmReader() {}

    /**
     * The ModRM stage for an opcode slot with forms ({@code info} = {@link DecodeTables#info}):
     * ModRM if the slot has one, then SIB and displacement (SDM Vol. 2A §2.1.5, Tables 2-1..2-3).
     * With at least 6 bytes left (ModRM, SIB, disp32) and 32/64-bit addressing the bytes are read
     * without further checks; the rest takes {@link #readModrm}.
     *
     * <p>Measured alternative that lost: deciding SIB, base and displacement size with a table and
     * masks instead of branches. HotSpot does not make conditional moves in a method without loops,
     * and the masked version puts the table loads on the critical path of every decode (about 25%
     * slower on predictable code, no faster on libc's mix).
     */
    static void read(DecodeContext c, int info) {
        if ((info & DecodeTables.MODRM) == 0) { c.noModrm(); return; }
        int p = c.pos;
        if (c.end - p < 6 || c.addrSize == 16) { readModrm(c, (info & DecodeTables.MOD_AS_REG) != 0); return; }
        int m = c.code[p] & 0xFF;
        int md = (info & DecodeTables.MOD_AS_REG) != 0 ? 3 : m >> 6;
        c.mod = md;
        c.reg = (m >> 3) & 7;
        c.rm = m & 7;
        c.pos = p + 1;
        c.modrmHints = 0;
        if (md != 3) address32(c, m);
    }

    /**
     * SIB and displacement of a 32/64-bit memory form, read without checks ({@link #read} made
     * sure 5 bytes remain), into the context's fields. Separate from {@link #read} so that both
     * stay under HotSpot's limit for inlining hot methods (325 bytes of bytecode) and inline into
     * the decoder.
     */
    private static void address32(DecodeContext c, int m) {
        long a = address32(c.code, c.pos, m, c.rex, c.m64);
        int idx = sibIndex(a);
        c.base = base(a);
        c.sibIndex = idx;
        c.index = idx == 4 ? Operand.Mem.NONE : idx;
        c.scale = scale(a);
        c.disp = disp(a);
        c.pos += addressBytes(a);
        c.modrmHints = hints(a);
    }

    /**
     * SIB and displacement of a 32/64-bit memory form whose ModRM byte {@code m} (mod != 11) came
     * just before {@code p}, read without checks, packed in a long so that the decoder's fast
     * path ({@link FastPath}) keeps them in registers (SDM Vol. 2A Tables 2-2, 2-3; RIP-relative
     * in 64-bit mode, §2.2.1.6):
     * <pre>
     *  bits 0..31   displacement (sign-extended by {@link #disp})
     *  bits 32..36  base + 1 (0 = none, 17 = RIP)      bits 37..41  raw SIB index + 1 (0 = no SIB)
     *  bits 42..43  log2(scale)                       bits 44..45  {@link Instruction#HINT_SIB}, {@code HINT_DISP}
     *  bits 46..48  bytes read (SIB and displacement)
     * </pre>
     */
    static long address32(byte[] b, int p, int m, int rex, boolean m64) {
        int md = m >> 6;
        int r = m & 7;
        int p0 = p;
        int idx = -1;
        int scaleLog = 0;
        int base;
        int hints = 0;
        if (r == 4) {
            int sib = b[p++] & 0xFF;
            hints = Instruction.HINT_SIB;
            scaleLog = sib >> 6;
            idx = ((sib >> 3) & 7) | ((rex & 2) << 2);
            if ((sib & 7) == 5 && md == 0) {
                base = Operand.Mem.NONE;
                md = 2;
            } else {
                base = (sib & 7) | ((rex & 1) << 3);
            }
        } else if (r == 5 && md == 0) {
            base = m64 ? Operand.Mem.RIP : Operand.Mem.NONE;
            md = 2;
        } else {
            base = r | ((rex & 1) << 3);
        }
        int d = 0;
        if (md == 1) { d = b[p++]; hints |= Instruction.HINT_DISP; }
        else if (md == 2) { d = DecodeContext.le32(b, p); p += 4; hints |= Instruction.HINT_DISP; }
        return (d & 0xFFFFFFFFL) | (long) (base + 1) << 32 | (long) (idx + 1) << 37 | (long) scaleLog << 42
                | (long) hints << 44 | (long) (p - p0) << 46;
    }

    static long disp(long a) { return (int) a; }

    static int base(long a) { return (int) (a >>> 32 & 31) - 1; }

    /** The raw SIB index (with REX.X), -1 without SIB; 4 means no index. */
    static int sibIndex(long a) { return (int) (a >>> 37 & 31) - 1; }

    static int scale(long a) { return 1 << (int) (a >>> 42 & 3); }

    static int hints(long a) { return (int) (a >>> 44 & 3); }

    static int addressBytes(long a) { return (int) (a >>> 46 & 7); }

    /**
     * ModRM and, for memory forms, SIB and displacement, every byte checked against the end of the
     * input and the 15-byte limit: the slow cases of {@link #read} (the end of the input, 16-bit
     * addressing) and EVEX.
     */
    static void readModrm(DecodeContext c, boolean modAsReg) {
        int b = c.next();
        c.mod = modAsReg ? 3 : b >> 6;
        c.reg = (b >> 3) & 7;
        c.rm = b & 7;
        c.modrmHints = 0;
        if (c.mod == 3) return;
        if (c.addrSize == 16) { address16(c); return; }
        c.index = Operand.Mem.NONE;
        c.scale = 1;
        c.sibIndex = -1;
        c.disp = 0;
        if (c.rm == 4) {
            c.modrmHints = Instruction.HINT_SIB;
            int sib = c.next();
            c.scale = 1 << (sib >> 6);
            int idx = ((sib >> 3) & 7) | (c.rexX() << 3);
            c.sibIndex = idx;
            c.index = idx == 4 ? Operand.Mem.NONE : idx;
            if ((sib & 7) == 5 && c.mod == 0) {
                c.base = Operand.Mem.NONE;
                c.disp = (int) c.read(4);
                c.modrmHints |= Instruction.HINT_DISP;
                return;
            }
            c.base = (sib & 7) | (c.rexB() << 3);
        } else if (c.rm == 5 && c.mod == 0) {
            c.base = c.m64 ? Operand.Mem.RIP : Operand.Mem.NONE;
            c.disp = (int) c.read(4);
            c.modrmHints = Instruction.HINT_DISP;
            return;
        } else {
            c.base = c.rm | (c.rexB() << 3);
        }
        if (c.mod == 1) c.disp = (byte) c.next();
        else if (c.mod == 2) c.disp = (int) c.read(4);
        if (c.mod != 0) c.modrmHints |= Instruction.HINT_DISP;
    }

    private static final int[] BASE16 = {3, 3, 5, 5, 6, 7, 5, 3};
    private static final int[] INDEX16 = {6, 7, 6, 7, -1, -1, -1, -1};

    /** 16-bit addressing forms (SDM Vol. 2A Table 2-1). */
    private static void address16(DecodeContext c) {
        c.scale = 1;
        c.sibIndex = -1;
        c.disp = 0;
        if (c.mod == 0 && c.rm == 6) {
            c.base = c.index = Operand.Mem.NONE;
            c.disp = (short) c.read(2);
            c.modrmHints = Instruction.HINT_DISP;
            return;
        }
        c.base = BASE16[c.rm];
        c.index = INDEX16[c.rm];
        if (c.mod == 1) c.disp = (byte) c.next();
        else if (c.mod == 2) c.disp = (short) c.read(2);
        if (c.mod != 0) c.modrmHints = Instruction.HINT_DISP;
    }
}
