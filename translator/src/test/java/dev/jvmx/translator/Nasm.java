package dev.jvmx.translator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Test helper: assembles a snippet with {@code nasm -f bin}; tests are skipped, with the reason printed, without nasm. */
final class Nasm {
    private Nasm() {}

    static void require() {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            found |= Files.isExecutable(Path.of(dir, "nasm"));
        }
        if (!found) System.out.println("skipped: nasm is not on the PATH");
        Assumptions.assumeTrue(found, "nasm is not on the PATH");
    }

    /** 64-bit code assembled to run at {@code org}. */
    static byte[] assemble(long org, String source) {
        try {
            Path dir = Files.createTempDirectory("jvmx-jit-nasm");
            Path in = dir.resolve("in.asm"), out = dir.resolve("out.bin");
            Files.writeString(in, "BITS 64\norg " + org + "\n" + source + "\n");
            Process p = new ProcessBuilder("nasm", "-f", "bin", "-o", out.toString(), in.toString()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("nasm failed: " + log + "\n" + source);
            byte[] code = Files.readAllBytes(out);
            Files.delete(in);
            Files.delete(out);
            Files.delete(dir);
            return code;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
