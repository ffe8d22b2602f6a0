package dev.jvmx.runtime.cpu;

import java.math.BigInteger;

/**
 * x87 arithmetic and conversions on {@link F80} values, each exactly rounded once (SDM Vol. 1
 * §4.8, Chapter 8). {@code rc} is the control word's rounding control; precision control is
 * taken as 64 bits (the FNINIT default; PC=24/53 is not modelled yet). Exceptions are masked
 * (the FNINIT default) and their masked responses produced; the status-word exception flags are
 * not recorded yet.
 */
public final class F80Math {
    private F80Math() {}

    public enum Op { ADD, SUB, SUBR, MUL, DIV, DIVR }

    /** Masked invalid-operation response: the real indefinite. */
    private static F80 invalid() {
        return F80.INDEFINITE;
    }

    /**
     * {@code a op b}. Unsupported encodings (unnormals, pseudo-NaN/infinity) are invalid even next
     * to a NaN; otherwise NaNs propagate before the operation (so SUB's negation never touches one).
     */
    public static F80 apply(Op op, F80 a, F80 b, int rc) {
        if (a.isUnsupported() || b.isUnsupported()) return invalid();
        if (a.isNaN() || b.isNaN()) return nan(a, b);
        return switch (op) {
            case ADD -> add(a, b, rc);
            case SUB -> add(a, b.negate(), rc);
            case SUBR -> add(b, a.negate(), rc);
            case MUL -> mul(a, b, rc);
            case DIV -> div(a, b, rc);
            case DIVR -> div(b, a, rc);
        };
    }

    /** NaN operands: the NaN (quieted); two NaNs: the larger significand. */
    static F80 nan(F80 a, F80 b) {
        if (a.isNaN() && b.isNaN()) {
            return Long.compareUnsigned(a.sig() << 1, b.sig() << 1) >= 0 ? a.quiet() : b.quiet();
        }
        return (a.isNaN() ? a : b).quiet();
    }

    static F80 add(F80 a, F80 b, int rc) {
        if (a.isNaN() || b.isNaN()) return nan(a, b);
        if (a.isUnsupported() || b.isUnsupported()) return invalid();
        if (a.isInf() || b.isInf()) {
            if (a.isInf() && b.isInf() && a.sign() != b.sign()) return invalid();
            return a.isInf() ? a : b;
        }
        if (a.isZero() && b.isZero()) {
            boolean neg = a.sign() == b.sign() ? a.sign() : rc == 1;
            return neg ? F80.ZERO.negate() : F80.ZERO;
        }
        if (a.isZero()) return F80.ext(b.sign(), b.mant(), b.scale(), rc);
        if (b.isZero()) return F80.ext(a.sign(), a.mant(), a.scale(), rc);
        int e = Math.min(a.scale(), b.scale());
        BigInteger x = signed(a).shiftLeft(a.scale() - e), y = signed(b).shiftLeft(b.scale() - e);
        BigInteger sum = x.add(y);
        if (sum.signum() == 0) return rc == 1 ? F80.ZERO.negate() : F80.ZERO;
        return F80.ext(sum.signum() < 0, sum.abs(), e, rc);
    }

    private static BigInteger signed(F80 v) {
        return v.sign() ? v.mant().negate() : v.mant();
    }

    static F80 mul(F80 a, F80 b, int rc) {
        if (a.isNaN() || b.isNaN()) return nan(a, b);
        if (a.isUnsupported() || b.isUnsupported()) return invalid();
        boolean sign = a.sign() ^ b.sign();
        if (a.isInf() || b.isInf()) {
            if (a.isZero() || b.isZero()) return invalid();
            return new F80((sign ? 0x8000 : 0) | 0x7FFF, 1L << 63);
        }
        if (a.isZero() || b.isZero()) return sign ? F80.ZERO.negate() : F80.ZERO;
        return F80.ext(sign, a.mant().multiply(b.mant()), a.scale() + b.scale(), rc);
    }

    static F80 div(F80 a, F80 b, int rc) {
        if (a.isNaN() || b.isNaN()) return nan(a, b);
        if (a.isUnsupported() || b.isUnsupported()) return invalid();
        boolean sign = a.sign() ^ b.sign();
        F80 inf = new F80((sign ? 0x8000 : 0) | 0x7FFF, 1L << 63);
        if (a.isInf()) return b.isInf() ? invalid() : inf;
        if (b.isInf()) return sign ? F80.ZERO.negate() : F80.ZERO;
        if (b.isZero()) {
            if (a.isZero()) return invalid();
            return inf;
        }
        if (a.isZero()) return sign ? F80.ZERO.negate() : F80.ZERO;
        int extra = 64 + 66; // enough quotient bits for a correct rounding, remainder as sticky
        BigInteger[] qr = a.mant().shiftLeft(extra).divideAndRemainder(b.mant());
        BigInteger q = qr[0].shiftLeft(1).or(qr[1].signum() != 0 ? BigInteger.ONE : BigInteger.ZERO);
        return F80.ext(sign, q, a.scale() - b.scale() - extra - 1, rc);
    }

    public static F80 sqrt(F80 a, int rc) {
        if (a.isUnsupported()) return invalid();
        if (a.isNaN()) return a.quiet();
        if (a.isZero()) return a;
        if (a.sign()) return invalid();
        if (a.isInf()) return a;
        int e = a.scale();
        BigInteger m = a.mant();
        if ((e & 1) != 0) { m = m.shiftLeft(1); e--; }
        int extra = 140; // even
        BigInteger s = m.shiftLeft(extra).sqrt();
        boolean exact = s.multiply(s).equals(m.shiftLeft(extra));
        s = s.shiftLeft(1).or(exact ? BigInteger.ZERO : BigInteger.ONE);
        return F80.ext(false, s, (e - extra) / 2 - 1, rc);
    }

    /** FRNDINT: round to an integer under {@code rc}. */
    public static F80 roundToInt(F80 a, int rc) {
        if (a.isUnsupported()) return invalid();
        if (a.isNaN()) return a.quiet();
        if (a.isInf() || a.isZero()) return a;
        int e = a.scale();
        if (e >= 0) return a;
        BigInteger r = F80.roundShift(a.mant(), -e, a.sign(), rc);
        if (r.signum() == 0) return a.sign() ? F80.ZERO.negate() : F80.ZERO;
        return F80.ext(a.sign(), r, 0, rc);
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
     * FPREM ({@code nearest} false: quotient truncated) and FPREM1 (quotient rounded to nearest
     * even), SDM Vol. 2A "FPREM": returns {remainder, condition bits C0 C1 C2 C3 as X87 status bits}.
     * Exponent differences D of 64 or more give a partial remainder (C2 set): the SDM's
     * implementation-dependent N (32..63) is 32 + (D mod 32) on Intel, so D - N is a multiple of 32
     * (host-checked); the software loop (until C2 = 0) reaches the exact remainder.
     */
    public static Object[] prem(F80 a, F80 b, boolean nearest) {
        if (a.isUnsupported() || b.isUnsupported()) return new Object[] {invalid(), 0};
        if (a.isNaN() || b.isNaN()) return new Object[] {nan(a, b), 0};
        if (a.isInf() || b.isZero()) return new Object[] {invalid(), 0};
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
            return new Object[] {result(a.sign(), r, e), X87.C2};
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
        return new Object[] {result(neg, r, e), bits};
    }

    private static F80 result(boolean sign, BigInteger r, int e) {
        if (r.signum() == 0) return sign ? F80.ZERO.negate() : F80.ZERO;
        return F80.ext(sign, r, e, 0); // exact: |r| < |b|
    }

    /** {@code a} * 2^n for finite nonzero {@code a}, rounded once (FSCALE, FXTRACT). */
    public static F80 scaled(F80 a, int n, int rc) {
        return F80.ext(a.sign(), a.mant(), a.scale() + n, rc);
    }
}
