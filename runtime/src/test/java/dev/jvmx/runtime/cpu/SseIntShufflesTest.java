package dev.jvmx.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The one-quadword byte-moving rules of {@link SseInt} that translated code calls per result
 * quadword and the interpreter shares (PUNPCKL/H B/W/D: {@code interleaveWord}; PSLLDQ/PSRLDQ:
 * {@code byteShiftWord}; PALIGNR: {@code alignrWord}; SDM Vol. 2 "PUNPCKLBW...", "PSLLDQ",
 * "PSRLDQ", "PALIGNR") against the rule spelled byte by byte on a 16- or 32-byte array, for every
 * count and immediate and random register contents.
 */
class SseIntShufflesTest {
    @Test
    void shufflesMatchTheRuleByteByByte() {
        SplittableRandom r = new SplittableRandom(7);
        for (int n = 0; n < 2000; n++) {
            long lo = r.nextLong(), hi = r.nextLong(), a0 = r.nextLong(), a1 = r.nextLong();
            for (int bits : new int[] {8, 16, 32}) {
                for (int q = 0; q < 2; q++) {
                    long expected = interleaved(lo, a0, bits, q), got = SseInt.interleaveWord(lo >>> (32 * q), a0 >>> (32 * q), bits);
                    assertEquals(expected, got, "interleave " + bits + " dword " + q);
                }
            }
            for (int count = 0; count < 256; count++) {
                byte[] src = bytes(lo, hi), left = new byte[16], right = new byte[16], aligned = new byte[16];
                for (int j = 0; j < 16; j++) {
                    left[j] = j - count >= 0 ? src[j - count] : 0; // count > 15: all zero
                    right[j] = j + count < 16 ? src[j + count] : 0;
                }
                byte[] both = concat(bytes(lo, hi), bytes(a0, a1)); // dest:source, the source low
                for (int j = 0; j < 16; j++) aligned[j] = j + count < 32 ? both[j + count] : 0;
                for (int q = 0; q < 2; q++) {
                    assertEquals(quad(left, q), SseInt.byteShiftWord(lo, hi, count, true, q), "pslldq " + count + " q" + q);
                    assertEquals(quad(right, q), SseInt.byteShiftWord(lo, hi, count, false, q), "psrldq " + count + " q" + q);
                    assertEquals(quad(aligned, q), SseInt.alignrWord(lo, hi, a0, a1, count, q), "palignr " + count + " q" + q);
                }
            }
        }
    }

    /** Quadword {@code q} of PUNPCKL of dword {@code q} of {@code a} (even lanes) with {@code b}'s (odd lanes). */
    private static long interleaved(long a, long b, int bits, int q) {
        long r = 0, m = (1L << bits) - 1;
        for (int k = 0; k < 32 / bits; k++) {
            long x = (a >>> (32 * q + k * bits)) & m, y = (b >>> (32 * q + k * bits)) & m;
            r |= x << (2 * k * bits) | y << ((2 * k + 1) * bits);
        }
        return r;
    }

    private static byte[] bytes(long lo, long hi) {
        byte[] b = new byte[16];
        for (int j = 0; j < 8; j++) {
            b[j] = (byte) (lo >>> (8 * j));
            b[j + 8] = (byte) (hi >>> (8 * j));
        }
        return b;
    }

    private static byte[] concat(byte[] low, byte[] high) {
        byte[] b = new byte[32];
        System.arraycopy(low, 0, b, 0, 16);
        System.arraycopy(high, 0, b, 16, 16);
        return b;
    }

    private static long quad(byte[] b, int q) {
        long r = 0;
        for (int j = 7; j >= 0; j--) r = r << 8 | (b[8 * q + j] & 0xFF);
        return r;
    }
}
