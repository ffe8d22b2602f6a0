package dev.jvmx.runtime.cpu;

import static dev.jvmx.x86.Flags.AF;
import static dev.jvmx.x86.Flags.CF;
import static dev.jvmx.x86.Flags.STATUS;

/**
 * The BCD adjustments (16- and 32-bit modes only; SDM Vol. 2A "DAA", "DAS", "AAA", "AAS", "AAM",
 * "AAD") on AL/AH of {@code s}. The flags the SDM leaves undefined are those of this Intel host,
 * measured exhaustively by {@code BcdHostDiffTest} (a 32-bit native reference):
 * <ul>
 *   <li>DAA, DAS: OF = 0 (SF ZF PF from AL as documented);</li>
 *   <li>AAA, AAS: SF ZF PF from the final AL (after masking to 4 bits), OF = 0;</li>
 *   <li>AAM: OF AF CF = 0;</li>
 *   <li>AAD: OF AF CF (and SF ZF PF) as for the 8-bit ADD of AL and (AH * imm8) mod 256.</li>
 * </ul>
 * AAA adds 106h to AX as a whole (a carry out of AL+6 reaches AH), AAS subtracts 6 from AX and then
 * 1 from AH, as the SDM's current pseudo-code says (host-checked). AAM with imm8 = 0 raises #DE.
 */
public final class Bcd {
    private Bcd() {}

    private static int al(CpuState s) {
        return (int) s.gpr[CpuState.RAX] & 0xFF;
    }

    private static void setAx(CpuState s, int ax) {
        s.gpr[CpuState.RAX] = (s.gpr[CpuState.RAX] & ~0xFFFFL) | (ax & 0xFFFF);
    }

    private static void setAl(CpuState s, int al) {
        s.gpr[CpuState.RAX] = (s.gpr[CpuState.RAX] & ~0xFFL) | (al & 0xFF);
    }

    /** DAA ({@code subtract} false) and DAS: decimal adjust AL after an addition / subtraction. */
    public static void decimalAdjust(CpuState s, boolean subtract) {
        int old = al(s), al = old;
        boolean oldCf = s.cf(), af = (s.statusFlags() & AF) != 0, cf = false;
        if ((al & 0xF) > 9 || af) {
            int t = subtract ? al - 6 : al + 6;
            cf = oldCf || t < 0 || t > 0xFF;
            al = t & 0xFF;
            af = true;
        } else {
            af = false;
        }
        if (old > 0x99 || oldCf) {
            al = (subtract ? al - 0x60 : al + 0x60) & 0xFF;
            cf = true;
        } else if (!subtract) {
            cf = false; // DAS keeps the CF of the first step (SDM "DAS": no ELSE branch)
        }
        setAl(s, al);
        s.setStatus(STATUS, LazyFlags.szp(al, 8) | (af ? AF : 0) | (cf ? CF : 0));
    }

    /** AAA ({@code subtract} false) and AAS: ASCII adjust after an addition / subtraction. */
    public static void asciiAdjust(CpuState s, boolean subtract) {
        int ax = (int) s.gpr[CpuState.RAX] & 0xFFFF;
        boolean adjust = (ax & 0xF) > 9 || (s.statusFlags() & AF) != 0;
        if (adjust) ax = subtract ? ((ax - 6) & 0xFF) | ((((ax - 6) >> 8) - 1) & 0xFF) << 8 : ax + 0x106;
        ax &= 0xFF0F;
        setAx(s, ax);
        s.setStatus(STATUS, LazyFlags.szp(ax & 0xFF, 8) | (adjust ? AF | CF : 0));
    }

    /** AAM imm8: AH = AL / imm8, AL = AL mod imm8; false if imm8 is 0 (the caller raises #DE). */
    public static boolean aam(CpuState s, int imm) {
        if ((imm & 0xFF) == 0) return false;
        int al = al(s), base = imm & 0xFF;
        setAx(s, (al / base) << 8 | al % base);
        s.setStatus(STATUS, LazyFlags.szp(al % base, 8));
        return true;
    }

    /** AAD imm8: AL = (AL + AH * imm8) mod 256, AH = 0; flags of that 8-bit addition. */
    public static void aad(CpuState s, int imm) {
        int ax = (int) s.gpr[CpuState.RAX] & 0xFFFF, al = ax & 0xFF, prod = ((ax >> 8) * (imm & 0xFF)) & 0xFF;
        int sum = al + prod;
        setAx(s, sum & 0xFF);
        s.setStatus(STATUS, LazyFlags.status(LazyFlags.ADD, 8, al, prod, sum & 0xFF, 0));
    }
}
