package dev.jvmx.testsuites.singlestep;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/conformance/singlestep from the repository root (system property jvmx.root). */
final class Conformance {
    private Conformance() {
    }

    /** {@code rel} under the SingleStepTests data, or skips the calling test with the reason printed. */
    static Path require(String rel) {
        String root = System.getProperty("jvmx.root", System.getProperty("user.dir") + "/..");
        Path p = Path.of(root, "..", "shared", "conformance", "singlestep").resolve(rel).normalize();
        if (!Files.exists(p)) {
            System.out.println("SKIP: SingleStepTests data not found at " + p);
        }
        assumeTrue(Files.exists(p), "SingleStepTests data not found at " + p);
        return p;
    }
}
