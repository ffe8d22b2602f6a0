package dev.jvmx.runtime.linux;

/** /dev/null: reads end at once, writes vanish. The one host file the guest may open for writing. */
final class NullFile implements FileDescription {
    private final int flags, uid, gid;

    NullFile(int flags, int uid, int gid) {
        this.flags = flags;
        this.uid = uid;
        this.gid = gid;
    }

    @Override
    public long read(byte[] buf, int len) { return 0; }

    @Override
    public long write(byte[] buf, int len) { return len; }

    @Override
    public long lseek(long offset, int whence) { return 0; }

    @Override
    public StatInfo stat() { return StatInfo.charDevice(0x103, uid, gid); }

    @Override
    public int statusFlags() { return flags; }
}
