package dev.jvmx.runtime.linux;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task itself: exit, signal dispositions and masks (recorded; nothing delivers signals to
 * handlers yet), signals sent to itself (default action), futex for one thread, thread-pointer
 * registers (arch_prctl) and the thread-library registrations.
 */
final class TaskSyscalls {
    private static final Logger log = LoggerFactory.getLogger(TaskSyscalls.class);
    static final int ARCH_SET_GS = 0x1001, ARCH_SET_FS = 0x1002, ARCH_GET_FS = 0x1003, ARCH_GET_GS = 0x1004;
    static final int SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;
    static final long SIG_IGN = 1;
    static final int FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_WAIT_BITSET = 9, FUTEX_WAKE_BITSET = 10;

    private final ProcessContext p;

    TaskSyscalls(ProcessContext p) { this.p = p; }

    long exit(int code) {
        p.terminate(Termination.exited(code));
        return 0;
    }

    long archPrctl(int code, long addr) {
        switch (code) {
            case ARCH_SET_FS, ARCH_SET_GS -> {
                if (addr < 0 || addr >= 0x8000_0000_0000L) return -Errno.EPERM;
                if (code == ARCH_SET_FS) p.cpu.fsBase = addr;
                else p.cpu.gsBase = addr;
                return 0;
            }
            case ARCH_GET_FS -> { p.mem.write64(addr, p.cpu.fsBase); return 0; }
            case ARCH_GET_GS -> { p.mem.write64(addr, p.cpu.gsBase); return 0; }
            default -> { return -Errno.EINVAL; }
        }
    }

    long setTidAddress(long tidptr) {
        p.clearChildTid = tidptr;
        return p.id.pid();
    }

    long setRobustList(long head, long len) {
        if (len != 24) return -Errno.EINVAL;
        p.robustList = head;
        return 0;
    }

    /** rt_sigaction with the kernel's struct sigaction {handler, flags, restorer, mask} (32 bytes). */
    long rtSigaction(int sig, long act, long oldact, long sigsetsize) {
        if (sigsetsize != 8) return -Errno.EINVAL;
        if (sig < 1 || sig > 64 || (act != 0 && (sig == Signals.SIGKILL || sig == Signals.SIGSTOP))) return -Errno.EINVAL;
        long[] cur = p.sigactions[sig];
        long[] next = null;
        if (act != 0) next = new long[] {p.mem.read64(act), p.mem.read64(act + 8), p.mem.read64(act + 16), p.mem.read64(act + 24)};
        if (oldact != 0) for (int i = 0; i < 4; i++) p.mem.write64(oldact + 8L * i, cur[i]);
        if (next != null) p.sigactions[sig] = next;
        return 0;
    }

    long rtSigprocmask(int how, long set, long oldset, long sigsetsize) {
        if (sigsetsize != 8) return -Errno.EINVAL;
        long old = p.sigmask;
        if (set != 0) {
            long s = p.mem.read64(set);
            long unblockable = (1L << (Signals.SIGKILL - 1)) | (1L << (Signals.SIGSTOP - 1));
            switch (how) {
                case SIG_BLOCK -> p.sigmask |= s;
                case SIG_UNBLOCK -> p.sigmask &= ~s;
                case SIG_SETMASK -> p.sigmask = s;
                default -> { return -Errno.EINVAL; }
            }
            p.sigmask &= ~unblockable;
        }
        if (oldset != 0) p.mem.write64(oldset, old);
        return 0;
    }

    /** sigaltstack: accepted; reports a disabled alternate stack {sp 0, flags SS_DISABLE, size 0}. */
    long sigaltstack(long ss, long oldss) {
        if (oldss != 0) {
            p.mem.write64(oldss, 0);
            p.mem.write64(oldss + 8, 2);
            p.mem.write64(oldss + 16, 0);
        }
        return 0;
    }

    /** kill/tgkill/tkill aimed at this process: signal 0 probes; else the default action (or ignore). */
    long kill(long pid, int sig) {
        if (pid != p.id.pid() && pid != 0 && pid != -1) return -Errno.ESRCH;
        if (sig < 0 || sig > 64) return -Errno.EINVAL;
        if (sig == 0) return 0;
        long handler = p.sigactions[sig][0];
        if (handler == SIG_IGN && sig != Signals.SIGKILL && sig != Signals.SIGSTOP) return 0;
        if (Signals.ignoredByDefault(sig) && handler == 0) return 0;
        if (handler != 0) log.warn("guest has a handler for {} but jvmx does not deliver signals yet; applying the default action", Signals.name(sig));
        p.terminate(Termination.killed(sig, null));
        return 0;
    }

    /** futex for a single thread: nothing can wake a waiter, so a wait that would block times out. */
    long futex(long uaddr, int op, int val, long timeout) {
        int cmd = op & 0x7F;
        return switch (cmd) {
            case FUTEX_WAKE, FUTEX_WAKE_BITSET -> 0;
            case FUTEX_WAIT, FUTEX_WAIT_BITSET -> p.mem.read32(uaddr) != val ? -Errno.EAGAIN : -Errno.ETIMEDOUT;
            default -> -Errno.ENOSYS;
        };
    }
}
