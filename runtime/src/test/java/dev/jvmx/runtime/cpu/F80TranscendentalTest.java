package dev.jvmx.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link F80Transcendental} without the host (F80HostDiffTest compares it with the host FPU):
 * against StrictMath (fdlibm, an independent implementation) in double precision, through
 * identities in extended precision, and on host results recorded from an Intel CPU.
 */
class F80TranscendentalTest {
    private static F80 x87(double d) {
        return F80Convert.fromDouble(Double.doubleToRawLongBits(d));
    }

    private static double dbl(F80 v) {
        return Double.longBitsToDouble(F80Convert.toDouble(v, 0));
    }

    private static F80 apply(F80Transcendental.Fn fn, F80 x, F80 y) {
        return F80Transcendental.apply(fn, x, y, F80Env.masked(0));
    }

    @Test
    void agreesWithStrictMathInDoublePrecision() {
        Random r = new Random(41);
        for (int k = 0; k < 2000; k++) {
            double x = (r.nextDouble() * 2 - 1) * 3, y = r.nextGaussian() * 10, p = r.nextDouble();
            // 2^-50 absolute (trig, atan) or relative (the others): fdlibm is within 1 ulp of double
            assertEquals(StrictMath.sin(x), dbl(apply(F80Transcendental.Fn.SIN, x87(x), null)), 0x1p-50, "sin " + x);
            assertEquals(StrictMath.cos(x), dbl(apply(F80Transcendental.Fn.COS, x87(x), null)), 0x1p-50, "cos " + x);
            double tan = StrictMath.tan(x);
            assertEquals(tan, dbl(apply(F80Transcendental.Fn.TAN, x87(x), null)), 0x1p-50 * Math.max(1, tan * tan), "tan " + x);
            double e = StrictMath.expm1(p * Math.log(2)); // ln 2 rounded: an error of 2^-53 relative in the argument
            assertEquals(e, dbl(apply(F80Transcendental.Fn.EXP2M1, x87(p), null)), 0x1p-50 * Math.abs(e), "f2xm1 " + p);
            assertEquals(StrictMath.atan2(y, x), dbl(apply(F80Transcendental.Fn.ATAN2, x87(x), x87(y))), 0x1p-50, "fpatan " + y + ", " + x);
            double l = y * StrictMath.log(Math.abs(x)) / Math.log(2);
            assertEquals(l, dbl(apply(F80Transcendental.Fn.YLOG2X, x87(Math.abs(x)), x87(y))), 0x1p-48 * Math.abs(l) + 0x1p-60, "fyl2x");
            double l1 = y * StrictMath.log1p(p / 4) / Math.log(2);
            assertEquals(l1, dbl(apply(F80Transcendental.Fn.YLOG2XP1, x87(p / 4), x87(y))), 0x1p-49 * Math.abs(l1), "fyl2xp1");
        }
    }

    /** sin^2 + cos^2 = 1 and tan = sin / cos in extended precision, also for large arguments. */
    @Test
    void identitiesHoldInExtendedPrecision() {
        Random r = new Random(42);
        for (int k = 0; k < 500; k++) {
            F80 x = new F80(0x3FFF + r.nextInt(60) - 20 | (r.nextBoolean() ? 0x8000 : 0), r.nextLong() | 1L << 63);
            F80 s = apply(F80Transcendental.Fn.SIN, x, null), c = apply(F80Transcendental.Fn.COS, x, null);
            F80 t = apply(F80Transcendental.Fn.TAN, x, null);
            F80 one = F80Math.apply(F80Math.Op.ADD, F80Math.apply(F80Math.Op.MUL, s, s, 0), F80Math.apply(F80Math.Op.MUL, c, c, 0), 0);
            assertTrue(F80HostDiffTest.ulps(F80.ONE, one) <= 4, "sin^2 + cos^2 of " + x + " = " + one);
            F80 q = F80Math.apply(F80Math.Op.DIV, s, c, 0);
            assertTrue(F80HostDiffTest.ulps(t, q) <= 4 || Math.abs(dbl(c)) < 1e-6, "tan of " + x);
        }
    }

    /** Results recorded on the host (x87ref), each a rule F80Transcendental documents. */
    @Test
    void reproducesRecordedHostResults() {
        F80Env env = F80Env.masked(0);
        // sin(1.0), correctly rounded, rounded up
        assertEquals(new F80(0x3FFE, 0xD76AA47848677021L), F80Transcendental.apply(F80Transcendental.Fn.SIN, F80.ONE, null, env));
        assertEquals(F80Env.PE | X87.C1, env.flags);
        // FPATAN(y = +0, x = -1) = pi, PE and C1
        env = F80Env.masked(0);
        assertEquals(new F80(0x4000, 0xC90FDAA22168C235L), F80Transcendental.apply(F80Transcendental.Fn.ATAN2, F80.ONE.negate(), F80.ZERO, env));
        assertEquals(F80Env.PE | X87.C1, env.flags);
        // F2XM1 of the smallest normal: ln 2 * 2^-16382 rounded to 64 bits, then to the denormal (exact: no C1), UE
        env = F80Env.masked(0);
        assertEquals(new F80(0, 0x58B90BFBE8E7BCD6L), F80Transcendental.apply(F80Transcendental.Fn.EXP2M1, new F80(1, 1L << 63), null, env));
        assertEquals(F80Env.PE | F80Env.UE, env.flags);
        // F2XM1 outside -1..+1 returns the operand, with PE; F2XM1(1) = 1 with PE
        env = F80Env.masked(0);
        assertEquals(x87(1.5), F80Transcendental.apply(F80Transcendental.Fn.EXP2M1, x87(1.5), null, env));
        assertEquals(F80Env.PE, env.flags);
        env = F80Env.masked(0);
        assertEquals(F80.ONE, F80Transcendental.apply(F80Transcendental.Fn.EXP2M1, F80.ONE, null, env));
        assertEquals(F80Env.PE, env.flags & 0x3F);
        // FYL2XP1 of x <= -1: x itself with PE (no IE, no ZE); y = +0 gives -0 without flags
        env = F80Env.masked(0);
        assertEquals(x87(-1.5), F80Transcendental.apply(F80Transcendental.Fn.YLOG2XP1, x87(-1.5), F80.ONE, env));
        assertEquals(F80Env.PE, env.flags);
        env = F80Env.masked(0);
        assertEquals(F80.ZERO.negate(), F80Transcendental.apply(F80Transcendental.Fn.YLOG2XP1, x87(-1.5), F80.ZERO, env));
        assertEquals(0, env.flags);
        // FYL2X(x = 1) is an exact +0 * y: no PE; x = -0 with finite y: ZE and -inf; x < 0: IE
        env = F80Env.masked(0);
        assertEquals(F80.ZERO, F80Transcendental.apply(F80Transcendental.Fn.YLOG2X, F80.ONE, x87(3), env));
        assertEquals(0, env.flags);
        env = F80Env.masked(0);
        assertEquals(new F80(0xFFFF, 1L << 63), F80Transcendental.apply(F80Transcendental.Fn.YLOG2X, F80.ZERO.negate(), x87(3), env));
        assertEquals(F80Env.ZE, env.flags);
        env = F80Env.masked(0);
        assertEquals(F80.INDEFINITE, F80Transcendental.apply(F80Transcendental.Fn.YLOG2X, x87(-2), x87(3), env));
        assertEquals(F80Env.IE, env.flags);
        // FSIN of an infinity is invalid
        env = F80Env.masked(0);
        assertEquals(F80.INDEFINITE, F80Transcendental.apply(F80Transcendental.Fn.SIN, new F80(0x7FFF, 1L << 63), null, env));
        assertEquals(F80Env.IE, env.flags);
    }

    /**
     * The reduction uses the 66-bit pi p66 of SDM Vol. 1 §8.3.8: p66 rounded to 64 bits is p66 +
     * 2^-64, so its sine is -sin(2^-64 * pi / p66), about -5.42e-20; with the true pi it would be
     * about -5.06e-20 (p64 - pi = 0.233 ulp of 2^-62).
     */
    @Test
    void reducesByTheSixtySixBitPi() {
        java.math.BigInteger sig = new java.math.BigInteger("C90FDAA22168C235", 16);
        assertEquals(java.math.BigInteger.ONE, sig.shiftLeft(2).subtract(F80Transcendental.P66));
        double s = dbl(apply(F80Transcendental.Fn.SIN, new F80(0x4000, sig.longValue()), null));
        assertEquals(-0x1p-64, s, 0x1p-64 * 1e-9);
    }
}
