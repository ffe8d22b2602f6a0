package dev.jvmx.runtime.cpu;

import java.util.function.LongBinaryOperator;

/**
 * SSE2/SSSE3 packed-integer semantics on 128-bit values held as {@code long[]{lo, hi}}
 * (little-endian lanes: lane 0 is the low bits of {@code lo}). Written once for the interpreter
 * and the translator. SDM Vol. 2 per instruction (PADDB..., PCMPEQB..., PUNPCKLBW..., PSHUFD...).
 */
public final class SseInt {
    private SseInt() {}

    public static long lane(long[] v, int idx, int bits) {
        int perLong = 64 / bits;
        long w = v[idx / perLong];
        int sh = (idx % perLong) * bits;
        return bits == 64 ? w : (w >>> sh) & ((1L << bits) - 1);
    }

    public static long signedLane(long[] v, int idx, int bits) {
        long u = lane(v, idx, bits);
        return (u << (64 - bits)) >> (64 - bits);
    }

    public static void setLane(long[] v, int idx, int bits, long x) {
        int perLong = 64 / bits;
        if (bits == 64) { v[idx] = x; return; }
        int sh = (idx % perLong) * bits;
        long m = ((1L << bits) - 1) << sh;
        v[idx / perLong] = (v[idx / perLong] & ~m) | ((x << sh) & m);
    }

    /** Applies {@code f} lane by lane (unsigned lane values in, low {@code bits} of the result kept). */
    public static long[] map(long[] a, long[] b, int bits, LongBinaryOperator f) {
        long[] r = new long[2];
        for (int k = 0; k < 128 / bits; k++) setLane(r, k, bits, f.applyAsLong(lane(a, k, bits), lane(b, k, bits)));
        return r;
    }

    /** Like {@link #map} with sign-extended lane values. */
    public static long[] mapSigned(long[] a, long[] b, int bits, LongBinaryOperator f) {
        long[] r = new long[2];
        for (int k = 0; k < 128 / bits; k++) setLane(r, k, bits, f.applyAsLong(signedLane(a, k, bits), signedLane(b, k, bits)));
        return r;
    }

    public static long[] add(long[] a, long[] b, int bits) { return map(a, b, bits, Long::sum); }

    public static long[] sub(long[] a, long[] b, int bits) { return map(a, b, bits, (x, y) -> x - y); }

    public static long[] cmpeq(long[] a, long[] b, int bits) { return map(a, b, bits, (x, y) -> x == y ? -1 : 0); }

    public static long[] cmpgt(long[] a, long[] b, int bits) { return mapSigned(a, b, bits, (x, y) -> x > y ? -1 : 0); }

    public static long saturateSigned(long x, int bits) {
        long max = (1L << (bits - 1)) - 1, min = -max - 1;
        return Math.max(min, Math.min(max, x));
    }

    public static long saturateUnsigned(long x, int bits) {
        return Math.max(0, Math.min((1L << bits) - 1, x));
    }

    public static long[] addSat(long[] a, long[] b, int bits, boolean signed) {
        return signed ? mapSigned(a, b, bits, (x, y) -> saturateSigned(x + y, bits))
                : map(a, b, bits, (x, y) -> saturateUnsigned(x + y, bits));
    }

    public static long[] subSat(long[] a, long[] b, int bits, boolean signed) {
        return signed ? mapSigned(a, b, bits, (x, y) -> saturateSigned(x - y, bits))
                : map(a, b, bits, (x, y) -> saturateUnsigned(x - y, bits));
    }

    public static long[] and(long[] a, long[] b) { return new long[] {a[0] & b[0], a[1] & b[1]}; }

    public static long[] andn(long[] a, long[] b) { return new long[] {~a[0] & b[0], ~a[1] & b[1]}; }

    public static long[] or(long[] a, long[] b) { return new long[] {a[0] | b[0], a[1] | b[1]}; }

    public static long[] xor(long[] a, long[] b) { return new long[] {a[0] ^ b[0], a[1] ^ b[1]}; }

    /** PUNPCKL*: interleave the low halves' lanes (a0 b0 a1 b1 ...); {@code high} takes the high halves. */
    public static long[] unpack(long[] a, long[] b, int bits, boolean high) {
        long[] r = new long[2];
        int n = 64 / bits, base = high ? n : 0;
        for (int k = 0; k < n; k++) {
            setLane(r, 2 * k, bits, lane(a, base + k, bits));
            setLane(r, 2 * k + 1, bits, lane(b, base + k, bits));
        }
        return r;
    }

    /** PACKSSWB/PACKSSDW (signed) and PACKUSWB/PACKUSDW (unsigned saturation of signed lanes). */
    public static long[] pack(long[] a, long[] b, int srcBits, boolean unsignedSat) {
        long[] r = new long[2];
        int n = 128 / srcBits, dst = srcBits / 2;
        for (int k = 0; k < 2 * n; k++) {
            long x = signedLane(k < n ? a : b, k % n, srcBits);
            setLane(r, k, dst, unsignedSat ? saturateUnsigned(x, dst) : saturateSigned(x, dst));
        }
        return r;
    }

    /** PSHUFD: dword k = a.dword[(imm >> 2k) & 3]. */
    public static long[] pshufd(long[] a, int imm) {
        long[] r = new long[2];
        for (int k = 0; k < 4; k++) setLane(r, k, 32, lane(a, (imm >> (2 * k)) & 3, 32));
        return r;
    }

    /** PSHUFLW / PSHUFHW: shuffle the words of one half, copy the other. */
    public static long[] pshufw(long[] a, int imm, boolean high) {
        long[] r = a.clone();
        int base = high ? 4 : 0;
        for (int k = 0; k < 4; k++) setLane(r, base + k, 16, lane(a, base + ((imm >> (2 * k)) & 3), 16));
        return r;
    }

    /** PSLLDQ / PSRLDQ: byte shift of the whole register; counts above 15 clear it. */
    public static long[] byteShift(long[] a, int count, boolean left) {
        if (count > 15) return new long[2];
        int sh = count * 8;
        long lo = a[0], hi = a[1];
        if (left) return sh == 0 ? a.clone() : sh < 64 ? new long[] {lo << sh, hi << sh | lo >>> (64 - sh)} : new long[] {0, lo << (sh - 64)};
        return sh == 0 ? a.clone() : sh < 64 ? new long[] {lo >>> sh | hi << (64 - sh), hi >>> sh} : new long[] {hi >>> (sh - 64), 0};
    }

    /** PSLL/PSRL/PSRA W/D/Q by a count (immediate or the low quadword of a register). */
    public static long[] shift(long[] a, long count, int bits, int kind) {
        boolean big = Long.compareUnsigned(count, bits - 1) > 0;
        return switch (kind) {
            case 0 -> big ? new long[2] : map(a, a, bits, (x, y) -> x << count);   // PSLL
            case 1 -> big ? new long[2] : map(a, a, bits, (x, y) -> x >>> count);  // PSRL
            default -> mapSigned(a, a, bits, (x, y) -> x >> (big ? bits - 1 : count)); // PSRA
        };
    }

    /** PMOVMSKB: the sign bit of each byte. */
    public static long pmovmskb(long[] a) {
        long r = 0;
        for (int k = 0; k < 16; k++) r |= ((lane(a, k, 8) >>> 7) & 1) << k;
        return r;
    }

    /** MOVMSKPS / MOVMSKPD: the sign bit of each 32/64-bit lane. */
    public static long movmsk(long[] a, int bits) {
        long r = 0;
        for (int k = 0; k < 128 / bits; k++) r |= ((lane(a, k, bits) >>> (bits - 1)) & 1) << k;
        return r;
    }

    /** PMULLW / PMULHW / PMULHUW. */
    public static long[] mulWords(long[] a, long[] b, int kind) {
        return switch (kind) {
            case 0 -> map(a, b, 16, (x, y) -> x * y);
            case 1 -> mapSigned(a, b, 16, (x, y) -> (x * y) >> 16);
            default -> map(a, b, 16, (x, y) -> (x * y) >>> 16);
        };
    }

    /** PMULUDQ: unsigned dword 0 and 2 to two quadwords. */
    public static long[] pmuludq(long[] a, long[] b) {
        return new long[] {(a[0] & 0xFFFF_FFFFL) * (b[0] & 0xFFFF_FFFFL), (a[1] & 0xFFFF_FFFFL) * (b[1] & 0xFFFF_FFFFL)};
    }

    /** PMADDWD: pairs of signed word products summed into dwords. */
    public static long[] pmaddwd(long[] a, long[] b) {
        long[] r = new long[2];
        for (int k = 0; k < 4; k++) {
            long s = signedLane(a, 2 * k, 16) * signedLane(b, 2 * k, 16) + signedLane(a, 2 * k + 1, 16) * signedLane(b, 2 * k + 1, 16);
            setLane(r, k, 32, s);
        }
        return r;
    }

    /** PSADBW: sums of absolute byte differences per quadword. */
    public static long[] psadbw(long[] a, long[] b) {
        long[] r = new long[2];
        for (int q = 0; q < 2; q++) {
            long s = 0;
            for (int k = 0; k < 8; k++) s += Math.abs(lane(a, q * 8 + k, 8) - lane(b, q * 8 + k, 8));
            r[q] = s;
        }
        return r;
    }

    /** PSHUFB (SSSE3): byte k = bit 7 of b[k] ? 0 : a[b[k] & 15]. */
    public static long[] pshufb(long[] a, long[] b) {
        long[] r = new long[2];
        for (int k = 0; k < 16; k++) {
            long sel = lane(b, k, 8);
            setLane(r, k, 8, (sel & 0x80) != 0 ? 0 : lane(a, (int) sel & 15, 8));
        }
        return r;
    }

    /** PALIGNR (SSSE3): (a:b) >> (imm * 8), low 128 bits. */
    public static long[] palignr(long[] a, long[] b, int imm) {
        long[] r = new long[2];
        for (int k = 0; k < 16; k++) {
            int idx = k + imm;
            long v = idx < 16 ? lane(b, idx, 8) : idx < 32 ? lane(a, idx - 16, 8) : 0;
            setLane(r, k, 8, v);
        }
        return r;
    }

    /** SHUFPS: low two dwords from a, high two from b, each picked by two bits of imm. */
    public static long[] shufps(long[] a, long[] b, int imm) {
        long[] r = new long[2];
        for (int k = 0; k < 4; k++) setLane(r, k, 32, lane(k < 2 ? a : b, (imm >> (2 * k)) & 3, 32));
        return r;
    }

    /** SHUFPD: quadword 0 from a, quadword 1 from b. */
    public static long[] shufpd(long[] a, long[] b, int imm) {
        return new long[] {a[imm & 1], b[(imm >> 1) & 1]};
    }
}
