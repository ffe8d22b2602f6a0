package dev.jvmx.testsuites.singlestep;

import java.util.Arrays;

/**
 * Values of some or all of the 14 registers of {@link Reg16}; {@link #present()} says which.
 * An initial state has all of them; a final state only those the instruction changed.
 */
public final class Registers16 {
    private final int[] values = new int[Reg16.values().length];
    private int present;

    public Registers16 set(Reg16 r, int value) {
        values[r.ordinal()] = value & 0xFFFF;
        present |= r.bit();
        return this;
    }

    public boolean has(Reg16 r) {
        return (present & r.bit()) != 0;
    }

    /** The value of {@code r} (0 if absent). */
    public int get(Reg16 r) {
        return values[r.ordinal()];
    }

    /** Bitmask of the registers present (MOO REGS order). */
    public int present() {
        return present;
    }

    public boolean complete() {
        return present == (1 << values.length) - 1;
    }

    public Registers16 copy() {
        Registers16 c = new Registers16();
        System.arraycopy(values, 0, c.values, 0, values.length);
        c.present = present;
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Registers16 r && r.present == present && Arrays.equals(r.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values) * 31 + present;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (Reg16 r : Reg16.values()) {
            if (has(r)) sb.append(sb.length() > 1 ? " " : "").append(r.jsonName()).append('=').append(String.format("%04x", get(r)));
        }
        return sb.append('}').toString();
    }
}
