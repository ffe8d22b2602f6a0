package dev.jvmx.runtime.cpu;

import java.math.BigInteger;

/**
 * x87 arithmetic on {@link F80} values, each exactly rounded once (SDM Vol. 1 §4.8, Chapter 8) under
 * an {@link F80Env}: rounding and precision control, and the exception flags each operation raises
 * in the SDM's priority order (Vol. 1 §4.9.2): an SNaN or unsupported operand (IE) before a QNaN
 * operand, then invalid combinations (IE), denormal operands (DE), division by zero (ZE), and the
 * rounding exceptions OE, UE, PE with C1 = rounded up. Masked responses are produced here; whether
 * an unmasked pre-computation exception suppresses the result is the caller's ({@link F80Env#faulted}).
 * The {@code int rc} overloads run fully masked at 64-bit precision.
 */
public final class F80Math {
    private F80Math() {}

    public enum Op { ADD, SUB, SUBR, MUL, DIV, DIVR }

    private static F80 invalid(F80Env env) {
        env.raise(F80Env.IE);
        return F80.INDEFINITE;
    }

    static boolean isSnan(F80 v) {
        return v.isNaN() && (v.sig() & 0x4000_0000_0000_0000L) == 0;
    }

    /** Denormal operand: exponent field 0 and a nonzero significand (pseudo-denormals too). */
    static boolean isDenormal(F80 v) {
        return v.exp() == 0 && v.sig() != 0;
    }

    /**
     * The checks every arithmetic operation starts with: returns the result when an operand decides
     * it (unsupported or NaN), else null after raising DE for denormal operands.
     */
    static F80 screen(F80 a, F80 b, F80Env env) {
        if (a.isUnsupported() || b != null && b.isUnsupported()) return invalid(env);
        if (a.isNaN() || b != null && b.isNaN()) {
            if (isSnan(a) || b != null && isSnan(b)) env.raise(F80Env.IE);
            return b == null ? a.quiet() : nan(a, b);
        }
        return null;
    }

    /** Raises DE for denormal operands; true if that is unmasked: the operation then stops (pre-computation). */
    private static boolean denormals(F80 a, F80 b, F80Env env) {
        if (isDenormal(a) || b != null && isDenormal(b)) env.raise(F80Env.DE);
        return env.faulted();
    }

    public static F80 apply(Op op, F80 a, F80 b, int rc) {
        return apply(op, a, b, F80Env.masked(rc));
    }

    /** {@code a op b}: operands screened first, so SUB's negation never touches a NaN. */
    public static F80 apply(Op op, F80 a, F80 b, F80Env env) {
        F80 early = screen(a, b, env);
        if (early != null) return early;
        return switch (op) {
            case ADD -> add(a, b, env);
            case SUB -> add(a, b.negate(), env);
            case SUBR -> add(b, a.negate(), env);
            case MUL -> mul(a, b, env);
            case DIV -> div(a, b, env);
            case DIVR -> div(b, a, env);
        };
    }

    /** NaN operands: the NaN (quieted); two NaNs: the larger significand, on a tie the positive one (host-checked). */
    static F80 nan(F80 a, F80 b) {
        if (a.isNaN() && b.isNaN()) {
            int cmp = Long.compareUnsigned(a.sig() << 1, b.sig() << 1); // the quiet bit on top: a QNaN beats an SNaN
            return cmp > 0 || cmp == 0 && !a.sign() ? a.quiet() : b.quiet();
        }
        return (a.isNaN() ? a : b).quiet();
    }

    static F80 add(F80 a, F80 b, F80Env env) {
        F80 r = F80Fast.add(a, b, env);
        return r != null ? r : addExact(a, b, env);
    }

    /** {@link #add} through BigInteger, for every operand (F80FastTest compares the two). */
    static F80 addExact(F80 a, F80 b, F80Env env) {
        if (a.isInf() || b.isInf()) {
            if (a.isInf() && b.isInf() && a.sign() != b.sign()) return invalid(env);
            denormals(a, b, env);
            return a.isInf() ? a : b;
        }
        if (denormals(a, b, env)) return a;
        if (a.isZero() && b.isZero()) {
            boolean neg = a.sign() == b.sign() ? a.sign() : env.rc == 1;
            return neg ? F80.ZERO.negate() : F80.ZERO;
        }
        if (a.isZero()) return F80.ext(b.sign(), b.mant(), b.scale(), env);
        if (b.isZero()) return F80.ext(a.sign(), a.mant(), a.scale(), env);
        int e = Math.min(a.scale(), b.scale());
        BigInteger x = signed(a).shiftLeft(a.scale() - e), y = signed(b).shiftLeft(b.scale() - e);
        BigInteger sum = x.add(y);
        if (sum.signum() == 0) return env.rc == 1 ? F80.ZERO.negate() : F80.ZERO;
        return F80.ext(sum.signum() < 0, sum.abs(), e, env);
    }

    private static BigInteger signed(F80 v) {
        return v.sign() ? v.mant().negate() : v.mant();
    }

    static F80 mul(F80 a, F80 b, F80Env env) {
        F80 r = F80Fast.mul(a, b, env);
        return r != null ? r : mulExact(a, b, env);
    }

    /** {@link #mul} through BigInteger, for every operand. */
    static F80 mulExact(F80 a, F80 b, F80Env env) {
        boolean sign = a.sign() ^ b.sign();
        if (a.isInf() || b.isInf()) {
            if (a.isZero() || b.isZero()) return invalid(env);
            denormals(a, b, env);
            return new F80((sign ? 0x8000 : 0) | 0x7FFF, 1L << 63);
        }
        if (denormals(a, b, env)) return a;
        if (a.isZero() || b.isZero()) return sign ? F80.ZERO.negate() : F80.ZERO;
        return F80.ext(sign, a.mant().multiply(b.mant()), a.scale() + b.scale(), env);
    }

    static F80 div(F80 a, F80 b, F80Env env) {
        boolean sign = a.sign() ^ b.sign();
        F80 inf = new F80((sign ? 0x8000 : 0) | 0x7FFF, 1L << 63);
        if (a.isInf() && b.isInf() || a.isZero() && b.isZero()) return invalid(env);
        if (b.isZero() && !a.isInf()) { // ZE outranks DE: a denormal dividend reports ZE alone (host-checked)
            env.raise(F80Env.ZE);
            return inf;
        }
        if (denormals(a, b, env)) return a;
        if (a.isInf()) return inf;
        if (b.isInf()) return sign ? F80.ZERO.negate() : F80.ZERO;
        if (b.isZero()) {
            env.raise(F80Env.ZE);
            return inf;
        }
        if (a.isZero()) return sign ? F80.ZERO.negate() : F80.ZERO;
        int extra = 64 + 66; // enough quotient bits for a correct rounding, remainder as sticky
        BigInteger[] qr = a.mant().shiftLeft(extra).divideAndRemainder(b.mant());
        BigInteger q = qr[0].shiftLeft(1).or(qr[1].signum() != 0 ? BigInteger.ONE : BigInteger.ZERO);
        return F80.ext(sign, q, a.scale() - b.scale() - extra - 1, env);
    }

    public static F80 sqrt(F80 a, int rc) {
        return sqrt(a, F80Env.masked(rc));
    }

    public static F80 sqrt(F80 a, F80Env env) {
        F80 early = screen(a, null, env);
        if (early != null) return early;
        if (a.isZero()) return a;
        if (a.sign()) return invalid(env);
        if (denormals(a, null, env)) return a;
        if (a.isInf()) return a;
        int e = a.scale();
        BigInteger m = a.mant();
        if ((e & 1) != 0) { m = m.shiftLeft(1); e--; }
        int extra = 140; // even
        BigInteger s = m.shiftLeft(extra).sqrt();
        boolean exact = s.multiply(s).equals(m.shiftLeft(extra));
        s = s.shiftLeft(1).or(exact ? BigInteger.ZERO : BigInteger.ONE);
        return F80.ext(false, s, (e - extra) / 2 - 1, env);
    }

    public static F80 roundToInt(F80 a, int rc) {
        return roundToInt(a, F80Env.masked(rc));
    }

    /** FRNDINT: round to an integer under RC (precision control does not apply); PE if inexact. */
    public static F80 roundToInt(F80 a, F80Env env) {
        F80 early = screen(a, null, env);
        if (early != null) return early;
        if (denormals(a, null, env)) return a;
        if (a.isInf() || a.isZero()) return a;
        int e = a.scale();
        if (e >= 0) return a;
        BigInteger r = F80.roundShift(a.mant(), -e, a.sign(), env.rc);
        BigInteger floor = a.mant().shiftRight(-e);
        if (r.shiftLeft(-e).compareTo(a.mant()) != 0) env.raise(F80Env.PE | (r.compareTo(floor) > 0 ? X87.C1 : 0));
        if (r.signum() == 0) return a.sign() ? F80.ZERO.negate() : F80.ZERO;
        return F80.ext(a.sign(), r, 0, 0);
    }

    /** Compare: -1 less, 0 equal, 1 greater, 2 unordered (signed zeros are equal). */
    public static int compare(F80 a, F80 b) {
        if (a.isNaN() || b.isNaN() || a.isUnsupported() || b.isUnsupported()) return 2;
        if (a.isZero() && b.isZero()) return 0;
        if (a.isInf() || b.isInf()) {
            if (a.isInf() && b.isInf() && a.sign() == b.sign()) return 0;
            if (a.isInf()) return a.sign() ? -1 : 1;
            return b.sign() ? 1 : -1;
        }
        BigInteger x = a.isZero() ? BigInteger.ZERO : signed(a).shiftLeft(a.scale() + 20000);
        BigInteger y = b.isZero() ? BigInteger.ZERO : signed(b).shiftLeft(b.scale() + 20000);
        return Integer.signum(x.compareTo(y));
    }

    /**
     * A compare with its exceptions: IE for an unsupported operand, for an SNaN, and for any NaN when
     * {@code ordered} (FCOM, FCOMI, FICOM, FTST; not FUCOM/FUCOMI); otherwise DE for a denormal.
     */
    public static int compare(F80 a, F80 b, boolean ordered, F80Env env) {
        if (a.isUnsupported() || b.isUnsupported() || isSnan(a) || isSnan(b) || ordered && (a.isNaN() || b.isNaN())) {
            env.raise(F80Env.IE);
        } else if (!a.isNaN() && !b.isNaN()) {
            denormals(a, b, env);
        }
        return compare(a, b);
    }

    /**
     * FPREM ({@code nearest} false: quotient truncated) and FPREM1 (quotient rounded to nearest
     * even), SDM Vol. 2A "FPREM": returns {remainder, condition bits C0 C1 C2 C3 as X87 status bits}.
     * Exponent differences D of 64 or more give a partial remainder (C2 set): the SDM's
     * implementation-dependent N (32..63) is 32 + (D mod 32) on Intel, so D - N is a multiple of 32
     * (host-checked); the software loop (until C2 = 0) reaches the exact remainder.
     */
    public static Object[] prem(F80 a, F80 b, boolean nearest) {
        return prem(a, b, nearest, F80Env.masked(0));
    }

    /** FPREM/FPREM1 with exceptions: IE for an infinite dividend or zero divisor, DE for denormals. */
    public static Object[] prem(F80 a, F80 b, boolean nearest, F80Env env) {
        F80 early = screen(a, b, env);
        if (early != null) return new Object[] {early, 0};
        if (a.isInf() || b.isZero()) return new Object[] {invalid(env), 0};
        if (denormals(a, b, env)) return new Object[] {a, 0};
        if (a.isZero()) return new Object[] {a, 0};
        if (b.isInf()) return new Object[] {F80.ext(a.sign(), a.mant(), a.scale(), 0), 0}; // pseudo-denormals come back normalised
        int ea = a.scale(), eb = b.scale();
        BigInteger ma = a.mant(), mb = b.mant();
        int d = (ma.bitLength() + ea) - (mb.bitLength() + eb); // exponents of the leading bits (denormals normalised)
        int e = Math.min(ea, eb);
        BigInteger x = ma.shiftLeft(ea - e), y = mb.shiftLeft(eb - e);
        if (d >= 64) {
            int shift = d - (32 + (d & 31));
            BigInteger qq = x.divide(y.shiftLeft(shift));
            BigInteger r = x.subtract(qq.multiply(y).shiftLeft(shift));
            return new Object[] {result(a.sign(), r, e, env), X87.C2};
        }
        BigInteger[] qr = x.divideAndRemainder(y);
        BigInteger q = qr[0], r = qr[1];
        boolean neg = a.sign();
        if (nearest) {
            int cmp = r.shiftLeft(1).compareTo(y);
            if (cmp > 0 || (cmp == 0 && q.testBit(0))) {
                q = q.add(BigInteger.ONE);
                r = y.subtract(r);
                neg = !neg;
            }
        }
        int bits = (q.testBit(2) ? X87.C0 : 0) | (q.testBit(1) ? X87.C3 : 0) | (q.testBit(0) ? X87.C1 : 0);
        return new Object[] {result(neg, r, e, env), bits};
    }

    /** The remainder is exact (|r| < |b|), but a tiny one raises UE when unmasked (wrapped result, host-checked). */
    private static F80 result(boolean sign, BigInteger r, int e, F80Env env) {
        if (r.signum() == 0) return sign ? F80.ZERO.negate() : F80.ZERO;
        return F80.ext(sign, r, e, env);
    }

    /** {@code a} * 2^n for finite nonzero {@code a}, rounded once (FSCALE, FXTRACT). */
    public static F80 scaled(F80 a, int n, int rc) {
        return F80.ext(a.sign(), a.mant(), a.scale() + n, rc);
    }

    /** {@code a} * 2^n rounded once under {@code env}, with OE/UE/PE (FSCALE). */
    public static F80 scaled(F80 a, int n, F80Env env) {
        return F80.ext(a.sign(), a.mant(), a.scale() + n, env);
    }

    /**
     * FSCALE: {@code a} * 2^trunc(b), rounded once under {@code env} (SDM "FSCALE"): IE for SNaN or
     * unsupported operands and for 0 * 2^+inf, inf * 2^-inf; DE for denormals; huge scales saturate.
     */
    public static F80 fscale(F80 a, F80 b, F80Env env) {
        if (a.isUnsupported() || b.isUnsupported() || isSnan(a) || isSnan(b)) env.flags |= F80Env.IE;
        if (a.isUnsupported() || b.isUnsupported()) return F80.INDEFINITE;
        if (a.isNaN() || b.isNaN()) return nan(a, b);
        if (b.isInf()) {
            if (a.isZero() && !b.sign() || a.isInf() && b.sign()) {
                env.flags |= F80Env.IE;
                return F80.INDEFINITE;
            }
            if (a.exp() == 0 && a.sig() != 0) env.flags |= F80Env.DE;
            return b.sign() ? new F80(a.se() & 0x8000, 0) : a.isZero() ? a : new F80((a.se() & 0x8000) | 0x7FFF, 1L << 63);
        }
        if (denormals(a, b, env) || a.isZero() || a.isInf()) return a;
        if (b.isZero() && a.exp() == 0 && a.sig() >= 0) return a; // a denormal scaled by ±0 stays as it is, no UE (host-checked)
        long n = F80Convert.toInt(b, 64, 3);
        int scale = (int) Math.max(-70000, Math.min(70000, n == Long.MIN_VALUE ? (b.sign() ? -70000 : 70000) : n));
        return scaled(a, scale, env);
    }

}
