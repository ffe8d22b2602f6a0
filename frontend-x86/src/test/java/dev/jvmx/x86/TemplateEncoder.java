package dev.jvmx.x86;

import java.util.Random;

/**
 * The test-side encoder: builds a byte sequence that encodes a given {@link Form} from the
 * definition table's own encoding columns (prefixes, REX/VEX, escapes, opcode, ModRM constraints),
 * then fills the rest (SIB, displacement, immediates) with random bytes. Sequences are always 15
 * bytes; the decoder takes what the instruction needs.
 */
final class TemplateEncoder {
    private TemplateEncoder() {}

    static final int MAX = 15;

    static byte[] encode(Form f, Mode mode, Random r) {
        byte[] out = new byte[MAX];
        int n = 0;
        boolean m64 = mode == Mode.BITS64;
        boolean lock = f.lockable() && r.nextInt(4) == 0;
        if (lock) out[n++] = (byte) 0xF0;
        if (r.nextInt(6) == 0) out[n++] = (byte) new int[] {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65}[r.nextInt(6)];
        boolean vsib = false;
        for (OperandSpec o : f.ops) vsib |= o.kind() == OperandSpec.Kind.VSIB;
        if (vsib ? mode == Mode.BITS16 : r.nextInt(8) == 0) out[n++] = 0x67;
        if (!f.vex) {
            if (f.pfx == Form.PFX_ANY && r.nextInt(6) == 0) out[n++] = 0x66;
            if (f.pfx == Form.PFX_ANY && (f.attrs & Form.REP) != 0 && r.nextInt(3) == 0) {
                out[n++] = (byte) (r.nextBoolean() ? 0xF3 : 0xF2);
            }
            switch (f.pfx) {
                case Form.PFX_66 -> out[n++] = 0x66;
                case Form.PFX_F3 -> out[n++] = (byte) 0xF3;
                case Form.PFX_F2 -> out[n++] = (byte) 0xF2;
                default -> { }
            }
            if (m64 && (r.nextBoolean() || f.w == 1)) {
                int w = f.w >= 0 ? f.w : r.nextInt(2);
                int b = (f.attrs & Form.NOREXB) != 0 ? 0 : r.nextInt(2);
                out[n++] = (byte) (0x40 | w << 3 | r.nextInt(4) << 1 | b);
            }
            switch (f.map) {
                case Form.MAP_0F -> out[n++] = 0x0F;
                case Form.MAP_0F38 -> { out[n++] = 0x0F; out[n++] = 0x38; }
                case Form.MAP_0F3A -> { out[n++] = 0x0F; out[n++] = 0x3A; }
                default -> { }
            }
        } else {
            n = vex(f, m64, r, out, n);
        }
        out[n++] = (byte) (f.opcode + (f.opcodeReg ? r.nextInt(8) : 0));
        if (f.modrm) {
            int mod = f.mod == Form.MOD_REG ? 3 : f.mod == Form.MOD_MEM || lock ? r.nextInt(3) : r.nextInt(4);
            int reg = f.reg >= 0 ? f.reg : r.nextInt(8);
            int rm = vsib ? 4 : f.rm >= 0 ? f.rm : r.nextInt(4) == 0 ? 0 : r.nextInt(8);
            out[n++] = (byte) (mod << 6 | reg << 3 | rm);
        }
        while (n < MAX) out[n++] = (byte) r.nextInt(256);
        return out;
    }

    private static int vex(Form f, boolean m64, Random r, byte[] out, int n) {
        int pp = switch (f.pfx) { case Form.PFX_66 -> 1; case Form.PFX_F3 -> 2; case Form.PFX_F2 -> 3; default -> 0; };
        int w = f.w >= 0 ? f.w : r.nextInt(2);
        int l = f.l >= 0 ? f.l : r.nextInt(2);
        boolean usesV = false;
        for (OperandSpec o : f.ops) usesV |= o.kind() == OperandSpec.Kind.H || o.kind() == OperandSpec.Kind.B;
        int vvvv = usesV ? (m64 ? r.nextInt(16) : r.nextInt(8)) : 0;
        int rxb = m64 ? r.nextInt(8) : 0;
        if (f.map == Form.MAP_0F && (rxb & 3) == 0 && w == 0 && r.nextBoolean()) {
            out[n++] = (byte) 0xC5;
            out[n++] = (byte) ((~rxb & 4) << 5 | (~vvvv & 15) << 3 | l << 2 | pp);
        } else {
            out[n++] = (byte) 0xC4;
            out[n++] = (byte) ((~rxb & 7) << 5 | f.map);
            out[n++] = (byte) (w << 7 | (~vvvv & 15) << 3 | l << 2 | pp);
        }
        return n;
    }
}
