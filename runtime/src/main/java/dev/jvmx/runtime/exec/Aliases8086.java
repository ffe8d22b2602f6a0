package dev.jvmx.runtime.exec;

/**
 * The 8086's opcode aliases, rewritten to the 386+ encoding the decoder knows before decoding
 * (the decoder stays one table for every mode; the CPU model decides whether this runs, see
 * {@link dev.jvmx.runtime.cpu.CpuGeneration#opcodeAliases}). The 8086 decodes fewer opcode bits
 * than later chips, so unassigned rows repeat neighbours (SingleStepTests 8086 metadata, status
 * "alias"; Intel 8086 Family User's Manual Table 4-13):
 * <pre>
 *   60..6F  -> 70..7F  Jcc rel8           F1      -> F0   LOCK prefix
 *   C0, C1  -> C2, C3  RET (imm16)        C8, C9  -> CA, CB  RETF (imm16)
 *   F6 /1   -> F6 /0   TEST Eb, Ib        F7 /1   -> F7 /0   TEST Ev, Iv
 *   FF /7   -> FF /6   PUSH Ev            8F /1-7 -> 8F /0   POP Ev
 *   C6 /1-7 -> C6 /0   MOV Eb, Ib         C7 /1-7 -> C7 /0   MOV Ev, Iv
 *   8C, 8E /4-7 -> /0-3  MOV to/from ES CS SS DS (two Sreg bits decoded)
 *   0F      POP CS (left to the caller: no 386 encoding)
 *   D0-D3 /6  SETMO / SETMOC (left to the caller: the 386 decodes /6 as SAL)
 * </pre>
 */
public final class Aliases8086 {
    private Aliases8086() {}


    /** Rewrites {@code buf[0..n)} in place; returns the (original) opcode byte after the prefixes
     * and, in bits 8 and up, the number of prefix bytes before it; -1 if there is no opcode byte. */
    public static int rewrite(byte[] buf, int n) {
        int p = prefixEnd(buf, n, true);
        if (p >= n) return -1;
        int op = buf[p] & 0xFF;
        if (op >= 0x60 && op <= 0x6F) buf[p] = (byte) (op + 0x10);
        else if (op == 0xC0 || op == 0xC1 || op == 0xC8 || op == 0xC9) buf[p] = (byte) (op + 2);
        else if (p + 1 < n) rewriteModrm(buf, p, op);
        return p << 8 | op;
    }

    private static void rewriteModrm(byte[] buf, int p, int op) {
        int modrm = buf[p + 1] & 0xFF;
        int reg = (modrm >> 3) & 7;
        int to = switch (op) {
            case 0xF6, 0xF7 -> reg == 1 ? 0 : reg;
            case 0xFF -> reg == 7 ? 6 : reg;
            case 0x8F, 0xC6, 0xC7 -> 0;
            case 0x8C, 0x8E -> reg & 3;
            default -> reg;
        };
        buf[p + 1] = (byte) ((modrm & ~0x38) | (to << 3));
    }

    /** The reg field of the ModRM byte after the opcode at {@code p}, or -1. */
    static int modrmReg(byte[] buf, int p, int n) {
        return p + 1 < n ? (buf[p + 1] >> 3) & 7 : -1;
    }

    /** The opcode byte after the legacy prefixes, or -1. */
    public static int opcode(byte[] buf, int n) {
        int p = prefixEnd(buf, n, false);
        return p < n ? buf[p] & 0xFF : -1;
    }

    /** The 8086/286 legacy prefix bytes: segment overrides, LOCK, REP/REPNE. */
    static boolean isPrefix(int b) {
        return b == 0x26 || b == 0x2E || b == 0x36 || b == 0x3E || b == 0xF0 || b == 0xF2 || b == 0xF3;
    }

    private static int prefixEnd(byte[] buf, int n, boolean i8086) {
        int p = 0;
        while (p < n) {
            int b = buf[p] & 0xFF;
            if (i8086 && b == 0xF1) buf[p] = (byte) 0xF0;
            else if (!isPrefix(b)) break;
            p++;
        }
        return p;
    }
}
