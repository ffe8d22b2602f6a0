package dev.jvmx.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fixed-seed sample of the objdump differential test (20,000 sequences per mode, half from the
 * table's templates, half random). The full run (1,000,000 per mode) is scripts/objdump-diff.sh.
 */
class ObjdumpDifferentialTest {
    static final int SAMPLE = 20_000;

    @ParameterizedTest
    @EnumSource(Mode.class)
    void agreesWithObjdump(Mode mode) throws Exception {
        boolean have = ObjdumpOracle.available();
        if (!have) System.out.println("SKIPPED objdump differential test: GNU objdump not found on PATH");
        Assumptions.assumeTrue(have, "GNU objdump not found on PATH");
        ObjdumpDiff.Report rep = ObjdumpDiff.run(mode, 0x6A766D78L + mode.bits(), SAMPLE);
        System.out.print(rep.summary());
        rep.failures.stream().limit(20).forEach(f -> System.out.println("  FAIL " + f));
        assertEquals(SAMPLE, rep.total);
        assertTrue(rep.compared > SAMPLE * 9L / 10, "objdump decoded too few sequences: " + rep.compared);
        assertEquals(0, rep.failureCount, "unexplained disagreements with objdump:\n" + String.join("\n", rep.failures));
    }
}
