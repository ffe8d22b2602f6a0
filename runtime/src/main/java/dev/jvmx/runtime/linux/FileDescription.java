package dev.jvmx.runtime.linux;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An open file description (what a guest fd refers to; dup'ed fds share one). Results follow
 * the system calls: a byte count, or {@code -errno}.
 */
interface FileDescription {
    /** Reads up to {@code len} bytes; 0 at end of file. */
    long read(byte[] buf, int len) throws IOException;

    long write(byte[] buf, int len) throws IOException;

    /** Reads at {@code offset} without moving the file position. */
    default long pread(byte[] buf, int len, long offset) throws IOException { return -Errno.ESPIPE; }

    default long lseek(long offset, int whence) throws IOException { return -Errno.ESPIPE; }

    StatInfo stat() throws IOException;

    /** True when this is a terminal (decides TCGETS/TIOCGWINSZ). */
    default boolean isTerminal() { return false; }

    /** The host path, for files opened by path; null for streams. */
    default Path path() { return null; }

    /** O_ACCMODE and status flags, for fcntl(F_GETFL). */
    int statusFlags();

    default void close() throws IOException {}
}
