package dev.jvmx.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.exec.Executor;
import dev.jvmx.runtime.exec.Interpreter;
import dev.jvmx.runtime.linux.GuestProcess;
import dev.jvmx.runtime.linux.ProcessIo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The committed static example programs, run end to end by the interpreter and by the tiered
 * executor in each tier with thresholds forced to 0 (block: every block translated before it first
 * runs; region: the same, and regions formed at a head's second dispatch): same output and status.
 */
class ExamplesTest {
    record Run(int status, String out, String err) {}

    static Path example(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path e = p.resolve("examples").resolve(name);
            if (Files.isRegularFile(e)) return e;
        }
        System.out.println("skipped: examples/" + name + " not found");
        Assumptions.abort("examples/" + name + " not found");
        return null;
    }

    static Run run(Path program, Executor x, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        GuestProcess p = GuestProcess.builder(program).args(List.of(args)).env(List.of("PATH=/usr/bin:/bin", "LANG=C"))
                .random(new SplittableRandom(5)).io(ProcessIo.of(new ByteArrayInputStream(new byte[0]), out, err)).load();
        int status = p.run(x).status();
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static TieredExecutor synchronous() {
        return new TieredExecutor(JitOptions.defaults().withThreshold(0).withBackground(false).withVerify(true));
    }

    static TieredExecutor tier(JitOptions.Mode mode) {
        return new TieredExecutor(JitOptions.defaults().withMode(mode).withThreshold(0).withRegionThreshold(1)
                .withBackground(false).withVerify(true));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "BLOCK, primes 3000", "REGION, primes 3000",
        "BLOCK, primes-pie 2000", "REGION, primes-pie 2000",
        "BLOCK, hello", "REGION, hello",
        "BLOCK, hello-glibc a b", "REGION, hello-glibc a b",
        "BLOCK, hello-musl", "REGION, hello-musl",
        "BLOCK, cat hello.S", "REGION, cat hello.S",
    })
    void everyExampleGivesTheInterpretersOutputInEveryTierWithThresholdZero(JitOptions.Mode mode, String command) throws Exception {
        String[] words = command.split(" ");
        Path program = example(words[0]);
        String[] args = java.util.Arrays.copyOfRange(words, 1, words.length);
        if (words[0].equals("cat")) args = new String[] {example(args[0]).toString()};
        Run ref = run(program, new Interpreter(), args);
        TieredExecutor x = tier(mode);
        assertEquals(ref, run(program, x, args));
        assertEquals(0, x.counters().interpretedBlocks(), x.counters().toString());
        assertTrue(x.counters().translations() > 0, x.counters().toString());
    }

    @Test
    void primesGivesTheSameOutputInEveryTier() throws Exception {
        Path primes = example("primes");
        Run ref = run(primes, new Interpreter(), "3000");
        assertTrue(ref.out().endsWith("430 primes up to 3000\n"), ref.out());
        TieredExecutor x = synchronous();
        assertEquals(ref, run(primes, x, "3000"));
        assertEquals(0, x.counters().interpretedBlocks(), x.counters().toString());
        assertTrue(x.counters().translations() > 10, x.counters().toString());
    }

    @Test
    void helloGlibcGivesTheSameOutputInEveryTier() throws Exception {
        Path hello = example("hello-glibc");
        Run ref = run(hello, new Interpreter());
        assertEquals(0, ref.status(), ref.err());
        TieredExecutor x = synchronous();
        assertEquals(ref, run(hello, x));
        assertEquals(0, x.counters().interpretedBlocks(), x.counters().toString());
    }

    @Test
    void backgroundCompilationKeepsTheGuestRunningAndInstallsTranslations() throws Exception {
        Path primes = example("primes");
        BackgroundCompiler compiler = new BackgroundCompiler("test-jit-compiler");
        try {
            JitOptions o = JitOptions.defaults().withThreshold(20).withVerify(true);
            TieredExecutor x = new TieredExecutor(o, dev.jvmx.runtime.cpu.CpuModel.defaultModel(), compiler);
            Run ref = run(primes, new Interpreter(), "20000");
            // the same binary again on the same executor until the compiler thread has delivered (a loaded host may be slow)
            for (int k = 0; k < 20 && x.counters().translatedBlocks() == 0; k++) assertEquals(ref, run(primes, x, "20000"));
            assertTrue(x.counters().compileRequests() > 0, x.counters().toString());
            assertTrue(x.counters().translatedBlocks() > 0, x.counters().toString());
            assertTrue(x.counters().interpretedBlocks() > 0, x.counters().toString());
        } finally {
            compiler.shutdown();
        }
    }
}
