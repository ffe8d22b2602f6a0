package dev.jvmx.runtime.mem;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;

/**
 * The host memory behind one mapping (an opaque handle outside this package): zero-filled
 * off-heap chunks allocated on first touch, so a large reservation (an 8 MB stack, a PROT_NONE
 * guard region) costs nothing until used.
 * Chunks come from {@link Arena#ofAuto()}: memory of unmapped regions is returned to the host when
 * the last {@link Vma} sharing this backing (after splits) is gone.
 */
public final class Backing {
    static final int CHUNK_SHIFT = 16;
    static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;

    private final Map<Long, MemorySegment> chunks = new HashMap<>();
    private long allocatedBytes;

    /** The chunk holding byte {@code offset} of this backing (allocated and zeroed on first use). */
    MemorySegment chunk(long offset) {
        long index = offset >>> CHUNK_SHIFT;
        MemorySegment c = chunks.get(index);
        if (c == null) {
            try {
                c = Arena.ofAuto().allocate(CHUNK_SIZE, ProcessAddressSpace.PAGE_SIZE);
            } catch (OutOfMemoryError e) {
                throw new GuestOutOfMemoryException();
            }
            chunks.put(index, c);
            allocatedBytes += CHUNK_SIZE;
        }
        return c;
    }

    long allocatedBytes() { return allocatedBytes; }
}
