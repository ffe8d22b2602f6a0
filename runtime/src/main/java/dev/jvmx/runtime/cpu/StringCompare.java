package dev.jvmx.runtime.cpu;

/**
 * SSE4.2 packed string compares PCMPESTRI/M and PCMPISTRI/M (SDM Vol. 2B §4.1, "PCMPESTRI"). The
 * imm8 control byte:
 * <pre>
 *   bit 6      index: 0 least / 1 most significant set bit;  mask: 0 bit mask / 1 element mask
 *   bits 5:4   polarity: 00 +, 01 -, 10 masked + (= +), 11 masked - (negate only valid b elements)
 *   bits 3:2   aggregation: 00 equal any, 01 ranges, 10 equal each, 11 equal ordered
 *   bits 1:0   format: 00 ub, 01 uw, 10 sb, 11 sw
 * </pre>
 * {@code a} is the first operand (xmm1), {@code b} the second (xmm2/m128); {@code la}, {@code lb}
 * their valid lengths (explicit: |EAX|, |EDX| saturated; implicit: up to the first zero element).
 * BoolRes(j, i) compares b[j] with a[i]; invalid elements give the SDM's override values.
 */
public final class StringCompare {
    private StringCompare() {}

    public static int elements(int imm) {
        return (imm & 1) != 0 ? 8 : 16;
    }

    /** Explicit length: the absolute value of the signed register, saturated to the element count. */
    public static int explicitLength(long reg, boolean wide, int n) {
        long v = wide ? reg : (int) reg;
        return v >= n || v <= -n ? n : (int) Math.abs(v);
    }

    /** Implicit length: the index of the first zero element, or the element count. */
    public static int implicitLength(long[] v, int imm) {
        int n = elements(imm), bits = 128 / n;
        for (int k = 0; k < n; k++) if (SseInt.lane(v, k, bits) == 0) return k;
        return n;
    }

    private static long element(long[] v, int k, int imm) {
        int bits = 128 / elements(imm);
        return (imm & 2) != 0 ? SseInt.signedLane(v, k, bits) : SseInt.lane(v, k, bits);
    }

    /** BoolRes(j, i) with the overrides for invalid elements (SDM Table 4-7). */
    private static boolean boolRes(long[] a, long[] b, int la, int lb, int j, int i, int imm) {
        int agg = (imm >> 2) & 3;
        boolean aValid = i < la, bValid = j < lb;
        if (!aValid && !bValid) return agg >= 2;
        if (!aValid) return agg == 3;
        if (!bValid) return false;
        long x = element(b, j, imm), y = element(a, i, imm);
        if (agg == 1) return (i & 1) == 0 ? x >= y : x <= y;
        return x == y;
    }

    /** IntRes2: the aggregation result after polarity, one bit per element. */
    public static int result(long[] a, long[] b, int la, int lb, int imm) {
        int n = elements(imm), r = 0;
        for (int j = 0; j < n; j++) if (aggregate(a, b, la, lb, j, imm)) r |= 1 << j;
        int all = (1 << n) - 1;
        return switch ((imm >> 4) & 3) {
            case 1 -> ~r & all;
            case 3 -> r ^ ((1 << lb) - 1);
            default -> r;
        };
    }

    private static boolean aggregate(long[] a, long[] b, int la, int lb, int j, int imm) {
        int n = elements(imm);
        switch ((imm >> 2) & 3) {
            case 0 -> {
                for (int i = 0; i < n; i++) if (boolRes(a, b, la, lb, j, i, imm)) return true;
                return false;
            }
            case 1 -> {
                for (int i = 0; i + 1 < n; i += 2) {
                    if (boolRes(a, b, la, lb, j, i, imm) && boolRes(a, b, la, lb, j, i + 1, imm)) return true;
                }
                return false;
            }
            case 2 -> {
                return boolRes(a, b, la, lb, j, j, imm);
            }
            default -> {
                for (int i = 0; i + j < n; i++) if (!boolRes(a, b, la, lb, j + i, i, imm)) return false;
                return true;
            }
        }
    }

    /** PCMPxSTRI's ECX: the least or most significant set bit of IntRes2, or the element count. */
    public static int index(int res, int imm) {
        if (res == 0) return elements(imm);
        return (imm & 0x40) != 0 ? 31 - Integer.numberOfLeadingZeros(res) : Integer.numberOfTrailingZeros(res);
    }

    /** PCMPxSTRM's XMM0: IntRes2 as a bit mask, or expanded to all-ones elements. */
    public static long[] mask(int res, int imm) {
        if ((imm & 0x40) == 0) return new long[] {res & 0xFFFFL, 0};
        int n = elements(imm), bits = 128 / n;
        long[] r = new long[2];
        for (int k = 0; k < n; k++) if (((res >> k) & 1) != 0) SseInt.setLane(r, k, bits, -1L);
        return r;
    }

    /** CF = IntRes2 != 0, ZF = lb < n, SF = la < n, OF = IntRes2[0]; AF = PF = 0 (RFLAGS status bits). */
    public static int flags(int res, int la, int lb, int imm) {
        int n = elements(imm);
        return (res != 0 ? dev.jvmx.x86.Flags.CF : 0) | (lb < n ? dev.jvmx.x86.Flags.ZF : 0)
                | (la < n ? dev.jvmx.x86.Flags.SF : 0) | ((res & 1) != 0 ? dev.jvmx.x86.Flags.OF : 0);
    }
}
