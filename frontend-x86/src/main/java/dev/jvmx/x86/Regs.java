package dev.jvmx.x86;

/** Interned {@link Operand.Reg} instances, so decoding a register operand allocates nothing. */
final class Regs {
    private Regs() {}

    private static final Operand.Reg[][] GPR = new Operand.Reg[4][16];
    /**
     * Every GPR operand in one table for the decoder's hot path, indexed
     * {@code rex * 64 + log2(size / 8) * 16 + num}: without REX, 8-bit numbers 4..7 are AH..BH;
     * XMM0..15 follow at {@link #XMM_ROW}.
     */
    private static final Operand.Reg[] GPR_FLAT = new Operand.Reg[144];
    /** Where XMM registers start in {@link #flat}. */
    static final int XMM_ROW = 128;
    private static final Operand.Reg[] GPR8H = new Operand.Reg[4];
    private static final Operand.Reg[] SEG = new Operand.Reg[8];
    private static final Operand.Reg[] CR = new Operand.Reg[32];
    private static final Operand.Reg[] DR = new Operand.Reg[32];
    private static final Operand.Reg[] MMX = new Operand.Reg[8];
    private static final Operand.Reg[] XMM = new Operand.Reg[16];
    private static final Operand.Reg[] YMM = new Operand.Reg[16];
    private static final Operand.Reg[] ST = new Operand.Reg[8];

    static {
        int[] sizes = {8, 16, 32, 64};
        for (int s = 0; s < 4; s++) {
            for (int n = 0; n < 16; n++) GPR[s][n] = new Operand.Reg(RegClass.GPR, n, sizes[s]);
        }
        for (int n = 0; n < 4; n++) GPR8H[n] = new Operand.Reg(RegClass.GPR8H, n, 8);
        for (int n = 0; n < 8; n++) {
            SEG[n] = new Operand.Reg(RegClass.SEG, n, 16);
            MMX[n] = new Operand.Reg(RegClass.MMX, n, 64);
            ST[n] = new Operand.Reg(RegClass.ST, n, 80);
        }
        for (int n = 0; n < 16; n++) {
            XMM[n] = new Operand.Reg(RegClass.XMM, n, 128);
            YMM[n] = new Operand.Reg(RegClass.YMM, n, 256);
        }
        for (int n = 0; n < 16; n++) {
            CR[n] = new Operand.Reg(RegClass.CR, n, 32);
            CR[n + 16] = new Operand.Reg(RegClass.CR, n, 64);
            DR[n] = new Operand.Reg(RegClass.DR, n, 32);
            DR[n + 16] = new Operand.Reg(RegClass.DR, n, 64);
        }
        System.arraycopy(XMM, 0, GPR_FLAT, XMM_ROW, 16);
        for (int rex = 0; rex < 2; rex++) {
            for (int s = 0; s < 4; s++) {
                for (int n = 0; n < 16; n++) {
                    GPR_FLAT[rex * 64 + s * 16 + n] = s == 0 && rex == 0 && n >= 4 && n < 8 ? GPR8H[n - 4] : GPR[s][n];
                }
            }
        }
    }

    /** A GPR of {@code size} bits; for size 8 without REX, numbers 4..7 are AH..BH. */
    static Operand.Reg gpr(int num, int size, boolean rex) {
        return GPR_FLAT[(rex ? 64 : 0) + gprRow(size) + num];
    }

    /** The row of {@link #flat} for GPRs of {@code size} bits without REX (add 64 with REX). */
    static int gprRow(int size) { return (Integer.numberOfTrailingZeros(size) - 3) << 4; }

    /** A GPR or XMM register by its index in the flat table ({@link #gprRow}, {@link #XMM_ROW}). */
    static Operand.Reg flat(int index) { return GPR_FLAT[index]; }

    static Operand.Reg seg(int num) { return SEG[num]; }

    static Operand.Reg cr(int num, int size) { return CR[num + (size == 64 ? 16 : 0)]; }

    static Operand.Reg dr(int num, int size) { return DR[num + (size == 64 ? 16 : 0)]; }

    static Operand.Reg mmx(int num) { return MMX[num & 7]; }

    static Operand.Reg vec(int num, boolean ymm) { return ymm ? YMM[num] : XMM[num]; }

    static Operand.Reg st(int num) { return ST[num]; }
}
