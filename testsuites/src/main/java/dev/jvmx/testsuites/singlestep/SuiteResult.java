package dev.jvmx.testsuites.singlestep;

import java.util.ArrayList;
import java.util.List;

/** The outcome of a suite run: one {@link OpcodeResult} per opcode file, in file order. */
public record SuiteResult(CpuKind cpu, List<OpcodeResult> opcodes) {
    public SuiteResult {
        opcodes = List.copyOf(opcodes);
    }

    public int passed() {
        return opcodes.stream().mapToInt(OpcodeResult::passed).sum();
    }

    public int failed() {
        return opcodes.stream().mapToInt(OpcodeResult::failed).sum();
    }

    public int skipped() {
        return opcodes.stream().mapToInt(OpcodeResult::skipped).sum();
    }

    /** Failed tests without an explanation in the known-failures list. */
    public int unexplained() {
        return opcodes.stream().mapToInt(OpcodeResult::unexplained).sum();
    }

    /** Every recorded failure, in file order. */
    public List<TestFailure> failures() {
        List<TestFailure> all = new ArrayList<>();
        opcodes.forEach(o -> all.addAll(o.failures()));
        return all;
    }

    /** Passed tests as a share of the tests run (skipped ones excluded), 0..1. */
    public double passRate() {
        int run = passed() + failed();
        return run == 0 ? 0 : (double) passed() / run;
    }
}
