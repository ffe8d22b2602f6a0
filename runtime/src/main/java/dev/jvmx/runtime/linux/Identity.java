package dev.jvmx.runtime.linux;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who the guest process is: it reports the host process's own pid and ids (as qemu-user does),
 * read from the owner of {@code /proc/self}; 1000 where that cannot be read.
 */
record Identity(long pid, long ppid, int uid, int gid) {
    static Identity host() {
        long pid = ProcessHandle.current().pid();
        long ppid = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
        int uid = 1000, gid = 1000;
        try {
            uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue();
            gid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:gid")).intValue();
        } catch (Exception e) {
            // not Linux, or no unix attribute view: keep the defaults
        }
        return new Identity(pid, ppid, uid, gid);
    }
}
