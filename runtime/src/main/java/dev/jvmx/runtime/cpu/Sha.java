package dev.jvmx.runtime.cpu;

/**
 * The SHA extensions (SDM Vol. 2B/2C "SHA1RNDS4", "SHA1NEXTE", "SHA1MSG1", "SHA1MSG2",
 * "SHA256RNDS2", "SHA256MSG1", "SHA256MSG2"; FIPS 180-4 for the round functions) on 128-bit
 * values as two little-endian quadwords {bits 63:0, bits 127:64}. Dword k (bits 32k+31:32k) is
 * {@link #dword}; the SDM's names run from the top: A = dword 3 ... D = dword 0.
 */
public final class Sha {
    private Sha() {}

    static int dword(long[] v, int k) {
        return (int) (v[k >> 1] >>> (32 * (k & 1)));
    }

    /** {dword 3, dword 2, dword 1, dword 0} as a 128-bit value. */
    static long[] of(int d3, int d2, int d1, int d0) {
        return new long[] {(d1 & 0xFFFF_FFFFL) << 32 | (d0 & 0xFFFF_FFFFL), (d3 & 0xFFFF_FFFFL) << 32 | (d2 & 0xFFFF_FFFFL)};
    }

    /** SHA1RNDS4: four SHA-1 rounds with the function and constant imm8[1:0] chooses; state A..D in src1, W0+E..W3 in src2. */
    public static long[] sha1rnds4(long[] src1, long[] src2, int imm) {
        int f = imm & 3, k = new int[] {0x5A827999, 0x6ED9EBA1, 0x8F1BBCDC, 0xCA62C1D6}[f];
        int a = dword(src1, 3), b = dword(src1, 2), c = dword(src1, 1), d = dword(src1, 0), e = 0;
        for (int i = 0; i < 4; i++) {
            int w = dword(src2, 3 - i);
            int t = sha1f(f, b, c, d) + Integer.rotateLeft(a, 5) + w + e + k; // round 0: src2's dword 3 is W0 + E
            e = d;
            d = c;
            c = Integer.rotateLeft(b, 30);
            b = a;
            a = t;
        }
        return of(a, b, c, d);
    }

    private static int sha1f(int f, int b, int c, int d) {
        return switch (f) {
            case 0 -> (b & c) ^ (~b & d);
            case 2 -> (b & c) ^ (b & d) ^ (c & d);
            default -> b ^ c ^ d;
        };
    }

    /** SHA1NEXTE: src2 with (src1's dword 3 ROL 30) added to its dword 3 (the next E). */
    public static long[] sha1nexte(long[] src1, long[] src2) {
        return of(dword(src2, 3) + Integer.rotateLeft(dword(src1, 3), 30), dword(src2, 2), dword(src2, 1), dword(src2, 0));
    }

    /** SHA1MSG1: the XOR W[i-16] ^ W[i-14] half of the next four message dwords. */
    public static long[] sha1msg1(long[] src1, long[] src2) {
        int w0 = dword(src1, 3), w1 = dword(src1, 2), w2 = dword(src1, 1), w3 = dword(src1, 0), w4 = dword(src2, 3), w5 = dword(src2, 2);
        return of(w2 ^ w0, w3 ^ w1, w4 ^ w2, w5 ^ w3);
    }

    /** SHA1MSG2: W16..W19 = (src1 ^ W13..W16) ROL 1, W13..W15 from src2. */
    public static long[] sha1msg2(long[] src1, long[] src2) {
        int w13 = dword(src2, 2), w14 = dword(src2, 1), w15 = dword(src2, 0);
        int w16 = Integer.rotateLeft(dword(src1, 3) ^ w13, 1), w17 = Integer.rotateLeft(dword(src1, 2) ^ w14, 1);
        int w18 = Integer.rotateLeft(dword(src1, 1) ^ w15, 1), w19 = Integer.rotateLeft(dword(src1, 0) ^ w16, 1);
        return of(w16, w17, w18, w19);
    }

    /** SHA256RNDS2: two SHA-256 rounds; C, D, G, H in src1, A, B, E, F in src2, WK0 and WK1 in the low dwords of {@code wk} (XMM0). */
    public static long[] sha256rnds2(long[] src1, long[] src2, long[] wk) {
        int a = dword(src2, 3), b = dword(src2, 2), c = dword(src1, 3), d = dword(src1, 2);
        int e = dword(src2, 1), f = dword(src2, 0), g = dword(src1, 1), h = dword(src1, 0);
        for (int i = 0; i < 2; i++) {
            int t1 = ((e & f) ^ (~e & g)) + (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25)) + dword(wk, i) + h;
            int t2 = ((a & b) ^ (a & c) ^ (b & c)) + (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22));
            h = g;
            g = f;
            f = e;
            e = t1 + d;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        return of(a, b, e, f);
    }

    private static int sigma0(int w) {
        return Integer.rotateRight(w, 7) ^ Integer.rotateRight(w, 18) ^ (w >>> 3);
    }

    private static int sigma1(int w) {
        return Integer.rotateRight(w, 17) ^ Integer.rotateRight(w, 19) ^ (w >>> 10);
    }

    /** SHA256MSG1: W[i-16] + σ0(W[i-15]) for the next four message dwords (W0..W3 in src1, W4 in src2's dword 0). */
    public static long[] sha256msg1(long[] src1, long[] src2) {
        int w4 = dword(src2, 0), w3 = dword(src1, 3), w2 = dword(src1, 2), w1 = dword(src1, 1), w0 = dword(src1, 0);
        return of(w3 + sigma0(w4), w2 + sigma0(w3), w1 + sigma0(w2), w0 + sigma0(w1));
    }

    /** SHA256MSG2: W16..W19 = src1 + σ1(W[i-2]), W14 and W15 in src2's dwords 2 and 3. */
    public static long[] sha256msg2(long[] src1, long[] src2) {
        int w14 = dword(src2, 2), w15 = dword(src2, 3);
        int w16 = dword(src1, 0) + sigma1(w14), w17 = dword(src1, 1) + sigma1(w15);
        int w18 = dword(src1, 2) + sigma1(w16), w19 = dword(src1, 3) + sigma1(w17);
        return of(w19, w18, w17, w16);
    }
}
