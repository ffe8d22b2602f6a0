package dev.jvmx.runtime.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A directory opened with open(2): read gives -EISDIR, getdents64 lists it. */
final class DirectoryFile implements FileDescription {
    private static final byte DT_UNKNOWN = 0, DT_DIR = 4, DT_REG = 8, DT_LNK = 10;

    private final Path path;
    private final int flags;
    private List<String> names;
    private int next;

    DirectoryFile(Path path, int flags) {
        this.path = path;
        this.flags = flags;
    }

    @Override
    public long read(byte[] buf, int len) { return -Errno.EISDIR; }

    @Override
    public long write(byte[] buf, int len) { return -Errno.EBADF; }

    @Override
    public long lseek(long offset, int whence) {
        if (whence != HostFile.SEEK_SET || offset < 0) return -Errno.EINVAL;
        next = (int) Math.min(offset, Integer.MAX_VALUE);
        return next;
    }

    /** Fills {@code buf} with linux_dirent64 records; returns the bytes used, 0 at the end, -EINVAL if one does not fit. */
    long getdents64(byte[] buf, int len) throws IOException {
        if (names == null) {
            names = new ArrayList<>(List.of(".", ".."));
            try (Stream<Path> s = Files.list(path)) {
                s.map(p -> p.getFileName().toString()).sorted().forEach(names::add);
            }
        }
        ByteBuffer b = ByteBuffer.wrap(buf, 0, len).order(ByteOrder.LITTLE_ENDIAN);
        int used = 0;
        while (next < names.size()) {
            byte[] name = names.get(next).getBytes(StandardCharsets.UTF_8);
            int reclen = (19 + name.length + 1 + 7) & ~7;
            if (used + reclen > len) {
                if (used == 0) return -Errno.EINVAL;
                break;
            }
            b.putLong(used, next + 1L).putLong(used + 8, next + 1L).putShort(used + 16, (short) reclen);
            b.put(used + 18, type(names.get(next)));
            b.put(used + 19, name);
            for (int k = used + 19 + name.length; k < used + reclen; k++) b.put(k, (byte) 0);
            used += reclen;
            next++;
        }
        return used;
    }

    private byte type(String name) {
        Path p = path.resolve(name);
        if (Files.isSymbolicLink(p)) return DT_LNK;
        if (Files.isDirectory(p)) return DT_DIR;
        if (Files.isRegularFile(p)) return DT_REG;
        return DT_UNKNOWN;
    }

    @Override
    public StatInfo stat() throws IOException { return StatInfo.of(path, true); }

    @Override
    public Path path() { return path; }

    @Override
    public int statusFlags() { return flags; }
}
