package dev.jvmx.runtime.cpu;

/**
 * The AVX/AVX2 data-movement instructions that have no SSE counterpart (SDM Vol. 2 "VBROADCAST",
 * "VPBROADCAST", "VINSERTF128", "VPERM2F128", "VPERMQ", "VPERMD", "VPERMILPS", "VPERMILPD",
 * "VPBLENDD", "VBLENDVPS", "VPSLLVD", "VTESTPS"). A vector is {@code long[]} of 2 (128-bit) or 4
 * (256-bit) little-endian quadwords; results have the length of the destination.
 */
public final class AvxPermute {
    private AvxPermute() {}

    /** Element {@code k} of {@code bits} (8, 16, 32, 64) width. */
    public static long element(long[] v, int k, int bits) {
        int per = 64 / bits;
        long e = v[k / per] >>> (bits * (k % per));
        return bits == 64 ? e : e & ((1L << bits) - 1);
    }

    public static void setElement(long[] v, int k, int bits, long e) {
        int per = 64 / bits, shift = bits * (k % per);
        long m = bits == 64 ? -1L : ((1L << bits) - 1) << shift;
        v[k / per] = (v[k / per] & ~m) | ((e << shift) & m);
    }

    /** VBROADCASTSS/SD, VPBROADCASTB/W/D/Q: element 0 of {@code src} into every element of a {@code quads}-quadword vector. */
    public static long[] broadcast(long[] src, int bits, int quads) {
        long[] r = new long[quads];
        long e = element(src, 0, bits);
        for (int k = 0; k < quads * 64 / bits; k++) setElement(r, k, bits, e);
        return r;
    }

    /** VINSERTF128/I128: {@code a} with 128-bit half imm[0] replaced by {@code b}. */
    public static long[] insert128(long[] a, long[] b, int imm) {
        long[] r = a.clone();
        r[2 * (imm & 1)] = b[0];
        r[2 * (imm & 1) + 1] = b[1];
        return r;
    }

    /** VEXTRACTF128/I128: 128-bit half imm[0] of {@code a}. */
    public static long[] extract128(long[] a, int imm) {
        return new long[] {a[2 * (imm & 1)], a[2 * (imm & 1) + 1]};
    }

    /** VPERM2F128/I128: each result half from imm[1:0] / imm[5:4] (0, 1: halves of a; 2, 3: of b), zero if imm[3] / imm[7]. */
    public static long[] perm2x128(long[] a, long[] b, int imm) {
        long[] r = new long[4];
        for (int h = 0; h < 2; h++) {
            int sel = imm >> (4 * h);
            if ((sel & 8) != 0) continue;
            long[] src = (sel & 2) == 0 ? a : b;
            r[2 * h] = src[2 * (sel & 1)];
            r[2 * h + 1] = src[2 * (sel & 1) + 1];
        }
        return r;
    }

    /** VPERMQ/VPERMPD: quadword j of the result is quadword imm[2j+1:2j] of {@code a}. */
    public static long[] permq(long[] a, int imm) {
        long[] r = new long[4];
        for (int j = 0; j < 4; j++) r[j] = a[(imm >> (2 * j)) & 3];
        return r;
    }

    /** VPERMD/VPERMPS: dword j of the result is dword idx[j][2:0] of {@code data}. */
    public static long[] permd(long[] idx, long[] data) {
        long[] r = new long[4];
        for (int j = 0; j < 8; j++) setElement(r, j, 32, element(data, (int) element(idx, j, 32) & 7, 32));
        return r;
    }

    /** VPERMILPS (control vector): dword j of each 128-bit lane from the same lane, index ctl[j][1:0]. */
    public static long[] permilps(long[] a, long[] ctl) {
        long[] r = new long[a.length];
        for (int j = 0; j < a.length * 2; j++) setElement(r, j, 32, element(a, (j & ~3) + ((int) element(ctl, j, 32) & 3), 32));
        return r;
    }

    /** VPERMILPS with imm8: the same selector imm[2j+1:2j] for dword j of every lane. */
    public static long[] permilpsImm(long[] a, int imm) {
        long[] r = new long[a.length];
        for (int j = 0; j < a.length * 2; j++) setElement(r, j, 32, element(a, (j & ~3) + ((imm >> (2 * (j & 3))) & 3), 32));
        return r;
    }

    /** VPERMILPD (control vector): qword j of each lane from the same lane, index ctl[j][1]. */
    public static long[] permilpd(long[] a, long[] ctl) {
        long[] r = new long[a.length];
        for (int j = 0; j < a.length; j++) r[j] = a[(j & ~1) + (int) ((ctl[j] >>> 1) & 1)];
        return r;
    }

    /** VPERMILPD with imm8: qword j from its lane, index imm[j]. */
    public static long[] permilpdImm(long[] a, int imm) {
        long[] r = new long[a.length];
        for (int j = 0; j < a.length; j++) r[j] = a[(j & ~1) + ((imm >> j) & 1)];
        return r;
    }

    /** VPBLENDD: dword j from {@code b} if imm[j], else from {@code a}. */
    public static long[] blendd(long[] a, long[] b, int imm) {
        long[] r = a.clone();
        for (int j = 0; j < a.length * 2; j++) if (((imm >> j) & 1) != 0) setElement(r, j, 32, element(b, j, 32));
        return r;
    }

    /** VBLENDVPS/PD, VPBLENDVB: element from {@code b} where the mask element's sign bit is set, else from {@code a}. */
    public static long[] blendv(long[] a, long[] b, long[] mask, int bits) {
        long[] r = a.clone();
        for (int j = 0; j < a.length * 64 / bits; j++) {
            if ((element(mask, j, bits) >>> (bits - 1)) != 0) setElement(r, j, bits, element(b, j, bits));
        }
        return r;
    }

    /** VPSLLVD/Q ({@code kind} 0), VPSRLVD/Q (1), VPSRAVD (2): each element shifted by the same element of {@code counts}. */
    public static long[] shiftVariable(long[] a, long[] counts, int bits, int kind) {
        long[] r = new long[a.length];
        for (int j = 0; j < a.length * 64 / bits; j++) {
            long v = element(a, j, bits), n = element(counts, j, bits);
            long e;
            if (kind == 2) {
                long s = (v << (64 - bits)) >> (64 - bits);
                e = s >> Math.min(Long.compareUnsigned(n, bits - 1) > 0 ? bits - 1 : n, 63);
            } else if (Long.compareUnsigned(n, bits - 1) > 0) {
                e = 0;
            } else {
                e = kind == 0 ? v << n : v >>> n;
            }
            setElement(r, j, bits, e);
        }
        return r;
    }

    /**
     * VTESTPS/PD ({@code bits} 32/64) and, with {@code bits} 1, VPTEST: ZF = no element of
     * {@code a AND b} has its sign bit set, CF = likewise for {@code NOT a AND b}; AF OF PF SF cleared.
     */
    public static int test(long[] a, long[] b, int bits) {
        long signs = bits == 32 ? 0x8000_0000_8000_0000L : bits == 64 ? Long.MIN_VALUE : -1L;
        boolean zf = true, cf = true;
        for (int j = 0; j < a.length; j++) {
            if ((a[j] & b[j] & signs) != 0) zf = false;
            if ((~a[j] & b[j] & signs) != 0) cf = false;
        }
        return (zf ? dev.jvmx.x86.Flags.ZF : 0) | (cf ? dev.jvmx.x86.Flags.CF : 0);
    }
}
