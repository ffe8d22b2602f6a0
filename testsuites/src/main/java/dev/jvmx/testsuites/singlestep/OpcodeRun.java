package dev.jvmx.testsuites.singlestep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Runs the tests of one opcode file and tallies them. */
final class OpcodeRun {
    private final TestFile file;
    private final CpuKind kind;
    private final SuiteMetadata.OpcodeInfo info;
    private final RevocationList revoked;
    private final SuiteOptions options;
    private final List<TestFailure> failures = new ArrayList<>();
    private int passed, failed, skipped, unexplained;

    OpcodeRun(TestFile file, CpuKind kind, SuiteMetadata.OpcodeInfo info, RevocationList revoked, SuiteOptions options) {
        this.file = file;
        this.kind = kind;
        this.info = info;
        this.revoked = revoked;
        this.options = options;
    }

    OpcodeResult run(TestCpu cpu) throws IOException {
        boolean skipAll = options.skipStatuses().contains(info.status());
        file.read(t -> {
            if (skipAll || revoked.revoked(t.hash())) {
                skipped++;
            } else {
                tally(t, runOne(t, cpu));
            }
        });
        return new OpcodeResult(file.key(), info.status(), passed, failed, skipped, unexplained, failures);
    }

    private void tally(SingleStepTest t, List<String> diffs) {
        if (diffs.isEmpty()) {
            passed++;
            return;
        }
        failed++;
        String why = options.explained().reason(file.key(), t.hash());
        if (why == null) unexplained++;
        if (failures.size() < options.maxFailuresPerOpcode()) {
            failures.add(new TestFailure(file.key(), t.index(), t.hash(), t.name(), diffs, why));
        }
    }

    private List<String> runOne(SingleStepTest t, TestCpu cpu) {
        try {
            cpu.reset(kind);
            cpu.setRegisters(t.initial().regs());
            int[] a = t.initial().addresses(), v = t.initial().values();
            for (int i = 0; i < a.length; i++) cpu.writeMemory(a[i] & kind.addressMask(), v[i]);
            cpu.run(kind.stopAt(), options.maxInstructions());
            return TestComparator.compare(t, kind, info.flagsMask(), cpu);
        } catch (RuntimeException e) {
            return List.of("exception: " + e);
        }
    }
}
