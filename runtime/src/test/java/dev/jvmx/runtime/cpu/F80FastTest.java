package dev.jvmx.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link F80Fast} against the exact BigInteger path ({@link F80Math#addExact}, {@link F80Math#mulExact}):
 * the same value and the same flags (PE, C1 and anything else) for random normal operands in every
 * rounding and precision control, exponents from equal to far apart and near both range ends
 * (where the fast path must step aside), significands from random to all ones and powers of two.
 */
class F80FastTest {
    private final SplittableRandom rnd = new SplittableRandom(0x80F);

    private long significand() {
        return switch (rnd.nextInt(5)) {
            case 0 -> 1L << 63;
            case 1 -> -1L;
            case 2 -> (1L << 63) | (rnd.nextLong() & (-1L << (64 - 1 - rnd.nextInt(64)))); // few low bits
            case 3 -> -1L << rnd.nextInt(64);
            default -> rnd.nextLong() | 1L << 63;
        };
    }

    private int exponent(int near) {
        return switch (rnd.nextInt(4)) {
            case 0 -> Math.max(1, Math.min(0x7FFE, near + rnd.nextInt(-3, 4)));
            case 1 -> Math.max(1, Math.min(0x7FFE, near + rnd.nextInt(-70, 71)));
            case 2 -> rnd.nextBoolean() ? 1 + rnd.nextInt(40) : 0x7FFE - rnd.nextInt(40); // range ends
            default -> 1 + rnd.nextInt(0x7FFE);
        };
    }

    private F80 value(int near) {
        return new F80((rnd.nextBoolean() ? 0x8000 : 0) | exponent(near), significand());
    }

    @Test
    void fastAddAndMulEqualTheExactPath() {
        int fastAdds = 0, fastMuls = 0;
        for (int k = 0; k < 400_000; k++) {
            F80 a = value(F80.BIAS + rnd.nextInt(-100, 100)), b = value(a.exp());
            int fcw = 0x3F | rnd.nextInt(4) << 10 | new int[] {0, 2, 3}[rnd.nextInt(3)] << 8;
            F80Env fast = F80Env.of(fcw, true), exact = F80Env.of(fcw, true);
            F80 r = F80Fast.add(a, b, fast);
            if (r != null) {
                fastAdds++;
                assertEquals(F80Math.addExact(a, b, exact), r, () -> "add " + a + " " + b + " fcw " + Integer.toHexString(fcw));
                assertEquals(exact.flags, fast.flags, () -> "add flags " + a + " " + b + " fcw " + Integer.toHexString(fcw));
            }
            fast = F80Env.of(fcw, true);
            exact = F80Env.of(fcw, true);
            F80 m = value(F80.BIAS + rnd.nextInt(-9000, 9000)), n = value(2 * F80.BIAS - m.exp() + rnd.nextInt(-8000, 8000));
            r = F80Fast.mul(m, n, fast);
            if (r != null) {
                fastMuls++;
                assertEquals(F80Math.mulExact(m, n, exact), r, () -> "mul " + m + " " + n + " fcw " + Integer.toHexString(fcw));
                assertEquals(exact.flags, fast.flags, () -> "mul flags " + m + " " + n + " fcw " + Integer.toHexString(fcw));
            }
        }
        assertTrue(fastAdds > 100_000 && fastMuls > 100_000, "fast path taken: " + fastAdds + " adds, " + fastMuls + " muls");
    }

    /**
     * FLD m32/m64 and FILD widen exactly, FST m32/m64 narrows with PE and C1: the long-arithmetic
     * paths of {@link F80Convert} against {@link F80#round} on BigInteger, over random values in
     * every rounding control (the narrowing's value and flags; values out of its range go the exact way).
     */
    @Test
    void conversionsEqualTheExactRounding() {
        for (int k = 0; k < 300_000; k++) {
            long d = rnd.nextBoolean() ? Double.doubleToRawLongBits(rnd.nextDouble() * Math.scalb(1.0, rnd.nextInt(-1100, 1100)))
                    : rnd.nextLong();
            if ((d & 0x7FF0_0000_0000_0000L) != 0 && (d & 0x7FF0_0000_0000_0000L) != 0x7FF0_0000_0000_0000L) {
                long mant = (d & 0xF_FFFF_FFFF_FFFFL) | 1L << 52;
                int e = (int) ((d >>> 52) & 0x7FF) - 1023 - 52;
                assertEquals(F80.ext(d < 0, java.math.BigInteger.valueOf(mant), e, 0), F80Convert.fromDouble(d), () -> Long.toHexString(d));
            }
            long v = rnd.nextLong() >> rnd.nextInt(64);
            if (v != 0) {
                java.math.BigInteger m = java.math.BigInteger.valueOf(v).abs();
                assertEquals(F80.ext(v < 0, m, 0, 0), F80Convert.fromLong(v), () -> Long.toString(v));
            }
            F80 a = value(F80.BIAS + rnd.nextInt(-1100, 1100));
            int rc = rnd.nextInt(4);
            for (boolean dbl : new boolean[] {true, false}) {
                F80Env env = F80Env.of(0x3F | rc << 10, false);
                long got = dbl ? F80Convert.toDouble(a, env) : F80Convert.toFloat(a, env) & 0xFFFF_FFFFL;
                long[] r = F80.round(a.sign(), a.mant(), a.scale(), dbl ? F80.DOUBLE : F80.SINGLE, rc);
                int frac = dbl ? 52 : 23, rf = (int) r[3];
                long want = r[0] << (dbl ? 63 : 31) | r[1] << frac | r[2];
                int flags = ((rf & F80.OVERFLOW) != 0 ? F80Env.OE : 0) | ((rf & F80.TINY) != 0 && (rf & F80.INEXACT) != 0 ? F80Env.UE : 0)
                        | ((rf & F80.INEXACT) != 0 ? F80Env.PE | ((rf & F80.ROUNDED_UP) != 0 ? X87.C1 : 0) : 0);
                assertEquals(want, got, () -> a + " rc " + rc);
                assertEquals(flags, env.flags, () -> "flags " + a + " rc " + rc);
            }
        }
    }
}
