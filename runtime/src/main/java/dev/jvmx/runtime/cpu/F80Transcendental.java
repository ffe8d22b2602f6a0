package dev.jvmx.runtime.cpu;

import java.math.BigInteger;

/**
 * The x87 transcendental instructions (SDM Vol. 2A "F2XM1", "FCOS", "FPATAN", "FPTAN", "FSIN",
 * "FSINCOS", "FYL2X", "FYL2XP1"; Vol. 1 §8.3.7-8.3.10) on 80-bit values: each function is evaluated
 * in {@link F80Real} (192 bits, error below 2^-180 relative) and rounded once to the 64-bit
 * significand under the rounding control (precision control does not apply, SDM Vol. 1 §8.1.5.2),
 * so the result is the correctly rounded value. The host CPU promises less than 1 ulp of error
 * (SDM Vol. 1 §8.3.10) and is not always correctly rounded: results agree with it within 1 ulp,
 * and C1 ("rounded up") may then differ (docs/DIFFERENTIAL.md, "x87 transcendentals").
 *
 * <p>Rules measured on the host and kept here: PE is set for every finite nonzero result, also
 * where the exact value is representable (F2XM1(1) = 1 with PE); F2XM1 outside its domain
 * -1..+1 returns the operand unchanged with PE; FSIN, FCOS, FPTAN, FSINCOS approximate
 * sin(x * pi / p66) etc. (SDM Vol. 1 §8.3.8, the 66-bit internal pi p66): the argument is reduced
 * by p66 / 2 exactly, as the hardware does, so large arguments give the host's values; a tiny
 * (denormal) result is rounded twice, to 64 bits and then to the denormal, C1 reporting the
 * second rounding. The special operands (NaN, infinities, zeros, invalid domains) follow each
 * instruction's table in the SDM.
 */
public final class F80Transcendental {
    private F80Transcendental() {}

    public enum Fn { SIN, COS, TAN, EXP2M1, ATAN2, YLOG2X, YLOG2XP1 }

    /** The internal pi of SDM Vol. 1 §8.3.8: 0.C90FDAA2 2168C234 C * 2^2, a 66-bit significand, as P66 * 2^-64. */
    static final BigInteger P66 = new BigInteger("C90FDAA22168C234C", 16).shiftRight(2);
    /** pi / p66: the factor between the reduced argument and the angle the hardware's polynomials see. */
    private static final F80Real PI_OVER_P66 = F80Real.PI.div(new F80Real(P66, -64));

    /** FSIN/FCOS/FPTAN/FSINCOS reduce only |x| < 2^63; beyond, C2 is set and ST0 kept (SDM "FSIN"). */
    public static boolean trigInRange(F80 x) {
        return x.isNaN() || x.isInf() || x.isUnsupported() || x.exp() < F80.BIAS + 63;
    }

    /** A NaN or unsupported operand (IE for SNaN and unsupported) or null; DE for a denormal. */
    private static F80 screen(F80 x, F80 y, F80Env env) {
        F80 early = F80Math.screen(x, y, env);
        if (early != null) return early;
        if (F80Math.isDenormal(x) || y != null && F80Math.isDenormal(y)) env.raise(F80Env.DE);
        return null;
    }

    private static F80 invalid(F80Env env) {
        env.raise(F80Env.IE);
        return F80.INDEFINITE;
    }

    private static F80 inf(boolean negative) {
        return new F80((negative ? 0x8000 : 0) | 0x7FFF, 1L << 63);
    }

    private static F80 zero(boolean negative) {
        return negative ? F80.ZERO.negate() : F80.ZERO;
    }

    /** {@code fn(x)} or, for the two-operand forms, {@code fn(y, x)} with y = ST1 and x = ST0. */
    public static F80 apply(Fn fn, F80 x, F80 y, F80Env env) {
        return switch (fn) {
            case SIN, COS, TAN -> trig(fn, x, env);
            case EXP2M1 -> exp2m1(x, env);
            case ATAN2 -> atan2(y, x, env);
            case YLOG2X -> ylog2x(y, x, env, false);
            case YLOG2XP1 -> ylog2x(y, x, env, true);
        };
    }

    /** sin, cos or tan of x * pi / p66 for |x| < 2^63 ({@link #trigInRange}): ±inf is invalid, sin/tan(±0) = ±0, cos(±0) = 1. */
    static F80 trig(Fn fn, F80 x, F80Env env) {
        F80 early = screen(x, null, env);
        if (early != null) return early;
        if (x.isInf()) return invalid(env);
        if (env.faulted()) return x;
        if (x.isZero()) return fn == Fn.COS ? F80.ONE : x;
        // x = k * p66/2 + r exactly, k the nearest integer; then the angle is k * pi/2 + r * pi/p66
        F80Real v = F80Real.of(x);
        int g = Math.min(v.e(), -65);
        BigInteger num = v.m().shiftLeft(v.e() - g), half = P66.shiftLeft(-65 - g); // x and p66/2 over 2^g
        BigInteger k = num.abs().shiftLeft(1).add(half).divide(half.shiftLeft(1)); // |x| / (p66/2) rounded
        if (num.signum() < 0) k = k.negate();
        F80Real t = F80Real.trim(num.subtract(k.multiply(half)), g).mul(PI_OVER_P66);
        int q = k.intValue() & 3;
        F80Real r = switch (fn) {
            case SIN -> (q & 1) == 0 ? t.sin() : t.cos();
            case COS -> (q & 1) == 0 ? t.cos() : t.sin();
            default -> (q & 1) == 0 ? t.sin().div(t.cos()) : t.cos().div(t.sin()).negate();
        };
        boolean negate = fn == Fn.SIN ? q >= 2 : fn == Fn.COS && (q == 1 || q == 2);
        return round(negate ? r.negate() : r, env);
    }

    /** 2^x - 1 on -1..+1 (SDM "F2XM1"); +inf gives +inf, -inf gives -1, ±0 stays; outside the domain the host returns x with PE. */
    static F80 exp2m1(F80 x, F80Env env) {
        F80 early = screen(x, null, env);
        if (early != null) return early;
        if (env.faulted()) return x;
        if (x.isInf()) return x.sign() ? F80.ONE.negate() : x;
        if (x.isZero()) return x;
        F80Real v = F80Real.of(x);
        if (v.top() >= 0 && v.abs().compareTo(F80Real.ONE) > 0) {
            env.raise(F80Env.PE);
            return x;
        }
        return round(v.mul(F80Real.LN2).expm1(), env);
    }

    /**
     * FPATAN: atan2(y, x) = the angle of (x, y), in -pi..+pi (SDM "FPATAN" table): zeros and
     * infinities give the signed 0, pi/4, pi/2, 3pi/4, pi of C's atan2, with no invalid case.
     */
    static F80 atan2(F80 y, F80 x, F80Env env) {
        F80 early = screen(x, y, env);
        if (early != null) return early;
        if (env.faulted()) return y;
        boolean neg = y.sign(), left = x.sign();
        F80Real angle;
        if (y.isZero()) {
            if (!left) return y;                       // atan2(±0, +x) = ±0, x = +0 and +inf included
            angle = F80Real.PI;                        // atan2(±0, -x) = ±pi
        } else if (y.isInf()) {
            angle = x.isInf() ? F80Real.PI.mul(F80Real.of(left ? 3 : 1)).shift(-2) : F80Real.PI.shift(-1);
        } else if (x.isInf()) {
            if (!left) return zero(neg);
            angle = F80Real.PI;
        } else if (x.isZero()) {
            angle = F80Real.PI.shift(-1);
        } else {
            F80Real a = F80Real.of(y).abs().div(F80Real.of(x).abs()).atan();
            angle = left ? F80Real.PI.sub(a) : a;
        }
        return round(neg ? angle.negate() : angle, env);
    }

    /**
     * FYL2X: y * log2(x) (SDM "FYL2X" table): x < 0 is invalid, x = ±0 gives -inf * sign(y) with ZE
     * (invalid for y = ±0), log2(1) = +0 exactly so y * log2(1) is a signed zero (no PE) and ±inf * 0
     * is invalid, x = +inf gives ±inf (invalid for y = ±0). FYL2XP1: y * log2(x + 1); the SDM's domain
     * is |x| < 1 - sqrt(2)/2, the host computes the function for any x > -1 and returns x itself
     * with PE for x <= -1 (a signed 0 or inf for y = 0 or inf), never IE or ZE (host-checked).
     * IE and ZE outrank DE, as for FDIV (host-checked).
     */
    static F80 ylog2x(F80 y, F80 x, F80Env env, boolean plusOne) {
        F80 early = F80Math.screen(x, y, env);
        if (early != null) return early;
        boolean denormal = F80Math.isDenormal(x) || F80Math.isDenormal(y);
        int logClass; // log2 of the argument: 0 finite nonzero, 1 a signed zero, 2 +inf, 3 -inf, 4 FYL2XP1 out of domain
        boolean logNeg = true;
        if (x.isZero()) {
            logClass = plusOne ? 1 : 3;
            logNeg = !plusOne || x.sign();
        } else if (x.isInf()) {
            if (x.sign()) return invalid(env);
            logClass = 2;
            logNeg = false;
        } else if (!plusOne) {
            if (x.sign()) return invalid(env);
            int one = F80Real.of(x).compareTo(F80Real.ONE);
            logClass = one == 0 ? 1 : 0;
            logNeg = one < 0;
        } else {
            logClass = F80Real.of(x).compareTo(F80Real.ONE.negate()) <= 0 ? 4 : 0;
            logNeg = x.sign();
        }
        boolean sign = logNeg ^ y.sign();
        if ((logClass == 1 || logClass == 4) && y.isInf() || logClass == 2 || logClass == 3) {
            if (logClass == 1 || y.isZero()) return invalid(env);
            if (logClass == 3 && !y.isInf()) {
                env.raise(F80Env.ZE);
                return inf(sign);
            }
        }
        if (denormal) env.raise(F80Env.DE);
        if (env.faulted()) return y;
        if (logClass == 1) return zero(sign);
        if (logClass == 2 || logClass == 3 || y.isInf()) return inf(sign);
        if (y.isZero()) return zero(sign);
        if (logClass == 4) {
            env.raise(F80Env.PE);
            return x;
        }
        F80Real log = plusOne ? F80Real.of(x).ln1p() : F80Real.of(x).ln();
        return round(F80Real.of(y).mul(log).div(F80Real.LN2), env);
    }

    /**
     * Rounds an approximation (error far below 2^-64 relative, never exactly representable: PE is
     * always set) to the 64-bit significand under RC, then a tiny result to the denormal format (two
     * roundings, C1 from the second), with OE/UE and their unmasked wrapped responses ({@link F80#ext}).
     */
    static F80 round(F80Real v, F80Env env) {
        boolean neg = v.signum() < 0;
        int widen = Math.max(0, F80Real.W - v.m().bitLength()) + 1; // at least W bits, then a sticky bit:
        BigInteger m = v.m().abs().shiftLeft(widen).or(BigInteger.ONE); // the exact value lies strictly between
        int e = v.e() - widen;
        int drop = m.bitLength() - 64;
        BigInteger r = F80.roundShift(m, drop, neg, env.rc);
        boolean up = r.compareTo(m.shiftRight(drop)) > 0;
        F80Env second = new F80Env(env.rc, 64, env.masks);
        F80 out = F80.ext(neg, r, e + drop, second);
        int f = second.flags;
        boolean tiny = (f & F80Env.UE) != 0 || out.exp() == 0 && !env.unmasked(F80Env.UE);
        env.raise(f & ~X87.C1 | F80Env.PE);
        if (tiny && !env.unmasked(F80Env.UE)) env.raise(F80Env.UE | (f & X87.C1));
        else if ((f & F80Env.OE) != 0 && !env.unmasked(F80Env.OE)) env.raise(f & X87.C1);
        else if (up) env.raise(X87.C1);
        return out;
    }
}
