package dev.jvmx.runtime.exec;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@link HostDiffTest} cases again, but fetched from memory and decoded by the real decoder
 * ({@link Interpreter#run}): checks that decoder and semantics agree on operands, and that RIP
 * advances by the instruction length.
 */
class DecodedDiffTest {
    @BeforeAll
    static void runOnHost() {
        HostDiffTest.runOnHost();
    }

    @Test
    void decodedInstructionsMatchTheHostCpu() {
        assumeTrue(HostDiffTest.cases != null, "host harness unavailable");
        HostDiffTest.check(true);
    }
}
