package dev.jvmx.testsuites.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The harness's AVX state (YMM upper halves through XSAVE/XRSTOR): it round-trips, legacy SSE
 * leaves it, a VEX.128 instruction zeroes its destination's upper half (SDM Vol. 1 §14.1.3), and
 * a fault reports the state at the fault. Skipped with the reason when the host has no AVX state.
 */
class HostAvxStateTest {
    static HostCpu cpu;

    @BeforeAll
    static void start() {
        HostHarnessBuild.Result build = HostHarnessBuild.bits64();
        if (!build.available()) System.out.println("HostAvxStateTest skipped: " + build.reason());
        assumeTrue(build.available(), build.reason());
        cpu = HostCpu.start(Duration.ofMillis(100));
        if (!cpu.hasAvxState()) System.out.println("HostAvxStateTest skipped: host XCR0 has no AVX state, xsave mask " + cpu.xsaveMask());
        assumeTrue(cpu.hasAvxState(), "no AVX state on the host");
    }

    @AfterAll
    static void stop() {
        if (cpu != null) cpu.close();
    }

    static MachineState withUppers() {
        MachineState s = MachineState.reset();
        for (int i = 0; i < 16; i++) s = s.withYmmHigh(i, 0x1111_1111_1111_1111L * i, ~(0x0101_0101_0101_0101L * i));
        return s;
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void upperHalvesRoundTrip() {
        MachineState in = withUppers();
        Outcome.Completed done = assertInstanceOf(Outcome.Completed.class, cpu.run(hex("90"), in));
        assertEquals(java.util.Arrays.toString(in.ymmHigh()), java.util.Arrays.toString(done.state().ymmHigh()));
    }

    @Test
    void legacySseKeepsAndVex128ZeroesTheUpperHalf() {
        MachineState in = withUppers();
        MachineState legacy = assertInstanceOf(Outcome.Completed.class, cpu.run(hex("0f 58 c1"), in)).state(); // addps xmm0, xmm1
        assertEquals(in.ymmUpper(0, 1), legacy.ymmUpper(0, 1));
        MachineState vex = assertInstanceOf(Outcome.Completed.class, cpu.run(hex("c5 f0 58 c2"), in)).state(); // vaddps xmm0, xmm1, xmm2
        assertEquals(0, vex.ymmUpper(0, 0));
        assertEquals(0, vex.ymmUpper(0, 1));
        assertEquals(in.ymmUpper(1, 1), vex.ymmUpper(1, 1));
    }

    @Test
    void faultReportsTheUpperHalves() {
        MachineState in = withUppers().withGpr(Gpr.RAX, 0);
        Outcome.Faulted f = assertInstanceOf(Outcome.Faulted.class, cpu.run(hex("c5 f0 58 c2 8b 00"), in)); // vaddps; mov eax, [rax]
        assertEquals(Vector.PF, f.vector());
        assertEquals(0, f.state().ymmUpper(0, 1));
        assertEquals(in.ymmUpper(5, 0), f.state().ymmUpper(5, 0));
    }
}
