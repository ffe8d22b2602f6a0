package dev.jvmx.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * {@link Aes} against FIPS-197: the S-box entries of Figure 7, and the whole AES-128 example of
 * Appendix C.1 run the way software drives AES-NI (key expansion with AESKEYGENASSIST,
 * nine AESENC and one AESENCLAST; decryption with AESIMC'd round keys, AESDEC and AESDECLAST).
 */
class AesTest {
    /** FIPS-197 Appendix C.1. */
    private static final String KEY = "000102030405060708090a0b0c0d0e0f", PLAIN = "00112233445566778899aabbccddeeff",
            CIPHER = "69c4e0d86a7b0430d8cdb78070b4c55a";
    private static final int[] RCON = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1B, 0x36};

    @Test
    void sboxMatchesFips197Figure7() {
        assertEquals(0x63, Aes.sbox(0x00));
        assertEquals(0x7C, Aes.sbox(0x01));
        assertEquals(0xED, Aes.sbox(0x53)); // the worked example of FIPS-197 §5.1.1
        assertEquals(0x16, Aes.sbox(0xFF));
    }

    @Test
    void aes128EncryptsTheAppendixC1Block() {
        long[][] rk = expand(block(KEY));
        long[] s = xor(block(PLAIN), rk[0]);
        for (int r = 1; r < 10; r++) s = Aes.enc(s, rk[r], false);
        s = Aes.enc(s, rk[10], true);
        assertArrayEquals(block(CIPHER), s);
    }

    @Test
    void aes128DecryptsWithTheEquivalentInverseCipher() {
        long[][] rk = expand(block(KEY));
        long[] s = xor(block(CIPHER), rk[10]);
        for (int r = 9; r >= 1; r--) s = Aes.dec(s, Aes.imc(rk[r]), false);
        s = Aes.dec(s, rk[0], true);
        assertArrayEquals(block(PLAIN), s);
    }

    @Test
    void keyExpansionGivesTheLastRoundKeyOfAppendixA1() {
        // FIPS-197 Appendix A.1, key 2b7e1516 28aed2a6 abf71588 09cf4f3c: w[40..43] = d014f9a8 c9ee2589 e13f0cc8 b6630ca6
        long[][] rk = expand(block("2b7e151628aed2a6abf7158809cf4f3c"));
        assertArrayEquals(block("d014f9a8c9ee2589e13f0cc8b6630ca6"), rk[10]);
    }

    /** The AES-128 key schedule as software writes it with AESKEYGENASSIST (Intel's AES-NI white paper, §4). */
    private static long[][] expand(long[] key) {
        long[][] rk = new long[11][];
        rk[0] = key;
        for (int r = 1; r <= 10; r++) {
            long[] prev = rk[r - 1];
            long assist = Aes.keygenAssist(prev, RCON[r - 1])[1] >>> 32; // dword 3, broadcast by PSHUFD 0xFF
            int[] w = {(int) prev[0], (int) (prev[0] >>> 32), (int) prev[1], (int) (prev[1] >>> 32)};
            w[0] ^= (int) assist;
            for (int k = 1; k < 4; k++) w[k] ^= w[k - 1];
            rk[r] = new long[] {(w[0] & 0xFFFF_FFFFL) | (long) w[1] << 32, (w[2] & 0xFFFF_FFFFL) | (long) w[3] << 32};
        }
        return rk;
    }

    /** A FIPS-197 byte string as an XMM value: byte i of the text is byte i of the register. */
    private static long[] block(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        long[] v = new long[2];
        for (int i = 0; i < 16; i++) v[i >> 3] |= (b[i] & 0xFFL) << (8 * (i & 7));
        return v;
    }

    private static long[] xor(long[] a, long[] b) {
        return new long[] {a[0] ^ b[0], a[1] ^ b[1]};
    }
}
