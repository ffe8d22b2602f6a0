package dev.jvmx.runtime.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** stat family, readlink, access, getcwd and chdir: system calls that name files by path. */
final class PathSyscalls {
    static final int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_EMPTY_PATH = 0x1000;
    static final int R_OK = 4, W_OK = 2, X_OK = 1;

    private final ProcessContext p;

    PathSyscalls(ProcessContext p) { this.p = p; }

    long fstat(int fd, long buf) throws IOException {
        p.fds.get(fd).stat().writeTo(p.mem, buf);
        return 0;
    }

    long newfstatat(int dirfd, long pathAddr, long buf, int flags) throws IOException {
        statAt(dirfd, pathAddr, flags).writeTo(p.mem, buf);
        return 0;
    }

    /** statx(2): the same facts in {@code struct statx}; the mask asked for is ignored (all basic stats given). */
    long statx(int dirfd, long pathAddr, int flags, long buf) throws IOException {
        statAt(dirfd, pathAddr, flags).writeStatxTo(p.mem, buf);
        return 0;
    }

    private StatInfo statAt(int dirfd, long pathAddr, int flags) throws IOException {
        String name = UserMemory.readPath(p.mem, pathAddr);
        if (name.isEmpty() && (flags & AT_EMPTY_PATH) != 0) {
            return dirfd == AT_FDCWD ? StatInfo.of(p.cwd, true) : p.fds.get(dirfd).stat();
        }
        return statOf(p.resolve(dirfd, name), (flags & AT_SYMLINK_NOFOLLOW) == 0);
    }

    private StatInfo statOf(Path path, boolean follow) throws IOException {
        if (p.isSelfExe(path) && follow) path = p.exe;
        if (path.normalize().toString().equals("/dev/null")) return new NullFile(0, p.id.uid(), p.id.gid()).stat();
        return StatInfo.of(path, follow);
    }

    long stat(Path path, long buf, boolean follow) throws IOException {
        statOf(path, follow).writeTo(p.mem, buf);
        return 0;
    }

    long stat(long pathAddr, long buf, boolean follow) throws IOException {
        return stat(p.resolve(AT_FDCWD, UserMemory.readPath(p.mem, pathAddr)), buf, follow);
    }

    long readlinkat(int dirfd, long pathAddr, long buf, long size) throws IOException {
        if (size <= 0) return -Errno.EINVAL;
        Path path = p.resolve(dirfd, UserMemory.readPath(p.mem, pathAddr));
        String target;
        if (p.isSelfExe(path)) target = p.exe.toString();
        else if (!Files.isSymbolicLink(path)) return Files.exists(path) ? -Errno.EINVAL : -Errno.ENOENT;
        else target = Files.readSymbolicLink(path).toString();
        byte[] b = target.getBytes(StandardCharsets.UTF_8);
        int n = (int) Math.min(b.length, size);
        p.mem.write(buf, b, 0, n);
        return n;
    }

    long faccessat(int dirfd, long pathAddr, int mode) {
        Path path = p.resolve(dirfd, UserMemory.readPath(p.mem, pathAddr));
        if (p.isSelfExe(path)) path = p.exe;
        if ((mode & ~7) != 0) return -Errno.EINVAL;
        if (!Files.exists(path)) return -Errno.ENOENT;
        if ((mode & W_OK) != 0 && !path.normalize().toString().equals("/dev/null")) return -Errno.EROFS;
        if ((mode & R_OK) != 0 && !Files.isReadable(path)) return -Errno.EACCES;
        if ((mode & X_OK) != 0 && !Files.isExecutable(path)) return -Errno.EACCES;
        return 0;
    }

    long getcwd(long buf, long size) {
        byte[] b = (p.cwd.toString() + "\0").getBytes(StandardCharsets.UTF_8);
        if (size < b.length) return -Errno.ERANGE;
        p.mem.write(buf, b, 0, b.length);
        return b.length;
    }

    long chdir(long pathAddr) {
        Path path = p.resolve(AT_FDCWD, UserMemory.readPath(p.mem, pathAddr)).normalize();
        if (!Files.exists(path)) return -Errno.ENOENT;
        if (!Files.isDirectory(path)) return -Errno.ENOTDIR;
        p.cwd = path;
        return 0;
    }

    long fchdir(int fd) {
        if (!(p.fds.get(fd) instanceof DirectoryFile d)) return -Errno.ENOTDIR;
        p.cwd = d.path();
        return 0;
    }
}
