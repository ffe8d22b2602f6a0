package dev.jvmx.testsuites.singlestep;

import java.util.List;

/**
 * One failed test: where it is, which test, each difference ({@code "ax: expected 0x1234, got 0x1235"})
 * and, if the committed list of known failures has one, the explanation (else null).
 */
public record TestFailure(String opcode, int index, String hash, String name, List<String> differences,
        String explanation) {
    public TestFailure {
        differences = List.copyOf(differences);
    }
}
