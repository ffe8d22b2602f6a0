package dev.jvmx.testsuites.diff;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Compiles the native harness (the sources under {@code src/main/c/hostrun}, shipped as
 * class-path resources) with the host's gcc, once per JVM and architecture, into a temporary
 * directory. Nothing native is ever committed. The harness is freestanding (raw system calls,
 * no libc), so the 32-bit build needs only gcc and binutils, not gcc-multilib. When the host
 * cannot run it (not Linux x86-64, no gcc, compile error) the result says why; tests skip
 * with that reason.
 */
public final class HostHarnessBuild {
    static final String SOURCE_DIR = "/dev/jvmx/testsuites/diff/hostrun/";
    static final List<String> SOURCES = List.of("hostrun.c", "arch-x86_64.h", "arch-i386.h");
    static final List<String> FLAGS = List.of("-O2", "-Wall", "-static", "-nostdlib", "-ffreestanding", "-fno-pie",
            "-no-pie", "-fno-stack-protector", "-fno-asynchronous-unwind-tables");

    /** The harness binary, or the reason there is none. */
    public record Result(Path binary, String reason) {
        public boolean available() {
            return binary != null;
        }
    }

    private static final Map<HostArch, Result> BUILT = new EnumMap<>(HostArch.class);

    private HostHarnessBuild() {}

    /** The harness for {@code arch}, built on first use. */
    public static synchronized Result of(HostArch arch) {
        return BUILT.computeIfAbsent(arch, HostHarnessBuild::build);
    }

    /** The 64-bit harness. */
    public static Result bits64() {
        return of(HostArch.X86_64);
    }

    private static Result build(HostArch arch) {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String cpu = System.getProperty("os.arch");
        if (!os.contains("linux") || !(cpu.equals("amd64") || cpu.equals("x86_64"))) {
            return new Result(null, "host is " + os + "/" + cpu + ", the harness needs Linux x86-64");
        }
        try {
            Path dir = Files.createTempDirectory("jvmx-hostrun-" + arch.bits());
            dir.toFile().deleteOnExit();
            for (String name : SOURCES) {
                try (InputStream in = HostHarnessBuild.class.getResourceAsStream(SOURCE_DIR + name)) {
                    if (in == null) return new Result(null, "harness source " + name + " missing from the class path");
                    Path f = dir.resolve(name);
                    Files.write(f, in.readAllBytes());
                    f.toFile().deleteOnExit();
                }
            }
            Path bin = dir.resolve("hostrun" + arch.bits());
            List<String> cmd = new ArrayList<>(List.of("gcc"));
            cmd.addAll(FLAGS);
            if (!arch.gccFlag().isEmpty()) cmd.add(arch.gccFlag());
            cmd.addAll(List.of("-o", bin.toString(), dir.resolve("hostrun.c").toString()));
            String err = run(cmd);
            if (err != null) return new Result(null, "gcc " + arch.gccFlag() + " failed on hostrun.c: " + err);
            bin.toFile().deleteOnExit();
            String smoke = smokeTest(bin, arch);
            return smoke == null ? new Result(bin, null) : new Result(null, smoke);
        } catch (IOException e) {
            return new Result(null, "cannot run gcc (is it installed?): " + e.getMessage());
        }
    }

    /**
     * Starts the harness with no input: it must greet and exit cleanly. Catches hosts whose
     * kernel cannot run the binary (e.g. no IA32 emulation for the 32-bit build).
     */
    private static String smokeTest(Path bin, HostArch arch) {
        try {
            Process p = new ProcessBuilder(bin.toString()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            try (InputStream in = p.getInputStream()) {
                HostProtocol.readHello(in, arch);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "the " + arch.bits() + "-bit harness did not exit on empty input";
            }
            return p.exitValue() == 0 ? null : "the " + arch.bits() + "-bit harness exited " + p.exitValue() + " on empty input";
        } catch (IOException e) {
            return "the " + arch.bits() + "-bit harness does not run here: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Runs a command; null on success, else its output. */
    private static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
            return p.exitValue() == 0 ? null : out.isBlank() ? "exit " + p.exitValue() : out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
