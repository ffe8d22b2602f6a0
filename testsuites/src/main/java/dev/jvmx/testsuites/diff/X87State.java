package dev.jvmx.testsuites.diff;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The x87 part of a case's state, as FXSAVE lays it out (SDM Vol. 1 §10.5.1, Table 10-2).
 *
 * @param fcw control word (precision, rounding, exception masks); 0x037F after FNINIT
 * @param fsw status word (TOP in bits 13..11, condition codes, exception flags)
 * @param ftw the abridged tag byte: bit i set when physical register i is valid
 * @param st  ST(0)..ST(7) in stack order, 10 bytes each (80-bit extended, little-endian)
 */
public record X87State(int fcw, int fsw, int ftw, byte[] st) {
    /** Bytes of one 80-bit register. */
    public static final int REG_BYTES = 10;

    /** The state after FNINIT: all registers empty. */
    public static final X87State RESET = new X87State(0x037F, 0, 0, new byte[8 * REG_BYTES]);

    public X87State {
        if (st.length != 8 * REG_BYTES) throw new IllegalArgumentException("st must be 80 bytes");
        st = st.clone();
    }

    @Override
    public byte[] st() {
        return st.clone();
    }

    /** ST(i) as 10 little-endian bytes. */
    public byte[] st(int i) {
        return Arrays.copyOfRange(st, i * REG_BYTES, (i + 1) * REG_BYTES);
    }

    /** A copy with another control word. */
    public X87State withFcw(int value) {
        return new X87State(value, fsw, ftw, st);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof X87State x && fcw == x.fcw && fsw == x.fsw && ftw == x.ftw && Arrays.equals(st, x.st);
    }

    @Override
    public int hashCode() {
        return ((fcw * 31 + fsw) * 31 + ftw) * 31 + Arrays.hashCode(st);
    }

    @Override
    public String toString() {
        return String.format("X87State[fcw=%04x fsw=%04x ftw=%02x st=%s]", fcw, fsw, ftw, HexFormat.of().formatHex(st));
    }
}
