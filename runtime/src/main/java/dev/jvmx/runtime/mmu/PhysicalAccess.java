package dev.jvmx.runtime.mmu;

import java.lang.foreign.MemorySegment;

/**
 * Physical memory as the {@link Mmu} needs it (host-physical when EPT is on): little-endian scalar
 * accesses, an atomic compare-and-set for accessed/dirty updates (SDM Vol. 3A §4.8: "locked
 * operations"), and the RAM segment so that a TLB hit is one segment access. No method throws for
 * an address outside memory: what such an access does (MMIO, all-ones) is the implementation's.
 */
public interface PhysicalAccess {

    /** Reads {@code size} (1, 2, 4, 8) bytes at {@code pa}, zero-extended. */
    long read(long pa, int size);

    /** Writes the low {@code size} bytes of {@code value} at {@code pa}. */
    void write(long pa, int size, long value);

    /**
     * Atomically replaces the {@code size}-byte (4 or 8), naturally aligned value at {@code pa}
     * by {@code update} if it equals {@code expected}; false if it did not.
     */
    boolean compareAndSet(long pa, int size, long expected, long update);

    /** The segment holding RAM ({@link MemorySegment#NULL} if none). */
    MemorySegment ram();

    /**
     * Offset in {@link #ram()} of the 4-KByte page containing {@code pa}, or -1 unless the whole
     * page is RAM, contiguous in the segment.
     */
    long ramPageOffset(long pa);
}
