package dev.jvmx.runtime.machine;

import dev.jvmx.vmx.exit.ExitReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Exit counts by basic exit reason, for {@code jvmx boot --exit-stats}. Names are the
 * {@link ExitReason} constants (IO_INSTRUCTION, EPT_VIOLATION, HLT, CPUID, ...), the same whether
 * the exits came from the engine directly or through the VT-x model. Thread-safe.
 */
public final class ExitStats {
    private final AtomicLongArray counts = new AtomicLongArray(ExitReason.values().length);

    public void count(ExitReason reason) {
        counts.incrementAndGet(reason.ordinal());
    }

    public long get(ExitReason reason) {
        return counts.get(reason.ordinal());
    }

    /** Non-zero counts in exit-reason order. */
    public Map<ExitReason, Long> nonZero() {
        Map<ExitReason, Long> m = new EnumMap<>(ExitReason.class);
        for (ExitReason r : ExitReason.values()) {
            long n = counts.get(r.ordinal());
            if (n != 0) m.put(r, n);
        }
        return m;
    }

    public long total() {
        long n = 0;
        for (int i = 0; i < counts.length(); i++) n += counts.get(i);
        return n;
    }

    /**
     * The report: one line per reason ({@code NAME count}, name padded), a total, and the number of
     * accesses to unclaimed I/O ports and MMIO addresses.
     */
    public String format(long unclaimedPorts, long unclaimedMmio) {
        StringBuilder sb = new StringBuilder();
        nonZero().forEach((r, n) -> sb.append(String.format("%-28s %d%n", r.name(), n)));
        sb.append(String.format("%-28s %d%n", "total", total()));
        sb.append(String.format("%-28s %d%n", "unclaimed I/O port accesses", unclaimedPorts));
        sb.append(String.format("%-28s %d%n", "unclaimed MMIO accesses", unclaimedMmio));
        return sb.toString();
    }
}
