package dev.jvmx.testsuites.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares an expected outcome (normally the host CPU's) with an actual one (a jvmx tier's).
 * RFLAGS are compared on {@link Rflags#COMPARED} minus the case's undefined flags; x87 stack
 * registers only where the tag word marks them valid (empty registers are not architecturally
 * visible except through FXSAVE, which the comparison does not model); a #PF also compares the
 * fault address and the P/W/U error-code bits. The YMM upper halves are compared like XMM (both
 * sides report zeros there when the host harness has no AVX state).
 */
public final class StateDiff {

    /** One mismatch: where, and the two renderings. */
    public record Difference(String where, String expected, String actual) {}

    private final List<Difference> differences;
    /** What the x87 tolerance of an approximate case accepted: {largest ulp distance of an ST(i), 1 if C1 differed}. */
    private final long[] tolerated;

    private StateDiff(List<Difference> differences, long[] tolerated) {
        this.differences = List.copyOf(differences);
        this.tolerated = tolerated;
    }

    /** In an approximate case: the largest distance, in ulps, of an x87 register the tolerance accepted (0: all identical). */
    public long x87Ulps() { return tolerated[0]; }

    /** In an approximate case: C1 differed and was not compared. */
    public boolean c1Tolerated() { return tolerated[1] != 0; }

    /**
     * The relative tolerance of single-precision lanes in {@linkplain TestCase#approximate approximate}
     * cases: RCPPS/RSQRTPS promise a relative error of at most 1.5 * 2^-12 each (SDM Vol. 2B), so two
     * conforming results differ by at most 3 * 2^-12 of the exact value; 2^-10 leaves room for rounding.
     */
    public static final double APPROXIMATION = 0x1p-10;

    /**
     * The tolerance of x87 stack registers in approximate cases (the transcendentals F2XM1, FYL2X,
     * FYL2XP1, FPTAN, FPATAN, FSIN, FCOS, FSINCOS), in units in the last place of the 64-bit
     * significand: the SDM bounds the host's error below 1 ulp (Vol. 1 §8.3.10), jvmx rounds
     * correctly (error at most 1/2 ulp), so two conforming results are at most 1 ulp apart. The
     * status word must then be equal except C1, which reports the direction of each side's own
     * rounding (docs/DIFFERENTIAL.md, "x87 transcendentals").
     */
    public static final int X87_ULPS = 1;

    public static StateDiff compare(Outcome expected, Outcome actual, long undefinedFlags) {
        return compare(expected, actual, undefinedFlags, false);
    }

    /** As {@link #compare(Outcome, Outcome, long, boolean)} with the case's flags, and for an XSAVE case {@link #xsaveFreedom}. */
    public static StateDiff compare(TestCase c, Outcome expected, Outcome actual) {
        if (c.xsave() != null && expected instanceof Outcome.Completed e && actual instanceof Outcome.Completed a) {
            actual = new Outcome.Completed(a.rip(), a.state().toBuilder().data(0, xsaveFreedom(c.xsave(), e.state(), a.state())).build());
        }
        return compare(expected, actual, c.undefinedFlags(), c.approximate());
    }

    /**
     * {@code actual}'s data page with the XSAVE-area fields the SDM leaves to the implementation
     * taken from {@code expected} (docs/DIFFERENTIAL.md, "XSAVE family"): XSTATE_BV[i] of a
     * requested component i that is in its initial configuration (SDM Vol. 1 §13.6: XINUSE[i] may
     * be 1 then; after a context switch the kernel's XSAVES/XRSTORS leave the host's XINUSE[i] 0 for
     * an initial component, and 1 for SSE with zero XMM registers but MXCSR != 1F80H, Vol. 2 "XSAVES"),
     * and for XSAVEOPT the bytes of a component whose XSTATE_BV[i] is 0 on either
     * side (§13.9, init optimisation: such a component may be left unwritten). Everything else in
     * the area is compared as it is.
     */
    static byte[] xsaveFreedom(TestCase.XsaveArea x, MachineState expected, MachineState actual) {
        byte[] e = expected.data(), a = actual.data();
        int at = (int) (x.address() - HostLayout.DATA_BASE), header = at + 512;
        if (at < 0 || header + 8 > a.length) return a;
        long eBv = java.nio.ByteBuffer.wrap(e, header, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        long aBv = java.nio.ByteBuffer.wrap(a, header, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        long initial = (x87Initial(expected.x87()) ? 1 : 0) | (xmmZero(expected, false) ? 2 : 0) | (xmmZero(expected, true) ? 4 : 0);
        long free = (eBv ^ aBv) & x.rfbm() & initial;
        aBv ^= free;
        for (int k = 0; k < 8; k++) a[header + k] = (byte) (aBv >>> (8 * k));
        if (x.optimised()) {
            long unwritten = x.rfbm() & ~(eBv & aBv);
            int[][] spans = {{0, 24, 32, 160}, {160, 416}, {576, 832}};
            for (int i = 0; i < 3; i++) {
                if ((unwritten >> i & 1) == 0) continue;
                for (int k = 0; k < spans[i].length; k += 2) {
                    int from = at + spans[i][k], to = Math.min(at + spans[i][k + 1], a.length);
                    if (from < to) System.arraycopy(e, from, a, from, to - from);
                }
            }
        }
        return a;
    }

    /** The x87 initial configuration (SDM Vol. 1 §13.6): FCW 037FH, FSW 0, all tags empty, R0..R7 zero. */
    private static boolean x87Initial(X87State x) {
        for (byte b : x.st()) if (b != 0) return false;
        return x.fcw() == 0x037F && x.fsw() == 0 && x.ftw() == 0;
    }

    /** XMM0..15 all zero ({@code upper}: bits 255:128 of YMM0..15 instead). */
    private static boolean xmmZero(MachineState s, boolean upper) {
        long or = 0;
        for (int i = 0; i < 16; i++) or |= upper ? s.ymmUpper(i, 0) | s.ymmUpper(i, 1) : s.xmmLow(i) | s.xmmHigh(i);
        return or == 0;
    }

    /** As {@link #compare(Outcome, Outcome, long)}; {@code approximate}: XMM lanes within {@link #APPROXIMATION}. */
    public static StateDiff compare(Outcome expected, Outcome actual, long undefinedFlags, boolean approximate) {
        List<Difference> d = new ArrayList<>();
        long[] tolerated = new long[2];
        switch (expected) {
            case Outcome.Completed e when actual instanceof Outcome.Completed a -> {
                add(d, "rip", e.rip(), a.rip());
                compareStates(d, e.state(), a.state(), undefinedFlags, approximate, tolerated);
            }
            case Outcome.Faulted e when actual instanceof Outcome.Faulted a -> {
                if (e.vector() != a.vector() && !nonCanonical(e.vector(), a.vector())) d.add(new Difference("vector", "#" + e.vector(), "#" + a.vector()));
                add(d, "rip", e.rip(), a.rip());
                if (e.vector() == Vector.PF && a.vector() == Vector.PF) {
                    add(d, "fault address", e.address(), a.address());
                    long bits = modelledPresence(e.address()) ? 7 : 6;
                    add(d, "#PF error code P/W/U", e.errorCode() & bits, a.errorCode() & bits);
                }
                compareStates(d, e.state(), a.state(), undefinedFlags, approximate, tolerated);
            }
            case Outcome.TimedOut e when actual instanceof Outcome.TimedOut -> { }
            default -> d.add(new Difference("outcome", summary(expected), summary(actual)));
        }
        return new StateDiff(d, tolerated);
    }

    public boolean matches() {
        return differences.isEmpty();
    }

    public List<Difference> differences() {
        return differences;
    }

    /** A readable report: the case, its bytes and disassembly, then one line per difference. */
    public String render(TestCase c, Disassembler disassembler) {
        StringBuilder sb = new StringBuilder();
        sb.append("case ").append(c.text()).append('\n');
        sb.append("  bytes ").append(Disassembler.hex(c.code())).append('\n');
        for (String line : disassembler.disassemble(c.code(), HostLayout.CODE_BASE)) sb.append("    ").append(line).append('\n');
        if (c.undefinedFlags() != 0) sb.append("  undefined flags ignored: ").append(Rflags.describe(c.undefinedFlags())).append('\n');
        if (matches()) return sb.append("  states match\n").toString();
        sb.append(String.format("  %-22s %-40s %s%n", "where", "expected", "actual"));
        for (Difference x : differences) sb.append(String.format("  %-22s %-40s %s%n", x.where(), x.expected(), x.actual()));
        return sb.toString();
    }

    @Override
    public String toString() {
        return differences.toString();
    }

    private static void compareStates(List<Difference> d, MachineState e, MachineState a, long undefinedFlags, boolean approximate,
                                      long[] tolerated) {
        for (Gpr r : Gpr.values()) add(d, r.intelName(), e.gpr(r), a.gpr(r));
        long mask = Rflags.COMPARED & ~undefinedFlags;
        if ((e.rflags() & mask) != (a.rflags() & mask)) {
            d.add(new Difference("rflags", flags(e.rflags() & mask), flags(a.rflags() & mask)));
        }
        if (e.mxcsr() != a.mxcsr()) d.add(new Difference("mxcsr", hex32(e.mxcsr()), hex32(a.mxcsr())));
        for (int i = 0; i < 16; i++) {
            if (e.xmmLow(i) != a.xmmLow(i) || e.xmmHigh(i) != a.xmmHigh(i)) {
                if (approximate && close(e.xmmLow(i), a.xmmLow(i)) && close(e.xmmHigh(i), a.xmmHigh(i))) continue;
                d.add(new Difference("xmm" + i, xmm(e, i), xmm(a, i)));
            }
            if (e.ymmUpper(i, 0) != a.ymmUpper(i, 0) || e.ymmUpper(i, 1) != a.ymmUpper(i, 1)) {
                // VEX.256 VRCPPS/VRSQRTPS: the upper lane is an approximation too
                if (approximate && close(e.ymmUpper(i, 0), a.ymmUpper(i, 0)) && close(e.ymmUpper(i, 1), a.ymmUpper(i, 1))) continue;
                d.add(new Difference("ymm" + i + "[255:128]", ymmUpper(e, i), ymmUpper(a, i)));
            }
        }
        compareX87(d, e.x87(), a.x87(), approximate, tolerated);
        compareData(d, e.data(), a.data());
    }

    private static void compareX87(List<Difference> d, X87State e, X87State a, boolean approximate, long[] tolerated) {
        if (e.fcw() != a.fcw()) d.add(new Difference("fcw", hex16(e.fcw()), hex16(a.fcw())));
        int fswMask = approximate ? ~C1 : ~0;
        if (((e.fsw() ^ a.fsw()) & fswMask) != 0) d.add(new Difference("fsw", hex16(e.fsw()), hex16(a.fsw())));
        else if (e.fsw() != a.fsw()) tolerated[1] = 1;
        if (e.ftw() != a.ftw()) d.add(new Difference("ftw (abridged)", hex16(e.ftw()), hex16(a.ftw())));
        int top = (e.fsw() >> 11) & 7;
        for (int i = 0; i < 8; i++) {
            boolean valid = (e.ftw() & (1 << ((top + i) & 7))) != 0;
            if (!valid || java.util.Arrays.equals(e.st(i), a.st(i))) continue;
            long ulps = approximate ? ulpsApart(e.st(i), a.st(i)) : Long.MAX_VALUE;
            if (ulps <= X87_ULPS) {
                tolerated[0] = Math.max(tolerated[0], ulps);
            } else {
                d.add(new Difference("st(" + i + ")", Disassembler.hex(e.st(i)), Disassembler.hex(a.st(i))));
            }
        }
    }

    private static void compareData(List<Difference> d, byte[] e, byte[] a) {
        for (int i = 0; i < e.length; ) {
            if (e[i] == a[i]) { i++; continue; }
            int j = i;
            while (j < e.length && e[j] != a[j] && j - i < 16) j++;
            String where = String.format("data[%#x..%#x]", i, j - 1);
            d.add(new Difference(where, Disassembler.hex(java.util.Arrays.copyOfRange(e, i, j)),
                    Disassembler.hex(java.util.Arrays.copyOfRange(a, i, j))));
            i = j;
        }
    }

    private static void add(List<Difference> d, String where, long e, long a) {
        if (e != a) d.add(new Difference(where, String.format("%#018x", e), String.format("%#018x", a)));
    }

    private static String flags(long v) {
        return String.format("%s (%#x)", Rflags.describe(v), v);
    }

    private static String xmm(MachineState s, int i) {
        return String.format("%016x_%016x", s.xmmHigh(i), s.xmmLow(i));
    }

    private static String ymmUpper(MachineState s, int i) {
        return String.format("%016x_%016x", s.ymmUpper(i, 1), s.ymmUpper(i, 0));
    }

    private static String hex16(int v) {
        return String.format("%#06x", v);
    }

    private static String hex32(int v) {
        return String.format("%#010x", v);
    }

    private static String summary(Outcome o) {
        return switch (o) {
            case Outcome.Completed c -> String.format("completed at %#x", c.rip());
            case Outcome.Faulted f -> String.format("#%s at %#x (signal %d, address %#x)", f.vector(), f.rip(), f.signal(), f.address());
            case Outcome.TimedOut t -> String.format("timed out at %#x", t.rip());
            case Outcome.Crashed c -> "crashed: " + c.reason();
        };
    }

    /**
     * A non-canonical address raises #SS(0) for an SS-based reference (RSP, RBP) and #GP(0)
     * otherwise (SDM Vol. 1 §3.3.7.1). jvmx's stack instructions raise #SS, but its memory, which
     * sees only linear addresses, reports every other non-canonical access as #GP(0): the two are
     * compared as one (documented in docs/DIFFERENTIAL.md).
     */
    private static boolean nonCanonical(Vector expected, Vector actual) {
        return expected == Vector.SS && actual == Vector.GP;
    }

    /** C1, bit 9 of the x87 status word: "rounded up" after an inexact result. */
    private static final int C1 = 1 << 9;

    /**
     * How many representable values apart two 80-bit values (10 bytes, little-endian) are: both
     * finite and of one sign, counted across binades (1.0 and the largest value below it are 1
     * apart); {@link Long#MAX_VALUE} for different signs, NaNs or infinities, or beyond that range.
     */
    static long ulpsApart(byte[] e, byte[] a) {
        int se = (e[9] & 0xFF) << 8 | (e[8] & 0xFF), sa = (a[9] & 0xFF) << 8 | (a[8] & 0xFF);
        if ((se ^ sa) >> 15 != 0 || (se & 0x7FFF) == 0x7FFF || (sa & 0x7FFF) == 0x7FFF) return Long.MAX_VALUE;
        java.math.BigInteger apart = ordinal(e, se).subtract(ordinal(a, sa)).abs();
        return apart.bitLength() < 63 ? apart.longValue() : Long.MAX_VALUE;
    }

    /**
     * The position of a finite 80-bit value's magnitude among the representable ones:
     * max(exponent - 1, 0) * 2^63 + significand (integer bit included), so neighbours differ by 1,
     * also across a binade and from the largest denormal to the smallest normal.
     */
    private static java.math.BigInteger ordinal(byte[] v, int se) {
        long sig = 0;
        for (int i = 7; i >= 0; i--) sig = sig << 8 | (v[i] & 0xFF);
        return java.math.BigInteger.valueOf(Math.max((se & 0x7FFF) - 1, 0)).shiftLeft(63)
                .add(new java.math.BigInteger(Long.toUnsignedString(sig)));
    }

    /** Both single-precision lanes of {@code e} and {@code a} equal, or within {@link #APPROXIMATION}. */
    private static boolean close(long e, long a) {
        return closeLane((int) e, (int) a) && closeLane((int) (e >>> 32), (int) (a >>> 32));
    }

    /**
     * Equal bits; or two finite values of one sign within {@link #APPROXIMATION} of each other;
     * or both at most 2^-125 in magnitude (the SDM leaves open whether RCP of an input just below
     * 2^126 gives a tiny result, flushed to zero, or the smallest normals).
     */
    private static boolean closeLane(int e, int a) {
        if (e == a) return true;
        float x = Float.intBitsToFloat(e), y = Float.intBitsToFloat(a);
        if (!Float.isFinite(x) || !Float.isFinite(y) || (e ^ a) < 0) return false;
        if (Math.abs(x) <= 0x1p-125f && Math.abs(y) <= 0x1p-125f) return true;
        return Math.abs((double) x - y) <= APPROXIMATION * Math.max(Math.abs(x), Math.abs(y));
    }

    /**
     * Whether the #PF P bit at {@code address} is modelled: the sandbox's pages and the pages next
     * to them, and the kernel half. Elsewhere in the user half the host's sandbox process still
     * has the harness's own image, stack and vDSO mapped (P set on a protection fault), which
     * jvmx's two-page sandbox does not reproduce: there only W and U are compared.
     */
    static boolean modelledPresence(long address) {
        long page = address & ~0xFFFL;
        return address < 0 || Math.abs(page - HostLayout.DATA_BASE) <= 0x1000 || Math.abs(page - HostLayout.CODE_BASE) <= 0x1000;
    }
}
