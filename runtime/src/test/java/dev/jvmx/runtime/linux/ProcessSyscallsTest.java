package dev.jvmx.runtime.linux;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.runtime.mem.ProcessAddressSpace;
import dev.jvmx.runtime.mem.Prot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Memory, identity, time, signal and task system calls. */
class ProcessSyscallsTest {
    static final int MMAP = 9, MPROTECT = 10, MUNMAP = 11, BRK = 12, SIGACTION = 13, SIGPROCMASK = 14, MREMAP = 25,
            MADVISE = 28, GETPID = 39, EXIT = 60, KILL = 62, UNAME = 63, GETTIMEOFDAY = 96, GETUID = 102, GETPPID = 110,
            ARCH_PRCTL = 158, TIME = 201, FUTEX = 202, SCHED_GETAFFINITY = 204, SET_TID_ADDRESS = 218, CLOCK_GETTIME = 228,
            EXIT_GROUP = 231, SET_ROBUST_LIST = 273, PRLIMIT64 = 302, GETRANDOM = 318, RSEQ = 334;
    static final int PROT_RW = 3, MAP_PRIVATE_ANON = 0x22, MAP_FIXED = 0x10;

    SyscallHarness h;

    @BeforeEach
    void setUp() throws Exception { h = new SyscallHarness(""); }

    @Test
    void anonymousMmapMprotectMunmap() {
        long a = h.sys(MMAP, 0, 10_000, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
        assertTrue(a > 0 && a % 4096 == 0);
        h.mem.write64(a + 9_000, 5);
        assertEquals(0, h.sys(MPROTECT, a, 4096, Prot.READ));
        assertThrows(GuestFault.class, () -> h.mem.write8(a, (byte) 1));
        assertEquals(0, h.sys(MUNMAP, a, 10_000));
        assertThrows(GuestFault.class, () -> h.mem.read8(a + 9_000));
        assertEquals(-Errno.EINVAL, h.sys(MMAP, 0, 4096, PROT_RW, 0x20 /* no PRIVATE/SHARED */, -1, 0));
        assertEquals(-Errno.EINVAL, h.sys(MMAP, 0, 0, PROT_RW, MAP_PRIVATE_ANON, -1, 0));
        assertEquals(-Errno.EINVAL, h.sys(MMAP, 0x10001000, 4096, PROT_RW, MAP_PRIVATE_ANON | MAP_FIXED, -1, 1));
        assertEquals(0x10001000L, h.sys(MMAP, 0x10001000, 4096, PROT_RW, MAP_PRIVATE_ANON | MAP_FIXED, -1, 0));
        assertEquals(-Errno.EEXIST, h.sys(MMAP, 0x10001000, 4096, PROT_RW, MAP_PRIVATE_ANON | 0x100000, -1, 0));
        assertEquals(-Errno.EBADF, h.sys(MMAP, 0, 4096, Prot.READ, 2 /* MAP_PRIVATE, file */, 55, 0));
    }

    @Test
    void mremapAndMadvise() {
        long a = h.sys(MMAP, 0, 8192, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
        h.mem.write64(a, 1234);
        long b = h.sys(MREMAP, a, 8192, 1 << 20, 1 /* MREMAP_MAYMOVE */);
        assertTrue(b > 0);
        assertEquals(1234, h.mem.read64(b), "content moves along");
        h.mem.write64(b + (1 << 20) - 8, 1);
        assertEquals(b, h.sys(MREMAP, b, 1 << 20, 4096, 0), "shrinks in place");
        assertEquals(0, h.sys(MADVISE, b, 4096, 4 /* MADV_DONTNEED */));
        assertEquals(0, h.mem.read64(b), "DONTNEED gives zero pages back");
    }

    @Test
    void brkFollowsTheProgram() {
        long start = h.sys(BRK, 0);
        assertEquals(h.proc.program().brkStart(), start);
        assertEquals(start + 100_000, h.sys(BRK, start + 100_000));
        h.mem.write64(start + 99_000, 7);
        assertEquals(start + 100_000, h.sys(BRK, 1), "a bad request reports the current break");
    }

    @Test
    void archPrctlSetsFsAndGs() {
        assertEquals(0, h.sys(ARCH_PRCTL, 0x1002, 0x7000_1234L));
        assertEquals(0x7000_1234L, h.cpu.fsBase);
        assertEquals(0, h.sys(ARCH_PRCTL, 0x1001, 0x5000));
        assertEquals(0x5000, h.cpu.gsBase);
        assertEquals(0, h.sys(ARCH_PRCTL, 0x1003, h.scratch));
        assertEquals(0x7000_1234L, h.mem.read64(h.scratch));
        assertEquals(0, h.sys(ARCH_PRCTL, 0x1004, h.scratch));
        assertEquals(0x5000, h.mem.read64(h.scratch));
        assertEquals(-Errno.EPERM, h.sys(ARCH_PRCTL, 0x1002, 0x8000_0000_0000L));
        assertEquals(-Errno.EINVAL, h.sys(ARCH_PRCTL, 0x3001, h.scratch), "CET status: not supported");
    }

    @Test
    void identityAndThreadRegistration() {
        long pid = h.sys(GETPID);
        assertTrue(pid > 0);
        assertEquals(pid, h.sys(186), "gettid == getpid for one thread");
        assertEquals(pid, h.sys(SET_TID_ADDRESS, h.scratch));
        assertEquals(0, h.sys(SET_ROBUST_LIST, h.scratch, 24));
        assertEquals(-Errno.EINVAL, h.sys(SET_ROBUST_LIST, h.scratch, 10));
        assertEquals(-Errno.ENOSYS, h.sys(RSEQ, h.scratch, 32, 0, 0));
        assertTrue(h.sys(GETUID) >= 0);
        assertEquals(h.sys(GETUID), h.sys(107));
        assertTrue(h.sys(GETPPID) > 0);
    }

    @Test
    void unameSaysLinuxX8664() {
        assertEquals(0, h.sys(UNAME, h.scratch));
        assertEquals("Linux", h.cString(h.scratch));
        assertEquals("x86_64", h.cString(h.scratch + 4 * 65));
        assertTrue(h.cString(h.scratch + 2 * 65).matches("\\d+\\.\\d+\\.\\d+.*"));
    }

    @Test
    void clocks() {
        assertEquals(0, h.sys(CLOCK_GETTIME, 0, h.scratch));
        long now = System.currentTimeMillis() / 1000;
        assertTrue(Math.abs(h.mem.read64(h.scratch) - now) <= 2);
        assertTrue(h.mem.read64(h.scratch + 8) < 1_000_000_000L);
        assertEquals(0, h.sys(CLOCK_GETTIME, 1, h.scratch));
        long m1 = h.mem.read64(h.scratch) * 1_000_000_000L + h.mem.read64(h.scratch + 8);
        h.sys(CLOCK_GETTIME, 1, h.scratch);
        assertTrue(h.mem.read64(h.scratch) * 1_000_000_000L + h.mem.read64(h.scratch + 8) >= m1, "monotonic");
        assertEquals(-Errno.EINVAL, h.sys(CLOCK_GETTIME, 99, h.scratch));
        assertEquals(-Errno.EFAULT, h.sys(CLOCK_GETTIME, 0, 8));
        assertEquals(0, h.sys(GETTIMEOFDAY, h.scratch, 0));
        assertTrue(h.mem.read64(h.scratch + 8) < 1_000_000);
        assertTrue(Math.abs(h.sys(TIME, 0) - now) <= 2);
    }

    @Test
    void getrandomFillsTheBuffer() {
        assertEquals(64, h.sys(GETRANDOM, h.scratch, 64, 0));
        long or = 0;
        for (int i = 0; i < 64; i += 8) or |= h.mem.read64(h.scratch + i);
        assertNotEquals(0, or);
        assertEquals(-Errno.EINVAL, h.sys(GETRANDOM, h.scratch, 8, 0x100));
    }

    @Test
    void limitsAndAffinity() {
        assertEquals(0, h.sys(PRLIMIT64, 0, 3 /* RLIMIT_STACK */, 0, h.scratch));
        assertEquals(8L << 20, h.mem.read64(h.scratch));
        assertEquals(-1L, h.mem.read64(h.scratch + 8), "RLIM_INFINITY");
        assertEquals(0, h.sys(PRLIMIT64, 0, 7 /* RLIMIT_NOFILE */, 0, h.scratch));
        assertEquals(1024, h.mem.read64(h.scratch));
        assertEquals(-Errno.EINVAL, h.sys(PRLIMIT64, 0, 99, 0, h.scratch));
        assertEquals(8, h.sys(SCHED_GETAFFINITY, 0, 128, h.scratch));
        assertEquals(1, h.mem.read64(h.scratch), "one CPU");
    }

    @Test
    void signalStateIsRecorded() {
        long act = h.scratch, old = h.scratch + 64;
        h.mem.write64(act, 0x401000);
        h.mem.write64(act + 8, 0x04000000);
        assertEquals(0, h.sys(SIGACTION, 10, act, 0, 8));
        assertEquals(0, h.sys(SIGACTION, 10, 0, old, 8));
        assertEquals(0x401000, h.mem.read64(old));
        assertEquals(-Errno.EINVAL, h.sys(SIGACTION, 9, act, 0, 8), "SIGKILL cannot be caught");
        assertEquals(-Errno.EINVAL, h.sys(SIGACTION, 10, act, 0, 4));
        h.mem.write64(h.scratch + 128, 0b1010);
        assertEquals(0, h.sys(SIGPROCMASK, 0 /* SIG_BLOCK */, h.scratch + 128, 0, 8));
        assertEquals(0, h.sys(SIGPROCMASK, 2, 0, h.scratch + 136, 8));
        assertEquals(0b1010, h.mem.read64(h.scratch + 136));
        assertEquals(0, h.sys(FUTEX, h.scratch, 0x81 /* WAKE|PRIVATE */, 1, 0));
        h.mem.write32(h.scratch + 200, 5);
        assertEquals(-Errno.EAGAIN, h.sys(FUTEX, h.scratch + 200, 0x80, 4, 0));
    }

    @Test
    void exitGroupEndsTheProcess() {
        assertNull(h.proc.termination());
        h.sys(EXIT_GROUP, 0x1_07);
        assertEquals(7, h.proc.termination().status(), "the low 8 bits");
        assertNull(h.proc.termination().report());
    }

    @Test
    void killingItselfWithSigabrtIs134() {
        assertEquals(0, h.sys(KILL, h.sys(GETPID), 0), "signal 0 only probes");
        assertNull(h.proc.termination());
        h.sys(KILL, h.sys(GETPID), Signals.SIGABRT);
        assertEquals(134, h.proc.termination().status());
        assertEquals("guest killed by SIGABRT", h.proc.termination().report());
    }

    @Test
    void unknownSystemCallsAreEnosysAndClobberRcxR11LikeSyscall() {
        h.cpu.rip = 0x401234;
        assertEquals(-Errno.ENOSYS, h.sys(999));
        assertEquals(-Errno.ENOSYS, h.sys(999));
        assertEquals(0x401234, h.cpu.gpr[1], "RCX = return RIP");
        assertEquals(h.cpu.rflags(), h.cpu.gpr[11], "R11 = RFLAGS");
        assertEquals(ProcessAddressSpace.PAGE_SIZE, 4096);
    }
}
