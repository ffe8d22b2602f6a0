package dev.jvmx.runtime.linux;

import static dev.jvmx.runtime.cpu.CpuState.*;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The x86-64 Linux system-call entry: number in RAX, arguments in RDI, RSI, RDX, R10, R8, R9
 * (x86-64 psABI §A.2.1); the result or {@code -errno} goes to RAX. Like the SYSCALL instruction
 * under Linux, RCX and R11 come back holding the return RIP and RFLAGS. A guest pointer that
 * faults gives -EFAULT; an unknown number gives -ENOSYS and one log line per number.
 *
 * <p>Numbers are from arch/x86/entry/syscalls/syscall_64.tbl. An strace-like log of every call
 * is at TRACE level of this class's logger.
 */
public final class Syscalls {
    private static final Logger log = LoggerFactory.getLogger(Syscalls.class);

    private final ProcessContext p;
    private final FileSyscalls file;
    private final PathSyscalls path;
    private final Ioctl ioctl;
    private final MemorySyscalls memory;
    private final InfoSyscalls info;
    private final TaskSyscalls task;
    private final Set<Integer> reportedUnknown = new HashSet<>();

    Syscalls(ProcessContext p) {
        this.p = p;
        file = new FileSyscalls(p);
        path = new PathSyscalls(p);
        ioctl = new Ioctl(p);
        memory = new MemorySyscalls(p);
        info = new InfoSyscalls(p);
        task = new TaskSyscalls(p);
    }

    /** Runs the system call described by the registers of {@code cpu}. */
    public void dispatch(CpuState cpu) {
        long[] r = cpu.gpr;
        int nr = (int) r[RAX];
        long result;
        try {
            result = call(nr, r[RDI], r[RSI], r[RDX], r[R10], r[R8], r[R9]);
        } catch (GuestFault f) {
            result = -Errno.EFAULT;
        } catch (Errno.Failure f) {
            result = -f.errno();
        } catch (IOException e) {
            result = -Errno.of(e);
        } catch (java.io.UncheckedIOException e) {
            result = -Errno.of(e.getCause());
        } catch (java.nio.file.InvalidPathException e) {
            result = -Errno.ENOENT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = -Errno.EINTR;
        }
        if (log.isTraceEnabled()) {
            log.trace("syscall {}(0x{}, 0x{}, 0x{}, 0x{}) = {}", nr, Long.toHexString(r[RDI]), Long.toHexString(r[RSI]),
                    Long.toHexString(r[RDX]), Long.toHexString(r[R10]), result);
        }
        r[RAX] = result;
        r[RCX] = cpu.rip;
        r[R11] = cpu.rflags();
    }

    private long call(int nr, long a0, long a1, long a2, long a3, long a4, long a5) throws IOException, InterruptedException {
        int fd = (int) a0;
        return switch (nr) {
            case 0 -> file.read(fd, a1, a2);
            case 1 -> file.write(fd, a1, a2);
            case 2 -> file.openat(PathSyscalls.AT_FDCWD, a0, (int) a1);
            case 3 -> file.close(fd);
            case 4 -> path.stat(a0, a1, true);
            case 5 -> path.fstat(fd, a1);
            case 6 -> path.stat(a0, a1, false);
            case 7 -> file.poll(a0, a1);
            case 8 -> file.lseek(fd, a1, (int) a2);
            case 9 -> memory.mmap(a0, a1, (int) a2, (int) a3, (int) a4, a5);
            case 10 -> memory.mprotect(a0, a1, (int) a2);
            case 11 -> memory.munmap(a0, a1);
            case 12 -> memory.brk(a0);
            case 13 -> task.rtSigaction((int) a0, a1, a2, a3);
            case 14 -> task.rtSigprocmask((int) a0, a1, a2, a3);
            case 16 -> ioctl.ioctl(fd, a1, a2);
            case 17 -> file.pread(fd, a1, a2, a3);
            case 19 -> file.readv(fd, a1, (int) a2);
            case 20 -> file.writev(fd, a1, (int) a2);
            case 21 -> path.faccessat(PathSyscalls.AT_FDCWD, a0, (int) a1);
            case 24 -> 0; // sched_yield
            case 25 -> memory.mremap(a0, a1, a2, (int) a3);
            case 26 -> 0; // msync: private memory only
            case 28 -> memory.madvise(a0, a1, (int) a2);
            case 32 -> file.dup(fd);
            case 33 -> file.dup3(fd, (int) a1, 0, true);
            case 35 -> info.nanosleep(a0);
            case 39, 186 -> p.id.pid(); // getpid, gettid
            case 60, 231 -> task.exit((int) a0); // exit, exit_group (one thread)
            case 62 -> task.kill(a0, (int) a1);
            case 63 -> info.uname(a0);
            case 72 -> file.fcntl(fd, (int) a1, a2);
            case 79 -> path.getcwd(a0, a1);
            case 80 -> path.chdir(a0);
            case 81 -> path.fchdir(fd);
            case 89 -> path.readlinkat(PathSyscalls.AT_FDCWD, a0, a1, a2);
            case 95 -> 022; // umask: report the usual mask
            case 96 -> info.gettimeofday(a0, a1);
            case 97 -> info.prlimit64(0, (int) a0, 0, a1); // getrlimit
            case 98 -> info.getrusage((int) a0, a1);
            case 99 -> info.sysinfo(a0);
            case 100 -> info.times(a0);
            case 102, 107 -> p.id.uid(); // getuid, geteuid
            case 104, 108 -> p.id.gid(); // getgid, getegid
            case 110 -> p.id.ppid();
            case 111, 121, 124 -> p.id.pid(); // getpgrp, getpgid, getsid
            case 131 -> task.sigaltstack(a0, a1);
            case 158 -> task.archPrctl((int) a0, a1);
            case 160 -> 0; // setrlimit: accepted, not enforced
            case 200 -> task.kill(a0, (int) a1); // tkill
            case 201 -> info.time(a0);
            case 202 -> task.futex(a0, (int) a1, (int) a2, a3);
            case 204 -> info.schedGetaffinity(a0, a1, a2);
            case 217 -> file.getdents64(fd, a1, a2);
            case 218 -> task.setTidAddress(a0);
            case 228 -> info.clockGettime((int) a0, a1);
            case 229 -> info.clockGetres((int) a0, a1);
            case 230 -> info.clockNanosleep((int) a0, (int) a1, a2);
            case 234 -> a0 == p.id.pid() ? task.kill(a1, (int) a2) : -Errno.ESRCH; // tgkill
            case 257 -> file.openat(fd, a1, (int) a2);
            case 262 -> path.newfstatat(fd, a1, a2, (int) a3);
            case 267 -> path.readlinkat(fd, a1, a2, a3);
            case 269, 439 -> path.faccessat(fd, a1, (int) a2); // faccessat, faccessat2
            case 271 -> file.poll(a0, a1); // ppoll
            case 273 -> task.setRobustList(a0, a1);
            case 292 -> file.dup3(fd, (int) a1, (int) a2, false);
            case 302 -> info.prlimit64(a0, (int) a1, a2, a3);
            case 309 -> info.getcpu(a0, a1);
            case 318 -> info.getrandom(a0, a1, (int) a2);
            case 332 -> path.statx(fd, a1, (int) a2, a4);
            default -> unknown(nr);
        };
    }

    /** rseq (334, expected and silent), clone and the rest: -ENOSYS, logged the first time each is seen. */
    private long unknown(int nr) {
        if (nr != 334 && reportedUnknown.add(nr)) {
            log.info("system call {} ({}) is not implemented; the guest gets -ENOSYS (rip 0x{})", nr,
                    UNKNOWN_NAMES.getOrDefault(nr, "?"), Long.toHexString(p.cpu.rip));
        }
        return -Errno.ENOSYS;
    }

    /** Names of system calls not implemented yet that programs commonly try, for the log line. */
    private static final java.util.Map<Integer, String> UNKNOWN_NAMES = java.util.Map.ofEntries(
            java.util.Map.entry(15, "rt_sigreturn"), java.util.Map.entry(22, "pipe"), java.util.Map.entry(23, "select"),
            java.util.Map.entry(37, "alarm"), java.util.Map.entry(38, "setitimer"), java.util.Map.entry(40, "sendfile"),
            java.util.Map.entry(41, "socket"), java.util.Map.entry(56, "clone"), java.util.Map.entry(57, "fork"),
            java.util.Map.entry(58, "vfork"), java.util.Map.entry(59, "execve"), java.util.Map.entry(61, "wait4"),
            java.util.Map.entry(74, "fsync"), java.util.Map.entry(77, "ftruncate"), java.util.Map.entry(82, "rename"),
            java.util.Map.entry(83, "mkdir"), java.util.Map.entry(87, "unlink"), java.util.Map.entry(221, "fadvise64"),
            java.util.Map.entry(270, "pselect6"), java.util.Map.entry(290, "eventfd2"), java.util.Map.entry(293, "pipe2"),
            java.util.Map.entry(324, "membarrier"), java.util.Map.entry(435, "clone3"));
}
