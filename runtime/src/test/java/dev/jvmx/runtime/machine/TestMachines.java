package dev.jvmx.runtime.machine;

import dev.jvmx.runtime.machine.boot.BootException;
import dev.jvmx.runtime.machine.boot.CpuMode;
import dev.jvmx.runtime.machine.dev.ManualClock;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Machines for monitor tests: a one-byte flat real-mode image, a manual clock, output captured. */
final class TestMachines {
    private TestMachines() {
    }

    static MachineConfig.Builder flat(Path dir, OutputStream out) {
        try {
            Path img = dir.resolve("hlt.bin");
            Files.write(img, new byte[] {(byte) 0xF4});
            return MachineConfig.builder(new BootSource.Flat(img, 0x7C00, CpuMode.REAL, 0x7C00))
                    .memory(4 << 20).stdout(out).serial("stdio").clock(new ManualClock());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Machine create(MachineConfig cfg) {
        try {
            return Machine.create(cfg);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (BootException e) {
            throw new IllegalStateException(e);
        }
    }
}
