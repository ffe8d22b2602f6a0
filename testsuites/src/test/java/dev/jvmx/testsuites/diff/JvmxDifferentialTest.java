package dev.jvmx.testsuites.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Issue 4 acceptance, the test-suite sample: a fixed-seed 200,000 instructions in 64-bit and
 * 200,000 in 32-bit mode, host CPU against jvmx's interpreter, one random instruction a case
 * from every template whose feature the CPU model advertises (the starter templates and those
 * {@link DefinitionTemplates} makes from the definition table). Each mode also asserts the
 * meta-test on the cases it compared: every advertised form ran or is allow-listed
 * ({@link JvmxFormCoverage}). Every case runs; a mode fails at
 * the end with one line per failing form (count, what differed), and the full grouped report,
 * one example per form with its disassembly, goes to
 * {@code testsuites/target/jvmx-differential-<bits>.txt}. The full 10,000,000-instruction run is
 * {@code scripts/diff-host.sh}.
 */
class JvmxDifferentialTest {
    static final long SEED = 20261126L;
    static final long PER_MODE = 200_000;

    @Test
    void sample64() {
        runMode(HostArch.X86_64);
    }

    @Test
    void sample32() {
        runMode(HostArch.I386);
    }

    private static void runMode(HostArch arch) {
        HostHarnessBuild.Result build = HostHarnessBuild.of(arch);
        if (!build.available()) System.out.println("JvmxDifferentialTest " + arch + " skipped: " + build.reason());
        assumeTrue(build.available(), build.reason());
        JvmxDiffCampaign campaign = JvmxDiffCampaign.standard(arch);
        long t0 = System.nanoTime();
        JvmxMismatchGroups groups = campaign.run(SEED, PER_MODE, done -> { });
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("jvmx differential %s: seed %d, %d cases in %d ms (%s), %d mismatches%n",
                groups.label(), SEED, groups.cases(), ms, campaign.timing(), groups.mismatches());
        Path report = writeReport(arch, groups);
        JvmxFormCoverage.Result coverage = campaign.coverage();
        System.out.println("jvmx differential coverage, " + coverage.summary());
        assertEquals(PER_MODE, groups.cases());
        assertEquals("", JvmxFormCoverage.byMnemonic(coverage.missing()), coverage.summary());
        assertEquals(0, groups.mismatches(), () -> groups.summary() + "examples: " + report.toAbsolutePath());
    }

    private static Path writeReport(HostArch arch, JvmxMismatchGroups groups) {
        Path p = Path.of("target", "jvmx-differential-" + arch.bits() + ".txt");
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, groups.details(Disassembler.objdump(arch), arch), StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.out.println("cannot write " + p + ": " + e);
        }
        return p;
    }
}
