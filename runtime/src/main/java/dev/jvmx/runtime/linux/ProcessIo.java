package dev.jvmx.runtime.linux;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The guest's fds 0, 1, 2. {@link #inherit()} hands it the JVM's own standard streams; a
 * terminal is recognised per fd by where {@code /proc/self/fd/N} points ({@code /dev/pts/*},
 * {@code /dev/tty*}, {@code /dev/console}), and on hosts without /proc by
 * {@code System.console().isTerminal()} (then fds 0-2 are terminals only if stdin and stdout both
 * are). {@link #of} gives streams that look like pipes (tests, embedding).
 */
public record ProcessIo(InputStream stdin, OutputStream stdout, OutputStream stderr,
                        boolean[] terminal, boolean hostStdio) {

    public static ProcessIo inherit() {
        boolean[] tty = new boolean[3];
        for (int fd = 0; fd < 3; fd++) tty[fd] = isTerminal(fd);
        return new ProcessIo(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out),
                new FileOutputStream(FileDescriptor.err), tty, true);
    }

    public static ProcessIo of(InputStream stdin, OutputStream stdout, OutputStream stderr) {
        return new ProcessIo(stdin, stdout, stderr, new boolean[3], false);
    }

    static boolean isTerminal(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            String target = Files.readSymbolicLink(link).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (Exception e) {
            java.io.Console c = System.console();
            return c != null && c.isTerminal();
        }
    }

    /** The host path behind guest fd {@code fd} (0-2) for stat, or null when the streams are not the JVM's. */
    Path hostFd(int fd) {
        Path p = Path.of("/proc/self/fd/" + fd);
        return hostStdio && Files.exists(p) ? p : null;
    }
}
