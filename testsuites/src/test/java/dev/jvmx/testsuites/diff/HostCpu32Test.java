package dev.jvmx.testsuites.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gcc -m32 harness: snippets run in 32-bit protected mode with the same layout and protocol. */
class HostCpu32Test {
    static HostCpu cpu;

    @BeforeAll
    static void start() {
        HostHarnessBuild.Result build = HostHarnessBuild.of(HostArch.I386);
        if (!build.available()) System.out.println("HostCpu32Test skipped: " + build.reason());
        assumeTrue(build.available(), build.reason());
        cpu = HostCpu.start(HostArch.I386, Duration.ofMillis(50));
    }

    @AfterAll
    static void stop() {
        if (cpu != null) cpu.close();
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void addEaxEbxIn32BitMode() {
        MachineState in = MachineState.reset().withGpr(Gpr.RAX, 0xFFFF_FFFFL).withGpr(Gpr.RBX, 1).withGpr(Gpr.RDI, 0x1234_5678);
        Outcome.Completed done = assertInstanceOf(Outcome.Completed.class, cpu.run(hex("47  01 d8"), in)); // inc edi; add eax, ebx
        assertEquals(0, done.state().gpr(Gpr.RAX));
        assertEquals(0x1234_5679, done.state().gpr(Gpr.RDI)); // 0x47 is INC EDI here, a REX prefix in 64-bit mode
        assertEquals(Rflags.CF | Rflags.ZF | Rflags.AF | Rflags.PF, done.state().rflags() & Rflags.COMPARED);
        assertEquals(HostLayout.CODE_BASE + 3, done.rip());
        assertEquals(0, done.state().gpr(Gpr.R8));
    }

    @Test
    void pushAndSseWork() {
        long one = Float.floatToRawIntBits(1.0f) & 0xFFFF_FFFFL;
        MachineState in = MachineState.reset().withGpr(Gpr.RCX, 0xCAFE_BABEL).withXmm(7, one, 0).withXmm(0, one, 0);
        Outcome.Completed done = assertInstanceOf(Outcome.Completed.class, cpu.run(hex("51  0f 58 f8"), in)); // push ecx; addps xmm7, xmm0
        assertEquals(HostLayout.DATA_BASE + 0x7FC, done.state().gpr(Gpr.RSP));
        assertEquals(0xCAFE_BABEL, done.state().dataQword(0x7FC) & 0xFFFF_FFFFL);
        assertEquals(2.0f, Float.intBitsToFloat((int) done.state().xmmLow(7)));
    }

    @Test
    void faultsAreReportedWithVectorAndAddress() {
        Outcome.Faulted de = assertInstanceOf(Outcome.Faulted.class, cpu.run(hex("90 f7 f3"), MachineState.reset())); // div ebx
        assertEquals(Vector.DE, de.vector());
        assertEquals(HostLayout.CODE_BASE + 1, de.rip());
        Outcome.Faulted ud = assertInstanceOf(Outcome.Faulted.class, cpu.run(hex("0f 0b"), MachineState.reset()));
        assertEquals(Vector.UD, ud.vector());
        MachineState wild = MachineState.reset().withGpr(Gpr.RSI, 0x2000_0010L);
        Outcome.Faulted pf = assertInstanceOf(Outcome.Faulted.class, cpu.run(hex("8b 06"), wild)); // mov eax, [esi]
        assertEquals(Vector.PF, pf.vector());
        assertEquals(0x2000_0010L, pf.address());
        assertEquals(HostLayout.CODE_BASE, pf.rip());
    }

    @Test
    void runawayLoopTimesOut() {
        Outcome.TimedOut t = assertInstanceOf(Outcome.TimedOut.class, cpu.run(hex("90 eb fe"), MachineState.reset()));
        assertEquals(HostLayout.CODE_BASE + 1, t.rip());
        assertInstanceOf(Outcome.Completed.class, cpu.run(hex("90"), MachineState.reset()));
    }

    @Test
    void generatedCasesRunDeterministicallyInThePage() {
        CaseGenerator g = new CaseGenerator(StarterTemplates.load(), 32, HostArch.I386);
        assertTrue(g.templates().size() >= 100, "only " + g.templates().size() + " forms encodable in 32-bit mode");
        List<TestCase> cases = g.cases(5_000);
        List<Outcome> first = cpu.runAll(cases), second = cpu.runAll(cases);
        Map<Vector, Integer> faults = new EnumMap<>(Vector.class);
        for (int i = 0; i < cases.size(); i++) {
            Outcome o = first.get(i);
            if (o instanceof Outcome.Faulted f) faults.merge(f.vector(), 1, Integer::sum);
            else assertInstanceOf(Outcome.Completed.class, o, cases.get(i).text());
            assertTrue(StateDiff.compare(o, second.get(i), 0).matches(), cases.get(i).text());
        }
        assertEquals(null, faults.get(Vector.PF), faults.toString());
        assertTrue(faults.keySet().stream().allMatch(v -> v == Vector.DE || v == Vector.GP || v == Vector.XM || v == Vector.MF), faults.toString());
    }

    @Test
    void nopRoundTripsWholeStates() {
        HostBatchTest.nopRoundTrip(cpu, HostArch.I386);
    }
}
