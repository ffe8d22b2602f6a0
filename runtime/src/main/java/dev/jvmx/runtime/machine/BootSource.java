package dev.jvmx.runtime.machine;

import dev.jvmx.runtime.machine.boot.CpuMode;
import java.nio.file.Path;
import java.util.List;

/** What {@code jvmx boot} boots: exactly one of {@code --rom}, {@code --kernel} or {@code --flat}. */
public sealed interface BootSource {
    /** {@code --rom FILE}: firmware at the reset vector. */
    record Rom(Path file) implements BootSource { }

    /** {@code --kernel FILE [--cmdline S] [--module FILE]...}: a Multiboot v1 kernel. */
    record Kernel(Path file, String cmdline, List<Path> modules) implements BootSource {
        public Kernel {
            modules = List.copyOf(modules);
            cmdline = cmdline == null ? "" : cmdline;
        }
    }

    /** {@code --flat FILE --load ADDR --mode M [--entry ADDR]} (entry defaults to the load address). */
    record Flat(Path file, long load, CpuMode mode, long entry) implements BootSource {
        /** Without {@code --entry}: start at the load address. */
        public Flat(Path file, long load, CpuMode mode) {
            this(file, load, mode, load);
        }
    }
}
