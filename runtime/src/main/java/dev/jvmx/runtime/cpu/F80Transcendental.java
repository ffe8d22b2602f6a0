package dev.jvmx.runtime.cpu;

/**
 * x87 transcendental functions, NOT bit-exact: the argument is rounded to double, the function
 * evaluated with {@link StrictMath} (fdlibm, under 1 ulp of double) and the result widened exactly.
 * Bound: relative error below 2^-51, i.e. within 2^13 ulp of the 64-bit x87 result, measured
 * against the host by {@code F80HostDiffTest}. Special operands (NaN, infinities, zeros, invalid
 * domains) follow the SDM tables of each instruction: NaNs propagate, invalid gives the indefinite.
 */
public final class F80Transcendental {
    private F80Transcendental() {}

    public enum Fn { SIN, COS, TAN, EXP2M1, ATAN2, YLOG2X, YLOG2XP1 }

    private static final double LN2 = 0.6931471805599453;

    /** {@code fn(x)} or, for the two-operand forms, {@code fn(y, x)} with y = ST1 and x = ST0. */
    public static F80 apply(Fn fn, F80 x, F80 y) {
        if (x.isUnsupported() || y != null && y.isUnsupported()) return F80.INDEFINITE;
        if (x.isNaN() || y != null && y.isNaN()) return y == null ? x.quiet() : F80Math.nan(x, y);
        double a = toDouble(x), b = y == null ? 0 : toDouble(y);
        double r = switch (fn) {
            case SIN -> StrictMath.sin(a);
            case COS -> StrictMath.cos(a);
            case TAN -> StrictMath.tan(a);
            case EXP2M1 -> StrictMath.expm1(a * LN2);
            case ATAN2 -> StrictMath.atan2(b, a);
            case YLOG2X -> b * (StrictMath.log(a) / LN2);
            case YLOG2XP1 -> b * (StrictMath.log1p(a) / LN2);
        };
        if (Double.isNaN(r)) return F80.INDEFINITE;
        if (fn == Fn.SIN || fn == Fn.TAN || fn == Fn.EXP2M1) {
            if (x.isZero()) return x; // signed zero in, same zero out
        }
        return F80Convert.fromDouble(Double.doubleToRawLongBits(r));
    }

    private static double toDouble(F80 v) {
        return Double.longBitsToDouble(F80Convert.toDouble(v, 0));
    }
}
