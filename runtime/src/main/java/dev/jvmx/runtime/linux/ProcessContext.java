package dev.jvmx.runtime.linux;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.ProcessAddressSpace;
import java.nio.file.Path;
import java.util.random.RandomGenerator;

/**
 * Everything the system calls of one guest process act on: its address space, its vCPU state,
 * its fds, where it runs, who it is, its signal dispositions, and how it ended.
 */
final class ProcessContext {
    final ProcessAddressSpace mem;
    final CpuState cpu;
    final FdTable fds = new FdTable();
    final Identity id;
    /** The program's absolute path (readlink("/proc/self/exe")). */
    final Path exe;
    final RandomGenerator random;
    final ProcessIo io;
    /** Per signal 1..64: the kernel sigaction {handler, flags, restorer, mask}. */
    final long[][] sigactions = new long[65][4];
    long sigmask;
    long clearChildTid;
    long robustList;
    Path cwd;
    private Termination termination;

    ProcessContext(ProcessAddressSpace mem, CpuState cpu, Path exe, ProcessIo io, Identity id, RandomGenerator random) {
        this.mem = mem;
        this.cpu = cpu;
        this.exe = exe;
        this.io = io;
        this.id = id;
        this.random = random;
        this.cwd = Path.of("").toAbsolutePath();
        fds.add(new StreamFile(io.stdin(), null, io.terminal()[0], io.hostFd(0), id.uid(), id.gid()), false, 0);
        fds.add(new StreamFile(null, io.stdout(), io.terminal()[1], io.hostFd(1), id.uid(), id.gid()), false, 1);
        fds.add(new StreamFile(null, io.stderr(), io.terminal()[2], io.hostFd(2), id.uid(), id.gid()), false, 2);
    }

    void terminate(Termination t) {
        if (termination == null) termination = t;
    }

    /** How the process ended, or null while it runs. */
    Termination termination() { return termination; }

    /** Resolves a guest path against {@code dirfd} (AT_FDCWD = -100 or a directory fd). */
    Path resolve(int dirfd, String path) {
        if (path.isEmpty()) throw Errno.fail(Errno.ENOENT);
        if (path.startsWith("/")) return Path.of(path);
        if (dirfd == PathSyscalls.AT_FDCWD) return cwd.resolve(path);
        FileDescription d = fds.get(dirfd);
        if (!(d instanceof DirectoryFile)) throw Errno.fail(Errno.ENOTDIR);
        return d.path().resolve(path);
    }

    /** {@code /proc/self/exe} (and /proc/PID/exe) names the program, not the JVM. */
    boolean isSelfExe(Path p) { return isSelfProc(p, "exe"); }

    /** True for {@code /proc/self/<entry>} and {@code /proc/<our pid>/<entry>}. */
    boolean isSelfProc(Path p, String entry) {
        String s = p.normalize().toString();
        return s.equals("/proc/self/" + entry) || s.equals("/proc/" + id.pid() + "/" + entry);
    }
}
