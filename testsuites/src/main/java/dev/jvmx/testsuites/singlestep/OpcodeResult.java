package dev.jvmx.testsuites.singlestep;

import java.util.List;

/**
 * The outcome of one opcode file: counts (of the failed tests, {@code unexplained} have no entry in
 * the known-failures list) and the recorded failures (at most a configured number).
 */
public record OpcodeResult(String opcode, String status, int passed, int failed, int skipped, int unexplained,
        List<TestFailure> failures) {
    public OpcodeResult {
        failures = List.copyOf(failures);
    }

    public int total() {
        return passed + failed + skipped;
    }
}
