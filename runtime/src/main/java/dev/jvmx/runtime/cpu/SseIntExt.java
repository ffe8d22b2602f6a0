package dev.jvmx.runtime.cpu;

import static dev.jvmx.runtime.cpu.SseInt.lane;
import static dev.jvmx.runtime.cpu.SseInt.setLane;
import static dev.jvmx.runtime.cpu.SseInt.signedLane;

/**
 * SSSE3, SSE4.1 and SSE4.2 packed-integer semantics on 128-bit {@code long[]{lo, hi}} values (SDM
 * Vol. 2 per instruction), written once for the interpreter and the translator. The 64-bit MMX
 * forms of the SSSE3 ones go through {@link Mmx}.
 */
public final class SseIntExt {
    private SseIntExt() {}

    /** PABSB/W/D: unsigned absolute values (|-2^(n-1)| = 2^(n-1)). */
    public static long[] abs(long[] a, int bits) {
        return SseInt.mapSigned(a, a, bits, (x, y) -> Math.abs(x));
    }

    /** PSIGNB/W/D: a negated where b is negative, zeroed where b is zero. */
    public static long[] sign(long[] a, long[] b, int bits) {
        return SseInt.mapSigned(a, b, bits, (x, y) -> y < 0 ? -x : y == 0 ? 0 : x);
    }

    /**
     * PHADDW/D, PHSUBW/D, PHADDSW, PHSUBSW: adjacent pairs of {@code a} give the low half of the
     * result, those of {@code b} the high half; {@code sub} takes the even minus the odd lane,
     * {@code saturate} saturates signed words.
     */
    public static long[] horizontal(long[] a, long[] b, int bits, boolean sub, boolean saturate) {
        long[] r = new long[2];
        int n = 128 / bits;
        for (int k = 0; k < n; k++) {
            long[] src = k < n / 2 ? a : b;
            int p = 2 * (k % (n / 2));
            long x = signedLane(src, p, bits), y = signedLane(src, p + 1, bits);
            long v = sub ? x - y : x + y;
            setLane(r, k, bits, saturate ? SseInt.saturateSigned(v, bits) : v);
        }
        return r;
    }

    /** PMADDUBSW: unsigned bytes of {@code a} times signed bytes of {@code b}, pairs summed with signed word saturation. */
    public static long[] maddubs(long[] a, long[] b) {
        long[] r = new long[2];
        for (int k = 0; k < 8; k++) {
            long v = lane(a, 2 * k, 8) * signedLane(b, 2 * k, 8) + lane(a, 2 * k + 1, 8) * signedLane(b, 2 * k + 1, 8);
            setLane(r, k, 16, SseInt.saturateSigned(v, 16));
        }
        return r;
    }

    /** PMULHRSW: (((a * b) >> 14) + 1) >> 1 of signed words. */
    public static long[] mulhrs(long[] a, long[] b) {
        return SseInt.mapSigned(a, b, 16, (x, y) -> (((x * y) >> 14) + 1) >> 1);
    }

    /** PMULLD: low 32 bits of the dword products. */
    public static long[] mulld(long[] a, long[] b) {
        return SseInt.map(a, b, 32, (x, y) -> x * y);
    }

    /** PMULDQ: signed products of dwords 0 and 2 as quadwords. */
    public static long[] muldq(long[] a, long[] b) {
        return new long[] {signedLane(a, 0, 32) * signedLane(b, 0, 32), signedLane(a, 2, 32) * signedLane(b, 2, 32)};
    }

    /** PMOVSX/PMOVZX: the low lanes of {@code src} ({@code from} bits each) widened to {@code to} bits. */
    public static long[] extend(long src, int from, int to, boolean signed) {
        long[] s = {src, 0}, r = new long[2];
        for (int k = 0; k < 128 / to; k++) setLane(r, k, to, signed ? signedLane(s, k, from) : lane(s, k, from));
        return r;
    }

    /** PTEST: ZF = (a AND b) == 0, CF = (NOT a AND b) == 0, AF OF PF SF cleared (returns RFLAGS status bits). */
    public static int ptest(long[] a, long[] b) {
        boolean zf = (a[0] & b[0]) == 0 && (a[1] & b[1]) == 0, cf = (~a[0] & b[0]) == 0 && (~a[1] & b[1]) == 0;
        return (zf ? dev.jvmx.x86.Flags.ZF : 0) | (cf ? dev.jvmx.x86.Flags.CF : 0);
    }

    /** PBLENDW/BLENDPS/BLENDPD: lane k from {@code b} where bit k of {@code imm} is set. */
    public static long[] blend(long[] a, long[] b, int imm, int bits) {
        long[] r = a.clone();
        for (int k = 0; k < 128 / bits; k++) if (((imm >> k) & 1) != 0) setLane(r, k, bits, lane(b, k, bits));
        return r;
    }

    /** PBLENDVB/BLENDVPS/BLENDVPD: lane k from {@code b} where the top bit of lane k of {@code mask} is set. */
    public static long[] blendv(long[] a, long[] b, long[] mask, int bits) {
        long[] r = a.clone();
        for (int k = 0; k < 128 / bits; k++) if (signedLane(mask, k, bits) < 0) setLane(r, k, bits, lane(b, k, bits));
        return r;
    }

    /** PHMINPOSUW: the minimum unsigned word in bits 15:0, its (lowest) index in bits 18:16, zeros above. */
    public static long[] phminpos(long[] a) {
        int idx = 0;
        for (int k = 1; k < 8; k++) if (lane(a, k, 16) < lane(a, idx, 16)) idx = k;
        return new long[] {lane(a, idx, 16) | (long) idx << 16, 0};
    }

    /**
     * MPSADBW: eight sums of absolute differences of 4-byte groups, the destination window sliding
     * from byte 4 * imm[2], the source block at byte 4 * imm[1:0] (SDM "MPSADBW").
     */
    public static long[] mpsadbw(long[] a, long[] b, int imm) {
        int da = 4 * ((imm >> 2) & 1), sb = 4 * (imm & 3);
        long[] r = new long[2];
        for (int i = 0; i < 8; i++) {
            long sum = 0;
            for (int j = 0; j < 4; j++) sum += Math.abs(lane(a, da + i + j, 8) - lane(b, sb + j, 8));
            setLane(r, i, 16, sum);
        }
        return r;
    }

    /** INSERTPS: source dword (imm[7:6] of a register source) into lane imm[5:4], then lanes in imm[3:0] zeroed. */
    public static long[] insertps(long[] a, long srcDword, int imm) {
        long[] r = a.clone();
        setLane(r, (imm >> 4) & 3, 32, srcDword);
        for (int k = 0; k < 4; k++) if (((imm >> k) & 1) != 0) setLane(r, k, 32, 0);
        return r;
    }

    /** CRC32 (SSE4.2): the CRC-32C (Castagnoli, reflected polynomial 82F63B78h) of {@code bytes} bytes of {@code v}. */
    public static long crc32c(long crc, long v, int bytes) {
        int c = (int) crc;
        for (int k = 0; k < bytes; k++) {
            c ^= (int) (v >>> (8 * k)) & 0xFF;
            for (int b = 0; b < 8; b++) c = (c >>> 1) ^ (0x82F6_3B78 & -(c & 1));
        }
        return c & 0xFFFF_FFFFL;
    }
}
