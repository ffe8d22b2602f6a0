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
}
