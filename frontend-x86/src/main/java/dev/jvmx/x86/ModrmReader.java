package dev.jvmx.x86;

/**
 * The ModRM stage of {@link DecodeContext}: ModRM, SIB and displacement into the context's
 * {@code mod/reg/rm/base/index/scale/sibIndex/disp} fields (SDM Vol. 2A §2.1.5, Tables 2-1..2-3).
 * Hot path: see {@link DecodeContext} for why it reads the array directly.
 */
final class ModrmReader {
    private ModrmReader() {}

    /**
     * ModRM and, for memory forms, SIB and displacement (SDM Vol. 2A §2.1.5, Tables 2-1..2-3).
     * With at least 6 bytes left (ModRM, SIB, disp32) the bytes are read without further checks.
     */
    static void read(DecodeContext c, boolean modAsReg) {
        c.hasModrm = true;
        int p = c.pos;
        if (c.end - p < 6) { readChecked(c, modAsReg); return; }
        byte[] b = c.code;
        int m = b[p++] & 0xFF;
        int md = modAsReg ? 3 : m >> 6;
        c.mod = md;
        c.reg = (m >> 3) & 7;
        int r = m & 7;
        c.rm = r;
        if (md == 3) { c.pos = p; return; }
        if (c.addrSize == 16) { c.pos = p; address16(c); return; }
        c.index = Operand.Mem.NONE;
        c.scale = 1;
        c.sibIndex = -1;
        long d = 0;
        if (r == 4) {
            int sib = b[p++] & 0xFF;
            c.scale = 1 << (sib >> 6);
            int idx = ((sib >> 3) & 7) | ((c.rex & 2) << 2);
            c.sibIndex = idx;
            c.index = idx == 4 ? Operand.Mem.NONE : idx;
            if ((sib & 7) == 5 && md == 0) {
                c.base = Operand.Mem.NONE;
                md = 2;
            } else {
                c.base = (sib & 7) | ((c.rex & 1) << 3);
            }
        } else if (r == 5 && md == 0) {
            c.base = c.m64 ? Operand.Mem.RIP : Operand.Mem.NONE;
            md = 2;
        } else {
            c.base = r | ((c.rex & 1) << 3);
        }
        if (md == 1) d = b[p++];
        else if (md == 2) { d = DecodeContext.le32(b, p); p += 4; }
        c.disp = d;
        c.pos = p;
    }

    /** {@link #read} near the end of the input or the 15-byte limit: every byte is checked. */
    private static void readChecked(DecodeContext c, boolean modAsReg) {
        int b = c.next();
        c.mod = modAsReg ? 3 : b >> 6;
        c.reg = (b >> 3) & 7;
        c.rm = b & 7;
        if (c.mod == 3) return;
        if (c.addrSize == 16) { address16(c); return; }
        c.index = Operand.Mem.NONE;
        c.scale = 1;
        c.sibIndex = -1;
        c.disp = 0;
        if (c.rm == 4) {
            int sib = c.next();
            c.scale = 1 << (sib >> 6);
            int idx = ((sib >> 3) & 7) | (c.rexX() << 3);
            c.sibIndex = idx;
            c.index = idx == 4 ? Operand.Mem.NONE : idx;
            if ((sib & 7) == 5 && c.mod == 0) {
                c.base = Operand.Mem.NONE;
                c.disp = (int) c.read(4);
                return;
            }
            c.base = (sib & 7) | (c.rexB() << 3);
        } else if (c.rm == 5 && c.mod == 0) {
            c.base = c.m64 ? Operand.Mem.RIP : Operand.Mem.NONE;
            c.disp = (int) c.read(4);
            return;
        } else {
            c.base = c.rm | (c.rexB() << 3);
        }
        if (c.mod == 1) c.disp = (byte) c.next();
        else if (c.mod == 2) c.disp = (int) c.read(4);
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
            return;
        }
        c.base = BASE16[c.rm];
        c.index = INDEX16[c.rm];
        if (c.mod == 1) c.disp = (byte) c.next();
        else if (c.mod == 2) c.disp = (short) c.read(2);
    }
}
