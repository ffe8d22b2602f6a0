package dev.jvmx.runtime.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;

/** Identity, time, randomness, limits and machine information. */
final class InfoSyscalls {
    static final int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME_ID = 2, CLOCK_THREAD_CPUTIME_ID = 3,
            CLOCK_MONOTONIC_RAW = 4, CLOCK_REALTIME_COARSE = 5, CLOCK_MONOTONIC_COARSE = 6, CLOCK_BOOTTIME = 7;
    static final long RLIM_INFINITY = -1L;
    static final int RLIMIT_STACK = 3, RLIMIT_NOFILE = 7, RLIM_NLIMITS = 16;
    static final String SYSNAME = "Linux", RELEASE = "6.1.0-jvmx", VERSION = "#1 SMP PREEMPT_DYNAMIC jvmx", MACHINE = "x86_64";

    private final ProcessContext p;
    private final long startNanos = System.nanoTime();

    InfoSyscalls(ProcessContext p) { this.p = p; }

    /** struct utsname: six 65-byte fields. */
    long uname(long buf) {
        String[] f = {SYSNAME, "jvmx", RELEASE, VERSION, MACHINE, "(none)"};
        for (int i = 0; i < f.length; i++) UserMemory.writeField(p.mem, buf + 65L * i, f[i], 65);
        return 0;
    }

    long clockGettime(int clock, long tp) {
        long nanos = switch (clock) {
            case CLOCK_REALTIME, CLOCK_REALTIME_COARSE -> realtimeNanos();
            case CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME -> System.nanoTime();
            case CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID -> System.nanoTime() - startNanos;
            default -> Long.MIN_VALUE;
        };
        if (nanos == Long.MIN_VALUE) return -Errno.EINVAL;
        if (tp != 0) {
            p.mem.write64(tp, Math.floorDiv(nanos, 1_000_000_000L));
            p.mem.write64(tp + 8, Math.floorMod(nanos, 1_000_000_000L));
        }
        return 0;
    }

    long clockGetres(int clock, long res) {
        if (clock < 0 || clock > CLOCK_BOOTTIME) return -Errno.EINVAL;
        if (res != 0) {
            p.mem.write64(res, 0);
            p.mem.write64(res + 8, clock == CLOCK_REALTIME_COARSE || clock == CLOCK_MONOTONIC_COARSE ? 4_000_000 : 1);
        }
        return 0;
    }

    long gettimeofday(long tv, long tz) {
        long nanos = realtimeNanos();
        if (tv != 0) {
            p.mem.write64(tv, Math.floorDiv(nanos, 1_000_000_000L));
            p.mem.write64(tv + 8, Math.floorMod(nanos, 1_000_000_000L) / 1000);
        }
        if (tz != 0) p.mem.write64(tz, 0);
        return 0;
    }

    long time(long tloc) {
        long s = Math.floorDiv(realtimeNanos(), 1_000_000_000L);
        if (tloc != 0) p.mem.write64(tloc, s);
        return s;
    }

    private static long realtimeNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    long getrandom(long buf, long len, int flags) {
        if ((flags & ~7) != 0) return -Errno.EINVAL;
        int n = (int) Math.min(Math.max(len, 0), 33554431);
        byte[] b = new byte[n];
        p.random.nextBytes(b);
        p.mem.write(buf, b, 0, n);
        return n;
    }

    long prlimit64(long pid, int resource, long newLimit, long oldLimit) {
        if (pid != 0 && pid != p.id.pid()) return -Errno.ESRCH;
        if (resource < 0 || resource >= RLIM_NLIMITS) return -Errno.EINVAL;
        if (oldLimit != 0) {
            long[] l = switch (resource) {
                case RLIMIT_STACK -> new long[] {8L << 20, RLIM_INFINITY};
                case RLIMIT_NOFILE -> new long[] {FdTable.MAX_FDS, FdTable.MAX_FDS};
                default -> new long[] {RLIM_INFINITY, RLIM_INFINITY};
            };
            p.mem.write64(oldLimit, l[0]);
            p.mem.write64(oldLimit + 8, l[1]);
        }
        return 0;
    }

    /** One CPU: the guest has one vCPU per thread and runs single-threaded for now. */
    long schedGetaffinity(long pid, long len, long mask) {
        if (len < 8 || (len & 7) != 0) return -Errno.EINVAL;
        p.mem.write64(mask, 1);
        return 8;
    }

    /** struct sysinfo (112 bytes): uptime, loads, RAM as the JVM may use it, one process. */
    long sysinfo(long buf) {
        ByteBuffer b = ByteBuffer.allocate(112).order(ByteOrder.LITTLE_ENDIAN);
        long max = Runtime.getRuntime().maxMemory();
        b.putLong(0, (System.nanoTime() - startNanos) / 1_000_000_000L).putLong(32, max).putLong(40, max / 2)
                .putShort(80, (short) 1).putInt(104, 1);
        p.mem.write(buf, b.array(), 0, 112);
        return 0;
    }

    long getrusage(int who, long buf) {
        if (who != 0 && who != -1 && who != 1) return -Errno.EINVAL;
        p.mem.write(buf, new byte[144], 0, 144);
        return 0;
    }

    long times(long buf) {
        if (buf != 0) p.mem.write(buf, new byte[32], 0, 32);
        return (System.nanoTime() - startNanos) / (1_000_000_000L / 100);
    }

    long nanosleep(long req) throws InterruptedException {
        long s = p.mem.read64(req), ns = p.mem.read64(req + 8);
        if (s < 0 || ns < 0 || ns >= 1_000_000_000L) return -Errno.EINVAL;
        sleepNanos(s * 1_000_000_000L + ns);
        return 0;
    }

    long clockNanosleep(int clock, int flags, long req) throws InterruptedException {
        if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC && clock != CLOCK_BOOTTIME) return -Errno.EINVAL;
        long s = p.mem.read64(req), ns = p.mem.read64(req + 8);
        if (s < 0 || ns < 0 || ns >= 1_000_000_000L) return -Errno.EINVAL;
        long t = s * 1_000_000_000L + ns;
        if ((flags & 1) != 0) t -= clock == CLOCK_REALTIME ? realtimeNanos() : System.nanoTime();
        sleepNanos(t);
        return 0;
    }

    private static void sleepNanos(long nanos) throws InterruptedException {
        if (nanos > 0) Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
    }

    long getcpu(long cpu, long node) {
        if (cpu != 0) p.mem.write32(cpu, 0);
        if (node != 0) p.mem.write32(node, 0);
        return 0;
    }
}
