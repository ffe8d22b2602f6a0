package dev.jvmx.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The byte-lane SWAR rules of {@link SseInt} (PCMPEQB, PMINUB, PMAXUB on one quadword: SDM
 * "PCMPEQB/PCMPEQW/PCMPEQD", "PMINUB/PMINUW", "PMAXUB/PMAXUW") against the rule spelled byte by
 * byte, on random quadwords and on quadwords whose bytes are near each other (equal, one apart, the
 * 0x00/0x7F/0x80/0xFF edges), where the carries and borrows between lanes would show.
 */
class SseIntBytesTest {
    private static final int[] EDGES = {0x00, 0x01, 0x7E, 0x7F, 0x80, 0x81, 0xFE, 0xFF};

    @Test
    void byteRulesMatchTheRuleByteByByte() {
        SplittableRandom r = new SplittableRandom(5);
        for (int n = 0; n < 200_000; n++) {
            long a = r.nextLong(), b = n % 2 == 0 ? r.nextLong() : near(a, r);
            assertEquals(reference(a, b, 0), SseInt.cmpeqBytes(a, b), () -> hex("pcmpeqb", a, b));
            assertEquals(reference(a, b, 0), SseInt.cmpeqWord(a, b, 8), () -> hex("cmpeqWord 8", a, b));
            assertEquals(reference(a, b, 1), SseInt.minBytes(a, b), () -> hex("pminub", a, b));
            assertEquals(reference(a, b, 2), SseInt.maxBytes(a, b), () -> hex("pmaxub", a, b));
            assertEquals(reference(a, b, 1), SseInt.minMaxUnsignedBytes(a, b, true), () -> hex("minMax min", a, b));
            assertEquals(reference(a, b, 2), SseInt.minMaxUnsignedBytes(a, b, false), () -> hex("minMax max", a, b));
        }
    }

    /** {@code a} with each byte replaced, at random, by itself, a neighbour or an edge value. */
    private static long near(long a, SplittableRandom r) {
        long b = 0;
        for (int k = 0; k < 8; k++) {
            int x = (int) (a >>> (8 * k)) & 0xFF;
            int y = switch (r.nextInt(4)) {
                case 0 -> x;
                case 1 -> (x + 1) & 0xFF;
                case 2 -> (x - 1) & 0xFF;
                default -> EDGES[r.nextInt(EDGES.length)];
            };
            b |= (long) y << (8 * k);
        }
        return b;
    }

    /** kind 0: all ones where equal; 1: the unsigned minimum; 2: the unsigned maximum; byte by byte. */
    private static long reference(long a, long b, int kind) {
        long out = 0;
        for (int k = 0; k < 8; k++) {
            int x = (int) (a >>> (8 * k)) & 0xFF, y = (int) (b >>> (8 * k)) & 0xFF;
            int z = switch (kind) {
                case 0 -> x == y ? 0xFF : 0;
                case 1 -> Math.min(x, y);
                default -> Math.max(x, y);
            };
            out |= (long) z << (8 * k);
        }
        return out;
    }

    private static String hex(String what, long a, long b) {
        return what + " " + Long.toHexString(a) + " " + Long.toHexString(b);
    }
}
