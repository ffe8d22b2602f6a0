package dev.jvmx.runtime.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * Host mmap backs at most {@link Backing#HOST_LIMIT} bytes of mappings in
 * {@link Backing#HOST_CHUNK_LIMIT} host mappings at once: past either a backing takes the portable
 * 64 KiB chunks, whose allocation fails as {@link GuestOutOfMemoryException} instead of the host's
 * out-of-memory killer or a failed mmap of the JVM's own.
 */
class BackingTest {
    @Test
    void theLimitsCountBytesAndChunksWithoutOverflow() {
        assertTrue(Backing.fits(0, 0, 1 << 20, 1, 1 << 20, 1), "exactly at both limits");
        assertFalse(Backing.fits(1, 0, 1 << 20, 1, 1 << 20, 1), "one byte over");
        assertFalse(Backing.fits(0, 1, 1 << 20, 1, 1L << 40, 1), "one chunk over");
        assertFalse(Backing.fits(1L << 40, 0, Long.MAX_VALUE - 8, 1, Long.MAX_VALUE, 100), "a size that would overflow the sum");
    }

    @Test
    void aMappingOverTheHostLimitTakesPortableChunks() {
        assumeTrue(Backing.hostMmap(), "no host mmap here (not Linux, or native access refused): host backing tests skipped");
        Backing b = new Backing(Math.min(Backing.HOST_LIMIT, 1L << 46) + (1L << 30));
        assertEquals(1 << Backing.MIN_CHUNK_SHIFT, b.chunkSize());
        assertEquals(0, b.chunk(5L << 30).get(ValueLayout.JAVA_LONG, 8), "a chunk far in is allocated, zeroed, on first use");
    }

    @Test
    void aHostChunkIsZeroedAndWritableToItsLastByte() {
        assumeTrue(Backing.hostMmap(), "no host mmap here (not Linux, or native access refused): host backing tests skipped");
        Backing b = new Backing(4 << 20);
        assumeTrue(b.chunkSize() == 4 << 20, "the host limits are taken by other tests' backings: skipped");
        assertEquals(0, b.chunk(0).get(ValueLayout.JAVA_LONG, (4 << 20) - 8));
        b.chunk(0).set(ValueLayout.JAVA_BYTE, (4 << 20) - 1, (byte) 7);
        assertEquals(7, b.chunk((4 << 20) - 1).get(ValueLayout.JAVA_BYTE, (4 << 20) - 1));
    }
}
