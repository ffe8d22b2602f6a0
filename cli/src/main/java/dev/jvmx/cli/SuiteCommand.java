package dev.jvmx.cli;

import dev.jvmx.testsuites.singlestep.CpuKind;
import dev.jvmx.testsuites.singlestep.ExplainedFailures;
import dev.jvmx.testsuites.singlestep.JvmxTestCpu;
import dev.jvmx.testsuites.singlestep.ReportFormatter;
import dev.jvmx.testsuites.singlestep.SingleStepSuite;
import dev.jvmx.testsuites.singlestep.SuiteOptions;
import dev.jvmx.testsuites.singlestep.SuiteResult;
import dev.jvmx.testsuites.singlestep.TextProgressBar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jvmx suite singlestep PATH [--cpu 8086|80286] [--format text|json] [--filter OPCODE]}:
 * runs SingleStepTests against jvmx's interpreter ({@link JvmxTestCpu}) and reports per opcode
 * and in total; failures in the committed explained list carry their reason. Exit status 0 when
 * every failure is explained, 1 otherwise.
 */
@Command(name = "suite", mixinStandardHelpOptions = true, description = "Run a conformance suite (singlestep).")
public final class SuiteCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SUITE", description = "singlestep")
    String suite;

    @Parameters(index = "1", paramLabel = "PATH", description = "A SingleStepTests folder or one opcode file (.json, .json.gz, .MOO.gz).")
    Path path;

    @Option(names = "--cpu", paramLabel = "8086|80286", description = "Chip the tests were captured on (default: from the path, else 8086).")
    String cpu;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", description = "Report format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--filter", paramLabel = "OPCODE", description = "Only these opcode files, e.g. F6 or F6.7 (comma-separated).")
    String filter;

    @Override
    public Integer call() throws IOException {
        if (!"singlestep".equals(suite)) throw new UserError("unknown suite '" + suite + "' (known: singlestep)");
        if (!Files.exists(path)) throw new UserError(path + ": no such file or folder");
        if (!format.equals("text") && !format.equals("json")) throw new UserError("--format must be text or json, not '" + format + "'");
        CpuKind kind;
        try {
            kind = cpu != null ? CpuKind.parse(cpu) : path.toString().contains("286") ? CpuKind.I80286 : CpuKind.I8086;
        } catch (IllegalArgumentException e) {
            throw new UserError("--cpu: " + e.getMessage());
        }
        SuiteOptions options = SuiteOptions.defaults().withExplained(explained());
        if (format.equals("text")) options = options.withProgress(new TextProgressBar(System.err));
        SuiteResult r = SingleStepSuite.run(path, kind, filter, new JvmxTestCpu(), options);
        if (r.passed() + r.failed() + r.skipped() == 0) {
            throw new UserError(path + ": no SingleStepTests files found"
                    + (filter == null ? "" : " matching --filter " + filter)
                    + " (expected XX.json, XX.json.gz or XX.MOO.gz files, e.g. in .../8086/v1)");
        }
        System.out.print(format.equals("json") ? ReportFormatter.json(r) : ReportFormatter.text(r, 20));
        System.out.flush();
        return r.unexplained() == 0 ? 0 : 1;
    }

    private static ExplainedFailures explained() throws IOException {
        Path tmp = Files.createTempFile("jvmx-explained", ".txt");
        try (var in = JvmxTestCpu.class.getResourceAsStream("explained-failures.txt")) {
            if (in == null) return ExplainedFailures.none();
            Files.write(tmp, in.readAllBytes());
            return ExplainedFailures.read(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
