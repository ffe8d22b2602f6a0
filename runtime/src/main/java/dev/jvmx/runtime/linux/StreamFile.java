package dev.jvmx.runtime.linux;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Guest stdin/stdout/stderr: a host stream, unbuffered (the guest's C library buffers). When the
 * stream is the JVM's own fd 0-2, {@code hostFd} names it so stat and the terminal test see the
 * real file behind it ({@code /proc/self/fd/N} on Linux hosts); otherwise it looks like a pipe.
 */
final class StreamFile implements FileDescription {
    private final InputStream in;
    private final OutputStream out;
    private final boolean terminal;
    private final Path hostFd;
    private final int uid, gid;

    StreamFile(InputStream in, OutputStream out, boolean terminal, Path hostFd, int uid, int gid) {
        this.in = in;
        this.out = out;
        this.terminal = terminal;
        this.hostFd = hostFd;
        this.uid = uid;
        this.gid = gid;
    }

    @Override
    public long read(byte[] buf, int len) throws IOException {
        if (in == null) return -Errno.EBADF;
        if (len == 0) return 0;
        int n = in.read(buf, 0, len);
        return n < 0 ? 0 : n;
    }

    @Override
    public long write(byte[] buf, int len) throws IOException {
        if (out == null) return -Errno.EBADF;
        out.write(buf, 0, len);
        out.flush();
        return len;
    }

    @Override
    public StatInfo stat() {
        if (hostFd != null) {
            try {
                return StatInfo.of(hostFd, true);
            } catch (IOException | RuntimeException e) {
                // fall through: describe it as a pipe
            }
        }
        return terminal ? StatInfo.charDevice(0x8800, uid, gid) : StatInfo.pipe(uid, gid);
    }

    @Override
    public boolean isTerminal() { return terminal; }

    @Override
    public int statusFlags() { return in != null ? 0 : 1; }
}
