package dev.jvmx.runtime.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * Host mmap backs at most {@link Backing#HOST_LIMIT} bytes of mappings at once: past it a backing
 * takes the portable 64 KiB chunks, whose allocation fails as {@link GuestOutOfMemoryException}
 * instead of the host's out-of-memory killer.
 */
class BackingTest {
    @Test
    void aMappingUnderTheHostLimitIsOneHostRange() {
        assumeTrue(Backing.hostMmap(), "no host mmap here (not Linux, or native access refused): host backing tests skipped");
        long before = Backing.hostReserved();
        Backing b = new Backing(4 << 20);
        assertEquals(4 << 20, b.chunkSize());
        assertTrue(Backing.hostReserved() >= before + (4 << 20), "the mapping is counted against the limit");
        b.chunk(0).set(java.lang.foreign.ValueLayout.JAVA_BYTE, (4 << 20) - 1, (byte) 7);
        assertEquals(7, b.chunk(0).get(java.lang.foreign.ValueLayout.JAVA_BYTE, (4 << 20) - 1));
    }

    @Test
    void aMappingOverTheHostLimitTakesPortableChunks() {
        assumeTrue(Backing.hostMmap(), "no host mmap here (not Linux, or native access refused): host backing tests skipped");
        long before = Backing.hostReserved();
        Backing b = new Backing(Backing.HOST_LIMIT + (1L << 30));
        assertEquals(1 << Backing.MIN_CHUNK_SHIFT, b.chunkSize());
        assertEquals(before, Backing.hostReserved(), "a portable backing is not counted");
        assertEquals(0, b.chunk(5L << 30).get(java.lang.foreign.ValueLayout.JAVA_LONG, 0), "a chunk far in is allocated, zeroed, on first use");
    }
}
