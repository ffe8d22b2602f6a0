package dev.jvmx.testsuites.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StateDiffTest {
    static final MachineState BASE = MachineState.reset().withGpr(Gpr.RAX, 5).withRflags(Rflags.FIXED_ONE | Rflags.ZF);

    static Outcome done(MachineState s) {
        return new Outcome.Completed(HostLayout.CODE_BASE + 3, s);
    }

    /** RCPPS-style cases: single lanes within 2^-10 relative count as equal, special values must be identical. */
    @Test
    void approximateCasesCompareSingleLanesToTheTolerance() {
        long one = Float.floatToRawIntBits(1.0f), near = Float.floatToRawIntBits(1.0004f), far = Float.floatToRawIntBits(1.01f);
        long inf = Float.floatToRawIntBits(Float.POSITIVE_INFINITY), max = Float.floatToRawIntBits(Float.MAX_VALUE);
        MachineState e = BASE.withXmm(3, one << 32 | one, inf);
        assertTrue(StateDiff.compare(done(e), done(BASE.withXmm(3, near << 32 | one, inf)), 0, true).matches());
        assertFalse(StateDiff.compare(done(e), done(BASE.withXmm(3, near << 32 | one, inf)), 0, false).matches());
        assertFalse(StateDiff.compare(done(e), done(BASE.withXmm(3, far << 32 | one, inf)), 0, true).matches());
        assertFalse(StateDiff.compare(done(e), done(BASE.withXmm(3, one << 32 | one, max)), 0, true).matches());
        assertFalse(StateDiff.compare(done(e), done(BASE.withXmm(3, (one | 1L << 31) << 32 | one, inf)), 0, true).matches());
        // VEX.256 VRCPPS/VRSQRTPS: the upper lane (bits 255:128) gets the same tolerance
        MachineState y = BASE.withYmmHigh(3, one << 32 | one, inf);
        assertTrue(StateDiff.compare(done(y), done(BASE.withYmmHigh(3, near << 32 | one, inf)), 0, true).matches());
        assertFalse(StateDiff.compare(done(y), done(BASE.withYmmHigh(3, near << 32 | one, inf)), 0, false).matches());
        assertFalse(StateDiff.compare(done(y), done(BASE.withYmmHigh(3, far << 32 | one, inf)), 0, true).matches());
    }

    /** An x87 state with ST0 valid (TOP 7, abridged tag bit 7) holding sign/exponent {@code se} and significand {@code sig}. */
    static MachineState st0(int se, long sig, int fsw) {
        byte[] st = new byte[80];
        for (int i = 0; i < 8; i++) st[i] = (byte) (sig >>> (8 * i));
        st[8] = (byte) se;
        st[9] = (byte) (se >>> 8);
        return BASE.withX87(new X87State(0x037F, 7 << 11 | fsw, 0x80, st));
    }

    /** FSIN-style cases: ST(i) within 1 ulp (across a binade too), C1 not compared, every other status bit is. */
    @Test
    void approximateX87CasesCompareStackRegistersToOneUlpAndIgnoreC1() {
        MachineState e = st0(0x3FFF, 0x8000_0000_0000_0000L, 0x20);
        StateDiff below = StateDiff.compare(done(e), done(st0(0x3FFE, 0xFFFF_FFFF_FFFF_FFFFL, 0x220)), 0, true);
        assertTrue(below.matches(), below.toString());                                      // 1.0 and its lower neighbour, C1
        assertEquals(1, below.x87Ulps());
        assertTrue(below.c1Tolerated());
        assertFalse(StateDiff.compare(done(e), done(st0(0x3FFE, 0xFFFF_FFFF_FFFF_FFFEL, 0x20)), 0, true).matches()); // 2 ulp
        assertFalse(StateDiff.compare(done(e), done(st0(0x3FFF, 0x8000_0000_0000_0001L, 0x20)), 0, false).matches()); // exact case
        assertFalse(StateDiff.compare(done(e), done(st0(0x3FFF, 0x8000_0000_0000_0000L, 0x220)), 0, false).matches());
        assertFalse(StateDiff.compare(done(e), done(st0(0x3FFF, 0x8000_0000_0000_0000L, 0x30)), 0, true).matches()); // UE is compared
        assertFalse(StateDiff.compare(done(e), done(st0(0xBFFF, 0x8000_0000_0000_0000L, 0x20)), 0, true).matches()); // sign
        // the largest denormal and the smallest normal are neighbours; infinities and NaNs must be identical
        assertTrue(StateDiff.compare(done(st0(1, 1L << 63, 0)), done(st0(0, Long.MAX_VALUE, 0)), 0, true).matches());
        assertFalse(StateDiff.compare(done(st0(0x7FFF, 1L << 63, 0)), done(st0(0x7FFE, -1L, 0)), 0, true).matches());
    }

    /**
     * XSAVE areas: XSTATE_BV[i] may differ only for a component in its initial configuration, and
     * XSAVEOPT may leave a component unwritten whose XSTATE_BV bit is 0; every other byte counts.
     */
    @Test
    void xsaveCasesLeaveOutOnlyWhatTheSdmLeavesOpen() {
        int at = 0x400;
        MachineState avxInit = BASE.withXmm(1, 5, 0);                      // x87 and AVX initial, SSE in use
        byte[] host = avxInit.data(), jvmx = avxInit.data();
        host[at + 512] = 3;                                                  // host: AVX not in use
        jvmx[at + 512] = 7;                                                  // jvmx: AVX in use
        for (int k = 576; k < 832; k++) jvmx[at + k] = 0;
        host[at + 600] = 0x55;                                               // XSAVEOPT left the old AVX bytes
        TestCase.XsaveArea opt = new TestCase.XsaveArea(HostLayout.DATA_BASE + at, 7, true), plain = new TestCase.XsaveArea(HostLayout.DATA_BASE + at, 7, false);
        TestCase c = new TestCase(new byte[] {0x0F, (byte) 0xAE, 0x30}, avxInit, 0, "xsaveopt", false, opt);
        MachineState e = state(avxInit, host), a = state(avxInit, jvmx);
        assertTrue(StateDiff.compare(c, done(e), done(a)).matches());
        TestCase p = new TestCase(c.code(), avxInit, 0, "xsave", false, plain);
        assertEquals(List.of("data[0x658..0x658]"), StateDiff.compare(p, done(e), done(a)).differences().stream().map(StateDiff.Difference::where).toList(),
                "XSAVE writes every requested component");
        byte[] sseBit = jvmx.clone();
        sseBit[at + 512] = 5;                                                // SSE is in use: its bit must match
        assertFalse(StateDiff.compare(c, done(e), done(state(avxInit, sseBit))).matches());
        byte[] legacy = jvmx.clone();
        legacy[at + 24] = 1;                                                 // MXCSR is always written
        assertFalse(StateDiff.compare(c, done(e), done(state(avxInit, legacy))).matches());
    }

    private static MachineState state(MachineState s, byte[] page) {
        return s.toBuilder().data(0, page).build();
    }

    @Test
    void pageFaultPresenceIsComparedOnlyWhereTheSandboxModelsIt() {
        assertTrue(StateDiff.modelledPresence(HostLayout.DATA_BASE + 0x1000));
        assertTrue(StateDiff.modelledPresence(HostLayout.CODE_BASE - 8));
        assertTrue(StateDiff.modelledPresence(0xFFFF_FFFF_FFFF_FF80L));
        assertFalse(StateDiff.modelledPresence(0x400F40));            // the harness's own image in the host process
    }

    @Test
    void identicalStatesMatch() {
        assertTrue(StateDiff.compare(done(BASE), done(BASE), 0).matches());
    }

    @Test
    void registerAndFlagDifferencesAreListedUnlessUndefined() {
        MachineState other = BASE.withGpr(Gpr.RAX, 6).withRflags(Rflags.FIXED_ONE | Rflags.ZF | Rflags.AF);
        StateDiff strict = StateDiff.compare(done(BASE), done(other), 0);
        assertEquals(List.of(
                new StateDiff.Difference("rax", "0x0000000000000005", "0x0000000000000006"),
                new StateDiff.Difference("rflags", "ZF (0x40)", "ZF AF (0x50)")), strict.differences());
        StateDiff masked = StateDiff.compare(done(BASE), done(other), Rflags.AF);
        assertEquals(List.of(new StateDiff.Difference("rax", "0x0000000000000005", "0x0000000000000006")), masked.differences());
        // bits outside the compared set (RF, IF) never count
        assertTrue(StateDiff.compare(done(BASE), done(BASE.withRflags(BASE.rflags() | 1 << 16 | Rflags.IF)), 0).matches());
    }

    @Test
    void xmmDataAndX87DifferencesAreListed() {
        MachineState other = BASE.withXmm(3, 1, 2).withData(0x20, new byte[] {1, 2})
                .withX87(X87State.RESET.withFcw(0x027F));
        List<StateDiff.Difference> d = StateDiff.compare(done(BASE), done(other), 0).differences();
        assertEquals(List.of(
                new StateDiff.Difference("xmm3", "0000000000000000_0000000000000000", "0000000000000002_0000000000000001"),
                new StateDiff.Difference("fcw", "0x037f", "0x027f"),
                new StateDiff.Difference("data[0x20..0x21]", "00 00", "01 02")), d);
    }

    @Test
    void faultsCompareVectorRipAndPageFaultAddress() {
        Outcome pf = new Outcome.Faulted(Vector.PF, 11, 1, 0x2000_0000L, HostLayout.CODE_BASE, 6, BASE);
        Outcome pfElsewhere = new Outcome.Faulted(Vector.PF, 11, 1, 0x2000_0008L, HostLayout.CODE_BASE, 6, BASE);
        Outcome gp = new Outcome.Faulted(Vector.GP, 11, 0x80, 0, HostLayout.CODE_BASE, 0, BASE);
        assertEquals(List.of(new StateDiff.Difference("fault address", "0x0000000020000000", "0x0000000020000008")),
                StateDiff.compare(pf, pfElsewhere, 0).differences());
        assertEquals(List.of(new StateDiff.Difference("vector", "#PF", "#GP")), StateDiff.compare(pf, gp, 0).differences());
        StateDiff kind = StateDiff.compare(done(BASE), gp, 0);
        assertEquals("outcome", kind.differences().getFirst().where());
        assertEquals("completed at 0x10010003", kind.differences().getFirst().expected());
    }

    @Test
    void renderShowsCaseBytesAndEachDifference() {
        TestCase c = new TestCase(new byte[] {0x48, 0x01, (byte) 0xD8}, BASE, Rflags.AF, "add r/m64, r64 [48 01 d8]");
        StateDiff d = StateDiff.compare(done(BASE), done(BASE.withGpr(Gpr.RAX, 6)), c.undefinedFlags());
        String text = d.render(c, (code, at) -> List.of("add rax,rbx"));
        assertTrue(text.contains("case add r/m64, r64 [48 01 d8]"), text);
        assertTrue(text.contains("bytes 48 01 d8"), text);
        assertTrue(text.contains("add rax,rbx"), text);
        assertTrue(text.contains("undefined flags ignored: AF"), text);
        assertTrue(text.matches("(?s).*rax +0x0000000000000005 +0x0000000000000006.*"), text);
        assertFalse(d.matches());
    }

    /** The lead's wiring point: any two GuestCpus compare through DifferentialRun. */
    @Test
    void differentialRunReportsOnlyDifferingCases() {
        GuestCpu reference = (code, s) -> done(s.withGpr(Gpr.RAX, s.gpr(Gpr.RAX) + 1));
        GuestCpu buggy = (code, s) -> done(s.withGpr(Gpr.RAX, s.gpr(Gpr.RAX) == 7 ? 0 : s.gpr(Gpr.RAX) + 1));
        List<TestCase> cases = List.of(TestCase.of("48 ff c0", BASE), TestCase.of("48 ff c0", BASE.withGpr(Gpr.RAX, 7)));
        DifferentialRun.Report r = DifferentialRun.run(reference, buggy, cases);
        assertEquals(2, r.cases());
        assertEquals(1, r.mismatches().size());
        assertEquals(7, r.mismatches().getFirst().testCase().initial().gpr(Gpr.RAX));
    }
}
