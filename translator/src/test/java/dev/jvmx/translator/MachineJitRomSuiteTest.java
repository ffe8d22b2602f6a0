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
            // at threshold 0 every ROM with flat 32-bit or 64-bit code must run some of it translated
            long translated = jits.stream().mapToLong(j -> j.counters().translatedInstructions()).sum();
            System.out.println("machine jit, " + r.name() + ": " + translated + " instructions translated");
            if (mustTranslate && PROTECTED_OR_LONG.contains(r.name())) {
                assertTrue(translated > 0, r.name() + ": no instruction ran as translated code: " + jits.get(0).counters());
            }
        }));
    }

    /**
     * ROMs with code in 64-bit mode or flat 32-bit protected mode that this class runs (the
     * others stay in real mode, 16-bit code or non-flat segments, which the interpreter keeps).
     */
    private static final java.util.Set<String> PROTECTED_OR_LONG = java.util.Set.of("apic_timer", "data_breakpoints", "exceptions",
            "long_flat", "multiboot64", "paging", "privilege", "real_to_protected", "ring3_gate", "self_modifying", "syscall",
            "task_switch", "task_switch16", "v86");
}
