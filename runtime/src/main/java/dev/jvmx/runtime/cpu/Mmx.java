package dev.jvmx.runtime.cpu;

import java.util.function.BinaryOperator;

/**
 * MMX registers and their interplay with the x87 state (SDM Vol. 1 §9.5, Table 9-2), and the 64-bit
 * forms of the packed-integer operations.
 *
 * <pre>
 *   MMn is the significand of physical x87 register Rn (not ST(n)):
 *   79 ......... 64 63 ................ 0
 *   1111111111111111  MMn                 an MMX write sets bits 79:64 to all ones
 *   every MMX instruction but EMMS: TOP = 0, tag word = 0000h (all valid); EMMS: tag word = FFFFh
 * </pre>
 * Element-wise operations are the {@link SseInt} ones on the low quadword (the high one zero);
 * unpack-high, pack and the byte shuffle differ in shape and have their own forms here.
 */
public final class Mmx {
    private Mmx() {}

    /**
     * The transition every MMX instruction (except EMMS) makes: TOP = 0 and all tags valid. A pending
     * unmasked x87 exception must have been checked (#MF) before.
     */
    public static void enter(CpuState s) {
        s.fpuStatus &= ~(7 << 11);
        s.fpuTag = 0;
    }

    /**
     * EMMS: all x87 registers empty (SDM "EMMS"), and TOP = 0 as on the host (measured: FNINIT,
     * FLD1, FLD1, EMMS leaves FSW = 0), like the other MMX instructions (SDM Vol. 1 §9.5.1).
     */
    public static void emms(CpuState s) {
        s.fpuStatus &= ~(7 << 11);
        s.fpuTag = 0xFFFF;
    }

    public static long get(CpuState s, int n) {
        return s.fprSig[n & 7];
    }

    public static void set(CpuState s, int n, long v) {
        s.fprSig[n & 7] = v;
        s.fprSe[n & 7] = 0xFFFF;
    }

    /** An {@link SseInt} lane operation applied to 64-bit operands. */
    public static long lanes(BinaryOperator<long[]> f, long a, long b) {
        return f.apply(new long[] {a, 0}, new long[] {b, 0})[0];
    }

    /** PUNPCKHBW/WD/DQ: interleave the high halves (SDM "PUNPCKHBW"). */
    public static long unpackHigh(long a, long b, int bits) {
        return SseInt.unpack(new long[] {a >>> 32, 0}, new long[] {b >>> 32, 0}, bits, false)[0];
    }

    /** PUNPCKLBW/WD/DQ: interleave the low halves (the source is mm or m32). */
    public static long unpackLow(long a, long b, int bits) {
        return SseInt.unpack(new long[] {a, 0}, new long[] {b, 0}, bits, false)[0];
    }

    /** PACKSSWB/PACKSSDW/PACKUSWB: the destination's lanes narrowed into the low half, the source's into the high half. */
    public static long pack(long a, long b, int bits, boolean unsigned) {
        return SseInt.packWord(a, b, bits, unsigned);
    }

    /** PMOVMSKB r32, mm: the sign bits of the eight bytes. */
    public static int movemask(long a) {
        int r = 0;
        for (int k = 0; k < 8; k++) r |= (int) ((a >>> (8 * k + 7)) & 1) << k;
        return r;
    }

    /** PSHUFW mm, mm/m64, imm8 (SSE): word k of the result is word imm[2k+1:2k] of the source. */
    public static long pshufw(long a, int imm) {
        return SseInt.pshufw(new long[] {a, 0}, imm, false)[0];
    }

    /** PSHUFB mm: byte k = a.byte[b.byte[k] & 7], or 0 where bit 7 of b.byte[k] is set. */
    public static long pshufb(long a, long b) {
        long r = 0;
        for (int k = 0; k < 8; k++) {
            int sel = (int) (b >>> (8 * k)) & 0xFF;
            if ((sel & 0x80) == 0) r |= ((a >>> (8 * (sel & 7))) & 0xFF) << (8 * k);
        }
        return r;
    }

    /** PALIGNR mm: the 16-byte concatenation dst:src shifted right by {@code imm} bytes, low 8 bytes kept. */
    public static long palignr(long dst, long src, int imm) {
        if (imm >= 16) return 0;
        if (imm >= 8) return imm == 8 ? dst : dst >>> (8 * (imm - 8));
        return imm == 0 ? src : src >>> (8 * imm) | dst << (64 - 8 * imm);
    }
}
