package dev.jvmx.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/**
 * The SHA extensions hash a message the way SHA-NI code does (the instruction sequences of Intel's
 * "Intel SHA Extensions" white paper, 2013: four rounds per SHA1RNDS4, two per SHA256RNDS2, the
 * schedule from the MSG instructions), and the digests equal java.security's (FIPS 180-4).
 * The host differential tests check each instruction on random values.
 */
class ShaTest {
    private static final String[] MESSAGES = {"abc", "", "The quick brown fox jumps over the lazy dog", "a".repeat(200)};

    @Test
    void sha256ThroughTheInstructionsMatchesFips180() throws Exception {
        for (String m : MESSAGES) assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(bytes(m)), sha256(bytes(m)), m);
    }

    @Test
    void sha1ThroughTheInstructionsMatchesFips180() throws Exception {
        for (String m : MESSAGES) assertArrayEquals(MessageDigest.getInstance("SHA-1").digest(bytes(m)), sha1(bytes(m)), m);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** FIPS 180-4 §5.1.1 padding: 0x80, zeros, the bit length as a big-endian 64-bit number. */
    private static int[] words(byte[] m) {
        int blocks = (m.length + 8) / 64 + 1;
        ByteBuffer b = ByteBuffer.allocate(blocks * 64).put(m).put((byte) 0x80);
        b.putLong(blocks * 64 - 8, 8L * m.length);
        int[] w = new int[blocks * 16];
        b.rewind().asIntBuffer().get(w);
        return w;
    }

    private static long[] add(long[] a, long[] b) {
        return Sha.of(Sha.dword(a, 3) + Sha.dword(b, 3), Sha.dword(a, 2) + Sha.dword(b, 2), Sha.dword(a, 1) + Sha.dword(b, 1), Sha.dword(a, 0) + Sha.dword(b, 0));
    }

    private static final int[] K256 = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
        0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
        0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
        0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

    /** STATE0 = ABEF, STATE1 = CDGH; W[4k..4k+3] in dwords 0..3 of the k-th message group. */
    private static byte[] sha256(byte[] m) {
        int[] w = words(m);
        long[] s0 = Sha.of(0x6a09e667, 0xbb67ae85, 0x510e527f, 0x9b05688c), s1 = Sha.of(0x3c6ef372, 0xa54ff53a, 0x1f83d9ab, 0x5be0cd19);
        for (int blk = 0; blk < w.length; blk += 16) {
            long[] save0 = s0, save1 = s1;
            long[][] x = new long[16][];
            for (int g = 0; g < 16; g++) {
                if (g < 4) {
                    x[g] = Sha.of(w[blk + 4 * g + 3], w[blk + 4 * g + 2], w[blk + 4 * g + 1], w[blk + 4 * g]);
                } else {
                    long[] w9to12 = Sha.of(Sha.dword(x[g - 1], 0), Sha.dword(x[g - 2], 3), Sha.dword(x[g - 2], 2), Sha.dword(x[g - 2], 1)); // PALIGNR 4
                    x[g] = Sha.sha256msg2(add(Sha.sha256msg1(x[g - 4], x[g - 3]), w9to12), x[g - 1]);
                }
                long[] wk = add(x[g], Sha.of(K256[4 * g + 3], K256[4 * g + 2], K256[4 * g + 1], K256[4 * g]));
                s1 = Sha.sha256rnds2(s1, s0, wk);
                s0 = Sha.sha256rnds2(s0, s1, new long[] {wk[1], 0}); // PSHUFD 0x0E: the next two
            }
            s0 = add(s0, save0);
            s1 = add(s1, save1);
        }
        ByteBuffer out = ByteBuffer.allocate(32);
        for (int v : new int[] {Sha.dword(s0, 3), Sha.dword(s0, 2), Sha.dword(s1, 3), Sha.dword(s1, 2), Sha.dword(s0, 1), Sha.dword(s0, 0), Sha.dword(s1, 1), Sha.dword(s1, 0)}) out.putInt(v);
        return out.array();
    }

    /** ABCD with A in dword 3, E in dword 3 of its own register; W[4k] in dword 3 of the k-th group. */
    private static byte[] sha1(byte[] m) {
        int[] w = words(m);
        long[] abcd = Sha.of(0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476), e0 = Sha.of(0xC3D2E1F0, 0, 0, 0);
        for (int blk = 0; blk < w.length; blk += 16) {
            long[] saveAbcd = abcd, saveE = e0, previous = null;
            long[][] x = new long[20][];
            for (int g = 0; g < 20; g++) {
                x[g] = g < 4 ? Sha.of(w[blk + 4 * g], w[blk + 4 * g + 1], w[blk + 4 * g + 2], w[blk + 4 * g + 3])
                        : Sha.sha1msg2(xor(Sha.sha1msg1(x[g - 4], x[g - 3]), x[g - 2]), x[g - 1]);
                long[] e = g == 0 ? add(e0, x[0]) : Sha.sha1nexte(previous, x[g]);
                previous = abcd;
                abcd = Sha.sha1rnds4(abcd, e, g / 5);
            }
            e0 = Sha.sha1nexte(previous, saveE);
            abcd = add(abcd, saveAbcd);
        }
        ByteBuffer out = ByteBuffer.allocate(20);
        for (int k = 3; k >= 0; k--) out.putInt(Sha.dword(abcd, k));
        return out.putInt(Sha.dword(e0, 3)).array();
    }

    private static long[] xor(long[] a, long[] b) {
        return new long[] {a[0] ^ b[0], a[1] ^ b[1]};
    }
}
