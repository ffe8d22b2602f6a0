package dev.jvmx.cli;

import dev.jvmx.runtime.exec.Executor;
import dev.jvmx.runtime.exec.Interpreter;
import dev.jvmx.runtime.linux.GuestProcess;
import dev.jvmx.runtime.linux.Termination;
import dev.jvmx.runtime.loader.LoadException;
import dev.jvmx.translator.JitOptions;
import dev.jvmx.translator.TieredExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jvmx run PROGRAM [ARGS...]}: runs a static x86-64 Linux program and exits with its exit
 * status. Everything after PROGRAM goes to the guest untouched, options included
 * ({@code jvmx run prog -x} gives the guest {@code -x}).
 *
 * <p>Exit status: the guest's own (0-255; 128+N when signal N killed it, after a one-line
 * {@code jvmx: guest killed by ...} on stderr); 2 when the program cannot be loaded (one line
 * {@code jvmx: <file>: <problem>}); 70 for an internal error.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a static x86-64 Linux program (ET_EXEC or static-PIE) and exit with its status.")
public final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PROGRAM", description = "The static x86-64 Linux ELF executable.")
    Path program;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the program (passed as they are).")
    List<String> args = new ArrayList<>();

    @Option(names = "--jit", paramLabel = "off|block|region", defaultValue = "region",
            description = "Execution tiers: off (interpreter only), block (tier 1), region (tiers 1 and 2; default).")
    String jit;

    @Option(names = "--jit-threshold", paramLabel = "N", defaultValue = "" + JitOptions.DEFAULT_THRESHOLD,
            description = "Translate a block after it ran N times (0: before its first run; default: ${DEFAULT-VALUE}).")
    int jitThreshold;

    @Option(names = "--dump-jit", paramLabel = "DIR",
            description = "Write each translation's guest disassembly and bytecode listing into DIR.")
    Path dumpJit;

    /** The first positional ends jvmx's options: the rest belongs to the guest, dashes and all. */
    @Spec
    void configure(CommandSpec spec) {
        spec.parser().stopAtPositional(true);
        spec.parser().unmatchedOptionsArePositionalParams(true);
    }

    @Override
    public Integer call() {
        GuestProcess process;
        try {
            process = GuestProcess.builder(program).args(args == null ? List.of() : args).load();
        } catch (LoadException e) {
            throw new UserError(e.getMessage(), Main.EXIT_USAGE);
        }
        Termination end = process.run(executor());
        return end.status();
    }

    /** The execution tiers the options ask for: the interpreter alone, or the tiered JIT over it. */
    Executor executor() {
        JitOptions options;
        try {
            options = JitOptions.defaults().withMode(JitOptions.parseMode(jit)).withThreshold(jitThreshold)
                    .withDumpDir(dumpJit);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (dumpJit != null) {
            try {
                java.nio.file.Files.createDirectories(dumpJit);
            } catch (java.io.IOException e) {
                throw new UserError("--dump-jit: cannot create " + dumpJit + ": " + e.getMessage());
            }
        }
        return options.translates() ? new TieredExecutor(options) : new Interpreter();
    }
}
