package dev.jvmx.testsuites.diff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The native harness really executes snippets and reports states and faults exactly. */
class HostCpuTest {
    static HostCpu cpu;

    @BeforeAll
    static void start() {
        HostHarnessBuild.Result build = HostHarnessBuild.bits64();
        if (!build.available()) System.out.println("HostCpuTest skipped: " + build.reason());
        assumeTrue(build.available(), build.reason());
        cpu = HostCpu.start(Duration.ofMillis(50));
    }

    @AfterAll
    static void stop() {
        if (cpu != null) cpu.close();
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void addRaxRbxGivesSumAndFlags() {
        MachineState in = MachineState.reset().withGpr(Gpr.RAX, 0x7FFF_FFFF_FFFF_FFFFL).withGpr(Gpr.RBX, 1);
        Outcome.Completed done = assertInstanceOf(Outcome.Completed.class, cpu.run(hex("48 01 d8"), in)); // add rax, rbx
        MachineState out = done.state();
        assertEquals(0x8000_0000_0000_0000L, out.gpr(Gpr.RAX));
        assertEquals(1, out.gpr(Gpr.RBX));
        // signed overflow, negative, auxiliary carry from bit 3, even parity of the low byte 0x00
        assertEquals(Rflags.OF | Rflags.SF | Rflags.AF | Rflags.PF, out.rflags() & Rflags.COMPARED);
        assertEquals(HostLayout.CODE_BASE + 3, done.rip());
        assertEquals(in.gpr(Gpr.RSP), out.gpr(Gpr.RSP));
    }

    @Test
    void everyGprAndDirectionFlagRoundTrip() {
        MachineState in = MachineState.reset().withRflags(Rflags.DF | Rflags.CF | Rflags.USER_FIXED);
        for (Gpr r : Gpr.values()) {
            if (r != Gpr.RSP) in = in.withGpr(r, 0x1111_1111_1111_1111L * (r.ordinal() + 1));
        }
        Outcome.Completed done = assertInstanceOf(Outcome.Completed.class, cpu.run(hex("90"), in)); // nop
        assertArrayEquals(in.gpr(), done.state().gpr());
        assertEquals(Rflags.DF | Rflags.CF, done.state().rflags() & Rflags.COMPARED);
    }

    @Test
    void sseStateRoundTripsAndAddpdComputes() {
        long one = Double.doubleToRawLongBits(1.0), half = Double.doubleToRawLongBits(0.5);
        MachineState in = MachineState.reset().withXmm(1, one, half).withXmm(2, half, Double.doubleToRawLongBits(-0.0))
                .withXmm(15, 0x0123_4567_89AB_CDEFL, -1L).withMxcsr(0x3F80); // round toward -inf
        Outcome.Completed done = assertInstanceOf(Outcome.Completed.class, cpu.run(hex("66 0f 58 ca"), in)); // addpd xmm1, xmm2
        assertEquals(1.5, Double.longBitsToDouble(done.state().xmmLow(1)));
        assertEquals(0.5, Double.longBitsToDouble(done.state().xmmHigh(1)));
        assertEquals(0x0123_4567_89AB_CDEFL, done.state().xmmLow(15));
        assertEquals(-1L, done.state().xmmHigh(15));
        assertEquals(0x3F80, done.state().mxcsr());
    }

    @Test
    void memoryOperandReadsAndWritesTheDataPage() {
        byte[] v = hex("efcdab8967452301");
        MachineState in = MachineState.reset().withGpr(Gpr.RBX, HostLayout.DATA_BASE + 0x100).withData(0x108, v)
                .withGpr(Gpr.RCX, 0x1000);
        // mov rax, [rbx+8]; add [rbx+0x10], rcx; push rax
        Outcome.Completed done = assertInstanceOf(Outcome.Completed.class,
                cpu.run(hex("48 8b 43 08  48 01 4b 10  50"), in));
        MachineState out = done.state();
        assertEquals(0x0123_4567_89AB_CDEFL, out.gpr(Gpr.RAX));
        assertEquals(0x1000, out.dataQword(0x110));
        assertEquals(HostLayout.DATA_BASE + 0x7F8, out.gpr(Gpr.RSP));
        assertEquals(0x0123_4567_89AB_CDEFL, out.dataQword(0x7F8));
    }

    @Test
    void x87StackIsLoadedAndReported() {
        // fld1; faddp st(1), st(0) with ST(0) = 2.0 beforehand: leaves 3.0 on top
        byte[] st = new byte[80];
        byte[] two = hex("00000000000000800040"); // 2.0 as 80-bit extended
        System.arraycopy(two, 0, st, 0, 10);
        X87State x = new X87State(0x037F, 7 << 11, 0x80, st); // TOP = 7, physical reg 7 valid
        Outcome.Completed done = assertInstanceOf(Outcome.Completed.class,
                cpu.run(hex("d9 e8  de c1"), MachineState.reset().withX87(x)));
        X87State after = done.state().x87();
        assertArrayEquals(hex("00000000000000c00040"), after.st(0)); // 3.0
        assertEquals(7 << 11, after.fsw() & 0x3800);
        assertEquals(0x80, after.ftw());
    }

    @Test
    void divideByZeroIsDeAtTheDiv() {
        MachineState in = MachineState.reset().withGpr(Gpr.RAX, 5);
        // inc rcx; div rbx (rbx = 0)
        Outcome.Faulted f = assertInstanceOf(Outcome.Faulted.class, cpu.run(hex("48 ff c1  48 f7 f3"), in));
        assertEquals(Vector.DE, f.vector());
        assertEquals(Vector.SIGFPE, f.signal());
        assertEquals(1, f.siCode()); // FPE_INTDIV
        assertEquals(HostLayout.CODE_BASE + 3, f.rip());
        assertEquals(HostLayout.CODE_BASE + 3, f.address());
        assertEquals(1, f.state().gpr(Gpr.RCX));
        assertEquals(5, f.state().gpr(Gpr.RAX));
    }

    @Test
    void ud2IsSigillUd() {
        Outcome.Faulted f = assertInstanceOf(Outcome.Faulted.class, cpu.run(hex("90 0f 0b"), MachineState.reset()));
        assertEquals(Vector.UD, f.vector());
        assertEquals(Vector.SIGILL, f.signal());
        assertEquals(HostLayout.CODE_BASE + 1, f.rip());
    }

    @Test
    void accessOutsideTheDataPageIsPageFaultWithAddress() {
        long outside = HostLayout.DATA_BASE + HostLayout.DATA_SIZE + 0x20;
        MachineState in = MachineState.reset().withGpr(Gpr.RBX, outside).withGpr(Gpr.RDX, 42);
        Outcome.Faulted f = assertInstanceOf(Outcome.Faulted.class, cpu.run(hex("48 89 13"), in)); // mov [rbx], rdx
        assertEquals(Vector.PF, f.vector());
        assertEquals(Vector.SIGSEGV, f.signal());
        assertEquals(outside, f.address());
        assertEquals(HostLayout.CODE_BASE, f.rip());
        assertEquals(0b110, f.errorCode() & 0b111); // not present, write, user
    }

    @Test
    void int3IsBreakpointTrapAfterTheInstruction() {
        Outcome.Faulted f = assertInstanceOf(Outcome.Faulted.class, cpu.run(hex("cc"), MachineState.reset()));
        assertEquals(Vector.BP, f.vector());
        assertEquals(Vector.SIGTRAP, f.signal());
        assertEquals(HostLayout.CODE_BASE + 1, f.rip());
    }

    @Test
    void runawayLoopTimesOutAndTheNextCaseStillRuns() {
        long t0 = System.nanoTime();
        Outcome.TimedOut t = assertInstanceOf(Outcome.TimedOut.class, cpu.run(hex("eb fe"), MachineState.reset()));
        assertEquals(HostLayout.CODE_BASE, t.rip());
        assertEquals(true, System.nanoTime() - t0 < 2_000_000_000L, "time-out took too long");
        Outcome.Completed next = assertInstanceOf(Outcome.Completed.class,
                cpu.run(hex("48 ff c0"), MachineState.reset())); // inc rax
        assertEquals(1, next.state().gpr(Gpr.RAX));
    }

    @Test
    void caseThatKillsTheSandboxIsReportedAndTheBatchGoesOn() {
        // getpid; kill(pid, SIGKILL) — the only way a snippet can take the sandbox down
        byte[] kill = hex("b8 27 00 00 00  0f 05  89 c7  be 09 00 00 00  b8 3e 00 00 00  0f 05");
        var outs = cpu.runAll(java.util.List.of(
                TestCase.of("48 ff c0", MachineState.reset()),
                new TestCase(kill, MachineState.reset(), 0, "kill self"),
                TestCase.of("48 ff c3", MachineState.reset())));
        assertEquals(1, assertInstanceOf(Outcome.Completed.class, outs.get(0)).state().gpr(Gpr.RAX));
        assertInstanceOf(Outcome.Crashed.class, outs.get(1));
        assertEquals(1, assertInstanceOf(Outcome.Completed.class, outs.get(2)).state().gpr(Gpr.RBX));
    }

    /** The whole loop: host as reference, a wrong "tier" under test, a readable report. */
    @Test
    void mismatchAgainstABrokenGuestIsReportedReadably() {
        GuestCpu offByOne = (code, initial) -> switch (cpu.run(code, initial)) {
            case Outcome.Completed c -> new Outcome.Completed(c.rip(), c.state().withGpr(Gpr.RAX, c.state().gpr(Gpr.RAX) + 1)
                    .withRflags(c.state().rflags() ^ Rflags.AF));
            case Outcome other -> other;
        };
        MachineState in = MachineState.reset().withGpr(Gpr.RAX, 2).withGpr(Gpr.RBX, 3);
        TestCase add = new TestCase(hex("48 01 d8"), in, 0, "add r/m64, r64 [48 01 d8]");
        TestCase and = new TestCase(hex("48 21 d8"), in, Rflags.AF, "and r/m64, r64 [48 21 d8]");
        DifferentialRun.Report r = DifferentialRun.run(cpu, offByOne, java.util.List.of(add, and));
        assertEquals(2, r.mismatchCount());
        String report = r.mismatches().getFirst().render(Disassembler.objdump());
        org.junit.jupiter.api.Assertions.assertTrue(report.matches("(?s).*rax +0x0000000000000005 +0x0000000000000006.*"), report);
        org.junit.jupiter.api.Assertions.assertTrue(report.contains("rflags"), report);
        // the AND case leaves AF undefined: only RAX differs
        assertEquals(java.util.List.of("rax"), r.mismatches().get(1).diff().differences().stream().map(StateDiff.Difference::where).toList());
    }

    /** EdgeValues.widen (used to build random x87 stacks) agrees with FLD m64 on the host. */
    @Test
    void doubleToExtendedWideningMatchesFld() {
        long[] doubles = {0, Long.MIN_VALUE, Double.doubleToRawLongBits(1.0), Double.doubleToRawLongBits(-2.5),
            Double.doubleToRawLongBits(Double.MAX_VALUE), Double.doubleToRawLongBits(Double.MIN_NORMAL), 1, 0x000F_FFFF_FFFF_FFFFL,
            0x8000_0000_0000_0001L, 0x7FF0_0000_0000_0000L, 0xFFF8_0000_0000_0000L, 0x7FFC_0000_0000_1234L};
        MachineState base = MachineState.reset().withGpr(Gpr.RBX, HostLayout.DATA_BASE + 0x100);
        for (long d : doubles) {
            byte[] bits = new byte[8];
            for (int i = 0; i < 8; i++) bits[i] = (byte) (d >>> (8 * i));
            // fld qword [rbx]; fstp tbyte [rbx+0x10]
            Outcome.Completed c = assertInstanceOf(Outcome.Completed.class, cpu.run(hex("dd 03  db 7b 10"), base.withData(0x100, bits)));
            byte[] stored = java.util.Arrays.copyOfRange(c.state().data(), 0x110, 0x11A);
            assertArrayEquals(EdgeValues.widen(d), stored, Long.toHexString(d));
        }
    }
}
