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

    public static long[] add(long[] a, long[] b, int bits) { return new long[] {addWord(a[0], b[0], bits), addWord(a[1], b[1], bits)}; }

    public static long[] sub(long[] a, long[] b, int bits) { return new long[] {subWord(a[0], b[0], bits), subWord(a[1], b[1], bits)}; }

    public static long[] cmpeq(long[] a, long[] b, int bits) { return new long[] {cmpeqWord(a[0], b[0], bits), cmpeqWord(a[1], b[1], bits)}; }

    public static long[] cmpgt(long[] a, long[] b, int bits) { return new long[] {cmpgtWord(a[0], b[0], bits), cmpgtWord(a[1], b[1], bits)}; }

    // ---- One quadword at a time ------------------------------------------------------------------
    // The hottest lane rules above, computed on a whole 64-bit half without per-lane calls or
    // arrays (the lanes never straddle a quadword), so the handlers can work on CpuState.ymm
    // directly. Same results as the lane-by-lane definitions (wrap-around add/sub, all-ones masks).

    /** The top bit of every {@code bits}-wide lane of a quadword. */
    private static long laneTops(int bits) {
        return switch (bits) {
            case 8 -> 0x8080_8080_8080_8080L;
            case 16 -> 0x8000_8000_8000_8000L;
            case 32 -> 0x8000_0000_8000_0000L;
            default -> 0x8000_0000_0000_0000L;
        };
    }

    /** {@code x} (a value of one lane, low bits) copied into every {@code bits}-wide lane (also VPBROADCASTB/W/D/Q's quadword). */
    public static long everyLane(long x, int bits) {
        return bits == 64 ? x : (laneTops(bits) >>> (bits - 1)) * (x & ((1L << bits) - 1));
    }

    /** All ones in each lane whose top bit is set in {@code tops} (other bits of {@code tops} clear). */
    private static long widenTops(long tops, int bits) {
        return bits == 64 ? tops >> 63 : (tops >>> (bits - 1)) * ((1L << bits) - 1);
    }

    /** PADDB/W/D/Q on one quadword: the lanes' sums modulo 2^bits (carries stop at lane tops). */
    public static long addWord(long a, long b, int bits) {
        if (bits == 64) return a + b;
        long h = laneTops(bits);
        return ((a & ~h) + (b & ~h)) ^ ((a ^ b) & h);
    }

    /** PSUBB/W/D/Q on one quadword: the lanes' differences modulo 2^bits. */
    public static long subWord(long a, long b, int bits) {
        if (bits == 64) return a - b;
        long h = laneTops(bits);
        return ((a | h) - (b & ~h)) ^ ((a ^ ~b) & h);
    }

    /** PCMPEQB/W/D/Q on one quadword: all ones in the equal lanes. */
    public static long cmpeqWord(long a, long b, int bits) {
        if (bits == 64) return a == b ? -1L : 0;
        if (bits == 8) return cmpeqBytes(a, b);
        long x = a ^ b, h = laneTops(bits);
        long nonZero = (((x & ~h) + ~h) | x) & h; // low bits of a lane carry into its top unless all zero
        return widenTops(~nonZero & h, bits);
    }

    /** PCMPGTB/W/D/Q on one quadword: all ones in the lanes where a > b as signed values. */
    public static long cmpgtWord(long a, long b, int bits) {
        long r = 0, m = bits == 64 ? -1L : (1L << bits) - 1;
        for (int sh = 0; sh < 64; sh += bits) {
            long x = (a << (64 - bits - sh)) >> (64 - bits), y = (b << (64 - bits - sh)) >> (64 - bits);
            if (x > y) r |= m << sh;
        }
        return r;
    }

    /** PSLL/PSRL/PSRA (kind 0/1/2) of one quadword's lanes by {@code count} (see {@link #shift}). */
    public static long shiftWord(long a, long count, int bits, int kind) {
        boolean big = Long.compareUnsigned(count, bits - 1) > 0;
        if (big && kind != 2) return 0;
        int n = big ? bits - 1 : (int) count;
        if (bits == 64) return kind == 0 ? a << n : kind == 1 ? a >>> n : a >> n;
        long m = (1L << bits) - 1;
        if (kind == 0) return (a << n) & everyLane(m << n, bits);
        long r = (a >>> n) & everyLane(m >>> n, bits);
        if (kind == 1) return r;
        return r | (widenTops(a & laneTops(bits), bits) & everyLane(~(m >>> n), bits)); // sign fill
    }

    /** The lanes of the low 32 bits of {@code a} and {@code b} interleaved a0 b0 a1 b1 ... (PUNPCKL* on one quadword). */
    public static long interleaveWord(long a, long b, int bits) {
        return spread(a, bits) | spread(b, bits) << bits;
    }

    /** The {@code bits}-wide lanes (8, 16 or 32) of the low 32 bits of {@code t} spread to the even lanes of a quadword, zeros between. */
    private static long spread(long t, int bits) {
        t &= 0xFFFF_FFFFL;
        if (bits == 32) return t;
        t = (t | t << 16) & 0x0000_FFFF_0000_FFFFL;
        return bits == 8 ? (t | t << 8) & 0x00FF_00FF_00FF_00FFL : t;
    }

    /** Dword {@code k} (0..3) of the 128-bit value lo:hi, zero-extended. */
    public static long dword(long lo, long hi, int k) {
        return ((k < 2 ? lo : hi) >>> (32 * (k & 1))) & 0xFFFF_FFFFL;
    }

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
        long x = high ? a[1] : a[0], y = high ? b[1] : b[0];
        if (bits == 64) return new long[] {x, y};
        return new long[] {interleaveWord(x, y, bits), interleaveWord(x >>> 32, y >>> 32, bits)};
    }

    /** PACKSSWB/PACKSSDW (signed) and PACKUSWB/PACKUSDW (unsigned saturation of signed lanes). */
    public static long[] pack(long[] a, long[] b, int srcBits, boolean unsignedSat) {
        return new long[] {packWord(a[0], a[1], srcBits, unsignedSat), packWord(b[0], b[1], srcBits, unsignedSat)};
    }

    /** The signed lanes of {@code srcBits} of q0 then q1, each saturated to {@code srcBits / 2}: one quadword of PACKSS/PACKUS. */
    public static long packWord(long q0, long q1, int srcBits, boolean unsignedSat) {
        int n = 64 / srcBits, dst = srcBits / 2;
        long r = 0, m = (1L << dst) - 1;
        for (int k = 0; k < 2 * n; k++) {
            long q = k < n ? q0 : q1;
            int sh = (k % n) * srcBits;
            long x = (q << (64 - srcBits - sh)) >> (64 - srcBits);
            r |= ((unsignedSat ? saturateUnsigned(x, dst) : saturateSigned(x, dst)) & m) << (k * dst);
        }
        return r;
    }

    /** PSHUFD: dword k = a.dword[(imm >> 2k) & 3]. */
    public static long[] pshufd(long[] a, int imm) {
        return new long[] {pshufdLow(a[0], a[1], imm), pshufdLow(a[0], a[1], imm >> 4)};
    }

    /** The low quadword of PSHUFD of lo:hi by {@code imm} (the high one is this with {@code imm >> 4}). */
    public static long pshufdLow(long lo, long hi, int imm) {
        return dword(lo, hi, imm & 3) | dword(lo, hi, (imm >> 2) & 3) << 32;
    }

    /** PSHUFLW / PSHUFHW: shuffle the words of one half, copy the other. */
    public static long[] pshufw(long[] a, int imm, boolean high) {
        long[] r = a.clone();
        int base = high ? 4 : 0;
        for (int k = 0; k < 4; k++) setLane(r, base + k, 16, lane(a, base + ((imm >> (2 * k)) & 3), 16));
        return r;
    }

    /** PSLLDQ / PSRLDQ of XMM register y[d..d+1]: byte shift of the whole register; counts above 15 clear it. */
    public static void byteShift(long[] y, int d, int count, boolean left) {
        long lo = y[d], hi = y[d + 1];
        y[d] = byteShiftWord(lo, hi, count, left, 0);
        y[d + 1] = byteShiftWord(lo, hi, count, left, 1);
    }

    /** Quadword {@code q} (0 or 1) of PSLLDQ ({@code left}) / PSRLDQ of lo:hi by {@code count} bytes; counts above 15 clear it. */
    public static long byteShiftWord(long lo, long hi, int count, boolean left, int q) {
        // PALIGNR's funnel: right, (0:0:hi:lo) >> count bytes; left, (hi:lo:0:0) >> (16 - count) bytes
        if (!left) return alignrWord(lo, hi, 0, 0, count, q);
        return count > 15 ? 0 : alignrWord(0, 0, lo, hi, 16 - count, q);
    }

    /** PSLL/PSRL/PSRA W/D/Q by a count (immediate or the low quadword of a register). */
    public static long[] shift(long[] a, long count, int bits, int kind) {
        return new long[] {shiftWord(a[0], count, bits, kind), shiftWord(a[1], count, bits, kind)};
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

    // ---- whole-register operations on CpuState.ymm (no arrays, no per-lane calls) -------------

    /** Operations of {@link #words}: lane arithmetic, compares, logic, unpacks, PSHUFD, unsigned byte min/max, packs (arg: source lane bits). */
    public static final int ADD = 0, SUB = 1, CMPEQ = 2, CMPGT = 3, AND = 4, ANDN = 5, OR = 6, XOR = 7,
            UNPACK_LOW = 8, UNPACK_HIGH = 9, PSHUFD = 10, MINU = 11, MAXU = 12, PACKSS = 13, PACKUS = 14;

    /**
     * XMM register y[d..d+1] := op(y[d..d+1], lo:hi), the source read completely before the
     * destination is written; {@code arg} is the lane width in bits, or PSHUFD's immediate. The
     * interpreter's handlers and translated code (C2 folds the switch on a constant {@code op}).
     */
    public static void words(int op, int arg, long[] y, int d, long lo, long hi) {
        long a = y[d], b = y[d + 1];
        switch (op) {
            case UNPACK_LOW, UNPACK_HIGH -> {
                long x = op == UNPACK_LOW ? a : b, z = op == UNPACK_LOW ? lo : hi;
                y[d] = arg == 64 ? x : interleaveWord(x, z, arg);
                y[d + 1] = arg == 64 ? z : interleaveWord(x >>> 32, z >>> 32, arg);
            }
            case PSHUFD -> {
                y[d] = pshufdLow(lo, hi, arg);
                y[d + 1] = pshufdLow(lo, hi, arg >> 4);
            }
            case PACKSS, PACKUS -> {
                y[d] = packWord(a, b, arg, op == PACKUS);
                y[d + 1] = packWord(lo, hi, arg, op == PACKUS);
            }
            default -> {
                y[d] = word(op, arg, a, lo);
                y[d + 1] = word(op, arg, b, hi);
            }
        }
    }

    /** One quadword of {@link #words}'s quadword-wise operations (ADD..XOR, MINU, MAXU): op(a, b) on lanes of {@code bits}. */
    public static long word(int op, int bits, long a, long b) {
        return switch (op) {
            case ADD -> addWord(a, b, bits);
            case SUB -> subWord(a, b, bits);
            case CMPEQ -> cmpeqWord(a, b, bits);
            case CMPGT -> cmpgtWord(a, b, bits);
            case AND -> a & b;
            case ANDN -> ~a & b;
            case OR -> a | b;
            case MINU -> minMaxUnsignedBytes(a, b, true);
            case MAXU -> minMaxUnsignedBytes(a, b, false);
            default -> a ^ b;
        };
    }

    /**
     * PCMPEQB on one quadword ({@link #cmpeqWord} at 8 bits), the constants spelled out: small enough
     * (no nested calls) for C2 to inline into a region method near its inlining budget.
     */
    public static long cmpeqBytes(long a, long b) {
        long x = a ^ b, h = 0x8080_8080_8080_8080L;
        long nonZero = (((x & ~h) + ~h) | x) & h; // low bits of a byte carry into its top unless all zero
        return ((~nonZero & h) >>> 7) * 0xFF;
    }

    /** PMINUB/PMAXUB on one quadword: each byte the unsigned minimum (maximum) of the two. */
    public static long minMaxUnsignedBytes(long a, long b, boolean min) {
        return min ? minBytes(a, b) : maxBytes(a, b);
    }

    /** PMINUB on one quadword (small, like {@link #cmpeqBytes}). */
    public static long minBytes(long a, long b) {
        long below = belowBytes(a, b);
        return (a & below) | (b & ~below);
    }

    /** PMAXUB on one quadword. */
    public static long maxBytes(long a, long b) {
        long below = belowBytes(a, b);
        return (b & below) | (a & ~below);
    }

    /** All ones in the bytes where a < b unsigned: the borrow out of the byte's subtraction, (~a & b) | (~(a ^ b) & (a - b)) at its top bit. */
    private static long belowBytes(long a, long b) {
        long h = 0x8080_8080_8080_8080L, diff = ((a | h) - (b & ~h)) ^ ((a ^ ~b) & h); // subWord at 8 bits
        return ((((~a & b) | (~(a ^ b) & diff)) & h) >>> 7) * 0xFF;
    }

    /** PALIGNR (SSSE3) into XMM register y[d..d+1]: (y[d..d+1]:hi:lo) >> (imm * 8), the low 128 bits. */
    public static void palignr(long[] y, int d, long lo, long hi, int imm) {
        long a0 = y[d], a1 = y[d + 1];
        y[d] = alignrWord(lo, hi, a0, a1, imm, 0);
        y[d + 1] = alignrWord(lo, hi, a0, a1, imm, 1);
    }

    /** Quadword {@code q} (0 or 1) of PALIGNR: (a1:a0:hi:lo) >> (imm * 8), a the destination, lo:hi the source. */
    public static long alignrWord(long lo, long hi, long a0, long a1, int imm, int q) {
        int j = (imm >>> 3) + q;
        return funnel(quad(lo, hi, a0, a1, j), quad(lo, hi, a0, a1, j + 1), (imm & 7) * 8);
    }

    private static long quad(long q0, long q1, long q2, long q3, int k) {
        return switch (k) { case 0 -> q0; case 1 -> q1; case 2 -> q2; case 3 -> q3; default -> 0; };
    }

    private static long funnel(long low, long high, int bit) {
        return bit == 0 ? low : low >>> bit | high << (64 - bit);
    }

    /** PMOVMSKB of the 128-bit value lo:hi: the sign bit of each byte. */
    public static long pmovmskb(long lo, long hi) {
        long m = 0x8080_8080_8080_8080L;
        return Long.compress(lo, m) | Long.compress(hi, m) << 8;
    }
}
