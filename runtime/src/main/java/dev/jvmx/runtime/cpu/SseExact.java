package dev.jvmx.runtime.cpu;

import java.math.BigInteger;

/**
 * SSE arithmetic (ADD SUB MUL DIV SQRT on doubles and floats) with the whole of MXCSR: rounding
 * control, DAZ, FTZ and the sticky exception flags IE DE ZE OE UE PE, for masked exceptions
 * (SDM Vol. 1 §10.2.3, §11.5). Values are exact BigInteger products/quotients rounded once with
 * {@link F80#round}. {@link SseFloat} sends here every operation it cannot prove flag-free.
 *
 * <pre>
 *  MXCSR: FZ RC(2) PM UM OM ZM DM IM DAZ PE UE OE ZE DE IE     (bit 15 .. bit 0)
 * </pre>
 */
final class SseExact {
    private SseExact() {}

    static final int IE = 1, DE = 2, ZE = 4, OE = 8, UE = 0x10, PE = 0x20, DAZ = 0x40, FTZ = 0x8000;

    /** Operand classes. */
    private static final int ZERO = 0, FINITE = 1, INF = 2, QNAN = 3, SNAN = 4;

    private record Val(int cls, boolean sign, BigInteger mant, int exp, boolean denormal) {}

    private static Val decode(long bits, F80.Format f, int fracBits, boolean daz) {
        int expBits = f.expBits();
        boolean sign = ((bits >>> (fracBits + expBits)) & 1) != 0;
        int exp = (int) (bits >>> fracBits) & ((1 << expBits) - 1);
        long frac = bits & ((1L << fracBits) - 1);
        if (exp == (1 << expBits) - 1) {
            int cls = frac == 0 ? INF : (frac >>> (fracBits - 1)) != 0 ? QNAN : SNAN;
            return new Val(cls, sign, null, 0, false);
        }
        if (exp == 0 && (frac == 0 || daz)) return new Val(ZERO, sign, BigInteger.ZERO, 0, false);
        long m = exp == 0 ? frac : frac | 1L << fracBits;
        return new Val(FINITE, sign, BigInteger.valueOf(m), (exp == 0 ? 1 : exp) - f.bias() - fracBits, exp == 0);
    }

    /**
     * {@code a op b} for the format ({@code fracBits} 52 or 23) under MXCSR {@code m}; returns the
     * result bits and ORs the raised flags into {@code s.mxcsr}.
     */
    static long compute(CpuState s, SseFloat.Op op, long a, long b, F80.Format f, int fracBits) {
        int m = s.mxcsr;
        boolean daz = (m & DAZ) != 0;
        Val x = decode(a, f, fracBits, daz), y = decode(b, f, fracBits, daz);
        long quiet = 1L << (fracBits - 1);
        boolean unary = op == SseFloat.Op.SQRT;
        if (x.cls() >= QNAN && !unary || y.cls() >= QNAN) {
            if (x.cls() == SNAN && !unary || y.cls() == SNAN) s.mxcsr |= IE;
            return (x.cls() >= QNAN && !unary ? a : b) | quiet;
        }
        int flags = (!unary && x.denormal()) || y.denormal() ? DE : 0;
        long[] r = exact(op, x, y, f, (m >> 13) & 3);
        if (r == null) { // invalid: reported alone, without DE (host-checked)
            s.mxcsr |= IE;
            return f == F80.DOUBLE ? SseFloat.DEFAULT_NAN64 : SseFloat.DEFAULT_NAN32 & 0xFFFF_FFFFL;
        }
        // pre-computation exceptions report only the highest priority one: IE > ZE > DE (host-checked)
        s.mxcsr |= (r[4] & ZE) != 0 ? ZE : flags;
        return finish(s, r, f, fracBits);
    }

    /** Packs a rounding result and applies PE, OE, UE and FTZ (tininess detected before rounding). */
    private static long finish(CpuState s, long[] r, F80.Format f, int fracBits) {
        int flags = 0;
        long bits = r[0] << (fracBits + f.expBits()) | r[1] << fracBits | r[2];
        int rf = (int) r[3];
        boolean overflowUnmasked = (s.mxcsr & 0x400) == 0, underflowUnmasked = (s.mxcsr & 0x800) == 0;
        int unboundedPe = (rf & F80.INEXACT_UNBOUNDED) != 0 ? PE : 0;
        if ((rf & F80.OVERFLOW) != 0) {
            s.mxcsr |= overflowUnmasked ? OE | unboundedPe : OE | PE; // unmasked: the scaled result's precision
            return bits;
        }
        if ((rf & F80.TINY) != 0 && underflowUnmasked) { // unmasked: tininess alone reports UE, FTZ does not apply
            s.mxcsr |= UE | unboundedPe;
            return bits;
        }
        if ((rf & F80.INEXACT) != 0) flags |= PE;
        if ((rf & F80.TINY) != 0) {
            if ((s.mxcsr & FTZ) != 0) {
                flags |= UE | PE;
                bits = r[0] << (fracBits + f.expBits());
            } else if ((rf & F80.INEXACT) != 0) {
                flags |= UE;
            }
        }
        s.mxcsr |= flags;
        return bits;
    }

    /** Rounds an exact value (-1)^sign * mant * 2^e into the format under MXCSR, recording flags. */
    static long round(CpuState s, boolean sign, BigInteger mant, int e, F80.Format f, int fracBits) {
        if (mant.signum() == 0) return sign ? 1L << (fracBits + f.expBits()) : 0;
        return finish(s, F80.round(sign, mant, e, f, (s.mxcsr >> 13) & 3), f, fracBits);
    }

    /**
     * CVTSD2SS / CVTSS2SD / CVTPD2PS / CVTPS2PD: {@code bits} in format {@code from} converted to
     * {@code to}: NaNs quieted (IE for a signalling one) keeping the top payload bits, DE for a
     * denormal source (DAZ: read as zero), then rounding with PE/OE/UE/FTZ.
     */
    static long convert(CpuState s, long bits, F80.Format from, int fromFrac, F80.Format to, int toFrac) {
        return convert(s, bits, from, fromFrac, to, toFrac, false);
    }

    /** {@code tinyAfterRounding}: detect tininess after rounding (VCVTPS2PH, host-checked), else before. */
    static long convert(CpuState s, long bits, F80.Format from, int fromFrac, F80.Format to, int toFrac, boolean tinyAfterRounding) {
        Val v = decode(bits, from, fromFrac, (s.mxcsr & DAZ) != 0);
        long signBit = v.sign() ? 1L << (toFrac + to.expBits()) : 0;
        long maxExp = (1L << to.expBits()) - 1;
        switch (v.cls()) {
            case QNAN, SNAN -> {
                if (v.cls() == SNAN) s.mxcsr |= IE;
                long frac = bits & ((1L << fromFrac) - 1);
                long payload = toFrac >= fromFrac ? frac << (toFrac - fromFrac) : frac >>> (fromFrac - toFrac);
                return signBit | maxExp << toFrac | payload | 1L << (toFrac - 1);
            }
            case INF -> { return signBit | maxExp << toFrac; }
            case ZERO -> { return signBit; }
            default -> {
                if (v.denormal()) s.mxcsr |= DE;
                if (!tinyAfterRounding) return round(s, v.sign(), v.mant(), v.exp(), to, toFrac);
                int rc = (s.mxcsr >> 13) & 3;
                return finish(s, tinyAfterRounding(F80.round(v.sign(), v.mant(), v.exp(), to, rc), v.sign(), v.mant(), v.exp(), to, rc), to, toFrac);
            }
        }
    }

    /**
     * CVT(T)SD2SI, CVT(T)SS2SI and the packed forms: NaN, infinity or out of range give the integer
     * indefinite with IE; an inexact conversion sets PE. {@code rc} 3 for the truncating forms.
     */
    static long toInt(CpuState s, long bits, F80.Format f, int fracBits, int intBits, int rc) {
        long indefinite = intBits == 64 ? Long.MIN_VALUE : 0x8000_0000L;
        Val v = decode(bits, f, fracBits, (s.mxcsr & DAZ) != 0);
        if (v.cls() >= INF) {
            s.mxcsr |= IE;
            return indefinite;
        }
        if (v.cls() == ZERO) return 0;
        BigInteger r = F80.roundShift(v.mant().shiftLeft(Math.max(0, Math.min(v.exp(), 80))), Math.max(0, -v.exp()), v.sign(), rc);
        boolean exact = v.exp() >= 0 || v.mant().getLowestSetBit() >= -v.exp();
        if (v.sign()) r = r.negate();
        if (r.bitLength() > intBits - 1 && !(r.signum() < 0 && r.negate().equals(BigInteger.ONE.shiftLeft(intBits - 1)))) {
            s.mxcsr |= IE;
            return indefinite;
        }
        if (!exact) s.mxcsr |= PE;
        return intBits == 64 ? r.longValue() : r.longValue() & 0xFFFF_FFFFL;
    }

    /** Flags of a compare: IE for an SNaN, or any NaN when {@code signalling}; else DE for a denormal (host-checked). */
    static void compareFlags(CpuState s, long a, long b, F80.Format f, int fracBits, boolean signalling) {
        boolean daz = (s.mxcsr & DAZ) != 0;
        Val x = decode(a, f, fracBits, daz), y = decode(b, f, fracBits, daz);
        if (x.cls() == SNAN || y.cls() == SNAN || signalling && (x.cls() == QNAN || y.cls() == QNAN)) s.mxcsr |= IE;
        else if (x.cls() < QNAN && y.cls() < QNAN && (x.denormal() || y.denormal())) s.mxcsr |= DE; // no DE beside a NaN
    }

    /** The value of {@code bits} after DAZ (a denormal reads as a signed zero). */
    static long daz(CpuState s, long bits, F80.Format f, int fracBits) {
        if ((s.mxcsr & DAZ) == 0) return bits;
        long expMask = ((1L << f.expBits()) - 1) << fracBits;
        return (bits & expMask) == 0 ? bits & (1L << (fracBits + f.expBits())) : bits;
    }

    /**
     * Fused {@code a * b + c} rounded once (FMA3, SDM Vol. 2 "VFMADD132PS", Vol. 1 §14.5.1), for
     * operands that are not NaN (the caller applies the NaN rules): {@code negProduct} and
     * {@code negAddend} give the FMSUB/FNMADD/FNMSUB variants. Invalid (0 * inf, or inf - inf
     * between the product and the addend) gives the default NaN with IE alone; else DE for a
     * denormal operand, then the rounding flags as for the other arithmetic.
     */
    static long fma(CpuState s, long a, long b, long c, boolean negProduct, boolean negAddend, F80.Format f, int fracBits) {
        int m = s.mxcsr, rc = (m >> 13) & 3;
        boolean daz = (m & DAZ) != 0;
        Val x = decode(a, f, fracBits, daz), y = decode(b, f, fracBits, daz), z = decode(c, f, fracBits, daz);
        long nan = f == F80.DOUBLE ? SseFloat.DEFAULT_NAN64 : SseFloat.DEFAULT_NAN32 & 0xFFFF_FFFFL;
        boolean ps = x.sign() ^ y.sign() ^ negProduct, cs = z.sign() ^ negAddend;
        boolean productInf = x.cls() == INF || y.cls() == INF;
        if (productInf && (x.cls() == ZERO || y.cls() == ZERO) || productInf && z.cls() == INF && ps != cs) {
            s.mxcsr |= IE;
            return nan;
        }
        int flags = x.denormal() || y.denormal() || z.denormal() ? DE : 0;
        long[] r;
        if (productInf || z.cls() == INF) {
            r = special(productInf ? ps : cs, true, f, 0);
        } else if (x.cls() == ZERO || y.cls() == ZERO) {
            r = z.cls() == ZERO ? special(ps == cs ? ps : rc == 1, false, f, 0) : roundedFused(cs, z.mant(), z.exp(), f, rc);
        } else if (z.cls() == ZERO) {
            r = roundedFused(ps, x.mant().multiply(y.mant()), x.exp() + y.exp(), f, rc);
        } else {
            int pe = x.exp() + y.exp(), e = Math.min(pe, z.exp());
            BigInteger p = x.mant().multiply(y.mant()).shiftLeft(pe - e), q = z.mant().shiftLeft(z.exp() - e);
            BigInteger sum = (ps ? p.negate() : p).add(cs ? q.negate() : q);
            r = sum.signum() == 0 ? special(rc == 1, false, f, 0) : roundedFused(sum.signum() < 0, sum.abs(), e, f, rc);
        }
        s.mxcsr |= flags;
        return finish(s, r, f, fracBits);
    }

    /**
     * Rounding for the fused operations: the FMA unit detects tininess after rounding (the value
     * rounded to the format's precision with an unbounded exponent is below the smallest normal;
     * host-checked: a result that rounds up to the smallest normal reports PE without UE).
     */
    private static long[] roundedFused(boolean sign, BigInteger mant, int e, F80.Format f, int rc) {
        return tinyAfterRounding(rounded(sign, mant, e, f, rc), sign, mant, e, f, rc);
    }

    /** Clears the TINY flag of a rounding result whose value rounds to a normal with an unbounded exponent. */
    private static long[] tinyAfterRounding(long[] r, boolean sign, BigInteger mant, int e, F80.Format f, int rc) {
        if ((r[3] & F80.TINY) == 0) return r;
        int lead = mant.bitLength() - 1 + e, dropped = lead - (f.p() - 1) - e;
        if (dropped > 0 && F80.roundShift(mant, dropped, sign, rc).bitLength() > f.p()) lead++;
        if (lead >= f.emin()) r[3] &= ~F80.TINY;
        return r;
    }

    /** Exact operation then rounding: {sign, exp, frac, roundFlags, extraMxcsrFlags}, or null for invalid. */
    private static long[] exact(SseFloat.Op op, Val x, Val y, F80.Format f, int rc) {
        return switch (op) {
            case ADD -> add(x, y, f, rc);
            case SUB -> add(x, new Val(y.cls(), !y.sign(), y.mant(), y.exp(), y.denormal()), f, rc);
            case MUL -> mul(x, y, f, rc);
            case DIV -> div(x, y, f, rc);
            case SQRT -> sqrt(y, f, rc);
            default -> throw new IllegalArgumentException(op.name());
        };
    }

    private static long[] special(boolean sign, boolean inf, F80.Format f, int extra) {
        long maxExp = (1L << f.expBits()) - 1;
        return new long[] {sign ? 1 : 0, inf ? maxExp : 0, 0, 0, extra};
    }

    private static long[] rounded(boolean sign, BigInteger mant, int e, F80.Format f, int rc) {
        long[] r = F80.round(sign, mant, e, f, rc);
        return new long[] {r[0], r[1], r[2], r[3], 0};
    }

    private static long[] add(Val x, Val y, F80.Format f, int rc) {
        if (x.cls() == INF || y.cls() == INF) {
            if (x.cls() == INF && y.cls() == INF && x.sign() != y.sign()) return null;
            return special(x.cls() == INF ? x.sign() : y.sign(), true, f, 0);
        }
        if (x.cls() == ZERO && y.cls() == ZERO) return special(x.sign() == y.sign() ? x.sign() : rc == 1, false, f, 0);
        if (x.cls() == ZERO) return rounded(y.sign(), y.mant(), y.exp(), f, rc);
        if (y.cls() == ZERO) return rounded(x.sign(), x.mant(), x.exp(), f, rc);
        int e = Math.min(x.exp(), y.exp());
        BigInteger p = x.mant().shiftLeft(x.exp() - e), q = y.mant().shiftLeft(y.exp() - e);
        BigInteger sum = (x.sign() ? p.negate() : p).add(y.sign() ? q.negate() : q);
        if (sum.signum() == 0) return special(rc == 1, false, f, 0);
        return rounded(sum.signum() < 0, sum.abs(), e, f, rc);
    }

    private static long[] mul(Val x, Val y, F80.Format f, int rc) {
        boolean sign = x.sign() ^ y.sign();
        if (x.cls() == INF || y.cls() == INF) {
            if (x.cls() == ZERO || y.cls() == ZERO) return null;
            return special(sign, true, f, 0);
        }
        if (x.cls() == ZERO || y.cls() == ZERO) return special(sign, false, f, 0);
        return rounded(sign, x.mant().multiply(y.mant()), x.exp() + y.exp(), f, rc);
    }

    private static long[] div(Val x, Val y, F80.Format f, int rc) {
        boolean sign = x.sign() ^ y.sign();
        if (x.cls() == INF) return y.cls() == INF ? null : special(sign, true, f, 0);
        if (y.cls() == INF) return special(sign, false, f, 0);
        if (y.cls() == ZERO) return x.cls() == ZERO ? null : special(sign, true, f, ZE);
        if (x.cls() == ZERO) return special(sign, false, f, 0);
        int extra = 2 * f.p() + 4;
        BigInteger[] qr = x.mant().shiftLeft(extra).divideAndRemainder(y.mant());
        BigInteger q = qr[0].shiftLeft(1).or(qr[1].signum() != 0 ? BigInteger.ONE : BigInteger.ZERO);
        return rounded(sign, q, x.exp() - y.exp() - extra - 1, f, rc);
    }

    private static long[] sqrt(Val y, F80.Format f, int rc) {
        if (y.cls() == ZERO) return special(y.sign(), false, f, 0);
        if (y.sign()) return null;
        if (y.cls() == INF) return special(false, true, f, 0);
        int e = y.exp();
        BigInteger m = y.mant();
        if ((e & 1) != 0) { m = m.shiftLeft(1); e--; }
        int extra = 2 * f.p() + 6;
        extra += extra & 1;
        BigInteger sh = m.shiftLeft(extra), r = sh.sqrt();
        BigInteger q = r.shiftLeft(1).or(r.multiply(r).equals(sh) ? BigInteger.ZERO : BigInteger.ONE);
        return rounded(false, q, (e - extra) / 2 - 1, f, rc);
    }
}
