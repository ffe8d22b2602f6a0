package dev.jvmx.testsuites.singlestep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs a SingleStepTests folder (or one file) against a {@link TestCpu}: lists the opcode files,
 * reads {@code metadata.json} and {@code revocation_list.txt} (from the folder or its parent, as
 * upstream checkouts and ../shared/conformance lay them out), and for each test loads the initial
 * state, runs, compares, and tallies per opcode. Revoked tests count as skipped.
 *
 * <p>Entry point for {@code jvmx suite singlestep PATH [--cpu 8086|80286] [--format text|json]
 * [--filter OPCODE]}: {@code run(path, CpuKind.parse(cpu), filter, cpu)}, then
 * {@link ReportFormatter#text} or {@link ReportFormatter#json}.
 */
public final class SingleStepSuite {
    private SingleStepSuite() {
    }

    public static SuiteResult run(Path path, CpuKind kind, String filter, TestCpu cpu) throws IOException {
        return run(path, kind, filter, cpu, SuiteOptions.defaults());
    }

    /**
     * {@code filter}: null or empty for all files; else an opcode key ({@code F6}, matching all of
     * its reg files, or {@code F6.3} for one) — several separated by commas.
     */
    public static SuiteResult run(Path path, CpuKind kind, String filter, TestCpu cpu, SuiteOptions options)
            throws IOException {
        Path folder = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        Path metaFile = find(folder, "metadata.json");
        SuiteMetadata meta = metaFile == null ? SuiteMetadata.empty() : SuiteMetadata.read(metaFile);
        Path rev = find(folder, "revocation_list.txt");
        RevocationList revoked = rev == null ? RevocationList.empty() : RevocationList.read(rev);
        List<TestFile> files = TestFile.list(path).stream().filter(f -> matches(f, filter)).toList();
        List<OpcodeResult> results = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            TestFile f = files.get(i);
            options.progress().fileStarted(f, i, files.size());
            OpcodeResult r = new OpcodeRun(f, kind, meta.lookup(f.opcode(), f.reg()), revoked, options).run(cpu);
            results.add(r);
            options.progress().fileDone(r, i, files.size());
        }
        return new SuiteResult(kind, results);
    }

    /** {@code name} in {@code folder} or its parent, or null. */
    static Path find(Path folder, String name) {
        for (Path d : new Path[] {folder, folder.toAbsolutePath().getParent()}) {
            if (d != null && Files.isRegularFile(d.resolve(name))) return d.resolve(name);
        }
        return null;
    }

    static boolean matches(TestFile f, String filter) {
        if (filter == null || filter.isBlank()) return true;
        for (String part : filter.split(",")) {
            String k = part.strip().toUpperCase(Locale.ROOT);
            if (k.equals(f.key()) || k.equals(f.opcode())) return true;
        }
        return false;
    }
}
