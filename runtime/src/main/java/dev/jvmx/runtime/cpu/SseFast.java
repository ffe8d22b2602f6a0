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
     * MXCSR under which an ADD..SQRT of ordinary operands with an ordinary or exactly zero result
     * can change nothing but PE: all exceptions masked, round to nearest,
     * no DAZ/FTZ, and PE already set (bits 15:5 = 0x1FA0; IE..UE may be anything).
     */
    public static boolean settled(CpuState s) {
        return (s.mxcsr & 0xFFE0) == 0x1FA0;
    }

    // ---- one double lane for translated code (the translator's InlineDouble) --------------------

    /**
     * What the MIN/MAX lane helpers below return when their fast path does not hold: the caller
     * then runs the exact form. A NaN pattern no fast-path result can be. (The arithmetic lanes
     * return the raw IEEE result instead, which {@code sumExact}/{@code productExact} judge.)
     */
    public static final long SLOW = 0x7FF0_0000_0000_0001L;

    /*
     * ADD/SUB/MUL/DIV/SQRT lanes, for translated code that has checked MXCSR bits 15:5 = 0x1FA0
     * (nearest, no DAZ/FTZ, all masked, PE set): the IEEE double result ({@link #add}...: Java's
     * arithmetic on the raw bits, no check) is SSE's when {@link #sumExact} (ADD/SUB) or {@link
     * #productExact} (MUL/DIV/SQRT) holds: no operand is a denormal (DE) and the result's exponent
     * field is 2..0x7FE (no NaN: IE or Table 4-7; no infinity: OE or an infinite operand; nothing
     * tiny: UE, detected before rounding), so no MXCSR flag can change and round-to-nearest-even is
     * SSE's rounding (SDM Vol. 1 §4.8.4, §11.5.2). A zero result is exact and flagless where it
     * cannot be an underflow: from ADD/SUB (only exact cancellation or zero operands give one) and
     * from a zero operand of MUL, DIV (0/x; x/0 and 0/0 give an infinity or a NaN) and SQRT.
     * Translated code computes a lane and then tests it (no sentinel value to compare against
     * afterwards: C2 kept that compare), all small enough for C2 to inline.
     */

    public static long add(long a, long b) {
        return Double.doubleToRawLongBits(Double.longBitsToDouble(a) + Double.longBitsToDouble(b));
    }

    public static long sub(long a, long b) {
        return Double.doubleToRawLongBits(Double.longBitsToDouble(a) - Double.longBitsToDouble(b));
    }

    public static long mul(long a, long b) {
        return Double.doubleToRawLongBits(Double.longBitsToDouble(a) * Double.longBitsToDouble(b));
    }

    public static long div(long a, long b) {
        return Double.doubleToRawLongBits(Double.longBitsToDouble(a) / Double.longBitsToDouble(b));
    }

    /** SQRT's lane: of the source {@code b} alone (the first argument, the destination, is ignored: one shape for every lane). */
    public static long sqrt(long a, long b) {
        return Double.doubleToRawLongBits(Math.sqrt(Double.longBitsToDouble(b)));
    }

    /** Whether {@code r}, ADD or SUB of {@code a} and {@code b} under a settled MXCSR, is SSE's result with no flag to raise. */
    public static boolean sumExact(long a, long b, long r) {
        return !denormal(a) && !denormal(b) && (ordinary(r) || (r << 1) == 0);
    }

    /** Whether {@code r}, MUL or DIV of {@code a} and {@code b} (SQRT: {@code b} twice) under a settled MXCSR, is SSE's result with no flag to raise. */
    public static boolean productExact(long a, long b, long r) {
        return !denormal(a) && !denormal(b) && (ordinary(r) || (r << 1) == 0 && ((a << 1) == 0 || (b << 1) == 0));
    }

    /**
     * MIN/MAX lanes (any MXCSR): of two operands that are normal or zero no flag arises and the
     * result is the first operand when it is less (greater), else the second (SDM Vol. 2B
     * "MINSD"); anything else (NaN: IE; denormal: DE, DAZ; infinity) SLOW.
     */
    public static long min(long a, long b) {
        return !normalOrZero(a) || !normalOrZero(b) ? SLOW : Double.longBitsToDouble(a) < Double.longBitsToDouble(b) ? a : b;
    }

    public static long max(long a, long b) {
        return !normalOrZero(a) || !normalOrZero(b) ? SLOW : Double.longBitsToDouble(a) > Double.longBitsToDouble(b) ? a : b;
    }

    /*
     * The double forms for translated code, one entry point per operation so each compiles small
     * and C2 inlines it into a large region (a shared entry taking the operation compiles to code
     * too big to inline): the lane fast path when MXCSR and the operands allow, else the exact
     * form. The branch between them is profiled here, once for every site, so a rare slow case
     * does not deoptimise each region that meets it.
     */

    public static long addsd(CpuState s, long a, long b) {
        long r = add(a, b);
        return settled(s) && sumExact(a, b, r) ? r : sdExact(s, SseFloat.Op.ADD, a, b);
    }

    public static long subsd(CpuState s, long a, long b) {
        long r = sub(a, b);
        return settled(s) && sumExact(a, b, r) ? r : sdExact(s, SseFloat.Op.SUB, a, b);
    }

    public static long mulsd(CpuState s, long a, long b) {
        long r = mul(a, b);
        return settled(s) && productExact(a, b, r) ? r : sdExact(s, SseFloat.Op.MUL, a, b);
    }

    public static long divsd(CpuState s, long a, long b) {
        long r = div(a, b);
        return settled(s) && productExact(a, b, r) ? r : sdExact(s, SseFloat.Op.DIV, a, b);
    }

    public static long sqrtsd(CpuState s, long a, long b) {
        long r = sqrt(a, b);
        return settled(s) && productExact(b, b, r) ? r : sdExact(s, SseFloat.Op.SQRT, a, b);
    }

    public static long minsd(CpuState s, long a, long b) {
        long r = min(a, b);
        return r != SLOW ? r : sdExact(s, SseFloat.Op.MIN, a, b);
    }

    public static long maxsd(CpuState s, long a, long b) {
        long r = max(a, b);
        return r != SLOW ? r : sdExact(s, SseFloat.Op.MAX, a, b);
    }

    /**
     * ADD/SUB/MUL/DIV/SQRT/MIN/MAX PD, the exact form on XMM register {@code d} (its ymm index) with
     * source lo:hi: all of MXCSR, #XM before any write. Translated code calls it only after its own
     * lane helpers ({@link #add}, {@link #mul}...) declined a lane or found MXCSR unsettled.
     */
    public static void pdExact(CpuState s, SseFloat.Op op, int d, long lo, long hi) {
        packed(s, op, d, lo, hi, false);
    }

    /** COMISD/UCOMISD: RFLAGS from {@link #comiFlags} when it decides, else {@link #comi}. */
    public static void comisd(CpuState s, long a, long b, boolean signalling) {
        int f = comiFlags(a, b);
        if (f >= 0) s.replaceStatus(f);
        else comi(s, a, b, 64, signalling);
    }

    /**
     * COMISD/UCOMISD's ZF PF CF (OF SF AF clear) when both operands are normal or zero (no NaN, no
     * denormal: no MXCSR flag, unordered impossible); else -1.
     */
    public static int comiFlags(long a, long b) {
        if (!normalOrZero(a) || !normalOrZero(b)) return -1;
        double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
        return x < y ? dev.jvmx.x86.Flags.CF : x == y ? dev.jvmx.x86.Flags.ZF : 0;
    }

    private static boolean denormal(long x) {
        return (x & 0x7FF0_0000_0000_0000L) == 0 && (x << 1) != 0;
    }

    private static boolean normalOrZero(long x) {
        return (((int) (x >>> 52) + 1) & 0x7FF) >= 2 || (x << 1) == 0;
    }

    /** Exponent field 2..0x7FE: (e + 1) & 0x7FF maps 0x7FF to 0, 0 to 1, 1 to 2. */
    private static boolean ordinary(long r) {
        return (((int) (r >>> 52) + 1) & 0x7FF) >= 3;
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
