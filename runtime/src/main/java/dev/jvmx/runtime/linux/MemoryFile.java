package dev.jvmx.runtime.linux;

/** A read-only file whose bytes jvmx makes up when it is opened (/proc/self/maps). */
final class MemoryFile implements FileDescription {
    private final byte[] content;
    private final int flags, uid, gid;
    private long position;

    MemoryFile(byte[] content, int flags, int uid, int gid) {
        this.content = content;
        this.flags = flags;
        this.uid = uid;
        this.gid = gid;
    }

    @Override
    public long read(byte[] buf, int len) {
        long n = pread(buf, len, position);
        if (n > 0) position += n;
        return n;
    }

    @Override
    public long pread(byte[] buf, int len, long offset) {
        if (offset < 0) return -Errno.EINVAL;
        if (offset >= content.length) return 0;
        int n = (int) Math.min(len, content.length - offset);
        System.arraycopy(content, (int) offset, buf, 0, n);
        return n;
    }

    @Override
    public long write(byte[] buf, int len) { return -Errno.EBADF; }

    @Override
    public long lseek(long offset, int whence) {
        long base = whence == HostFile.SEEK_SET ? 0 : whence == HostFile.SEEK_CUR ? position : whence == HostFile.SEEK_END ? content.length : -1;
        if (base < 0 || base + offset < 0) return -Errno.EINVAL;
        position = base + offset;
        return position;
    }

    /** Like procfs: a regular file that claims size 0. */
    @Override
    public StatInfo stat() {
        long now = System.currentTimeMillis() * 1_000_000L;
        return new StatInfo(0x16, 1, StatInfo.S_IFREG | 0444, 1, uid, gid, 0, 0, now, now, now);
    }

    @Override
    public int statusFlags() { return flags; }
}
