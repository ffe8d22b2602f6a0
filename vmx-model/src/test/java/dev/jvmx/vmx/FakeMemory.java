package dev.jvmx.vmx;

import java.util.HashMap;
import java.util.Map;

/** Sparse little-endian physical memory for tests; unwritten memory reads as 0. */
public final class FakeMemory implements PhysicalMemory {

    private final Map<Long, Long> qwords = new HashMap<>();

    /** Every quadword written so far (address, value): to copy into another memory. */
    public void forEachQword(java.util.function.BiConsumer<Long, Long> action) {
        qwords.forEach(action);
    }

    @Override
    public long readLong(long address) {
        if ((address & 7) == 0) {
            return qwords.getOrDefault(address, 0L);
        }
        return (readInt(address) & 0xFFFF_FFFFL) | (long) readInt(address + 4) << 32;
    }

    @Override
    public int readInt(long address) {
        long q = qwords.getOrDefault(address & ~7L, 0L);
        return (int) (q >>> (8 * (address & 4)));
    }

    @Override
    public void writeLong(long address, long value) {
        writeInt(address, (int) value);
        writeInt(address + 4, (int) (value >>> 32));
    }

    @Override
    public void writeInt(long address, int value) {
        long base = address & ~7L;
        int shift = (int) (8 * (address & 4));
        long q = qwords.getOrDefault(base, 0L);
        q = (q & ~(0xFFFF_FFFFL << shift)) | (value & 0xFFFF_FFFFL) << shift;
        qwords.put(base, q);
    }
}
