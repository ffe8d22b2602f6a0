package dev.jvmx.translator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.machine.roms.RomSuiteTest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole ROM suite of the runtime ({@link RomSuiteTest}: every committed image, its stop,
 * exit code, debug-console and COM1 output) with the machine JIT translating every block before
 * its first run (threshold 0, every generated class verified), and once more at the default
 * threshold so hot and cold blocks mix. Each run also checks that translated code ran.
 */
class MachineJitRomSuiteTest {
    @TempDir
    java.nio.file.Path dir;

    @TestFactory
    Stream<DynamicTest> everyRomRunsWithEveryBlockTranslated() throws Exception {
        return suite(JitOptions.defaults().withMode(JitOptions.Mode.BLOCK).withThreshold(0).withVerify(true), true);
    }

    @TestFactory
    Stream<DynamicTest> everyRomRunsAtTheDefaultThreshold() throws Exception {
        return suite(JitOptions.defaults().withMode(JitOptions.Mode.BLOCK), false);
    }

    private Stream<DynamicTest> suite(JitOptions options, boolean mustTranslate) throws Exception {
        return RomSuiteTest.roms().stream().map(r -> DynamicTest.dynamicTest(r.name(), () -> {
            List<MachineJit> jits = new ArrayList<>();
            RomSuiteTest.check(r, dir, monitor -> monitor.useTranslators(() -> {
                MachineJit j = new MachineJit(options);
                synchronized (jits) {
                    jits.add(j);
                }
                return j;
            }));
            assertTrue(!jits.isEmpty(), r.name() + ": no vCPU asked for a translator");
            // ROMs that stay in real mode or 16-bit code never reach translated code; the rest must
            long translated = jits.stream().mapToLong(j -> j.counters().translatedInstructions()).sum();
            if (mustTranslate && PROTECTED_OR_LONG.contains(r.name())) {
                assertTrue(translated > 0, r.name() + ": no instruction ran as translated code: " + jits.get(0).counters());
            }
        }));
    }

    /** ROMs that run straight-line code in flat 32-bit protected mode or 64-bit mode. */
    private static final java.util.Set<String> PROTECTED_OR_LONG = java.util.Set.of("long_flat", "multiboot64", "syscall");
}
