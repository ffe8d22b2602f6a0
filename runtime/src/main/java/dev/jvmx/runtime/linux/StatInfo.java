package dev.jvmx.runtime.linux;

import dev.jvmx.runtime.mem.GuestMemory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * What stat(2) reports about a file, and its x86-64 {@code struct stat} encoding (144 bytes,
 * arch/x86/include/uapi/asm/stat.h):
 * <pre>
 *    0 st_dev     8 st_ino     16 st_nlink   24 st_mode(4) st_uid(4)   32 st_gid(4) pad(4)
 *   40 st_rdev   48 st_size    56 st_blksize 64 st_blocks
 *   72 st_atime, st_atime_nsec   88 st_mtime, st_mtime_nsec   104 st_ctime, st_ctime_nsec   120 unused[3]
 * </pre>
 */
record StatInfo(long dev, long ino, int mode, long nlink, int uid, int gid, long rdev, long size,
                long atimeNanos, long mtimeNanos, long ctimeNanos) {
    static final int SIZE = 144;
    static final int S_IFMT = 0170000, S_IFIFO = 0010000, S_IFCHR = 0020000, S_IFDIR = 0040000,
            S_IFREG = 0100000, S_IFLNK = 0120000;

    /** A pipe (guest stdio connected to Java streams). */
    static StatInfo pipe(int uid, int gid) {
        long now = System.currentTimeMillis() * 1_000_000L;
        return new StatInfo(0xC, 1, S_IFIFO | 0600, 1, uid, gid, 0, 0, now, now, now);
    }

    /** A character device such as /dev/null (major:minor in {@code rdev}). */
    static StatInfo charDevice(long rdev, int uid, int gid) {
        long now = System.currentTimeMillis() * 1_000_000L;
        return new StatInfo(5, rdev, S_IFCHR | 0666, 1, uid, gid, rdev, 0, now, now, now);
    }

    /** The host's stat of {@code p}, from the "unix" attribute view where the JDK has it. */
    static StatInfo of(Path p, boolean followLinks) throws IOException {
        LinkOption[] opts = followLinks ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:*", opts);
            return new StatInfo(num(a, "dev"), num(a, "ino"), (int) num(a, "mode"), num(a, "nlink"), (int) num(a, "uid"),
                    (int) num(a, "gid"), num(a, "rdev"), num(a, "size"), nanos(a.get("lastAccessTime")),
                    nanos(a.get("lastModifiedTime")), nanos(a.get("ctime")));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            BasicFileAttributes b = Files.readAttributes(p, BasicFileAttributes.class, opts);
            int type = b.isDirectory() ? S_IFDIR : b.isSymbolicLink() ? S_IFLNK : b.isRegularFile() ? S_IFREG : S_IFCHR;
            int perm = b.isDirectory() ? 0755 : Files.isExecutable(p) ? 0755 : 0644;
            return new StatInfo(1, b.fileKey() != null ? b.fileKey().hashCode() & 0xFFFFFFFFL : 1, type | perm, 1, 0, 0, 0,
                    b.size(), nanos(b.lastAccessTime()), nanos(b.lastModifiedTime()), nanos(b.lastModifiedTime()));
        }
    }

    private static long num(Map<String, Object> a, String key) {
        return a.get(key) instanceof Number n ? n.longValue() : 0;
    }

    private static long nanos(Object t) {
        return t instanceof FileTime f ? f.to(java.util.concurrent.TimeUnit.NANOSECONDS) : 0;
    }

    boolean isDirectory() { return (mode & S_IFMT) == S_IFDIR; }

    void writeTo(GuestMemory mem, long addr) {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, dev).putLong(8, ino).putLong(16, nlink).putInt(24, mode).putInt(28, uid).putInt(32, gid)
                .putLong(40, rdev).putLong(48, size).putLong(56, 4096).putLong(64, (size + 511) / 512);
        putTime(b, 72, atimeNanos);
        putTime(b, 88, mtimeNanos);
        putTime(b, 104, ctimeNanos);
        mem.write(addr, b.array(), 0, SIZE);
    }

    /**
     * {@code struct statx} (256 bytes, include/uapi/linux/stat.h): mask, blksize, attributes, nlink,
     * uid, gid, mode(16), ino, size, blocks, attributes_mask, then atime/btime/ctime/mtime as
     * {s64 sec, u32 nsec, pad} at 64/80/96/112, rdev and dev as major/minor at 128..143.
     */
    void writeStatxTo(GuestMemory mem, long addr) {
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x7FF).putInt(4, 4096).putInt(16, (int) nlink).putInt(20, uid).putInt(24, gid)
                .putShort(28, (short) mode).putLong(32, ino).putLong(40, size).putLong(48, (size + 511) / 512);
        putStatxTime(b, 64, atimeNanos);
        putStatxTime(b, 96, ctimeNanos);
        putStatxTime(b, 112, mtimeNanos);
        b.putInt(128, major(rdev)).putInt(132, minor(rdev)).putInt(136, major(dev)).putInt(140, minor(dev));
        mem.write(addr, b.array(), 0, 256);
    }

    private static int major(long dev) { return (int) (((dev >>> 8) & 0xFFF) | ((dev >>> 32) & ~0xFFFL)); }

    private static int minor(long dev) { return (int) ((dev & 0xFF) | ((dev >>> 12) & ~0xFFL)); }

    private static void putStatxTime(ByteBuffer b, int at, long nanos) {
        b.putLong(at, Math.floorDiv(nanos, 1_000_000_000L)).putInt(at + 8, (int) Math.floorMod(nanos, 1_000_000_000L));
    }

    private static void putTime(ByteBuffer b, int at, long nanos) {
        b.putLong(at, Math.floorDiv(nanos, 1_000_000_000L)).putLong(at + 8, Math.floorMod(nanos, 1_000_000_000L));
    }
}
