package dev.jvmx.testsuites.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Generated cases at volume: fast, confined to the data page, deterministic. */
class HostBatchTest {

    @BeforeAll
    static void needHarness() {
        HostHarnessBuild.Result build = HostHarnessBuild.bits64();
        if (!build.available()) System.out.println("HostBatchTest skipped: " + build.reason());
        assumeTrue(build.available(), build.reason());
    }

    @Test
    void twentyThousandGeneratedCasesRunQuicklyAndStayInTheSandbox() {
        List<TestCase> cases = new CaseGenerator(StarterTemplates.load(), 20261126).cases(20_000);
        try (HostCpu cpu = HostCpu.start(Duration.ofMillis(200))) {
            long t0 = System.nanoTime();
            List<Outcome> outcomes = cpu.runAll(cases);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(millis < 10_000, "20k cases took " + millis + " ms");

            int completed = 0;
            Map<Vector, Integer> faults = new EnumMap<>(Vector.class);
            for (int i = 0; i < outcomes.size(); i++) {
                switch (outcomes.get(i)) {
                    case Outcome.Completed c -> completed++;
                    case Outcome.Faulted f -> faults.merge(f.vector(), 1, Integer::sum);
                    default -> throw new AssertionError(cases.get(i).text() + " -> " + outcomes.get(i));
                }
            }
            // memory operands stay in the page, so no #PF; #DE (division), #GP (misaligned SSE),
            // #XM and #MF (unmasked SIMD and x87 exceptions) are legitimate
            assertEquals(null, faults.get(Vector.PF), "page faults: " + faults);
            assertTrue(faults.keySet().stream().allMatch(v -> v == Vector.DE || v == Vector.GP || v == Vector.XM || v == Vector.MF),
                    faults.toString());
            assertTrue(completed > 18_000, "only " + completed + " completed; faults " + faults);
            System.out.printf("host batch: 20000 cases in %d ms, %d completed, faults %s%n", millis, completed, faults);
        }
    }

    /** Two independent harness processes agree on every case: nothing leaks between cases. */
    @Test
    void independentHarnessesAgreeCaseByCase() {
        CaseGenerator generator = new CaseGenerator(StarterTemplates.load(), 4);
        try (HostCpu a = HostCpu.start(Duration.ofMillis(200)); HostCpu b = HostCpu.start(Duration.ofMillis(200))) {
            // b sees the cases in another order after a warm-up, so any state carried over shows
            b.runAll(new CaseGenerator(StarterTemplates.load(), 5).cases(2_000));
            DifferentialRun.Report r = DifferentialRun.run(a, b, generator, 20_000, 10_000, 3);
            assertEquals(20_000, r.cases());
            assertTrue(r.clean(), () -> r.mismatchCount() + " mismatches, first:\n"
                    + r.mismatches().getFirst().render(Disassembler.objdump()));
        }
    }

    /** Sequences of four random instructions still never leave the page or hang. */
    @Test
    void instructionSequencesStayInTheSandbox() {
        CaseGenerator g = new CaseGenerator(StarterTemplates.load(), 44);
        List<TestCase> cases = new java.util.ArrayList<>();
        for (int i = 0; i < 5_000; i++) cases.add(g.next(4));
        try (HostCpu cpu = HostCpu.start(Duration.ofMillis(200))) {
            List<Outcome> out = cpu.runAll(cases);
            for (int i = 0; i < cases.size(); i++) {
                Outcome o = out.get(i);
                boolean ok = o instanceof Outcome.Completed || o instanceof Outcome.Faulted f && f.vector() != Vector.PF;
                assertTrue(ok, cases.get(i).text() + " -> " + o);
            }
        }
    }

    /** Every addressing form MemoryOperand emits occurs, and loads from inside the page. */
    @Test
    void everyAddressingFormLoadsFromThePage() {
        InstructionTemplate load = InstructionTemplate.parse("mov r64, r/m64 | REX.W 8B /r | rm=m reg=g |");
        List<TestCase> cases = new CaseGenerator(List.of(load), 8).cases(1_000);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        cases.forEach(c -> all.writeBytes(c.code()));
        String listing = String.join("\n", Disassembler.objdump().disassemble(all.toByteArray(), HostLayout.CODE_BASE));
        if (!listing.isEmpty()) {
            // [B+d8] (objdump prints [B+d32] alike) [B] [B+I*s+d8] [I*s+d32] [RSP+d8] [RIP+d32]
            List<String> forms = List.of("\\[r\\w+[+-]0x[0-9a-f]{1,2}\\]", "\\[r(bx|bp|[0-9]+)\\]",
                    "\\[r\\w+\\+r\\w+\\*[1248]", "\\[r\\w+\\*[1248][+-]0x1000", "\\[rsp", "\\[rip[+-]");
            for (String form : forms) {
                assertTrue(java.util.regex.Pattern.compile(form).matcher(listing).find(), "no " + form + " in\n" + listing.substring(0, 2000));
            }
        }
        try (HostCpu cpu = HostCpu.start(Duration.ofMillis(200))) {
            List<Outcome> out = cpu.runAll(cases);
            for (int i = 0; i < cases.size(); i++) {
                assertTrue(out.get(i) instanceof Outcome.Completed, cases.get(i).text() + " -> " + out.get(i));
            }
        }
    }

    /** NOP hands back every generated state bit for bit: registers, flags, MXCSR, x87, XMM, page. */
    @Test
    void nopRoundTripsWholeStates() {
        try (HostCpu cpu = HostCpu.start(Duration.ofMillis(200))) {
            nopRoundTrip(cpu, HostArch.X86_64);
        }
    }

    static void nopRoundTrip(HostCpu cpu, HostArch arch) {
        CaseGenerator g = new CaseGenerator(StarterTemplates.load(), 77, arch);
        List<TestCase> cases = new java.util.ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            MachineState s = g.next().initial();
            byte[] page = new byte[HostLayout.DATA_SIZE];
            new java.util.Random(i).nextBytes(page);      // dense and sparse pages exercise the chunking
            if (i % 2 == 0) for (int k = 0; k < page.length; k += 3) page[k] = 0;
            cases.add(new TestCase(new byte[] {(byte) 0x90}, s.withData(0, page), 0, "nop"));
        }
        List<Outcome> out = cpu.runAll(cases);
        for (int i = 0; i < cases.size(); i++) {
            Outcome.Completed c = org.junit.jupiter.api.Assertions.assertInstanceOf(Outcome.Completed.class, out.get(i));
            assertEquals(cases.get(i).initial(), c.state(), "case " + i);
        }
    }
}
