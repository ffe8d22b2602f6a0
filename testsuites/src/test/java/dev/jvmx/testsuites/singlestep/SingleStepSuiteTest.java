package dev.jvmx.testsuites.singlestep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleStepSuiteTest {
    @TempDir Path tmp;

    @Test
    void aCpuThatProducesTheChipsResultsPassesEverything() throws IOException {
        Path dir = Conformance.require("80286/v1_real_mode");
        ReplayCpu cpu = new ReplayCpu(dir.resolve("01.json.gz"), dir.resolve("F6.0.json.gz"), dir.resolve("F6.1.json.gz"));
        SuiteResult r = SingleStepSuite.run(dir, CpuKind.I80286, "01,F6.0,F6.1", cpu);
        assertEquals(List.of("01", "F6.0", "F6.1"), r.opcodes().stream().map(OpcodeResult::opcode).toList());
        assertEquals(0, r.failed(), () -> ReportFormatter.text(r, 3));
        assertTrue(r.passed() > 1000);
        assertTrue(cpu.maxAddressSeen <= 0xFF_FFFF);
    }

    @Test
    void the286MasksIoplAndNtAndTheOpcodesUndefinedFlags() throws IOException {
        Path dir = Conformance.require("80286/v1_real_mode");
        ReplayCpu cpu = new ReplayCpu(dir.resolve("F6.4.json.gz"));
        cpu.flagsTamper = f -> f ^ 0xF000 ^ 0x0010; // IOPL/NT and AF (undefined for MUL)
        SuiteResult r = SingleStepSuite.run(dir, CpuKind.I80286, "F6.4", cpu);
        assertEquals(0, r.failed());
        cpu.flagsTamper = f -> f ^ 0x0001; // CF is defined
        assertEquals(r.passed(), SingleStepSuite.run(dir, CpuKind.I80286, "F6.4", cpu).failed());
    }

    @Test
    void the8086ComparesAllFlagBitsAndWrapsAddressesAt20Bits() throws IOException {
        Path dir = Conformance.require("8086/v1");
        ReplayCpu cpu = new ReplayCpu(dir.resolve("08.json.gz"));
        cpu.flagsTamper = f -> f ^ 0x0010; // AF undefined for OR: masked by metadata
        SuiteResult r = SingleStepSuite.run(dir, CpuKind.I8086, "08", cpu);
        assertEquals(0, r.failed());
        assertTrue(cpu.maxAddressSeen <= 0xF_FFFF);
        cpu.flagsTamper = f -> f ^ 0x1000;
        assertEquals(r.passed(), SingleStepSuite.run(dir, CpuKind.I8086, "08", cpu).failed());
    }

    @Test
    void failuresAreRecordedAndReportedInBothFormats() throws IOException {
        Path dir = Conformance.require("8086/v1");
        ReplayCpu cpu = new ReplayCpu(dir.resolve("01.json.gz"));
        cpu.axTamper = ax -> ax ^ 1;
        SuiteResult r = SingleStepSuite.run(dir, CpuKind.I8086, "01", cpu);
        assertEquals(r.failed(), r.opcodes().getFirst().total());
        assertEquals(SuiteOptions.defaults().maxFailuresPerOpcode(), r.failures().size());
        assertTrue(r.failures().getFirst().differences().getFirst().startsWith("ax: expected"));
        JsonNode json = new ObjectMapper().readTree(ReportFormatter.json(r));
        assertEquals(List.of("passed", "failed", "skipped", "failures"), iterable(json.fieldNames()));
        assertEquals(r.failed(), json.get("failed").asInt());
        assertEquals("01", json.get("failures").get(0).get("opcode").asText());
        String text = ReportFormatter.text(r, 1);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("01 ") && l.contains("failed    " + r.failed())), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("total 8086: passed 0")), text);
        assertEquals(r.failed(), r.unexplained());
        assertEquals(1, text.lines().filter(l -> l.startsWith("FAIL")).count());
    }

    @Test
    void revokedTestsAndSkippedStatusesCountAsSkipped() throws IOException {
        Path src = Conformance.require("80286/v1_real_mode/01.json.gz");
        Path dir = Files.createDirectories(tmp.resolve("set"));
        Files.copy(src, dir.resolve("01.json.gz"));
        Files.write(dir.resolve("metadata.json"), "{\"opcodes\":{\"01\":{\"status\":\"normal\"}}}".getBytes());
        Files.write(tmp.resolve("revocation_list.txt"), List.of("# bad", "8a51328f572d633c6a0e804cb05cd6efce8b9899"));
        ReplayCpu cpu = new ReplayCpu(dir);
        SuiteResult r = SingleStepSuite.run(dir, CpuKind.I80286, null, cpu);
        assertEquals(1, r.skipped());
        assertEquals(0, r.failed());
        SuiteOptions skipNormal = SuiteOptions.defaults().withSkipStatuses(Set.of("normal"));
        SuiteResult all = SingleStepSuite.run(dir, CpuKind.I80286, null, cpu, skipNormal);
        assertEquals(0, all.passed());
        assertEquals(r.passed() + 1, all.skipped());
    }

    @Test
    void mooFolderRunsWithTheSameRunner() throws IOException {
        Path dir = Conformance.require("80286/moo-samples");
        ReplayCpu cpu = new ReplayCpu(dir.resolve("8B.MOO.gz"));
        ByteArrayOutputStream bar = new ByteArrayOutputStream();
        SuiteOptions opts = SuiteOptions.defaults().withProgress(new TextProgressBar(new PrintStream(bar)));
        SuiteResult r = SingleStepSuite.run(dir, CpuKind.I80286, "8B", cpu, opts);
        assertEquals(0, r.failed());
        assertTrue(r.passed() >= 1000, "full upstream file: " + r.passed());
        assertTrue(bar.toString().contains("1/1"), bar.toString());
    }

    @Test
    void explainedFailuresKeepFailingButAreNotUnexplained() throws IOException {
        Path dir = Conformance.require("8086/v1");
        ReplayCpu cpu = new ReplayCpu(dir.resolve("01.json.gz"));
        cpu.axTamper = ax -> ax ^ 1;
        Path list = Files.write(tmp.resolve("known.txt"), List.of("# why each failure is expected", "01  tampered on purpose"));
        SuiteOptions opts = SuiteOptions.defaults().withExplained(ExplainedFailures.read(list));
        SuiteResult r = SingleStepSuite.run(dir, CpuKind.I8086, "01", cpu, opts);
        assertTrue(r.failed() > 0);
        assertEquals(0, r.unexplained());
        assertEquals("tampered on purpose", r.failures().getFirst().explanation());
        assertTrue(ReportFormatter.json(r).contains("\"explanation\":\"tampered on purpose\""));
        assertTrue(ReportFormatter.text(r, 1).contains("(unexplained 0)"));
    }

    @Test
    void progressBarFillsProportionally() {
        assertEquals("[" + "#".repeat(15) + ".".repeat(15) + "]", TextProgressBar.bar(1, 2));
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
