package dev.jvmx.runtime.linux;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/** The process's file descriptors: the lowest free number first, close-on-exec recorded. */
final class FdTable {
    static final int MAX_FDS = 1024;

    private record Slot(FileDescription file, boolean cloexec) {}

    private final Map<Integer, Slot> slots = new TreeMap<>();

    FileDescription get(int fd) {
        Slot s = slots.get(fd);
        if (s == null) throw Errno.fail(Errno.EBADF);
        return s.file();
    }

    boolean isOpen(int fd) { return slots.containsKey(fd); }

    /** Installs {@code f} at the lowest free fd not below {@code min}; -EMFILE when full. */
    int add(FileDescription f, boolean cloexec, int min) {
        for (int fd = Math.max(0, min); fd < MAX_FDS; fd++) {
            if (!slots.containsKey(fd)) {
                slots.put(fd, new Slot(f, cloexec));
                return fd;
            }
        }
        return -Errno.EMFILE;
    }

    /** dup2/dup3: {@code newFd} refers to the file of {@code oldFd}, closing what it held. */
    int install(int newFd, FileDescription f, boolean cloexec) throws IOException {
        if (newFd < 0 || newFd >= MAX_FDS) return -Errno.EBADF;
        if (slots.containsKey(newFd)) close(newFd);
        slots.put(newFd, new Slot(f, cloexec));
        return newFd;
    }

    int close(int fd) throws IOException {
        Slot s = slots.remove(fd);
        if (s == null) return -Errno.EBADF;
        boolean shared = slots.values().stream().anyMatch(o -> o.file() == s.file());
        if (!shared) s.file().close();
        return 0;
    }

    boolean cloexec(int fd) { return get(fd) != null && slots.get(fd).cloexec(); }

    void setCloexec(int fd, boolean on) { slots.put(fd, new Slot(get(fd), on)); }

    void closeAll() {
        for (Integer fd : slots.keySet().toArray(new Integer[0])) {
            try {
                close(fd);
            } catch (IOException e) {
                // closing at exit: nothing to report to a guest that is gone
            }
        }
    }
}
