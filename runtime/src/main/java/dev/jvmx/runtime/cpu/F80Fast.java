package dev.jvmx.runtime.cpu;

/**
 * The common case of x87 FADD/FSUB/FMUL without BigInteger: both operands normal (exponent 1..7FFE,
 * integer bit set), the exact sum or product held in 128 bits, and a result far from both ends of
 * the exponent range (no overflow, no tininess), so the only exception it can raise is PE, with C1
 * = rounded up (SDM Vol. 1 §4.8.4, §8.1.3.1). Rounding is {@link F80#round}'s, on two longs: to the
 * precision control's 24, 53 or 64 bits under RC (nearest-even, down, up, toward zero). Everything
 * else (denormals, zeros, infinities, NaNs, unsupported encodings, an exact-zero sum, an exponent
 * gap over 63, a result near the range ends) returns null and takes the exact path. F80FastTest
 * holds both paths equal, value and flags, over random operands in every RC and PC.
 */
final class F80Fast {
    private F80Fast() {}

    private static boolean normal(F80 v) {
        int e = v.exp();
        return e != 0 && e != 0x7FFF && v.sig() < 0;
    }

    /** a + b, or null for the exact path. */
    static F80 add(F80 a, F80 b, F80Env env) {
        if (!normal(a) || !normal(b)) return null;
        if (a.exp() < b.exp()) {
            F80 t = a;
            a = b;
            b = t;
        }
        int d = a.exp() - b.exp();
        if (d > 63) return null;
        // x = a.sig * 2^63 and y = b.sig * 2^(63 - d), both below 2^127: value = (x +- y) * 2^(a.exp - BIAS - 126)
        long xh = a.sig() >>> 1, xl = a.sig() << 63;
        int s = 63 - d;
        long yh = s == 0 ? 0 : b.sig() >>> (64 - s), yl = b.sig() << s;
        long hi, lo;
        boolean sign = a.sign();
        if (a.sign() == b.sign()) {
            lo = xl + yl;
            hi = xh + yh + (Long.compareUnsigned(lo, xl) < 0 ? 1 : 0);
        } else {
            int cmp = xh != yh ? Long.compareUnsigned(xh, yh) : Long.compareUnsigned(xl, yl);
            if (cmp == 0) return null; // an exact zero: its sign depends on RC
            if (cmp < 0) {
                long th = xh, tl = xl;
                xh = yh;
                xl = yl;
                yh = th;
                yl = tl;
                sign = b.sign();
            }
            lo = xl - yl;
            hi = xh - yh - (Long.compareUnsigned(xl, yl) < 0 ? 1 : 0);
        }
        return round(sign, hi, lo, a.exp() - F80.BIAS - 126, env);
    }

    /** a * b, or null for the exact path. */
    static F80 mul(F80 a, F80 b, F80Env env) {
        if (!normal(a) || !normal(b)) return null;
        long hi = Math.unsignedMultiplyHigh(a.sig(), b.sig()), lo = a.sig() * b.sig();
        return round(a.sign() ^ b.sign(), hi, lo, a.exp() + b.exp() - 2 * F80.BIAS - 126, env);
    }

    /** (-1)^sign * (hi:lo) * 2^e, hi:lo nonzero, rounded under {@code env}; null near the range ends. */
    private static F80 round(boolean sign, long hi, long lo, int e, F80Env env) {
        int n = hi != 0 ? 128 - Long.numberOfLeadingZeros(hi) : 64 - Long.numberOfLeadingZeros(lo);
        int exp = n - 1 + e + F80.BIAS; // biased exponent of the leading bit
        if (exp < 2 || exp > 0x7FFD) return null;
        int p = env.precision, shift = n - p;
        long q;
        boolean up = false, inexact = false;
        if (shift <= 0) {
            q = lo << -shift; // n <= p <= 64: the value fits, exactly
        } else {
            q = shift >= 64 ? hi >>> (shift - 64) : lo >>> shift | hi << (64 - shift);
            boolean half = bit(hi, lo, shift - 1), sticky = below(hi, lo, shift - 1);
            inexact = half || sticky;
            up = switch (env.rc) {
                case 0 -> half && (sticky || (q & 1) != 0);
                case 1 -> sign && inexact;
                case 2 -> !sign && inexact;
                default -> false;
            };
            if (up) {
                q++;
                if (p == 64 ? q == 0 : q == 1L << p) { // carried into a new leading bit
                    q = 1L << (p - 1);
                    exp++;
                }
            }
        }
        if (inexact) env.raise(F80Env.PE | (up ? X87.C1 : 0));
        return new F80((sign ? 0x8000 : 0) | exp, p == 64 ? q : q << (64 - p));
    }

    /** Bit {@code k} (0..127) of hi:lo. */
    private static boolean bit(long hi, long lo, int k) {
        return ((k < 64 ? lo >>> k : hi >>> (k - 64)) & 1) != 0;
    }

    /** True if any bit below {@code k} (0..127) of hi:lo is set. */
    private static boolean below(long hi, long lo, int k) {
        if (k == 0) return false;
        if (k <= 64) return (lo << (64 - k)) != 0;
        return lo != 0 || (hi << (128 - k)) != 0;
    }
}
