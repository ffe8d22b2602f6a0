package dev.jvmx.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jvmx.runtime.linux.GuestProcess;
import dev.jvmx.runtime.linux.ProcessIo;
import dev.jvmx.runtime.linux.Termination;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Real static Linux programs on the interpreter: C sources (test resources) compiled at test time
 * with {@code gcc -static -O2} (glibc) and {@code musl-gcc -static -O2}, run through the process
 * layer, output and exit status checked. Skips, saying why, when a compiler is missing.
 */
class StaticProgramsTest {
    static Path compile(String compiler, String resource, String... extra) throws Exception {
        assumeTrue(Tools.onPath(compiler), compiler + " not found: static " + resource + " test skipped");
        assumeTrue(Tools.x86Linux(), "not an x86-64 Linux host");
        Path dir = Files.createTempDirectory("jvmx-static");
        Path src = dir.resolve(resource);
        try (InputStream in = StaticProgramsTest.class.getResourceAsStream("/dev/jvmx/runtime/cpu/" + resource)) {
            Files.write(src, in.readAllBytes());
        }
        Path exe = dir.resolve(resource.replace(".c", ""));
        List<String> cmd = new ArrayList<>(List.of(compiler, "-static", "-O2", "-o", exe.toString(), src.toString()));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(compiler + " failed: " + log);
        return exe;
    }

    record Run(Termination termination, String stdout, String stderr) {}

    static Run run(Path exe, List<String> args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        GuestProcess proc = GuestProcess.builder(exe).args(args).env(List.of("PATH=/bin", "LANG=C"))
                .io(ProcessIo.of(new ByteArrayInputStream(new byte[0]), out, err)).load();
        Termination t = proc.run(new Interpreter());
        return new Run(t, out.toString(), err.toString());
    }

    static void assertHello(Run r) {
        assertEquals("hello, world\n", r.stdout(), () -> "stderr: " + r.stderr() + " termination: " + r.termination());
        assertEquals(0, r.termination().status(), () -> "termination: " + r.termination() + " stderr: " + r.stderr());
    }

    /** Runs {@code exe} natively and in jvmx; stdout and exit status must agree. */
    static void assertSameAsNative(Path exe) throws Exception {
        Process p = new ProcessBuilder(exe.toString()).redirectErrorStream(false).start();
        p.getOutputStream().close();
        String nativeOut = new String(p.getInputStream().readAllBytes());
        assertEquals(true, p.waitFor(60, TimeUnit.SECONDS));
        Run r = run(exe, List.of());
        assertEquals(nativeOut, r.stdout(), () -> "stderr: " + r.stderr() + " termination: " + r.termination());
        assertEquals(p.exitValue(), r.termination().status(), () -> "termination: " + r.termination());
        assertEquals(true, nativeOut.contains("checksum"), "the program printed its checksums");
    }

    @Test
    void glibcStringFunctionsMatchNative() throws Exception {
        assertSameAsNative(compile("gcc", "strings.c"));
    }

    @Test
    void muslStringFunctionsMatchNative() throws Exception {
        assertSameAsNative(compile("musl-gcc", "strings.c"));
    }

    @Test
    void glibcFloatingPointMatchesNative() throws Exception {
        assertSameAsNative(compile("gcc", "float.c", "-lm"));
    }

    @Test
    void muslFloatingPointMatchesNative() throws Exception {
        assertSameAsNative(compile("musl-gcc", "float.c", "-lm"));
    }

    @Test
    void glibcMixedWorkloadMatchesNative() throws Exception {
        assertSameAsNative(compile("gcc", "workload.c"));
    }

    @Test
    void muslMixedWorkloadMatchesNative() throws Exception {
        assertSameAsNative(compile("musl-gcc", "workload.c"));
    }

    @Test
    void glibcStaticHelloWorld() throws Exception {
        assertHello(run(compile("gcc", "hello.c"), List.of()));
    }

    @Test
    void muslStaticHelloWorld() throws Exception {
        assertHello(run(compile("musl-gcc", "hello.c"), List.of()));
    }
}
