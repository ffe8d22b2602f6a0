package dev.jvmx.translator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code --dump-jit=DIR}: one file per translation, {@code <address>-<n>.txt}, holding its
 * {@link Listing} (guest disassembly beside the bytecode). {@code n} counts translations of the
 * same address (retranslation after eviction or invalidation) across the JVM.
 */
final class JitDump {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private JitDump() {}

    static void write(Path dir, BlockTranslator.Generated g) {
        try {
            Files.createDirectories(dir);
            String file = String.format("%x-%d.txt", g.segments()[0].start(), SEQUENCE.incrementAndGet());
            Files.writeString(dir.resolve(file), Listing.of(g.segments(), g.bytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JIT dump to " + dir, e);
        }
    }
}
