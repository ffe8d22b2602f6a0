package dev.jvmx.runtime.cpu;

import dev.jvmx.runtime.mem.GuestFault;

/**
 * SSE operations as translated code calls them (the translator's {@code InlineSse}), and the
 * interpreter's handlers where they share the rule: on raw bits and quadwords, with no array or
 * lambda per call, each floating-point form carrying the unmasked-exception rule itself (SDM Vol.
 * 1 §11.5.4), so no handler wrapper is needed around it. Every method here is the exact
 * semantics, not an approximation: with all six exceptions masked (the usual MXCSR) the
 * arithmetic is {@link SseFloat}'s, whose own fast path (round-to-nearest, no DAZ/FTZ, operands
 * and results of moderate exponent: Java's IEEE arithmetic, PE from an exact residual) covers
 * the common values and sends everything else (NaN, infinities, denormals, other rounding modes)
 * to {@link SseExact}; with an exception unmasked the flags are detected afresh and #XM raised
 * before any destination is written.
 */
public final class SseFast {
    private SseFast() {}

    /** MXCSR bits 12:7, the six exception masks (SDM Vol. 1 §10.2.3). */
    private static final int ALL_MASKED = 0x1F80;
    /** The pre-computation exceptions IE DE ZE that suppress the post-computation flags when unmasked. */
    public static final int PRE_COMPUTATION = 0x07;

    /** The linear address of a legacy-SSE 16-byte memory operand that must be aligned: else #GP(0) (SDM Vol. 1 §10.4.1.1). */
    public static long aligned16(long a) {
        if ((a & 15) != 0) throw GuestFault.of(GuestFault.GP, 0);
        return a;
    }

    /** Starts an exception-checked operation: the six flags are cleared so it detects its own; returns MXCSR before. */
    public static int begin(CpuState s) {
        int before = s.mxcsr;
        s.mxcsr = before & ~0x3F;
        return before;
    }

    /**
     * Ends an operation {@link #begin} started (SDM Vol. 1 §11.5.2, §11.5.4): the detected flags
     * join the sticky ones; an unmasked pre-computation exception ({@code stripOn}: IE DE ZE for
     * single-stage forms) reports no post-computation flag (OE UE PE, host-checked). True when an
     * unmasked exception was detected: the caller leaves the destination unchanged and raises #XM.
     */
    public static boolean end(CpuState s, int before, int stripOn) {
        int detected = s.mxcsr & 0x3F;
        int unmasked = ~(before >> 7) & 0x3F;
        if ((detected & stripOn & unmasked) != 0) detected &= 0x07;
        s.mxcsr = before | detected;
        return (detected & unmasked) != 0;
    }

    private static boolean allMasked(CpuState s) {
        return (s.mxcsr & ALL_MASKED) == ALL_MASKED;
    }

    private static GuestFault xm() {
        return GuestFault.of(GuestFault.XM);
    }

    /**
     * MXCSR under which an ADD..SQRT of moderate operands (see {@link SseFloat#binary64}) with a
     * moderate or zero result can change nothing but PE: all exceptions masked, round to nearest,
     * no DAZ/FTZ, and PE already set (bits 15:5 = 0x1FA0; IE..UE may be anything).
     */
    private static boolean settled(CpuState s) {
        return (s.mxcsr & 0xFFE0) == 0x1FA0;
    }

    /** Not decided by {@link #settled64}: a NaN pattern it never returns. */
    private static final long UNSETTLED = 0x7FF0_0000_0000_0001L;

    /**
     * {@code a op b} for ADD..SQRT when MXCSR is {@link #settled}: the IEEE double result when the
     * operands and result are of moderate exponent (or zeros where that is exact), exactly what
     * {@link SseFloat#binary64} returns and records then (nothing new); else {@link #UNSETTLED}.
     * Small, so C2 inlines it into translated code.
     */
    private static long settled64(SseFloat.Op op, long a, long b) {
        if (op == SseFloat.Op.MIN || op == SseFloat.Op.MAX) return UNSETTLED;
        if (!(SseFloat.moderate64(b) || (b << 1) == 0 && op != SseFloat.Op.DIV)
                || !(op == SseFloat.Op.SQRT || SseFloat.moderate64(a) || (a << 1) == 0)) return UNSETTLED;
        double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
        double z = op == SseFloat.Op.ADD ? x + y : op == SseFloat.Op.SUB ? x - y : op == SseFloat.Op.MUL ? x * y
                : op == SseFloat.Op.DIV ? x / y : Math.sqrt(y);
        long r = Double.doubleToRawLongBits(z);
        return SseFloat.moderate64(r) || (r << 1) == 0 ? r : UNSETTLED;
    }

    /** ADDSD..SQRTSD, MINSD, MAXSD: the new low quadword of the destination {@code a} with source {@code b}. */
    public static long sd(CpuState s, SseFloat.Op op, long a, long b) {
        if (settled(s)) {
            long r = settled64(op, a, b);
            if (r != UNSETTLED) return r;
        }
        return sdExact(s, op, a, b);
    }

    private static long sdExact(CpuState s, SseFloat.Op op, long a, long b) {
        if (allMasked(s)) return SseFloat.binary64(s, op, a, b);
        int before = begin(s);
        long r = SseFloat.binary64(s, op, a, b);
        if (end(s, before, PRE_COMPUTATION)) throw xm();
        return r;
    }

    /** ADDSS..SQRTSS, MINSS, MAXSS: the new low quadword of the destination {@code a} (bits 63:32 kept), source in {@code b}'s low 32 bits. */
    public static long ss(CpuState s, SseFloat.Op op, long a, long b) {
        if (allMasked(s)) return merge32(a, SseFloat.binary32(s, op, (int) a, (int) b));
        int before = begin(s);
        int r = SseFloat.binary32(s, op, (int) a, (int) b);
        if (end(s, before, PRE_COMPUTATION)) throw xm();
        return merge32(a, r);
    }

    private static long merge32(long a, int r) {
        return (a & 0xFFFF_FFFF_0000_0000L) | (r & 0xFFFF_FFFFL);
    }

    /** ADDPD..SQRTPD, MINPD, MAXPD on XMM register {@code d} (index into {@code ymm}) with source lo:hi. */
    public static void pd(CpuState s, SseFloat.Op op, int d, long lo, long hi) {
        if (settled(s)) {
            long[] y = s.ymm;
            long r0 = settled64(op, y[d], lo), r1 = settled64(op, y[d + 1], hi);
            if (r0 != UNSETTLED && r1 != UNSETTLED) {
                y[d] = r0;
                y[d + 1] = r1;
                return;
            }
        }
        packed(s, op, d, lo, hi, false);
    }

    /** ADDPS..SQRTPS, MINPS, MAXPS on XMM register {@code d} with source lo:hi. */
    public static void ps(CpuState s, SseFloat.Op op, int d, long lo, long hi) {
        packed(s, op, d, lo, hi, true);
    }

    private static void packed(CpuState s, SseFloat.Op op, int d, long lo, long hi, boolean single) {
        if (allMasked(s)) {
            if (single) singles(s, op, d, lo, hi);
            else doubles(s, op, d, lo, hi);
            return;
        }
        long[] y = s.ymm;
        long a0 = y[d], a1 = y[d + 1];
        int before = begin(s);
        if (single) singles(s, op, d, lo, hi);
        else doubles(s, op, d, lo, hi);
        if (end(s, before, PRE_COMPUTATION)) { // both lanes' flags recorded, the destination as it was
            y[d] = a0;
            y[d + 1] = a1;
            throw xm();
        }
    }

    /** Both double lanes of XMM register {@code d} with source lo:hi, flags recorded, no #XM decision (the caller's). */
    public static void doubles(CpuState s, SseFloat.Op op, int d, long lo, long hi) {
        long[] y = s.ymm;
        long r0 = SseFloat.binary64(s, op, y[d], lo), r1 = SseFloat.binary64(s, op, y[d + 1], hi);
        y[d] = r0;
        y[d + 1] = r1;
    }

    /** The four single lanes of XMM register {@code d} with source lo:hi, flags recorded, no #XM decision. */
    public static void singles(CpuState s, SseFloat.Op op, int d, long lo, long hi) {
        long[] y = s.ymm;
        long r0 = singles(s, op, y[d], lo), r1 = singles(s, op, y[d + 1], hi);
        y[d] = r0;
        y[d + 1] = r1;
    }

    private static long singles(CpuState s, SseFloat.Op op, long a, long b) {
        long lo = SseFloat.binary32(s, op, (int) a, (int) b) & 0xFFFF_FFFFL;
        return (SseFloat.binary32(s, op, (int) (a >>> 32), (int) (b >>> 32)) & 0xFFFF_FFFFL) << 32 | lo;
    }

    /**
     * COMISD/UCOMISD ({@code bits} 64) and COMISS/UCOMISS (32): ZF PF CF of the comparison, OF SF
     * AF cleared (SDM Vol. 2A "COMISD"); IE on any NaN ({@code signalling}) or on an SNaN only,
     * DE/DAZ as MXCSR says. An unmasked exception raises #XM before RFLAGS changes.
     */
    public static void comi(CpuState s, long a, long b, int bits, boolean signalling) {
        boolean masked = allMasked(s);
        int before = masked ? 0 : begin(s);
        int flags = comiFlags(s, a, b, bits, signalling);
        if (!masked && end(s, before, PRE_COMPUTATION)) throw xm();
        s.replaceStatus(flags);
    }

    /** The status flags of a COMIS/UCOMIS comparison of {@code a} with {@code b}, MXCSR flags recorded. */
    public static int comiFlags(CpuState s, long a, long b, int bits, boolean signalling) {
        if (bits == 64 && ordinary64(a) && ordinary64(b)) { // no NaN, no denormal: no flag, DAZ changes nothing
            return SseFloat.comparisonFlags(Double.longBitsToDouble(a), Double.longBitsToDouble(b));
        }
        double[] v = bits == 64 ? SseFloat.compareOperands64(s, a, b, signalling)
                : SseFloat.compareOperands32(s, (int) a, (int) b, signalling);
        return SseFloat.comparisonFlags(v[0], v[1]);
    }

    /** Neither a NaN nor a denormal (zeros, normals and infinities compare without any MXCSR flag). */
    private static boolean ordinary64(long b) {
        long e = b & 0x7FF0_0000_0000_0000L;
        return e != 0 ? e != 0x7FF0_0000_0000_0000L || (b & 0x000F_FFFF_FFFF_FFFFL) == 0 : (b << 1) == 0;
    }

    /** CVTSI2SD of the signed integer {@code v}: exact below 2^53 (no flag can arise), else rounded by MXCSR.RC. */
    public static long cvtsi2sd(CpuState s, long v) {
        if (v > -(1L << 53) && v < 1L << 53 || allMasked(s)) return SseFloat.intToDouble(s, v);
        int before = begin(s);
        long r = SseFloat.intToDouble(s, v);
        if (end(s, before, PRE_COMPUTATION)) throw xm();
        return r;
    }

    /** CVT(T)SD2SI of the double bits {@code bits} to an {@code intBits}-bit integer (T forms: {@code truncate}). */
    public static long cvtsd2si(CpuState s, long bits, int intBits, boolean truncate) {
        if (allMasked(s)) return SseFloat.doubleToInt(s, bits, intBits, truncate);
        int before = begin(s);
        long r = SseFloat.doubleToInt(s, bits, intBits, truncate);
        if (end(s, before, PRE_COMPUTATION)) throw xm();
        return r;
    }
}
