package dev.jvmx.testsuites.diff;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The hand-written starter list of 64-bit forms ({@code starter-templates.txt} beside this
 * class): integer ALU, shifts, multiply/divide, bit operations, moves, conversions and a broad
 * SSE–SSE4.2/AES sample. It stands in until frontend-x86's definition table generates templates.
 */
public final class StarterTemplates {
    private static final String RESOURCE = "starter-templates.txt";

    private StarterTemplates() {}

    public static List<InstructionTemplate> load() {
        try (InputStream in = StarterTemplates.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " missing from the class path");
            return InstructionTemplate.parseAll(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
