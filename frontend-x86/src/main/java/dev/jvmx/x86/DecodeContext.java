package dev.jvmx.x86;

/**
 * Mutable per-thread scratch state of one decode: the byte cursor, prefixes, opcode, ModRM/SIB
 * and displacement. Reset at each {@link Decoder#decode}; never escapes the decoder.
 *
 * <p>Pipeline (SDM Vol. 2A §2.1, Figure 2-1): legacy prefixes, REX or VEX, opcode (with the 0F,
 * 0F 38, 0F 3A escapes), ModRM, SIB, displacement, immediates.
 */
final class DecodeContext {
    /** Thrown (pre-allocated, no stack trace) when the cursor runs past 15 bytes or the input. */
    static final class Stop extends RuntimeException {
        Stop(String m) { super(m, null, false, false); }
    }

    static final Stop TOO_LONG = new Stop("too long");
    static final Stop TRUNCATED = new Stop("truncated");

    /** Legacy prefix bytes (SDM Vol. 2A §2.1.1). */
    private static final boolean[] PREFIX = new boolean[256];

    static {
        for (int b : new int[] {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF0, 0xF2, 0xF3}) PREFIX[b] = true;
    }

    Mode mode;
    boolean m64;
    byte[] code;
    int start, limit, pos;
    /** min(limit, start + 15): one compare per byte on the fast path. */
    int end;
    long address;

    int prefixes;
    int segOverride;
    int lastRep;
    boolean opsz, adsz;
    int count66;
    int rexR, rexX, rexB, rexW;
    boolean rexPresent;
    boolean vex, evex, badPrefixForVex;
    int vexPP, vexL, vvvv;

    int map, opcode, slot;
    boolean hasModrm;
    int mod, reg, rm;
    int base, index, scale;
    /** Raw SIB index with REX.X/VEX.X (VSIB: the vector register), -1 without SIB. */
    int sibIndex;
    long disp;
    int addrSize;
    /** {@link OperandSpec#index} of the current operand size, VEX.L and mode. */
    int sizeIndex;

    final long[] imm = new long[3];
    int nimm;

    void reset(Mode mode, byte[] code, int offset, int available, long address) {
        this.mode = mode;
        this.m64 = mode == Mode.BITS64;
        this.code = code;
        this.start = offset;
        this.limit = offset + Math.max(0, Math.min(available, code.length - offset));
        this.pos = offset;
        this.end = Math.min(limit, offset + 15);
        this.address = address;
        prefixes = 0;
        segOverride = -1;
        lastRep = 0;
        opsz = adsz = false;
        count66 = 0;
        rexR = rexX = rexB = rexW = 0;
        rexPresent = vex = evex = badPrefixForVex = false;
        vexPP = vexL = vvvv = 0;
        map = opcode = slot = 0;
        hasModrm = false;
        mod = reg = rm = 0;
        base = index = Operand.Mem.NONE;
        sibIndex = -1;
        scale = 1;
        disp = 0;
        nimm = 0;
    }

    int next() {
        if (pos >= end) throw pos - start >= 15 ? TOO_LONG : TRUNCATED;
        return code[pos++] & 0xFF;
    }

    int length() { return pos - start; }

    /** Formatting hints about the last memory operand: {@link #HINT_SIB}, {@link #HINT_DISP}. */
    static final int HINT_SIB = 1, HINT_DISP = 2;

    int memHints() {
        int h = ((segOverride + 1) << 4) | (Math.min(count66, 15) << 8);
        if (!hasModrm || mod == 3) return h;
        if (addrSize != 16 && rm == 4) h |= HINT_SIB;
        if (mod == 1 || mod == 2 || base == Operand.Mem.NONE || base == Operand.Mem.RIP) h |= HINT_DISP;
        return h;
    }

    long read(int bytes) {
        if (pos + bytes <= end) {
            byte[] b = code;
            int p = pos;
            pos = p + bytes;
            return switch (bytes) {
                case 1 -> b[p] & 0xFFL;
                case 2 -> (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8;
                case 4 -> (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24;
                default -> readSlow(p, bytes);
            };
        }
        return readSlowChecked(bytes);
    }

    private long readSlow(int p, int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) v |= (code[p + i] & 0xFFL) << (8 * i);
        return v;
    }

    private long readSlowChecked(int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) v |= (long) next() << (8 * i);
        return v;
    }

    /** Legacy prefixes and REX (SDM Vol. 2A §2.1.1, §2.2.1). A legacy prefix after REX cancels it. */
    void prefixes() {
        if (pos < end && !PREFIX[code[pos] & 0xFF] && !(m64 && (code[pos] & 0xF0) == 0x40)) {
            addrSize = m64 ? 64 : mode == Mode.BITS32 ? 32 : 16;
            return;
        }
        for (;;) {
            int b = next();
            switch (b) {
                case 0x26, 0x2E, 0x36, 0x3E -> segOverride = (b >> 3) & 3;
                case 0x64 -> segOverride = Seg.FS.ordinal();
                case 0x65 -> segOverride = Seg.GS.ordinal();
                case 0x66 -> { opsz = true; count66++; prefixes |= Prefix.OPSIZE; }
                case 0x67 -> { adsz = true; prefixes |= Prefix.ADDRSIZE; }
                case 0xF0 -> prefixes |= Prefix.LOCK;
                case 0xF2 -> { lastRep = 0xF2; prefixes |= Prefix.REPNE; }
                case 0xF3 -> { lastRep = 0xF3; prefixes |= Prefix.REP; }
                default -> {
                    if (m64 && (b & 0xF0) == 0x40) {
                        rexPresent = true;
                        rexW = (b >> 3) & 1;
                        rexR = (b >> 2) & 1;
                        rexX = (b >> 1) & 1;
                        rexB = b & 1;
                        continue;
                    }
                    pos--;
                    if (segOverride >= 0) prefixes |= Prefix.SEG;
                    if (rexPresent) prefixes |= Prefix.REX | (rexW != 0 ? Prefix.REX_W : 0);
                    addrSize = m64 ? (adsz ? 32 : 64) : (mode == Mode.BITS32 ^ adsz) ? 32 : 16;
                    return;
                }
            }
            rexPresent = false;
            rexR = rexX = rexB = rexW = 0;
        }
    }

    /** Opcode bytes, including the VEX/EVEX escapes; sets {@link #slot}. */
    void opcode() {
        int b = next();
        if (b == 0x0F) {
            int b2 = next();
            if (b2 == 0x38) { map = Form.MAP_0F38; opcode = next(); }
            else if (b2 == 0x3A) { map = Form.MAP_0F3A; opcode = next(); }
            else { map = Form.MAP_0F; opcode = b2; }
        } else if ((b == 0xC4 || b == 0xC5) && (m64 || peekModIsReg())) {
            vexPrefix(b);
        } else if (b == 0x62 && (m64 || peekModIsReg())) {
            evex = true;
            EvexLength.skip(this);
            return;
        } else {
            map = Form.MAP_1BYTE;
            opcode = b;
        }
        slot = (vex ? DecodeTables.VEX_BASE : 0) + map * 256 + opcode;
    }

    private boolean peekModIsReg() {
        if (pos >= limit) throw pos - start >= 15 ? TOO_LONG : TRUNCATED;
        return (code[pos] & 0xC0) == 0xC0;
    }

    /** VEX (SDM Vol. 2A §2.3.5, Figure 2-9): C5 = 2-byte form, C4 = 3-byte form. */
    private void vexPrefix(int b) {
        vex = true;
        prefixes |= Prefix.VEX;
        badPrefixForVex = rexPresent || opsz || lastRep != 0 || (prefixes & Prefix.LOCK) != 0;
        int p1 = next();
        rexR = (~p1 >> 7) & 1;
        int p2;
        if (b == 0xC5) {
            map = Form.MAP_0F;
            rexX = rexB = rexW = 0;
            p2 = p1;
        } else {
            rexX = (~p1 >> 6) & 1;
            rexB = (~p1 >> 5) & 1;
            int mm = p1 & 0x1F;
            map = (mm >= 1 && mm <= 3) ? mm : -1;
            p2 = next();
            rexW = (p2 >> 7) & 1;
        }
        vvvv = (~p2 >> 3) & 0xF;
        vexL = (p2 >> 2) & 1;
        if (vexL != 0) prefixes |= Prefix.VEX_L;
        vexPP = p2 & 3;
        if (!m64) { rexR = rexX = rexB = 0; vvvv &= 7; }
        opcode = next();
        if (map < 0) { map = 0; badPrefixForVex = true; }
    }

    /** ModRM and, for memory forms, SIB and displacement (SDM Vol. 2A §2.1.5, Tables 2-1..2-3). */
    void modrm(boolean modAsReg) {
        hasModrm = true;
        int b = next();
        mod = modAsReg ? 3 : b >> 6;
        reg = (b >> 3) & 7;
        rm = b & 7;
        if (mod == 3) return;
        if (addrSize == 16) { address16(); return; }
        if (rm == 4) {
            int sib = next();
            scale = 1 << (sib >> 6);
            int idx = ((sib >> 3) & 7) | (rexX << 3);
            sibIndex = idx;
            index = idx == 4 ? Operand.Mem.NONE : idx;
            if ((sib & 7) == 5 && mod == 0) {
                base = Operand.Mem.NONE;
                disp = (int) read(4);
                return;
            }
            base = (sib & 7) | (rexB << 3);
        } else if (rm == 5 && mod == 0) {
            base = m64 ? Operand.Mem.RIP : Operand.Mem.NONE;
            disp = (int) read(4);
            return;
        } else {
            base = rm | (rexB << 3);
        }
        if (mod == 1) disp = (byte) next();
        else if (mod == 2) disp = (int) read(4);
    }

    private static final int[] BASE16 = {3, 3, 5, 5, 6, 7, 5, 3};
    private static final int[] INDEX16 = {6, 7, 6, 7, -1, -1, -1, -1};

    /** 16-bit addressing forms (SDM Vol. 2A Table 2-1). */
    private void address16() {
        if (mod == 0 && rm == 6) {
            disp = (short) read(2);
            return;
        }
        base = BASE16[rm];
        index = INDEX16[rm];
        if (mod == 1) disp = (byte) next();
        else if (mod == 2) disp = (short) read(2);
    }
}
