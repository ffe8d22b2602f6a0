package dev.jvmx.testsuites.diff;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The host CPU as a {@link GuestCpu}: one long-lived native harness process fed cases over a
 * pipe ({@link HostProtocol}). A batch is written by a helper thread while this thread reads
 * results, so neither side blocks the other; 100k cases take well under a second of harness time.
 * Close it to end the process. Not for concurrent use (methods are synchronized).
 */
public final class HostCpu implements GuestCpu, AutoCloseable {
    private final Process process;
    private final OutputStream toHarness;
    private final InputStream fromHarness;
    private final Path stderrLog;
    private final HostArch arch;
    private int nextId;

    private HostCpu(Process process, Path stderrLog, HostArch arch) throws IOException {
        this.process = process;
        this.stderrLog = stderrLog;
        this.arch = arch;
        this.toHarness = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
        this.fromHarness = new BufferedInputStream(process.getInputStream(), 1 << 16);
        this.xsaveMask = HostProtocol.readHello(fromHarness, arch);
    }

    /** Starts a 64-bit harness whose snippets time out after {@code timeout} of wall time. */
    public static HostCpu start(Duration timeout) {
        return start(HostArch.X86_64, timeout);
    }

    /**
     * Starts a harness of the given architecture whose snippets time out after {@code timeout}.
     *
     * @throws IllegalStateException with the reason when the host cannot run the harness
     *                               ({@link HostHarnessBuild#of(HostArch)} tells beforehand)
     */
    public static HostCpu start(HostArch arch, Duration timeout) {
        HostHarnessBuild.Result build = HostHarnessBuild.of(arch);
        if (!build.available()) throw new IllegalStateException(build.reason());
        try {
            Path log = Files.createTempFile("jvmx-hostrun", ".stderr");
            log.toFile().deleteOnExit();
            Process p = new ProcessBuilder(build.binary().toString(), Long.toString(Math.max(1, timeout.toMillis())))
                    .redirectError(log.toFile())
                    .start();
            try {
                return new HostCpu(p, log, arch);
            } catch (IOException e) {
                p.destroyForcibly();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the host harness", e);
        }
    }

    /** Starts a harness with a 100 ms snippet time-out. */
    public static HostCpu start() {
        return start(Duration.ofMillis(100));
    }

    private final long xsaveMask;

    /**
     * The XSAVE state components the harness loads and reports (SDM Vol. 1 §13.3): 0 = FXSAVE
     * only, 3 = x87 and SSE, 7 = also AVX, i.e. YMM upper halves are live and compared.
     */
    public long xsaveMask() {
        return xsaveMask;
    }

    /** True when the host harness loads and reports the YMM upper halves. */
    public boolean hasAvxState() {
        return (xsaveMask & 4) != 0;
    }

    /** The mode the snippets run in. */
    public HostArch arch() {
        return arch;
    }

    @Override
    public synchronized Outcome run(byte[] code, MachineState initial) {
        return runAll(List.of(new TestCase(code, initial, 0, ""))).getFirst();
    }

    @Override
    public synchronized List<Outcome> runAll(List<TestCase> cases) {
        int firstId = nextId;
        nextId += cases.size();
        AtomicReference<IOException> writeFailure = new AtomicReference<>();
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < cases.size(); i++) {
                    TestCase c = cases.get(i);
                    toHarness.write(HostProtocol.encodeCase(firstId + i, c.code(), c.initial()));
                }
                toHarness.flush();
            } catch (IOException e) {
                writeFailure.set(e);
            }
        });
        List<Outcome> out = new ArrayList<>(cases.size());
        try {
            for (int i = 0; i < cases.size(); i++) {
                out.add(HostProtocol.readResult(fromHarness, firstId + i, cases.get(i).initial()));
            }
            writer.join();
        } catch (IOException e) {
            String why = e.getMessage() + diagnostics(writeFailure.get());
            process.destroyForcibly();   // unblocks the writer; this HostCpu is unusable now
            throw new UncheckedIOException(why, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running cases", e);
        }
        if (writeFailure.get() != null) throw new UncheckedIOException("writing cases failed", writeFailure.get());
        return out;
    }

    /** What the harness printed on stderr so far (e.g. sandbox restarts after crashes). */
    public String harnessLog() {
        try {
            return Files.readString(stderrLog, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read harness log: " + e.getMessage() + ")";
        }
    }

    private String diagnostics(IOException writeError) {
        String alive = process.isAlive() ? "harness alive" : "harness exited " + process.exitValue();
        String w = writeError == null ? "" : "; write: " + writeError.getMessage();
        return " (" + alive + w + "; stderr: " + harnessLog().strip() + ")";
    }

    @Override
    public synchronized void close() {
        try {
            toHarness.close();
        } catch (IOException ignored) {
            // the process may be gone already; destroy below either way
        }
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
