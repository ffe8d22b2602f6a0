package dev.jvmx.runtime.machine.bus;

import java.util.ArrayList;
import java.util.List;

/**
 * The memory-mapped device ranges of a PC (local APIC, I/O APIC, ...). A physical access that
 * no range claims reads all ones and ignores writes (counted), like the I/O bus.
 */
public final class MmioBus implements MmioHandler {
    private record Range(long base, long length, MmioDevice device, String name) {
        boolean contains(long a) { return Long.compareUnsigned(a - base, length) < 0; }
    }

    private final List<Range> ranges = new ArrayList<>();
    private long unclaimed;

    public void register(long base, long length, MmioDevice device, String name) {
        for (Range r : ranges) {
            if (r.contains(base) || r.contains(base + length - 1) || (base <= r.base && base + length > r.base)) {
                throw new IllegalStateException(String.format("MMIO 0x%x overlaps %s", base, r.name));
            }
        }
        ranges.add(new Range(base, length, device, name));
    }

    /** True if some device claims physical address {@code a}. */
    public boolean claims(long a) {
        return find(a) != null;
    }

    private Range find(long a) {
        for (Range r : ranges) {
            if (r.contains(a)) return r;
        }
        return null;
    }

    @Override
    public long mmioRead(long physical, int size) {
        Range r = find(physical);
        if (r == null) {
            unclaimed++;
            return size == 8 ? -1L : (1L << (size * 8)) - 1;
        }
        return r.device.read(physical - r.base, size);
    }

    @Override
    public void mmioWrite(long physical, int size, long value) {
        Range r = find(physical);
        if (r == null) {
            unclaimed++;
            return;
        }
        r.device.write(physical - r.base, size, value);
    }

    /** Accesses that hit no device. */
    public long unclaimedCount() {
        return unclaimed;
    }
}
