package dev.jvmx.runtime.cpu;

import java.math.BigInteger;

/**
 * Conversions between {@link F80} and memory formats: float/double (FLD exact, FST rounded),
 * integers (FILD exact, FIST rounded by RC, FISTTP truncated; out of range or NaN gives the
 * integer indefinite), and the raw 80-bit format (FLD/FSTP m80 copy bits).
 */
public final class F80Convert {
    private F80Convert() {}

    public static F80 fromDouble(long bits) {
        return fromIeee(bits, 52, 11, 1023);
    }

    public static F80 fromFloat(int bits) {
        return fromIeee(bits & 0xFFFF_FFFFL, 23, 8, 127);
    }

    /** FLD m64fp: IE for an SNaN, DE for a denormal (SDM "FLD"). */
    public static F80 fromDouble(long bits, F80Env env) {
        loadFlags(bits, 52, 11, env);
        return fromDouble(bits);
    }

    /** FLD m32fp: IE for an SNaN, DE for a denormal. */
    public static F80 fromFloat(int bits, F80Env env) {
        loadFlags(bits & 0xFFFF_FFFFL, 23, 8, env);
        return fromFloat(bits);
    }

    private static void loadFlags(long bits, int fracBits, int expBits, F80Env env) {
        long exp = (bits >>> fracBits) & ((1L << expBits) - 1), frac = bits & ((1L << fracBits) - 1);
        if (exp == (1L << expBits) - 1 && frac != 0 && (frac >>> (fracBits - 1)) == 0) env.raise(F80Env.IE);
        if (exp == 0 && frac != 0) env.raise(F80Env.DE);
    }

    /** Exact widening; a NaN keeps its payload (quieted: an SNaN load raises IE, masked). */
    private static F80 fromIeee(long bits, int fracBits, int expBits, int bias) {
        boolean sign = ((bits >>> (fracBits + expBits)) & 1) != 0;
        int exp = (int) (bits >>> fracBits) & ((1 << expBits) - 1);
        long frac = bits & ((1L << fracBits) - 1);
        int s = sign ? 0x8000 : 0;
        if (exp == (1 << expBits) - 1) {
            if (frac == 0) return new F80(s | 0x7FFF, 1L << 63);
            return new F80(s | 0x7FFF, 1L << 63 | 1L << 62 | frac << (63 - fracBits));
        }
        if (exp == 0 && frac == 0) return new F80(s, 0);
        if (exp != 0) return new F80(s | (exp - bias + F80.BIAS), (frac | 1L << fracBits) << (63 - fracBits)); // normal: exact, no rounding
        long mant = exp == 0 ? frac : frac | 1L << fracBits;
        int e = (exp == 0 ? 1 : exp) - bias - fracBits;
        return F80.ext(sign, BigInteger.valueOf(mant), e, 0); // exact
    }

    public static F80 fromLong(long v) {
        if (v == 0) return F80.ZERO;
        long m = v < 0 ? -v : v; // Long.MIN_VALUE stays 2^63 as an unsigned magnitude
        int z = Long.numberOfLeadingZeros(m);
        return new F80((v < 0 ? 0x8000 : 0) | (F80.BIAS + 63 - z), m << z); // exact: at most 64 bits
    }

    public static long toDouble(F80 a, int rc) {
        long fast = narrow(a, 52, 1023, rc, null);
        return fast != SLOW ? fast : toIeee(a, F80.DOUBLE, 52, rc);
    }

    public static int toFloat(F80 a, int rc) {
        long fast = narrow(a, 23, 127, rc, null);
        return (int) (fast != SLOW ? fast : toIeee(a, F80.SINGLE, 23, rc));
    }

    /** FST m64fp: IE for an SNaN or unsupported source, then OE/UE/PE/C1 of the rounding. */
    public static long toDouble(F80 a, F80Env env) {
        long fast = narrow(a, 52, 1023, env.rc, env);
        if (fast != SLOW) return fast;
        storeFlags(a, F80.DOUBLE, env);
        return toIeee(a, F80.DOUBLE, 52, env.rc);
    }

    /** FST m32fp, as {@link #toDouble(F80, F80Env)}. */
    public static int toFloat(F80 a, F80Env env) {
        long fast = narrow(a, 23, 127, env.rc, env);
        if (fast != SLOW) return (int) fast;
        storeFlags(a, F80.SINGLE, env);
        return (int) toIeee(a, F80.SINGLE, 23, env.rc);
    }

    /** {@link #narrow}: not decided there. */
    private static final long SLOW = Long.MIN_VALUE;

    /**
     * The common narrowing without BigInteger: a normal value whose rounded result is a normal
     * double/float away from the largest exponent (so no OE, UE or denormal), rounded under
     * {@code rc} with PE and C1 (rounded up) recorded in {@code env} when given; else {@link #SLOW}
     * (never a result here: that pattern is -0, which this path does not produce).
     */
    private static long narrow(F80 a, int fracBits, int bias, int rc, F80Env env) {
        int e = a.exp() - F80.BIAS + bias;
        if (a.exp() == 0 || a.exp() == 0x7FFF || a.sig() >= 0 || e < 2 || e > 2 * bias - 1) return SLOW;
        int shift = 63 - fracBits;
        long q = a.sig() >>> shift, rem = a.sig() & ((1L << shift) - 1), half = 1L << (shift - 1);
        boolean inexact = rem != 0;
        boolean up = switch (rc & 3) {
            case 0 -> rem > half || rem == half && (q & 1) != 0;
            case 1 -> a.sign() && inexact;
            case 2 -> !a.sign() && inexact;
            default -> false;
        };
        if (up && ++q == 1L << (fracBits + 1)) {
            q >>>= 1;
            e++;
        }
        if (inexact && env != null) env.raise(F80Env.PE | (up ? X87.C1 : 0));
        long sign = a.sign() ? 1 : 0;
        return sign << (fracBits == 52 ? 63 : 31) | (long) e << fracBits | (q & ((1L << fracBits) - 1));
    }

    /** Exceptions of narrowing {@code a} to {@code f}, masked semantics (SDM Vol. 1 §8.5.4-8.5.6). */
    private static void storeFlags(F80 a, F80.Format f, F80Env env) {
        if (a.isUnsupported() || F80Math.isSnan(a)) env.raise(F80Env.IE);
        if (a.isNaN() || a.isInf() || a.isZero() || a.isUnsupported()) return;
        long[] r = F80.round(a.sign(), a.mant(), a.scale(), f, env.rc);
        int rf = (int) r[3];
        if ((rf & F80.OVERFLOW) != 0 && env.unmasked(F80Env.OE) || (rf & F80.TINY) != 0 && env.unmasked(F80Env.UE)) {
            env.raise((rf & F80.OVERFLOW) != 0 ? F80Env.OE : F80Env.UE); // unmasked: nothing stored, PE not reported (host-checked)
            return;
        }
        if ((rf & F80.OVERFLOW) != 0) env.raise(F80Env.OE);
        if ((rf & F80.TINY) != 0 && (rf & F80.INEXACT) != 0) env.raise(F80Env.UE);
        if ((rf & F80.INEXACT) != 0) env.raise(F80Env.PE | ((rf & F80.ROUNDED_UP) != 0 ? X87.C1 : 0));
    }

    private static long toIeee(F80 a, F80.Format f, int fracBits, int rc) {
        long sign = a.sign() ? 1 : 0;
        int expBits = f.expBits();
        long maxExp = (1L << expBits) - 1;
        if (a.isUnsupported()) return toIeee(F80.INDEFINITE, f, fracBits, rc); // pseudo-NaNs too (host-checked)
        if (a.isNaN()) {
            long frac = (a.sig() & 0x3FFF_FFFF_FFFF_FFFFL) >>> (63 - fracBits) | 1L << (fracBits - 1);
            return sign << (fracBits + expBits) | maxExp << fracBits | frac;
        }
        if (a.isUnsupported()) return toIeee(F80.INDEFINITE, f, fracBits, rc);
        if (a.isInf()) return sign << (fracBits + expBits) | maxExp << fracBits;
        if (a.isZero()) return sign << (fracBits + expBits);
        long[] r = F80.round(a.sign(), a.mant(), a.scale(), f, rc);
        return r[0] << (fracBits + expBits) | r[1] << fracBits | r[2];
    }

    /**
     * FIST/FISTP/FISTTP with exceptions: IE (the integer indefinite) for a NaN, infinity, unsupported
     * value or a value out of range, else PE and C1 (rounded up) when inexact.
     */
    public static long toInt(F80 a, int bits, int rc, F80Env env) {
        long v = toInt(a, bits, rc);
        if (v == 1L << (bits - 1) && !(a.sign() && F80Math.compare(a, fromLong(v)) == 0)) {
            env.raise(F80Env.IE);
            return v;
        }
        if (a.isZero()) return v;
        int cmp = F80Math.compare(fromLong(bits == 64 ? v : v << (64 - bits) >> (64 - bits)), a);
        if (cmp != 0) env.raise(F80Env.PE | (cmp == (a.sign() ? -1 : 1) ? X87.C1 : 0));
        return v;
    }

    /** FIST/FISTP ({@code rc} from the control word) and FISTTP ({@code rc} = 3), {@code bits} 16/32/64. */
    public static long toInt(F80 a, int bits, int rc) {
        long indefinite = 1L << (bits - 1);
        if (a.isNaN() || a.isInf() || a.isUnsupported()) return indefinite;
        if (a.isZero()) return 0;
        int e = a.scale();
        BigInteger r = e >= 0 ? a.mant().shiftLeft(Math.min(e, 100)) : F80.roundShift(a.mant(), -e, a.sign(), rc);
        if (a.sign()) r = r.negate();
        if (r.bitLength() > bits - 1 && !(a.sign() && r.equals(BigInteger.ONE.shiftLeft(bits - 1).negate()))) return indefinite;
        return r.longValue();
    }
}
