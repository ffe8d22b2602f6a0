package dev.jvmx.testsuites.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The differential machinery fails on a real mismatch: a tier that gets one form's carry flag
 * wrong is caught and reported under exactly that form, while a faithful tier (a second host
 * harness) passes the same cases.
 */
class JvmxMismatchDetectionTest {
    static final String BROKEN = "adc r/m64, r64";

    /** The host, except that it reports CF inverted after {@link #BROKEN}. */
    static final class CarryBug implements GuestCpu {
        private final GuestCpu cpu;

        CarryBug(GuestCpu cpu) {
            this.cpu = cpu;
        }

        @Override
        public Outcome run(byte[] code, MachineState initial) {
            throw new UnsupportedOperationException("batch only");
        }

        @Override
        public List<Outcome> runAll(List<TestCase> cases) {
            List<Outcome> out = new ArrayList<>(cpu.runAll(cases));
            for (int i = 0; i < cases.size(); i++) {
                if (JvmxMismatchGroups.formOf(cases.get(i)).equals(BROKEN) && out.get(i) instanceof Outcome.Completed c) {
                    out.set(i, new Outcome.Completed(c.rip(), c.state().withRflags(c.state().rflags() ^ Rflags.CF)));
                }
            }
            return out;
        }
    }

    @Test
    void aWrongFlagInOneFormFailsThatFormOnly() {
        HostHarnessBuild.Result build = HostHarnessBuild.bits64();
        assumeTrue(build.available(), build.reason());
        CaseGenerator generator = new CaseGenerator(StarterTemplates.load(), 99);
        List<TestCase> cases = generator.cases(10_000);
        try (HostCpu host = HostCpu.start(Duration.ofSeconds(2)); HostCpu twin = HostCpu.start(Duration.ofSeconds(2))) {
            JvmxMismatchGroups faithful = new JvmxMismatchGroups("twin");
            DifferentialRun.run(host, twin, cases, faithful);
            assertEquals(0, faithful.mismatches(), faithful.summary());

            JvmxMismatchGroups broken = new JvmxMismatchGroups("broken");
            DifferentialRun.run(host, new CarryBug(twin), cases, broken);
            assertTrue(broken.casesOf(BROKEN) > 0);
            assertEquals(List.of(BROKEN), broken.failing().stream().map(JvmxMismatchGroups.Group::form).toList(), broken.summary());
            JvmxMismatchGroups.Group g = broken.failing().getFirst();
            assertEquals(g.cases(), g.mismatches() + countFaulted(cases, host), "every completed case of the form is caught");
            assertEquals(java.util.Set.of("rflags"), g.where());
        }
    }

    private static long countFaulted(List<TestCase> cases, HostCpu host) {
        List<TestCase> mine = cases.stream().filter(c -> JvmxMismatchGroups.formOf(c).equals(BROKEN)).toList();
        return host.runAll(mine).stream().filter(o -> !(o instanceof Outcome.Completed)).count();
    }
}
