package dev.jvmx.runtime.linux;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Linux errno values (include/uapi/asm-generic/errno-base.h, errno.h) and host-exception mapping. */
public final class Errno {
    public static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, EBADF = 9, EAGAIN = 11,
            ENOMEM = 12, EACCES = 13, EFAULT = 14, EEXIST = 17, ENOTDIR = 20, EISDIR = 21, EINVAL = 22,
            EMFILE = 24, ENOTTY = 25, ENODEV = 19, ESPIPE = 29, EROFS = 30, EPIPE = 32, ERANGE = 34, ENAMETOOLONG = 36, ENOSYS = 38,
            ENOTEMPTY = 39, ELOOP = 40, ETIMEDOUT = 110;

    private Errno() {}

    /** The errno Linux would report for a host I/O failure. */
    public static int of(IOException e) {
        if (e instanceof NoSuchFileException) return ENOENT;
        if (e instanceof AccessDeniedException) return EACCES;
        if (e instanceof NotDirectoryException) return ENOTDIR;
        if (e instanceof FileSystemLoopException) return ELOOP;
        if (e instanceof FileAlreadyExistsException) return EEXIST;
        if (e instanceof DirectoryNotEmptyException) return ENOTEMPTY;
        if (e instanceof FileSystemException f && f.getReason() != null) {
            String r = f.getReason();
            if (r.contains("Is a directory")) return EISDIR;
            if (r.contains("Not a directory")) return ENOTDIR;
            if (r.contains("Too many levels")) return ELOOP;
            if (r.contains("Permission denied")) return EACCES;
            if (r.contains("No such file")) return ENOENT;
        }
        return EIO;
    }

    /** Thrown inside a system-call handler to return {@code -errno}; cheap (no stack trace). */
    public static final class Failure extends RuntimeException {
        private final int errno;

        public Failure(int errno) {
            super(null, null, false, false);
            this.errno = errno;
        }

        public int errno() { return errno; }
    }

    public static Failure fail(int errno) { return new Failure(errno); }
}
