package dev.jvmx.runtime.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** A host file opened read-only (regular files and readable devices such as /dev/urandom). */
final class HostFile implements FileDescription {
    static final int SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;

    private final Path path;
    private final FileChannel channel;
    private final int flags;

    HostFile(Path path, FileChannel channel, int flags) {
        this.path = path;
        this.channel = channel;
        this.flags = flags;
    }

    @Override
    public long read(byte[] buf, int len) throws IOException {
        int n = channel.read(ByteBuffer.wrap(buf, 0, len));
        return n < 0 ? 0 : n;
    }

    @Override
    public long pread(byte[] buf, int len, long offset) throws IOException {
        if (offset < 0) return -Errno.EINVAL;
        int n = channel.read(ByteBuffer.wrap(buf, 0, len), offset);
        return n < 0 ? 0 : n;
    }

    @Override
    public long write(byte[] buf, int len) { return -Errno.EBADF; }

    @Override
    public long lseek(long offset, int whence) throws IOException {
        long base = switch (whence) {
            case SEEK_SET -> 0;
            case SEEK_CUR -> channel.position();
            case SEEK_END -> channel.size();
            default -> -1;
        };
        if (base < 0) return -Errno.EINVAL;
        long pos = base + offset;
        if (pos < 0) return -Errno.EINVAL;
        channel.position(pos);
        return pos;
    }

    @Override
    public StatInfo stat() throws IOException { return StatInfo.of(path, true); }

    @Override
    public Path path() { return path; }

    @Override
    public int statusFlags() { return flags; }

    @Override
    public void close() throws IOException { channel.close(); }
}
