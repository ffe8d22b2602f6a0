package dev.jvmx.runtime.cpu;

/**
 * AES-NI round primitives (SDM Vol. 2A §5.x "AESENC", "AESENCLAST", "AESDEC", "AESDECLAST",
 * "AESIMC", "AESKEYGENASSIST"; FIPS-197 §5). A 128-bit value is {@code long[]{lo, hi}}; byte i of
 * the register is FIPS-197 input byte i, so the state is column-major: byte {@code r + 4c} is
 * row r of column c.
 *
 * <pre>
 *   AESENC     : ShiftRows, SubBytes, MixColumns,       XOR round key
 *   AESENCLAST : ShiftRows, SubBytes,                   XOR round key
 *   AESDEC     : InvShiftRows, InvSubBytes, InvMixColumns, XOR round key
 *   AESDECLAST : InvShiftRows, InvSubBytes,             XOR round key
 * </pre>
 *
 * The S-box is computed at class initialisation from its definition (multiplicative inverse in
 * GF(2^8) modulo x^8+x^4+x^3+x+1, then the affine map of FIPS-197 §5.1.1).
 */
public final class Aes {
    private Aes() {}

    private static final int[] SBOX = new int[256], INV_SBOX = new int[256];

    static {
        for (int x = 0; x < 256; x++) {
            int inv = 0;
            for (int y = 1; y < 256 && x != 0; y++) {
                if (gmul(x, y) == 1) { inv = y; break; }
            }
            int b = inv, s = inv;
            for (int k = 1; k <= 4; k++) s ^= ((b << k) | (b >>> (8 - k))) & 0xFF;
            s ^= 0x63;
            SBOX[x] = s;
            INV_SBOX[s] = x;
        }
    }

    /** Multiplication in GF(2^8) modulo the AES polynomial 0x11B. */
    static int gmul(int a, int b) {
        int p = 0;
        for (int i = 0; i < 8; i++) {
            if ((b & 1) != 0) p ^= a;
            boolean hi = (a & 0x80) != 0;
            a = (a << 1) & 0xFF;
            if (hi) a ^= 0x1B;
            b >>= 1;
        }
        return p;
    }

    public static int sbox(int x) { return SBOX[x & 0xFF]; }

    public static long[] enc(long[] state, long[] key, boolean last) {
        int[] b = subBytes(shiftRows(bytes(state), false), SBOX);
        if (!last) b = mixColumns(b, false);
        return xor(b, key);
    }

    public static long[] dec(long[] state, long[] key, boolean last) {
        int[] b = subBytes(shiftRows(bytes(state), true), INV_SBOX);
        if (!last) b = mixColumns(b, true);
        return xor(b, key);
    }

    /** AESIMC: InvMixColumns of a round key (for the equivalent inverse cipher). */
    public static long[] imc(long[] v) {
        return pack(mixColumns(bytes(v), true));
    }

    /**
     * AESKEYGENASSIST: from X1 = bits 63:32 and X3 = bits 127:96 of the source,
     * {@code [SubWord(X1), RotWord(SubWord(X1)) ^ rcon, SubWord(X3), RotWord(SubWord(X3)) ^ rcon]}
     * where RotWord rotates right by 8 bits (SDM "AESKEYGENASSIST").
     */
    public static long[] keygenAssist(long[] v, int rcon) {
        int x1 = subWord((int) (v[0] >>> 32)), x3 = subWord((int) (v[1] >>> 32));
        long lo = (x1 & 0xFFFF_FFFFL) | ((long) (Integer.rotateRight(x1, 8) ^ rcon) << 32);
        long hi = (x3 & 0xFFFF_FFFFL) | ((long) (Integer.rotateRight(x3, 8) ^ rcon) << 32);
        return new long[] {lo, hi};
    }

    private static int subWord(int w) {
        int r = 0;
        for (int i = 0; i < 4; i++) r |= SBOX[(w >>> (8 * i)) & 0xFF] << (8 * i);
        return r;
    }

    /** Row r rotates left by r columns (right for the inverse). */
    private static int[] shiftRows(int[] b, boolean inverse) {
        int[] o = new int[16];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                int from = r + 4 * ((inverse ? c - r + 4 : c + r) & 3);
                o[r + 4 * c] = b[from];
            }
        }
        return o;
    }

    private static int[] subBytes(int[] b, int[] box) {
        for (int i = 0; i < 16; i++) b[i] = box[b[i]];
        return b;
    }

    /** MixColumns (matrix 2 3 1 1) or InvMixColumns (0E 0B 0D 09), column by column (FIPS-197 §5.1.3, §5.3.3). */
    private static int[] mixColumns(int[] b, boolean inverse) {
        int[] m = inverse ? new int[] {0x0E, 0x0B, 0x0D, 0x09} : new int[] {2, 3, 1, 1};
        int[] o = new int[16];
        for (int c = 0; c < 4; c++) {
            for (int r = 0; r < 4; r++) {
                int v = 0;
                for (int k = 0; k < 4; k++) v ^= gmul(m[(k - r + 4) & 3], b[4 * c + k]);
                o[4 * c + r] = v;
            }
        }
        return o;
    }

    private static int[] bytes(long[] v) {
        int[] b = new int[16];
        for (int i = 0; i < 16; i++) b[i] = (int) (v[i >> 3] >>> (8 * (i & 7))) & 0xFF;
        return b;
    }

    private static long[] pack(int[] b) {
        long[] v = new long[2];
        for (int i = 0; i < 16; i++) v[i >> 3] |= (long) b[i] << (8 * (i & 7));
        return v;
    }

    private static long[] xor(int[] b, long[] key) {
        long[] v = pack(b);
        v[0] ^= key[0];
        v[1] ^= key[1];
        return v;
    }
}
