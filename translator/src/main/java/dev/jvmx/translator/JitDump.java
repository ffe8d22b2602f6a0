package dev.jvmx.translator;

import dev.jvmx.x86.Instruction;
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

    static void write(Path dir, BlockTranslator.Generated g, Instruction[] ins) {
        try {
            Files.createDirectories(dir);
            String file = String.format("%x-%d.txt", ins[0].address(), SEQUENCE.incrementAndGet());
            Files.writeString(dir.resolve(file), Listing.of(ins, g.count(), g.bytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JIT dump to " + dir, e);
        }
    }
}
