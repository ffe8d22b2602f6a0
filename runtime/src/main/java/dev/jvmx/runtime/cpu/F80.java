package dev.jvmx.runtime.cpu;

import java.math.BigInteger;

/**
 * An x87 80-bit extended-precision value and its exactly rounded arithmetic (soft float; SDM
 * Vol. 1 §4.2.2, §8.1). {@code se} holds sign (bit 15) and biased exponent (bits 14:0, bias
 * 16383); {@code sig} the 64-bit significand with its explicit integer bit 63.
 *
 * <pre>
 *   79  78 .. 64  63  62 .............. 0
 *   S   exponent  J   fraction            J = integer bit (1 for normals)
 * </pre>
 * Every operation computes the exact result with BigInteger and rounds once ({@link #round}) to
 * the 64-bit significand under the control word's rounding control. Invalid operations without
 * NaN inputs give the "real indefinite" NaN; NaN operands propagate quieted, the one with the
 * larger significand winning (Table 4-7, x87 column).
 */
public record F80(int se, long sig) {
    public static final int BIAS = 16383;
    public static final F80 INDEFINITE = new F80(0xFFFF, 0xC000_0000_0000_0000L);
    public static final F80 ZERO = new F80(0, 0), ONE = new F80(BIAS, 1L << 63);

    public boolean sign() { return (se & 0x8000) != 0; }

    public int exp() { return se & 0x7FFF; }

    public boolean isNaN() { return exp() == 0x7FFF && (sig << 1) != 0; }

    public boolean isInf() { return exp() == 0x7FFF && (sig << 1) == 0; }

    public boolean isZero() { return exp() == 0 && sig == 0; }

    /** Unnormals (exponent not 0, integer bit clear) and pseudo-NaN/infinity: invalid operands on current CPUs. */
    public boolean isUnsupported() { return exp() != 0 && sig >= 0; }

    public F80 negate() { return new F80(se ^ 0x8000, sig); }

    public F80 abs() { return new F80(se & 0x7FFF, sig); }

    F80 quiet() { return new F80(se, sig | 0x4000_0000_0000_0000L); }

    /** The exact value as sig * 2^e with {@code e} returned; only for finite nonzero values. */
    int scale() { return (exp() == 0 ? 1 : exp()) - BIAS - 63; }

    BigInteger mant() { return new BigInteger(Long.toUnsignedString(sig)); }

    // ---- rounding core -------------------------------------------------------------------

    /** Format parameters: precision p, smallest normal exponent, largest exponent, bias, explicit integer bit. */
    record Format(int p, int emin, int emax, int bias, boolean explicit, int expBits) {}

    public static final Format EXT = new Format(64, -16382, 16383, BIAS, true, 15);
    public static final Format DOUBLE = new Format(53, -1022, 1023, 1023, false, 11);
    public static final Format SINGLE = new Format(24, -126, 127, 127, false, 8);
    /** Precision control 24 and 53 bits: the significand rounded, the extended exponent range kept (SDM Vol. 1 §8.1.5.2). */
    public static final Format PC24 = new Format(24, -16382, 16383, BIAS, true, 15);
    public static final Format PC53 = new Format(53, -16382, 16383, BIAS, true, 15);

    /**
     * Rounds (-1)^sign * mant * 2^e to {@code f} under rounding control {@code rc} (0 nearest even,
     * 1 down, 2 up, 3 toward zero) and returns {sign, biased exponent, significand bits}.
     */
    static long[] round(boolean sign, BigInteger mant, int e, Format f, int rc) {
        if (mant.signum() == 0) return new long[] {sign ? 1 : 0, 0, 0, 0};
        int lead = mant.bitLength() - 1 + e;
        int q = Math.max(lead, f.emin()) - (f.p() - 1);
        int unbounded = lead - (f.p() - 1) - e; // bits dropped if the exponent range were unlimited
        int flags = (q - e > 0 && mant.getLowestSetBit() < q - e ? INEXACT : 0) | (lead < f.emin() ? TINY : 0)
                | (unbounded > 0 && mant.getLowestSetBit() < unbounded ? INEXACT_UNBOUNDED : 0);
        BigInteger r = roundShift(mant, q - e, sign, rc);
        if (q - e > 0 && r.compareTo(mant.shiftRight(q - e)) > 0) flags |= ROUNDED_UP;
        if (r.bitLength() > f.p()) {
            r = r.shiftRight(1);
            q++;
        }
        if (r.signum() == 0) return new long[] {sign ? 1 : 0, 0, 0, flags};
        int newLead = r.bitLength() - 1 + q;
        if (newLead > f.emax()) {
            long[] o = overflow(sign, f, rc);
            o[3] |= flags & INEXACT_UNBOUNDED;
            return o;
        }
        boolean denormal = r.bitLength() < f.p();
        long bits = r.longValue();
        if (!f.explicit()) bits &= (1L << (f.p() - 1)) - 1;
        else bits <<= 64 - f.p(); // reduced precision control: the low significand bits are zero
        return new long[] {sign ? 1 : 0, denormal ? 0 : newLead + f.bias(), bits, flags};
    }

    /**
     * Extra result of {@link #round} (index 3): the value was not representable / overflowed / tiny
     * before rounding / would be inexact even with an unbounded exponent (what unmasked OE/UE report).
     */
    static final int INEXACT = 1, OVERFLOW = 2, TINY = 4, INEXACT_UNBOUNDED = 8, ROUNDED_UP = 16;

    private static long[] overflow(boolean sign, Format f, int rc) {
        boolean toInf = rc == 0 || (rc == 1 && sign) || (rc == 2 && !sign);
        long maxExp = (1L << f.expBits()) - 1;
        if (toInf) return new long[] {sign ? 1 : 0, maxExp, f.explicit() ? 1L << 63 : 0, INEXACT | OVERFLOW | ROUNDED_UP};
        long allOnes = f.explicit() ? -1L << (64 - f.p()) : (1L << (f.p() - 1)) - 1;
        return new long[] {sign ? 1 : 0, maxExp - 1, allOnes, INEXACT | OVERFLOW};
    }

    /** mant / 2^shift rounded to an integer (shift may be negative: exact left shift). */
    static BigInteger roundShift(BigInteger mant, int shift, boolean sign, int rc) {
        if (shift <= 0) return mant.shiftLeft(-shift);
        BigInteger q = mant.shiftRight(shift);
        BigInteger rem = mant.subtract(q.shiftLeft(shift));
        if (rem.signum() == 0) return q;
        boolean up = switch (rc & 3) {
            case 0 -> {
                int cmp = rem.shiftLeft(1).compareTo(BigInteger.ONE.shiftLeft(shift));
                yield cmp > 0 || (cmp == 0 && q.testBit(0));
            }
            case 1 -> sign;
            case 2 -> !sign;
            default -> false;
        };
        return up ? q.add(BigInteger.ONE) : q;
    }

    static F80 of(long[] r) {
        return new F80((int) (r[0] << 15 | r[1]), r[2]);
    }

    /** Rounds an exact value to extended precision. */
    static F80 ext(boolean sign, BigInteger mant, int e, int rc) {
        return of(round(sign, mant, e, EXT, rc));
    }

    /** Bias adjustment of an unmasked overflow or underflow's delivered result (SDM Vol. 1 §8.5.4, §8.5.5). */
    static final int WRAP = 24576;

    /**
     * Rounds an exact nonzero value under {@code env} (rounding and precision control) and records
     * PE, OE, UE and C1 ("rounded up"). Masked overflow gives infinity or the largest finite value,
     * masked underflow the denormal (UE only when also inexact); unmasked, the significand is rounded
     * with an unbounded exponent which is then wrapped by 24576 (SDM Vol. 1 §8.5.4-8.5.6).
     */
    static F80 ext(boolean sign, BigInteger mant, int e, F80Env env) {
        Format f = env.format();
        long[] r = round(sign, mant, e, f, env.rc);
        int rf = (int) r[3];
        if ((rf & OVERFLOW) != 0 && env.unmasked(F80Env.OE)) {
            r = round(sign, mant, e - WRAP, f, env.rc);
            env.raise(F80Env.OE);
            rf = (int) r[3];
            if ((rf & OVERFLOW) != 0) { // still too large after the wrap (only FSCALE): infinity whatever RC (host-checked)
                env.raise(F80Env.PE | X87.C1);
                return new F80((sign ? 0x8000 : 0) | 0x7FFF, 1L << 63);
            }
        } else if ((rf & TINY) != 0 && env.unmasked(F80Env.UE)) {
            r = round(sign, mant, e + WRAP, f, env.rc);
            env.raise(F80Env.UE);
            rf = (int) r[3];
            if ((rf & TINY) != 0) { // still tiny after the wrap (only FSCALE): a signed zero, by symmetry (SDM Vol. 1 §8.5.5)
                env.raise(F80Env.PE);
                return sign ? ZERO.negate() : ZERO;
            }
        } else if ((rf & OVERFLOW) != 0) {
            env.raise(F80Env.OE);
        } else if ((rf & TINY) != 0 && (rf & INEXACT) != 0) {
            env.raise(F80Env.UE);
        }
        if ((rf & INEXACT) != 0) env.raise(F80Env.PE | ((rf & ROUNDED_UP) != 0 ? X87.C1 : 0));
        return of(r);
    }
}
