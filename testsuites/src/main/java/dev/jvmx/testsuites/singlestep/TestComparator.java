package dev.jvmx.testsuites.singlestep;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares the CPU's state after a test with the chip's. A register absent from the final state
 * must still hold its initial value. FLAGS (and, when the test raised an exception, the FLAGS word
 * it pushed at {@code flag_address}) are compared under the opcode's {@code flags-mask} and the
 * chip's mask ({@link CpuKind#flagsMask()}); a MOO RMSK mask applies to its register.
 */
public final class TestComparator {
    private TestComparator() {
    }

    /** The differences (empty if the test passed). */
    public static List<String> compare(SingleStepTest t, CpuKind kind, int opcodeFlagsMask, TestCpu cpu) {
        List<String> diffs = new ArrayList<>();
        int flagsMask = opcodeFlagsMask & kind.flagsMask();
        Registers16 actual = cpu.registers();
        Registers16 fin = t.expected().regs(), init = t.initial().regs();
        int[] regMask = t.expected().regMask();
        for (Reg16 r : Reg16.values()) {
            int mask = r == Reg16.FLAGS ? flagsMask : 0xFFFF;
            if (regMask != null) mask &= regMask[r.ordinal()];
            int want = (fin.has(r) ? fin.get(r) : init.get(r)) & mask;
            int got = actual.get(r) & mask;
            if (want != got) diffs.add(String.format("%s: expected 0x%04x, got 0x%04x", r.jsonName(), want, got));
        }
        int[] addrs = t.expected().addresses(), values = t.expected().values();
        for (int i = 0; i < addrs.length; i++) {
            int a = addrs[i] & kind.addressMask();
            int mask = byteMask(t, a, flagsMask, kind);
            int want = values[i] & mask, got = cpu.readMemory(a) & mask;
            if (want != got) diffs.add(String.format("[0x%06x]: expected 0x%02x, got 0x%02x", a, want, got));
        }
        return diffs;
    }

    /** Which bits of the byte at {@code a} count: the pushed FLAGS word is masked like FLAGS. */
    private static int byteMask(SingleStepTest t, int a, int flagsMask, CpuKind kind) {
        if (t.exception() == null || t.exception().flagAddress() < 0) return 0xFF;
        int f = t.exception().flagAddress() & kind.addressMask();
        if (a == f) return flagsMask & 0xFF;
        if (a == ((f + 1) & kind.addressMask())) return flagsMask >>> 8;
        return 0xFF;
    }
}
